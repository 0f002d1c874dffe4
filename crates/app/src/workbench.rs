//! 工作台: what waits for the caller, from the records themselves — the steps of the cases whose
//! turn is theirs (an officer's only on the cases they handle), the documents the recorded steps
//! still need, the reviews waiting for a reviewer, the decisions waiting to be published. Overdue
//! first, then by the statutory deadline, then the oldest.

use crate::error::AppResult;
use crate::{App, Who};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::access::{Action, Role, allowed};
use zhifa_core::case::{handover, machine};
use zhifa_core::doc::DocKind;

/// Most cases looked at for one workbench.
const MAX_CASES: i64 = 500;

/// One thing to do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Task {
    /// step / document / review / publication
    pub kind: String,
    /// 事项类别
    pub kind_label: String,
    /// 案件（督办事项可无）
    pub case_id: Option<i64>,
    /// 案号（督办事项为监督文书文号）
    pub case_number: String,
    /// 当事人（督办事项为执法主体和事由）
    pub party_names: String,
    /// 要做什么
    pub title: String,
    /// 期限（法定期限或审核、公开时限）
    pub due: Option<NaiveDate>,
    /// 期限所指事项及依据
    pub due_what: Option<String>,
    /// 剩余天数（负数为已逾期）
    pub days_left: Option<i64>,
    /// 已逾期
    pub overdue: bool,
    /// 去办理
    pub href: String,
}

/// The caller's workbench.
#[derive(Debug, Serialize, ToSchema)]
pub struct Workbench {
    /// 岗位
    pub role: String,
    /// 岗位名称
    pub role_label: String,
    /// 今天（北京时间）
    pub today: NaiveDate,
    /// 待办，逾期和期限近的在前
    pub tasks: Vec<Task>,
    /// 其中已逾期
    pub overdue: usize,
}

fn task(
    kind: &str,
    kind_label: &str,
    c: &zhifa_store::model::Case,
    title: String,
    due: Option<(NaiveDate, String)>,
    today: NaiveDate,
    href: String,
) -> Task {
    let days_left = due.as_ref().map(|(d, _)| (*d - today).num_days());
    Task {
        kind: kind.into(),
        kind_label: kind_label.into(),
        case_id: Some(c.id),
        case_number: c.number.clone(),
        party_names: c.party_names.clone(),
        title,
        overdue: days_left.is_some_and(|d| d < 0),
        days_left,
        due_what: due.as_ref().map(|(_, w)| w.clone()),
        due: due.map(|(d, _)| d),
        href,
    }
}

/// What waits for the caller, most urgent first.
pub async fn workbench(app: &App, who: &Who) -> AppResult<Workbench> {
    let role = who.caller.role;
    let scope = who.caller.scope();
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let mut tasks = Vec::new();
    let records = allowed(&who.caller, Action::RecordStep, who.caller.body_id);
    // The documents of a case are made by its officers.
    let issues = role == Role::Officer && DocKind::ALL.iter().any(|k| k.may_issue(&who.caller, who.caller.body_id));
    if records || issues {
        let calendar = app.store.calendar();
        for c in app.store.cases_not_archived(scope, MAX_CASES).await? {
            let facts = c.facts()?;
            let handles = who.officer_id.is_some_and(|me| facts.officer_ids.contains(&me));
            if role == Role::Officer && !handles {
                continue;
            }
            let steps = app.store.case_steps(c.id).await?;
            let history = steps.iter().map(|x| x.recorded()).collect::<Result<Vec<_>, _>>()?;
            // The nearest running statutory period of the case.
            let due = machine::deadlines(&facts, &history, &calendar, today)
                .into_iter()
                .filter(|d| d.done_on.is_none())
                .filter_map(|d| d.due.map(|due| (due, format!("{}（{}）", d.what, d.rule))))
                .min_by_key(|(due, _)| *due);
            if records {
                // 法制审核 comes to the reviewer through the review file (below), recorded with the opinion.
                let mine: Vec<&str> = handover::owed_steps(facts.kind, &history)
                    .into_iter()
                    .filter(|k| machine::step_role(*k) == role)
                    .map(|k| k.label())
                    .collect();
                if !mine.is_empty() {
                    let title = mine.join("、");
                    tasks.push(task("step", "办案环节", &c, title, due.clone(), today, format!("/cases/{}", c.id)));
                }
            }
            if issues && c.stage != zhifa_core::case::Stage::Archived {
                let kinds: Vec<_> = history.iter().map(|h| h.kind).collect();
                let issued: Vec<DocKind> = app.store.case_documents(c.id).await?.iter().map(|d| d.kind).collect();
                let missing: Vec<&str> = zhifa_core::archive::missing_documents(&kinds, &issued)
                    .into_iter()
                    .filter(|k| k.may_issue(&who.caller, Some(c.body_id)))
                    .map(DocKind::label)
                    .collect();
                if !missing.is_empty() {
                    let title = format!("制作{}", missing.iter().map(|m| format!("《{m}》")).collect::<String>());
                    tasks.push(task(
                        "document",
                        "执法文书",
                        &c,
                        title,
                        due,
                        today,
                        format!("/cases/{}#documents", c.id),
                    ));
                }
            }
        }
    }
    if role == Role::Reviewer && allowed(&who.caller, Action::ReviewCase, who.caller.body_id) {
        for q in app.store.review_queue(scope, 200).await? {
            let Some(c) = app.store.case(scope, q.case_id).await? else { continue };
            let due = q.due.map(|d| (d, "法制审核时限（《行政处罚法》第五十八条）".to_string()));
            let title = format!("{}（第{}版送审材料）", q.waiting_label, q.version);
            tasks.push(task("review", "法制审核", &c, title, due, today, format!("/cases/{}/review", c.id)));
        }
    }
    if matches!(role, Role::Officer | Role::Head | Role::BodyAdmin)
        && allowed(&who.caller, Action::Publish, who.caller.body_id)
    {
        let tracking = app.store.publication_tracking(scope, &app.store.calendar(), today).await?;
        for i in tracking.items {
            let Some(c) = app.store.case(scope, i.case_id).await? else { continue };
            // An officer publishes the decisions of the cases they handle.
            if role == Role::Officer
                && !who.officer_id.is_some_and(|me| c.officer_list().is_ok_and(|l| l.contains(&me)))
            {
                continue;
            }
            let due = i.due_on.map(|d| (d, "公开时限（本区实施方案：作出决定之日起7个工作日内）".to_string()));
            tasks.push(task(
                "publication",
                "执法公示",
                &c,
                i.what.clone(),
                due,
                today,
                format!("/publications/{}", i.id),
            ));
        }
    }
    supervision_tasks(app, who, today, &mut tasks).await?;
    tasks.extend(app.complaint_tasks(who, today, MAX_CASES).await?);
    tasks.extend(app.evaluation_tasks(who).await?);
    tasks.sort_by(|a, b| {
        (!a.overdue, a.due.is_none(), a.due, a.case_id).cmp(&(!b.overdue, b.due.is_none(), b.due, b.case_id))
    });
    let overdue = tasks.iter().filter(|t| t.overdue).count();
    Ok(Workbench { role: role.code().into(), role_label: role.label().into(), today, tasks, overdue })
}

/// 督办: a body's head and administrator answer the supervision documents sent to their body;
/// the justice bureau reviews the replies and follows the documents past their deadline.
async fn supervision_tasks(app: &App, who: &Who, today: NaiveDate, tasks: &mut Vec<Task>) -> AppResult<()> {
    use zhifa_core::supervision::oversight::NoticeStatus;
    let role = who.caller.role;
    let answers = matches!(role, Role::Head | Role::BodyAdmin)
        && allowed(&who.caller, Action::AnswerSupervision, who.caller.body_id);
    let reviews = role == Role::Supervisor;
    if !answers && !reviews {
        return Ok(());
    }
    let status = if answers { NoticeStatus::Issued } else { NoticeStatus::Replied };
    let filter = zhifa_store::supervision::NoticeFilter {
        status: Some(status.code().into()),
        limit: Some(MAX_CASES),
        ..Default::default()
    };
    let mut rows = app.store.notices(who.caller.scope(), &filter).await?;
    if reviews {
        let late = zhifa_store::supervision::NoticeFilter { overdue: Some(true), ..filter };
        rows.extend(app.store.notices(who.caller.scope(), &late).await?);
    }
    let mut names = std::collections::HashMap::new();
    for n in rows {
        if let std::collections::hash_map::Entry::Vacant(e) = names.entry(n.body_id) {
            e.insert(app.store.get_body(n.body_id).await?.map(|b| b.name).unwrap_or_default());
        }
        let (kind, label, title, due) = match n.status {
            NoticeStatus::Issued if answers => (
                "supervision",
                "督办回复",
                format!("回复《{}》", n.kind.label()),
                Some((n.deadline, format!("督办回复期限（{}个工作日）", n.reply_days))),
            ),
            NoticeStatus::Issued => (
                "supervision_overdue",
                "督办逾期",
                format!("《{}》逾期未回复，催办或提请督办", n.kind.label()),
                Some((n.deadline, "督办回复期限".to_string())),
            ),
            _ => ("supervision_review", "督办审查", format!("审查对《{}》的回复", n.kind.label()), None),
        };
        let days_left = due.as_ref().map(|(d, _)| (*d - today).num_days());
        tasks.push(Task {
            kind: kind.into(),
            kind_label: label.into(),
            case_id: n.case_id,
            case_number: n.number.clone(),
            party_names: format!("{} · {}", names[&n.body_id], n.subject),
            title,
            overdue: days_left.is_some_and(|d| d < 0),
            days_left,
            due_what: due.as_ref().map(|(_, w)| w.clone()),
            due: due.map(|(d, _)| d),
            href: format!("/notices/{}", n.id),
        });
    }
    Ok(())
}
