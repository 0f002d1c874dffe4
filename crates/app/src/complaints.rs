//! 投诉举报: the public form (no sign-in; a tracking code to follow it), staff registering a
//! 12345 work order, a letter or a visit, and each act on a complaint by the side the rules give
//! it: the bureau routes it and answers 复查 and 复核, the body's head or administrator decides
//! acceptance, concludes and answers the complainant, and only the head extends the period
//! (第三十四条). A missed limit raises W19 (see `warnings.rs`). The complainant's particulars
//! reach only the bureau and the handling body's head and administrator, never officers and
//! never the public.

use crate::error::{AppError, AppResult};
use crate::{App, Who};
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::access::{Action, Role};
use zhifa_core::supervision::complaints::{
    Actor as Side, Channel, ComplaintAct, ComplaintActInput, ComplaintDeadline, ComplaintInput, ComplaintStatus,
    actor_of, ask_until, deadlines, finding_label, next_acts, normalize_tracking_code, stage_of, tracking_code,
};
use zhifa_store::complaints::ComplaintFilter;
use zhifa_store::model::{Complainant, Complaint, ComplaintActRecord};
use zhifa_store::write::{Actor, Command, Outcome};

/// A complaint registered: its id and the code its complainant follows it by.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Registered {
    /// id
    pub id: i64,
    /// 查询码 (shown once to the complainant; keep it)
    pub tracking_code: String,
    /// 收到日期
    pub received_on: NaiveDate,
}

/// One act as the page lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplaintActView {
    /// the record
    pub act: ComplaintActRecord,
    /// 环节名称
    pub label: String,
    /// 分派到的执法主体
    pub body_name: Option<String>,
}

/// A complaint with everything its handlers see.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintView {
    /// the complaint (without the complainant's particulars)
    pub complaint: Complaint,
    /// the complainant, for the bureau and the handling body's head and administrator
    pub complainant: Option<Complainant>,
    /// 状态名称
    pub status_label: String,
    /// 渠道名称
    pub channel_label: String,
    /// 事项名称
    pub category_label: String,
    /// 承办机关
    pub body_name: Option<String>,
    /// 投诉人所称的被投诉单位
    pub named_body_name: Option<String>,
    /// the time limits, with their ends
    pub deadlines: Vec<ComplaintDeadlineView>,
    /// the acts, in order
    pub acts: Vec<ComplaintActView>,
    /// the acts the caller may do now (codes)
    pub can: Vec<String>,
}

/// A time limit and how it stands on today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplaintDeadlineView {
    /// the limit
    #[serde(flatten)]
    pub deadline: ComplaintDeadline,
    /// `done`（按时办理）, `late`（超期办理）, `open`（未到期）, `overdue`（已超期未办）
    pub state: &'static str,
}

fn deadline_views(
    c: &Complaint,
    t: &zhifa_core::supervision::Thresholds,
    today: NaiveDate,
    cal: &zhifa_core::calendar::Calendar,
) -> Vec<ComplaintDeadlineView> {
    deadlines(&c.dates(), t, cal)
        .into_iter()
        .map(|d| {
            let state = match (d.done_on, d.kept(today)) {
                (Some(_), true) => "done",
                (Some(_), false) => "late",
                (None, true) => "open",
                (None, false) => "overdue",
            };
            ComplaintDeadlineView { deadline: d, state }
        })
        .collect()
}

/// What the public tracking page shows: where it stands and what was answered, never who
/// complained or about whom inside the body.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicComplaint {
    /// 查询码
    pub tracking_code: String,
    /// 标题
    pub subject: String,
    /// 投诉事项
    pub category_label: String,
    /// 收到日期
    pub received_on: NaiveDate,
    /// 办理状态
    pub status: String,
    /// 状态名称
    pub status_label: String,
    /// 承办机关
    pub body_name: Option<String>,
    /// the steps taken: (date, what)
    pub steps: Vec<(NaiveDate, String)>,
    /// the time limits
    pub deadlines: Vec<ComplaintDeadlineView>,
    /// 延期理由
    pub extension_reason: Option<String>,
    /// 不予受理的理由或处理意见（答复后可见）
    pub opinion: Option<String>,
    /// 核实结论（答复后可见）
    pub finding_label: Option<String>,
    /// 处理依据（答复后可见）
    pub basis: Option<String>,
    /// 复查意见
    pub review_opinion: Option<String>,
    /// 复核意见
    pub recheck_opinion: Option<String>,
    /// 可以请求复查（截止日）
    pub may_ask_review_until: Option<NaiveDate>,
    /// 可以请求复核（截止日）
    pub may_ask_recheck_until: Option<NaiveDate>,
}

fn today() -> NaiveDate {
    zhifa_core::time::shanghai_date(Utc::now())
}

impl App {
    /// A complaint from the public form: always `portal`, received today, no account.
    pub async fn submit_complaint(&self, mut input: ComplaintInput) -> AppResult<Registered> {
        input.channel = Channel::Portal.code().into();
        input.received_on = None;
        input.hotline_order = None;
        self.register(&Actor::system(), input, true).await
    }

    /// Staff register a complaint: the bureau any (a 12345 work order, a transfer, a letter), a
    /// body's head or administrator one it received itself, routed to it at once.
    pub async fn register_complaint(&self, who: &Who, input: ComplaintInput) -> AppResult<Registered> {
        match who.caller.role {
            Role::Supervisor | Role::SystemAdmin => who.require(Action::RouteComplaints, None)?,
            _ => who.require(Action::HandleComplaints, who.caller.body_id)?,
        }
        if Channel::parse(&input.channel) == Ok(Channel::Portal) {
            return Err(zhifa_core::Invalid::field(
                "channel",
                "网上投诉由投诉人在门户网站提交，工作人员请选择其他渠道",
            )
            .into());
        }
        self.register(&who.actor(), input, false).await
    }

    async fn register(&self, actor: &Actor, input: ComplaintInput, public: bool) -> AppResult<Registered> {
        let draft = input.validate(today())?;
        let received_on = draft.received_on;
        // A collision of 80 random bits is not expected; the unique index refuses one anyway.
        let code = tracking_code(rand::random());
        let o = self
            .store
            .execute(actor, Command::RegisterComplaint { draft: Box::new(draft), code: code.clone(), public })
            .await?;
        Ok(Registered { id: o.id, tracking_code: code, received_on })
    }

    fn may_do(who: &Who, act: ComplaintAct, body: Option<i64>) -> bool {
        let allowed = |a: Action, b: Option<i64>| zhifa_core::access::allowed(&who.caller, a, b);
        match actor_of(act) {
            Side::Bureau | Side::BureauOrComplainant => {
                who.caller.role.is_district_wide() && allowed(Action::RouteComplaints, body)
            }
            Side::Body => body.is_some() && allowed(Action::HandleComplaints, body),
            Side::Head => body.is_some() && allowed(Action::ApproveComplaintExtension, body),
        }
    }

    /// One act on a complaint by staff.
    pub async fn act_on_complaint(
        &self,
        who: &Who,
        id: i64,
        act: &str,
        input: ComplaintActInput,
    ) -> AppResult<Outcome> {
        let c = self.complaint_row(who, id).await?;
        let act = ComplaintAct::parse(act).map_err(|e| zhifa_core::Invalid::field("act", e))?;
        if act == ComplaintAct::Register || !Self::may_do(who, act, c.body_id) {
            return Err(AppError::Forbidden);
        }
        let t = self.store.warning_thresholds().await?;
        let checked = input.validate(act, today(), &t)?;
        Ok(self
            .store
            .execute(&who.actor(), Command::ActOnComplaint { id, act: Box::new(checked), complainant: false })
            .await?)
    }

    /// The complainant asks for 复查 or 复核 with the tracking code (today).
    pub async fn ask_again(&self, code: &str, act: ComplaintAct) -> AppResult<Outcome> {
        if !matches!(act, ComplaintAct::AskReview | ComplaintAct::AskRecheck) {
            return Err(AppError::Forbidden);
        }
        let c = self.complaint_by_code(code).await?;
        let t = self.store.warning_thresholds().await?;
        let checked = ComplaintActInput::default().validate(act, today(), &t)?;
        Ok(self
            .store
            .execute(&Actor::system(), Command::ActOnComplaint { id: c.id, act: Box::new(checked), complainant: true })
            .await?)
    }

    async fn complaint_by_code(&self, code: &str) -> AppResult<Complaint> {
        let code = normalize_tracking_code(code)
            .ok_or_else(|| zhifa_core::Invalid::field("code", "查询码为16位字母和数字（如 ABCD-EFGH-JKMN-PQRS）"))?;
        self.store.complaint_by_code(&code).await?.ok_or(AppError::NotFound("投诉举报"))
    }

    /// The complaints the caller may see: the bureau all, a body's head or administrator those
    /// routed to it.
    pub async fn complaints(&self, who: &Who, filter: &ComplaintFilter) -> AppResult<Vec<Complaint>> {
        who.require(Action::ReadComplaints, filter.body_id.or(who.caller.body_id))?;
        Ok(self.store.complaints(who.caller.scope(), filter).await?)
    }

    async fn complaint_row(&self, who: &Who, id: i64) -> AppResult<Complaint> {
        let c = self.store.complaint(who.caller.scope(), id).await?.ok_or(AppError::NotFound("投诉举报"))?;
        who.require(Action::ReadComplaints, c.body_id.or(who.caller.body_id))?;
        Ok(c)
    }

    async fn body_name(&self, id: Option<i64>) -> AppResult<Option<String>> {
        Ok(match id {
            Some(id) => self.store.get_body(id).await?.map(|b| b.name),
            None => None,
        })
    }

    /// One complaint with its acts and limits.
    pub async fn complaint(&self, who: &Who, id: i64) -> AppResult<ComplaintView> {
        let c = self.complaint_row(who, id).await?;
        let t = self.store.warning_thresholds().await?;
        let cal = self.store.calendar();
        // The bodies named (the handling one, the one complained about, each routed to): one read.
        let names: std::collections::HashMap<i64, String> =
            self.store.list_bodies().await?.into_iter().map(|b| (b.id, b.name)).collect();
        let name = |id: Option<i64>| id.and_then(|id| names.get(&id).cloned());
        let acts = self
            .store
            .complaint_acts(c.id)
            .await?
            .into_iter()
            .map(|a| {
                let body_name = if a.act == ComplaintAct::Assign { name(a.body_id) } else { None };
                ComplaintActView { label: a.act.label().into(), body_name, act: a }
            })
            .collect();
        let can = next_acts(c.status)
            .iter()
            .filter(|a| Self::may_do(who, **a, c.body_id))
            .map(|a| a.code().to_string())
            .collect();
        // The complainant's particulars are personal data: each view of them is in the access
        // log (调阅), as a case file's is.
        let complainant = c.complainant();
        if complainant.name.is_some() || complainant.phone.is_some() || complainant.address.is_some() {
            let view = zhifa_store::write::Command::RecordAccess {
                object_table: "complaints".into(),
                object_id: c.id,
                body_id: c.body_id.map(zhifa_core::ids::BodyId),
                ip: None,
                purpose: Some("办理投诉举报（查看投诉人信息）".into()),
            };
            self.store.execute(&who.actor(), view).await?;
        }
        Ok(ComplaintView {
            complainant: Some(complainant),
            status_label: c.status.label().into(),
            channel_label: c.channel.label().into(),
            category_label: c.category.label().into(),
            body_name: name(c.body_id),
            named_body_name: name(c.named_body_id),
            deadlines: deadline_views(&c, &t, today(), &cal),
            acts,
            can,
            complaint: c,
        })
    }

    /// What waits for the caller among the open complaints, each with the limit of the act due:
    /// the bureau routes and answers 复查 and 复核; the handling body's head and administrator
    /// decide acceptance, conclude and answer the complainant. No particulars are shown.
    pub(crate) async fn complaint_tasks(
        &self,
        who: &Who,
        today: NaiveDate,
        limit: i64,
    ) -> AppResult<Vec<crate::workbench::Task>> {
        let reads = zhifa_core::access::allowed(&who.caller, Action::ReadComplaints, who.caller.body_id);
        if !reads || !matches!(who.caller.role, Role::Supervisor | Role::Head | Role::BodyAdmin) {
            return Ok(Vec::new());
        }
        let filter = ComplaintFilter { open: Some(true), limit: Some(limit), ..Default::default() };
        let rows = self.store.complaints(who.caller.scope(), &filter).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let t = self.store.warning_thresholds().await?;
        let cal = self.store.calendar();
        let mut tasks = Vec::new();
        for c in rows {
            let Some(act) = next_acts(c.status).iter().copied().find(|a| Self::may_do(who, *a, c.body_id)) else {
                continue;
            };
            let limits = deadlines(&c.dates(), &t, &cal);
            let due = stage_of(act).and_then(|s| limits.into_iter().find(|d| d.stage == s && d.done_on.is_none()));
            let days_left = due.as_ref().map(|d| (d.due - today).num_days());
            tasks.push(crate::workbench::Task {
                kind: "complaint".into(),
                kind_label: "投诉举报".into(),
                case_id: c.case_id,
                case_number: c.tracking_code.clone(),
                party_names: format!("{} · {}", c.channel.label(), c.category.label()),
                title: format!("{}：{}", act.label(), c.subject),
                overdue: days_left.is_some_and(|d| d < 0),
                days_left,
                due_what: due.as_ref().map(|d| format!("{}（{}）", d.limit, d.basis)),
                due: due.map(|d| d.due),
                href: format!("/complaints/{}", c.id),
            });
        }
        Ok(tasks)
    }

    /// The public tracking view of the complaint with this code.
    pub async fn track_complaint(&self, code: &str) -> AppResult<PublicComplaint> {
        let c = self.complaint_by_code(code).await?;
        let t = self.store.warning_thresholds().await?;
        let cal = self.store.calendar();
        let day = today();
        let answered = c.answered_on.is_some();
        let steps = self
            .store
            .complaint_acts(c.id)
            .await?
            .into_iter()
            .map(|a| (a.acted_on, a.act.label().to_string()))
            .collect();
        // Offered while the status waits for the request and its period runs.
        let until = |from: Option<NaiveDate>| from.map(|f| ask_until(&cal, f)).filter(|end| day <= *end);
        Ok(PublicComplaint {
            tracking_code: c.tracking_code.clone(),
            subject: c.subject.clone(),
            category_label: c.category.label().into(),
            received_on: c.received_on,
            status: c.status.code().into(),
            status_label: c.status.label().into(),
            body_name: self.body_name(c.body_id).await?,
            steps,
            deadlines: deadline_views(&c, &t, day, &cal),
            extension_reason: c.extension_reason.clone(),
            opinion: c.opinion.clone().filter(|_| answered),
            finding_label: finding_label(c.finding.as_deref()).map(String::from).filter(|_| answered),
            basis: c.basis.clone().filter(|_| answered),
            review_opinion: c.review_opinion.clone(),
            recheck_opinion: c.recheck_opinion.clone(),
            may_ask_review_until: if c.status == ComplaintStatus::Answered { until(c.answered_on) } else { None },
            may_ask_recheck_until: if c.status == ComplaintStatus::Reviewed { until(c.reviewed_on) } else { None },
        })
    }
}
