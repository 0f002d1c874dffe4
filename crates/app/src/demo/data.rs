//! The demo's bodies with their officers, reviewers and power-list items (each citing a real
//! statute article), names and posts, and the service guides' conditions and materials.

use chrono::{Duration, NaiveDate};
use zhifa_core::ids::resident_id_check_char;
use zhifa_core::registry::*;

/// A power-list item of the demo: code, name, category, procedure, legal basis, time limit
/// (days, whether working days).
pub(super) type ItemSpec =
    (&'static str, &'static str, PowerCategory, ProcedureKind, &'static [&'static str], Option<(i32, bool)>);

/// A demo account: user name, shown name, role, body, officer.
pub(super) type UserSpec = (String, String, &'static str, Option<i64>, Option<i64>);

pub(super) struct BodySpec {
    pub(super) name: &'static str,
    pub(super) short: &'static str,
    pub(super) kind: BodyKind,
    pub(super) domain: &'static str,
    pub(super) basis: &'static str,
    pub(super) review_organ: &'static str,
    pub(super) officers: usize,
    pub(super) reviewers: usize,
    /// code, name, category, procedure, basis refs, time limit (days, working)
    pub(super) items: &'static [ItemSpec],
}

use PowerCategory as C;
use ProcedureKind as P;

pub(super) const BODIES: &[BodySpec] = &[
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

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗",
];
pub(super) const GIVEN: &[&str] = &[
    "志强", "秀英", "建国", "丽娜", "海涛", "晓明", "静", "伟", "敏", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
    "明", "超", "霞", "宏伟", "雪梅", "国庆", "春燕",
];
pub(super) const POSTS: &[&str] = &["执法队员", "执法队员", "执法队员", "执法科长", "执法大队长"];

pub(super) fn demo_id_number(seq: usize) -> String {
    let birth = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() + Duration::days((seq as i64 * 409) % 10_000);
    let first17 = format!("120115{}{:03}", birth.format("%Y%m%d"), (100 + seq) % 1000);
    let c = resident_id_check_char(&first17).unwrap_or('0');
    format!("{first17}{c}")
}

/// The demo's service-guide conditions of a licensing item (受理条件).
pub(super) fn guide_conditions(cat: PowerCategory, name: &str) -> String {
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
pub(super) fn guide_materials(cat: PowerCategory, name: &str) -> Vec<String> {
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

pub(super) fn short_name(full: &str) -> &str {
    full.trim_start_matches("天津市宝坻区")
}
