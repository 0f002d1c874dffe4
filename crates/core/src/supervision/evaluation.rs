//! 案卷评查: scoring standards as versioned data, a reviewer's score sheet, the settling of
//! two (or three) reviewers' scores into a file's result, and a body's result
//! (`shared/docs/supervision.md` §3; seed §三(四)1, §六(二)).
//!
//! A standard has **veto items** (主体不合法, 无执法资格 …) and **categories** with points, each
//! with deduction items. Deductions are taken per category and never below zero in a category.
//! A veto either scores the file 0 (测绘 standard, Zhejiang "扣100分") or keeps it from being
//! rated 优秀 (a 细则 variant), as the standard says. Grades: ≥ 90 优秀, 60–89.5 合格,
//! < 60 不合格; a body's score is the mean of its files'. Two reviewers from other bodies score
//! each file; where their totals differ by more than the campaign's gap a third decides.
//!
//! Points are kept in tenths (89.5 分 = 895) so that half points are exact. No I/O.

use crate::error::Invalid;
use crate::registry::coded_enum;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

coded_enum!(
    /// What a veto does to the file's score.
    VetoMode, "否决方式" {
    /// the file scores 0
    Zero = "zero" / "否决项成立的案卷计0分",
    /// the file may not be rated 优秀 (its score is capped at 89.5)
    NotExcellent = "not_excellent" / "否决项成立的案卷不得评为优秀",
});

coded_enum!(
    /// A file's or a body's grade.
    Grade, "评查等次" {
    /// ≥ 90
    Excellent = "excellent" / "优秀",
    /// 60 – 89.5
    Pass = "pass" / "合格",
    /// < 60
    Fail = "fail" / "不合格",
});

coded_enum!(
    /// Where a campaign stands.
    CampaignStatus, "评查活动状态" {
    /// announced: the rosters and the entropy source are fixed, the entropy not yet public
    Announced = "announced" / "已公告待抽取",
    /// drawn: the reviewers score
    Drawn = "drawn" / "评查中",
    /// its results are published
    Published = "published" / "结果已公布",
});

coded_enum!(
    /// Where a drawn file stands.
    FileStatus, "案卷评查状态" {
    /// the reviewers score
    Reviewing = "reviewing" / "评查中",
    /// the two differ by more than the gap: a third reviewer decides
    NeedsThird = "needs_third" / "待第三人评查",
    /// its result is settled
    Settled = "settled" / "已定分",
});

coded_enum!(
    /// A reviewer's place on a file.
    SheetRole, "评查人" {
    /// the first drawn
    First = "first" / "第一评查人",
    /// the second drawn
    Second = "second" / "第二评查人",
    /// the reserve, called in where the two differ by more than the gap
    Third = "third" / "第三评查人",
});

/// The grade of a total in tenths.
pub fn grade(total: u32) -> Grade {
    match total {
        900.. => Grade::Excellent,
        600.. => Grade::Pass,
        _ => Grade::Fail,
    }
}

/// Tenths as points: 895 → "89.5".
pub fn points(tenths: u32) -> String {
    if tenths.is_multiple_of(10) { (tenths / 10).to_string() } else { format!("{}.{}", tenths / 10, tenths % 10) }
}

/// Parses points as typed (`5`, `2.5`) into tenths.
pub fn parse_points(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let bad = || format!("分值“{t}”应为不超过一位小数的非负数，如 5 或 2.5");
    let (whole, tenth) = match t.split_once('.') {
        Some((w, f)) if f.len() == 1 => (w, f),
        Some(_) => return Err(bad()),
        None => (t, "0"),
    };
    let w: u32 = whole.parse().map_err(|_| bad())?;
    let f: u32 = tenth.parse().map_err(|_| bad())?;
    if w > 100 {
        return Err(bad());
    }
    Ok(w * 10 + f)
}

/// A veto item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VetoItem {
    /// its code within the standard
    pub code: String,
    /// what it says
    pub label: String,
    /// the warning rules whose clues on the case propose it
    #[serde(default)]
    pub rules: Vec<String>,
}

/// A deduction item of a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    /// its code within the standard
    pub code: String,
    /// what it says
    pub label: String,
    /// the most one finding of it deducts, tenths
    pub points: u32,
    /// the warning rules (W01 …) or platform checks (`archive`, `documents`) whose findings
    /// on the case propose it
    #[serde(default)]
    pub rules: Vec<String>,
}

/// A category with its points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// its code within the standard
    pub code: String,
    /// its name
    pub label: String,
    /// its points, tenths
    pub points: u32,
    /// what a reviewer may deduct
    pub items: Vec<Deduction>,
}

/// A scoring standard (评查标准): one version of it. A new version is a new row; results
/// scored under an older one keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// its name
    pub name: String,
    /// what a veto does (code)
    #[schema(value_type = String)]
    pub veto_mode: VetoMode,
    /// the veto items
    pub vetoes: Vec<VetoItem>,
    /// the categories, whose points add up to 100
    pub categories: Vec<Category>,
}

impl Standard {
    /// Checks a standard as a bureau would write it.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        if self.name.trim().is_empty() {
            e.push("name", "标准名称不能为空");
        }
        if self.categories.is_empty() {
            e.push("categories", "标准至少应有一个评分类别");
        }
        if self.name.chars().count() > 100 {
            e.push("name", "标准名称不能超过100个字");
        }
        let total: u64 = self.categories.iter().map(|c| c.points as u64).sum();
        if total != 1000 {
            e.push(
                "categories",
                format!("各类别分值合计应为100分，现为{}分", points(total.min(u32::MAX as u64) as u32)),
            );
        }
        let items = self.vetoes.len() + self.categories.iter().map(|c| c.items.len() + 1).sum::<usize>();
        if items > 500 {
            e.push("categories", "标准的项目不能超过500项");
        }
        let mut codes = BTreeSet::new();
        let mut seen = |e: &mut Invalid, field: &str, code: &str, label: &str| {
            if code.trim().is_empty() || label.trim().is_empty() {
                e.push(field, "每一项都应有代码和名称");
            } else if code.chars().count() > 20 || label.chars().count() > 200 {
                e.push(field, format!("项目“{code}”的代码不能超过20个字符、名称不能超过200个字"));
            } else if !codes.insert(code.to_owned()) {
                e.push(field, format!("代码“{code}”重复"));
            }
        };
        for v in &self.vetoes {
            seen(&mut e, "vetoes", &v.code, &v.label);
        }
        for c in &self.categories {
            seen(&mut e, "categories", &c.code, &c.label);
            if c.points == 0 {
                e.push("categories", format!("类别“{}”的分值应大于零", c.label));
            }
            for d in &c.items {
                seen(&mut e, "categories", &d.code, &d.label);
                if d.points == 0 || d.points > c.points {
                    e.push("categories", format!("扣分项“{}”的分值应大于零且不超过所属类别的分值", d.label));
                }
            }
        }
        e.into_result(())
    }

    /// The deduction item of a code, with its category.
    pub fn deduction(&self, code: &str) -> Option<(&Category, &Deduction)> {
        self.categories.iter().find_map(|c| c.items.iter().find(|d| d.code == code).map(|d| (c, d)))
    }

    /// The veto item of a code.
    pub fn veto(&self, code: &str) -> Option<&VetoItem> {
        self.vetoes.iter().find(|v| v.code == code)
    }
}

fn veto(code: &str, label: &str, rules: &[&str]) -> VetoItem {
    VetoItem { code: code.into(), label: label.into(), rules: rules.iter().map(|r| r.to_string()).collect() }
}

fn item(code: &str, label: &str, points: u32, rules: &[&str]) -> Deduction {
    Deduction { code: code.into(), label: label.into(), points, rules: rules.iter().map(|r| r.to_string()).collect() }
}

fn category(code: &str, label: &str, points: u32, items: Vec<Deduction>) -> Category {
    Category { code: code.into(), label: label.into(), points, items }
}

/// The default standard (`supervision.md` §3): a body's or the bureau's own version replaces it.
pub fn default_standard() -> Standard {
    Standard {
        name: "行政执法案卷评查标准（默认）".into(),
        veto_mode: VetoMode::Zero,
        vetoes: vec![
            veto("V1", "执法主体不合法", &[]),
            veto("V2", "执法人员无执法资格", &[]),
            veto("V3", "超越法定职权", &[]),
            veto("V4", "认定事实不清、主要证据不足", &[]),
            veto("V5", "适用法律、法规错误", &[]),
            veto("V6", "违反法定程序且情节严重", &[]),
            veto("V7", "执法人员少于两人", &["W03"]),
            veto("V8", "应当移送而未移送", &[]),
        ],
        categories: vec![
            category(
                "C1",
                "主体合法",
                50,
                vec![
                    item("C1.1", "执法人员当日无本领域有效执法证件或证件不符", 50, &["W04"]),
                    item("C1.2", "执法事项不在本机关权责清单内", 50, &["W06"]),
                    item("C1.3", "委托执法手续不全", 30, &[]),
                ],
            ),
            category(
                "C2",
                "事实清楚、证据确凿",
                250,
                vec![
                    item("C2.1", "认定的事实缺少对应证据", 50, &[]),
                    item("C2.2", "笔录未经当事人或执法人员签名", 30, &[]),
                    item("C2.3", "证据的充分性、关联性不足", 100, &[]),
                    item("C2.4", "证据来源、形式不合法", 50, &[]),
                ],
            ),
            category(
                "C3",
                "适用法律正确",
                150,
                vec![
                    item("C3.1", "引用条款不具体（未引至条、款、项）或已失效", 50, &[]),
                    item("C3.2", "违法行为定性不准确", 100, &[]),
                ],
            ),
            category(
                "C4",
                "程序合法",
                250,
                vec![
                    item("C4.1", "办案超过法定期限", 50, &["W01"]),
                    item("C4.2", "决定书送达超期或无送达回证", 50, &["W02"]),
                    item("C4.3", "应当法制审核而未审核", 100, &["W09"]),
                    item("C4.4", "未告知听证权利或听证程序不当", 50, &["W10"]),
                    item("C4.5", "未告知陈述申辩权或未回应陈述申辩", 50, &[]),
                    item("C4.6", "现场执法人员不足两人的记录", 50, &["W03"]),
                ],
            ),
            category(
                "C5",
                "裁量适当、说理充分",
                100,
                vec![item("C5.1", "罚款超出法定幅度或裁量基准", 50, &["W07"]), item("C5.2", "裁量理由不充分", 50, &[])],
            ),
            category(
                "C6",
                "文书规范",
                100,
                vec![
                    item("C6.1", "文书缺少法定要素（《行政处罚法》第五十九条）", 50, &["documents"]),
                    item("C6.2", "文书用语、文字、格式不规范", 20, &[]),
                ],
            ),
            category(
                "C7",
                "归档规范",
                100,
                vec![
                    item("C7.1", "未一案一卷或卷内文件缺失、顺序不符", 50, &["archive"]),
                    item("C7.2", "音像记录未随案归档", 50, &["W11"]),
                ],
            ),
        ],
    }
}

/// A fact the platform found on the case by itself: a warning clue (its rule) or a check
/// (`archive`, `documents`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Finding {
    /// the rule or check (W01 …, `archive`, `documents`)
    pub rule: String,
    /// what it found
    pub summary: String,
    /// where to see it (a clue's page, the archive check)
    pub reference: String,
}

/// A veto marked on a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VetoMark {
    /// the veto item's code
    pub code: String,
    /// why
    pub reason: String,
    /// the platform's findings it rests on (pre-filled)
    #[serde(default)]
    pub evidence: Vec<Finding>,
}

/// A deduction marked on a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Mark {
    /// the deduction item's code
    pub code: String,
    /// tenths deducted (at most the item's points)
    pub points: u32,
    /// why
    pub reason: String,
    /// the platform's findings it rests on (pre-filled)
    #[serde(default)]
    pub evidence: Vec<Finding>,
}

/// A reviewer's score sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Sheet {
    /// vetoes found
    #[serde(default)]
    pub vetoes: Vec<VetoMark>,
    /// deductions
    #[serde(default)]
    pub deductions: Vec<Mark>,
    /// the reviewer's overall comment
    #[serde(default)]
    pub comment: String,
}

/// The sheet the platform proposes: each veto and deduction item whose rules found something
/// on the case, with the findings as evidence, at the item's full points. The reviewer keeps,
/// lowers or strikes each.
pub fn prefill(standard: &Standard, findings: &[Finding]) -> Sheet {
    let of = |rules: &[String]| -> Vec<Finding> {
        findings.iter().filter(|f| rules.iter().any(|r| r == &f.rule)).cloned().collect()
    };
    let summary =
        |ev: &[Finding]| ev.iter().map(|f| format!("{}：{}", f.rule, f.summary)).collect::<Vec<_>>().join("；");
    let mut sheet = Sheet::default();
    for v in &standard.vetoes {
        let ev = of(&v.rules);
        if !ev.is_empty() {
            sheet.vetoes.push(VetoMark {
                code: v.code.clone(),
                reason: format!("平台核查发现：{}", summary(&ev)),
                evidence: ev,
            });
        }
    }
    for c in &standard.categories {
        for d in &c.items {
            let ev = of(&d.rules);
            if !ev.is_empty() {
                sheet.deductions.push(Mark {
                    code: d.code.clone(),
                    points: d.points,
                    reason: format!("平台核查发现：{}", summary(&ev)),
                    evidence: ev,
                });
            }
        }
    }
    sheet
}

/// One category's result on a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CategoryScore {
    /// the category's code
    pub code: String,
    /// its name
    pub label: String,
    /// its points, tenths
    pub points: u32,
    /// deducted (never more than its points), tenths
    pub deducted: u32,
    /// earned, tenths
    pub earned: u32,
}

/// A sheet's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Scored {
    /// per category
    pub categories: Vec<CategoryScore>,
    /// whether a veto was found
    pub vetoed: bool,
    /// the total, tenths, after the veto
    pub total: u32,
    /// its grade (code)
    #[schema(value_type = String)]
    pub grade: Grade,
}

/// Scores a sheet under a standard, refusing a sheet that names an item the standard does not
/// have, deducts more than an item's points, or leaves a reason out.
pub fn score(standard: &Standard, sheet: &Sheet) -> Result<Scored, Invalid> {
    let mut e = Invalid::default();
    let mut vetoes = BTreeSet::new();
    for v in &sheet.vetoes {
        match standard.veto(&v.code) {
            None => e.push("vetoes", format!("否决项“{}”不在本标准中", v.code)),
            Some(item) => {
                if !vetoes.insert(&v.code) {
                    e.push("vetoes", format!("否决项“{}”重复", item.label));
                }
                if v.reason.trim().is_empty() {
                    e.push("vetoes", format!("否决项“{}”应写明理由", item.label));
                } else if v.reason.chars().count() > 1000 {
                    e.push("vetoes", format!("否决项“{}”的理由不能超过1000个字", item.label));
                }
            }
        }
    }
    let mut deducted: BTreeMap<&str, u32> = BTreeMap::new();
    let mut marked = BTreeSet::new();
    for m in &sheet.deductions {
        match standard.deduction(&m.code) {
            None => e.push("deductions", format!("扣分项“{}”不在本标准中", m.code)),
            Some((c, d)) => {
                if !marked.insert(&m.code) {
                    e.push("deductions", format!("扣分项“{}”重复", d.label));
                }
                if m.points == 0 || m.points > d.points {
                    e.push("deductions", format!("扣分项“{}”扣分应大于零且不超过{}分", d.label, points(d.points)));
                }
                if m.reason.trim().is_empty() {
                    e.push("deductions", format!("扣分项“{}”应写明扣分理由", d.label));
                } else if m.reason.chars().count() > 1000 {
                    e.push("deductions", format!("扣分项“{}”的理由不能超过1000个字", d.label));
                }
                let sum = deducted.entry(c.code.as_str()).or_default();
                *sum = sum.saturating_add(m.points);
            }
        }
    }
    if sheet.comment.chars().count() > 2000 {
        e.push("comment", "评查意见不能超过2000个字");
    }
    e.into_result(())?;
    let categories: Vec<CategoryScore> = standard
        .categories
        .iter()
        .map(|c| {
            let d = deducted.get(c.code.as_str()).copied().unwrap_or(0).min(c.points);
            CategoryScore {
                code: c.code.clone(),
                label: c.label.clone(),
                points: c.points,
                deducted: d,
                earned: c.points - d,
            }
        })
        .collect();
    let sum: u32 = categories.iter().map(|c| c.earned).sum();
    let vetoed = !vetoes.is_empty();
    let total = match (vetoed, standard.veto_mode) {
        (false, _) => sum,
        (true, VetoMode::Zero) => 0,
        (true, VetoMode::NotExcellent) => sum.min(895),
    };
    Ok(Scored { categories, vetoed, total, grade: grade(total) })
}

/// Where a file stands once its reviewers have scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Settlement {
    /// not every assigned reviewer has scored
    Waiting,
    /// the two differ by more than the gap and no third has scored yet
    NeedsThird,
    /// the result, tenths
    Final {
        /// the file's score
        total: u32,
    },
}

/// Settles a file: the mean of the two reviewers' totals (rounded half up to a tenth) when
/// they differ by at most `gap` tenths, else the third reviewer's total.
pub fn settle(first: Option<u32>, second: Option<u32>, third: Option<u32>, gap: u32) -> Settlement {
    match (first, second) {
        (Some(a), Some(b)) if a.abs_diff(b) <= gap => Settlement::Final { total: (a + b).div_ceil(2) },
        (Some(_), Some(_)) => match third {
            Some(c) => Settlement::Final { total: c },
            None => Settlement::NeedsThird,
        },
        _ => Settlement::Waiting,
    }
}

/// A body's result: the mean of its files' totals (rounded half up to a tenth) and its grade.
pub fn body_result(totals: &[u32]) -> Option<(u32, Grade)> {
    if totals.is_empty() {
        return None;
    }
    let n = totals.len() as u64;
    let sum: u64 = totals.iter().map(|&t| t as u64).sum();
    let mean = ((2 * sum + n) / (2 * n)) as u32;
    Some((mean, grade(mean)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(code: &str, points: u32) -> Mark {
        Mark { code: code.into(), points, reason: "见卷宗".into(), evidence: vec![] }
    }

    #[test]
    fn the_default_standard_adds_up_to_one_hundred() {
        let s = default_standard();
        s.check().unwrap();
        assert_eq!(s.vetoes.len(), 8);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Standard>(&json).unwrap(), s);
    }

    #[test]
    fn a_bad_standard_is_refused_with_its_fields() {
        let mut s = default_standard();
        s.categories[0].points = 60;
        s.categories[1].items[0].code = "C1.1".into();
        s.categories[2].items[0].points = 500;
        let e = s.check().unwrap_err().to_string();
        assert!(e.contains("合计应为100分") && e.contains("重复") && e.contains("不超过所属类别"), "{e}");
    }

    #[test]
    fn points_are_typed_in_tenths() {
        assert_eq!(parse_points("5"), Ok(50));
        assert_eq!(parse_points(" 2.5 "), Ok(25));
        assert!(parse_points("2.55").is_err() && parse_points("-1").is_err() && parse_points("abc").is_err());
        assert!(parse_points("101").is_err());
    }

    #[test]
    fn grades_at_their_thresholds() {
        assert_eq!(grade(900), Grade::Excellent);
        assert_eq!(grade(895), Grade::Pass);
        assert_eq!(grade(600), Grade::Pass);
        assert_eq!(grade(595), Grade::Fail);
        assert_eq!(points(895), "89.5");
        assert_eq!(points(900), "90");
    }

    #[test]
    fn deductions_stop_at_zero_in_each_category() {
        let s = default_standard();
        // 主体合法 has 5 points; 5 + 5 + 3 deducted still leaves 0, not −8.
        let sheet = Sheet {
            deductions: vec![mark("C1.1", 50), mark("C1.2", 50), mark("C1.3", 30), mark("C4.1", 20)],
            ..Default::default()
        };
        let r = score(&s, &sheet).unwrap();
        assert_eq!(r.categories[0].earned, 0);
        assert_eq!(r.categories[0].deducted, 50);
        assert_eq!(r.total, 1000 - 50 - 20);
        assert_eq!(r.grade, Grade::Excellent);
    }

    #[test]
    fn both_veto_modes() {
        let mut s = default_standard();
        let sheet = Sheet {
            vetoes: vec![VetoMark {
                code: "V7".into(), reason: "现场笔录仅一名执法人员".into(), evidence: vec![]
            }],
            deductions: vec![mark("C6.2", 10)],
            comment: String::new(),
        };
        let r = score(&s, &sheet).unwrap();
        assert_eq!((r.total, r.grade, r.vetoed), (0, Grade::Fail, true));
        s.veto_mode = VetoMode::NotExcellent;
        let r = score(&s, &sheet).unwrap();
        assert_eq!((r.total, r.grade), (895, Grade::Pass));
    }

    #[test]
    fn a_sheet_names_only_the_standards_items_within_their_points_with_reasons() {
        let s = default_standard();
        let sheet = Sheet {
            vetoes: vec![VetoMark { code: "V99".into(), reason: "x".into(), evidence: vec![] }],
            deductions: vec![
                mark("C2.2", 40),
                Mark { code: "C2.1".into(), points: 10, reason: " ".into(), evidence: vec![] },
                mark("C2.1", 5),
            ],
            comment: String::new(),
        };
        let e = score(&s, &sheet).unwrap_err().to_string();
        assert!(e.contains("V99") && e.contains("不超过3分") && e.contains("扣分理由") && e.contains("重复"), "{e}");
    }

    #[test]
    fn the_platforms_findings_prefill_their_items() {
        let s = default_standard();
        let f = |rule: &str| Finding { rule: rule.into(), summary: "发现".into(), reference: "/warnings/1".into() };
        let sheet = prefill(&s, &[f("W01"), f("W03"), f("archive"), f("W20")]);
        let codes: Vec<&str> = sheet.deductions.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["C4.1", "C4.6", "C7.1"]);
        assert_eq!(sheet.vetoes.len(), 1);
        assert_eq!(sheet.vetoes[0].code, "V7");
        // A prefilled sheet scores as it stands.
        let r = score(&s, &sheet).unwrap();
        assert!(r.vetoed);
    }

    #[test]
    fn two_reviewers_settle_within_the_gap_and_a_third_decides_beyond_it() {
        assert_eq!(settle(Some(900), None, None, 100), Settlement::Waiting);
        assert_eq!(settle(Some(900), Some(800), None, 100), Settlement::Final { total: 850 });
        assert_eq!(settle(Some(901), Some(800), None, 100), Settlement::NeedsThird);
        assert_eq!(settle(Some(901), Some(800), Some(820), 100), Settlement::Final { total: 820 });
        // half up: 89.5 and 90 → 89.75 → 89.8
        assert_eq!(settle(Some(895), Some(900), None, 100), Settlement::Final { total: 898 });
    }

    #[test]
    fn a_body_is_the_mean_of_its_files() {
        assert_eq!(body_result(&[]), None);
        assert_eq!(body_result(&[900, 895]), Some((898, Grade::Pass)));
        assert_eq!(body_result(&[1000, 800]), Some((900, Grade::Excellent)));
    }
}

/// A campaign as the bureau asks for it (before the store fills in the rosters).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct CampaignInput {
    /// 名称
    pub title: String,
    /// 结案日期起 (YYYY-MM-DD)
    pub period_from: String,
    /// 结案日期止 (YYYY-MM-DD)
    pub period_to: String,
    /// 案件类型 codes (default: 行政处罚一般程序)
    #[serde(default)]
    pub kinds: Vec<String>,
    /// 评查标准 (default: the latest version)
    #[serde(default)]
    pub standard_id: Option<i64>,
    /// 每个执法主体抽取的比例（百分之几；与 `count` 二选一）
    #[serde(default)]
    pub percent: Option<u32>,
    /// 每个执法主体抽取的件数
    #[serde(default)]
    pub count: Option<u32>,
    /// 每名评查人至多评查的案卷数（0 不限）
    #[serde(default)]
    pub cap: u32,
    /// 两名评查人分差超过几分由第三人评查（默认 10 分）
    #[serde(default)]
    pub gap_points: Option<u32>,
    /// 评查人员账号 (default: every active 法制审核人员 of an enforcement body)
    #[serde(default)]
    pub reviewer_ids: Vec<i64>,
    /// 回避：`案号|账号`, one per line
    #[serde(default)]
    pub conflicts: String,
    /// 随机源：事先确定、尚未产生的公开结果（如某期福利彩票开奖号码、drand 某轮）
    pub entropy_source: String,
    /// 随机源公布时间 (RFC 3339, or `YYYY-MM-DD HH:MM` in Asia/Shanghai)
    pub entropy_at: String,
}

/// A checked campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignDraft {
    /// 名称
    pub title: String,
    /// 结案日期起
    pub period_from: chrono::NaiveDate,
    /// 结案日期止
    pub period_to: chrono::NaiveDate,
    /// 案件类型
    pub kinds: Vec<crate::case::CaseKind>,
    /// 评查标准
    pub standard_id: Option<i64>,
    /// the draw's parameters
    pub params: crate::draw::Params,
    /// tenths
    pub gap: u32,
    /// 评查人员
    pub reviewer_ids: Vec<i64>,
    /// 回避 pairs (case number, account)
    pub conflicts: Vec<(String, String)>,
    /// 随机源
    pub entropy_source: String,
    /// 随机源公布时间
    pub entropy_at: chrono::DateTime<chrono::Utc>,
}

/// Parses a time as RFC 3339 or `YYYY-MM-DD HH:MM` in Asia/Shanghai.
pub fn parse_instant(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let t = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&chrono::Utc));
    }
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(n) = chrono::NaiveDateTime::parse_from_str(t, f) {
            return n
                .and_local_timezone(crate::time::shanghai())
                .single()
                .map(|d| d.with_timezone(&chrono::Utc))
                .ok_or_else(|| format!("时间“{t}”无效"));
        }
    }
    Err(format!("时间“{t}”格式应为 YYYY-MM-DD HH:MM（北京时间）"))
}

impl CampaignInput {
    /// Checks the input at `now`: the entropy must not be public yet.
    pub fn check(&self, now: chrono::DateTime<chrono::Utc>) -> Result<CampaignDraft, Invalid> {
        use crate::error::required_text;
        let mut e = Invalid::default();
        let title = required_text(&mut e, "title", "评查活动名称", &self.title, 100);
        let from = e.check("period_from", crate::time::parse_date(&self.period_from));
        let to = e.check("period_to", crate::time::parse_date(&self.period_to));
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            e.push("period_to", "结案日期止不能早于结案日期起");
        }
        let kinds: Vec<crate::case::CaseKind> = if self.kinds.is_empty() {
            vec![crate::case::CaseKind::PenaltyGeneral]
        } else {
            self.kinds.iter().filter_map(|k| e.check("kinds", crate::case::CaseKind::parse(k))).collect()
        };
        let quota = match (self.percent, self.count) {
            (Some(p), None) => Some(crate::draw::Quota::Ratio { num: p, den: 100 }),
            (None, Some(c)) => Some(crate::draw::Quota::Count { count: c }),
            (None, None) => {
                e.push("percent", "请填写每个执法主体抽取的比例或件数");
                None
            }
            (Some(_), Some(_)) => {
                e.push("count", "抽取比例和件数只能填写一项");
                None
            }
        };
        let params = quota.map(|quota| crate::draw::Params {
            quota,
            per_object: 2,
            reserves: 1,
            cap: self.cap,
            avoid_own_group: true,
            joint: false,
        });
        if let Some(p) = &params
            && let Err(x) = p.check()
        {
            for f in x.errors {
                e.push(if f.field == "quota" { "percent" } else { "cap" }, f.message);
            }
        }
        let gap = self.gap_points.unwrap_or(10);
        if gap > 100 {
            e.push("gap_points", "分差应在0至100分之间");
        }
        let mut conflicts = Vec::new();
        for line in self.conflicts.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.split_once(['|', '｜']) {
                Some((c, a)) if !c.trim().is_empty() && !a.trim().is_empty() => {
                    conflicts.push((c.trim().to_owned(), a.trim().to_owned()))
                }
                _ => e.push("conflicts", format!("回避“{line}”应写作“案号|账号”")),
            }
        }
        let entropy_source = required_text(&mut e, "entropy_source", "随机源", &self.entropy_source, 500);
        let entropy_at = e.check("entropy_at", parse_instant(&self.entropy_at));
        if let Some(t) = entropy_at
            && t <= now
        {
            e.push("entropy_at", "随机源公布时间应晚于公告时间：只能约定尚未产生的公开结果");
        }
        match (from, to, params, entropy_at) {
            (Some(period_from), Some(period_to), Some(params), Some(entropy_at)) if e.is_empty() => Ok(CampaignDraft {
                title,
                period_from,
                period_to,
                kinds,
                standard_id: self.standard_id,
                params,
                gap: gap * 10,
                reviewer_ids: self.reviewer_ids.clone(),
                conflicts,
                entropy_source,
                entropy_at,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;

    fn input() -> CampaignInput {
        CampaignInput {
            title: "2026年第四季度行政处罚案卷评查".into(),
            period_from: "2026-10-01".into(),
            period_to: "2026-12-31".into(),
            kinds: vec![],
            standard_id: None,
            percent: Some(10),
            count: None,
            cap: 5,
            gap_points: None,
            reviewer_ids: vec![],
            conflicts: "001-2026-CF00001|scjg.fz\n".into(),
            entropy_source: "2026年12月8日中国福利彩票双色球开奖号码".into(),
            entropy_at: "2026-12-08 21:30".into(),
        }
    }

    #[test]
    fn a_campaign_is_checked_with_its_fields_named() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z").unwrap().with_timezone(&chrono::Utc);
        let d = input().check(now).unwrap();
        assert_eq!(d.params.quota, crate::draw::Quota::Ratio { num: 10, den: 100 });
        assert_eq!(d.gap, 100);
        assert_eq!(d.kinds, [crate::case::CaseKind::PenaltyGeneral]);
        assert_eq!(d.entropy_at.to_rfc3339(), "2026-12-08T13:30:00+00:00");
        let mut bad = input();
        bad.period_to = "2026-09-01".into();
        bad.percent = None;
        bad.entropy_at = "2026-12-07 17:00".into();
        bad.conflicts = "only-a-case".into();
        let e = bad.check(now).unwrap_err().to_string();
        for f in ["period_to", "percent", "entropy_at", "conflicts"] {
            assert!(e.contains(f), "{f}: {e}");
        }
    }
}
