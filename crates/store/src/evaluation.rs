//! 案卷评查的存储: the scoring standards (each version a row), a campaign's announcement with
//! its rosters and their Merkle roots, the draw once the entropy is public (refused unless the
//! announcement was under a signed checkpoint before the entropy's time), the reviewers' sheets
//! and the settling of each file. The rules — the draw, the scoring, the settling — are
//! `zhifa_core::draw` and `zhifa_core::supervision::evaluation`; this module reads the records
//! they run on and writes what they decide, each change journaled in the command's savepoint.

use crate::db::now;
use crate::db::query::{query, query_built};
use crate::journal::{Journaled, Write};
use crate::model::{EvaluationCampaign, EvaluationFile, EvaluationSheet, EvaluationStandard, UserRow as User};
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Datelike, Utc};
use std::collections::BTreeMap;
use zhifa_core::access::Role;
use zhifa_core::draw::{self, Conflict, Object, Params, Person, Rosters};
use zhifa_core::error::Invalid;
use zhifa_core::supervision::evaluation::{
    CampaignDraft, CampaignStatus, FileStatus, Settlement, Sheet, SheetRole, Standard, default_standard, grade, score,
    settle,
};
use zhifa_core::time::shanghai_midnight;

const WHAT: &str = "评查活动";

/// Stores a standard as the next version.
pub(crate) async fn save_standard(w: &mut Write<'_, '_>, standard: Standard) -> Result<Outcome> {
    w.actor.district_wide("评查标准")?;
    standard.check()?;
    let row = insert_standard(w, &standard).await?;
    let seq = w.record_new(None, "evaluation.standard", &row).await?;
    Ok(Outcome::new(row.id, seq))
}

async fn insert_standard(w: &mut Write<'_, '_>, standard: &Standard) -> Result<EvaluationStandard> {
    let content = serde_json::to_string(standard).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let version: i64 = w.tx.scalar(query("SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_standards")).await?;
    w.tx.fetch_one(
        query(
            "INSERT INTO evaluation_standards (version, name, content, content_sm3, created_by, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6) RETURNING *",
        )
        .bind(version)
        .bind(standard.name.trim())
        .bind(&content)
        .bind(draw::hex(&draw::sm3(&[content.as_bytes()])))
        .bind(w.actor.user_id)
        .bind(now()),
    )
    .await
}

/// The standard a campaign names, or the latest, or (none stored yet) the default stored as
/// version 1 in this savepoint.
async fn campaign_standard(w: &mut Write<'_, '_>, id: Option<i64>) -> Result<EvaluationStandard> {
    if let Some(id) = id {
        return w
            .tx
            .fetch_optional(query("SELECT * FROM evaluation_standards WHERE id = $1").bind(id))
            .await?
            .ok_or_else(|| Invalid::field("standard_id", "评查标准不存在").into());
    }
    let latest: Option<EvaluationStandard> =
        w.tx.fetch_optional(query("SELECT * FROM evaluation_standards ORDER BY version DESC LIMIT 1")).await?;
    match latest {
        Some(s) => Ok(s),
        None => {
            let row = insert_standard(w, &default_standard()).await?;
            w.record_new(None, "evaluation.standard", &row).await?;
            Ok(row)
        }
    }
}

/// The standard of a stored row.
pub fn standard_of(row: &EvaluationStandard) -> Result<Standard> {
    serde_json::from_str(&row.content)
        .map_err(|e| StoreError::Corrupt(format!("评查标准第{}版无法读取：{e}", row.version)))
}

/// A reviewer: an active account of an enforcement body who works its cases or reviews them.
fn may_review(u: &User) -> bool {
    u.active && u.body_id.is_some() && matches!(u.role, Role::Reviewer | Role::Officer | Role::Head | Role::BodyAdmin)
}

/// Announces a campaign: the files closed in the period, the reviewers, the 回避 pairs, their
/// roots and the entropy source, journaled before any randomness exists.
pub(crate) async fn announce_campaign(w: &mut Write<'_, '_>, d: CampaignDraft) -> Result<Outcome> {
    w.actor.district_wide(WHAT)?;
    let standard = campaign_standard(w, d.standard_id).await?;
    // The files: cases of the kinds asked, closed (the 结案 step) within the period.
    let kinds: Vec<String> = d.kinds.iter().map(|k| format!("'{}'", k.code())).collect();
    let files: Vec<(i64, String, i64)> = w
        .tx
        .fetch_all(
            query_built(format!(
                "SELECT c.id, c.number, c.body_id FROM cases c WHERE c.kind IN ({}) AND c.stage IN ('closed','archived','supplementing') \
                 AND EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.kind = 'close' \
                 AND s.occurred_at >= $1 AND s.occurred_at < $2) ORDER BY c.number",
                kinds.join(",")
            ))
            .bind(shanghai_midnight(d.period_from))
            .bind(shanghai_midnight(d.period_to + chrono::Days::new(1))),
        )
        .await?;
    if files.is_empty() {
        return Err(Invalid::field("period_from", "该期间没有符合条件的已结案案卷").into());
    }
    let supervisor_bodies: Vec<i64> =
        w.tx.fetch_all::<(i64,)>(query("SELECT id FROM bodies WHERE is_supervisor"))
            .await?
            .into_iter()
            .map(|(id,)| id)
            .collect();
    let reviewers: Vec<User> = if d.reviewer_ids.is_empty() {
        let all: Vec<User> =
            w.tx.fetch_all(query("SELECT * FROM users WHERE active AND role = 'reviewer' ORDER BY id")).await?;
        all.into_iter().filter(|u| u.body_id.is_some_and(|b| !supervisor_bodies.contains(&b))).collect()
    } else {
        let mut out = Vec::new();
        for id in &d.reviewer_ids {
            let u: Option<User> = w.tx.fetch_optional(query("SELECT * FROM users WHERE id = $1").bind(*id)).await?;
            match u {
                Some(u) if may_review(&u) && !u.body_id.is_some_and(|b| supervisor_bodies.contains(&b)) => out.push(u),
                _ => {
                    return Err(Invalid::field(
                        "reviewer_ids",
                        format!("账号{id}不存在、已停用或不属于执法主体，不能作为评查人员"),
                    )
                    .into());
                }
            }
        }
        out
    };
    // Each body's files need two reviewers of other bodies.
    let mut bodies: Vec<i64> = files.iter().map(|f| f.2).collect();
    bodies.sort_unstable();
    bodies.dedup();
    for b in &bodies {
        let others = reviewers.iter().filter(|u| u.body_id != Some(*b)).count();
        if others < d.params.per_object as usize {
            let name: String = w.tx.scalar(query("SELECT name FROM bodies WHERE id = $1").bind(*b)).await?;
            return Err(Invalid::field(
                "reviewer_ids",
                format!(
                    "{name}的案卷至少需要{}名其他执法主体的评查人员（交叉评查），现只有{others}名",
                    d.params.per_object
                ),
            )
            .into());
        }
    }
    let numbers: BTreeMap<&str, ()> = files.iter().map(|f| (f.1.as_str(), ())).collect();
    let names: BTreeMap<&str, ()> = reviewers.iter().map(|u| (u.username.as_str(), ())).collect();
    let mut conflicts = Vec::new();
    for (case, account) in &d.conflicts {
        if !numbers.contains_key(case.as_str()) {
            return Err(Invalid::field("conflicts", format!("回避中的案号“{case}”不在本期案卷名单中")).into());
        }
        if !names.contains_key(account.as_str()) {
            return Err(Invalid::field("conflicts", format!("回避中的账号“{account}”不在评查人员名单中")).into());
        }
        conflicts.push(Conflict { object: case.clone(), person: account.clone() });
    }
    let rosters = Rosters::new(
        files.iter().map(|f| Object { key: f.1.clone(), stratum: f.2.to_string() }).collect(),
        reviewers
            .iter()
            .map(|u| Person { key: u.username.clone(), group: u.body_id.unwrap_or_default().to_string() })
            .collect(),
        conflicts,
    )?;
    let roots = rosters.roots();
    let [fl, rl, cl] = rosters.lines();
    let t = now();
    let year = zhifa_core::time::shanghai_date(t).year();
    let n: i64 = w
        .tx
        .scalar(query("SELECT COUNT(*) FROM evaluation_campaigns WHERE task LIKE $1").bind(format!("评查-{year}-%")))
        .await?;
    let row: EvaluationCampaign = w
        .tx
        .fetch_one(
            query(
                "INSERT INTO evaluation_campaigns (task, title, period_from, period_to, kinds, standard_id, params, gap, \
                 files_roster, reviewers_roster, conflicts_roster, files_root, reviewers_root, conflicts_root, \
                 entropy_source, entropy_at, announcements, status, announced_at, created_by, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,1,'announced',$17,$18,$17) RETURNING *",
            )
            .bind(format!("评查-{year}-{:03}", n + 1))
            .bind(&d.title)
            .bind(d.period_from)
            .bind(d.period_to)
            .bind(d.kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(","))
            .bind(standard.id)
            .bind(d.params.canonical())
            .bind(d.gap as i64)
            .bind(fl.join("\n"))
            .bind(rl.join("\n"))
            .bind(cl.join("\n"))
            .bind(draw::hex(&roots.objects))
            .bind(draw::hex(&roots.people))
            .bind(draw::hex(&roots.conflicts))
            .bind(&d.entropy_source)
            .bind(d.entropy_at)
            .bind(t)
            .bind(w.actor.user_id),
        )
        .await
        .map_err(|e| e.unique_as(|| "评查活动编号重复，请重试".to_string()))?;
    let seq = w.record_new(None, "evaluation.announce", &row).await?;
    Ok(Outcome::new(row.id, seq))
}

async fn campaign(w: &mut Write<'_, '_>, id: i64) -> Result<EvaluationCampaign> {
    w.tx.fetch_optional(query("SELECT * FROM evaluation_campaigns WHERE id = $1").bind(id))
        .await?
        .ok_or(StoreError::NotFound(WHAT))
}

/// Announces again with a new entropy source, before any draw (the entropy came public before
/// the announcement was checkpointed, or the source failed): journaled with the reasons.
pub(crate) async fn reannounce_campaign(
    w: &mut Write<'_, '_>,
    id: i64,
    reason: String,
    entropy_source: String,
    entropy_at: DateTime<Utc>,
) -> Result<Outcome> {
    w.actor.district_wide(WHAT)?;
    let c = campaign(w, id).await?;
    if c.status != CampaignStatus::Announced {
        return Err(StoreError::Conflict(format!("该评查活动{}，不能重新公告", c.status.label())));
    }
    let (reason, source) = crate::spotcheck::reannouncement(&reason, &entropy_source, entropy_at)?;
    let row: EvaluationCampaign = w
        .tx
        .fetch_one(
            query(
                "UPDATE evaluation_campaigns SET entropy_source = $1, entropy_at = $2, announcements = announcements + 1, \
                 reannounce_reason = $3, announced_at = $4 WHERE id = $5 RETURNING *",
            )
            .bind(&source)
            .bind(entropy_at)
            .bind(&reason)
            .bind(now())
            .bind(id),
        )
        .await?;
    let seq = w.record(None, "evaluation.reannounce", &row).await?;
    Ok(Outcome::new(row.id, seq))
}

/// The announced rosters and parameters of a campaign, as stored.
pub fn announced(c: &EvaluationCampaign) -> Result<(Rosters, Params)> {
    let rosters = crate::spotcheck::stored_lines(&c.files_roster, &c.reviewers_roster, &c.conflicts_roster)
        .rosters()
        .map_err(|e| StoreError::Corrupt(format!("评查活动{}的名单无法读取：{e}", c.task)))?;
    let params: Params = serde_json::from_str(&c.params)
        .map_err(|e| StoreError::Corrupt(format!("评查活动{}的参数无法读取：{e}", c.task)))?;
    Ok((rosters, params))
}

/// The draw's outcome of a drawn campaign, recomputed from what was announced and the entropy.
pub fn outcome_of(c: &EvaluationCampaign) -> Result<Option<draw::DrawResult>> {
    let Some(entropy) = &c.entropy else { return Ok(None) };
    let (rosters, params) = announced(c)?;
    Ok(Some(draw::draw(&c.task, &rosters, &params, entropy)))
}

/// The journal kinds of a campaign's announcement in force.
const ANNOUNCE_KINDS: [&str; 2] = ["evaluation.announce", "evaluation.reannounce"];

/// Draws the files and their reviewers once the entropy is public.
pub(crate) async fn draw_campaign(w: &mut Write<'_, '_>, id: i64, entropy: String) -> Result<Outcome> {
    w.actor.district_wide(WHAT)?;
    let c = campaign(w, id).await?;
    if c.status != CampaignStatus::Announced {
        return Err(StoreError::Conflict(format!("该评查活动{}，不能再次抽取", c.status.label())));
    }
    let entropy = draw::canonical_entropy(&entropy)?;
    // The announcement in force is the campaign's latest announcement; the first checkpoint
    // that covers it must have been signed before the entropy's time.
    let signed = crate::spotcheck::announcement_checkpoint(w.tx, EvaluationCampaign::TABLE, id, &ANNOUNCE_KINDS)
        .await?
        .map(|(_, _, at)| at);
    let t = now();
    draw::may_draw(signed, c.entropy_at, t)?;
    let (rosters, params) = announced(&c)?;
    let roots = rosters.roots();
    if draw::hex(&roots.objects) != c.files_root
        || draw::hex(&roots.people) != c.reviewers_root
        || draw::hex(&roots.conflicts) != c.conflicts_root
    {
        return Err(StoreError::Corrupt(format!("评查活动{}的名单与公告的默克尔根不符", c.task)));
    }
    let out = draw::draw(&c.task, &rosters, &params, &entropy);
    let users: BTreeMap<String, (i64, Option<i64>)> =
        w.tx.fetch_all::<(String, i64, Option<i64>)>(query("SELECT username, id, body_id FROM users"))
            .await?
            .into_iter()
            .map(|(n, id, b)| (n, (id, b)))
            .collect();
    for o in &out.chosen {
        let case_id: i64 =
            w.tx.scalar_optional(query("SELECT id FROM cases WHERE number = $1").bind(&o.key))
                .await?
                .ok_or_else(|| StoreError::Corrupt(format!("案卷{}不存在", o.key)))?;
        let body_id: i64 = o.stratum.parse().map_err(|_| StoreError::Corrupt(format!("执法主体{}", o.stratum)))?;
        let file: EvaluationFile =
            w.tx.fetch_one(
                query(
                    "INSERT INTO evaluation_files (campaign_id, case_id, body_id, case_number, score, status) \
                     VALUES ($1,$2,$3,$4,$5,'reviewing') RETURNING *",
                )
                .bind(id)
                .bind(case_id)
                .bind(body_id)
                .bind(&o.key)
                .bind(&o.score),
            )
            .await?;
        w.record_new(Some(body_id), "evaluation.file", &file).await?;
        for (d, role) in o.people.iter().zip([SheetRole::First, SheetRole::Second]) {
            let (uid, ubody) =
                *users.get(&d.person).ok_or_else(|| StoreError::Corrupt(format!("账号{}不存在", d.person)))?;
            insert_sheet(w, &file, uid, ubody, role, &d.score, t).await?;
        }
    }
    let row: EvaluationCampaign = w
        .tx
        .fetch_one(
            query(
                "UPDATE evaluation_campaigns SET entropy = $1, prk = $2, status = 'drawn', drawn_at = $3 WHERE id = $4 RETURNING *",
            )
            .bind(&entropy)
            .bind(&out.prk)
            .bind(t)
            .bind(id),
        )
        .await?;
    let seq = w.record(None, "evaluation.draw", &row).await?;
    Ok(Outcome::new(row.id, seq))
}

async fn insert_sheet(
    w: &mut Write<'_, '_>,
    file: &EvaluationFile,
    reviewer: i64,
    reviewer_body: Option<i64>,
    role: SheetRole,
    rank_score: &str,
    t: DateTime<Utc>,
) -> Result<EvaluationSheet> {
    let s: EvaluationSheet = w
        .tx
        .fetch_one(
            query(
                "INSERT INTO evaluation_sheets (campaign_id, file_id, reviewer_id, reviewer_body_id, role, rank_score, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *",
            )
            .bind(file.campaign_id)
            .bind(file.id)
            .bind(reviewer)
            .bind(reviewer_body)
            .bind(role.code())
            .bind(rank_score)
            .bind(t),
        )
        .await?;
    w.record_new(Some(file.body_id), "evaluation.assign", &s).await?;
    Ok(s)
}

/// A reviewer submits their sheet; the file is settled when it can be, and a third reviewer
/// (the draw's reserve for the file) is called in where the two differ by more than the gap.
pub(crate) async fn submit_sheet(w: &mut Write<'_, '_>, sheet_id: i64, sheet: Sheet) -> Result<Outcome> {
    let s: EvaluationSheet =
        w.tx.fetch_optional(query("SELECT * FROM evaluation_sheets WHERE id = $1").bind(sheet_id))
            .await?
            .ok_or(StoreError::NotFound("评查表"))?;
    if w.actor.user_id != Some(s.reviewer_id) {
        return Err(StoreError::NotFound("评查表"));
    }
    if s.submitted_at.is_some() {
        return Err(StoreError::Conflict("评查表已提交，不能修改".into()));
    }
    let c = campaign(w, s.campaign_id).await?;
    if c.status != CampaignStatus::Drawn {
        return Err(StoreError::Conflict(format!("该评查活动{}，不能提交评查表", c.status.label())));
    }
    let standard_row: EvaluationStandard =
        w.tx.fetch_one(query("SELECT * FROM evaluation_standards WHERE id = $1").bind(c.standard_id)).await?;
    let scored = score(&standard_of(&standard_row)?, &sheet)?;
    let text = serde_json::to_string(&sheet).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let file: EvaluationFile =
        w.tx.fetch_one(query("SELECT * FROM evaluation_files WHERE id = $1").bind(s.file_id)).await?;
    let row: EvaluationSheet = w
        .tx
        .fetch_one(
            query(
                "UPDATE evaluation_sheets SET sheet = $1, total = $2, vetoed = $3, submitted_at = $4 WHERE id = $5 RETURNING *",
            )
            .bind(&text)
            .bind(scored.total as i64)
            .bind(scored.vetoed)
            .bind(now())
            .bind(sheet_id),
        )
        .await?;
    let seq = w.record(Some(file.body_id), "evaluation.submit", &row).await?;
    settle_file(w, &c, file).await?;
    Ok(Outcome::new(row.id, seq))
}

async fn settle_file(w: &mut Write<'_, '_>, c: &EvaluationCampaign, file: EvaluationFile) -> Result<()> {
    let sheets: Vec<EvaluationSheet> =
        w.tx.fetch_all(query("SELECT * FROM evaluation_sheets WHERE file_id = $1 ORDER BY id").bind(file.id)).await?;
    let total = |role: SheetRole| {
        sheets.iter().find(|s| s.role == role).and_then(|s| s.total).and_then(|t| u32::try_from(t).ok())
    };
    let t = now();
    let (status, result) =
        match settle(total(SheetRole::First), total(SheetRole::Second), total(SheetRole::Third), c.gap as u32) {
            Settlement::Waiting => return Ok(()),
            Settlement::NeedsThird => {
                if !sheets.iter().any(|s| s.role == SheetRole::Third) {
                    let out = outcome_of(c)?.ok_or_else(|| StoreError::Corrupt("评查活动未抽取".into()))?;
                    let reserve =
                        out.chosen.iter().find(|o| o.key == file.case_number).and_then(|o| o.reserves.first());
                    if let Some(d) = reserve {
                        let (uid, ubody): (i64, Option<i64>) =
                            w.tx.fetch_one(query("SELECT id, body_id FROM users WHERE username = $1").bind(&d.person))
                                .await?;
                        insert_sheet(w, &file, uid, ubody, SheetRole::Third, &d.score, t).await?;
                    }
                }
                if file.status == FileStatus::NeedsThird {
                    return Ok(());
                }
                (FileStatus::NeedsThird, None)
            }
            Settlement::Final { total } => (FileStatus::Settled, Some(total)),
        };
    let row: EvaluationFile = w
        .tx
        .fetch_one(
            query("UPDATE evaluation_files SET status = $1, total = $2, grade = $3, settled_at = $4 WHERE id = $5 RETURNING *")
                .bind(status.code())
                .bind(result.map(i64::from))
                .bind(result.map(|r| grade(r).code()))
                .bind(result.map(|_| t))
                .bind(file.id),
        )
        .await?;
    w.record(Some(row.body_id), "evaluation.settle", &row).await?;
    Ok(())
}

/// Publishes a campaign's results once every file is settled.
pub(crate) async fn publish_campaign(w: &mut Write<'_, '_>, id: i64) -> Result<Outcome> {
    w.actor.district_wide(WHAT)?;
    let c = campaign(w, id).await?;
    if c.status != CampaignStatus::Drawn {
        return Err(StoreError::Conflict(format!("该评查活动{}，不能公布结果", c.status.label())));
    }
    let open: i64 = w
        .tx
        .scalar(query("SELECT COUNT(*) FROM evaluation_files WHERE campaign_id = $1 AND status <> 'settled'").bind(id))
        .await?;
    if open > 0 {
        return Err(StoreError::Conflict(format!("还有{open}件案卷未定分，不能公布结果")));
    }
    let row: EvaluationCampaign =
        w.tx.fetch_one(
            query("UPDATE evaluation_campaigns SET status = 'published', published_at = $1 WHERE id = $2 RETURNING *")
                .bind(now())
                .bind(id),
        )
        .await?;
    let seq = w.record(None, "evaluation.publish", &row).await?;
    Ok(Outcome::new(row.id, seq))
}

impl Store {
    /// Every version of the scoring standard, newest first.
    pub async fn evaluation_standards(&self) -> Result<Vec<EvaluationStandard>> {
        self.fetch_all(query("SELECT * FROM evaluation_standards ORDER BY version DESC")).await
    }

    /// One version of the standard.
    pub async fn evaluation_standard(&self, id: i64) -> Result<EvaluationStandard> {
        self.fetch_optional(query("SELECT * FROM evaluation_standards WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound("评查标准"))
    }

    /// Every campaign, newest first.
    pub async fn evaluation_campaigns(&self) -> Result<Vec<EvaluationCampaign>> {
        self.fetch_all(query("SELECT * FROM evaluation_campaigns ORDER BY id DESC")).await
    }

    /// One campaign.
    pub async fn evaluation_campaign(&self, id: i64) -> Result<EvaluationCampaign> {
        self.fetch_optional(query("SELECT * FROM evaluation_campaigns WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound(WHAT))
    }

    /// A campaign's files, in draw order.
    pub async fn evaluation_files(&self, campaign_id: i64) -> Result<Vec<EvaluationFile>> {
        self.fetch_all(query("SELECT * FROM evaluation_files WHERE campaign_id = $1 ORDER BY score").bind(campaign_id))
            .await
    }

    /// One file.
    pub async fn evaluation_file(&self, id: i64) -> Result<EvaluationFile> {
        self.fetch_optional(query("SELECT * FROM evaluation_files WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound("评查案卷"))
    }

    /// A campaign's sheets.
    pub async fn evaluation_sheets(&self, campaign_id: i64) -> Result<Vec<EvaluationSheet>> {
        self.fetch_all(
            query("SELECT * FROM evaluation_sheets WHERE campaign_id = $1 ORDER BY file_id, id").bind(campaign_id),
        )
        .await
    }

    /// One sheet.
    pub async fn evaluation_sheet(&self, id: i64) -> Result<EvaluationSheet> {
        self.fetch_optional(query("SELECT * FROM evaluation_sheets WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound("评查表"))
    }

    /// The sheets a reviewer has yet to submit, in campaigns being scored.
    pub async fn open_sheets_of(&self, user_id: i64) -> Result<Vec<EvaluationSheet>> {
        self.fetch_all(
            query(
                "SELECT s.* FROM evaluation_sheets s JOIN evaluation_campaigns c ON c.id = s.campaign_id \
                 WHERE s.reviewer_id = $1 AND s.submitted_at IS NULL AND c.status = 'drawn' ORDER BY s.id",
            )
            .bind(user_id),
        )
        .await
    }

    /// Every sheet of a reviewer, newest first.
    pub async fn sheets_of(&self, user_id: i64) -> Result<Vec<EvaluationSheet>> {
        self.fetch_all(query("SELECT * FROM evaluation_sheets WHERE reviewer_id = $1 ORDER BY id DESC").bind(user_id))
            .await
    }
}
