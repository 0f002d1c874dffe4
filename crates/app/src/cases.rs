//! Cases: registering a case, recording its steps (each checked by the procedure machine of
//! its kind; archiving assembles and checks the case file in the same transaction), a case with
//! its steps, next steps and deadlines, the list and the deadline view. The rules live in
//! `zhifa_core::case`.

use crate::error::AppError;
use crate::{App, Who};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use zhifa_core::Invalid;
use zhifa_core::access::{Action, Role, Scope};
use zhifa_core::case::{CaseInput, StepInput, StepKind, machine};
use zhifa_core::ids::{BodyId, CaseId, OfficerId};
use zhifa_store::Command;
use zhifa_store::cases::CaseFilter;
use zhifa_store::model::Case;

/// A case in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 案件编号
    pub number: String,
    /// 案件类型 code
    pub kind: String,
    /// 案件类型
    pub kind_label: String,
    /// 阶段 code
    pub stage: String,
    /// 阶段
    pub stage_label: String,
    /// 中止中
    pub suspended: bool,
    /// 权责清单事项
    pub power_item_name: String,
    /// 当事人
    pub parties: String,
    /// 立案日期
    pub filed_on: Option<NaiveDate>,
    /// 最近期限
    pub next_due: Option<NaiveDate>,
    /// 该期限的事项
    pub next_due_what: Option<String>,
    /// 已逾期
    pub overdue: bool,
    /// 更新时间
    pub updated_at: DateTime<Utc>,
}

fn today() -> NaiveDate {
    zhifa_core::time::shanghai_date(Utc::now())
}

/// The list view of a case row.
pub fn summary(c: &Case, today: NaiveDate) -> CaseSummary {
    let kind_label = c.kind.label().to_string();
    let stage_label = c.stage.label().to_string();
    let parties =
        c.party_list().map(|ps| ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join("、")).unwrap_or_default();
    CaseSummary {
        id: c.id,
        body_id: c.body_id,
        number: c.number.clone(),
        kind: c.kind.code().to_string(),
        kind_label,
        stage: c.stage.code().to_string(),
        stage_label,
        suspended: c.suspended,
        power_item_name: c.power_item_name.clone(),
        parties,
        filed_on: c.filed_on,
        next_due: c.next_due,
        next_due_what: c.next_due_what.clone(),
        overdue: c.next_due.is_some_and(|d| d < today),
        updated_at: c.updated_at,
    }
}

/// A created case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedCase {
    /// id
    pub id: i64,
    /// 案件编号
    pub number: String,
    /// journal sequence
    pub seq: i64,
}

/// The body a write is for: the caller's own, or the one named by a district-wide account.
fn body_of(who: &Who, named: Option<i64>) -> Result<i64, AppError> {
    match (named, who.caller.body_id) {
        (Some(b), _) => Ok(b),
        (None, Some(b)) => Ok(b),
        (None, None) => Err(Invalid::field("body_id", "请选择执法主体").into()),
    }
}

/// Registers a case.
pub async fn create_case(
    app: &App,
    who: &Who,
    body_id: Option<i64>,
    input: &CaseInput,
) -> Result<CreatedCase, AppError> {
    let body_id = body_of(who, body_id)?;
    who.require(Action::CreateCase, Some(body_id))?;
    let case = input.validate(today())?;
    if who.caller.role == Role::Officer && !who.officer_id.is_some_and(|o| case.officer_ids.contains(&o)) {
        return Err(Invalid::field("officer_ids", "登记案件的执法人员应是本案承办人员之一").into());
    }
    let out =
        app.store.execute(&who.actor(), Command::CreateCase { body_id: BodyId(body_id), case: Box::new(case) }).await?;
    let c = app.store.case(Scope::All, out.id).await?.ok_or(AppError::NotFound("案件"))?;
    Ok(CreatedCase { id: out.id, number: c.number, seq: out.seq })
}

/// Case list query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 检索：案件编号、当事人名称或证件号码、事项名称（结果按登记先后，新登记的在前；不检索时按最近办理排列）
    pub q: Option<String>,
    /// 阶段 code
    pub stage: Option<String>,
    /// 案件类型 code
    pub kind: Option<String>,
    /// 只看未结案件
    #[serde(default)]
    pub open: bool,
    /// 执法主体（司法局、系统管理员按主体筛选）
    pub body_id: Option<i64>,
    /// 只看已逾期的未结案件
    #[serde(default)]
    pub overdue: bool,
    /// 每页条数（最多200）
    pub limit: Option<i64>,
    /// 偏移
    pub offset: Option<i64>,
}

/// Lists cases in the caller's scope.
pub async fn list_cases(app: &App, who: &Who, q: ListQuery) -> Result<Vec<CaseSummary>, AppError> {
    who.require(Action::ReadCases, q.body_id.or(who.caller.body_id))?;
    let f = CaseFilter {
        q: q.q,
        stage: q.stage.filter(|x| !x.is_empty()),
        kind: q.kind.filter(|x| !x.is_empty()),
        open_only: q.open,
        body_id: q.body_id,
        overdue_on: q.overdue.then(today),
        limit: q.limit,
        offset: q.offset,
    };
    let t = today();
    Ok(app.store.case_list(who.caller.scope(), &f).await?.iter().map(|c| summary(c, t)).collect())
}

/// A recorded step.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepView {
    /// id
    pub id: i64,
    /// 第几个环节
    pub seq: i64,
    /// 环节 code
    pub kind: String,
    /// 环节
    pub label: String,
    /// 发生时间
    pub occurred_at: DateTime<Utc>,
    /// 发生时间（北京时间）
    pub occurred_at_text: String,
    /// 记录内容
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    /// 此后阶段
    pub stage_after_label: String,
    /// 记录账号
    pub recorded_by: Option<i64>,
}

/// A step the case may take next.
#[derive(Debug, Serialize, ToSchema)]
pub struct NextStep {
    /// code
    pub kind: String,
    /// 环节
    pub label: String,
    /// 由哪一岗位记录
    pub role: String,
    /// 岗位
    pub role_label: String,
    /// 是否须全程音像记录
    pub av_required: bool,
}

/// A deadline with its state today.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineView {
    /// 事项
    pub what: String,
    /// 依据
    pub rule: String,
    /// 期限
    pub due: Option<NaiveDate>,
    /// 无法计算的原因
    pub note: Option<String>,
    /// 完成日期
    pub done_on: Option<NaiveDate>,
    /// met / late / overdue / pending / unknown
    pub status: String,
    /// 剩余天数（未完成时）
    pub days_left: Option<i64>,
}

/// An officer named on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfficerRef {
    /// id
    pub id: i64,
    /// 姓名
    pub name: String,
}

/// A case with its steps, next steps and deadlines.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetail {
    /// 摘要
    #[serde(flatten)]
    pub summary: CaseSummary,
    /// 事项编码
    pub power_item_code: String,
    /// 案件来源
    pub source_label: String,
    /// 执法领域
    pub domain: String,
    /// 案情摘要
    pub facts: String,
    /// 当事人
    #[schema(value_type = Vec<Object>)]
    pub party_list: Vec<zhifa_core::case::Party>,
    /// 承办人员
    pub officers: Vec<OfficerRef>,
    /// 违法行为发生日期
    pub act_date: Option<NaiveDate>,
    /// 适用的事项版本及理由（《行政处罚法》第三十七条）
    pub item_basis: Option<String>,
    /// 须集体讨论
    pub complex: bool,
    /// 已记录的环节
    pub steps: Vec<StepView>,
    /// 下一步可进行的环节
    pub next_steps: Vec<NextStep>,
    /// 法定期限
    pub deadlines: Vec<DeadlineView>,
}

/// Builds a deadline's view for `today`.
pub fn deadline_view(d: machine::Deadline, today: NaiveDate) -> DeadlineView {
    let status = match (d.done_on, d.due) {
        (Some(done), Some(due)) if done > due => "late",
        (Some(_), _) => "met",
        (None, Some(due)) if today > due => "overdue",
        (None, Some(_)) => "pending",
        (None, None) => "unknown",
    };
    DeadlineView {
        what: d.what.into(),
        rule: d.rule.into(),
        due: d.due,
        note: d.note,
        done_on: d.done_on,
        status: status.into(),
        days_left: match (d.done_on, d.due) {
            (None, Some(due)) => Some((due - today).num_days()),
            _ => None,
        },
    }
}

/// Loads a case for the caller, records the view (case files carry personal data: every view
/// is in the ledger, 调阅), and builds its detail.
pub async fn case_detail(
    app: &App,
    who: &Who,
    id: i64,
    ip: Option<String>,
    purpose: Option<String>,
) -> Result<CaseDetail, AppError> {
    let c = app.store.case(who.caller.scope(), id).await?.ok_or(AppError::NotFound("案件"))?;
    who.require(Action::ReadCases, Some(c.body_id))?;
    let view = Command::RecordAccess {
        object_table: "cases".into(),
        object_id: id,
        body_id: Some(BodyId(c.body_id)),
        ip,
        purpose,
    };
    app.store.execute(&who.actor(), view).await?;
    let steps = app.store.case_steps(id).await?;
    let history = steps.iter().map(|x| x.recorded()).collect::<Result<Vec<_>, _>>()?;
    let facts = c.facts()?;
    let t = today();
    let policy = zhifa_core::case::CasePolicy::shipped();
    let mut officers = Vec::new();
    for oid in &facts.officer_ids {
        let name = app.store.get_officer(Scope::All, *oid).await?.map(|o| o.name).unwrap_or_else(|| format!("#{oid}"));
        officers.push(OfficerRef { id: *oid, name });
    }
    let next_steps = machine::next_steps(facts.kind, &history)
        .into_iter()
        .map(|k| NextStep {
            kind: k.code().into(),
            label: k.label().into(),
            role: machine::step_role(k).code().into(),
            role_label: machine::step_role(k).label().into(),
            av_required: policy.av_required.contains(&k),
        })
        .collect();
    let deadlines = machine::deadlines(&facts, &history, &app.store.calendar(), t)
        .into_iter()
        .map(|d| deadline_view(d, t))
        .collect();
    let steps = steps
        .iter()
        .map(|x| StepView {
            id: x.id,
            seq: x.seq,
            kind: x.kind.code().to_string(),
            label: x.kind.label().to_string(),
            occurred_at: x.occurred_at,
            occurred_at_text: zhifa_core::time::display(x.occurred_at),
            data: step_data_view(&x.data),
            stage_after_label: x.stage_after.label().to_string(),
            recorded_by: x.recorded_by,
        })
        .collect();
    Ok(CaseDetail {
        summary: summary(&c, t),
        power_item_code: c.power_item_code.clone(),
        source_label: c.source.label().to_string(),
        domain: c.domain.clone(),
        facts: c.facts.clone(),
        party_list: c.party_list()?,
        officers,
        act_date: c.act_date,
        item_basis: c.item_basis.clone(),
        complex: c.complex,
        steps,
        next_steps,
        deadlines,
    })
}

/// A step's stored data with readable additions: the penalty in words and the labels of
/// coded values.
fn step_data_view(stored: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(stored).unwrap_or(serde_json::Value::Null);
    if let Ok(d) = serde_json::from_str::<zhifa_core::case::StepData>(stored)
        && let Some(p) = &d.penalty
    {
        v["penalty_text"] = p.describe().into();
    }
    v
}

/// A recorded step with the prompts the system gave.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedStep {
    /// step id
    pub id: i64,
    /// journal sequence
    pub seq: i64,
    /// 案件阶段
    pub stage: String,
    /// 阶段
    pub stage_label: String,
    /// 系统提示（不阻止办理）
    pub prompts: Vec<String>,
}

/// Records a step.
pub async fn record_step(
    app: &App,
    who: &Who,
    case_id: i64,
    input: &StepInput,
    sign_password: &str,
) -> Result<RecordedStep, AppError> {
    let c = app.store.case(who.caller.scope(), case_id).await?.ok_or(AppError::NotFound("案件"))?;
    who.require(Action::RecordStep, Some(c.body_id))?;
    let step = input.validate(Utc::now())?;
    // Who decides signs the decision with their own key (seed §四(四)2).
    let signer = if zhifa_core::case::machine::is_decision(step.kind) {
        Some(crate::accounts::open_signing_key(&app.store, who, sign_password).await?)
    } else {
        None
    };
    let archiving = step.kind == StepKind::Archive;
    let cmd = Command::RecordStep {
        case_id: CaseId(case_id),
        step: Box::new(step),
        role: who.caller.role,
        officer_id: who.officer_id.map(OfficerId),
        signer,
    };
    let (out, report) = if archiving {
        // The case file is assembled and checked as it stands (DA/T 70); the archiving step and
        // the check's report are written in one transaction, or neither.
        let occasion = if c.stage == zhifa_core::case::Stage::Supplementing { "补充归档时" } else { "归档时" };
        let (_package, report_cmd) = crate::archive::assemble(app, who, &c, occasion).await?;
        let mut outs =
            app.store.execute_batch(&who.actor(), vec![cmd, report_cmd], |_| {}).await.map_err(|(_, e)| e)?;
        let report = outs.pop().ok_or_else(|| AppError::Internal("no report".into()))?;
        let step = outs.pop().ok_or_else(|| AppError::Internal("no step".into()))?;
        (step, Some(crate::archive::report_view(app, report.id).await?))
    } else {
        (app.store.execute(&who.actor(), cmd).await?, None)
    };
    let recorded = out.step.ok_or_else(|| AppError::Internal("step outcome missing".into()))?;
    let stage = recorded.stage;
    let mut prompts = recorded.prompts;
    if let Some(report) = report {
        prompts.push(if report.passed {
            "案卷已组卷，四性检测（真实性、完整性、可用性、安全性）通过".to_string()
        } else {
            let failed: Vec<String> =
                report.report.checks.iter().filter(|c| !c.passed).map(|c| c.label.clone()).collect();
            format!("案卷已组卷，四性检测未通过：{}，请查看检测报告", failed.join("、"))
        });
    }
    Ok(RecordedStep {
        id: out.id,
        seq: out.seq,
        stage: stage.code().into(),
        stage_label: stage.label().into(),
        prompts,
    })
}

/// Deadline view query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// 未来多少天内到期（默认14，最多365）
    pub days: Option<i64>,
    /// 只看本人承办的案件（执法人员默认如此）
    #[serde(default)]
    pub mine: bool,
    /// 最多条数（默认100，最多500）
    pub limit: Option<i64>,
}

/// Cases with a deadline within `days`, overdue first.
pub async fn due_cases(app: &App, who: &Who, q: &DeadlineQuery) -> Result<Vec<CaseSummary>, AppError> {
    who.require(Action::ReadCases, who.caller.body_id)?;
    let t = today();
    let until = t + chrono::Duration::days(q.days.unwrap_or(14).clamp(0, 365));
    let mine = q.mine || who.caller.role == Role::Officer;
    if mine && who.officer_id.is_none() {
        return Ok(Vec::new()); // an account without an officer record handles no case
    }
    let officer = who.officer_id.filter(|_| mine);
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    let rows = app.store.cases_due(who.caller.scope(), officer, until, limit).await?;
    Ok(rows.iter().map(|c| summary(c, t)).collect())
}
