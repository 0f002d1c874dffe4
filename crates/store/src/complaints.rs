//! 投诉举报的存储: registering a complaint (the public form, or staff for a 12345 work order,
//! a letter or a visit) and each act on it, every one a journaled act row with the complaint's
//! row brought up to date in the same savepoint. Which act may follow which, who does it and
//! the time limits are `zhifa_core::supervision::complaints`; this module checks the records the
//! act names (the body, the case, the officer) and stamps whether it came late.

use crate::db::now;
use crate::db::query::{query, query_built};
use crate::journal::Write;
use crate::model::{Complaint, ComplaintActRecord};
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use zhifa_core::access::Scope;
use zhifa_core::calendar::Calendar;
use zhifa_core::error::Invalid;
use zhifa_core::supervision::complaints::{
    Actor as Who, CheckedAct, ComplaintAct, ComplaintDraft, ComplaintStatus, actor_of, deadlines, may_ask, may_object,
    next_acts, stage_of, status_after,
};

/// A body the complaint may name or be routed to: it exists and is not the bureau itself.
async fn enforcement_body(w: &mut Write<'_, '_>, id: i64, field: &str) -> Result<()> {
    crate::supervision::enforcement_body(w, id, field, "请选择被投诉的执法主体，而不是监督机关").await.map(|_| ())
}

/// Registers a complaint under the tracking code `code`. From the public form (`public`) or
/// the bureau it waits to be routed; registered by a body's staff (a letter or a visit it
/// received itself, 第二十三条) it is routed to that body on receipt.
pub(crate) async fn register_complaint(
    w: &mut Write<'_, '_>,
    draft: ComplaintDraft,
    code: String,
    public: bool,
) -> Result<Outcome> {
    if let Some(b) = draft.body_id {
        enforcement_body(w, b, "body_id").await?;
    }
    let own = if public { None } else { w.actor.scope.body() };
    if let Some(b) = own {
        enforcement_body(w, b, "body_id").await?;
    }
    let t = now();
    let status = if own.is_some() { ComplaintStatus::Assigned } else { ComplaintStatus::Received };
    let row: Complaint = w
        .tx
        .fetch_one(
            query(
                "INSERT INTO complaints (tracking_code, channel, hotline_order, category, named_body_id, body_id, subject, \
                 content, happened_on, place, document_number, complainant_name, complainant_phone, complainant_address, \
                 status, received_on, assigned_on, registered_by, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) RETURNING *",
            )
            .bind(&code)
            .bind(draft.channel.code())
            .bind(&draft.hotline_order)
            .bind(draft.category.code())
            .bind(draft.body_id.or(own))
            .bind(own)
            .bind(&draft.subject)
            .bind(&draft.content)
            .bind(draft.happened_on)
            .bind(&draft.place)
            .bind(&draft.document_number)
            .bind(&draft.name)
            .bind(&draft.phone)
            .bind(&draft.address)
            .bind(status.code())
            .bind(draft.received_on)
            .bind(own.map(|_| draft.received_on))
            .bind(if public { None } else { w.actor.user_id })
            .bind(t),
        )
        .await
        .map_err(|e| e.unique_as(|| "查询码重复，请重新提交".to_string()))?;
    let seq = w.record_new(row.body_id, "complaint.register", &row).await?;
    insert_act(w, &row, ComplaintAct::Register, own, None, None, None, None, draft.received_on, false).await?;
    Ok(Outcome::new(row.id, seq))
}

#[allow(clippy::too_many_arguments)]
async fn insert_act(
    w: &mut Write<'_, '_>,
    c: &Complaint,
    act: ComplaintAct,
    body_id: Option<i64>,
    note: Option<&str>,
    days: Option<i64>,
    finding: Option<&str>,
    method: Option<&str>,
    on: NaiveDate,
    late: bool,
) -> Result<i64> {
    let row: ComplaintActRecord =
        w.tx.fetch_one(
            query(
                "INSERT INTO complaint_acts (complaint_id, act, body_id, note, days, finding, method, acted_on, late, \
                 acted_by, acted_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING *",
            )
            .bind(c.id)
            .bind(act.code())
            .bind(body_id)
            .bind(note)
            .bind(days)
            .bind(finding)
            .bind(method)
            .bind(on)
            .bind(late)
            .bind(w.actor.user_id)
            .bind(now()),
        )
        .await?;
    w.record_new(c.body_id, &format!("complaint.{}", act.code()), &row).await
}

/// One act on a complaint. `complainant`: asked by the complainant with the tracking code
/// (only 复查 and 复核 may be). The caller's role has been checked by the app; here the act must
/// follow from where the complaint stands, be done by the right side, and name records of the
/// handling body.
pub(crate) async fn act_on_complaint(
    w: &mut Write<'_, '_>,
    id: i64,
    a: CheckedAct,
    complainant: bool,
    cal: &Calendar,
) -> Result<Outcome> {
    use ComplaintAct as A;
    let mut c: Complaint =
        w.tx.fetch_optional(query("SELECT * FROM complaints WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound("投诉举报"))?;
    match (actor_of(a.act), complainant) {
        (Who::BureauOrComplainant, true) => {}
        (_, true) => return Err(StoreError::NotFound("投诉举报")),
        (Who::Bureau | Who::BureauOrComplainant, false) => w.actor.district_wide("投诉举报")?,
        (Who::Body | Who::Head, false) => match c.body_id {
            Some(b) => w.actor.in_scope(b, "投诉举报")?,
            None => return Err(StoreError::NotFound("投诉举报")),
        },
    }
    if !next_acts(c.status).contains(&a.act) {
        return Err(StoreError::Conflict(format!("该投诉当前为“{}”，不能办理“{}”", c.status.label(), a.act.label())));
    }
    let t = crate::supervision::thresholds_of(w.tx.scalar_optional(query(crate::supervision::THRESHOLDS)).await?)?;
    let before = deadlines(&c.dates(), &t, cal);
    let late = stage_of(a.act).and_then(|s| before.iter().find(|d| d.stage == s)).is_some_and(|d| a.on > d.due);
    match a.act {
        A::Register => return Err(StoreError::Conflict("投诉已登记".into())),
        A::Assign => {
            let b = a.body_id.ok_or_else(|| Invalid::field("body_id", "请选择承办的执法主体"))?;
            enforcement_body(w, b, "body_id").await?;
            c.body_id = Some(b);
            c.assigned_on = Some(a.on);
        }
        A::Object => {
            let assigned = c.assigned_on.unwrap_or(c.received_on);
            if !may_object(cal, assigned, a.on) {
                return Err(StoreError::Conflict(
                    "已超过提出异议的期限（收到之日起5个工作日内，《信访工作条例》第二十三条第三款），请依法办理"
                        .into(),
                ));
            }
            c.body_id = None;
            c.assigned_on = None;
            c.objected_on = Some(a.on);
        }
        A::Accept => c.accepted_on = Some(a.on),
        A::Refuse => {
            c.refused_on = Some(a.on);
            c.opinion = a.note.clone();
        }
        A::Extend => {
            if c.extension_days.is_some() {
                return Err(StoreError::Conflict("办理期限已延长过一次，不能再次延长（第三十四条）".into()));
            }
            if let Some(d) = before.iter().find(|d| d.stage == "conclude")
                && a.on > d.due
            {
                return Err(StoreError::Conflict(format!("办理期限已于{}届满，不能再延期", d.due)));
            }
            c.extension_days = a.days.map(i64::from);
            c.extension_reason = a.note.clone();
        }
        A::Conclude => {
            let body = c.body_id.unwrap_or_default();
            if let Some(case) = a.case_id {
                let owner: Option<i64> =
                    w.tx.scalar_optional(query("SELECT body_id FROM cases WHERE id = $1").bind(case)).await?;
                if owner != Some(body) {
                    return Err(Invalid::field("case_id", "该案件不存在或不属于承办机关").into());
                }
                c.case_id = Some(case);
            }
            if let Some(officer) = a.officer_id {
                let owner: Option<i64> =
                    w.tx.scalar_optional(query("SELECT body_id FROM officers WHERE id = $1").bind(officer)).await?;
                if owner != Some(body) {
                    return Err(Invalid::field("officer_id", "该执法人员不存在或不属于承办机关").into());
                }
                c.officer_id = Some(officer);
            }
            c.concluded_on = Some(a.on);
            c.finding = a.finding.map(|f| f.code().to_string());
            c.opinion = a.note.clone();
            c.basis = a.basis.clone();
        }
        A::Answer => {
            let done = c.concluded_on.or(c.refused_on).unwrap_or(c.received_on);
            if a.on < done {
                return Err(Invalid::field("on", "答复日期不能早于办结日期").into());
            }
            c.answered_on = Some(a.on);
            c.answer_method = a.method.map(|m| m.code().to_string());
        }
        A::AskReview => {
            let replied = c.answered_on.unwrap_or(c.received_on);
            if !may_ask(cal, replied, a.on) {
                return Err(StoreError::Conflict(format!(
                    "已超过请求复查的期限（收到答复之日{replied}起30日内，《信访工作条例》第三十五条）"
                )));
            }
            c.review_asked_on = Some(a.on);
        }
        A::Review => {
            c.reviewed_on = Some(a.on);
            c.review_finding = a.finding.map(|f| f.code().to_string());
            c.review_opinion = a.note.clone();
        }
        A::AskRecheck => {
            let replied = c.reviewed_on.unwrap_or(c.received_on);
            if !may_ask(cal, replied, a.on) {
                return Err(StoreError::Conflict(format!(
                    "已超过请求复核的期限（收到复查意见之日{replied}起30日内，《信访工作条例》第三十六条）"
                )));
            }
            c.recheck_asked_on = Some(a.on);
        }
        A::Recheck => {
            c.rechecked_on = Some(a.on);
            c.recheck_finding = a.finding.map(|f| f.code().to_string());
            c.recheck_opinion = a.note.clone();
        }
    }
    let status = status_after(a.act, c.status);
    let updated: Complaint = w
        .tx
        .fetch_one(
            query(
                "UPDATE complaints SET status = $1, body_id = $2, objected_on = $3, assigned_on = $4, accepted_on = $5, \
                 refused_on = $6, extension_days = $7, extension_reason = $8, concluded_on = $9, finding = $10, \
                 opinion = $11, basis = $12, answered_on = $13, answer_method = $14, review_asked_on = $15, \
                 reviewed_on = $16, review_finding = $17, review_opinion = $18, recheck_asked_on = $19, rechecked_on = $20, \
                 recheck_finding = $21, recheck_opinion = $22, case_id = $23, officer_id = $24 WHERE id = $25 RETURNING *",
            )
            .bind(status.code())
            .bind(c.body_id)
            .bind(c.objected_on)
            .bind(c.assigned_on)
            .bind(c.accepted_on)
            .bind(c.refused_on)
            .bind(c.extension_days)
            .bind(&c.extension_reason)
            .bind(c.concluded_on)
            .bind(&c.finding)
            .bind(&c.opinion)
            .bind(&c.basis)
            .bind(c.answered_on)
            .bind(&c.answer_method)
            .bind(c.review_asked_on)
            .bind(c.reviewed_on)
            .bind(&c.review_finding)
            .bind(&c.review_opinion)
            .bind(c.recheck_asked_on)
            .bind(c.rechecked_on)
            .bind(&c.recheck_finding)
            .bind(&c.recheck_opinion)
            .bind(c.case_id)
            .bind(c.officer_id)
            .bind(c.id),
        )
        .await?;
    insert_act(
        w,
        &updated,
        a.act,
        c.body_id,
        a.note.as_deref(),
        a.days.map(i64::from),
        a.finding.map(|f| f.code()),
        a.method.map(|m| m.code()),
        a.on,
        late,
    )
    .await?;
    let seq = w.record(updated.body_id, "complaint.update", &updated).await?;
    Ok(Outcome::new(updated.id, seq))
}

/// Which complaints to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ComplaintFilter {
    /// 办理状态 code; all when empty
    pub status: Option<String>,
    /// only those not yet concluded and answered (`received` … `concluded`, `reviewing`, `rechecking`)
    pub open: Option<bool>,
    /// 承办的执法主体
    pub body_id: Option<i64>,
    /// 来源渠道 code
    pub channel: Option<String>,
    /// 收到日期起 (YYYY-MM-DD)
    pub from: Option<NaiveDate>,
    /// 收到日期止 (YYYY-MM-DD)
    pub to: Option<NaiveDate>,
    /// at most this many (default 200, at most 1000)
    pub limit: Option<i64>,
}

/// The statuses in which something is still to be done by the platform's side.
pub const OPEN_STATUSES: &str = "('received','assigned','accepted','refused','concluded','reviewing','rechecking')";

impl Store {
    /// Complaints in `scope` (a body sees those routed to it), newest first.
    pub async fn complaints(&self, scope: Scope, f: &ComplaintFilter) -> Result<Vec<Complaint>> {
        let status = f
            .status
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(ComplaintStatus::parse)
            .transpose()
            .map_err(|e| Invalid::field("status", e))?;
        let channel = f
            .channel
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(zhifa_core::supervision::complaints::Channel::parse)
            .transpose()
            .map_err(|e| Invalid::field("channel", e))?;
        let open = if f.open.unwrap_or(false) { format!(" AND status IN {OPEN_STATUSES}") } else { String::new() };
        self.fetch_all(
            query_built(format!(
                "SELECT * FROM complaints WHERE ($1 IS NULL OR body_id = $1) AND ($2 IS NULL OR status = $2) AND ($3 IS NULL OR body_id = $3) \
                 AND ($4 IS NULL OR channel = $4) AND ($5 IS NULL OR received_on >= $5) AND ($6 IS NULL OR received_on <= $6){open} \
                 ORDER BY received_on DESC, id DESC LIMIT $7"
            ))
            .bind(scope.body())
            .bind(status.map(ComplaintStatus::code))
            .bind(f.body_id)
            .bind(channel.map(|c| c.code()))
            .bind(f.from)
            .bind(f.to)
            .bind(f.limit.unwrap_or(200).clamp(1, 1000)),
        )
        .await
    }

    /// One complaint, in `scope`: a body reaches only those routed to it.
    pub async fn complaint(&self, scope: Scope, id: i64) -> Result<Option<Complaint>> {
        let c: Option<Complaint> =
            self.fetch_optional(query("SELECT * FROM complaints WHERE id = $1").bind(id)).await?;
        Ok(c.filter(|c| match scope {
            Scope::All => true,
            Scope::Body(b) => c.body_id == Some(b),
        }))
    }

    /// The complaint with this tracking code (the code already normalized).
    pub async fn complaint_by_code(&self, code: &str) -> Result<Option<Complaint>> {
        self.fetch_optional(query("SELECT * FROM complaints WHERE tracking_code = $1").bind(code)).await
    }

    /// The acts on a complaint, in order.
    pub async fn complaint_acts(&self, id: i64) -> Result<Vec<ComplaintActRecord>> {
        self.fetch_all(query("SELECT * FROM complaint_acts WHERE complaint_id = $1 ORDER BY id").bind(id)).await
    }

    /// The complaints with something still to do (W19 judges them as days pass).
    pub async fn open_complaints(&self) -> Result<Vec<Complaint>> {
        self.fetch_all(query_built(format!("SELECT * FROM complaints WHERE status IN {OPEN_STATUSES} ORDER BY id")))
            .await
    }

    /// The justice bureau's body (an unrouted complaint's clues are its own).
    pub async fn supervisor_body_id(&self) -> Result<Option<i64>> {
        let bureau: Option<crate::model::Body> = self.fetch_optional(query(crate::supervision::BUREAU)).await?;
        Ok(bureau.map(|b| b.id))
    }

    /// These complaints.
    pub async fn complaints_by_id(&self, ids: &[i64]) -> Result<Vec<Complaint>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        self.fetch_all(query_built(format!("SELECT * FROM complaints WHERE id IN ({list}) ORDER BY id"))).await
    }
}
