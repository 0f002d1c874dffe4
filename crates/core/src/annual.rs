//! The annual enforcement statistics report (行政执法统计年报, seed §二(三)6): compiled from
//! the year's cases, steps and corrections, drafted after the year ends, corrected with reasons,
//! and published by 31 January of the next year.
//!
//! A report's figures are a map from a metric's key to an integer (money in fen). Most are
//! counted from the data; the totals of 行政复议 and 行政诉讼 cases are not in the system (the
//! system sees only the decisions they corrected), so the body reports them, and a report is not
//! published until each reported figure has been confirmed by an edit with its source.

use crate::case::{CaseKind, CloseOutcome, PenaltyKind, StepData, StepKind, format_yuan};
use crate::ids::xml_escape as esc;
use crate::publicity::ChangeBy;

crate::registry::coded_enum!(
    /// Where an annual statistics report stands: drafted from the data, or published.
    ReportStatus, "报告状态" {
    /// 待公开（草稿）
    Draft = "draft" / "待公开",
    /// 已公开
    Published = "published" / "已公开",
});
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The rule of the deadline.
pub const DEADLINE_RULE: &str = "实施方案§二(三)6（《天津市行政执法监督规定》：每年1月31日前公开上年度行政执法数据）";

/// A report's figures by metric key.
pub type Figures = BTreeMap<String, i64>;

/// What a metric counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 件 / 次
    Count,
    /// money, stored in fen and shown in yuan
    Fen,
}

/// One figure of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    /// stable key
    pub key: String,
    /// 名称
    pub label: String,
    /// 分组
    pub group: &'static str,
    /// unit
    pub unit: Unit,
    /// reported by the body (not in the system's data): must be confirmed before publication
    pub reported: bool,
}

/// 案件办理 group name.
pub const G_CASES: &str = "新办案件（按执法行为类型）";
/// 结案 group name.
pub const G_CLOSED: &str = "办结案件（按结案情形）";
/// 行政处罚 group name.
pub const G_PENALTY: &str = "行政处罚";
/// 程序 group name.
pub const G_PROCEDURE: &str = "听证、法制审核和集体讨论";
/// 强制 group name.
pub const G_COMPULSION: &str = "行政强制";
/// 许可 group name.
pub const G_LICENSING: &str = "行政许可";
/// 检查和征收 group name.
pub const G_OTHER: &str = "行政检查、征收征用";
/// 复议诉讼 group name.
pub const G_REMEDY: &str = "行政复议和行政诉讼";

/// Every metric of a report, in the order the report shows them.
pub fn metrics() -> Vec<Metric> {
    let m = |key: &str, label: &str, group, unit, reported| Metric {
        key: key.to_string(),
        label: label.to_string(),
        group,
        unit,
        reported,
    };
    let mut v: Vec<Metric> = CaseKind::ALL
        .iter()
        .map(|k| m(&format!("cases.{}", k.code()), k.label(), G_CASES, Unit::Count, false))
        .collect();
    v.push(m("penalty.decisions", "作出行政处罚决定", G_PENALTY, Unit::Count, false));
    for k in PenaltyKind::ALL {
        v.push(m(&format!("penalty.{}", k.code()), &format!("其中：{}", k.label()), G_PENALTY, Unit::Count, false));
    }
    v.extend([
        m("penalty.fines", "罚款金额", G_PENALTY, Unit::Fen, false),
        m("penalty.confiscations", "没收违法所得、非法财物金额", G_PENALTY, Unit::Fen, false),
    ]);
    for k in CloseOutcome::ALL {
        v.push(m(&format!("closed.{}", k.code()), k.label(), G_CLOSED, Unit::Count, false));
    }
    v.extend([
        m("hearings", "举行听证", G_PROCEDURE, Unit::Count, false),
        m("legal_reviews", "法制审核", G_PROCEDURE, Unit::Count, false),
        m("legal_reviews.returned", "其中：审核未通过（修改后重新送审、不同意）", G_PROCEDURE, Unit::Count, false),
        m("collective", "集体讨论", G_PROCEDURE, Unit::Count, false),
        m("compulsory.measures", "实施行政强制措施", G_COMPULSION, Unit::Count, false),
        m("compulsory.enforcements", "实施行政强制执行", G_COMPULSION, Unit::Count, false),
        m("permits.accepted", "受理许可申请", G_LICENSING, Unit::Count, false),
        m("permits.not_accepted", "不予受理", G_LICENSING, Unit::Count, false),
        m("permits.granted", "准予许可", G_LICENSING, Unit::Count, false),
        m("permits.denied", "不予许可", G_LICENSING, Unit::Count, false),
        m("inspections", "行政检查（作出检查结论）", G_OTHER, Unit::Count, false),
        m("expropriations", "征收征用决定", G_OTHER, Unit::Count, false),
        m("reconsideration.total", "被申请行政复议（已办结）", G_REMEDY, Unit::Count, true),
        m("reconsideration.corrected", "其中：被撤销、变更、确认违法或无效", G_REMEDY, Unit::Count, false),
        m("litigation.total", "行政诉讼（已审结）", G_REMEDY, Unit::Count, true),
        m("litigation.corrected", "其中：被撤销、变更、确认违法或无效", G_REMEDY, Unit::Count, false),
    ]);
    v
}

/// The metric with this key.
pub fn metric(key: &str) -> Option<Metric> {
    metrics().into_iter().find(|m| m.key == key)
}

/// The date a year's report must be published by: 31 January of the next year (a calendar
/// date; the seed sets no working-day rule).
pub fn due_date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 1, 31).expect("31 January exists")
}

/// Whether a year's report may be drafted on `today`: only once the year is over.
pub fn may_draft(year: i32, today: NaiveDate) -> bool {
    today.year() > year
}

/// A step recorded in the year.
#[derive(Debug, Clone)]
pub struct StepFact {
    /// the step
    pub kind: StepKind,
    /// its record
    pub data: StepData,
}

/// Compiles a body's figures from the cases registered in the year (their kinds), the steps
/// recorded in it, and the decisions corrected in it (by whom). Every metric is present.
pub fn compile(cases: &[CaseKind], steps: &[StepFact], corrections: &[ChangeBy]) -> Figures {
    let mut f: Figures = metrics().into_iter().map(|m| (m.key, 0)).collect();
    let mut add = |k: &str, n: i64| *f.entry(k.to_string()).or_insert(0) += n;
    for k in cases {
        add(&format!("cases.{}", k.code()), 1);
    }
    for s in steps {
        let result = s.data.result.as_deref();
        match s.kind {
            StepKind::Decide | StepKind::OnsiteDecision => {
                add("penalty.decisions", 1);
                if let Some(p) = &s.data.penalty {
                    for k in &p.kinds {
                        add(&format!("penalty.{}", k.code()), 1);
                    }
                    if p.has(PenaltyKind::Fine) {
                        add("penalty.fines", p.fine_fen.unwrap_or(0));
                    }
                    if p.has(PenaltyKind::Confiscation) {
                        add("penalty.confiscations", p.confiscation_fen.unwrap_or(0));
                    }
                }
            }
            StepKind::Close => {
                if let Some(r) = result {
                    add(&format!("closed.{r}"), 1);
                }
            }
            StepKind::Hearing => add("hearings", 1),
            StepKind::LegalReview => {
                add("legal_reviews", 1);
                if matches!(result, Some("revise") | Some("disagree")) {
                    add("legal_reviews.returned", 1);
                }
            }
            StepKind::CollectiveDiscussion => add("collective", 1),
            StepKind::ApplyMeasure => add("compulsory.measures", 1),
            StepKind::Enforce => add("compulsory.enforcements", 1),
            StepKind::Accept => add("permits.accepted", 1),
            StepKind::RefuseApplication => add("permits.not_accepted", 1),
            StepKind::LicenceDecision if result == Some("grant") => add("permits.granted", 1),
            StepKind::LicenceDecision if result == Some("deny") => add("permits.denied", 1),
            StepKind::InspectionResult => add("inspections", 1),
            StepKind::CompensationDecision => add("expropriations", 1),
            _ => {}
        }
    }
    for c in corrections {
        match c {
            ChangeBy::Reconsideration => add("reconsideration.corrected", 1),
            ChangeBy::Litigation => add("litigation.corrected", 1),
            ChangeBy::Body => {}
        }
    }
    // A total is at least what it is known to contain.
    for (total, part) in
        [("reconsideration.total", "reconsideration.corrected"), ("litigation.total", "litigation.corrected")]
    {
        let p = f[part];
        let t = f.get_mut(total).expect("every metric present");
        *t = (*t).max(p);
    }
    f
}

/// The sum of several reports' figures (the district's).
pub fn sum<'a>(all: impl IntoIterator<Item = &'a Figures>) -> Figures {
    let mut out: Figures = metrics().into_iter().map(|m| (m.key, 0)).collect();
    for f in all {
        for (k, v) in f {
            *out.entry(k.clone()).or_insert(0) += v;
        }
    }
    out
}

/// The correction rate (纠错率) of 复议 and 诉讼: decisions corrected over cases concluded, as
/// (corrected, concluded); `None` when no case was concluded.
pub fn correction_rate(f: &Figures) -> Option<(i64, i64)> {
    let get = |k: &str| f.get(k).copied().unwrap_or(0);
    let total = get("reconsideration.total") + get("litigation.total");
    (total > 0).then(|| (get("reconsideration.corrected") + get("litigation.corrected"), total))
}

/// `12.5%` style text of a rate.
pub fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "—".into();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// A figure as shown: counts as integers, money in yuan.
pub fn display(m: &Metric, v: i64) -> String {
    match m.unit {
        Unit::Count => v.to_string(),
        Unit::Fen => format_yuan(v),
    }
}

/// Parses an edited figure: a non-negative integer count, or an amount in yuan.
pub fn parse_value(m: &Metric, s: &str) -> Result<i64, String> {
    match m.unit {
        Unit::Fen => crate::case::parse_yuan(s),
        Unit::Count => {
            let t = crate::ids::fold_width(s.trim());
            t.parse::<i64>()
                .ok()
                .filter(|n| (0..=100_000_000).contains(n))
                .ok_or_else(|| format!("“{}”的数值“{}”无效，应为不小于0的整数", m.label, s.trim()))
        }
    }
}

/// The reported metrics not yet confirmed, given the keys edited so far.
pub fn unconfirmed<'a>(edited: impl IntoIterator<Item = &'a str>) -> Vec<Metric> {
    let edited: Vec<&str> = edited.into_iter().collect();
    metrics().into_iter().filter(|m| m.reported && !edited.contains(&m.key.as_str())).collect()
}

/// A horizontal bar chart as SVG (drawn on the server: no script, no outside asset). Each bar
/// carries its value as text, so the chart reads without colour.
pub fn bar_chart_svg(title: &str, bars: &[(String, i64, String)]) -> String {
    // Narrow, so that on a phone (the chart scaled to the screen's width) the text stays legible.
    const W: i64 = 440;
    const LABEL_W: i64 = 170;
    const ROW: i64 = 28;
    let h = 40 + ROW * bars.len().max(1) as i64 + 10;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let bar_w = W - LABEL_W - 100;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" width=\"100%\" role=\"img\" aria-label=\"{t}\" \
         font-family=\"sans-serif\" font-size=\"14\"><title>{t}</title>\
         <text x=\"0\" y=\"20\" font-size=\"16\" font-weight=\"bold\">{t}</text>",
        t = esc(title)
    );
    if bars.is_empty() {
        s.push_str("<text x=\"0\" y=\"56\">无数据</text>");
    }
    for (i, (label, v, text)) in bars.iter().enumerate() {
        let y = 36 + ROW * i as i64;
        let w = if *v > 0 { (bar_w * v / max).max(2) } else { 0 };
        // A label longer than its column is cut, the whole of it kept as the label's title.
        let short: String =
            if label.chars().count() > 11 { label.chars().take(10).chain(['…']).collect() } else { label.clone() };
        s.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\"><title>{full}</title>{l}</text>\
             <rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{w}\" height=\"{bh}\" fill=\"#2b6cb0\"/>\
             <text x=\"{vx}\" y=\"{ty}\">{tv}</text>",
            lx = LABEL_W - 8,
            ty = y + 15,
            l = esc(&short),
            full = esc(label),
            bh = ROW - 10,
            vx = LABEL_W + w + 6,
            tv = esc(text),
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Penalty;

    fn step(kind: StepKind, f: impl FnOnce(&mut StepData)) -> StepFact {
        let mut data = StepData::default();
        f(&mut data);
        StepFact { kind, data }
    }

    /// Seed §二(三)6: every figure is counted from the records of the year.
    #[test]
    fn figures_are_counted_from_the_records() {
        let fine = |yuan: i64, kinds: Vec<PenaltyKind>| {
            move |d: &mut StepData| {
                d.penalty = Some(Penalty { kinds, fine_fen: Some(yuan * 100), confiscation_fen: Some(30_000) })
            }
        };
        let steps = vec![
            step(StepKind::Decide, fine(5_000, vec![PenaltyKind::Fine, PenaltyKind::Confiscation])),
            step(StepKind::OnsiteDecision, fine(200, vec![PenaltyKind::Fine])),
            step(StepKind::Decide, |d| {
                d.penalty = Some(Penalty { kinds: vec![PenaltyKind::Warning], ..Penalty::default() })
            }),
            step(StepKind::Close, |d| d.result = Some("no_penalty".into())),
            step(StepKind::Close, |d| d.result = Some("done".into())),
            step(StepKind::Hearing, |_| {}),
            step(StepKind::LegalReview, |d| d.result = Some("agree".into())),
            step(StepKind::LegalReview, |d| d.result = Some("revise".into())),
            step(StepKind::Accept, |_| {}),
            step(StepKind::LicenceDecision, |d| d.result = Some("grant".into())),
            step(StepKind::LicenceDecision, |d| d.result = Some("deny".into())),
            step(StepKind::RefuseApplication, |_| {}),
            step(StepKind::ApplyMeasure, |_| {}),
            step(StepKind::InspectionResult, |_| {}),
            step(StepKind::Inspect, |_| {}),
        ];
        let cases = [CaseKind::PenaltyGeneral, CaseKind::PenaltyGeneral, CaseKind::Licensing];
        let f = compile(&cases, &steps, &[ChangeBy::Reconsideration, ChangeBy::Body, ChangeBy::Litigation]);
        assert_eq!(f.len(), metrics().len(), "every metric present");
        assert_eq!(f["cases.penalty_general"], 2);
        assert_eq!(f["cases.licensing"], 1);
        assert_eq!(f["cases.inspection"], 0);
        assert_eq!(f["penalty.decisions"], 3);
        assert_eq!(f["penalty.fine"], 2);
        assert_eq!(f["penalty.warning"], 1);
        assert_eq!(f["penalty.fines"], 520_000, "5,200 yuan in fen");
        assert_eq!(f["penalty.confiscations"], 30_000, "only where confiscation was imposed");
        assert_eq!((f["closed.no_penalty"], f["closed.done"], f["closed.withdrawn"]), (1, 1, 0));
        assert_eq!((f["hearings"], f["legal_reviews"], f["legal_reviews.returned"]), (1, 2, 1));
        assert_eq!(
            (f["permits.accepted"], f["permits.granted"], f["permits.denied"], f["permits.not_accepted"]),
            (1, 1, 1, 1)
        );
        assert_eq!((f["compulsory.measures"], f["inspections"]), (1, 1));
        assert_eq!(
            (f["reconsideration.corrected"], f["litigation.corrected"]),
            (1, 1),
            "self-correction is not counted"
        );
        assert_eq!(f["reconsideration.total"], 1, "a total is at least its corrected part");
        assert_eq!(correction_rate(&f), Some((2, 2)));
        let district = sum([&f, &f]);
        assert_eq!(district["penalty.fines"], 1_040_000);
    }

    /// The report of a year is drafted once the year is over and due on 31 January.
    #[test]
    fn drafted_after_year_end_and_due_on_31_january() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(!may_draft(2026, d("2026-12-31")));
        assert!(may_draft(2026, d("2027-01-01")));
        assert_eq!(due_date(2026), d("2027-01-31"));
    }

    #[test]
    fn values_parse_show_and_rates_round() {
        let fines = metric("penalty.fines").unwrap();
        assert_eq!(parse_value(&fines, "1,200.50").unwrap(), 120_050);
        assert_eq!(display(&fines, 120_050), "1,200.50");
        let total = metric("reconsideration.total").unwrap();
        assert_eq!(parse_value(&total, "１２").unwrap(), 12);
        assert!(parse_value(&total, "-1").unwrap_err().contains("被申请行政复议"));
        assert!(parse_value(&total, "1.5").is_err());
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(0, 0), "—");
        assert_eq!(unconfirmed(["reconsideration.total"]).len(), 1);
        assert_eq!(unconfirmed([]).len(), 2);
    }

    #[test]
    fn charts_escape_labels_and_scale_bars() {
        let svg = bar_chart_svg("案件<类型>", &[("甲&乙".into(), 10, "10".into()), ("丙".into(), 5, "5".into())]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("案件&lt;类型&gt;") && svg.contains("甲&amp;乙"));
        assert!(svg.contains("width=\"170\"") && svg.contains("width=\"85\""), "{svg}");
        assert!(bar_chart_svg("空", &[]).contains("无数据"));
    }
}
