//! 行政执法公示 in storage: the publication task a decision starts (in the decision's own
//! transaction), the publisher's confirmation of the redacted text, keeping a decision from
//! publication, registering that a decision changed and withdrawing its publication; the tracking
//! of deadlines and the public reads. The rules are the domain core's
//! ([`zhifa_core::publicity`], [`zhifa_core::redact`]); the commands run inside the one
//! write path ([`crate::Store::execute`]).

use crate::db::now;
use crate::db::query::{Tx, query, query_built};
use crate::journal::{Actor, Write, in_scope};
use crate::model::{Body, Case, CaseStep, Document, Publication};
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_core::Invalid;
use zhifa_core::access::Scope;
use zhifa_core::calendar::Calendar;
use zhifa_core::case::StepKind;
use zhifa_core::publicity::{Category, ChangeBy, ChangeGround};
use zhifa_core::redact::{Context, Redacted};

/// How a decision changed, as registered.
#[derive(Debug, Clone)]
pub struct Change {
    /// 变更、撤销、确认违法、确认无效
    pub ground: ChangeGround,
    /// 复议、诉讼、本机关
    pub by: ChangeBy,
    /// the date of the decision that changed it
    pub changed_on: NaiveDate,
    /// the reason shown to the public (文号 of the 复议决定 or judgment, what changed)
    pub note: String,
}

/// What the publisher sees before confirming: the original and the engine's proposal.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Proposal {
    /// 文号 (from the decision document)
    pub doc_number: Option<String>,
    /// 当事人
    pub party: String,
    /// 违法行为类型或事项
    pub subject: String,
    /// 法律依据
    pub legal_basis: String,
    /// 处理结果
    pub conclusion: String,
    /// the decision's full text as served (only for the publisher's eyes)
    pub original: String,
    /// the text with private data masked, and what was masked
    #[schema(value_type = Object)]
    pub proposed: Redacted,
}

/// The redaction context of a body's decisions: its own name, address and telephone are public.
pub(crate) fn context(parties: &[zhifa_core::case::Party], body: &Body) -> Context {
    let public: Vec<String> =
        [Some(body.name.clone()), body.address.clone(), body.phone.clone()].into_iter().flatten().collect();
    zhifa_core::publicity::redaction_context(parties, &public)
}

/// The proposal for a decision, from the case, the step, the decision document (when its kind
/// has one) and the body. No I/O.
pub(crate) fn proposal(case: &Case, step: &CaseStep, doc: Option<&Document>, body: &Body) -> Result<Proposal> {
    let parties = case.party_list()?;
    let kind = StepKind::parse(&step.kind).map_err(StoreError::Corrupt)?;
    let data = step.step_data()?;
    let decision = zhifa_core::publicity::Decision {
        case_kind: case.case_kind()?,
        step: kind,
        data: &data,
        parties: &parties,
        decided_on: zhifa_core::time::shanghai_date(step.occurred_at),
    };
    let ctx = context(&parties, body);
    let s = zhifa_core::publicity::summary(&decision, &case.power_item_name);
    let original: String = match doc {
        // The document as served, without its check line (the code is the addressee's).
        Some(d) => zhifa_core::doc::layout::plain_text(&zhifa_core::doc::layout::parse(&d.content))
            .lines()
            .filter(|l| !l.starts_with("文书核验："))
            .map(|l| format!("{l}\n"))
            .collect(),
        // A decision without a document of its own: its record, line by line (empty ones left out).
        None => {
            let content = data.content.clone().unwrap_or_default();
            let lines = [
                (String::new(), kind.label().to_string()),
                ("当事人：".into(), s.party.clone()),
                ("事项：".into(), s.subject.clone()),
                (String::new(), content),
                ("依据：".into(), s.legal_basis.clone()),
                ("结果：".into(), s.conclusion.clone()),
            ];
            lines.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| format!("{k}{v}\n")).collect()
        }
    };
    let clean = |t: &str| zhifa_core::redact::redact(t, &ctx).text;
    Ok(Proposal {
        doc_number: doc.and_then(|d| d.number.clone()),
        party: clean(&s.party),
        subject: clean(&s.subject),
        legal_basis: s.legal_basis,
        conclusion: clean(&s.conclusion),
        proposed: zhifa_core::redact::redact(&original, &ctx),
        original,
    })
}

/// The document kind whose number a published decision carries, if its step has one.
pub(crate) fn decision_doc_kind(step: StepKind) -> Option<zhifa_core::doc::DocKind> {
    zhifa_core::doc::DocKind::required_for(step).filter(|k| k.word().is_some())
}

/// The status's Chinese name.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "pending" => "待公开",
        "excluded" => "不予公开",
        "published" => "已公开",
        "withdrawn" => "已撤回",
        _ => "未知",
    }
}

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
    let decision = zhifa_core::publicity::Decision {
        case_kind: case.case_kind()?,
        step: kind,
        data,
        parties: &parties,
        decided_on,
    };
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
    let kind = zhifa_core::case::StepKind::parse(&step.kind).map_err(StoreError::Corrupt)?;
    let doc: Option<crate::model::Document> = match crate::publicity::decision_doc_kind(kind) {
            Some(k) => tx.fetch_optional(query("SELECT * FROM documents WHERE case_id = $1 AND kind = $2 AND (step_id = $3 OR step_id IS NULL) ORDER BY id DESC LIMIT 1").bind(p.case_id).bind(k.code()).bind(p.step_id)).await?,
            None => None,
        };
    Ok((case, step, doc, body, kind))
}

/// 确认公开: the publisher's text, checked again by the engine, hashed and published.
pub(crate) async fn publish(w: &mut Write<'_, '_>, id: i64, text: String) -> Result<Outcome> {
    let p = load_publication(w.tx, w.actor, id).await?;
    if p.status != "pending" {
        return Err(Invalid::field(
            "status",
            format!("该公示任务{}，不能确认公开", crate::publicity::status_label(&p.status)),
        )
        .into());
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
    Ok(Outcome::new(id, seq))
}

/// 不予公开 (国家秘密、个人隐私或商业秘密), with the publisher's reasons.
pub(crate) async fn withhold(
    w: &mut Write<'_, '_>,
    id: i64,
    ground: zhifa_core::publicity::Withheld,
    note: String,
) -> Result<Outcome> {
    let p = load_publication(w.tx, w.actor, id).await?;
    if p.status != "pending" {
        return Err(Invalid::field(
            "status",
            format!("该公示任务{}，不能改为不予公开", crate::publicity::status_label(&p.status)),
        )
        .into());
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
    let (status, withdrawn_at, withdrawn_by) = match p.status.as_str() {
        "withdrawn" => return Err(Invalid::field("status", "该公示已撤回").into()),
        "excluded" => return Err(Invalid::field("status", "该决定未公开，无需撤回").into()),
        // Never shown: the task ends with the change.
        "pending" => ("withdrawn", Some(t), w.actor.user_id),
        _ if withdraw => ("withdrawn", Some(t), w.actor.user_id),
        _ => ("published", None, None),
    };
    let due = zhifa_core::publicity::withdrawal_due(calendar, changed_on).ok();
    let row: crate::model::Publication = w.tx.fetch_optional(query("UPDATE publications SET status = $1, change_ground = $2, change_by = $3, changed_on = $4, change_note = $5, withdrawal_due = $6, \
             withdrawn_at = $7, withdrawn_by = $8, updated_at = $9 WHERE id = $10 AND status = $11 RETURNING *").bind(status).bind(&ground).bind(&by).bind(changed_on).bind(&note).bind(due).bind(withdrawn_at).bind(withdrawn_by).bind(t).bind(id).bind(&p.status)).await?
            .ok_or_else(|| StoreError::Conflict("该公示已被他人处理，请刷新".into()))?;
    let kind = if status == "withdrawn" { "publication.withdraw" } else { "publication.change" };
    let seq = w.record(Some(row.body_id), kind, &row).await?;
    Ok(Outcome::new(id, seq))
}

/// A line of the deadline tracking: a publication or a withdrawal still to do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrackItem {
    /// publication
    pub id: i64,
    /// body
    pub body_id: i64,
    /// body name
    pub body_name: String,
    /// case
    pub case_id: i64,
    /// case number
    pub case_number: String,
    /// 当事人 (case record, for the body's own eyes)
    pub party_names: String,
    /// 待公开 / 待撤回
    pub what: String,
    /// category label
    pub category: String,
    /// decided on
    pub decided_on: NaiveDate,
    /// the last day (none while the year's holiday schedule is missing)
    pub due_on: Option<NaiveDate>,
    /// past the last day
    pub overdue: bool,
    /// due within three days
    pub due_soon: bool,
}

/// Per body: how many publications and withdrawals wait, and how many are late.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct TrackFigures {
    /// body
    pub body_id: i64,
    /// body name
    pub body_name: String,
    /// 待公开
    pub pending: i64,
    /// 逾期未公开
    pub overdue: i64,
    /// 三日内到期
    pub due_soon: i64,
    /// 待撤回
    pub withdrawals: i64,
    /// 逾期未撤回
    pub withdrawals_overdue: i64,
    /// 已公开（在公示期内）
    pub published: i64,
    /// 逾期公开（公开日期晚于期限）
    pub published_late: i64,
    /// 逾期撤回
    pub withdrawn_late: i64,
}

/// The tracking view.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Tracking {
    /// today (Asia/Shanghai)
    pub today: NaiveDate,
    /// what waits, overdue and earliest first
    pub items: Vec<TrackItem>,
    /// per body
    pub bodies: Vec<TrackFigures>,
}

/// Filters of the public list.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    /// words in the 文号, party, subject, conclusion or text
    pub q: Option<String>,
    /// body
    pub body_id: Option<i64>,
    /// category code
    pub category: Option<String>,
    /// published from
    pub from: Option<NaiveDate>,
    /// published to
    pub to: Option<NaiveDate>,
    /// penalty kind code (处罚种类)
    pub penalty: Option<String>,
    /// page size (1-100, default 20)
    pub limit: Option<i64>,
    /// offset
    pub offset: Option<i64>,
}

/// A publication as the public sees it: the content while it stands, or only that it was
/// withdrawn and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicDecision {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 执法主体名称
    pub body_name: String,
    /// 类别
    pub category: String,
    /// 决定日期
    pub decided_on: NaiveDate,
    /// 公开日期
    pub published_on: Option<NaiveDate>,
    /// 停止公示日期
    pub expires_on: Option<NaiveDate>,
    /// 文号
    pub doc_number: Option<String>,
    /// 当事人
    pub party: Option<String>,
    /// 违法行为类型或事项
    pub subject: Option<String>,
    /// 法律依据
    pub legal_basis: Option<String>,
    /// 处理结果
    pub conclusion: Option<String>,
    /// 全文（撤回后不再显示）
    pub full_text: Option<String>,
    /// 全文 SM3
    pub content_sm3: Option<String>,
    /// 账本中确认公开记录的叶子序号（可取包含证明）
    pub leaf_index: Option<i64>,
    /// 已撤回
    pub withdrawn: bool,
    /// 撤回事由
    pub withdrawal_ground: Option<String>,
    /// 撤回说明
    pub withdrawal_note: Option<String>,
    /// 撤回日期
    pub withdrawn_on: Option<NaiveDate>,
    /// 最近一次变化（公开或撤回）的时间
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A page of the public list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicPage {
    /// total matching
    pub total: i64,
    /// offset
    pub offset: i64,
    /// page size
    pub limit: i64,
    /// the items
    pub items: Vec<PublicDecision>,
}

impl PublicDecision {
    fn of(p: Publication, body_name: String, leaf_index: Option<i64>) -> Self {
        let withdrawn = p.status == "withdrawn";
        let category = Category::parse(&p.category).map(|c| c.label().to_string()).unwrap_or_default();
        let ground = p.change_ground.as_deref().and_then(|g| ChangeGround::parse(g).ok());
        let by = p.change_by.as_deref().and_then(|g| ChangeBy::parse(g).ok());
        let withdrawn_on = p.withdrawn_at.map(zhifa_core::time::shanghai_date);
        let keep = |v: Option<String>| if withdrawn { None } else { v };
        PublicDecision {
            id: p.id,
            body_id: p.body_id,
            body_name,
            category,
            decided_on: p.decided_on,
            published_on: p.published_on,
            expires_on: p.expires_on,
            doc_number: p.doc_number,
            party: keep(p.party),
            subject: p.subject,
            legal_basis: keep(p.legal_basis),
            conclusion: keep(p.conclusion),
            full_text: keep(p.full_text),
            content_sm3: keep(p.content_sm3),
            leaf_index,
            withdrawn,
            withdrawal_ground: if withdrawn {
                Some(match (ground, by) {
                    (Some(g), Some(b)) => format!("原决定被依法{}（{}）", g.label(), b.label()),
                    (Some(g), None) => format!("原决定被依法{}", g.label()),
                    _ => String::new(),
                })
            } else {
                None
            },
            withdrawal_note: if withdrawn { p.change_note } else { None },
            withdrawn_on: if withdrawn { withdrawn_on } else { None },
            updated_at: if withdrawn { p.withdrawn_at } else { p.published_at },
        }
    }
}

/// A publication with what the public view adds.
#[derive(sqlx::FromRow)]
struct PublicRow {
    #[sqlx(flatten)]
    p: Publication,
    body_name: String,
    leaf_index: Option<i64>,
}

/// The public columns: the row, its body's name and the ledger leaf of its confirmation.
const PUBLIC_SELECT: &str = "SELECT p.*, b.name AS body_name, (SELECT MAX(l.leaf_index) FROM change_log l \
     WHERE l.object_table = 'publications' AND l.object_id = p.id AND l.kind = 'publication.publish') AS leaf_index \
     FROM publications p JOIN bodies b ON b.id = p.body_id";

/// Rows visible to the public on `today`: published and not expired, or withdrawn after being
/// published (the notice of withdrawal stays for the rest of the period).
const PUBLIC_WHERE: &str =
    "p.published_on IS NOT NULL AND p.status IN ('published', 'withdrawn') AND p.expires_on > $1";

impl Store {
    /// One publication task in the caller's scope.
    pub async fn publication(&self, id: i64, scope: Scope) -> Result<Publication> {
        let p: Option<Publication> =
            self.fetch_optional(query("SELECT * FROM publications WHERE id = $1").bind(id)).await?;
        match p {
            Some(p) if scope.covers(p.body_id) => Ok(p),
            _ => Err(StoreError::NotFound("公示任务")),
        }
    }

    /// The publication tasks of a case.
    pub async fn case_publications(&self, case_id: i64) -> Result<Vec<Publication>> {
        self.fetch_all(query("SELECT * FROM publications WHERE case_id = $1 ORDER BY id").bind(case_id)).await
    }

    /// What the publisher reviews: the original and the engine's proposal.
    pub async fn publication_proposal(&self, id: i64, scope: Scope) -> Result<(Publication, Proposal)> {
        let p = self.publication(id, scope).await?;
        let prop = {
            let mut tx = Tx::begin(self).await?;
            let (case, step, doc, body, _) = proposal_sources(&mut tx, &p).await?;
            proposal(&case, &step, doc.as_ref(), &body)?
        };
        Ok((p, prop))
    }

    /// Publications of the caller's bodies, newest first, optionally of one status.
    pub async fn publications(
        &self,
        scope: Scope,
        status: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Publication>> {
        self.fetch_all(query("SELECT * FROM publications WHERE ($1 IS NULL OR body_id = $1) AND ($2 IS NULL OR status = $2) ORDER BY id DESC LIMIT $3 OFFSET $4").bind(scope.body()).bind(status).bind(limit.clamp(1, 500)).bind(offset.max(0))).await
    }

    /// Deadline tracking: the publications and withdrawals still to do, and the figures per body.
    pub async fn publication_tracking(&self, scope: Scope, cal: &Calendar, today: NaiveDate) -> Result<Tracking> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            p: Publication,
            body_name: String,
            body_days: Option<i64>,
            case_number: String,
            party_names: String,
        }
        let rows: Vec<Row> = self.fetch_all(query("SELECT p.*, b.name AS body_name, b.publication_days AS body_days, c.number AS case_number, c.party_names FROM publications p \
             JOIN bodies b ON b.id = p.body_id JOIN cases c ON c.id = p.case_id \
             WHERE ($1 IS NULL OR p.body_id = $1) AND p.status <> 'excluded'").bind(scope.body())).await?;
        let soon = |due: NaiveDate| due >= today && (due - today).num_days() <= 3;
        let mut items = Vec::new();
        let mut figures: std::collections::BTreeMap<i64, TrackFigures> = std::collections::BTreeMap::new();
        for r in rows {
            let p = &r.p;
            let f = figures.entry(p.body_id).or_insert_with(|| TrackFigures {
                body_id: p.body_id,
                body_name: r.body_name.clone(),
                ..Default::default()
            });
            let category = Category::parse(&p.category).map_err(StoreError::Corrupt)?;
            let own = r.body_days.and_then(|d| u32::try_from(d).ok());
            let due =
                p.due_on.or_else(|| zhifa_core::publicity::publication_due(cal, p.decided_on, category, own).ok());
            let item = |what: &str, due: Option<NaiveDate>| TrackItem {
                id: p.id,
                body_id: p.body_id,
                body_name: r.body_name.clone(),
                case_id: p.case_id,
                case_number: r.case_number.clone(),
                party_names: r.party_names.clone(),
                what: what.to_string(),
                category: category.label().to_string(),
                decided_on: p.decided_on,
                due_on: due,
                overdue: due.is_some_and(|d| d < today),
                due_soon: due.is_some_and(soon),
            };
            match p.status.as_str() {
                "pending" => {
                    let it = item("待公开", due);
                    f.pending += 1;
                    f.overdue += i64::from(it.overdue);
                    f.due_soon += i64::from(it.due_soon);
                    items.push(it);
                }
                "published" => {
                    if p.expires_on.is_some_and(|e| e > today) {
                        f.published += 1;
                    }
                    if matches!((p.published_on, due), (Some(on), Some(d)) if on > d) {
                        f.published_late += 1;
                    }
                    if p.changed_on.is_some() {
                        let wdue = p
                            .withdrawal_due
                            .or_else(|| p.changed_on.and_then(|c| zhifa_core::publicity::withdrawal_due(cal, c).ok()));
                        let it = item("待撤回", wdue);
                        f.withdrawals += 1;
                        f.withdrawals_overdue += i64::from(it.overdue);
                        items.push(it);
                    }
                }
                "withdrawn" => {
                    let on = p.withdrawn_at.map(zhifa_core::time::shanghai_date);
                    if matches!((on, p.withdrawal_due), (Some(on), Some(d)) if on > d) {
                        f.withdrawn_late += 1;
                    }
                }
                _ => {}
            }
        }
        items.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due_on.cmp(&b.due_on)).then(a.id.cmp(&b.id)));
        Ok(Tracking { today, items, bodies: figures.into_values().collect() })
    }

    /// The public list: what stands and what was withdrawn, newest first.
    pub async fn public_decisions(&self, f: &PublicFilter, today: NaiveDate) -> Result<PublicPage> {
        let limit = f.limit.unwrap_or(20).clamp(1, 100);
        let offset = f.offset.unwrap_or(0).max(0);
        let (total, items) = self.public_query(f, today, limit, offset, true).await?;
        Ok(PublicPage { total: total.unwrap_or_default(), offset, limit, items })
    }

    /// Every public decision matching the filters (from the first), at most `max`: the export,
    /// in one query and without a count.
    pub async fn public_export(&self, f: &PublicFilter, today: NaiveDate, max: i64) -> Result<Vec<PublicDecision>> {
        Ok(self.public_query(f, today, max.max(1), 0, false).await?.1)
    }

    /// The public rows matching the filters, newest first; with `count`, how many match in all.
    async fn public_query(
        &self,
        f: &PublicFilter,
        today: NaiveDate,
        limit: i64,
        offset: i64,
        count: bool,
    ) -> Result<(Option<i64>, Vec<PublicDecision>)> {
        let q =
            f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(|q| format!("%{}%", q.replace(['%', '_'], "")));
        let filter = format!(
            "{PUBLIC_WHERE} AND ($2 IS NULL OR p.body_id = $2) AND ($3 IS NULL OR p.category = $3) \
             AND ($4 IS NULL OR p.published_on >= $4) AND ($5 IS NULL OR p.published_on <= $5) \
             AND ($6 IS NULL OR p.doc_number LIKE $6 OR p.subject LIKE $6 OR (p.status = 'published' AND (p.party LIKE $6 OR p.conclusion LIKE $6 OR p.full_text LIKE $6))) \
             AND ($7 IS NULL OR (',' || p.penalty_kinds || ',') LIKE $7)"
        );
        let penalty =
            f.penalty.as_deref().filter(|k| !k.is_empty()).map(|k| format!("%,{},%", k.replace(['%', '_', ','], "")));
        let count_sql = format!("SELECT COUNT(*) FROM publications p WHERE {filter}");
        let list_sql =
            format!("{PUBLIC_SELECT} WHERE {filter} ORDER BY p.published_on DESC, p.id DESC LIMIT $8 OFFSET $9");
        let (total, rows): (Option<i64>, Vec<PublicRow>) = {
            let total: Option<i64> = if count {
                Some(
                    self.scalar(
                        query_built(count_sql)
                            .bind(today)
                            .bind(f.body_id)
                            .bind(&f.category)
                            .bind(f.from)
                            .bind(f.to)
                            .bind(&q)
                            .bind(&penalty),
                    )
                    .await?,
                )
            } else {
                None
            };
            let rows: Vec<PublicRow> = self
                .fetch_all(
                    query_built(list_sql)
                        .bind(today)
                        .bind(f.body_id)
                        .bind(&f.category)
                        .bind(f.from)
                        .bind(f.to)
                        .bind(&q)
                        .bind(&penalty)
                        .bind(limit)
                        .bind(offset),
                )
                .await?;
            (total, rows)
        };
        Ok((total, rows.into_iter().map(|r| PublicDecision::of(r.p, r.body_name, r.leaf_index)).collect()))
    }

    /// The newest publications and withdrawals, newest change first (the Atom feed).
    pub async fn public_feed(&self, limit: i64, today: NaiveDate) -> Result<Vec<PublicDecision>> {
        let sql = format!(
            "{PUBLIC_SELECT} WHERE {PUBLIC_WHERE} ORDER BY COALESCE(p.withdrawn_at, p.published_at) DESC, p.id DESC LIMIT $2"
        );
        let rows: Vec<PublicRow> = self.fetch_all(query_built(sql).bind(today).bind(limit.clamp(1, 500))).await?;
        Ok(rows.into_iter().map(|r| PublicDecision::of(r.p, r.body_name, r.leaf_index)).collect())
    }

    /// One public decision, if the public may see it on `today`.
    pub async fn public_decision(&self, id: i64, today: NaiveDate) -> Result<PublicDecision> {
        let sql = format!("{PUBLIC_SELECT} WHERE {PUBLIC_WHERE} AND p.id = $2");
        let row: Option<PublicRow> = self.fetch_optional(query_built(sql).bind(today).bind(id)).await?;
        row.map(|r| PublicDecision::of(r.p, r.body_name, r.leaf_index)).ok_or(StoreError::NotFound("公示信息"))
    }
}

/// What the search index reads: a publication the public may find (published or withdrawn after
/// being published), with what the index needs. Expiry is left to the index's query.
fn publicly_indexed(p: &Publication) -> bool {
    p.published_on.is_some() && matches!(p.status.as_str(), "published" | "withdrawn")
}

/// `$1, $2, ...` for `n` values.
fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// The ledger's origin and its last journal sequence number (0 for an empty journal).
    pub async fn journal_head(&self) -> Result<(String, i64)> {
        Ok({
            let origin: Option<String> =
                self.scalar_optional(query("SELECT origin FROM ledger_meta WHERE id = 1")).await?;
            let seq: Option<i64> = self.scalar(query("SELECT MAX(seq) FROM change_log")).await?;
            (origin.unwrap_or_default(), seq.unwrap_or_default())
        })
    }

    /// The last journal sequence number (0 for an empty journal).
    pub async fn journal_seq(&self) -> Result<i64> {
        let seq: Option<i64> = self.scalar(query("SELECT MAX(seq) FROM change_log")).await?;
        Ok(seq.unwrap_or_default())
    }

    /// The publications journaled after sequence number `after` up to `upto`, each once.
    pub async fn publications_journaled(&self, after: i64, upto: i64) -> Result<Vec<i64>> {
        self.scalar_all(query("SELECT DISTINCT object_id FROM change_log WHERE seq > $1 AND seq <= $2 AND object_table = 'publications' ORDER BY object_id").bind(after).bind(upto)).await
    }

    /// Of the publications `ids`, those the public may find now or later (the rest are to be
    /// removed from a search index).
    pub async fn publications_for_index(&self, ids: &[i64]) -> Result<Vec<Publication>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!("SELECT * FROM publications WHERE id IN ({})", placeholders(chunk.len()));
            let mut q = query_built(sql);
            for id in chunk {
                q.push(*id);
            }
            let rows: Vec<Publication> = self.fetch_all(q).await?;
            out.extend(rows.into_iter().filter(publicly_indexed));
        }
        Ok(out)
    }

    /// Publications the public may find, with ids above `after`, in id order: a page of the
    /// rebuild of a search index.
    pub async fn publications_to_index(&self, after: i64, limit: i64) -> Result<Vec<Publication>> {
        self.fetch_all(query("SELECT * FROM publications WHERE id > $1 AND published_on IS NOT NULL AND status IN ('published', 'withdrawn') ORDER BY id LIMIT $2").bind(after).bind(limit.clamp(1, 10_000))).await
    }

    /// How many publications the public may find (the rebuild's progress bar).
    pub async fn publications_to_index_count(&self) -> Result<i64> {
        self.scalar(query(
            "SELECT COUNT(*) FROM publications WHERE published_on IS NOT NULL AND status IN ('published', 'withdrawn')",
        ))
        .await
    }

    /// The public decisions `ids` as the public sees them on `today`, in the order given
    /// (search results); an id no longer public is left out.
    pub async fn public_decisions_by_ids(&self, ids: &[i64], today: NaiveDate) -> Result<Vec<PublicDecision>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (2..ids.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!("{PUBLIC_SELECT} WHERE {PUBLIC_WHERE} AND p.id IN ({list})");
        let mut q = query_built(sql).bind(today);
        for id in ids {
            q.push(*id);
        }
        let rows: Vec<PublicRow> = self.fetch_all(q).await?;
        let mut by_id: std::collections::HashMap<i64, PublicDecision> =
            rows.into_iter().map(|r| (r.p.id, PublicDecision::of(r.p, r.body_name, r.leaf_index))).collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }
}

/// What the public check of an issued document shows: never its content (it names the party),
/// only that it exists as issued, its digests, its ledger leaf and whether the decision stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentCheck {
    /// 文号
    pub number: String,
    /// 文书种类
    pub kind: String,
    /// 制作机关
    pub body_name: String,
    /// 签发日期
    pub issued_on: NaiveDate,
    /// 页数
    pub pages: i64,
    /// PDF 的 SM3
    pub pdf_sm3: String,
    /// PDF 的 SHA-256
    pub pdf_sha256: String,
    /// 签发记录在账本中的叶子序号
    pub leaf_index: Option<i64>,
    /// 决定是否仍然有效
    pub stands: bool,
    /// 有效，或被变更、撤销、确认违法或无效的情况
    pub standing: String,
}

impl Store {
    /// An issued document by its 文号 and the verification code printed on it.
    async fn document_by_code(&self, number: &str, code: &str) -> Result<Option<Document>> {
        self.fetch_optional(
            query("SELECT * FROM documents WHERE number = $1 AND verify_code = $2")
                .bind(number.trim())
                .bind(code.trim().to_uppercase()),
        )
        .await
    }

    /// The case a document belongs to, for the holder of the document (its 文号 and the
    /// verification code printed on it): the case, its steps and the body's name. The progress
    /// query (办件进度查询) shows from it only the stage and the dates, never content.
    pub async fn case_by_document(&self, number: &str, code: &str) -> Result<Option<(Case, Vec<CaseStep>, String)>> {
        let Some(d) = self.document_by_code(number, code).await? else { return Ok(None) };
        Ok(Some({
            let case: Case = self.fetch_one(query("SELECT * FROM cases WHERE id = $1").bind(d.case_id)).await?;
            let steps: Vec<CaseStep> = self
                .fetch_all(query("SELECT * FROM case_steps WHERE case_id = $1 ORDER BY seq").bind(d.case_id))
                .await?;
            let body: String = self.scalar(query("SELECT name FROM bodies WHERE id = $1").bind(case.body_id)).await?;
            (case, steps, body)
        }))
    }

    /// The public check of a document by its number and verification code (`None` for either
    /// wrong: the answer does not say which).
    pub async fn document_check(&self, number: &str, code: &str) -> Result<Option<DocumentCheck>> {
        let Some(d) = self.document_by_code(number, code).await? else { return Ok(None) };
        let (body_name, leaf, change): (String, Option<i64>, Option<Publication>) = {
            let body: String = self.scalar(query("SELECT name FROM bodies WHERE id = $1").bind(d.body_id)).await?;
            let leaf: Option<i64> = self.scalar_optional(query("SELECT leaf_index FROM change_log WHERE object_table = 'documents' AND object_id = $1 ORDER BY seq LIMIT 1").bind(d.id)).await?;
            let change: Option<Publication> = self.fetch_optional(query("SELECT * FROM publications WHERE case_id = $1 AND ($2 IS NULL OR step_id = $2) AND changed_on IS NOT NULL ORDER BY id DESC LIMIT 1").bind(d.case_id).bind(d.step_id)).await?;
            (body, leaf, change)
        };
        let kind = zhifa_core::doc::DocKind::parse(&d.kind).map(|k| k.label().to_string()).unwrap_or_default();
        let standing = match &change {
            Some(p) => {
                let g = p.change_ground.as_deref().and_then(|g| ChangeGround::parse(g).ok()).map_or("", |g| g.label());
                let b = p.change_by.as_deref().and_then(|g| ChangeBy::parse(g).ok()).map_or("", |g| g.label());
                format!(
                    "该决定已于{}被依法{g}（{b}）：{}",
                    p.changed_on.map(|d| d.to_string()).unwrap_or_default(),
                    p.change_note.clone().unwrap_or_default()
                )
            }
            None => "该文书确由本平台签发，记录未被更改".to_string(),
        };
        Ok(Some(DocumentCheck {
            number: d.number.unwrap_or_default(),
            kind,
            body_name,
            issued_on: zhifa_core::time::shanghai_date(d.issued_at),
            pages: d.pages,
            pdf_sm3: d.pdf_sm3,
            pdf_sha256: d.pdf_sha256,
            leaf_index: leaf,
            stands: change.is_none(),
            standing,
        }))
    }
}
