//! The review file of a case (法制审核): submissions, opinions, objections, negotiation and the
//! head's ruling, each a journaled row; the marks and the body's review item list that decide
//! whether a case needs review. The rules are the domain core's ([`zhifa_core::review`]); the
//! commands here run inside the one write path ([`crate::Store::execute`]).

use crate::db::now;
use crate::db::query::{Tx, query, query_built};
use crate::journal::{Write, in_scope};
use crate::model::{Case, ReviewEvent, ReviewList, ReviewSubmission};
use crate::registry::body_exists;
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use serde::Serialize;
use zhifa_core::Invalid;
use zhifa_core::case::StepKind;
use zhifa_core::review::{Event, Marks, Referral, Requirement, ScopeFacts, State, Waiting};

/// What a review event command carries.
#[derive(Debug, Clone)]
pub enum ReviewAction {
    /// 送审 / 重新送审
    Submit(zhifa_core::review::SubmissionInput),
    /// 审核意见
    Opinion(zhifa_core::review::OpinionInput),
    /// 承办机构异议：理由和依据
    Object {
        /// 理由
        reasons: String,
        /// 依据
        basis: String,
    },
    /// 协商结果
    Negotiate {
        /// 审核机构接受承办机构意见
        agreed: bool,
        /// 协商情况
        note: String,
    },
    /// 负责人处理
    Rule {
        /// handling / review
        side: String,
        /// 理由
        reasons: String,
    },
    /// 涉嫌犯罪移送
    Refer(zhifa_core::review::ReferralInput),
    /// 移送回执
    Receipt(zhifa_core::review::ReceiptInput),
    /// 移送后续情况
    FollowUp(zhifa_core::review::FollowUpInput),
}

impl ReviewAction {
    /// What the domain core checks the action against.
    pub(crate) fn kind(&self) -> std::result::Result<zhifa_core::review::Action, zhifa_core::review::ReferralAction> {
        use zhifa_core::review::{Action as A, ReferralAction as R};
        match self {
            ReviewAction::Submit(_) => Ok(A::Submit),
            ReviewAction::Opinion(_) => Ok(A::Review),
            ReviewAction::Object { .. } => Ok(A::Object),
            ReviewAction::Negotiate { .. } => Ok(A::Negotiate),
            ReviewAction::Rule { .. } => Ok(A::Rule),
            ReviewAction::Refer(_) => Err(R::Refer),
            ReviewAction::Receipt(_) => Err(R::Receipt),
            ReviewAction::FollowUp(_) => Err(R::FollowUp),
        }
    }
}

/// A person's key, opened with their password for one act (the seed is never stored open nor
/// printed).
#[derive(Clone)]
pub struct Signer {
    /// the key: one already registered, or a new one registered with the act (first use, or
    /// after a password change), so that a refused act leaves nothing behind
    pub key: SignerKey,
    /// the seed
    pub seed: [u8; 32],
}

/// Which key a [`Signer`] opened.
#[derive(Clone, Debug)]
pub enum SignerKey {
    /// the row of a registered key
    Registered(i64),
    /// a key to register in the act's transaction: wrapped, with the salt of its derivation
    New(zhifa_ledger::personal::WrappedKey, String),
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer {{ key: {:?} }}", self.key)
    }
}

/// Registers a person's signing key in the open transaction: only their own, and the public key
/// journaled.
pub(crate) async fn register_key(
    w: &mut Write<'_, '_>,
    user_id: i64,
    key: &zhifa_ledger::personal::WrappedKey,
    salt: &str,
) -> Result<Outcome> {
    if w.actor.user_id != Some(user_id) {
        return Err(Invalid::field("user_id", "只能为本人登记签名密钥").into());
    }
    let row: crate::model::SigningKey = w.tx.fetch_one(query("INSERT INTO signing_keys (user_id, public_key, wrapped_seed, salt, created_at) VALUES ($1,$2,$3,$4,$5) RETURNING *").bind(user_id).bind(&key.public_key).bind(&key.wrapped_seed).bind(salt).bind(now())).await?;
    let id = row.id;
    let seq = w.record_new(None, "signing_key.register", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Signs an act in the open transaction with the actor's own key (registering it first when it
/// is new): `None` for the system (imports), refused for a person without a key or with
/// another's. Gives the key's id and the signature over
/// [`zhifa_ledger::personal::act_message`].
pub(crate) async fn sign_act(
    w: &mut Write<'_, '_>,
    signer: Option<crate::review::Signer>,
    record: &str,
    case_id: i64,
    seq: i64,
    sm3: &str,
) -> Result<Option<(i64, String)>> {
    let signed: Option<(i64, String)> = match (w.actor.user_id, &signer) {
        (None, _) => None,
        (Some(_), None) => Err(Invalid::field("sign_password", "请输入签名密码（登录密码）对本次操作签名"))?,
        (Some(user), Some(sg)) => {
            let key_id = match &sg.key {
                crate::review::SignerKey::Registered(id) => *id,
                crate::review::SignerKey::New(k, salt) => register_key(w, user, k, salt).await?.id,
            };
            let key: Option<crate::model::SigningKey> =
                w.tx.fetch_optional(query("SELECT * FROM signing_keys WHERE id = $1").bind(key_id)).await?;
            match key {
                Some(k) if k.user_id == user && zhifa_ledger::personal::public_key(&sg.seed) == k.public_key => {
                    let msg = zhifa_ledger::personal::act_message(record, case_id, seq, sm3, user);
                    Some((k.id, zhifa_ledger::personal::sign(&sg.seed, &msg)))
                }
                _ => Err(Invalid::field("sign_password", "签名密钥不属于本人"))?,
            }
        }
    };
    Ok(signed)
}

/// The review time limit (working days) of the list in force on `on`, from a body's list
/// versions (newest first); the default when none was in force.
fn review_days_on(lists: &[ReviewList], on: chrono::NaiveDate) -> u32 {
    lists.iter().find(|l| l.effective_from <= on).map_or(zhifa_core::case::rules::REVIEW_DEFAULT_DAYS, ReviewList::days)
}

/// Serialises what an event says.
pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The date a field of an earlier event's content holds (the referral's and the receipt's).
pub(crate) fn event_date(rows: &[ReviewEvent], event: &str, field: &str) -> Result<chrono::NaiveDate> {
    let row =
        rows.iter().rev().find(|r| r.event == event).ok_or_else(|| StoreError::Corrupt(format!("缺少{event}记录")))?;
    let v: serde_json::Value = serde_json::from_str(&row.content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    v[field]
        .as_str()
        .and_then(|d| zhifa_core::time::parse_date(d).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("审核记录{}无效", row.id)))
}

/// A case's review file as the pages and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewFile {
    /// whether review is required, and why
    pub requirement: Requirement,
    /// the marks set
    pub marks: Marks,
    /// state code and label
    #[schema(value_type = Object)]
    pub state: State,
    /// 状态
    pub state_label: String,
    /// the submissions, oldest first
    pub submissions: Vec<ReviewSubmission>,
    /// the events, in order
    pub events: Vec<ReviewEvent>,
    /// what the file waits for
    pub waiting: Option<Waiting>,
    /// 等待事项
    pub waiting_label: Option<String>,
    /// the body's review time limit (working days)
    pub review_days: u32,
    /// for a version under review: the last day of the time limit
    pub due: Option<chrono::NaiveDate>,
    /// the time limit has passed
    pub overdue: bool,
    /// where a referral stands
    #[schema(value_type = Object)]
    pub referral: Referral,
    /// 移送情况
    pub referral_label: String,
    /// the discretion standards of the case's item in force today and whether the proposed
    /// penalty keeps to them (none where the body has no standard for the item)
    #[schema(value_type = Option<Object>)]
    pub discretion: Option<zhifa_core::lists::DiscretionCheck>,
}

/// One entry of a review queue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueItem {
    /// 案件
    pub case_id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 案号
    pub case_number: String,
    /// 当事人
    pub party_names: String,
    /// 送审版本
    pub version: i64,
    /// what it waits for
    pub waiting: Waiting,
    /// 等待事项
    pub waiting_label: String,
    /// since when (the file's latest event)
    pub since: chrono::DateTime<chrono::Utc>,
    /// 审核期限（待审核的）
    pub due: Option<chrono::NaiveDate>,
    /// 已超过审核期限
    pub overdue: bool,
}

/// Why a case was or was not reviewed, for supervisors (seed §四(二): the officer cannot lower
/// the requirement; the supervisor sees the reasons).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScopeItem {
    /// 案件
    pub case_id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 案号
    pub case_number: String,
    /// 案件类型
    pub kind: String,
    /// 阶段
    pub stage: String,
    /// whether review is required, why, and whether discussion is
    pub requirement: Requirement,
    /// 审核状态
    pub state_label: String,
    /// a decision was recorded
    pub decided: bool,
    /// a decision stands without the review the requirement asks for (never expected: the gate
    /// refuses it; shown so that a supervisor can see it checked)
    pub anomaly: bool,
}

/// One body's review figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BodyReviewStats {
    /// 执法主体
    pub body_id: i64,
    /// 名称
    pub body_name: String,
    /// the figures
    pub stats: zhifa_core::review::Stats,
}

impl ReviewFile {
    /// The events as the domain core folds them.
    pub fn core_events(&self) -> Result<Vec<Event>> {
        self.events.iter().map(ReviewEvent::core).collect()
    }
}

/// The review requirement of a case from what is stored (shared by reads and the write path).
pub(crate) fn requirement_of(
    case: &Case,
    steps: &[crate::model::CaseStep],
    marks: &Marks,
    list: &[zhifa_core::review::ListItem],
    licensing_hearing: bool,
) -> Result<Requirement> {
    let kind = case.kind;
    let hearing_held = steps.iter().any(|s| s.kind == StepKind::Hearing);
    Ok(zhifa_core::review::requirement(&ScopeFacts {
        kind,
        power_item_code: &case.power_item_code,
        hearing_held,
        licensing_hearing,
        complex_case: case.complex,
        marks,
        list,
    }))
}

/// Reads, in the open transaction, what the art. 58 gate needs for `case` on `date`: the review
/// file's rows, and the requirement from the case's steps, its marks and the body's review list
/// in force that day (with that list's review time limit in working days). Shared by the step write path and the review file read.
pub(crate) async fn load_review(
    tx: &mut Tx<'_>,
    case: &crate::model::Case,
    steps: &[crate::model::CaseStep],
    date: chrono::NaiveDate,
) -> Result<(Vec<crate::model::ReviewEvent>, Marks, Requirement, u32)> {
    let rows: Vec<crate::model::ReviewEvent> =
        tx.fetch_all(query("SELECT * FROM review_events WHERE case_id = $1 ORDER BY seq").bind(case.id)).await?;
    let marks: Option<String> = tx
        .scalar_optional(
            query("SELECT marks FROM review_marks WHERE case_id = $1 ORDER BY id DESC LIMIT 1").bind(case.id),
        )
        .await?;
    let marks: zhifa_core::review::Marks = match marks {
        Some(m) => serde_json::from_str(&m).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        None => Default::default(),
    };
    let list: Option<crate::model::ReviewList> = tx
        .fetch_optional(
            query(
                "SELECT * FROM review_lists WHERE body_id = $1 AND effective_from <= $2 ORDER BY version DESC LIMIT 1",
            )
            .bind(case.body_id)
            .bind(date),
        )
        .await?;
    let days = list.as_ref().map_or(zhifa_core::case::rules::REVIEW_DEFAULT_DAYS, crate::model::ReviewList::days);
    let list = match list {
        Some(l) => l.item_list()?,
        None => Vec::new(),
    };
    // The item the case exercises says whether a hearing applies (许可法 arts. 46-47).
    let hearing: Option<bool> =
        tx.scalar_optional(query("SELECT hearing FROM power_items WHERE id = $1").bind(case.power_item_id)).await?;
    let requirement = crate::review::requirement_of(case, steps, &marks, &list, hearing.unwrap_or(false))?;
    Ok((rows, marks, requirement, days))
}

/// Runs one review action inside the write path: the state allows it, the person may do it
/// (a reviewer of the body who is not one of the case's officers nor the submitter; the case's
/// officers for the handling unit; a head of the body for the ruling), the content is complete;
/// then the event row (and the submission) is written and journaled.
pub(crate) async fn review_event(
    w: &mut Write<'_, '_>,
    case_id: i64,
    action: ReviewAction,
    role: zhifa_core::access::Role,
    officer: Option<i64>,
    signer: Option<Signer>,
) -> Result<Outcome> {
    use zhifa_core::access::Role;
    use zhifa_core::review::{Action as A, allowed, state};
    let case = crate::cases::case_in_scope(w, case_id).await?;
    let rows: Vec<crate::model::ReviewEvent> =
        w.tx.fetch_all(query("SELECT * FROM review_events WHERE case_id = $1 ORDER BY seq").bind(case_id)).await?;
    let events = rows.iter().map(crate::model::ReviewEvent::core).collect::<Result<Vec<_>>>()?;
    let st = state(&events);
    let kind = action.kind();
    match kind {
        Ok(a) => allowed(st, a),
        Err(r) => zhifa_core::review::referral_allowed(&events, r),
    }
    .map_err(|r| StoreError::Invalid(r.into_invalid()))?;
    let handling = case.officer_list()?;
    let is_handler = officer.is_some_and(|o| handling.contains(&o));
    let is_reviewer = match officer {
        Some(o) => {
            w.tx.scalar::<i64>(
                query("SELECT COUNT(*) FROM reviewers WHERE officer_id = $1 AND body_id = $2")
                    .bind(o)
                    .bind(case.body_id),
            )
            .await?
                > 0
        }
        None => false,
    };
    let submitter: Option<i64> = rows.iter().rev().find(|r| r.event == "submitted").and_then(|r| r.actor_officer_id);
    let forbid = |msg: &str| -> Result<()> { Err(Invalid::field("role", msg.to_string()).into()) };
    let system = w.actor.user_id.is_none();
    let handler_or_head = role == Role::Head || (role == Role::Officer && is_handler);
    match kind {
        Ok(A::Submit | A::Object) if !system && !handler_or_head => {
            forbid("只有本案承办人员或机关负责人可以送审或提出异议")?
        }
        Ok(A::Review | A::Negotiate) if !(system || (role == Role::Reviewer && is_reviewer)) => {
            forbid("只有本机关的法制审核人员可以审核（《行政处罚法》第五十八条）")?
        }
        Ok(A::Review | A::Negotiate) if is_handler || (officer.is_some() && submitter == officer) => {
            forbid("法制审核人员不得审核本人承办或送审的案件（回避）")?
        }
        Ok(A::Rule) if !system && role != Role::Head => forbid("意见分歧由机关负责人处理（实施方案§四(三)2）")?,
        Err(_) if !system && !handler_or_head => {
            forbid("涉嫌犯罪移送由本案承办人员或机关负责人登记（《行政执法机关移送涉嫌犯罪案件的规定》第五条）")?
        }
        _ => {}
    }
    let version = match kind {
        Ok(A::Submit) => st.version() + 1,
        _ => st.version(),
    };
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let mut inv = Invalid::default();
    let (event, outcome, content): (&str, Option<String>, String) = match action {
        crate::review::ReviewAction::Submit(input) => {
            let v = input.validate(version > 1)?;
            let docs: Vec<(i64, String, Option<String>, String)> =
                w.tx.fetch_all(
                    query("SELECT id, kind, number, pdf_sm3 FROM documents WHERE case_id = $1 ORDER BY id")
                        .bind(case_id),
                )
                .await?;
            let docs: Vec<serde_json::Value> = docs.into_iter()
                    .map(|(id, kind, number, sm3)| serde_json::json!({"id": id, "kind": kind, "number": number, "pdf_sm3": sm3}))
                    .collect();
            let content = serde_json::json!({"submission": v, "documents": docs}).to_string();
            ("submitted", None, content)
        }
        crate::review::ReviewAction::Opinion(input) => {
            let o = input.validate()?;
            let outcome = o.outcome.code().to_string();
            ("reviewed", Some(outcome), crate::review::to_json(&o)?)
        }
        crate::review::ReviewAction::Object { reasons, basis } => {
            let reasons = zhifa_core::error::required_text(&mut inv, "reasons", "异议理由", &reasons, 5000);
            let basis = zhifa_core::error::required_text(&mut inv, "basis", "异议依据", &basis, 2000);
            ("objected", None, serde_json::json!({"reasons": reasons, "basis": basis}).to_string())
        }
        crate::review::ReviewAction::Negotiate { agreed, note } => {
            let note = zhifa_core::error::required_text(&mut inv, "note", "协商情况", &note, 5000);
            let o = if agreed { "agreed" } else { "disagreed" };
            ("negotiated", Some(o.to_string()), serde_json::json!({"agreed": agreed, "note": note}).to_string())
        }
        crate::review::ReviewAction::Rule { side, reasons } => {
            let side = inv.check("side", zhifa_core::review::Side::parse(&side));
            let reasons = zhifa_core::error::required_text(&mut inv, "reasons", "处理理由", &reasons, 5000);
            let code = side.map(|s| s.code().to_string());
            ("ruled", code, serde_json::json!({"side": side.map(|s| s.code()), "reasons": reasons}).to_string())
        }
        crate::review::ReviewAction::Refer(input) => {
            let v = input.validate(today)?;
            ("referred", None, crate::review::to_json(&v)?)
        }
        crate::review::ReviewAction::Receipt(input) => {
            let referred = crate::review::event_date(&rows, "referred", "referred_on")?;
            ("referral_received", None, crate::review::to_json(&input.validate(referred, today)?)?)
        }
        crate::review::ReviewAction::FollowUp(input) => {
            let received = crate::review::event_date(&rows, "referral_received", "received_on")?;
            let (result, v) = input.validate(received, today)?;
            ("referral_followed_up", Some(result.code().to_string()), crate::review::to_json(&v)?)
        }
    };
    inv.into_result(())?;
    let t = now();
    let sm3 = crate::documents::sm3_hex(content.as_bytes());
    if event == "submitted" {
        let row: crate::model::ReviewSubmission = w.tx.fetch_one(query("INSERT INTO review_submissions (case_id, body_id, version, content, content_sm3, submitted_by, submitted_officer_id, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *").bind(case_id).bind(case.body_id).bind(version).bind(&content).bind(&sm3).bind(w.actor.user_id).bind(officer).bind(t)).await
                .map_err(|e| e.unique_as(|| "该案件同时有其他送审，请刷新后重试".to_string()))?;
        w.record_new(Some(case.body_id), "review.submit", &row).await?;
    }
    let seq = rows.last().map_or(1, |r| r.seq + 1);
    let signed = sign_act(w, signer, "review_events", case_id, seq, &sm3).await?;
    let row: crate::model::ReviewEvent = w.tx.fetch_one(query("INSERT INTO review_events (case_id, body_id, seq, event, version, outcome, content, content_sm3, actor_user_id, actor_officer_id, actor_role, created_at, signing_key_id, signature) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING *").bind(case_id).bind(case.body_id).bind(seq).bind(event).bind(version).bind(outcome).bind(&content).bind(&sm3).bind(w.actor.user_id).bind(officer).bind(role.code()).bind(t).bind(signed.as_ref().map(|s| s.0)).bind(signed.map(|s| s.1))).await
            .map_err(|e| e.unique_as(|| "该案件的法制审核同时有其他操作，请刷新后重试".to_string()))?;
    let id = row.id;
    let seq = w.record_new(Some(case.body_id), &format!("review.{event}"), &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Adds marks to a case (never removes one).
pub(crate) async fn mark_case(
    w: &mut Write<'_, '_>,
    case_id: i64,
    marks: zhifa_core::review::Marks,
    reason: String,
) -> Result<Outcome> {
    let case = crate::cases::case_in_scope(w, case_id).await?;
    let prev: Option<String> =
        w.tx.scalar_optional(
            query("SELECT marks FROM review_marks WHERE case_id = $1 ORDER BY id DESC LIMIT 1").bind(case_id),
        )
        .await?;
    let prev: zhifa_core::review::Marks = match prev {
        Some(p) => serde_json::from_str(&p).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        None => Default::default(),
    };
    let mut inv = Invalid::default();
    let reason = zhifa_core::error::required_text(&mut inv, "reason", "标记理由", &reason, 2000);
    let all = prev.union(&marks);
    if all == prev {
        inv.push("marks", "没有新增的标记（已设的标记不能取消）");
    }
    inv.into_result(())?;
    let row: crate::model::ReviewMark = w.tx.fetch_one(query("INSERT INTO review_marks (case_id, body_id, marks, reason, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING *").bind(case_id).bind(case.body_id).bind(serde_json::to_string(&all).map_err(|e| StoreError::Corrupt(e.to_string()))?).bind(&reason).bind(w.actor.user_id).bind(now())).await?;
    let id = row.id;
    let seq = w.record_new(Some(case.body_id), "review.mark", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Files a new version of a body's review item list.
pub(crate) async fn file_review_list(
    w: &mut Write<'_, '_>,
    body_id: i64,
    items: Vec<zhifa_core::review::ListItem>,
    effective_from: chrono::NaiveDate,
    review_days: Option<i64>,
    reason: String,
) -> Result<Outcome> {
    in_scope(w.actor, body_id, "执法主体")?;
    body_exists(w.tx, body_id).await?;
    let mut inv = Invalid::default();
    let reason = zhifa_core::error::required_text(&mut inv, "reason", "制定或修改理由", &reason, 2000);
    if items.is_empty() {
        inv.push("items", "审核事项清单至少一项");
    }
    if review_days.is_some_and(|d| !(1..=60).contains(&d)) {
        inv.push("review_days", "审核时限应为1至60个工作日");
    }
    for (i, it) in items.iter().enumerate() {
        if it.description.trim().is_empty() {
            inv.push("items", format!("第{}项缺少事项说明", i + 1));
        }
        if it.power_item_code.is_none() && it.case_kind.is_none() {
            inv.push("items", format!("第{}项须指明权责事项编码或案件类型", i + 1));
        }
        if let Some(k) = &it.case_kind
            && zhifa_core::case::CaseKind::parse(k).is_err()
        {
            inv.push("items", format!("第{}项的案件类型“{k}”无效", i + 1));
        }
        if let Some(code) = &it.power_item_code {
            let n: i64 =
                w.tx.scalar(
                    query("SELECT COUNT(*) FROM power_items WHERE body_id = $1 AND code = $2").bind(body_id).bind(code),
                )
                .await?;
            if n == 0 {
                inv.push("items", format!("第{}项的权责事项“{code}”不是本机关的事项", i + 1));
            }
        }
    }
    let current: Option<(i64, chrono::NaiveDate)> =
        w.tx.fetch_optional(
            query("SELECT version, effective_from FROM review_lists WHERE body_id = $1 ORDER BY version DESC LIMIT 1")
                .bind(body_id),
        )
        .await?;
    if let Some((_, since)) = current
        && effective_from <= since
    {
        inv.push("effective_from", format!("生效日期应晚于现行清单的生效日期（{since}）"));
    }
    inv.into_result(())?;
    let version = current.map_or(1, |c| c.0 + 1);
    let row: crate::model::ReviewList = w.tx.fetch_one(query("INSERT INTO review_lists (body_id, version, items, effective_from, reason, created_by, created_at, review_days) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *").bind(body_id).bind(version).bind(serde_json::to_string(&items).map_err(|e| StoreError::Corrupt(e.to_string()))?).bind(effective_from).bind(&reason).bind(w.actor.user_id).bind(now()).bind(review_days)).await
            .map_err(|e| e.unique_as(|| "审核事项清单同时被他人修改，请刷新后重试".to_string()))?;
    let id = row.id;
    let seq = w.record_new(Some(body_id), "review.list", &row).await?;
    Ok(Outcome::new(id, seq))
}

impl Store {
    /// A user's current signing key (the newest).
    pub async fn signing_key(&self, user_id: i64) -> Result<Option<crate::model::SigningKey>> {
        self.fetch_optional(
            query("SELECT * FROM signing_keys WHERE user_id = $1 ORDER BY id DESC LIMIT 1").bind(user_id),
        )
        .await
    }

    /// The public keys that signed the events of a review file, by key id.
    pub async fn signing_keys_of(&self, ids: &[i64]) -> Result<Vec<crate::model::SigningKey>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // One query; the ids are numbers.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!("SELECT * FROM signing_keys WHERE id IN ({list})");
        self.fetch_all(query_built(sql)).await
    }

    /// The versions of a body's review item list, newest first.
    pub async fn review_lists(&self, body_id: i64) -> Result<Vec<ReviewList>> {
        self.fetch_all(query("SELECT * FROM review_lists WHERE body_id = $1 ORDER BY version DESC").bind(body_id)).await
    }

    /// A case's review file (the case must be within the caller's scope: look it up first),
    /// read in one transaction; the requirement uses the review list in force today.
    pub async fn review_file(&self, case: &Case) -> Result<ReviewFile> {
        let steps = self.case_steps(case.id).await?;
        let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
        let (submissions, events, marks, requirement, days) = {
            let mut tx = Tx::begin(self).await?;
            let (events, marks, requirement, days) = load_review(&mut tx, case, &steps, today).await?;
            let submissions: Vec<ReviewSubmission> = tx
                .fetch_all(query("SELECT * FROM review_submissions WHERE case_id = $1 ORDER BY version").bind(case.id))
                .await?;
            tx.commit().await?;
            (submissions, events, marks, requirement, days)
        };
        let core = events.iter().map(ReviewEvent::core).collect::<Result<Vec<_>>>()?;
        let state = zhifa_core::review::state(&core);
        let waiting = zhifa_core::review::waiting(&core);
        let due = match state {
            State::Pending { .. } => self.review_due(&events, days),
            _ => None,
        };
        let referral = zhifa_core::review::referral(&core);
        let discretion = self.discretion_check(case, &steps, today).await?;
        Ok(ReviewFile {
            requirement,
            marks,
            state_label: state.label(),
            state,
            submissions,
            events,
            waiting,
            waiting_label: waiting.map(|w| w.label().to_string()),
            review_days: days,
            overdue: due.is_some_and(|d| today > d),
            due,
            referral_label: referral.label(),
            referral,
            discretion,
        })
    }

    /// The discretion standards of a case's item in force on `on`, against the penalty of its
    /// latest notice or decision.
    async fn discretion_check(
        &self,
        case: &Case,
        steps: &[crate::model::CaseStep],
        on: chrono::NaiveDate,
    ) -> Result<Option<zhifa_core::lists::DiscretionCheck>> {
        let Some(list) = self.body_list_on(case.body_id, zhifa_core::lists::ListKind::Discretion, on).await? else {
            return Ok(None);
        };
        let all: Vec<zhifa_core::lists::Standard> =
            serde_json::from_str(&list.items).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mine: Vec<_> = all.into_iter().filter(|s| s.power_item_code == case.power_item_code).collect();
        if mine.is_empty() {
            return Ok(None);
        }
        let proposed = steps
            .iter()
            .rev()
            .filter(|s| [StepKind::NotifyIntent, StepKind::Decide, StepKind::OnsiteDecision].contains(&s.kind))
            .find_map(|s| serde_json::from_str::<zhifa_core::case::StepData>(&s.data).ok()?.penalty);
        Ok(Some(zhifa_core::lists::check_discretion(mine, proposed.as_ref())))
    }

    /// The last day of the time limit of the latest submission among `events` (None when its
    /// year has no published schedule).
    fn review_due(&self, events: &[ReviewEvent], days: u32) -> Option<chrono::NaiveDate> {
        let sub = events.iter().rev().find(|e| e.event == "submitted")?;
        let on = zhifa_core::time::shanghai_date(sub.created_at);
        zhifa_core::review::review_due(&self.calendar(), on, days).ok()
    }

    /// The review files in `scope` that wait for someone, overdue ones first, then the oldest:
    /// the reviewers' queue (审核), the handling units' (修改、移送) and the heads' (意见分歧).
    /// Only open cases without a decision are looked at.
    pub async fn review_queue(&self, scope: zhifa_core::access::Scope, limit: i64) -> Result<Vec<QueueItem>> {
        let body = scope.body();
        let decisions: Vec<String> = zhifa_core::case::StepKind::ALL
            .iter()
            .filter(|k| zhifa_core::case::machine::is_decision(**k))
            .map(|k| format!("'{}'", k.code()))
            .collect();
        // Only the files that may wait for someone are read: those whose latest step of the loop
        // is not a pass, and those with a suspected crime not yet referred; the domain core then
        // says what each waits for.
        let sql = format!(
            "WITH open AS (SELECT c.id FROM cases c \
               WHERE ($1 IS NULL OR c.body_id = $1) AND c.stage NOT IN ('closed', 'archived') \
               AND NOT EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.kind IN ({decisions}))), \
             latest AS (SELECT e.case_id, e.event, e.outcome FROM review_events e JOIN open o ON o.id = e.case_id \
               WHERE e.seq = (SELECT MAX(x.seq) FROM review_events x WHERE x.case_id = e.case_id \
                 AND x.event IN ('submitted', 'reviewed', 'objected', 'negotiated', 'ruled'))) \
             SELECT {columns} FROM review_events WHERE case_id IN ( \
               SELECT case_id FROM latest WHERE NOT ((event = 'reviewed' AND outcome = 'agree') \
                 OR (event = 'negotiated' AND outcome = 'agreed') OR (event = 'ruled' AND outcome = 'handling')) \
               UNION SELECT r.case_id FROM review_events r JOIN open o ON o.id = r.case_id \
                 WHERE r.event = 'reviewed' AND r.content LIKE '%\"crime_suspected\":true%' \
                 AND NOT EXISTS (SELECT 1 FROM review_events y WHERE y.case_id = r.case_id AND y.event = 'referred')) \
             ORDER BY case_id, seq",
            decisions = decisions.join(","),
            columns = ReviewEvent::LIGHT_COLUMNS,
        );
        let rows: Vec<ReviewEvent> = self.fetch_all(query_built(sql).bind(body)).await?;
        let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
        let mut days_of: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
        let mut out = Vec::new();
        for file in rows.chunk_by(|a, b| a.case_id == b.case_id) {
            let core = file.iter().map(ReviewEvent::core).collect::<Result<Vec<_>>>()?;
            let Some(waiting) = zhifa_core::review::waiting(&core) else { continue };
            let last = &file[file.len() - 1];
            let due = if waiting == Waiting::Review {
                let body_id = last.body_id;
                let days = match days_of.get(&body_id) {
                    Some(d) => *d,
                    None => {
                        let d = review_days_on(&self.review_lists(body_id).await?, today);
                        *days_of.entry(body_id).or_insert(d)
                    }
                };
                self.review_due(file, days)
            } else {
                None
            };
            out.push(QueueItem {
                case_id: last.case_id,
                body_id: last.body_id,
                case_number: String::new(),
                party_names: String::new(),
                version: zhifa_core::review::state(&core).version(),
                waiting,
                waiting_label: waiting.label().to_string(),
                since: last.created_at,
                overdue: due.is_some_and(|d| today > d),
                due,
            });
        }
        out.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due.cmp(&b.due)).then(a.since.cmp(&b.since)));
        out.truncate(usize::try_from(limit.clamp(1, 1000)).unwrap_or(1000));
        if !out.is_empty() {
            // The cases' numbers and parties in one query (the ids are numbers read above).
            let ids = out.iter().map(|q| q.case_id.to_string()).collect::<Vec<_>>().join(",");
            let sql = format!("SELECT id, number, party_names FROM cases WHERE id IN ({ids})");
            let names: Vec<(i64, String, String)> = self.fetch_all(query_built(sql)).await?;
            for q in &mut out {
                if let Some((_, number, parties)) = names.iter().find(|n| n.0 == q.case_id) {
                    q.case_number = number.clone();
                    q.party_names = parties.clone();
                }
            }
        }
        Ok(out)
    }

    /// The latest `limit` cases in `scope` (optionally only those that need review, or only
    /// those that do not) with the reasons, the file's state and whether a decision stands.
    pub async fn review_scope(
        &self,
        scope: zhifa_core::access::Scope,
        required: Option<bool>,
        limit: i64,
    ) -> Result<Vec<ScopeItem>> {
        let filter = crate::cases::CaseFilter { limit: Some(200), ..Default::default() };
        let mut out = Vec::new();
        for case in self.case_list(scope, &filter).await? {
            let file = self.review_file(&case).await?;
            if required.is_some_and(|r| r != file.requirement.required) {
                continue;
            }
            let decided =
                self.case_steps(case.id).await?.iter().any(|s| zhifa_core::case::machine::is_decision(s.kind));
            let passed = matches!(file.state, State::Passed { .. });
            out.push(ScopeItem {
                case_id: case.id,
                body_id: case.body_id,
                case_number: case.number.clone(),
                kind: case.kind.label().to_string(),
                stage: case.stage.label().to_string(),
                anomaly: decided && file.requirement.required && !passed,
                requirement: file.requirement,
                state_label: file.state_label,
                decided,
            });
            if out.len() as i64 >= limit.clamp(1, 200) {
                break;
            }
        }
        Ok(out)
    }

    /// The review figures of each body in `scope` for files whose first version was submitted
    /// in `[from, to)` (Asia/Shanghai dates), with the body's name; the time limit of each
    /// submission is the one of the body's list in force that day.
    pub async fn review_stats(
        &self,
        scope: zhifa_core::access::Scope,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<BodyReviewStats>> {
        let start = zhifa_core::time::shanghai_midnight(from);
        let end = zhifa_core::time::shanghai_midnight(to);
        let sql = format!(
            "SELECT {} FROM review_events WHERE case_id IN (SELECT case_id FROM review_events \
             WHERE event = 'submitted' AND version = 1 AND created_at >= $1 AND created_at < $2 AND ($3 IS NULL OR body_id = $3)) \
             ORDER BY body_id, case_id, seq",
            ReviewEvent::LIGHT_COLUMNS
        );
        let rows: Vec<ReviewEvent> = self.fetch_all(query_built(sql).bind(start).bind(end).bind(scope.body())).await?;
        let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
        let cal = self.calendar();
        let mut out = Vec::new();
        for body_rows in rows.chunk_by(|a, b| a.body_id == b.body_id) {
            let body_id = body_rows[0].body_id;
            let lists = self.review_lists(body_id).await?;
            let mut files = Vec::new();
            for file in body_rows.chunk_by(|a, b| a.case_id == b.case_id) {
                let mut timed = Vec::new();
                for r in file {
                    let due = if r.event == "submitted" {
                        let on = zhifa_core::time::shanghai_date(r.created_at);
                        zhifa_core::review::review_due(&cal, on, review_days_on(&lists, on)).ok()
                    } else {
                        None
                    };
                    timed.push(zhifa_core::review::Timed { event: r.core()?, at: r.created_at, due });
                }
                files.push(timed);
            }
            let name = self.get_body(body_id).await?.map(|b| b.name).unwrap_or_default();
            out.push(BodyReviewStats { body_id, body_name: name, stats: zhifa_core::review::stats(&files, today) });
        }
        Ok(out)
    }
}
