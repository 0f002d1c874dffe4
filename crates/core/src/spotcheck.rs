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

#[cfg(test)]
mod tests {
    use super::*;

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
