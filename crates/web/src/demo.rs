//! The Baodi district demo data set: the justice bureau as supervisor, nine enforcement bodies,
//! about sixty officers with certificates (some expiring soon, one suspended, one expired),
//! legal reviewers, power-list items citing real statute articles, and one account per role.
//!
//! Loading is idempotent: each object is looked up by its natural key (body name, identity
//! number, certificate number, item code, user name) and created only when absent. Dates that
//! must stay "soon" or "past" are relative to today.

use crate::api::registry::{NewUser, new_user_command};
use chrono::{Duration, NaiveDate, Utc};
use zhifa_core::access::Scope;
use zhifa_core::ids::resident_id_check_char;
use zhifa_core::registry::*;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store};

/// The password of every demo account (demo data only; README lists the accounts).
pub const DEMO_PASSWORD: &str = "Zhifa@2026demo";

/// The supervising body.
pub const JUSTICE_BUREAU: &str = "天津市宝坻区司法局";

/// A power-list item of the demo: code, name, category, procedure, legal basis, time limit
/// (days, whether working days).
type ItemSpec =
    (&'static str, &'static str, PowerCategory, ProcedureKind, &'static [&'static str], Option<(i32, bool)>);

/// A demo account: user name, shown name, role, body, officer.
type UserSpec = (String, String, &'static str, Option<i64>, Option<i64>);

struct BodySpec {
    name: &'static str,
    short: &'static str,
    kind: BodyKind,
    domain: &'static str,
    basis: &'static str,
    review_organ: &'static str,
    officers: usize,
    reviewers: usize,
    /// code, name, category, procedure, basis refs, time limit (days, working)
    items: &'static [ItemSpec],
}

use PowerCategory as C;
use ProcedureKind as P;

const BODIES: &[BodySpec] = &[
    BodySpec {
        name: "天津市宝坻区市场监督管理局",
        short: "scjg",
        kind: BodyKind::AdministrativeOrgan,
        domain: "市场监管",
        basis: "《中华人民共和国食品安全法》《中华人民共和国产品质量法》《中华人民共和国广告法》等法律法规规定的市场监督管理职责",
        review_organ: "区市场监督管理局法制科",
        officers: 12,
        reviewers: 1,
        items: &[
            (
                "MS-CF-001",
                "对未取得食品生产经营许可从事食品生产经营活动的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["食品安全法 第一百二十二条"],
                Some((90, false)),
            ),
            (
                "MS-CF-002",
                "对生产经营致病性微生物等污染物质含量超标食品的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["食品安全法 第一百二十四条"],
                Some((90, false)),
            ),
            (
                "MS-CF-003",
                "对发布虚假广告的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["广告法 第五十五条"],
                Some((90, false)),
            ),
            (
                "MS-CF-004",
                "对生产、销售不符合保障人体健康和人身、财产安全标准产品的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["产品质量法 第四十九条"],
                Some((90, false)),
            ),
            (
                "MS-QZ-001",
                "查封、扣押不符合食品安全标准的食品及相关物品",
                C::Compulsion,
                P::CompulsoryMeasure,
                &["食品安全法 第一百一十条", "行政强制法 第二十五条"],
                Some((30, false)),
            ),
            ("MS-JC-001", "食品生产经营监督检查", C::Inspection, P::Inspection, &["食品安全法 第一百一十条"], None),
            (
                "MS-XK-001",
                "食品经营许可",
                C::Licensing,
                P::Licensing,
                &["食品安全法 第三十五条", "行政许可法 第四十二条"],
                Some((20, true)),
            ),
        ],
    },
    BodySpec {
        name: "天津市宝坻区生态环境局",
        short: "sthj",
        kind: BodyKind::AdministrativeOrgan,
        domain: "生态环境",
        basis: "《中华人民共和国大气污染防治法》《中华人民共和国水污染防治法》《中华人民共和国噪声污染防治法》规定的生态环境监督管理职责",
        review_organ: "区生态环境局法制审核科",
        officers: 8,
        reviewers: 1,
        items: &[
            (
                "EE-CF-001",
                "对超标排放大气污染物的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["大气污染防治法 第九十九条"],
                Some((90, false)),
            ),
            (
                "EE-CF-002",
                "对超标排放水污染物的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["水污染防治法 第八十三条"],
                Some((90, false)),
            ),
            (
                "EE-CF-003",
                "对无排污许可证或超标排放工业噪声的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["噪声污染防治法 第七十五条"],
                Some((90, false)),
            ),
        ],
    },
    BodySpec {
        name: "天津市宝坻区城市管理委员会",
        short: "cgw",
        kind: BodyKind::AdministrativeOrgan,
        domain: "城市管理",
        basis: "《中华人民共和国城乡规划法》《城市市容和环境卫生管理条例》规定的城市管理综合执法职责",
        review_organ: "区城市管理综合执法支队法制科",
        officers: 10,
        reviewers: 1,
        items: &[
            (
                "CG-CF-001",
                "对未取得建设工程规划许可证进行建设的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["城乡规划法 第六十四条"],
                Some((90, false)),
            ),
            (
                "CG-QZ-001",
                "强制拆除违法建设",
                C::Compulsion,
                P::CompulsoryEnforcement,
                &["城乡规划法 第六十八条", "行政强制法 第四十四条"],
                None,
            ),
            (
                "CG-CF-002",
                "对随意倾倒、抛撒、堆放垃圾等影响市容环境卫生行为的行政处罚",
                C::Penalty,
                P::PenaltySimple,
                &["城市市容和环境卫生管理条例 第三十四条"],
                None,
            ),
        ],
    },
    BodySpec {
        name: "天津市宝坻区交通运输局",
        short: "jtys",
        kind: BodyKind::AdministrativeOrgan,
        domain: "交通运输",
        basis: "《中华人民共和国道路运输条例》规定的道路运输管理职责",
        review_organ: "区交通运输综合行政执法支队法制科",
        officers: 7,
        reviewers: 1,
        items: &[
            (
                "JT-CF-001",
                "对未取得道路运输经营许可擅自从事道路运输经营的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["道路运输条例 第六十三条"],
                Some((90, false)),
            ),
            (
                "JT-CF-002",
                "对不符合条件的人员驾驶道路运输经营车辆的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["道路运输条例 第六十四条"],
                Some((90, false)),
            ),
        ],
    },
    BodySpec {
        name: "天津市宝坻区应急管理局",
        short: "yjgl",
        kind: BodyKind::AdministrativeOrgan,
        domain: "安全生产",
        basis: "《中华人民共和国安全生产法》规定的安全生产监督管理职责",
        review_organ: "区应急管理局政策法规科",
        officers: 6,
        reviewers: 1,
        items: &[
            ("YJ-JC-001", "安全生产监督检查及现场处理", C::Inspection, P::Inspection, &["安全生产法 第六十五条"], None),
            (
                "YJ-CF-001",
                "对未按规定设置安全生产管理机构或配备安全生产管理人员的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["安全生产法 第九十七条"],
                Some((90, false)),
            ),
            (
                "YJ-CF-002",
                "对生产经营单位未采取措施消除事故隐患等行为的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["安全生产法 第一百零一条"],
                Some((90, false)),
            ),
        ],
    },
    BodySpec {
        name: "天津市宝坻区卫生健康委员会",
        short: "wjw",
        kind: BodyKind::AdministrativeOrgan,
        domain: "卫生健康",
        basis: "《中华人民共和国传染病防治法》《中华人民共和国医师法》《公共场所卫生管理条例》规定的卫生健康监督职责",
        review_organ: "区卫生健康委员会法制科",
        officers: 6,
        reviewers: 1,
        items: &[
            (
                "WJ-CF-001",
                "对非医师行医的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["医师法 第五十九条"],
                Some((90, false)),
            ),
            (
                "WJ-CF-002",
                "对违反传染病防治规定导致或可能导致传染病传播的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["传染病防治法 第七十三条"],
                Some((90, false)),
            ),
            (
                "WJ-CF-003",
                "对公共场所卫生违法行为的行政处罚",
                C::Penalty,
                P::PenaltySimple,
                &["公共场所卫生管理条例 第十四条"],
                None,
            ),
        ],
    },
    BodySpec {
        name: "天津市宝坻区文化和旅游局",
        short: "whly",
        kind: BodyKind::AdministrativeOrgan,
        domain: "文化旅游",
        basis: "《中华人民共和国旅游法》《娱乐场所管理条例》规定的文化市场和旅游市场监督管理职责",
        review_organ: "区文化市场综合执法支队法制科",
        officers: 5,
        reviewers: 1,
        items: &[
            (
                "WL-CF-001",
                "对未经许可经营旅行社业务的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["旅游法 第九十五条"],
                Some((90, false)),
            ),
            (
                "WL-CF-002",
                "对擅自从事娱乐场所经营活动的行政处罚",
                C::Penalty,
                P::PenaltyGeneral,
                &["娱乐场所管理条例 第四十一条"],
                Some((90, false)),
            ),
        ],
    },
    BodySpec {
        name: "天津市宝坻区大口屯镇人民政府",
        short: "dkt",
        kind: BodyKind::AdministrativeOrgan,
        domain: "综合执法",
        basis: "《中华人民共和国行政处罚法》第二十四条及天津市关于赋予乡镇街道行政执法权的决定",
        review_organ: "大口屯镇综合行政执法队法制审核岗",
        officers: 4,
        reviewers: 0,
        items: &[(
            "DKT-CF-001",
            "对在乡、村庄规划区内未依法取得乡村建设规划许可证进行建设的行政处罚",
            C::Penalty,
            P::PenaltyGeneral,
            &["城乡规划法 第六十五条", "行政处罚法 第二十四条"],
            Some((90, false)),
        )],
    },
    BodySpec {
        name: "天津市宝坻区海滨街道办事处",
        short: "hbjd",
        kind: BodyKind::AdministrativeOrgan,
        domain: "综合执法",
        basis: "《中华人民共和国行政处罚法》第二十四条及天津市关于赋予乡镇街道行政执法权的决定",
        review_organ: "海滨街道综合行政执法队法制审核岗",
        officers: 4,
        reviewers: 0,
        items: &[(
            "HB-CF-001",
            "对违反城市市容和环境卫生管理规定行为的行政处罚",
            C::Penalty,
            P::PenaltySimple,
            &["城市市容和环境卫生管理条例 第三十六条", "行政处罚法 第二十四条"],
            None,
        )],
    },
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗",
];
const GIVEN: &[&str] = &[
    "志强", "秀英", "建国", "丽娜", "海涛", "晓明", "静", "伟", "敏", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
    "明", "超", "霞", "宏伟", "雪梅", "国庆", "春燕",
];
const POSTS: &[&str] = &["执法队员", "执法队员", "执法队员", "执法科长", "执法大队长"];

fn demo_id_number(seq: usize) -> String {
    let birth = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() + Duration::days((seq as i64 * 409) % 10_000);
    let first17 = format!("120115{}{:03}", birth.format("%Y%m%d"), (100 + seq) % 1000);
    let c = resident_id_check_char(&first17).unwrap_or('0');
    format!("{first17}{c}")
}

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
                        .execute(&sys, Command::AddTraining { officer_id: id, training: t.validate().map_err(err)? })
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
                                officer_id: oid,
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
                            officer_id: oid,
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
        let cmd = new_user_command(&req).map_err(|e| err(e.parts().2))?;
        store.execute(&sys, cmd).await.map_err(err)?;
    }
    created += publications(store, today).await?;
    created += annual_reports(store, today).await?;
    Ok(format!("演示数据已就绪（本次新建 {created} 项）"))
}

/// The market regulator's spot-check item list and discretion standards (one version each).
async fn body_lists(store: &Store, body_id: i64) -> Result<usize, String> {
    use zhifa_core::lists::{ListKind, validate};
    let sys = Actor::system();
    let mut created = 0;
    let spot = serde_json::json!([
        { "code": "SJ-SP-01", "name": "食品经营者经营条件和经营过程检查", "power_item_code": "MS-JC-001",
          "object": "辖区内取得食品经营许可的经营者", "method": "现场检查",
          "content": "许可证件公示、从业人员健康证明、进货查验记录、贮存条件、食品标签",
          "basis": ["食品安全法 第一百一十条", "食品安全法 第八十七条"], "ratio_percent": 5, "frequency": "每年不少于一次" },
        { "code": "SJ-SP-02", "name": "食品生产企业监督抽查", "power_item_code": "MS-JC-001",
          "object": "辖区内食品生产企业", "method": "现场检查、抽样检验",
          "content": "生产条件、原料控制、出厂检验记录、产品抽样检验",
          "basis": ["食品安全法 第一百一十条"], "ratio_percent": 20, "frequency": "每年一次" }
    ]);
    let discretion = serde_json::json!([
        { "power_item_code": "MS-CF-001", "violation": "未取得食品经营许可从事食品经营活动",
          "violation_basis": ["食品安全法 第三十五条"], "penalty_basis": ["食品安全法 第一百二十二条"],
          "levels": [
            { "degree": "轻微", "circumstances": "首次违法，货值金额不足一千元，及时改正，没有造成危害后果",
              "penalty_kinds": [], "standard": "依照《行政处罚法》第三十三条不予行政处罚，责令改正" },
            { "degree": "一般", "circumstances": "货值金额不足一万元",
              "penalty_kinds": ["没收违法所得、没收非法财物", "罚款"], "fine_min": "50000", "fine_max": "80000",
              "standard": "没收违法所得和违法经营的食品，并处五万元以上八万元以下罚款" },
            { "degree": "严重", "circumstances": "货值金额不足一万元，但违法行为持续三个月以上或者造成危害后果",
              "penalty_kinds": ["没收违法所得、没收非法财物", "罚款"], "fine_min": "80000", "fine_max": "100000",
              "standard": "没收违法所得和违法经营的食品，并处八万元以上十万元以下罚款" }
          ] },
        { "power_item_code": "MS-CF-002", "violation": "经营致病性微生物等污染物质含量超过食品安全标准限量的食品",
          "violation_basis": ["食品安全法 第三十四条"], "penalty_basis": ["食品安全法 第一百二十四条"],
          "levels": [
            { "degree": "一般", "circumstances": "货值金额不足一万元，未造成危害后果",
              "penalty_kinds": ["没收违法所得、没收非法财物", "罚款"], "fine_min": "50000", "fine_max": "80000",
              "standard": "没收违法所得和违法经营的食品，并处五万元以上八万元以下罚款" },
            { "degree": "较重", "circumstances": "货值金额不足一万元，造成危害后果或者拒不改正",
              "penalty_kinds": ["没收违法所得、没收非法财物", "罚款"], "fine_min": "80000", "fine_max": "100000",
              "standard": "没收违法所得和违法经营的食品，并处八万元以上十万元以下罚款" }
          ] }
    ]);
    for (kind, items, reason) in [
        (ListKind::SpotCheck, spot, "依据“双随机、一公开”监管工作要求编制本局抽查事项清单"),
        (ListKind::Discretion, discretion, "依据《行政处罚法》第三十四条制定本局行政处罚裁量基准"),
    ] {
        if !store.body_lists(body_id, kind).await.map_err(err)?.is_empty() {
            continue;
        }
        let (list, reason) = validate(kind, items, reason).map_err(|e| e.to_string())?;
        let effective_from = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("date")?;
        store.execute(&sys, Command::FileBodyList { body_id, list, effective_from, reason }).await.map_err(err)?;
        created += 1;
    }
    Ok(created)
}

/// Last year's statistics reports, published: drafted from the data; where the year came before
/// the system (the demo's 2025), the figures are entered from the paper case registers as
/// corrections with that reason; the 复议/诉讼 totals are confirmed from the decisions; each body
/// publishes, then the justice bureau the district's total. Skipped when drafted already.
async fn annual_reports(store: &Store, today: NaiveDate) -> Result<usize, String> {
    use chrono::Datelike;
    let year = today.year() - 1;
    let sys = Actor::system();
    if !store.annual_reports(year, zhifa_core::access::Scope::All).await.map_err(err)?.is_empty() {
        return Ok(0);
    }
    store.execute(&sys, Command::DraftAnnualReports { year, today }).await.map_err(err)?;
    let reports = store.annual_reports(year, zhifa_core::access::Scope::All).await.map_err(err)?;
    let mut created = reports.len();
    let paper = "本系统2026年启用，该年度数据依本机关纸质案卷台账补录";
    for (i, r) in reports.iter().filter(|r| r.body_id.is_some()).enumerate() {
        let i = i as i64;
        let mut edits: Vec<(&str, i64, &str)> = Vec::new();
        if year < 2026 {
            let decisions = 18 + 6 * i;
            edits.extend([
                ("cases.penalty_general", 20 + 7 * i, paper),
                ("cases.penalty_simple", 9 + 4 * (i % 3), paper),
                ("cases.inspection", 60 + 13 * i, paper),
                ("penalty.decisions", decisions, paper),
                ("penalty.warning", 3 + i % 4, paper),
                ("penalty.fine", decisions - 3, paper),
                ("penalty.fines", (120_000 + 35_000 * i) * 100, paper),
                ("closed.done", decisions - 2, paper),
                ("closed.no_penalty", 1 + i % 2, paper),
                ("hearings", 1 + i % 3, paper),
                ("legal_reviews", 4 + i, paper),
                ("inspections", 58 + 12 * i, paper),
                ("cases.licensing", 31 + 11 * (i % 4), paper),
                ("permits.accepted", 30 + 11 * (i % 4), paper),
                ("permits.not_accepted", 1, paper),
                ("permits.granted", 27 + 10 * (i % 4), paper),
                ("permits.denied", 1 + i % 2, paper),
                ("reconsideration.corrected", i64::from(i % 4 == 1), paper),
            ]);
        }
        let source = "依行政复议决定书、人民法院裁判文书统计";
        edits.push(("reconsideration.total", 1 + i % 3, source));
        edits.push(("litigation.total", i % 2, source));
        for (metric, value, reason) in edits {
            let cmd = Command::EditAnnualReport { id: r.id, metric: metric.into(), value, reason: reason.into() };
            store.execute(&sys, cmd).await.map_err(err)?;
            created += 1;
        }
        store.execute(&sys, Command::PublishAnnualReport { id: r.id }).await.map_err(err)?;
    }
    if let Some(d) = reports.iter().find(|r| r.body_id.is_none()) {
        store.execute(&sys, Command::PublishAnnualReport { id: d.id }).await.map_err(err)?;
    }
    Ok(created)
}

/// The applicant of the demo licence: a citizen whose record holds every kind of private data
/// (the public portal must show none of it).
pub const DEMO_APPLICANT: (&str, &str, &str, &str) =
    ("李建国", "120224198503151237", "天津市宝坻区周良街道东王庄村56号", "13612345678");

/// Decisions for the public portal: a licence granted to a citizen (published), an inspection
/// result (waiting for publication) and a licence to a company revoked by the body (published,
/// then withdrawn). Written through the same commands as the pages; skipped when present.
async fn publications(store: &Store, today: NaiveDate) -> Result<usize, String> {
    use zhifa_core::case::{CaseInput, PartyInput, StepInput};
    let sys = Actor::system();
    let Some(body) = store.body_by_name(BODIES[0].name).await.map_err(err)? else { return Ok(0) };
    let b = body.id;
    let (name, id_number, address, phone) = DEMO_APPLICANT;
    let f = zhifa_store::cases::CaseFilter { q: Some(name.into()), ..Default::default() };
    if !store.case_list(Scope::Body(b), &f).await.map_err(err)?.is_empty() {
        return Ok(0);
    }
    let officers = store.list_officers(Scope::Body(b), &Default::default()).await.map_err(err)?;
    let (o1, o2) = match officers.as_slice() {
        [a, b, ..] => (a.id, b.id),
        _ => return Ok(0),
    };
    let at = |days_ago: i64, hour: u32| {
        let d = today - Duration::days(days_ago);
        format!("{d} {hour:02}:00")
    };
    let now = Utc::now();
    // Decisions are the head's; the other steps the handling officer's.
    let step = |case_id: i64, kind: &str, when: String, f: &dyn Fn(&mut StepInput)| -> Result<Command, String> {
        let content = Some("依法办理".to_string());
        let mut input = StepInput { kind: kind.into(), occurred_at: Some(when), content, ..Default::default() };
        f(&mut input);
        let step = input.validate(now).map_err(err)?;
        let (role, officer_id) = if zhifa_core::case::machine::is_decision(step.kind) {
            (zhifa_core::access::Role::Head, None)
        } else {
            (zhifa_core::access::Role::Officer, Some(o1))
        };
        Ok(Command::RecordStep { case_id, step: Box::new(step), role, officer_id, signer: None })
    };
    let case = |kind: &str, item: &str, source: &str, party: PartyInput, facts: &str| -> Result<Command, String> {
        let input = CaseInput {
            kind: kind.into(),
            power_item_code: item.into(),
            source: source.into(),
            domain: "市场监管".into(),
            parties: vec![party],
            officer_ids: vec![o1, o2],
            facts: facts.into(),
            ..Default::default()
        };
        Ok(Command::CreateCase { body_id: b, case: Box::new(input.validate(today).map_err(err)?) })
    };
    let licence = |case_id: i64, days_ago: i64| -> Result<Vec<Command>, String> {
        Ok(vec![
            step(case_id, "apply", at(days_ago + 10, 9), &|i| i.content = Some("申请食品经营许可".into()))?,
            step(case_id, "accept", at(days_ago + 9, 10), &|_| {})?,
            step(case_id, "licence_decision", at(days_ago, 10), &|i| {
                i.result = Some("准予许可".into());
                i.legal_basis = vec!["食品安全法 第三十五条".into()];
                i.content =
                    Some(format!("申请材料齐全，经营场所符合要求。申请人联系电话{phone}，经营场所位于{address}。"));
            })?,
        ])
    };
    let mut n = 0;
    // 1. A licence to a citizen, published.
    let person = PartyInput {
        name: name.into(),
        id_number: id_number.into(),
        address: Some(address.into()),
        phone: Some(phone.into()),
        ..Default::default()
    };
    let c1 = store
        .execute(&sys, case("licensing", "MS-XK-001", "依申请", person, "申请食品经营许可（小餐饮）")?)
        .await
        .map_err(err)?
        .id;
    store.execute_batch(&sys, licence(c1, 12)?, |_| {}).await.map_err(|(_, e)| err(e))?;
    let doc = Command::IssueDocument { case_id: c1, kind: zhifa_core::doc::DocKind::LicenceDecision, step_id: None };
    store.execute(&sys, doc).await.map_err(err)?;
    let task = store.case_publications(c1).await.map_err(err)?.pop().ok_or_else(|| err("缺少公示任务"))?;
    let (_, proposal) = store.publication_proposal(task.id, Scope::All).await.map_err(err)?;
    store.execute(&sys, Command::PublishDecision { id: task.id, text: proposal.proposed.text }).await.map_err(err)?;
    n += 1;
    // 2. An inspection result, not yet published.
    let shop = PartyInput {
        name: "天津市宝坻区鑫源超市".into(),
        id_number: "92120224MA06K8QX3H".into(),
        legal_representative: Some("孙立新".into()),
        address: Some("天津市宝坻区南城东路88号".into()),
        ..Default::default()
    };
    {
        let c2 = store
            .execute(&sys, case("inspection", "MS-JC-001", "双随机抽查", shop, "双随机抽查：食品经营")?)
            .await
            .map_err(err)?
            .id;
        let steps = vec![
            step(c2, "start_inspection", at(6, 9), &|_| {})?,
            step(c2, "inspect", at(5, 10), &|i| {
                i.officer_ids = vec![o1, o2];
                i.place = Some("天津市宝坻区南城东路88号".into());
                i.content = Some("检查食品贮存、标签和进货查验记录".into());
            })?,
            step(c2, "inspection_result", at(5, 15), &|i| {
                i.result = Some("未发现问题".into());
                i.content = Some("未发现违法行为".into());
            })?,
        ];
        store.execute_batch(&sys, steps, |_| {}).await.map_err(|(_, e)| err(e))?;
        n += 1;
    }
    Ok(n)
}

/// The demo's service-guide conditions of a licensing item (受理条件).
fn guide_conditions(cat: PowerCategory, name: &str) -> String {
    if cat != PowerCategory::Licensing {
        return String::new();
    }
    if name.contains("食品") {
        "具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所；具有相应的设备设施和食品安全管理人员、规章制度（《中华人民共和国食品安全法》第三十三条、第三十五条）。"
            .into()
    } else {
        "申请人具备法律、法规规定的条件，申请材料齐全、符合法定形式（《中华人民共和国行政许可法》第三十二条）。".into()
    }
}

/// The demo's service-guide materials of a licensing item (申请材料).
fn guide_materials(cat: PowerCategory, name: &str) -> Vec<String> {
    if cat != PowerCategory::Licensing {
        return Vec::new();
    }
    let mut m = vec!["申请书".to_string(), "申请人身份证明或营业执照".to_string()];
    if name.contains("食品") {
        m.extend(["经营场所平面图和设备布局、工艺流程图".to_string(), "食品安全管理制度文本".to_string()]);
    }
    m.push("委托他人办理的，授权委托书及受托人身份证明".to_string());
    m
}

fn short_name(full: &str) -> &str {
    full.trim_start_matches("天津市宝坻区")
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
