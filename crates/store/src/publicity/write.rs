//! The publicity commands: the task a decision starts, publishing the confirmed text,
//! withholding, registering a change of the decision and withdrawing.

use crate::db::now;
use crate::db::query::{Tx, query};
use crate::journal::{Actor, Write, in_scope};
use crate::write::Outcome;
use crate::{Result, StoreError};
use zhifa_core::Invalid;

/// Creates the publication task of a decision just recorded, in the step's transaction: its
/// category, deadline (none while the year's holiday schedule is missing: computed on read) and,
/// for a decision not published, the rule.
pub(crate) async fn create_task(
    w: &mut Write<'_, '_>,
    case: &crate::model::Case,
    step_id: i64,
    kind: zhifa_core::case::StepKind,
    data: &zhifa_core::case::StepData,
    occurred: chrono::DateTime<chrono::Utc>,
    calendar: &zhifa_core::calendar::Calendar,
) -> Result<()> {
    let parties = case.party_list()?;
    let decided_on = zhifa_core::time::shanghai_date(occurred);
    let decision =
        zhifa_core::publicity::Decision { case_kind: case.kind, step: kind, data, parties: &parties, decided_on };
    if let Some(task) = zhifa_core::publicity::task_for(&decision) {
        // The body's own limit, if it set one (only ever shorter).
        let own: Option<i64> =
            w.tx.scalar(query("SELECT publication_days FROM bodies WHERE id = $1").bind(case.body_id)).await?;
        let own = own.and_then(|d| u32::try_from(d).ok());
        let due = zhifa_core::publicity::publication_due(calendar, decided_on, task.category, own).ok();
        let (status, rule, reason) = match &task.excluded {
            Some(r) => ("excluded", Some(r.rule.to_string()), Some(r.message.clone())),
            None => ("pending", None, None),
        };
        let t = now();
        let row: crate::model::Publication = w.tx.fetch_one(query("INSERT INTO publications (body_id, case_id, step_id, category, decided_on, due_on, light, status, excluded_rule, excluded_reason, created_at, updated_at, penalty_kinds) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11,$12) RETURNING *").bind(case.body_id).bind(case.id).bind(step_id).bind(task.category.code()).bind(decided_on).bind(due).bind(task.weight.light).bind(status).bind(rule).bind(reason).bind(t).bind(zhifa_core::publicity::penalty_codes(data))).await?;
        w.record_new(Some(case.body_id), "publication.task", &row).await?;
    }
    Ok(())
}

/// Loads a publication in the actor's scope.
pub(crate) async fn load_publication(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<crate::model::Publication> {
    let p: crate::model::Publication = tx
        .fetch_optional(query("SELECT * FROM publications WHERE id = $1").bind(id))
        .await?
        .ok_or(StoreError::NotFound("公示任务"))?;
    in_scope(actor, p.body_id, "公示任务")?;
    Ok(p)
}

/// Loads what a proposal is made from: the case, the step, the decision document, the body.
pub(crate) async fn proposal_sources(
    tx: &mut Tx<'_>,
    p: &crate::model::Publication,
) -> Result<(
    crate::model::Case,
    crate::model::CaseStep,
    Option<crate::model::Document>,
    crate::model::Body,
    zhifa_core::case::StepKind,
)> {
    let case: crate::model::Case = tx.fetch_one(query("SELECT * FROM cases WHERE id = $1").bind(p.case_id)).await?;
    let step: crate::model::CaseStep =
        tx.fetch_one(query("SELECT * FROM case_steps WHERE id = $1").bind(p.step_id)).await?;
    let body: crate::model::Body = tx.fetch_one(query("SELECT * FROM bodies WHERE id = $1").bind(p.body_id)).await?;
    let kind = step.kind;
    let doc: Option<crate::model::Document> = match crate::publicity::decision_doc_kind(kind) {
            Some(k) => tx.fetch_optional(query("SELECT * FROM documents WHERE case_id = $1 AND kind = $2 AND (step_id = $3 OR step_id IS NULL) ORDER BY id DESC LIMIT 1").bind(p.case_id).bind(k.code()).bind(p.step_id)).await?,
            None => None,
        };
    Ok((case, step, doc, body, kind))
}

/// 确认公开: the publisher's text, checked again by the engine, hashed and published.
pub(crate) async fn publish(w: &mut Write<'_, '_>, id: i64, text: String) -> Result<Outcome> {
    let p = load_publication(w.tx, w.actor, id).await?;
    if p.status != zhifa_core::publicity::PublicationStatus::Pending {
        return Err(Invalid::field("status", format!("该公示任务{}，不能确认公开", p.status.label())).into());
    }
    let (case, step, doc, body, kind) = proposal_sources(w.tx, &p).await?;
    if let Some(k) = crate::publicity::decision_doc_kind(kind)
        && doc.is_none()
    {
        return Err(Invalid::field("doc_number", format!("请先制作并签发{}（取得文号），再确认公开", k.label())).into());
    }
    let prop = crate::publicity::proposal(&case, &step, doc.as_ref(), &body)?;
    let text = text.replace("\r\n", "\n").trim().to_string();
    if text.is_empty() {
        return Err(Invalid::field("full_text", "请填写经核对的公开全文").into());
    }
    if text.chars().count() > 100_000 {
        return Err(Invalid::field("full_text", "公开全文过长（最多100000字）").into());
    }
    // What the publisher confirms is checked again: nothing the engine finds may remain.
    let ctx = crate::publicity::context(&case.party_list()?, &body);
    let left = zhifa_core::redact::find(&text, &ctx);
    if let Some(first) = left.first() {
        let kinds: std::collections::BTreeSet<&str> = left.iter().map(|s| s.kind.label()).collect();
        return Err(Invalid::field(
            "full_text",
            format!(
                "公开全文仍含应去除的个人信息（{}，共{}处，第一处在第{}字）：请按建议稿处理后再确认",
                kinds.into_iter().collect::<Vec<_>>().join("、"),
                left.len(),
                first.start + 1
            ),
        )
        .into());
    }
    if let Some(at) = zhifa_core::redact::normal::hidden_break(&text) {
        return Err(Invalid::field(
            "full_text",
            format!("公开全文第{}字处的数字中夹有不可见字符（从其他软件复制时带入），请删除后再确认", at + 1),
        )
        .into());
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for s in &prop.proposed.spans {
        *counts.entry(s.kind.label()).or_default() += 1;
    }
    let masked = serde_json::to_string(&counts).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let t = now();
    let today = zhifa_core::time::shanghai_date(t);
    let expires = zhifa_core::publicity::expires_on(
        today,
        zhifa_core::publicity::Weight { light: p.light, restricted_until: None },
    );
    let sm3 = crate::documents::sm3_hex(text.as_bytes());
    let row: crate::model::Publication = w.tx.fetch_optional(query("UPDATE publications SET status = 'published', doc_number = $1, party = $2, subject = $3, legal_basis = $4, conclusion = $5, \
             full_text = $6, content_sm3 = $7, masked = $8, published_on = $9, published_at = $10, published_by = $11, expires_on = $12, updated_at = $10 \
             WHERE id = $13 AND status = 'pending' RETURNING *").bind(&prop.doc_number).bind(&prop.party).bind(&prop.subject).bind(&prop.legal_basis).bind(&prop.conclusion).bind(&text).bind(&sm3).bind(&masked).bind(today).bind(t).bind(w.actor.user_id).bind(expires).bind(id)).await?
            .ok_or_else(|| StoreError::Conflict("该公示任务已被他人处理，请刷新".into()))?;
    let seq = w.record(Some(row.body_id), "publication.publish", &row).await?;
    notice(w, &row, &body.name, "publish", None).await?;
    Ok(Outcome::new(id, seq))
}

/// Journals the public record of a public act (公开 or 撤回) in the act's transaction: only
/// public facts and the SM3 of the published text, so that anyone holding the text and the
/// published keys can check it against the signed ledger.
async fn notice(
    w: &mut Write<'_, '_>,
    p: &crate::model::Publication,
    body_name: &str,
    act: &str,
    ground: Option<String>,
) -> Result<()> {
    let sm3 = p.content_sm3.clone().ok_or_else(|| StoreError::Corrupt("公开的决定缺少全文摘要".into()))?;
    let t = now();
    let row: crate::model::PublicNotice = w.tx.fetch_one(query("INSERT INTO public_notices (publication_id, act, body_id, body_name, category, doc_number, subject, text_sm3, ground, effective_on, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING *").bind(p.id).bind(act).bind(p.body_id).bind(body_name).bind(p.category.code()).bind(&p.doc_number).bind(&p.subject).bind(&sm3).bind(&ground).bind(zhifa_core::time::shanghai_date(t)).bind(t)).await?;
    w.record_new(Some(p.body_id), "publication.notice", &row).await?;
    Ok(())
}

/// 不予公开 (国家秘密、个人隐私或商业秘密), with the publisher's reasons.
pub(crate) async fn withhold(
    w: &mut Write<'_, '_>,
    id: i64,
    ground: zhifa_core::publicity::Withheld,
    note: String,
) -> Result<Outcome> {
    let p = load_publication(w.tx, w.actor, id).await?;
    if p.status != zhifa_core::publicity::PublicationStatus::Pending {
        return Err(Invalid::field("status", format!("该公示任务{}，不能改为不予公开", p.status.label())).into());
    }
    let mut inv = Invalid::default();
    let note = zhifa_core::error::required_text(&mut inv, "note", "不予公开的具体理由", &note, 2000);
    inv.into_result(())?;
    let r = ground.refusal();
    let row: crate::model::Publication = w.tx.fetch_optional(query("UPDATE publications SET status = 'excluded', excluded_rule = $1, excluded_reason = $2, updated_at = $3 WHERE id = $4 AND status = 'pending' RETURNING *").bind(r.rule).bind(format!("{}：{note}", r.message)).bind(now()).bind(id)).await?
            .ok_or_else(|| StoreError::Conflict("该公示任务已被他人处理，请刷新".into()))?;
    let seq = w.record(Some(row.body_id), "publication.withhold", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Registers that a decision was changed, revoked, confirmed unlawful or void (and, with
/// `withdraw`, withdraws its publication at once). A task not yet published ends: nothing is
/// to be shown.
pub(crate) async fn change_decision(
    w: &mut Write<'_, '_>,
    id: i64,
    change: Option<crate::publicity::Change>,
    withdraw: bool,
    calendar: &zhifa_core::calendar::Calendar,
) -> Result<Outcome> {
    let p = load_publication(w.tx, w.actor, id).await?;
    let t = now();
    let today = zhifa_core::time::shanghai_date(t);
    let registered = p.changed_on.is_some();
    let (ground, by, changed_on, note) = match (change, registered) {
        (Some(_), true) => return Err(Invalid::field("ground", "该决定的变更情况已登记，直接撤回即可").into()),
        (None, true) => (
            p.change_ground.clone().unwrap_or_default(),
            p.change_by.clone().unwrap_or_default(),
            p.changed_on.unwrap_or(today),
            p.change_note.clone().unwrap_or_default(),
        ),
        (None, false) => return Err(Invalid::field("ground", "请登记决定被变更、撤销、确认违法或无效的情况").into()),
        (Some(c), false) => {
            let mut inv = Invalid::default();
            let note = zhifa_core::error::required_text(&mut inv, "note", "撤回理由", &c.note, 2000);
            if c.changed_on > today {
                inv.push("changed_on", "变更等决定的日期不能晚于今天");
            }
            if c.changed_on < p.decided_on {
                inv.push("changed_on", "变更等决定的日期不能早于原决定日期");
            }
            inv.into_result(())?;
            (c.ground.code().to_string(), c.by.code().to_string(), c.changed_on, note)
        }
    };
    use zhifa_core::publicity::PublicationStatus as S;
    let (status, withdrawn_at, withdrawn_by) = match p.status {
        S::Withdrawn => return Err(Invalid::field("status", "该公示已撤回").into()),
        S::Excluded => return Err(Invalid::field("status", "该决定未公开，无需撤回").into()),
        // Never shown: the task ends with the change.
        S::Pending => (S::Withdrawn, Some(t), w.actor.user_id),
        S::Published if withdraw => (S::Withdrawn, Some(t), w.actor.user_id),
        S::Published => (S::Published, None, None),
    };
    let due = zhifa_core::publicity::withdrawal_due(calendar, changed_on).ok();
    let row: crate::model::Publication = w.tx.fetch_optional(query("UPDATE publications SET status = $1, change_ground = $2, change_by = $3, changed_on = $4, change_note = $5, withdrawal_due = $6, \
             withdrawn_at = $7, withdrawn_by = $8, updated_at = $9 WHERE id = $10 AND status = $11 RETURNING *").bind(status).bind(&ground).bind(&by).bind(changed_on).bind(&note).bind(due).bind(withdrawn_at).bind(withdrawn_by).bind(t).bind(id).bind(p.status)).await?
            .ok_or_else(|| StoreError::Conflict("该公示已被他人处理，请刷新".into()))?;
    let kind = if status == S::Withdrawn { "publication.withdraw" } else { "publication.change" };
    let seq = w.record(Some(row.body_id), kind, &row).await?;
    if p.status == S::Published && status == S::Withdrawn {
        let body: String = w.tx.scalar(query("SELECT name FROM bodies WHERE id = $1").bind(row.body_id)).await?;
        notice(w, &row, &body, "withdraw", Some(crate::publicity::withdrawal_ground(&row))).await?;
    }
    Ok(Outcome::new(id, seq))
}
