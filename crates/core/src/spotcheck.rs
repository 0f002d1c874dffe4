//! 双随机一公开: the roster of inspection objects (检查对象名录库) of a body, as the draw of
//! `crate::draw` reads it (国办发〔2015〕58号; `shared/docs/supervision.md` §5-6).
//!
//! A roster is imported whole from a table (CSV or a workbook, one object a row): every row is
//! checked, every problem is reported with its row and column, and nothing is stored unless all
//! rows pass. Each import is a new version; a version is never changed. Its canonical lines
//! (sorted by credit code) have a Merkle root, so that the roster a draw was announced over can
//! be proven afterwards. No I/O.

use crate::draw;
use crate::ids::CreditCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

crate::registry::coded_enum!(
    /// What kind of object (市场主体类型).
    ObjectKind, "主体类型" {
    /// 企业
    Enterprise = "enterprise" / "企业",
    /// 个体工商户
    Individual = "individual" / "个体工商户",
    /// 农民专业合作社
    Cooperative = "cooperative" / "农民专业合作社",
    /// 其他（社会组织、事业单位等）
    Other = "other" / "其他",
});

/// 信用风险分类 (the grade of the credit-risk classification, A lowest risk to D highest),
/// by which the frequency of inspections is differentiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RiskGrade {
    /// A类：信用风险低
    A,
    /// B类：信用风险一般
    B,
    /// C类：信用风险较高
    C,
    /// D类：信用风险高
    D,
}

impl RiskGrade {
    /// Every grade, lowest risk first.
    pub const ALL: [RiskGrade; 4] = [RiskGrade::A, RiskGrade::B, RiskGrade::C, RiskGrade::D];

    /// The stored code (`A` … `D`).
    pub fn code(self) -> &'static str {
        match self {
            RiskGrade::A => "A",
            RiskGrade::B => "B",
            RiskGrade::C => "C",
            RiskGrade::D => "D",
        }
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            RiskGrade::A => "A类（信用风险低）",
            RiskGrade::B => "B类（信用风险一般）",
            RiskGrade::C => "C类（信用风险较高）",
            RiskGrade::D => "D类（信用风险高）",
        }
    }

    /// From `A` … `D` (either width, either case), `A类`, or the Chinese name.
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = crate::ids::fold_width(s.trim()).to_ascii_uppercase();
        let letter = t.trim_end_matches('类');
        RiskGrade::ALL
            .into_iter()
            .find(|g| g.code() == letter || g.label() == s.trim())
            .ok_or_else(|| format!("信用风险分类“{}”无效，可选：A、B、C、D", s.trim()))
    }
}

/// A stored code read back.
impl TryFrom<String> for RiskGrade {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

/// One object of a roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterObject {
    /// 统一社会信用代码 (GB 32100, checked)
    pub credit_code: String,
    /// 名称
    pub name: String,
    /// 类型
    pub kind: ObjectKind,
    /// 行业 (empty: not given)
    pub industry: String,
    /// 所属区域 (街道、镇; empty: not given)
    pub area: String,
    /// 信用风险分类 (none: not graded)
    pub risk: Option<RiskGrade>,
    /// 列入经营异常名录
    pub abnormal: bool,
}

impl RosterObject {
    /// The canonical line of the object: its fields in a fixed order separated by `|` (which no
    /// field may contain).
    pub fn line(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}|{}",
            self.credit_code,
            self.name,
            self.kind.code(),
            self.industry,
            self.area,
            self.risk.map(RiskGrade::code).unwrap_or(""),
            if self.abnormal { 1 } else { 0 }
        )
    }
}

crate::registry::coded_enum!(
    /// How the objects of a roster are divided into strata for a draw (分层抽取).
    Strata, "分层方式" {
    /// one stratum: the whole roster
    None = "none" / "不分层",
    /// by kind
    Kind = "kind" / "按主体类型分层",
    /// by industry
    Industry = "industry" / "按行业分层",
    /// by area
    Area = "area" / "按区域分层",
    /// by credit-risk grade
    Risk = "risk" / "按信用风险分类分层",
});

impl Strata {
    /// The stratum of `o` (a missing value is its own stratum, named as missing).
    pub fn of(self, o: &RosterObject) -> String {
        let or = |s: &str, missing: &str| if s.is_empty() { missing.to_owned() } else { s.to_owned() };
        match self {
            Strata::None => "全部".to_owned(),
            Strata::Kind => o.kind.label().to_owned(),
            Strata::Industry => or(&o.industry, "行业未填"),
            Strata::Area => or(&o.area, "区域未填"),
            Strata::Risk => o.risk.map(|r| r.code().to_owned()).unwrap_or_else(|| "未分类".to_owned()),
        }
    }

    /// The objects of a draw: `credit code|stratum`.
    pub fn objects(self, roster: &[RosterObject]) -> Vec<draw::Object> {
        roster.iter().map(|o| draw::Object { key: o.credit_code.clone(), stratum: self.of(o) }).collect()
    }
}

/// One problem of an imported table: its row (as a spreadsheet numbers it, the header being
/// row 1), its column (the header's name) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RowError {
    /// row number in the file (the header is row 1)
    pub row: usize,
    /// the column's header
    pub column: String,
    /// what is wrong
    pub message: String,
}

/// The columns of a roster table: (field, header). The header may also be the field's name.
pub const COLUMNS: [(&str, &str); 7] = [
    ("credit_code", "统一社会信用代码"),
    ("name", "名称"),
    ("kind", "类型"),
    ("industry", "行业"),
    ("area", "所属区域"),
    ("risk", "信用风险分类"),
    ("abnormal", "经营异常"),
];

/// Columns that must be present.
const REQUIRED: [&str; 3] = ["credit_code", "name", "kind"];

/// At most this many objects in one roster.
pub const MAX_OBJECTS: usize = 500_000;

fn header_of(field: &str) -> &'static str {
    COLUMNS.iter().find(|(f, _)| *f == field).map(|(_, h)| *h).unwrap_or("")
}

fn text_cell(errors: &mut Vec<RowError>, row: usize, field: &str, value: &str, max: usize) -> String {
    let t = value.trim();
    if t.chars().count() > max {
        errors.push(RowError { row, column: header_of(field).into(), message: format!("不能超过{max}个字") });
    } else if t.chars().any(|c| c == '|' || c.is_control()) {
        errors.push(RowError { row, column: header_of(field).into(), message: "含有竖线或控制字符".into() });
    }
    t.to_owned()
}

fn parse_flag(s: &str) -> Result<bool, String> {
    match s.trim() {
        "" | "否" | "0" | "false" | "FALSE" | "False" | "N" | "n" | "无" => Ok(false),
        "是" | "1" | "true" | "TRUE" | "True" | "Y" | "y" | "有" => Ok(true),
        t => Err(format!("“{t}”应为“是”或“否”")),
    }
}

/// Reads a roster from a table's header and rows: every row checked, every problem reported;
/// the objects sorted by credit code, or all the problems.
pub fn parse_roster(header: &[String], rows: &[Vec<String>]) -> Result<Vec<RosterObject>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        if let Some((field, _)) = COLUMNS.iter().find(|(f, name)| *f == h || *name == h)
            && at.insert(field, i).is_some()
        {
            errors.push(RowError { row: 1, column: header_of(field).into(), message: "列重复".into() });
        }
    }
    for field in REQUIRED {
        if !at.contains_key(field) {
            errors.push(RowError { row: 1, column: header_of(field).into(), message: "缺少此列".into() });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.len() > MAX_OBJECTS {
        return Err(vec![RowError {
            row: MAX_OBJECTS + 2,
            column: String::new(),
            message: format!("名录至多{MAX_OBJECTS}条"),
        }]);
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for (i, cells) in rows.iter().enumerate() {
        let row = i + 2;
        let cell = |field: &str| at.get(field).and_then(|&j| cells.get(j)).map(String::as_str).unwrap_or("");
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let before = errors.len();
        let code = match CreditCode::parse(cell("credit_code")) {
            Ok(c) => c.as_str().to_owned(),
            Err(m) => {
                errors.push(RowError { row, column: header_of("credit_code").into(), message: m });
                String::new()
            }
        };
        let name = text_cell(&mut errors, row, "name", cell("name"), 200);
        if name.is_empty() {
            errors.push(RowError { row, column: header_of("name").into(), message: "不能为空".into() });
        }
        let kind = ObjectKind::parse(cell("kind"))
            .map_err(|m| errors.push(RowError { row, column: header_of("kind").into(), message: m }))
            .ok();
        let industry = text_cell(&mut errors, row, "industry", cell("industry"), 100);
        let area = text_cell(&mut errors, row, "area", cell("area"), 100);
        let risk = match cell("risk").trim() {
            "" => None,
            r => RiskGrade::parse(r)
                .map_err(|m| errors.push(RowError { row, column: header_of("risk").into(), message: m }))
                .ok(),
        };
        let abnormal = parse_flag(cell("abnormal"))
            .map_err(|m| errors.push(RowError { row, column: header_of("abnormal").into(), message: m }))
            .unwrap_or(false);
        if !code.is_empty()
            && let Some(first) = seen.insert(code.clone(), row)
        {
            errors.push(RowError {
                row,
                column: header_of("credit_code").into(),
                message: format!("与第{first}行重复"),
            });
        }
        if errors.len() > before {
            continue;
        }
        if let Some(kind) = kind {
            out.push(RosterObject { credit_code: code, name, kind, industry, area, risk, abnormal });
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(RowError { row: 2, column: String::new(), message: "名录没有任何对象".into() });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.sort_by(|a, b| a.credit_code.cmp(&b.credit_code));
    Ok(out)
}

/// The Merkle root (RFC 9162 over SM3, as the draw's) of a roster's canonical lines, in
/// credit-code order.
pub fn roster_root(roster: &[RosterObject]) -> zhifa_ledger::Hash {
    let mut lines: Vec<String> = roster.iter().map(RosterObject::line).collect();
    lines.sort();
    draw::lines_root(&lines)
}

crate::registry::coded_enum!(
    /// Where a spot-check task stands.
    TaskStatus, "抽查任务状态" {
    /// announced: the rosters and the entropy source are fixed, the entropy is not yet public
    Announced = "announced" / "已公告，待抽取",
    /// drawn: the objects and their inspectors are drawn and published
    Drawn = "drawn" / "已抽取并公示",
});

/// A spot-check task as entered: one batch of one body's plan (or a joint task led by it).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TaskInput {
    /// 任务名称
    pub title: String,
    /// 牵头执法主体 (default: the caller's body)
    pub body_id: Option<i64>,
    /// 抽查事项编码（本机关“双随机”抽查事项清单中的事项）
    pub item_code: String,
    /// 执法领域（检查人员须持有该领域的有效执法证件；默认取事项对应权责事项的领域）
    pub domain: String,
    /// 检查对象名录版本 (default: the body's latest)
    pub roster_id: Option<i64>,
    /// 分层方式 (code or label; default 不分层)
    pub strata: String,
    /// 抽取比例（百分之几，可带两位小数；与 `count` 二选一）
    pub percent: Option<String>,
    /// 每层抽取的数量
    pub count: Option<u32>,
    /// 每个对象的检查人员数（联合抽查时为每个部门的人数；默认 2）
    pub per_object: Option<u32>,
    /// 每个对象的备选人员数（默认 1）
    pub reserves: Option<u32>,
    /// 每名检查人员至多检查的对象数（0 不限）
    pub cap: u32,
    /// 联合抽查的其他执法主体
    pub joint_body_ids: Vec<i64>,
    /// 回避：每行“统一社会信用代码|执法证号”
    pub conflicts: String,
    /// 随机源：事先确定、尚未产生的公开结果（如某期福利彩票开奖号码、drand 某轮）
    pub entropy_source: String,
    /// 随机源公布时间 (RFC 3339, or `YYYY-MM-DD HH:MM` in Asia/Shanghai)
    pub entropy_at: String,
}

/// A checked task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDraft {
    /// 任务名称
    pub title: String,
    /// 牵头执法主体
    pub body_id: i64,
    /// 抽查事项编码
    pub item_code: String,
    /// 执法领域 (empty: the item's)
    pub domain: String,
    /// 名录版本
    pub roster_id: Option<i64>,
    /// 分层方式
    pub strata: Strata,
    /// the draw's rules
    pub params: draw::Params,
    /// 联合抽查的其他执法主体 (sorted, without the lead)
    pub joint_body_ids: Vec<i64>,
    /// 回避 pairs (credit code, certificate number)
    pub conflicts: Vec<(String, String)>,
    /// 随机源
    pub entropy_source: String,
    /// 随机源公布时间
    pub entropy_at: chrono::DateTime<chrono::Utc>,
}

/// A percentage with up to two decimals as a reduced fraction: `2.5` → 1/40.
pub fn parse_percent(s: &str) -> Result<(u32, u32), String> {
    let t = crate::ids::fold_width(s.trim());
    let t = t.trim_end_matches('%').trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let bad = || format!("比例“{}”应为0至100之间的数，至多两位小数", s.trim());
    if int.is_empty()
        || int.len() > 3
        || frac.len() > 2
        || !(int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()))
    {
        return Err(bad());
    }
    let hundredths: u32 = format!("{int}{frac:0<2}").parse().map_err(|_| bad())?;
    if hundredths == 0 || hundredths > 10_000 {
        return Err(bad());
    }
    let (mut a, mut b) = (hundredths, 10_000u32);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    Ok((hundredths / a, 10_000 / a))
}

impl TaskInput {
    /// Checks the input at `now` for a caller of `own_body`: the entropy must not be public yet.
    pub fn check(
        &self,
        own_body: Option<i64>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<TaskDraft, crate::error::Invalid> {
        use crate::error::{Invalid, required_text};
        let mut e = Invalid::default();
        let title = required_text(&mut e, "title", "任务名称", &self.title, 100);
        let body_id = self.body_id.or(own_body);
        if body_id.is_none() {
            e.push("body_id", "请选择牵头执法主体");
        }
        let item_code = required_text(&mut e, "item_code", "抽查事项", &self.item_code, 50);
        let domain = self.domain.trim().to_owned();
        if domain.chars().count() > 30 {
            e.push("domain", "执法领域过长");
        }
        let strata = if self.strata.trim().is_empty() {
            Some(Strata::None)
        } else {
            e.check("strata", Strata::parse(&self.strata))
        };
        let quota = match (self.percent.as_deref().map(str::trim).filter(|p| !p.is_empty()), self.count) {
            (Some(p), None) => e.check("percent", parse_percent(p)).map(|(num, den)| draw::Quota::Ratio { num, den }),
            (None, Some(c)) => Some(draw::Quota::Count { count: c }),
            (None, None) => {
                e.push("percent", "请填写抽取比例或每层抽取数量");
                None
            }
            (Some(_), Some(_)) => {
                e.push("count", "抽取比例和数量只能填写一项");
                None
            }
        };
        let mut joint: Vec<i64> = self.joint_body_ids.iter().copied().filter(|b| Some(*b) != body_id).collect();
        joint.sort_unstable();
        joint.dedup();
        // The people's rules are checked whatever the quota's fate.
        let rules = draw::Params {
            quota: quota.unwrap_or(draw::Quota::Count { count: 1 }),
            per_object: self.per_object.unwrap_or(2),
            reserves: self.reserves.unwrap_or(1),
            cap: self.cap,
            avoid_own_group: false,
            joint: !joint.is_empty(),
        };
        if let Err(x) = rules.check() {
            for f in x.errors {
                e.push(if f.field == "quota" { "percent" } else { &f.field }, f.message);
            }
        }
        let params = quota.map(|_| rules);
        let mut conflicts = Vec::new();
        for line in self.conflicts.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.split_once(['|', '｜']) {
                Some((c, a)) if !c.trim().is_empty() && !a.trim().is_empty() => {
                    conflicts.push((c.trim().to_ascii_uppercase(), a.trim().to_owned()))
                }
                _ => e.push("conflicts", format!("回避“{line}”应写作“统一社会信用代码|执法证号”")),
            }
        }
        let entropy_source = required_text(&mut e, "entropy_source", "随机源", &self.entropy_source, 500);
        let entropy_at = e.check("entropy_at", crate::supervision::evaluation::parse_instant(&self.entropy_at));
        if let Some(t) = entropy_at
            && t <= now
        {
            e.push("entropy_at", "随机源公布时间应晚于公告时间：只能约定尚未产生的公开结果");
        }
        match (body_id, strata, params, entropy_at) {
            (Some(body_id), Some(strata), Some(params), Some(entropy_at)) if e.is_empty() => Ok(TaskDraft {
                title,
                body_id,
                item_code,
                domain,
                roster_id: self.roster_id,
                strata,
                params,
                joint_body_ids: joint,
                conflicts,
                entropy_source,
                entropy_at,
            }),
            _ => Err(e),
        }
    }
}

/// An inspector as drawn and stored with a pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PickedInspector {
    /// 执法证号
    pub certificate: String,
    /// the officer
    pub officer_id: i64,
    /// 姓名
    pub name: String,
    /// 执法主体
    pub body_id: i64,
    /// their score for the object, hex
    pub score: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_become_reduced_fractions() {
        assert_eq!(parse_percent("3"), Ok((3, 100)));
        assert_eq!(parse_percent("2.5%"), Ok((1, 40)));
        assert_eq!(parse_percent("０.０５"), Ok((1, 2000)));
        assert_eq!(parse_percent("100"), Ok((1, 1)));
        for bad in ["0", "101", "1.234", "abc", "", "-3"] {
            assert!(parse_percent(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_task_names_each_bad_field() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let e = TaskInput {
            strata: "按星座".into(),
            percent: Some("3".into()),
            count: Some(2),
            entropy_at: "2020-01-01 10:00".into(),
            conflicts: "没有竖线".into(),
            ..Default::default()
        }
        .check(None, now)
        .unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
        for f in ["title", "body_id", "item_code", "strata", "count", "conflicts", "entropy_source", "entropy_at"] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        let ok = TaskInput {
            title: "2026年第一批".into(),
            item_code: "CC-01".into(),
            percent: Some("5".into()),
            joint_body_ids: vec![7, 3, 7],
            entropy_source: "drand 第100轮".into(),
            entropy_at: "2028-01-01 10:00".into(),
            ..Default::default()
        }
        .check(Some(3), now)
        .unwrap();
        assert_eq!(ok.joint_body_ids, vec![7]);
        assert!(ok.params.joint);
        assert_eq!(ok.params.quota, draw::Quota::Ratio { num: 1, den: 20 });
    }

    fn code(first17: &str) -> String {
        format!("{first17}{}", crate::ids::credit_code_check_char(first17).unwrap())
    }

    fn table(rows: &[[&str; 7]]) -> (Vec<String>, Vec<Vec<String>>) {
        let header = COLUMNS.iter().map(|(_, h)| h.to_string()).collect();
        (header, rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect())
    }

    #[test]
    fn a_good_table_reads_sorted_with_its_kinds_grades_and_flags() {
        let (a, b) = (code("91120224MA0000001"), code("91120224MA0000000"));
        let (h, rows) = table(&[
            [&a, "天津甲商贸有限公司", "企业", "批发零售", "宝平街道", "ｂ", "否"],
            [&b, "宝坻区乙餐馆", "个体工商户", "餐饮服务", "", "D类", "是"],
        ]);
        let r = parse_roster(&h, &rows).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].credit_code, b);
        assert_eq!((r[0].kind, r[0].risk, r[0].abnormal), (ObjectKind::Individual, Some(RiskGrade::D), true));
        assert_eq!((r[1].risk, r[1].abnormal), (Some(RiskGrade::B), false));
        assert_eq!(Strata::Area.of(&r[0]), "区域未填");
        assert_eq!(Strata::Risk.of(&r[1]), "B");
        // The order of the rows does not change the root; a changed field does.
        let (h2, mut rows2) = table(&[
            [&b, "宝坻区乙餐馆", "个体工商户", "餐饮服务", "", "D", "是"],
            [&a, "天津甲商贸有限公司", "enterprise", "批发零售", "宝平街道", "B", ""],
        ]);
        assert_eq!(roster_root(&parse_roster(&h2, &rows2).unwrap()), roster_root(&r));
        rows2[0][4] = "宝平街道".into();
        assert_ne!(roster_root(&parse_roster(&h2, &rows2).unwrap()), roster_root(&r));
    }

    #[test]
    fn every_bad_row_is_named_by_row_and_column_and_nothing_is_read() {
        let a = code("91120224MA0000001");
        let (h, rows) = table(&[
            [&a, "甲公司", "企业", "", "", "", ""],
            ["91120224MA00000012", "乙公司", "企业", "", "", "", ""],
            [&a, "丙公司", "公司", "", "", "E", "也许"],
            ["", "", "", "", "", "", ""],
            [&code("91120224MA0000002"), "", "企业", "", "", "", ""],
        ]);
        let e = parse_roster(&h, &rows).unwrap_err();
        let got: Vec<(usize, &str)> = e.iter().map(|e| (e.row, e.column.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (3, "统一社会信用代码"),
                (4, "类型"),
                (4, "信用风险分类"),
                (4, "经营异常"),
                (4, "统一社会信用代码"),
                (6, "名称"),
            ],
            "{e:?}"
        );
        assert!(e[4].message.contains("第2行"), "{e:?}");
    }

    #[test]
    fn a_missing_column_is_named_and_the_header_may_use_field_names() {
        let e = parse_roster(&["名称".into(), "类型".into()], &[]).unwrap_err();
        assert_eq!((e[0].row, e[0].column.as_str(), e[0].message.as_str()), (1, "统一社会信用代码", "缺少此列"));
        let a = code("91120224MA0000001");
        let r = parse_roster(
            &["credit_code".into(), "name".into(), "kind".into()],
            &[vec![a.clone(), "甲公司".into(), "other".into()]],
        )
        .unwrap();
        assert_eq!((r[0].kind, r[0].risk, r[0].industry.as_str()), (ObjectKind::Other, None, ""));
        let e = parse_roster(&["credit_code".into(), "name".into(), "kind".into()], &[]).unwrap_err();
        assert!(e[0].message.contains("没有任何对象"));
    }

    #[test]
    fn a_bar_or_control_character_cannot_forge_a_line() {
        let a = code("91120224MA0000001");
        let (h, rows) = table(&[[&a, "甲|企业", "企业", "批发\u{7}", "", "", ""]]);
        let e = parse_roster(&h, &rows).unwrap_err();
        assert_eq!(e.iter().map(|e| e.column.as_str()).collect::<Vec<_>>(), ["名称", "行业"]);
    }
}
