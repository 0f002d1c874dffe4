//! Evidence commands: registering a file already in the evidence store, and its deletion by
//! request and two approvals (the row stays as a tombstone with its digests).

use crate::db::now;
use crate::db::query::query;
use crate::journal::{Write, in_scope};
use crate::model::{Evidence, EvidenceDeletion, Officer};
use crate::registry::body_exists;
use crate::write::Outcome;
use crate::{Result, StoreError};
use zhifa_core::Invalid;
use zhifa_core::access::Role;

pub(crate) async fn add_evidence(
    w: &mut Write<'_, '_>,
    body_id: i64,
    meta: Box<zhifa_core::evidence::ValidEvidence>,
    sm3: String,
    sha256: String,
    size: u64,
) -> Result<Outcome> {
    in_scope(w.actor, body_id, "执法主体")?;
    body_exists(w.tx, body_id).await?;
    let collector: Option<Officer> =
        w.tx.fetch_optional(query("SELECT * FROM officers WHERE id = $1").bind(meta.collector_officer_id)).await?;
    match collector {
        Some(o) if o.body_id == body_id && o.active => {}
        Some(o) if o.body_id == body_id => {
            return Err(Invalid::field("collector_officer_id", format!("采集人{}已不在岗", o.name)).into());
        }
        _ => return Err(Invalid::field("collector_officer_id", "采集人不是本执法主体的执法人员").into()),
    }
    // Evidence belongs to a case of its body (none is left orphaned under a mistyped number),
    // whose file is open.
    match case_stage(w, body_id, &meta.case_number).await? {
        None => {
            return Err(Invalid::field(
                "case_number",
                format!("本机关没有编号为“{}”的案件：请核对案件编号，或先登记案件", meta.case_number),
            )
            .into());
        }
        Some(stage) => {
            zhifa_core::archive::check_file_open(stage, "添加证据").map_err(|r| StoreError::Conflict(r.message))?
        }
    }
    let checked = meta.device_sm3.is_some() || meta.device_sha256.is_some();
    let row: Evidence = w.tx.fetch_one(query("INSERT INTO evidence (body_id, case_number, kind, format, media_type, file_name, size_bytes, sm3, sha256, captured_at, capture_place, \
         collector_officer_id, proof_object, device_id, device_hash_checked, target_kind, target_id, target_name, uploaded_by, created_at, status) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,'active') RETURNING *").bind(body_id).bind(&meta.case_number).bind(meta.kind.code()).bind(meta.format).bind(meta.media_type).bind(&meta.file_name).bind(size as i64).bind(&sm3).bind(&sha256).bind(meta.captured_at).bind(&meta.capture_place).bind(meta.collector_officer_id).bind(&meta.proof_object).bind(&meta.device_id).bind(checked).bind(meta.target.as_ref().map(|t| t.kind_code())).bind(meta.target.as_ref().map(|t| t.as_str().to_string())).bind(&meta.target_name).bind(w.actor.user_id).bind(now())).await?;
    let id = row.id;
    let seq = w.record_new(Some(body_id), "evidence.create", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Refuses a change to the evidence of a case whose file is closed by 归档
/// ([`zhifa_core::archive::check_file_open`]).
async fn file_open(w: &mut Write<'_, '_>, body_id: i64, case_number: &str, what: &str) -> Result<()> {
    if let Some(stage) = case_stage(w, body_id, case_number).await? {
        zhifa_core::archive::check_file_open(stage, what).map_err(|r| StoreError::Conflict(r.message))?;
    }
    Ok(())
}

/// The stage of the body's case with this number, if there is one.
async fn case_stage(w: &mut Write<'_, '_>, body_id: i64, case_number: &str) -> Result<Option<zhifa_core::case::Stage>> {
    w.tx.scalar_optional::<String>(
        query("SELECT stage FROM cases WHERE body_id = $1 AND number = $2").bind(body_id).bind(case_number),
    )
    .await?
    .map(|s| zhifa_core::case::Stage::parse(&s))
    .transpose()
    .map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) async fn request_evidence_deletion(
    w: &mut Write<'_, '_>,
    evidence_id: i64,
    reason: String,
) -> Result<Outcome> {
    let e: Evidence =
        w.tx.fetch_optional(query("SELECT * FROM evidence WHERE id = $1").bind(evidence_id))
            .await?
            .ok_or(StoreError::NotFound("证据"))?;
    in_scope(w.actor, e.body_id, "证据")?;
    if e.status != zhifa_core::evidence::EvidenceStatus::Active {
        return Err(StoreError::Conflict("该证据已被删除".into()));
    }
    file_open(w, e.body_id, &e.case_number, "删除证据").await?;
    let mut inv = Invalid::default();
    let reason = zhifa_core::error::required_text(&mut inv, "reason", "删除理由", &reason, 500);
    inv.into_result(())?;
    let row: EvidenceDeletion = w.tx.fetch_one(query("INSERT INTO evidence_deletions (evidence_id, reason, requested_by, requested_at, status) VALUES ($1,$2,$3,$4,'pending') RETURNING *").bind(evidence_id).bind(&reason).bind(w.actor.user_id).bind(now())).await
        .map_err(|e| e.unique_as(|| "该证据已有待批准的删除申请".to_string()))?;
    let id = row.id;
    let seq = w.record_new(Some(e.body_id), "evidence.deletion_request", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn decide_evidence_deletion(
    w: &mut Write<'_, '_>,
    request_id: i64,
    role: Role,
    approve: bool,
) -> Result<Outcome> {
    let d: EvidenceDeletion =
        w.tx.fetch_optional(query("SELECT * FROM evidence_deletions WHERE id = $1").bind(request_id))
            .await?
            .ok_or(StoreError::NotFound("删除申请"))?;
    let e: Evidence = w.tx.fetch_one(query("SELECT * FROM evidence WHERE id = $1").bind(d.evidence_id)).await?;
    in_scope(w.actor, e.body_id, "删除申请")?;
    if d.status != zhifa_core::evidence::DeletionStatus::Pending {
        return Err(StoreError::Conflict("该删除申请已办结".into()));
    }
    if approve {
        file_open(w, e.body_id, &e.case_number, "删除证据").await?;
    }
    let approver = w.actor.user_id.ok_or_else(|| StoreError::Conflict("删除证据须由账号批准".into()))?;
    let state = zhifa_core::evidence::DeletionApprovals {
        requested_by: d.requested_by,
        head: d.head_approved_by,
        supervisor: d.supervisor_approved_by,
    };
    let which =
        zhifa_core::evidence::check_approval(&state, approver, role).map_err(|m| Invalid::field("approval", m))?;
    let t = now();
    let row: EvidenceDeletion = if !approve {
        w.tx.fetch_one(query("UPDATE evidence_deletions SET status = 'rejected', decided_at = $1 WHERE id = $2 AND status = 'pending' RETURNING *").bind(t).bind(request_id)).await?
    } else {
        let sql = match which {
            zhifa_core::evidence::Approval::Head => {
                "UPDATE evidence_deletions SET head_approved_by = $1, head_approved_at = $2 WHERE id = $3 AND head_approved_by IS NULL RETURNING *"
            }
            zhifa_core::evidence::Approval::Supervisor => {
                "UPDATE evidence_deletions SET supervisor_approved_by = $1, supervisor_approved_at = $2 WHERE id = $3 AND supervisor_approved_by IS NULL RETURNING *"
            }
        };
        let row: EvidenceDeletion = w.tx.fetch_one(query(sql).bind(approver).bind(t).bind(request_id)).await?;
        if row.head_approved_by.is_some() && row.supervisor_approved_by.is_some() {
            w.tx.fetch_one(
                query("UPDATE evidence_deletions SET status = 'approved', decided_at = $1 WHERE id = $2 RETURNING *")
                    .bind(t)
                    .bind(request_id),
            )
            .await?
        } else {
            row
        }
    };
    let kind = if !approve { "evidence.deletion_reject" } else { "evidence.deletion_approve" };
    let seq = w.record(Some(e.body_id), kind, &row).await?;
    if row.status == zhifa_core::evidence::DeletionStatus::Approved {
        // The tombstone: the row stays, with its digests; the ledger keeps every
        // earlier entry; only the file goes (after commit).
        let gone: Evidence =
            w.tx.fetch_one(
                query("UPDATE evidence SET status = 'deleted', deleted_at = $1 WHERE id = $2 RETURNING *")
                    .bind(t)
                    .bind(e.id),
            )
            .await?;
        w.record(Some(e.body_id), "evidence.tombstone", &gone).await?;
    }
    Ok(Outcome::new(request_id, seq))
}
