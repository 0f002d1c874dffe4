//! 驾驶舱: the figures of the justice bureau's dashboard (or one body's), each read in one
//! aggregate query so that the page stays fast on a large district. Every figure is counted with
//! the same conditions the list it links to uses, so that a number and its rows agree.

use crate::db::query::{query, query_built};
use crate::supervision::OPEN_CASE;
use crate::{Result, Store};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::access::Scope;

/// One month of the trends.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthFigures {
    /// `2026-03`
    pub month: String,
    /// 新登记案件
    pub registered: i64,
    /// 结案
    pub closed: i64,
    /// 新发现的预警线索
    pub clues: i64,
}

/// Open cases of a body in a stage.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StageCount {
    /// 执法主体
    pub body_id: i64,
    /// 阶段 code
    pub stage: String,
    /// 件数
    pub count: i64,
}

/// A body's count.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct BodyCount {
    /// 执法主体
    pub body_id: i64,
    /// 件数
    pub count: i64,
}

/// Open clues of a rule and severity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleCount {
    /// 规则
    pub rule: String,
    /// 等级 code
    pub severity: String,
    /// 条数
    pub count: i64,
}

/// Open clues of a severity by how long they have been open.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgeCount {
    /// 等级 code
    pub severity: String,
    /// raised in the last 7 days
    pub week: i64,
    /// raised 8 to 30 days ago
    pub month: i64,
    /// raised earlier
    pub older: i64,
}

/// Supervision documents.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct NoticeCounts {
    /// 待回复
    pub awaiting: i64,
    /// 其中逾期未回复
    pub overdue: i64,
    /// 已回复待审查
    pub to_review: i64,
}

/// Complaints.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ComplaintCounts {
    /// 未办结
    pub open: i64,
    /// 待分派
    pub to_route: i64,
    /// 已受理待办结
    pub accepted: i64,
}

/// The latest 评查 campaign with settled files in scope.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct EvaluationCounts {
    /// the campaign
    pub campaign_id: i64,
    /// its title
    pub title: String,
    /// files drawn in scope
    pub files: i64,
    /// settled ones by grade
    pub excellent: i64,
    /// 合格
    pub pass: i64,
    /// 不合格
    pub fail: i64,
}

/// The dashboard's figures.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct DashboardFigures {
    /// open cases by body and stage
    pub open_cases: Vec<StageCount>,
    /// open cases past their nearest deadline, by body
    pub overdue_cases: Vec<BodyCount>,
    /// open clues by rule and severity
    pub clues: Vec<RuleCount>,
    /// open clues by severity and age
    pub clue_ages: Vec<AgeCount>,
    /// supervision documents
    pub notices: NoticeCounts,
    /// complaints routed to the scope (the bureau: all)
    pub complaints: ComplaintCounts,
    /// the latest 评查 campaign with files in scope
    pub evaluation: Option<EvaluationCounts>,
    /// the last twelve months, oldest first
    pub months: Vec<MonthFigures>,
}

/// The first instant (UTC) of the month of `d` in Asia/Shanghai.
fn month_start(y: i32, m: u32) -> DateTime<Utc> {
    zhifa_core::time::shanghai_midnight(NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default())
}

/// The twelve months up to the one of `today`, with their bounds: (label, start, end).
fn months(today: NaiveDate) -> Vec<(String, DateTime<Utc>, DateTime<Utc>)> {
    let (mut y, mut m) = (today.year(), today.month());
    let mut out = Vec::new();
    for _ in 0..12 {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        out.push((format!("{y}-{m:02}"), month_start(y, m), month_start(ny, nm)));
        (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    }
    out.reverse();
    out
}

/// `COUNT(CASE WHEN col >= $n AND col < $n+1 THEN 1 END)` for each month, the bounds bound from
/// `$first`.
fn month_columns(col: &str, first: usize) -> String {
    (0..12)
        .map(|i| format!("COUNT(CASE WHEN {col} >= ${} AND {col} < ${} THEN 1 END)", first + i, first + i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

type Twelve = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

fn twelve(t: Twelve) -> [i64; 12] {
    [t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7, t.8, t.9, t.10, t.11]
}

impl Store {
    /// The dashboard's figures for `scope` on `today` (Asia/Shanghai), `now` the instant.
    pub async fn dashboard_figures(
        &self,
        scope: Scope,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DashboardFigures> {
        let body = scope.body();
        let open_cases: Vec<(i64, String, i64)> = self
            .fetch_all(
                query_built(format!(
                    "SELECT body_id, stage, COUNT(*) FROM cases WHERE {OPEN_CASE} AND ($1 IS NULL OR body_id = $1) \
                     GROUP BY body_id, stage ORDER BY body_id, stage"
                ))
                .bind(body),
            )
            .await?;
        let overdue_cases: Vec<(i64, i64)> = self
            .fetch_all(
                query_built(format!(
                    "SELECT body_id, COUNT(*) FROM cases WHERE {OPEN_CASE} AND next_due < $1 AND ($2 IS NULL OR body_id = $2) \
                     GROUP BY body_id ORDER BY body_id"
                ))
                .bind(today)
                .bind(body),
            )
            .await?;
        let clues: Vec<(String, String, i64)> = self
            .fetch_all(
                query(
                    "SELECT rule, severity, COUNT(*) FROM clues WHERE closed_at IS NULL AND ($1 IS NULL OR body_id = $1) \
                     GROUP BY rule, severity ORDER BY rule, severity",
                )
                .bind(body),
            )
            .await?;
        let week = now - chrono::Duration::days(7);
        let month = now - chrono::Duration::days(30);
        let clue_ages: Vec<(String, i64, i64, i64)> = self
            .fetch_all(
                query(
                    "SELECT severity, COUNT(CASE WHEN raised_at >= $1 THEN 1 END), \
                     COUNT(CASE WHEN raised_at < $1 AND raised_at >= $2 THEN 1 END), COUNT(CASE WHEN raised_at < $2 THEN 1 END) \
                     FROM clues WHERE closed_at IS NULL AND ($3 IS NULL OR body_id = $3) GROUP BY severity ORDER BY severity",
                )
                .bind(week)
                .bind(month)
                .bind(body),
            )
            .await?;
        let notices: (i64, i64, i64) = self
            .fetch_one(
                query(
                    "SELECT COUNT(CASE WHEN status = 'issued' THEN 1 END), \
                     COUNT(CASE WHEN status = 'issued' AND deadline < $1 THEN 1 END), \
                     COUNT(CASE WHEN status = 'replied' THEN 1 END) FROM supervision_notices WHERE ($2 IS NULL OR body_id = $2)",
                )
                .bind(today)
                .bind(body),
            )
            .await?;
        let complaints: (i64, i64, i64) = self
            .fetch_one(
                query_built(format!(
                    "SELECT COUNT(CASE WHEN status IN {} THEN 1 END), COUNT(CASE WHEN status = 'received' THEN 1 END), \
                 COUNT(CASE WHEN status = 'accepted' THEN 1 END) FROM complaints WHERE ($1 IS NULL OR body_id = $1)",
                    crate::complaints::OPEN_STATUSES
                ))
                .bind(body),
            )
            .await?;
        let evaluation: Option<(i64, String, i64, i64, i64, i64)> = self
            .fetch_optional(
                query(
                    "SELECT c.id, c.title, COUNT(*), COUNT(CASE WHEN f.grade = 'excellent' THEN 1 END), \
                     COUNT(CASE WHEN f.grade = 'pass' THEN 1 END), COUNT(CASE WHEN f.grade = 'fail' THEN 1 END) \
                     FROM evaluation_campaigns c JOIN evaluation_files f ON f.campaign_id = c.id \
                     WHERE ($1 IS NULL OR f.body_id = $1) GROUP BY c.id, c.title ORDER BY c.id DESC LIMIT 1",
                )
                .bind(body),
            )
            .await?;
        let bounds = months(today);
        let bind_all = |mut q: crate::db::query::Query| {
            for (_, start, _) in &bounds {
                q = q.bind(*start);
            }
            q.bind(bounds[11].2).bind(body)
        };
        let registered: Twelve = self
            .fetch_one(bind_all(query_built(format!(
                "SELECT {} FROM cases WHERE created_at >= $1 AND ($14 IS NULL OR body_id = $14)",
                month_columns("created_at", 1)
            ))))
            .await?;
        let closed: Twelve = self
            .fetch_one(bind_all(query_built(format!(
                "SELECT {} FROM case_steps s JOIN cases c ON c.id = s.case_id WHERE s.kind = 'close' \
                 AND s.occurred_at >= $1 AND ($14 IS NULL OR c.body_id = $14)",
                month_columns("s.occurred_at", 1)
            ))))
            .await?;
        let raised: Twelve = self
            .fetch_one(bind_all(query_built(format!(
                "SELECT {} FROM clues WHERE raised_at >= $1 AND ($14 IS NULL OR body_id = $14)",
                month_columns("raised_at", 1)
            ))))
            .await?;
        let (registered, closed, raised) = (twelve(registered), twelve(closed), twelve(raised));
        let months = bounds
            .iter()
            .enumerate()
            .map(|(i, (label, _, _))| MonthFigures {
                month: label.clone(),
                registered: registered[i],
                closed: closed[i],
                clues: raised[i],
            })
            .collect();
        Ok(DashboardFigures {
            open_cases: open_cases
                .into_iter()
                .map(|(body_id, stage, count)| StageCount { body_id, stage, count })
                .collect(),
            overdue_cases: overdue_cases.into_iter().map(|(body_id, count)| BodyCount { body_id, count }).collect(),
            clues: clues.into_iter().map(|(rule, severity, count)| RuleCount { rule, severity, count }).collect(),
            clue_ages: clue_ages
                .into_iter()
                .map(|(severity, week, month, older)| AgeCount { severity, week, month, older })
                .collect(),
            notices: NoticeCounts { awaiting: notices.0, overdue: notices.1, to_review: notices.2 },
            complaints: ComplaintCounts { open: complaints.0, to_route: complaints.1, accepted: complaints.2 },
            evaluation: evaluation.map(|(campaign_id, title, files, excellent, pass, fail)| EvaluationCounts {
                campaign_id,
                title,
                files,
                excellent,
                pass,
                fail,
            }),
            months,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn twelve_months_end_with_this_one() {
        let m = super::months("2026-03-15".parse().unwrap());
        assert_eq!((m[0].0.as_str(), m[11].0.as_str()), ("2025-04", "2026-03"));
        assert_eq!(m[11].2.to_rfc3339(), "2026-03-31T16:00:00+00:00");
        assert!(m.windows(2).all(|w| w[0].2 == w[1].1));
    }
}
