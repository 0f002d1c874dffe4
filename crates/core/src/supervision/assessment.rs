//! 考核评议: the yearly assessment of each enforcement body from its own records
//! (`shared/docs/supervision.md` §4; seed §三(四)1, §六(二)). Each indicator is a numerator and a
//! denominator whose rows can be opened; the weights are versioned settings; a body's score is
//! the weighted mean of the scores of the indicators that apply to it (an indicator with no rows
//! — a body that decided nothing — is left out and its weight shared among the others, stated
//! on the table); the bodies are ranked by it. No I/O.

use crate::error::Invalid;
use crate::registry::coded_enum;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

coded_enum!(
    /// The indicators computed from the records.
    Indicator, "考核指标" {
    /// 执法人员持证率
    Certificates = "certificates" / "执法人员持证率",
    /// 按期结案率 (W01)
    OnTime = "on_time" / "按期结案率",
    /// 案件超期率 (W01; the lower the better)
    Overdue = "overdue" / "案件超期率",
    /// 按时公示率 (W12)
    Publication = "publication" / "按时公示率",
    /// 法制审核覆盖率 (W09)
    Review = "review" / "法制审核覆盖率",
    /// 案卷评查平均分 (§3)
    FileGrade = "file_grade" / "案卷评查得分率",
    /// 复议诉讼纠错率 (the lower the better)
    Corrected = "corrected" / "复议诉讼纠错率",
    /// 罚款足额缴纳率 (W13)
    FinesPaid = "fines_paid" / "罚款足额缴纳率",
    /// 检查频次合规率 (W17)
    Inspections = "inspections" / "涉企检查合规率",
    /// 投诉按时办结率 (W19)
    Complaints = "complaints" / "投诉按时办结率",
});

impl Indicator {
    /// Whether a lower rate is better (its score is 100 × (1 − rate)).
    pub fn lower_is_better(self) -> bool {
        matches!(self, Indicator::Overdue | Indicator::Corrected)
    }

    /// What is counted: (numerator, denominator), in words.
    pub fn counted_as(self) -> (&'static str, &'static str) {
        match self {
            Indicator::Certificates => ("年末持有效执法证件的执法人员", "年末在册执法人员"),
            Indicator::OnTime => ("本年结案且从未红色超期预警（W01）的案件", "本年结案的案件"),
            Indicator::Overdue => ("本年有红色超期预警（W01）的案件", "本年办理（本年立案或跨年未结）的案件"),
            Indicator::Publication => ("按期公开的行政执法决定", "本年公开期限届满的行政执法决定"),
            Indicator::Review => ("作出决定前依法经法制审核的案件（无W09预警）", "本年作出决定的案件"),
            Indicator::FileGrade => ("本年定分案卷的得分之和", "本年定分案卷数×100分"),
            Indicator::Corrected => ("被复议、诉讼撤销、变更或确认违法的决定", "本年作出的行政执法决定"),
            Indicator::FinesPaid => ("罚款已足额缴纳或已依法申请强制执行的决定（无W13预警）", "本年作出的罚款决定"),
            Indicator::Inspections => ("未触发重复、超频检查预警（W17）的涉企检查", "本年的涉企检查"),
            Indicator::Complaints => ("按时办结的投诉（无W19预警）", "本年办结的投诉"),
        }
    }

    /// The rule or practice it rests on.
    pub fn basis(self) -> &'static str {
        match self {
            Indicator::Certificates => "《行政处罚法》第四十二条；本区实施方案（持证上岗）",
            Indicator::OnTime | Indicator::Overdue => "《行政处罚法》第六十条",
            Indicator::Publication => "本区实施方案：作出决定之日起7个工作日内公开",
            Indicator::Review => "《行政处罚法》第五十八条",
            Indicator::FileGrade => "案卷评查标准",
            Indicator::Corrected => "《行政复议法》《行政诉讼法》",
            Indicator::FinesPaid => "《行政处罚法》第六十七条、第七十二条",
            Indicator::Inspections => "《优化营商环境条例》第五十九条；本区涉企检查频次上限",
            Indicator::Complaints => "《信访工作条例》第三十四条；本区投诉办理时限",
        }
    }
}

/// One indicator's count for one body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Count {
    /// the numerator
    pub numerator: i64,
    /// the denominator
    pub denominator: i64,
}

/// The weights (percentage points per indicator), a versioned setting of the district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Weights {
    /// indicator code → weight; the weights add up to 100
    pub weights: BTreeMap<String, u32>,
}

impl Default for Weights {
    /// Ten each: a body's own scheme replaces it.
    fn default() -> Self {
        Weights { weights: Indicator::ALL.iter().map(|i| (i.code().to_owned(), 10)).collect() }
    }
}

impl Weights {
    /// Checks the weights: known indicators, adding up to 100.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        for k in self.weights.keys() {
            if Indicator::parse(k).is_err() {
                e.push("weights", format!("考核指标“{k}”不存在"));
            }
        }
        let sum: u64 = self.weights.values().map(|w| *w as u64).sum();
        if sum != 100 {
            e.push("weights", format!("各指标权重合计应为100，现为{sum}"));
        }
        e.into_result(())
    }

    /// The weight of an indicator (0 when not listed).
    pub fn of(&self, i: Indicator) -> u32 {
        self.weights.get(i.code()).copied().unwrap_or(0)
    }
}

/// An indicator's score out of 100, in tenths (rounded half up); `None` when it has no rows.
pub fn indicator_score(i: Indicator, c: Count) -> Option<u32> {
    if c.denominator <= 0 {
        return None;
    }
    let n = c.numerator.clamp(0, c.denominator) as u128;
    let d = c.denominator as u128;
    let good = if i.lower_is_better() { d - n } else { n };
    // tenths of a point: 1000 × good / d, half up
    Some(((2000 * good + d) / (2 * d)) as u32)
}

/// One body's line of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BodyScore {
    /// the body
    pub body_id: i64,
    /// each indicator: its count and score (tenths; none when it has no rows)
    pub indicators: Vec<(String, Count, Option<u32>)>,
    /// the weighted score, tenths (none when no indicator applies)
    pub total: Option<u32>,
    /// the rank (1 the best; equal totals share a rank)
    pub rank: Option<u32>,
}

/// The yearly table: each body's scores under `weights`, ranked.
pub fn table(counts: &BTreeMap<i64, HashMap<Indicator, Count>>, weights: &Weights) -> Vec<BodyScore> {
    let mut rows: Vec<BodyScore> = counts
        .iter()
        .map(|(body, per)| {
            let mut weighted: u128 = 0;
            let mut weight_sum: u128 = 0;
            let indicators = Indicator::ALL
                .iter()
                .map(|i| {
                    let c = per.get(i).copied().unwrap_or(Count { numerator: 0, denominator: 0 });
                    let s = indicator_score(*i, c);
                    if let Some(s) = s {
                        weighted += s as u128 * weights.of(*i) as u128;
                        weight_sum += weights.of(*i) as u128;
                    }
                    (i.code().to_owned(), c, s)
                })
                .collect();
            let total = (weight_sum > 0).then(|| ((2 * weighted + weight_sum) / (2 * weight_sum)) as u32);
            BodyScore { body_id: *body, indicators, total, rank: None }
        })
        .collect();
    rows.sort_by(|a, b| b.total.cmp(&a.total).then(a.body_id.cmp(&b.body_id)));
    let mut rank = 0;
    let mut last = None;
    for (n, r) in rows.iter_mut().enumerate() {
        if r.total.is_none() {
            continue;
        }
        if r.total != last {
            rank = n as u32 + 1;
            last = r.total;
        }
        r.rank = Some(rank);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(numerator: i64, denominator: i64) -> Count {
        Count { numerator, denominator }
    }

    #[test]
    fn the_default_weights_add_up_and_bad_ones_are_refused() {
        Weights::default().check().unwrap();
        let mut w = Weights::default();
        w.weights.insert("nonsense".into(), 5);
        w.weights.insert("overdue".into(), 20);
        let e = w.check().unwrap_err().to_string();
        assert!(e.contains("nonsense") && e.contains("合计应为100"), "{e}");
    }

    #[test]
    fn scores_by_direction_and_rows() {
        assert_eq!(indicator_score(Indicator::OnTime, c(9, 10)), Some(900));
        assert_eq!(indicator_score(Indicator::Overdue, c(1, 10)), Some(900));
        assert_eq!(indicator_score(Indicator::OnTime, c(2, 3)), Some(667));
        assert_eq!(indicator_score(Indicator::OnTime, c(0, 0)), None);
        // A numerator beyond its denominator is clamped, never above 100.
        assert_eq!(indicator_score(Indicator::OnTime, c(12, 10)), Some(1000));
    }

    #[test]
    fn an_indicator_without_rows_shares_its_weight_and_equal_totals_share_a_rank() {
        let mut counts = BTreeMap::new();
        // Body 1: all indicators perfect except publication 50 %.
        let mut one = HashMap::new();
        for i in Indicator::ALL {
            one.insert(*i, if i.lower_is_better() { c(0, 4) } else { c(4, 4) });
        }
        one.insert(Indicator::Publication, c(2, 4));
        counts.insert(1, one);
        // Body 2: decided nothing — only certificates apply, all held.
        counts.insert(2, HashMap::from([(Indicator::Certificates, c(5, 5))]));
        // Body 3: the same as body 2.
        counts.insert(3, HashMap::from([(Indicator::Certificates, c(3, 3))]));
        // Body 4: nothing at all.
        counts.insert(4, HashMap::new());
        let t = table(&counts, &Weights::default());
        let by = |b: i64| t.iter().find(|r| r.body_id == b).unwrap();
        assert_eq!(by(1).total, Some(950));
        assert_eq!((by(2).total, by(2).rank), (Some(1000), Some(1)));
        assert_eq!((by(3).total, by(3).rank), (Some(1000), Some(1)));
        assert_eq!(by(1).rank, Some(3));
        assert_eq!((by(4).total, by(4).rank), (None, None));
    }
}
