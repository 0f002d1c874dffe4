//! 行政执法公示 in storage: the publication task a decision starts (in the decision's own
//! transaction), the publisher's confirmation of the redacted text, keeping a decision from
//! publication, registering that a decision changed and withdrawing its publication; the tracking
//! of deadlines and the public reads. The rules are the domain core's
//! ([`zhifa_core::publicity`], [`zhifa_core::redact`]); the commands run inside the one
//! write path ([`crate::Store::execute`]).
//!
//! `write.rs` holds the commands (run inside the one write path), `public.rs` what the public
//! reads (the list, a decision, open data, the search index's feed, the document check); this
//! file the proposal and the staff's reads.

mod public;
mod write;

pub use public::*;
pub(crate) use write::*;

use crate::db::query::{Tx, query};
use crate::model::{Body, Case, CaseStep, Document, Publication};
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_core::access::Scope;
use zhifa_core::calendar::Calendar;
use zhifa_core::case::StepKind;
use zhifa_core::publicity::{ChangeBy, ChangeGround, PublicationStatus};
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
    let kind = step.kind;
    let data = step.step_data()?;
    let decision = zhifa_core::publicity::Decision {
        case_kind: case.kind,
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

/// Why a publication was withdrawn, as the public reads it.
pub(crate) fn withdrawal_ground(p: &Publication) -> String {
    let ground = p.change_ground.as_deref().and_then(|g| ChangeGround::parse(g).ok());
    let by = p.change_by.as_deref().and_then(|g| ChangeBy::parse(g).ok());
    match (ground, by) {
        (Some(g), Some(b)) => format!("原决定被依法{}（{}）", g.label(), b.label()),
        (Some(g), None) => format!("原决定被依法{}", g.label()),
        _ => String::new(),
    }
}

/// The document kind whose number a published decision carries, if its step has one.
pub(crate) fn decision_doc_kind(step: StepKind) -> Option<zhifa_core::doc::DocKind> {
    zhifa_core::doc::DocKind::required_for(step).filter(|k| k.word().is_some())
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
            let category = p.category;
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
            match p.status {
                PublicationStatus::Pending => {
                    let it = item("待公开", due);
                    f.pending += 1;
                    f.overdue += i64::from(it.overdue);
                    f.due_soon += i64::from(it.due_soon);
                    items.push(it);
                }
                PublicationStatus::Published => {
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
                PublicationStatus::Withdrawn => {
                    let on = p.withdrawn_at.map(zhifa_core::time::shanghai_date);
                    if matches!((on, p.withdrawal_due), (Some(on), Some(d)) if on > d) {
                        f.withdrawn_late += 1;
                    }
                }
                PublicationStatus::Excluded => {}
            }
        }
        items.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due_on.cmp(&b.due_on)).then(a.id.cmp(&b.id)));
        Ok(Tracking { today, items, bodies: figures.into_values().collect() })
    }
}
