//! The Baodi district demo data set: the justice bureau as supervisor, nine enforcement bodies,
//! about sixty officers with certificates (some expiring soon, one suspended, one expired),
//! legal reviewers, power-list items citing real statute articles, and one account per role.
//!
//! Loading is idempotent: each object is looked up by its natural key (body name, identity
//! number, certificate number, item code, user name) and created only when absent. Dates that
//! must stay "soon" or "past" are relative to today.
//! `data.rs` holds the bodies, officers and items; `portal.rs` what the public sees (lists,
//! decisions, reports).

mod data;
mod portal;

use data::*;
pub use portal::DEMO_APPLICANT;
use portal::*;

use crate::accounts::{NewUser, demo_user_command};
use chrono::{Duration, NaiveDate, Utc};
use zhifa_core::access::Scope;
use zhifa_core::ids::OfficerId;
use zhifa_core::registry::*;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store};

/// The password of every demo account (demo data only; README lists the accounts).
pub const DEMO_PASSWORD: &str = "Zhifa@2026demo";

/// The supervising body.
pub const JUSTICE_BUREAU: &str = "天津市宝坻区司法局";

fn err(e: impl std::fmt::Display) -> String {
    format!("演示数据加载失败：{e}")
}

/// Loads (or completes) the demo data set and returns a summary line.
pub async fn load(store: &Store) -> Result<String, String> {
    let sys = Actor::system();
    let today = zhifa_core::time::shanghai_date(Utc::now());
    let mut created = 0usize;

    // The supervising justice bureau.
    let justice = match store.body_by_name(JUSTICE_BUREAU).await.map_err(err)? {
        Some(b) => b.id,
        None => {
            created += 1;
            let b = BodyInput {
                name: JUSTICE_BUREAU.into(),
                kind: "行政机关".into(),
                area: "天津市宝坻区".into(),
                legal_basis: "区全面推行“三项制度”工作领导小组办公室；行政执法监督（《天津市行政执法监督规定》）"
                    .into(),
                address: Some("天津市宝坻区建设路".into()),
                phone: Some("022-29241234".into()),
                reconsideration_organ: "天津市宝坻区人民政府".into(),
                court: "天津市宝坻区人民法院".into(),
                review_organ: "区司法局行政执法协调监督科".into(),
                is_supervisor: true,
                ..Default::default()
            };
            store.execute(&sys, Command::CreateBody(b.validate().map_err(err)?)).await.map_err(err)?.id
        }
    };
    let mut users: Vec<UserSpec> = vec![
        ("admin".into(), "系统管理员".into(), "system_admin", None, None),
        ("sfj.jd".into(), "刘监督（区司法局）".into(), "supervisor", Some(justice), None),
    ];

    let mut seq = 0usize;
    let mut cert_seq = 0usize;
    for (bi, spec) in BODIES.iter().enumerate() {
        let body_id = match store.body_by_name(spec.name).await.map_err(err)? {
            Some(b) => b.id,
            None => {
                created += 1;
                let b = BodyInput {
                    name: spec.name.into(),
                    kind: spec.kind.code().into(),
                    area: "天津市宝坻区".into(),
                    legal_basis: spec.basis.into(),
                    address: Some(format!("天津市宝坻区南环路{}号", 10 + bi * 7)),
                    phone: Some(format!("022-2924{:04}", 1000 + bi * 111)),
                    reconsideration_organ: "天津市宝坻区人民政府".into(),
                    court: "天津市宝坻区人民法院".into(),
                    review_organ: spec.review_organ.into(),
                    ..Default::default()
                };
                store.execute(&sys, Command::CreateBody(b.validate().map_err(err)?)).await.map_err(err)?.id
            }
        };
        let mut officer_ids = Vec::new();
        for i in 0..spec.officers {
            seq += 1;
            let id_number = demo_id_number(seq);
            let reviewer = i >= spec.officers - spec.reviewers;
            let oid = match store.officer_by_id_number(&id_number).await.map_err(err)? {
                Some(o) => o.id,
                None => {
                    created += 1;
                    let name =
                        format!("{}{}", SURNAMES[(seq * 7) % SURNAMES.len()], GIVEN[(seq * 5 + bi) % GIVEN.len()]);
                    let o = OfficerInput {
                        body_id,
                        name,
                        id_number: Some(id_number),
                        post: if reviewer { "法制审核员".into() } else { POSTS[i % POSTS.len()].into() },
                        domains: vec![spec.domain.into()],
                        legal_qualification_no: (reviewer || i % 4 == 0)
                            .then(|| format!("A2016{:010}", 1_201_000_000u64 + seq as u64)),
                        phone: Some(format!("1380022{:04}", seq)),
                    };
                    let id =
                        store.execute(&sys, Command::CreateOfficer(o.validate().map_err(err)?)).await.map_err(err)?.id;
                    let t = TrainingInput {
                        date: "2025-06-18".into(),
                        title: "行政执法人员公共法律知识培训".into(),
                        hours: Some(24),
                        exam_score: Some(70 + (seq % 30) as i32),
                    };
                    store
                        .execute(
                            &sys,
                            Command::AddTraining { officer_id: OfficerId(id), training: t.validate().map_err(err)? },
                        )
                        .await
                        .map_err(err)?;
                    id
                }
            };
            officer_ids.push(oid);
            if reviewer {
                if !store.list_reviewers(Scope::Body(body_id)).await.map_err(err)?.iter().any(|r| r.officer_id == oid) {
                    created += 1;
                    store
                        .execute(
                            &sys,
                            Command::DesignateReviewer {
                                officer_id: OfficerId(oid),
                                kind: ReviewerKind::Staff,
                                since: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(today),
                            },
                        )
                        .await
                        .map_err(err)?;
                }
                continue;
            }
            cert_seq += 1;
            let number = format!("津120115{:05}", cert_seq);
            if store.certificate_by_number(&number).await.map_err(err)?.is_none() {
                created += 1;
                // Most certificates run to 2029; a few expire within weeks; one expired last month.
                let (from, to) = match cert_seq {
                    3 | 17 | 31 => (today - Duration::days(365 * 5 - 30), today + Duration::days(20 + cert_seq as i64)),
                    9 => (today - Duration::days(365 * 5 + 30), today - Duration::days(30)),
                    _ => (
                        NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or(today),
                        NaiveDate::from_ymd_opt(2029, 2, 28).unwrap_or(today),
                    ),
                };
                let c = CertificateInput {
                    officer_id: oid,
                    number: number.clone(),
                    issuer: TIANJIN_GOVERNMENT.into(),
                    domain: spec.domain.into(),
                    area: "天津市宝坻区".into(),
                    valid_from: from.to_string(),
                    valid_to: to.to_string(),
                };
                let cid =
                    store.execute(&sys, Command::CreateCertificate(c.validate().map_err(err)?)).await.map_err(err)?.id;
                if cert_seq == 12 {
                    let ch = StatusChangeInput {
                        status: "暂扣".into(),
                        reason: "执法过程中未按规定出示证件，经核查暂扣三个月".into(),
                        effective_date: (today - Duration::days(10)).to_string(),
                    };
                    store
                        .execute(
                            &sys,
                            Command::ChangeCertificateStatus { id: cid, change: ch.validate().map_err(err)? },
                        )
                        .await
                        .map_err(err)?;
                }
            }
        }
        // One externally engaged reviewer (政府法律顾问) for the town government.
        if spec.short == "dkt" {
            let id_number = demo_id_number(900);
            if store.officer_by_id_number(&id_number).await.map_err(err)?.is_none() {
                created += 2;
                let o = OfficerInput {
                    body_id,
                    name: "郑律".into(),
                    id_number: Some(id_number),
                    post: "政府法律顾问".into(),
                    domains: vec!["法制审核".into()],
                    legal_qualification_no: Some("A20121201009001".into()),
                    phone: None,
                };
                let oid =
                    store.execute(&sys, Command::CreateOfficer(o.validate().map_err(err)?)).await.map_err(err)?.id;
                store
                    .execute(
                        &sys,
                        Command::DesignateReviewer {
                            officer_id: OfficerId(oid),
                            kind: ReviewerKind::LegalAdviser,
                            since: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(today),
                        },
                    )
                    .await
                    .map_err(err)?;
            }
        }
        for (code, name, cat, proc_kind, refs, limit) in spec.items {
            if !store.power_item_history(body_id, code).await.map_err(err)?.is_empty() {
                continue;
            }
            created += 1;
            let p = PowerItemInput {
                body_id,
                code: (*code).into(),
                name: (*name).into(),
                category: cat.code().into(),
                legal_basis: refs.iter().map(|r| r.to_string()).collect(),
                procedure: proc_kind.code().into(),
                time_limit_days: limit.map(|l| l.0),
                time_limit_working: limit.is_some_and(|l| l.1),
                hearing: false,
                remedy: "自收到决定书之日起六十日内向天津市宝坻区人民政府申请行政复议，或者六个月内向天津市宝坻区人民法院提起行政诉讼".into(),
                effective_from: "2021-07-15".into(),
                change_kind: "立".into(),
                change_reason: "依据2021年修订的《中华人民共和国行政处罚法》编制权责清单".into(),
                conditions: guide_conditions(*cat, name),
                materials: guide_materials(*cat, name),
                retroactivity: String::new(),
            };
            store.execute(&sys, Command::AddPowerItemVersion(p.validate().map_err(err)?)).await.map_err(err)?;
        }
        if spec.short == "scjg" {
            // A 2024 amendment (改) of one item, so the history shows 立改废释.
            let hist = store.power_item_history(body_id, "MS-CF-003").await.map_err(err)?;
            if hist.len() == 1 {
                created += 1;
                let p = PowerItemInput {
                    body_id,
                    code: "MS-CF-003".into(),
                    name: "对发布虚假广告（含互联网广告）的行政处罚".into(),
                    category: "行政处罚".into(),
                    legal_basis: vec!["广告法 第五十五条".into()],
                    procedure: "一般程序".into(),
                    time_limit_days: Some(90),
                    time_limit_working: false,
                    hearing: false,
                    remedy: hist[0].remedy.clone(),
                    effective_from: "2024-03-01".into(),
                    change_kind: "改".into(),
                    change_reason: "事项名称明确包括互联网广告".into(),
                    ..Default::default()
                };
                store.execute(&sys, Command::AddPowerItemVersion(p.validate().map_err(err)?)).await.map_err(err)?;
            }
        }
        if spec.short == "scjg" {
            created += body_lists(store, body_id).await?;
            created += roster(store, body_id).await?;
        }
        let first = officer_ids.first().copied();
        let reviewer = (spec.reviewers > 0).then(|| officer_ids.last().copied()).flatten();
        // Accounts linked to an officer carry the officer's name.
        let officer_name = match first {
            Some(id) => store.get_officer(Scope::All, id).await.map_err(err)?.map(|o| o.name),
            None => None,
        };
        let reviewer_name = match reviewer {
            Some(id) => store.get_officer(Scope::All, id).await.map_err(err)?.map(|o| o.name),
            None => None,
        };
        users.push((
            format!("{}.admin", spec.short),
            format!("{}管理员", short_name(spec.name)),
            "body_admin",
            Some(body_id),
            None,
        ));
        users.push((
            format!("{}.zf01", spec.short),
            officer_name.unwrap_or_else(|| format!("{}执法人员", short_name(spec.name))),
            "officer",
            Some(body_id),
            first,
        ));
        if reviewer.is_some() {
            users.push((
                format!("{}.fzsh", spec.short),
                reviewer_name.unwrap_or_else(|| format!("{}法制审核", short_name(spec.name))),
                "reviewer",
                Some(body_id),
                reviewer,
            ));
        }
        users.push((
            format!("{}.fzr", spec.short),
            format!("{}负责人", short_name(spec.name)),
            "head",
            Some(body_id),
            None,
        ));
    }

    for (username, display_name, role, body_id, officer_id) in users {
        if store.user_by_username(&username).await.map_err(err)?.is_some() {
            continue;
        }
        created += 1;
        let req =
            NewUser { username, display_name, password: DEMO_PASSWORD.into(), role: role.into(), body_id, officer_id };
        let cmd = demo_user_command(&req).map_err(err)?;
        store.execute(&sys, cmd).await.map_err(err)?;
    }
    created += publications(store, today).await?;
    created += annual_reports(store, today).await?;
    Ok(format!("演示数据已就绪（本次新建 {created} 项）"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every legal basis in the demo names an article that exists in the shipped statutes.
    #[test]
    fn demo_legal_basis_cites_real_articles() {
        for spec in BODIES {
            for (code, _, _, _, refs, _) in spec.items {
                for r in *refs {
                    let lr = LegalRef::parse(r).unwrap();
                    let law =
                        zhifa_core::laws::find(&lr.law).unwrap_or_else(|| panic!("{code}: {} not shipped", lr.law));
                    assert!(law.article(&lr.article).is_some(), "{code}: {r} not found");
                }
            }
        }
    }

    #[test]
    fn demo_identity_numbers_are_valid() {
        for i in (1..=100).chain([900]) {
            zhifa_core::ids::ResidentId::parse(&demo_id_number(i)).unwrap();
        }
    }
}
