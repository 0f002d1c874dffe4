//! Publicity API (行政执法公示): the publication tasks of a body with the redaction proposal,
//! confirming, withholding and withdrawing; the deadline tracking; and the public list and page
//! of published decisions (no sign-in, only what stands or the notice that it was withdrawn).

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhifa_app::search::PublicResults;
use zhifa_core::Invalid;
use zhifa_core::access::Action;
use zhifa_core::ids::xml_escape as xml;
use zhifa_core::publicity::{ChangeBy, ChangeGround, Withheld};
use zhifa_store::Command;
use zhifa_store::model::Publication;
use zhifa_store::publicity::{Change, Proposal, PublicDecision, PublicFilter, Tracking};

fn today() -> chrono::NaiveDate {
    zhifa_core::time::shanghai_date(chrono::Utc::now())
}

/// A publication task with, while it waits and the caller may publish, the engine's proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationView {
    /// the task
    pub publication: Publication,
    /// 状态
    pub status_label: &'static str,
    /// the original and the proposed redaction (pending tasks, for publishers)
    pub proposal: Option<Proposal>,
}

pub(crate) async fn view(state: &AppState, s: &Session, id: i64) -> Result<PublicationView, ApiError> {
    let p = state.app.store.publication(id, s.caller.scope()).await?;
    s.require(Action::ReadPublications, Some(p.body_id))?;
    let may_publish = zhifa_core::access::allowed(&s.caller, Action::Publish, Some(p.body_id));
    let proposal = if p.status == zhifa_core::publicity::PublicationStatus::Pending && may_publish {
        Some(state.app.store.publication_proposal(id, s.caller.scope()).await?.1)
    } else {
        None
    };
    Ok(PublicationView { status_label: p.status.label(), publication: p, proposal })
}

/// The list's filter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// pending / excluded / published / withdrawn
    pub status: Option<String>,
    /// page size
    pub limit: Option<i64>,
    /// offset
    pub offset: Option<i64>,
}

/// 本机关的公示任务（司法局：全部）
#[utoipa::path(get, path = "/api/v1/publications", params(ListQuery),
    responses((status = 200, body = [Publication]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<Publication>>, ApiError> {
    s.require(Action::ReadPublications, s.caller.body_id)?;
    let status = q.status.as_deref().filter(|x| !x.is_empty());
    if let Some(x) = status
        && !zhifa_core::publicity::PublicationStatus::ALL.iter().any(|s| s.code() == x)
    {
        return Err(Invalid::field("status", format!("未知状态“{x}”")).into());
    }
    let limit = q.limit.unwrap_or(100);
    Ok(Json(state.app.store.publications(s.caller.scope(), status, limit, q.offset.unwrap_or(0)).await?))
}

/// 公开与撤回期限跟踪：逾期、即将到期，按机关统计
#[utoipa::path(get, path = "/api/v1/publications/tracking",
    responses((status = 200, body = Tracking), (status = 403, body = ErrorBody)))]
pub async fn tracking(State(state): State<AppState>, s: Session) -> Result<Json<Tracking>, ApiError> {
    s.require(Action::ReadPublications, s.caller.body_id)?;
    let cal = state.app.store.calendar();
    Ok(Json(state.app.store.publication_tracking(s.caller.scope(), &cal, today()).await?))
}

/// 公示任务：待公开的附原文与去标识化建议稿（仅发布人可见）
#[utoipa::path(get, path = "/api/v1/publications/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = PublicationView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<PublicationView>, ApiError> {
    Ok(Json(view(&state, &s, id).await?))
}

/// What the publisher confirms.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishInput {
    /// 经核对的公开全文（建议稿或其修改；不得再含个人信息）
    #[serde(default)]
    pub full_text: String,
}

/// 确认公开：核对建议稿后确认的全文即公开并计算 SM3
#[utoipa::path(post, path = "/api/v1/publications/{id}/publish", params(("id" = i64, Path)), request_body = PublishInput,
    responses((status = 200, body = PublicationView), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<PublishInput>,
) -> Result<Json<PublicationView>, ApiError> {
    act(&state, &s, id, Action::Publish, Command::PublishDecision { id, text: x.full_text }).await
}

/// Why a decision is kept from publication.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WithholdInput {
    /// state_secret / privacy（或中文）
    #[serde(default)]
    pub ground: String,
    /// 具体理由
    #[serde(default)]
    pub note: String,
}

/// 不予公开（涉及国家秘密、个人隐私或商业秘密），写明理由
#[utoipa::path(post, path = "/api/v1/publications/{id}/withhold", params(("id" = i64, Path)), request_body = WithholdInput,
    responses((status = 200, body = PublicationView), (status = 422, body = ErrorBody)))]
pub async fn withhold(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<WithholdInput>,
) -> Result<Json<PublicationView>, ApiError> {
    let ground = Withheld::parse(&x.ground).map_err(|m| Invalid::field("ground", m))?;
    act(&state, &s, id, Action::Publish, Command::WithholdPublication { id, ground, note: x.note }).await
}

/// A decision's change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeInput {
    /// changed / revoked / unlawful / void（或中文）
    #[serde(default)]
    pub ground: String,
    /// reconsideration / litigation / body（或中文）
    #[serde(default)]
    pub by: String,
    /// 变更等决定的日期 YYYY-MM-DD
    #[serde(default)]
    pub changed_on: String,
    /// 撤回理由（公开显示：如复议决定文号、变更内容）
    #[serde(default)]
    pub note: String,
    /// 同时撤回公示（发布人）；否则只登记，由本机关在三个工作日内撤回
    #[serde(default)]
    pub withdraw: bool,
}

impl ChangeInput {
    /// The change, every bad field named.
    pub fn validate(&self) -> Result<Change, Invalid> {
        let mut inv = Invalid::default();
        let ground = ChangeGround::parse(&self.ground).map_err(|m| inv.push("ground", m)).ok();
        let by = ChangeBy::parse(&self.by).map_err(|m| inv.push("by", m)).ok();
        let changed_on = zhifa_core::time::parse_date(&self.changed_on).map_err(|m| inv.push("changed_on", m)).ok();
        inv.into_result(())?;
        match (ground, by, changed_on) {
            (Some(ground), Some(by), Some(changed_on)) => {
                Ok(Change { ground, by, changed_on, note: self.note.clone() })
            }
            _ => Err(Invalid::field("ground", "撤回事由不完整")),
        }
    }
}

/// 登记决定被变更、撤销、确认违法或无效（可同时撤回公示）
#[utoipa::path(post, path = "/api/v1/publications/{id}/change", params(("id" = i64, Path)), request_body = ChangeInput,
    responses((status = 200, body = PublicationView), (status = 422, body = ErrorBody)))]
pub async fn change(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<ChangeInput>,
) -> Result<Json<PublicationView>, ApiError> {
    let need = if x.withdraw { Action::Publish } else { Action::RegisterDecisionChange };
    let change = x.validate()?;
    act(&state, &s, id, need, Command::ChangeDecision { id, change: Some(change), withdraw: x.withdraw }).await
}

/// 撤回已登记变更情况的公示
#[utoipa::path(post, path = "/api/v1/publications/{id}/withdraw", params(("id" = i64, Path)),
    responses((status = 200, body = PublicationView), (status = 422, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
) -> Result<Json<PublicationView>, ApiError> {
    act(&state, &s, id, Action::Publish, Command::ChangeDecision { id, change: None, withdraw: true }).await
}

/// Checks the role on the task's body, runs the command, answers the task as it now stands.
pub(crate) async fn act(
    state: &AppState,
    s: &Session,
    id: i64,
    need: Action,
    cmd: Command,
) -> Result<Json<PublicationView>, ApiError> {
    let p = state.app.store.publication(id, s.caller.scope()).await?;
    s.require(need, Some(p.body_id))?;
    state.app.store.execute(&s.actor(), cmd).await?;
    Ok(Json(view(state, s, id).await?))
}

/// The public list's filters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicQuery {
    /// 关键词（文号、当事人、事项、结果、全文）
    pub q: Option<String>,
    /// 执法主体
    pub body_id: Option<String>,
    /// licensing / penalty / other
    pub category: Option<String>,
    /// 公开日期起 YYYY-MM-DD
    pub from: Option<String>,
    /// 公开日期止 YYYY-MM-DD
    pub to: Option<String>,
    /// 处罚种类代码（warning、fine、confiscation ……）
    pub penalty: Option<String>,
    /// 每页条数（1-100）
    pub limit: Option<i64>,
    /// 偏移
    pub offset: Option<i64>,
}

impl PublicQuery {
    /// The filter, every bad field named (empty fields are no filter).
    pub fn filter(&self) -> Result<PublicFilter, Invalid> {
        let mut inv = Invalid::default();
        let some = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let date = |inv: &mut Invalid, field: &'static str, v: &Option<String>| {
            some(v).and_then(|v| zhifa_core::time::parse_date(&v).map_err(|m| inv.push(field, m)).ok())
        };
        let from = date(&mut inv, "from", &self.from);
        let to = date(&mut inv, "to", &self.to);
        let body_id =
            some(&self.body_id).and_then(|v| v.parse::<i64>().map_err(|_| inv.push("body_id", "执法主体无效")).ok());
        let category = some(&self.category);
        if let Some(c) = &category
            && zhifa_core::publicity::Category::parse(c).is_err()
        {
            inv.push("category", format!("未知类别“{c}”"));
        }
        let penalty = some(&self.penalty);
        if let Some(k) = &penalty
            && zhifa_core::case::PenaltyKind::parse(k).is_err()
        {
            inv.push("penalty", format!("未知处罚种类“{k}”"));
        }
        let penalty = penalty.and_then(|k| zhifa_core::case::PenaltyKind::parse(&k).ok()).map(|k| k.code().to_string());
        let q = some(&self.q);
        if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
            inv.push("q", "关键词过长（最多100字）");
        }
        inv.into_result(PublicFilter {
            q,
            body_id,
            category,
            from,
            to,
            penalty,
            limit: self.limit,
            offset: self.offset,
        })
    }
}

/// 行政执法决定公开（事后公开）：在公示期内的决定和撤回说明，最新在前
#[utoipa::path(get, path = "/api/v1/public/decisions", params(PublicQuery),
    responses((status = 200, body = PublicResults), (status = 422, body = ErrorBody)))]
pub async fn public_list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PublicQuery>,
) -> Result<Json<PublicResults>, ApiError> {
    Ok(Json(zhifa_app::search::public_results(&state.app, &q.filter()?, today()).await?))
}

/// 一项公开的执法决定（已撤回的只显示撤回事由）
#[utoipa::path(get, path = "/api/v1/public/decisions/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = PublicDecision), (status = 404, body = ErrorBody)))]
pub async fn public_get(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<PublicDecision>, ApiError> {
    Ok(Json(state.app.store.public_decision(id, today()).await?))
}

/// The document check's query.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckQuery {
    /// 文号
    pub number: Option<String>,
    /// 核验码（印在文书上）
    pub code: Option<String>,
}

/// A document check with the inclusion proof of its issue record.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentCheckAnswer {
    /// the document as issued
    pub document: zhifa_store::publicity::DocumentCheck,
    /// the inclusion proof of its issue record under the latest signed checkpoint (none until
    /// a checkpoint covers it)
    pub proof: Option<crate::api::ledger::ProofBundle>,
}

impl CheckQuery {
    /// The number and the code, each bad field named.
    pub fn parts(&self) -> Result<(String, String), Invalid> {
        let mut inv = Invalid::default();
        let number = self.number.as_deref().map(str::trim).unwrap_or_default().to_string();
        let code = self.code.as_deref().map(str::trim).unwrap_or_default().to_uppercase();
        if number.is_empty() || number.chars().count() > 60 {
            inv.push("number", "请输入文书上的文号");
        }
        if code.len() != 8 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            inv.push("code", "核验码为文书上印制的8位字母和数字");
        }
        inv.into_result((number, code))
    }
}

pub(crate) async fn check_document(state: &AppState, q: &CheckQuery) -> Result<DocumentCheckAnswer, ApiError> {
    let (number, code) = q.parts()?;
    let document =
        state.app.store.document_check(&number, &code).await?.ok_or(ApiError::NotFound("文号与核验码对应的文书"))?;
    let proof = match document.leaf_index {
        Some(i) => crate::api::ledger::proof_bundle(state, i as u64).await.ok(),
        None => None,
    };
    Ok(DocumentCheckAnswer { document, proof })
}

/// 执法文书核验（事中公示）：文号加核验码，返回摘要、账本包含证明和决定是否仍然有效
#[utoipa::path(get, path = "/api/v1/public/documents/check", params(CheckQuery),
    responses((status = 200, body = DocumentCheckAnswer), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn public_document_check(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<CheckQuery>,
) -> Result<Json<DocumentCheckAnswer>, ApiError> {
    Ok(Json(check_document(&state, &q).await?))
}

/// 办件进度：一个事项办到哪一步（只给出阶段、环节名称和日期、法定期限，不含当事人和内容）
#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    /// 办理机关
    pub body_name: String,
    /// 事项
    pub item: String,
    /// 办理程序
    pub case_kind: String,
    /// 当前阶段
    pub stage: String,
    /// 已办环节：名称和日期
    pub steps: Vec<ProgressStep>,
    /// 法定期限（届满日、是否已办结）
    #[schema(value_type = Vec<Object>)]
    pub deadlines: Vec<zhifa_core::case::Deadline>,
    /// 下一步可办理的环节
    pub next: Vec<String>,
}

/// One step done.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressStep {
    /// 环节
    pub step: String,
    /// 日期
    pub on: chrono::NaiveDate,
}

/// The progress of the case a document belongs to, for its holder.
pub(crate) async fn progress_of(state: &AppState, q: &CheckQuery) -> Result<Progress, ApiError> {
    let (number, code) = q.parts()?;
    let (case, steps, body_name) =
        state.app.store.case_by_document(&number, &code).await?.ok_or(ApiError::NotFound("文号与核验码对应的文书"))?;
    let kind = case.kind;
    let facts = case.facts()?;
    let history: Vec<zhifa_core::case::Recorded> = steps.iter().map(|s| s.recorded()).collect::<Result<_, _>>()?;
    let cal = state.app.store.calendar();
    let stage = zhifa_core::case::machine::stage_of(kind, &history);
    Ok(Progress {
        body_name,
        item: case.power_item_name.clone(),
        case_kind: kind.label().to_string(),
        stage: stage.label().to_string(),
        steps: history.iter().map(|r| ProgressStep { step: r.kind.label().to_string(), on: r.date() }).collect(),
        deadlines: zhifa_core::case::deadlines(&facts, &history, &cal, today()),
        next: zhifa_core::case::machine::next_steps(kind, &history).iter().map(|s| s.label().to_string()).collect(),
    })
}

/// 办件进度查询：凭文书上的文号和核验码（如行政许可受理通知书）查询办理到哪一步
#[utoipa::path(get, path = "/api/v1/public/progress", params(CheckQuery),
    responses((status = 200, body = Progress), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn public_progress(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<CheckQuery>,
) -> Result<Json<Progress>, ApiError> {
    Ok(Json(progress_of(&state, &q).await?))
}

/// The proof of one public act on a decision (公开 or 撤回): the public record as journaled and
/// the inclusion proof of its entry under a signed checkpoint. The answer is itself the file
/// `zhifa ledger check-proof` reads: it checks the checkpoint's signatures, the proof, that the
/// record is what the entry commits to, and (with `--text`) that the text read hashes to the
/// record's `text_sm3`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationProof {
    /// 公示信息 id
    pub id: i64,
    /// `publish`（公开）或 `withdraw`（撤回）
    pub act: String,
    /// 公开全文（UTF-8，即 `full_text`）的 SM3
    pub text_sm3: Option<String>,
    /// 账本登记的公开记录：规范 JSON（键按字母排序），其 SHA-256 即条目的 `content`；
    /// 只含公开的事实（执法主体、类别、文号、事项、日期、全文 SM3、撤回原因）
    pub record: Option<String>,
    /// 条目的叶子序号
    pub index: u64,
    /// 条目的规范字节，base64
    pub entry: String,
    /// 包含证明的哈希，base64
    pub proof: Vec<String>,
    /// 签名检查点（其树大小即证明的树大小）
    pub checkpoint: String,
    /// 已撤回时，撤回记录的证明地址
    pub withdrawal: Option<String>,
}

/// The proof of a public record, or (for a publication made before public records were kept)
/// of the publication's own entry.
async fn notice_proof(state: &AppState, id: i64, act: &str) -> Result<PublicationProof, ApiError> {
    use zhifa_store::journal::Journaled;
    let d = state.app.store.public_decision(id, today()).await?;
    let withdrawal = d.withdrawn.then(|| format!("/api/v1/public/decisions/{id}/withdrawal-proof"));
    let (record, text_sm3, leaf) = match state.app.store.public_notice(id, act).await? {
        Some((n, leaf)) => {
            let bytes = n.canonical()?;
            (Some(String::from_utf8_lossy(&bytes).into_owned()), Some(n.text_sm3), Some(leaf))
        }
        None if act == "publish" => (None, d.content_sm3.clone(), d.leaf_index),
        None => return Err(ApiError::NotFound("撤回记录")),
    };
    let leaf = leaf.ok_or(ApiError::NotFound("公开记录"))?;
    let b = crate::api::ledger::proof_bundle(state, leaf as u64).await?;
    Ok(PublicationProof {
        id,
        act: act.into(),
        text_sm3,
        record,
        index: b.index,
        entry: b.entry,
        proof: b.proof,
        checkpoint: b.checkpoint,
        withdrawal,
    })
}

/// 公开决定的账本证明：公开记录（含全文 SM3）及其在签名检查点下的包含证明；
/// 可原样交给 `zhifa ledger check-proof` 离线核验（签名检查点覆盖前为 409）
#[utoipa::path(get, path = "/api/v1/public/decisions/{id}/proof", params(("id" = i64, Path)),
    responses((status = 200, description = "公开记录及其包含证明", body = PublicationProof),
        (status = 404, description = "没有该公开决定", body = ErrorBody),
        (status = 409, description = "尚未被签名检查点覆盖", body = ErrorBody)))]
pub async fn public_proof(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<PublicationProof>, ApiError> {
    Ok(Json(notice_proof(&state, id, "publish").await?))
}

/// 撤回公开的账本证明：撤回记录（原全文 SM3、撤回原因、日期）及其包含证明
#[utoipa::path(get, path = "/api/v1/public/decisions/{id}/withdrawal-proof", params(("id" = i64, Path)),
    responses((status = 200, description = "撤回记录及其包含证明", body = PublicationProof),
        (status = 404, description = "没有该公开决定，或未撤回", body = ErrorBody),
        (status = 409, description = "尚未被签名检查点覆盖", body = ErrorBody)))]
pub async fn public_withdrawal_proof(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<PublicationProof>, ApiError> {
    Ok(Json(notice_proof(&state, id, "withdraw").await?))
}

/// The public list as CSV (UTF-8 with a byte-order mark, for spreadsheets): every decision that
/// matches the filters, up to 10,000 rows.
#[utoipa::path(get, path = "/api/v1/public/decisions.csv", params(PublicQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 422, body = ErrorBody)))]
pub async fn public_csv(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PublicQuery>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let rows = zhifa_app::search::public_export(&state.app, &q.filter()?, today(), 10_000).await?;
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let header = [
        "编号",
        "文号",
        "执法主体",
        "类别",
        "当事人",
        "事项",
        "法律依据",
        "处理结果",
        "决定日期",
        "公开日期",
        "状态",
        "撤回事由",
        "全文SM3",
    ];
    let internal = |e: csv::Error| ApiError::Internal(format!("csv: {e}"));
    w.write_record(header).map_err(internal)?;
    for d in &rows {
        // Every text is a cell that a spreadsheet will not take for a formula.
        let opt = |v: &Option<String>| zhifa_core::ids::spreadsheet_cell(v.as_deref().unwrap_or_default());
        w.write_record([
            d.id.to_string(),
            opt(&d.doc_number),
            zhifa_core::ids::spreadsheet_cell(&d.body_name),
            d.category.clone(),
            opt(&d.party),
            opt(&d.subject),
            opt(&d.legal_basis),
            opt(&d.conclusion),
            d.decided_on.to_string(),
            d.published_on.map(|x| x.to_string()).unwrap_or_default(),
            if d.withdrawn { "已撤回" } else { "公示中" }.to_string(),
            opt(&d.withdrawal_ground),
            opt(&d.content_sm3),
        ])
        .map_err(internal)?;
    }
    let bytes = w.into_inner().map_err(|e| ApiError::Internal(format!("csv: {e}")))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                super::content_disposition("attachment", "decisions.csv", "行政执法决定公示.csv"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// 执法决定公开与撤回的 Atom 订阅（最新50条）
#[utoipa::path(get, path = "/api/v1/public/feed.atom",
    responses((status = 200, content_type = "application/atom+xml", body = String)))]
pub async fn public_feed(State(state): State<AppState>) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let items = state.app.store.public_feed(50, today()).await?;
    let base = state.app.store.public_url();
    let stamp = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.unwrap_or_else(chrono::Utc::now).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let updated = stamp(items.first().and_then(|d| d.updated_at));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>宝坻区行政执法决定公开</title>\n<id>{b}/public/decisions</id>\n<link rel=\"self\" href=\"{b}/api/v1/public/feed.atom\"/>\n<link href=\"{b}/public/decisions\"/>\n<updated>{updated}</updated>\n<author><name>宝坻区行政执法公示平台</name></author>\n",
        b = xml(&base)
    );
    for d in &items {
        let title = d.doc_number.clone().or_else(|| d.subject.clone()).unwrap_or_default();
        let (title, summary) = if d.withdrawn {
            (
                format!("撤回：{title}"),
                format!(
                    "{}；{}",
                    d.withdrawal_ground.clone().unwrap_or_default(),
                    d.withdrawal_note.clone().unwrap_or_default()
                ),
            )
        } else {
            (
                title,
                format!(
                    "{} · {} · 当事人：{} · {}",
                    d.body_name,
                    d.category,
                    d.party.clone().unwrap_or_default(),
                    d.conclusion.clone().unwrap_or_default()
                ),
            )
        };
        let state_tag = if d.withdrawn { "withdrawn" } else { "published" };
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{b}/public/decisions/{id}#{state_tag}</id>\n<link href=\"{b}/public/decisions/{id}\"/>\n<updated>{}</updated>\n<category term=\"{state_tag}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml(&title),
            stamp(d.updated_at),
            xml(&summary),
            b = xml(&base),
            id = d.id,
        ));
    }
    out.push_str("</feed>\n");
    Ok(([(axum::http::header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response())
}
