//! Ledger API: public keys and checkpoints (public), inclusion proofs of entries (to those
//! who may see the entry's body), consistency proofs between checkpoints (public).

use super::ApiQuery;
use crate::auth::Session;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The ledger's identity and public keys.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerKeysView {
    /// checkpoint origin (key name)
    pub origin: String,
    /// hash function: sm3 or sha256
    pub hash: String,
    /// signed-note verifier keys (`name+keyid+base64(type‖key)`), Ed25519 and SM2
    pub keys: Vec<String>,
}

/// 账本公钥
#[utoipa::path(get, path = "/api/v1/ledger/keys", responses((status = 200, body = LedgerKeysView)))]
pub async fn keys(State(state): State<AppState>) -> Result<Json<LedgerKeysView>, ApiError> {
    let info = state.app.store.ledger_info()?;
    Ok(Json(LedgerKeysView {
        origin: info.origin.clone(),
        hash: info.alg.name().into(),
        keys: state.app.ledger_keys.verifier_keys().iter().map(|k| k.to_text()).collect(),
    }))
}

/// 最新签名检查点（signed note 文本）
#[utoipa::path(get, path = "/api/v1/ledger/checkpoint", responses((status = 200, description = "signed note", content_type = "text/plain"), (status = 404, body = ErrorBody)))]
pub async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let cp = state.app.store.latest_checkpoint().await?.ok_or(ApiError::NotFound("检查点"))?;
    Ok(([(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")], cp.note).into_response())
}

/// An inclusion proof with the signed checkpoint it is checked against.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProofBundle {
    /// leaf number
    pub index: u64,
    /// the entry's canonical bytes, base64
    pub entry: String,
    /// inclusion proof hashes, base64
    pub proof: Vec<String>,
    /// the signed checkpoint (its size is the tree size of the proof)
    pub checkpoint: String,
}

/// 账本条目的包含证明（附签名检查点）
#[utoipa::path(get, path = "/api/v1/ledger/entries/{index}/proof", params(("index" = u64, Path)),
    responses((status = 200, body = ProofBundle), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn entry_proof(
    State(state): State<AppState>,
    s: Session,
    Path(index): Path<u64>,
) -> Result<Json<ProofBundle>, ApiError> {
    let entry = state.app.store.ledger_entry(index).await?.ok_or(ApiError::NotFound("账本条目"))?;
    if !s.caller.role.is_district_wide() && entry.body_id.is_none_or(|b| !s.caller.scope().covers(b)) {
        return Err(ApiError::NotFound("账本条目"));
    }
    Ok(Json(proof_bundle(&state, index).await?))
}

/// Builds the proof bundle of leaf `index` against the latest checkpoint.
pub async fn proof_bundle(state: &AppState, index: u64) -> Result<ProofBundle, ApiError> {
    let entry = state.app.store.ledger_entry(index).await?.ok_or(ApiError::NotFound("账本条目"))?;
    let cp = state
        .app
        .store
        .latest_checkpoint()
        .await?
        .ok_or_else(|| ApiError::Conflict("尚无签名检查点，请稍候".into()))?;
    if (cp.size as u64) <= index {
        return Err(ApiError::Conflict("该条目尚未被签名检查点覆盖，请稍候".into()));
    }
    let proof = state.app.store.inclusion_proof(index, cp.size as u64).await?;
    Ok(ProofBundle {
        index,
        entry: STANDARD.encode(entry.encode()),
        proof: proof.iter().map(|h| STANDARD.encode(h)).collect(),
        checkpoint: cp.note,
    })
}

/// Query of a consistency proof.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// the older checkpoint's size
    pub from: u64,
    /// the newer checkpoint's size
    pub to: u64,
}

/// A consistency proof between two tree sizes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsistencyView {
    /// older size
    pub from: u64,
    /// newer size
    pub to: u64,
    /// proof hashes, base64
    pub proof: Vec<String>,
}

/// 两个检查点之间的一致性证明
#[utoipa::path(get, path = "/api/v1/ledger/consistency", params(ConsistencyQuery), responses((status = 200, body = ConsistencyView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn consistency(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> Result<Json<ConsistencyView>, ApiError> {
    if q.from > q.to {
        let m = format!("较早的树大小（from={}）不能大于较新的（to={}）", q.from, q.to);
        return Err(zhifa_core::Invalid::field("from", m).into());
    }
    let proof = state.app.store.consistency_proof(q.from, q.to).await?;
    Ok(Json(ConsistencyView { from: q.from, to: q.to, proof: proof.iter().map(|h| STANDARD.encode(h)).collect() }))
}
