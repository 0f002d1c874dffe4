//! The annual statistics report: drafted, corrected and published.

use crate::prelude::*;
use chrono::{Duration, NaiveDate};
use zhifa_core::access::Scope;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store, StoreError};

/// The current year (Asia/Shanghai) and the 1 January after it.
pub(crate) fn this_year_and_next_new_year() -> (i32, NaiveDate) {
    use chrono::Datelike;
    let year = zhifa_core::time::shanghai_date(chrono::Utc::now()).year();
    (year, NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap())
}

/// 行政执法统计年报 (seed §二(三)6): drafted only after the year, once; counted from the year's
/// cases; a reported figure must be confirmed before publication; corrections keep the old value
/// and the reason; the district's report waits for every body and is their sum.
pub(crate) async fn annual_reports_are_drafted_corrected_and_published(s: Store) {
    let s = &s;
    let (b, o, _) = setup(s).await;
    let b2 = s.execute(&sys(), Command::CreateBody(body("宝坻区生态环境局"))).await.unwrap().id;
    s.execute(&sys(), penalty_item(b)).await.unwrap();
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011500002", "2024-01-01", "2030-12-31"))).await.unwrap();
    for _ in 0..2 {
        s.execute(&sys(), new_case(b, "penalty_general", "CF-1", vec![o, o2])).await.unwrap();
    }
    let (year, new_year) = this_year_and_next_new_year();
    let early = Command::DraftAnnualReports { year, today: new_year - Duration::days(1) };
    let e = s.execute(&sys(), early).await.unwrap_err();
    assert!(e.to_string().contains("年度尚未结束"), "{e}");
    let body_actor = Actor { user_id: None, scope: Scope::Body(b) };
    let e = s.execute(&body_actor, Command::DraftAnnualReports { year, today: new_year }).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e}");
    s.execute(&sys(), Command::DraftAnnualReports { year, today: new_year }).await.unwrap();
    let e = s.execute(&sys(), Command::DraftAnnualReports { year, today: new_year }).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "drafted once: {e}");
    let all = s.annual_reports(year, Scope::All).await.unwrap();
    assert_eq!(all.len(), 3, "two bodies and the district");
    assert_eq!(all[0].scope, "district");
    let mine = all.iter().find(|r| r.body_id == Some(b)).unwrap().clone();
    assert_eq!(mine.figures()["cases.penalty_general"], 2);
    assert_eq!(mine.due_on, NaiveDate::from_ymd_opt(year + 1, 1, 31).unwrap());
    assert_eq!(s.annual_reports(year, Scope::Body(b2)).await.unwrap().len(), 2, "its own and the district's");

    // Publication waits for the reported totals; the district for every body.
    let e = s.execute(&sys(), Command::PublishAnnualReport { id: mine.id }).await.unwrap_err();
    assert!(e.to_string().contains("被申请行政复议（已办结）") && e.to_string().contains("行政诉讼（已审结）"), "{e}");
    let district = all[0].id;
    let e = s.execute(&sys(), Command::PublishAnnualReport { id: district }).await.unwrap_err();
    assert!(e.to_string().contains("尚有2个执法主体的年报未公开"), "{e}");
    let e = s
        .execute(
            &body_actor,
            Command::EditAnnualReport { id: district, metric: "hearings".into(), value: 1, reason: "x".into() },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "the district's report is not a body's: {e}");
    let edit = |id, metric: &str, value, reason: &str| Command::EditAnnualReport {
        id,
        metric: metric.into(),
        value,
        reason: reason.into(),
    };
    let e = s.execute(&body_actor, edit(mine.id, "nonsense", 1, "")).await.unwrap_err();
    assert!(e.to_string().contains("指标“nonsense”不存在") && e.to_string().contains("更正理由不能为空"), "{e}");
    for (id, actor) in [(mine.id, body_actor), (all.iter().find(|r| r.body_id == Some(b2)).unwrap().id, sys())] {
        s.execute(&actor, edit(id, "reconsideration.total", 3, "据区政府行政复议决定书统计")).await.unwrap();
        s.execute(&actor, edit(id, "litigation.total", 0, "本年度无行政诉讼案件")).await.unwrap();
        s.execute(&actor, Command::PublishAnnualReport { id }).await.unwrap();
    }
    let e = s.execute(&sys(), Command::PublishAnnualReport { id: mine.id }).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e}");
    // A correction after publication is kept with the value it replaced.
    s.execute(&body_actor, edit(mine.id, "penalty.fines", 1_250_000, "补录系统上线前纸质案卷的罚款")).await.unwrap();
    let file = s.annual_report(mine.id, Scope::Body(b)).await.unwrap().unwrap();
    assert_eq!(file.edits.len(), 3);
    assert_eq!((file.edits[2].old_value, file.edits[2].new_value), (0, 1_250_000));
    assert_eq!(file.report.compiled()["penalty.fines"], 0, "what the data said is kept");
    assert!(s.annual_report(mine.id, Scope::Body(b2)).await.unwrap().is_none(), "another body's report");
    s.execute(&sys(), Command::PublishAnnualReport { id: district }).await.unwrap();
    let published = s.published_annual_reports(year).await.unwrap();
    assert_eq!(published.len(), 3);
    let sum = published[0].report.figures();
    assert_eq!((sum["reconsideration.total"], sum["cases.penalty_general"]), (6, 2));
    assert_eq!(s.annual_report_years().await.unwrap(), vec![i64::from(year)]);
}
