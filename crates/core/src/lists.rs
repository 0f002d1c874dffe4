//! The lists a body publishes beside its power list (seed §二(一)3): the “双随机” spot-check
//! item list (抽查事项清单) and the discretion standards of its penalties (行政处罚裁量基准,
//! 《行政处罚法》第三十四条: an agency may set them, and must publish them).
//!
//! Each list is filed as a whole, as a new version with the date it takes effect and the reason
//! (the same way as the review item list); the version in force on a day is the newest one whose
//! date has come.

use crate::case::{Penalty, PenaltyKind, format_yuan, parse_yuan};
use crate::error::{Invalid, required_text};
use crate::registry::{LegalRef, coded_enum};
use serde::{Deserialize, Serialize};

/// 《行政处罚法》第三十四条: discretion standards are set by law and published.
pub const DISCRETION_RULE: &str = "《行政处罚法》第三十四条";
/// Seed §二(一)3: the spot-check item lists are published.
pub const SPOT_CHECK_RULE: &str = "实施方案§二(一)3（“双随机”抽查事项清单）";

coded_enum!(
    /// Which list.
    ListKind, "清单类型" {
    /// “双随机”抽查事项清单
    SpotCheck = "spot_check" / "“双随机”抽查事项清单",
    /// 行政处罚裁量基准
    Discretion = "discretion" / "行政处罚裁量基准",
});

impl ListKind {
    /// The word in the list's addresses (`/lists/spot-checks`).
    pub fn slug(self) -> &'static str {
        match self {
            ListKind::SpotCheck => "spot-checks",
            ListKind::Discretion => "discretion",
        }
    }
    /// The kind named by an address word.
    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.slug() == s)
    }
}

/// An entry of the spot-check item list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotCheckItem {
    /// 抽查事项编码
    pub code: String,
    /// 抽查事项名称
    pub name: String,
    /// 对应的权责清单事项编码（须为本机关的行政检查事项）
    pub power_item_code: String,
    /// 抽查对象
    pub object: String,
    /// 检查方式（现场检查、书面检查、网络监测等）
    pub method: String,
    /// 检查内容
    pub content: String,
    /// 检查依据（“法律名称 第X条”）
    pub basis: Vec<String>,
    /// 抽查比例（%）
    pub ratio_percent: u32,
    /// 抽查频次（如“每年不少于一次”）
    pub frequency: String,
}

/// A level of a discretion standard as entered (amounts in yuan).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelInput {
    /// 违法程度（如 轻微、一般、较重、严重）
    pub degree: String,
    /// 适用情形
    pub circumstances: String,
    /// 处罚种类（代码或中文名）
    #[serde(default)]
    pub penalty_kinds: Vec<String>,
    /// 罚款下限（元）
    #[serde(default)]
    pub fine_min: Option<String>,
    /// 罚款上限（元）
    #[serde(default)]
    pub fine_max: Option<String>,
    /// 裁量标准（文字表述）
    pub standard: String,
}

/// A discretion standard as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardInput {
    /// 权责清单事项编码（行政处罚事项）
    pub power_item_code: String,
    /// 违法行为
    pub violation: String,
    /// 违法依据
    #[serde(default)]
    pub violation_basis: Vec<String>,
    /// 处罚依据
    pub penalty_basis: Vec<String>,
    /// 裁量阶次
    pub levels: Vec<LevelInput>,
}

/// A level of a discretion standard: for these circumstances, this range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// 违法程度
    pub degree: String,
    /// 适用情形
    pub circumstances: String,
    /// 处罚种类
    pub penalty_kinds: Vec<PenaltyKind>,
    /// 罚款下限（分）
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_min_fen: Option<i64>,
    /// 罚款上限（分）
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_max_fen: Option<i64>,
    /// 裁量标准
    pub standard: String,
}

impl Level {
    /// `罚款2,000.00元至5,000.00元` style text of the fine range.
    pub fn fine_range(&self) -> Option<String> {
        match (self.fine_min_fen, self.fine_max_fen) {
            (Some(a), Some(b)) if a == b => Some(format!("罚款{}元", format_yuan(a))),
            (Some(a), Some(b)) => Some(format!("罚款{}元至{}元", format_yuan(a), format_yuan(b))),
            (Some(a), None) => Some(format!("罚款{}元以上", format_yuan(a))),
            (None, Some(b)) => Some(format!("罚款{}元以下", format_yuan(b))),
            (None, None) => None,
        }
    }
    /// Whether a penalty lies within this level: only kinds of the level, and a fine within
    /// its range.
    pub fn admits(&self, p: &Penalty) -> bool {
        let kinds_ok = p.kinds.iter().all(|k| self.penalty_kinds.contains(k));
        let fine_ok = match p.fine_fen {
            Some(f) if p.has(PenaltyKind::Fine) => {
                self.fine_min_fen.is_none_or(|m| f >= m) && self.fine_max_fen.is_none_or(|m| f <= m)
            }
            _ => true,
        };
        kinds_ok && fine_ok
    }
}

/// A discretion standard of one penalty item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    /// 权责清单事项编码
    pub power_item_code: String,
    /// 违法行为
    pub violation: String,
    /// 违法依据
    pub violation_basis: Vec<LegalRef>,
    /// 处罚依据
    pub penalty_basis: Vec<LegalRef>,
    /// 裁量阶次
    pub levels: Vec<Level>,
}

impl Standard {
    /// The levels a penalty lies within (none: the penalty departs from the standard, which
    /// the legal review must weigh — seed §四(二)3 “裁量基准运用是否适当”).
    pub fn levels_admitting(&self, p: &Penalty) -> Vec<&Level> {
        self.levels.iter().filter(|l| l.admits(p)).collect()
    }
}

/// What the legal review sees of the discretion standards (seed §四(二)3: “裁量基准运用是否
/// 适当”): the standards of the case's item in force, the penalty proposed, and the levels it
/// lies within.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiscretionCheck {
    /// the standards of the item (one per violation)
    pub standards: Vec<Standard>,
    /// the penalty proposed (the latest notice or decision), as text
    pub proposed: Option<String>,
    /// the levels (违法程度) it lies within, per standard
    pub within: Vec<String>,
    /// a penalty is proposed and lies within no level: the departure must be reasoned
    pub departs: bool,
}

/// Checks a proposed penalty against the standards of its item.
pub fn check_discretion(standards: Vec<Standard>, proposed: Option<&Penalty>) -> DiscretionCheck {
    let within: Vec<String> = match proposed {
        Some(p) => standards
            .iter()
            .flat_map(|s| s.levels_admitting(p).into_iter().map(move |l| format!("{}：{}", s.violation, l.degree)))
            .collect(),
        None => Vec::new(),
    };
    DiscretionCheck {
        departs: proposed.is_some() && within.is_empty(),
        proposed: proposed.map(Penalty::describe),
        within,
        standards,
    }
}

/// A list checked and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidList {
    /// the spot-check item list
    SpotCheck(Vec<SpotCheckItem>),
    /// the discretion standards
    Discretion(Vec<Standard>),
}

impl ValidList {
    /// Which list it is.
    pub fn kind(&self) -> ListKind {
        match self {
            ValidList::SpotCheck(_) => ListKind::SpotCheck,
            ValidList::Discretion(_) => ListKind::Discretion,
        }
    }
    /// The power-list items the entries name, in order (one per entry).
    pub fn power_item_codes(&self) -> Vec<&str> {
        match self {
            ValidList::SpotCheck(v) => v.iter().map(|i| i.power_item_code.as_str()).collect(),
            ValidList::Discretion(v) => v.iter().map(|s| s.power_item_code.as_str()).collect(),
        }
    }
    /// The stored form.
    pub fn to_json(&self) -> String {
        match self {
            ValidList::SpotCheck(v) => serde_json::to_string(v),
            ValidList::Discretion(v) => serde_json::to_string(v),
        }
        .expect("lists serialise")
    }
}

fn text(inv: &mut Invalid, n: usize, label: &str, v: &str, max: usize) -> String {
    let v = v.trim();
    if v.is_empty() {
        inv.push("items", format!("第{n}项缺少{label}"));
    } else if v.chars().count() > max {
        inv.push("items", format!("第{n}项的{label}过长（最多{max}字）"));
    }
    v.to_string()
}

fn refs(inv: &mut Invalid, n: usize, label: &str, v: &[String], required: bool) -> Vec<LegalRef> {
    if required && v.iter().all(|s| s.trim().is_empty()) {
        inv.push("items", format!("第{n}项缺少{label}"));
    }
    v.iter()
        .filter(|s| !s.trim().is_empty())
        .filter_map(|s| match LegalRef::parse(s) {
            Ok(r) => Some(r),
            Err(e) => {
                inv.push("items", format!("第{n}项的{label}：{e}"));
                None
            }
        })
        .collect()
}

/// Checks a spot-check item list: every field present, codes unique, a ratio of 1-100%.
pub fn validate_spot_checks(items: Vec<SpotCheckItem>) -> Result<ValidList, Invalid> {
    let mut inv = Invalid::default();
    if items.is_empty() {
        inv.push("items", "抽查事项清单至少一项");
    }
    let mut out = Vec::with_capacity(items.len());
    let mut codes = std::collections::HashSet::new();
    for (i, it) in items.into_iter().enumerate() {
        let n = i + 1;
        let code = text(&mut inv, n, "抽查事项编码", &it.code, 64);
        if !code.is_empty() && !codes.insert(code.clone()) {
            inv.push("items", format!("第{n}项的抽查事项编码“{code}”重复"));
        }
        let basis = refs(&mut inv, n, "检查依据", &it.basis, true);
        if !(1..=100).contains(&it.ratio_percent) {
            inv.push("items", format!("第{n}项的抽查比例应为1%至100%"));
        }
        out.push(SpotCheckItem {
            code,
            name: text(&mut inv, n, "抽查事项名称", &it.name, 200),
            power_item_code: text(&mut inv, n, "对应的权责事项编码", &it.power_item_code, 64),
            object: text(&mut inv, n, "抽查对象", &it.object, 500),
            method: text(&mut inv, n, "检查方式", &it.method, 200),
            content: text(&mut inv, n, "检查内容", &it.content, 2000),
            basis: basis.iter().map(LegalRef::display).collect(),
            ratio_percent: it.ratio_percent,
            frequency: text(&mut inv, n, "抽查频次", &it.frequency, 100),
        });
    }
    inv.into_result(ValidList::SpotCheck(out))
}

/// Checks discretion standards: each names its item, violation and basis and has at least one
/// level; a level's kinds are penalty kinds, a fine needs a range whose bounds are in order, and
/// a range needs the fine among the kinds.
pub fn validate_discretion(items: Vec<StandardInput>) -> Result<ValidList, Invalid> {
    let mut inv = Invalid::default();
    if items.is_empty() {
        inv.push("items", "裁量基准至少一项");
    }
    let mut out = Vec::with_capacity(items.len());
    let mut seen = std::collections::HashSet::new();
    for (i, it) in items.into_iter().enumerate() {
        let n = i + 1;
        let code = text(&mut inv, n, "权责事项编码", &it.power_item_code, 64);
        let violation = text(&mut inv, n, "违法行为", &it.violation, 500);
        if !seen.insert((code.clone(), violation.clone())) {
            inv.push("items", format!("第{n}项与前面的项重复（同一事项、同一违法行为）"));
        }
        let violation_basis = refs(&mut inv, n, "违法依据", &it.violation_basis, false);
        let penalty_basis = refs(&mut inv, n, "处罚依据", &it.penalty_basis, true);
        if it.levels.is_empty() {
            inv.push("items", format!("第{n}项至少应有一个裁量阶次"));
        }
        let mut levels = Vec::with_capacity(it.levels.len());
        for (j, l) in it.levels.iter().enumerate() {
            let at = format!("第{n}项第{}阶次", j + 1);
            let degree = l.degree.trim().to_string();
            if degree.is_empty() {
                inv.push("items", format!("{at}缺少违法程度"));
            }
            let circumstances = l.circumstances.trim().to_string();
            if circumstances.is_empty() {
                inv.push("items", format!("{at}缺少适用情形"));
            }
            let standard = l.standard.trim().to_string();
            if standard.is_empty() {
                inv.push("items", format!("{at}缺少裁量标准"));
            }
            let mut kinds = Vec::new();
            for k in &l.penalty_kinds {
                match PenaltyKind::parse(k) {
                    Ok(k) if !kinds.contains(&k) => kinds.push(k),
                    Ok(_) => {}
                    Err(e) => inv.push("items", format!("{at}：{e}")),
                }
            }
            if kinds.is_empty() && !standard.contains("不予") {
                inv.push("items", format!("{at}缺少处罚种类（不予处罚的阶次请在裁量标准中写明“不予行政处罚”）"));
            }
            let mut yuan = |label: &str, v: &Option<String>| -> Option<i64> {
                let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
                match parse_yuan(v) {
                    Ok(f) => Some(f),
                    Err(e) => {
                        inv.push("items", format!("{at}的{label}：{e}"));
                        None
                    }
                }
            };
            let fine_min_fen = yuan("罚款下限", &l.fine_min);
            let fine_max_fen = yuan("罚款上限", &l.fine_max);
            let has_fine = kinds.contains(&PenaltyKind::Fine);
            if has_fine && fine_min_fen.is_none() && fine_max_fen.is_none() {
                inv.push("items", format!("{at}有罚款，须写明罚款幅度"));
            }
            if !has_fine && (fine_min_fen.is_some() || fine_max_fen.is_some()) {
                inv.push("items", format!("{at}写了罚款幅度，但处罚种类中没有罚款"));
            }
            if let (Some(a), Some(b)) = (fine_min_fen, fine_max_fen)
                && a > b
            {
                inv.push("items", format!("{at}的罚款下限高于上限"));
            }
            levels.push(Level { degree, circumstances, penalty_kinds: kinds, fine_min_fen, fine_max_fen, standard });
        }
        out.push(Standard { power_item_code: code, violation, violation_basis, penalty_basis, levels });
    }
    inv.into_result(ValidList::Discretion(out))
}

/// Checks the reason and the list of the given kind from its JSON form (the API's `items`).
pub fn validate(kind: ListKind, items: serde_json::Value, reason: &str) -> Result<(ValidList, String), Invalid> {
    let mut inv = Invalid::default();
    let reason = required_text(&mut inv, "reason", "制定或修改理由", reason, 2000);
    let list = match kind {
        ListKind::SpotCheck => serde_json::from_value(items)
            .map_err(|_| {
                Invalid::field(
                    "items",
                    "抽查事项清单格式有误：应为数组，每项含 code、name、power_item_code、object、method、content、\
                     basis（条文数组）、ratio_percent（整数）、frequency",
                )
            })
            .and_then(validate_spot_checks),
        ListKind::Discretion => serde_json::from_value(items)
            .map_err(|_| {
                Invalid::field(
                    "items",
                    "裁量基准格式有误：应为数组，每项含 power_item_code、violation、violation_basis、penalty_basis\
                     （条文数组）和 levels（阶次数组，每个含 degree、circumstances、penalty_kinds、fine_min、fine_max、standard）",
                )
            })
            .and_then(validate_discretion),
    };
    match list {
        Ok(l) => inv.into_result((l, reason)),
        Err(e) => {
            inv.errors.extend(e.errors);
            Err(inv)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(degree: &str, kinds: &[&str], min: Option<&str>, max: Option<&str>) -> LevelInput {
        LevelInput {
            degree: degree.into(),
            circumstances: format!("{degree}情形"),
            penalty_kinds: kinds.iter().map(|s| s.to_string()).collect(),
            fine_min: min.map(str::to_string),
            fine_max: max.map(str::to_string),
            standard: format!("{degree}：按幅度处罚"),
        }
    }

    fn standard(levels: Vec<LevelInput>) -> StandardInput {
        StandardInput {
            power_item_code: "CF-001".into(),
            violation: "未取得食品经营许可从事食品经营".into(),
            violation_basis: vec!["食品安全法 第三十五条".into()],
            penalty_basis: vec!["《食品安全法》第一百二十二条".into()],
            levels,
        }
    }

    /// 《行政处罚法》第三十四条: a standard's level admits a penalty only of its kinds and within
    /// its range; the review sees a penalty outside every level.
    #[test]
    fn a_level_admits_penalties_within_its_range() {
        let ValidList::Discretion(v) = validate_discretion(vec![standard(vec![
            level("轻微", &["警告"], None, None),
            level("一般", &["fine", "confiscation"], Some("50000"), Some("100000")),
            level("严重", &["罚款", "吊销许可证件"], Some("100000.01"), Some("200000")),
        ])])
        .unwrap() else {
            panic!()
        };
        let s = &v[0];
        assert_eq!(s.penalty_basis[0].display(), "《食品安全法》第一百二十二条");
        let fine = |y: i64| Penalty { kinds: vec![PenaltyKind::Fine], fine_fen: Some(y * 100), confiscation_fen: None };
        assert_eq!(s.levels_admitting(&fine(60_000)).len(), 1);
        assert_eq!(s.levels_admitting(&fine(60_000))[0].degree, "一般");
        assert_eq!(s.levels_admitting(&fine(150_000))[0].degree, "严重");
        assert!(s.levels_admitting(&fine(30_000)).is_empty(), "below every range");
        let warn = Penalty { kinds: vec![PenaltyKind::Warning], ..Penalty::default() };
        assert_eq!(s.levels_admitting(&warn)[0].degree, "轻微");
        let close = Penalty { kinds: vec![PenaltyKind::Close], ..Penalty::default() };
        assert!(s.levels_admitting(&close).is_empty(), "a kind no level has");
        assert_eq!(s.levels[1].fine_range().unwrap(), "罚款50,000.00元至100,000.00元");
    }

    /// Seed §四(二)3: the review sees whether the proposed penalty keeps to the standard.
    #[test]
    fn the_review_sees_a_penalty_outside_every_level() {
        let ValidList::Discretion(v) =
            validate_discretion(vec![standard(vec![level("一般", &["fine"], Some("50000"), Some("100000"))])]).unwrap()
        else {
            panic!()
        };
        let fine = |y: i64| Penalty { kinds: vec![PenaltyKind::Fine], fine_fen: Some(y * 100), confiscation_fen: None };
        let ok = check_discretion(v.clone(), Some(&fine(60_000)));
        assert!(!ok.departs);
        assert_eq!(ok.within, vec!["未取得食品经营许可从事食品经营：一般"]);
        assert_eq!(ok.proposed.as_deref(), Some("罚款60,000.00元"));
        let low = check_discretion(v.clone(), Some(&fine(10_000)));
        assert!(low.departs && low.within.is_empty());
        let none = check_discretion(v, None);
        assert!(!none.departs, "nothing proposed yet");
    }

    #[test]
    fn bad_standards_are_refused_naming_the_entry() {
        let e = validate_discretion(vec![standard(vec![
            level("一般", &["fine"], Some("5000"), Some("2000")),
            level("较重", &["fine"], None, None),
            level("轻微", &["warning"], Some("100"), None),
            level("严重", &["坐牢"], None, None),
        ])])
        .unwrap_err();
        let all = e.errors.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("\n");
        assert!(all.contains("第1项第1阶次的罚款下限高于上限"), "{all}");
        assert!(all.contains("第1项第2阶次有罚款，须写明罚款幅度"), "{all}");
        assert!(all.contains("第1项第3阶次写了罚款幅度"), "{all}");
        assert!(all.contains("第1项第4阶次：处罚种类“坐牢”无效"), "{all}");
        let mut no_basis = standard(vec![level("一般", &["warning"], None, None)]);
        no_basis.penalty_basis.clear();
        let e = validate_discretion(vec![no_basis.clone(), no_basis]).unwrap_err();
        let all = e.errors.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("\n");
        assert!(all.contains("第1项缺少处罚依据") && all.contains("第2项与前面的项重复"), "{all}");
        assert!(validate_discretion(vec![]).is_err());
    }

    #[test]
    fn spot_check_items_need_every_field_and_a_ratio() {
        let item = SpotCheckItem {
            code: "SJ-01".into(),
            name: "食品经营者经营条件检查".into(),
            power_item_code: "JC-001".into(),
            object: "辖区内食品经营者".into(),
            method: "现场检查".into(),
            content: "许可证件、从业人员健康证明、进货查验记录".into(),
            basis: vec!["食品安全法 第一百一十条".into()],
            ratio_percent: 5,
            frequency: "每年不少于一次".into(),
        };
        let ValidList::SpotCheck(v) = validate_spot_checks(vec![item.clone()]).unwrap() else { panic!() };
        assert_eq!(v[0].basis, vec!["《食品安全法》第一百一十条"]);
        let bad =
            SpotCheckItem { ratio_percent: 0, method: " ".into(), basis: vec!["无依据".into()], ..item.clone() };
        let e = validate_spot_checks(vec![item, bad]).unwrap_err();
        let all = e.errors.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("\n");
        assert!(all.contains("第2项的抽查事项编码“SJ-01”重复"), "{all}");
        assert!(all.contains("第2项的抽查比例应为1%至100%"), "{all}");
        assert!(all.contains("第2项缺少检查方式"), "{all}");
        assert!(all.contains("第2项的检查依据"), "{all}");
        let e = validate(ListKind::SpotCheck, serde_json::json!([{"code": 1}]), "").unwrap_err();
        assert!(e.errors.iter().any(|x| x.message.starts_with("抽查事项清单格式有误：应为数组")));
        assert!(e.errors.iter().all(|x| !x.message.contains("invalid type")), "no serde English: {e:?}");
        let fields: Vec<_> = e.errors.iter().map(|x| x.field.clone()).collect();
        assert!(fields.contains(&"reason".to_string()) && fields.contains(&"items".to_string()), "{fields:?}");
    }
}
