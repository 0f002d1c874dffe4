//! Registry commands: enforcement bodies, officers, training records, certificates and their
//! status, power-list versions, legal reviewers, accounts. Each runs inside the one write path
//! ([`crate::write`]) on its savepoint and journals what it changed.

use crate::db::now;
use crate::db::query::{Tx, query, query_built};
use crate::journal::{Actor, Write, in_scope};
use crate::model::{Body, Certificate, CertificateEvent, Officer, PowerItem, Reviewer, Training, UserRow};
use crate::write::Outcome;
use crate::{Result, StoreError};
use chrono::NaiveDate;
use zhifa_core::Invalid;
use zhifa_core::access::Role;
use zhifa_core::registry::{
    CertificateStatus, ReviewerKind, ValidBody, ValidCertificate, ValidOfficer, ValidPowerItem, ValidStatusChange,
    ValidTraining, certificate_transition, check_power_version,
};

/// Fails with a field error unless body `id` exists.
pub(crate) async fn body_exists(tx: &mut Tx<'_>, id: i64) -> Result<()> {
    let found: Option<i64> = tx.scalar_optional(query("SELECT id FROM bodies WHERE id = $1").bind(id)).await?;
    if found.is_none() {
        return Err(Invalid::field("body_id", "所选执法主体不存在").into());
    }
    Ok(())
}

/// Loads officer `id`, failing with `NotFound` when absent or outside the actor's scope.
pub(crate) async fn officer_in_scope(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<Officer> {
    let o: Officer = tx
        .fetch_optional(query("SELECT * FROM officers WHERE id = $1").bind(id))
        .await?
        .ok_or(StoreError::NotFound("执法人员"))?;
    in_scope(actor, o.body_id, "执法人员")?;
    Ok(o)
}

/// Checks a body's references to other bodies (entrusting body, parent).
async fn check_body_refs(tx: &mut Tx<'_>, b: &ValidBody, self_id: Option<i64>) -> Result<()> {
    for (field, r) in [("entrusting_body_id", b.entrusting_body_id), ("parent_id", b.parent_id)] {
        if let Some(r) = r {
            if Some(r) == self_id {
                return Err(Invalid::field(field, "不能指向本主体自身").into());
            }
            let found: Option<i64> = tx.scalar_optional(query("SELECT id FROM bodies WHERE id = $1").bind(r)).await?;
            if found.is_none() {
                return Err(Invalid::field(field, "所选机关不存在").into());
            }
        }
    }
    Ok(())
}

const BODY_COLS: &str = "name, kind, entrusting_body_id, parent_id, area, legal_basis, address, phone, reconsideration_organ, court, review_organ, is_supervisor, publication_days";

pub(crate) async fn create_body(w: &mut Write<'_, '_>, b: ValidBody) -> Result<Outcome> {
    w.actor.district_wide("执法主体")?;
    check_body_refs(w.tx, &b, None::<i64>).await?;
    let t = now();
    let row: Body = w.tx.fetch_one(query_built(format!(
        "INSERT INTO bodies ({BODY_COLS}, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$14,$13,$13) RETURNING *")).bind(&b.name).bind(b.kind.code()).bind(b.entrusting_body_id).bind(b.parent_id).bind(&b.area).bind(&b.legal_basis).bind(&b.address).bind(&b.phone).bind(&b.reconsideration_organ).bind(&b.court).bind(&b.review_organ).bind(b.is_supervisor).bind(t).bind(b.publication_days)).await
        .map_err(|e| e.unique_as(|| format!("执法主体“{}”已存在", b.name)))?;
    let id = row.id;
    let seq = w.record_new(Some(id), "body.create", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn update_body(w: &mut Write<'_, '_>, id: i64, b: ValidBody) -> Result<Outcome> {
    in_scope(w.actor, id, "执法主体")?;
    check_body_refs(w.tx, &b, Some(id)).await?;
    let n = w.tx.execute(query("UPDATE bodies SET name=$1, kind=$2, entrusting_body_id=$3, parent_id=$4, area=$5, legal_basis=$6, address=$7, phone=$8, \
         reconsideration_organ=$9, court=$10, review_organ=$11, is_supervisor=$12, updated_at=$13, publication_days=$15 WHERE id=$14").bind(&b.name).bind(b.kind.code()).bind(b.entrusting_body_id).bind(b.parent_id).bind(&b.area).bind(&b.legal_basis).bind(&b.address).bind(&b.phone).bind(&b.reconsideration_organ).bind(&b.court).bind(&b.review_organ).bind(b.is_supervisor).bind(now()).bind(id).bind(b.publication_days)).await
        .map_err(|e| e.unique_as(|| format!("执法主体“{}”已存在", b.name)))?;
    if n == 0 {
        return Err(StoreError::NotFound("执法主体"));
    }
    let row: Body = w.tx.fetch_one(query("SELECT * FROM bodies WHERE id = $1").bind(id)).await?;
    let seq = w.record(Some(id), "body.update", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn create_officer(w: &mut Write<'_, '_>, o: ValidOfficer) -> Result<Outcome> {
    in_scope(w.actor, o.body_id, "执法主体")?;
    body_exists(w.tx, o.body_id).await?;
    let t = now();
    let domains = serde_json::to_string(&o.domains).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row: Officer = w.tx.fetch_one(query("INSERT INTO officers (body_id, name, id_number, post, domains, legal_qualification_no, phone, active, created_at, updated_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,TRUE,$8,$8) RETURNING *").bind(o.body_id).bind(&o.name).bind(o.id_number.as_ref().map(|x| x.as_str().to_string())).bind(&o.post).bind(&domains).bind(&o.legal_qualification_no).bind(&o.phone).bind(t)).await
        .map_err(|e| e.unique_as(|| "该身份证号码已登记为执法人员".to_string()))?;
    let id = row.id;
    let seq = w.record_new(Some(o.body_id), "officer.create", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn update_officer(w: &mut Write<'_, '_>, id: i64, o: ValidOfficer) -> Result<Outcome> {
    officer_in_scope(w.tx, w.actor, id).await?;
    in_scope(w.actor, o.body_id, "执法主体")?;
    body_exists(w.tx, o.body_id).await?;
    let domains = serde_json::to_string(&o.domains).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    w.tx.execute(query("UPDATE officers SET body_id=$1, name=$2, id_number=$3, post=$4, domains=$5, legal_qualification_no=$6, phone=$7, updated_at=$8 WHERE id=$9").bind(o.body_id).bind(&o.name).bind(o.id_number.as_ref().map(|x| x.as_str().to_string())).bind(&o.post).bind(&domains).bind(&o.legal_qualification_no).bind(&o.phone).bind(now()).bind(id)).await
        .map_err(|e| e.unique_as(|| "该身份证号码已登记为执法人员".to_string()))?;
    let row: Officer = w.tx.fetch_one(query("SELECT * FROM officers WHERE id = $1").bind(id)).await?;
    let seq = w.record(Some(o.body_id), "officer.update", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn add_training(w: &mut Write<'_, '_>, officer_id: i64, training: ValidTraining) -> Result<Outcome> {
    let officer = officer_in_scope(w.tx, w.actor, officer_id).await?;
    let row: Training = w.tx.fetch_one(query("INSERT INTO officer_training (officer_id, date, title, hours, exam_score, created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING *").bind(officer_id).bind(training.date).bind(&training.title).bind(training.hours).bind(training.exam_score).bind(now())).await?;
    let id = row.id;
    let seq = w.record_new(Some(officer.body_id), "officer.training", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn create_certificate(w: &mut Write<'_, '_>, c: ValidCertificate) -> Result<Outcome> {
    let officer = officer_in_scope(w.tx, w.actor, c.officer_id).await?;
    let t = now();
    let row: Certificate = w.tx.fetch_one(query("INSERT INTO certificates (officer_id, number, issuer, domain, area, valid_from, valid_to, status, created_at, updated_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING *").bind(c.officer_id).bind(c.number.as_str()).bind(&c.issuer).bind(&c.domain).bind(&c.area).bind(c.valid_from).bind(c.valid_to).bind(CertificateStatus::Valid.code()).bind(t)).await
        .map_err(|e| e.unique_as(|| format!("证件编号“{}”已存在", c.number)))?;
    let id = row.id;
    let seq = w.record_new(Some(officer.body_id), "certificate.create", &row).await?;
    let event: CertificateEvent = w.tx.fetch_one(query("INSERT INTO certificate_events (certificate_id, from_status, to_status, reason, effective_date, actor_user_id, at) VALUES ($1, NULL, $2, $3, $4, $5, $6) RETURNING *").bind(id).bind(CertificateStatus::Valid.code()).bind("发证登记").bind(c.valid_from).bind(w.actor.user_id).bind(t)).await?;
    w.record_new(Some(officer.body_id), "certificate.event", &event).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn change_certificate_status(
    w: &mut Write<'_, '_>,
    id: i64,
    change: ValidStatusChange,
) -> Result<Outcome> {
    let cert: Certificate =
        w.tx.fetch_optional(query("SELECT * FROM certificates WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound("执法证件"))?;
    let officer = officer_in_scope(w.tx, w.actor, cert.officer_id).await?;
    let from = cert.status_on(zhifa_core::time::shanghai_date(now()));
    certificate_transition(from, change.status).map_err(|m| Invalid::field("status", m))?;
    let t = now();
    let n =
        w.tx.execute(
            query("UPDATE certificates SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
                .bind(change.status.code())
                .bind(t)
                .bind(id)
                .bind(cert.status),
        )
        .await?;
    if n == 0 {
        return Err(StoreError::Conflict("证件状态已被他人修改，请刷新后重试".into()));
    }
    let event: CertificateEvent = w.tx.fetch_one(query("INSERT INTO certificate_events (certificate_id, from_status, to_status, reason, effective_date, actor_user_id, at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *").bind(id).bind(from.code()).bind(change.status.code()).bind(&change.reason).bind(change.effective_date).bind(w.actor.user_id).bind(t)).await?;
    w.record_new(Some(officer.body_id), "certificate.event", &event).await?;
    let row: Certificate = w.tx.fetch_one(query("SELECT * FROM certificates WHERE id = $1").bind(id)).await?;
    let seq = w.record(Some(officer.body_id), "certificate.status", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn add_power_item_version(w: &mut Write<'_, '_>, p: ValidPowerItem) -> Result<Outcome> {
    in_scope(w.actor, p.body_id, "执法主体")?;
    body_exists(w.tx, p.body_id).await?;
    let latest: Option<PowerItem> =
        w.tx.fetch_optional(
            query("SELECT * FROM power_items WHERE body_id = $1 AND code = $2 ORDER BY version DESC LIMIT 1")
                .bind(p.body_id)
                .bind(&p.code),
        )
        .await?;
    let latest_kind = latest.as_ref().map(|l| (l.change_kind, l.effective_from));
    check_power_version(&p, latest_kind)?;
    let version = latest.as_ref().map(|l| l.version + 1).unwrap_or(1);
    let basis = serde_json::to_string(&p.legal_basis).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row: PowerItem = w.tx.fetch_one(query("INSERT INTO power_items (body_id, code, version, name, category, legal_basis, procedure_kind, time_limit_days, time_limit_working, remedy, effective_from, change_kind, change_reason, created_by, created_at, hearing, conditions, materials, retroactivity) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) RETURNING *").bind(p.body_id).bind(&p.code).bind(version).bind(&p.name).bind(p.category.code()).bind(&basis).bind(p.procedure.code()).bind(p.time_limit.map(|t| t.0)).bind(matches!(p.time_limit, Some((_, zhifa_core::registry::DayKind::Working)))).bind(&p.remedy).bind(p.effective_from).bind(p.change_kind.code()).bind(&p.change_reason).bind(w.actor.user_id).bind(now()).bind(p.hearing).bind(Some(p.conditions.clone()).filter(|c| !c.is_empty())).bind(Some(p.materials.join("\n")).filter(|m| !m.is_empty())).bind(p.retroactivity.map(|r| r.code()))).await
        .map_err(|e| e.unique_as(|| format!("事项“{}”已被他人同时修改，请刷新后重试", p.code)))?;
    let id = row.id;
    let seq = w.record_new(Some(p.body_id), "power_item.version", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn designate_reviewer(
    w: &mut Write<'_, '_>,
    officer_id: i64,
    kind: ReviewerKind,
    since: NaiveDate,
) -> Result<Outcome> {
    let officer = officer_in_scope(w.tx, w.actor, officer_id).await?;
    zhifa_core::registry::check_reviewer_qualification(since, officer.legal_qualification_no.as_deref())?;
    let row: Reviewer = w.tx.fetch_one(query("INSERT INTO reviewers (officer_id, body_id, kind, since, created_at) VALUES ($1,$2,$3,$4,$5) RETURNING *").bind(officer_id).bind(officer.body_id).bind(kind.code()).bind(since).bind(now())).await
        .map_err(|e| e.unique_as(|| format!("{}已是法制审核人员", officer.name)))?;
    let id = row.id;
    let seq = w.record_new(Some(officer.body_id), "reviewer.designate", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// A new account, as the command gives it.
pub(crate) struct NewAccount {
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) password_hash: String,
    pub(crate) role: Role,
    pub(crate) body_id: Option<i64>,
    pub(crate) officer_id: Option<i64>,
    pub(crate) must_change_password: bool,
}

/// Where an account may sit: a body in the actor's reach (or none, for a district-wide role,
/// from a district-wide actor), and an officer of that body who has no other account (`account`:
/// the account itself, when it is changed).
async fn check_placement(
    w: &mut Write<'_, '_>,
    role: Role,
    body_id: Option<i64>,
    officer_id: Option<i64>,
    account: Option<i64>,
) -> Result<()> {
    match body_id {
        Some(b) => {
            in_scope(w.actor, b, "执法主体")?;
            body_exists(w.tx, b).await?;
        }
        None if role.needs_body() => {
            return Err(Invalid::field("body_id", format!("{}账号必须属于一个执法主体", role.label())).into());
        }
        None => w.actor.district_wide("执法主体")?,
    }
    if let Some(o) = officer_id {
        let officer = officer_in_scope(w.tx, w.actor, o).await?;
        if Some(officer.body_id) != body_id {
            return Err(Invalid::field("officer_id", "关联的执法人员不属于该执法主体").into());
        }
        // One account per person: a second login bound to an officer (or legal reviewer) would
        // let whoever holds it act and sign in that person's name.
        let taken: Option<String> =
            w.tx.scalar_optional(
                query("SELECT username FROM users WHERE officer_id = $1 AND ($2 IS NULL OR id <> $2) LIMIT 1")
                    .bind(o)
                    .bind(account),
            )
            .await?;
        if let Some(other) = taken {
            return Err(StoreError::Conflict(format!(
                "执法人员{}已有账号（{other}），一人只能有一个账号",
                officer.name
            )));
        }
    }
    Ok(())
}

/// An account the actor administers: in their body, or (a district account) district-wide;
/// `NotFound` otherwise, revealing nothing.
async fn user_in_scope(w: &mut Write<'_, '_>, id: i64) -> Result<UserRow> {
    let row: UserRow =
        w.tx.fetch_optional(query("SELECT * FROM users WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound("账号"))?;
    match row.body_id {
        Some(b) => in_scope(w.actor, b, "账号")?,
        None => w.actor.district_wide("账号")?,
    }
    Ok(row)
}

pub(crate) async fn create_user(w: &mut Write<'_, '_>, new: NewAccount) -> Result<Outcome> {
    let NewAccount { username, display_name, password_hash, role, body_id, officer_id, must_change_password } = new;
    check_placement(w, role, body_id, officer_id, None).await?;
    let row: UserRow = w.tx.fetch_one(query("INSERT INTO users (username, display_name, password_hash, role, body_id, officer_id, active, failed_logins, created_at, must_change_password) VALUES ($1,$2,$3,$4,$5,$6,TRUE,0,$7,$8) RETURNING *").bind(&username).bind(&display_name).bind(&password_hash).bind(role.code()).bind(body_id).bind(officer_id).bind(now()).bind(must_change_password)).await
        .map_err(|e| e.unique_as(|| format!("用户名“{username}”已被使用")))?;
    let id = row.id;
    let seq = w.record_new(body_id, "user.create", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Changes an account's role, body and linked officer. The administrator must reach the account
/// both where it is and where it goes; a district-wide role only from a district-wide account;
/// never one's own (an administrator cannot raise or strand themself). Every session of the
/// account ends: its rights changed.
pub(crate) async fn set_user_role(
    w: &mut Write<'_, '_>,
    id: i64,
    role: Role,
    body_id: Option<i64>,
    officer_id: Option<i64>,
) -> Result<Outcome> {
    user_in_scope(w, id).await?;
    if w.actor.user_id == Some(id) {
        return Err(Invalid::field("role", "不能更改自己账号的角色或所属主体，请由其他管理员办理").into());
    }
    let body_id = if role.is_district_wide() { None } else { body_id };
    check_placement(w, role, body_id, officer_id, Some(id)).await?;
    w.tx.execute(
        query("UPDATE users SET role = $1, body_id = $2, officer_id = $3 WHERE id = $4")
            .bind(role.code())
            .bind(body_id)
            .bind(officer_id)
            .bind(id),
    )
    .await?;
    w.tx.execute(
        query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(now()).bind(id),
    )
    .await?;
    let row: UserRow = w.tx.fetch_one(query("SELECT * FROM users WHERE id = $1").bind(id)).await?;
    let seq = w.record(row.body_id, "user.role", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// 解除锁定: an administrator clears an account's failed sign-ins and its wait.
pub(crate) async fn unlock_user(w: &mut Write<'_, '_>, id: i64) -> Result<Outcome> {
    user_in_scope(w, id).await?;
    w.tx.execute(query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1").bind(id)).await?;
    let row: UserRow = w.tx.fetch_one(query("SELECT * FROM users WHERE id = $1").bind(id)).await?;
    let seq = w.record(row.body_id, "user.unlock", &row).await?;
    Ok(Outcome::new(id, seq))
}

pub(crate) async fn set_user_active(w: &mut Write<'_, '_>, id: i64, active: bool) -> Result<Outcome> {
    user_in_scope(w, id).await?;
    w.tx.execute(query("UPDATE users SET active = $1 WHERE id = $2").bind(active).bind(id)).await?;
    if !active {
        w.tx.execute(
            query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(now()).bind(id),
        )
        .await?;
    }
    let row: UserRow = w.tx.fetch_one(query("SELECT * FROM users WHERE id = $1").bind(id)).await?;
    let body = row.body_id;
    let seq = w.record(body, "user.active", &row).await?;
    Ok(Outcome::new(id, seq))
}
