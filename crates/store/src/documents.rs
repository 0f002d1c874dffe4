//! Documents in storage: the template library (standard versions in the program, bodies'
//! versions filed and approved here), issuing a document from a case (number, fill, check, PDF,
//! ledger entry in one transaction), and the reads.

use crate::db::now;
use crate::db::query::Tx;
use crate::db::query::query;
use crate::journal::{Actor, Write, in_scope};
use crate::model::{Body, Case, CaseStep, Certificate, DocTemplate, Document, Evidence, Officer};
use crate::registry::body_exists;
use crate::review::load_review;
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use zhifa_core::Invalid;
use zhifa_core::access::Scope;
use zhifa_core::doc::context::{BodyInfo, CaseInfo, DocInfo, EvidenceInfo, OfficerInfo, PartyInfo, cn_date, step_info};
use zhifa_core::doc::{DocContext, DocKind};

/// SHA-256, hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// A document's verification code: eight characters from an alphabet without look-alikes
/// (about 40 bits; only the paper shows it).
pub fn verify_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..8).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// The public check address of a document.
pub fn check_link(base: &str, number: &str, code: &str) -> String {
    format!("{base}/public/documents/check?number={}&code={code}", zhifa_core::ids::percent_encode(number))
}

/// SM3, hex.
pub fn sm3_hex(data: &[u8]) -> String {
    use sm3::Digest as _;
    hex::encode(sm3::Sm3::digest(data))
}

/// An officer as a document prints them: the name and the certificate valid on `day` for the
/// case's domain (else any certificate valid that day, else the latest one).
fn officer_info(o: &Officer, certs: &[Certificate], domain: &str, day: NaiveDate) -> OfficerInfo {
    let valid = |c: &&Certificate| c.status_on(day) == zhifa_core::registry::CertificateStatus::Valid;
    let cert = certs
        .iter()
        .filter(valid)
        .find(|c| c.domain == domain)
        .or_else(|| certs.iter().find(valid))
        .or_else(|| certs.last());
    OfficerInfo { name: o.name.clone(), certificate: cert.map(|c| c.number.clone()).unwrap_or_default() }
}

/// Everything loaded for filling one document.
pub(crate) struct Sources<'a> {
    pub body: &'a Body,
    pub case: &'a Case,
    pub steps: &'a [CaseStep],
    /// index into `steps` of the step the document is made from
    pub at: usize,
    pub officers: &'a BTreeMap<i64, (Officer, Vec<Certificate>)>,
    pub evidence: &'a [Evidence],
    pub number: Option<String>,
    pub day: NaiveDate,
    /// the review stated by a 法制审核意见书 (empty for other kinds)
    pub review: zhifa_core::doc::context::ReviewInfo,
    /// the document a 送达回证 is for (empty for other kinds)
    pub served: DocInfo,
}

/// What a 法制审核意见书 states, from the case's review file as it stands: the latest opinion,
/// the version it was on, the earlier rounds, and who reviewed and signed.
pub(crate) fn review_info(
    events: &[crate::model::ReviewEvent],
    submissions: &[crate::model::ReviewSubmission],
    names: &BTreeMap<i64, String>,
    keys: &[crate::model::SigningKey],
    reasons: String,
) -> Result<zhifa_core::doc::context::ReviewInfo> {
    use zhifa_core::doc::context::{ReviewInfo, ReviewPointInfo};
    use zhifa_core::review::{Opinion, Outcome, Point};
    let day = |t: chrono::DateTime<chrono::Utc>| cn_date(zhifa_core::time::shanghai_date(t));
    let name = |o: Option<i64>| o.and_then(|o| names.get(&o).cloned()).unwrap_or_default();
    let reviewed: Vec<&crate::model::ReviewEvent> = events.iter().filter(|e| e.event == "reviewed").collect();
    let Some(last) = reviewed.last() else {
        return Err(zhifa_core::Invalid::field("kind", "本案尚无法制审核意见，不能制作法制审核意见书").into());
    };
    let opinion: Opinion = serde_json::from_str(&last.content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let sub = submissions
        .iter()
        .find(|s| s.version == last.version)
        .ok_or_else(|| StoreError::Corrupt("送审材料缺失".into()))?;
    let content: serde_json::Value =
        serde_json::from_str(&sub.content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let given: zhifa_core::review::SubmissionInput =
        serde_json::from_value(content["submission"].clone()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let points = opinion
        .points
        .iter()
        .map(|p| {
            let point = Point::parse(&p.point).map_err(StoreError::Corrupt)?;
            let result = match (point, p.ok) {
                (Point::Crime, true) => "不涉嫌",
                (Point::Crime, false) => "涉嫌",
                (_, true) => "符合",
                (_, false) => "不符合",
            };
            Ok(ReviewPointInfo { label: point.label().into(), result: result.into(), note: p.note.clone() })
        })
        .collect::<Result<Vec<_>>>()?;
    let label = |e: &crate::model::ReviewEvent| {
        e.outcome.as_deref().and_then(|o| Outcome::parse(o).ok()).map(Outcome::label).unwrap_or("")
    };
    let rounds = reviewed[..reviewed.len() - 1]
        .iter()
        .map(|e| format!("第{}版：{}（{}）", e.version, label(e), day(e.created_at)))
        .collect();
    let signature = keys
        .iter()
        .find(|k| Some(k.id) == last.signing_key_id)
        .map(|k| zhifa_ledger::personal::fingerprint(&k.public_key))
        .unwrap_or_else(|| "无".into());
    Ok(ReviewInfo {
        reasons,
        version: last.version.to_string(),
        submitted_on: day(sub.created_at),
        submitted_by: name(sub.submitted_officer_id),
        proposal: given.proposal,
        facts: given.facts,
        evidence: given.evidence,
        legal_basis: given.legal_basis,
        discretion: given.discretion,
        points,
        outcome: label(last).into(),
        opinion: opinion.opinion,
        reviewer: name(last.actor_officer_id),
        reviewed_on: day(last.created_at),
        signature,
        rounds,
    })
}

/// What a 决定书 tells the party of its publication: the notice when the decision will be
/// published (not a warning only, a minor, the simple procedure …).
fn publication(
    kind: DocKind,
    case_kind: zhifa_core::case::CaseKind,
    parties: &[zhifa_core::case::Party],
    here: &zhifa_core::case::Recorded,
) -> String {
    if kind != DocKind::PenaltyDecision {
        return String::new();
    }
    let d = zhifa_core::publicity::Decision {
        case_kind,
        step: here.kind,
        data: &here.data,
        parties,
        decided_on: here.date(),
    };
    let published = zhifa_core::publicity::task_for(&d).is_some_and(|t| t.excluded.is_none());
    if published { zhifa_core::doc::context::PUBLICATION_NOTICE.to_string() } else { String::new() }
}

/// Builds the fill context from stored rows.
pub(crate) fn context(kind: DocKind, s: &Sources<'_>) -> Result<DocContext> {
    let case_kind = s.case.kind;
    let officer = |id: i64| {
        s.officers
            .get(&id)
            .map(|(o, c)| officer_info(o, c, &s.case.domain, s.day))
            .unwrap_or_else(|| OfficerInfo { name: format!("执法人员{id}"), certificate: String::new() })
    };
    let mut steps = BTreeMap::new();
    for st in &s.steps[..=s.at] {
        let r = st.recorded()?;
        steps.insert(r.kind.code().to_string(), step_info(r.kind, r.occurred_at, &r.data, &officer));
    }
    let here = s.steps[s.at].recorded()?;
    let party_list = s.case.party_list()?;
    let parties: Vec<PartyInfo> = party_list.iter().map(PartyInfo::from).collect();
    Ok(DocContext {
        doc: DocInfo {
            title: kind.label().to_string(),
            number: s.number.clone().unwrap_or_default(),
            date: cn_date(if kind.dated_by_its_step() {
                zhifa_core::time::shanghai_date(here.occurred_at)
            } else {
                s.day
            }),
        },
        body: BodyInfo {
            name: s.body.name.clone(),
            address: s.body.address.clone().unwrap_or_default(),
            phone: s.body.phone.clone().unwrap_or_default(),
            reconsideration_organ: s.body.reconsideration_organ.clone(),
            court: s.body.court.clone(),
        },
        case: CaseInfo {
            number: s.case.number.clone(),
            kind: case_kind.label().to_string(),
            source: s.case.source.label().to_string(),
            power_item: s.case.power_item_name.clone(),
            power_item_code: s.case.power_item_code.clone(),
            domain: s.case.domain.clone(),
            facts: s.case.facts.clone(),
            act_date: s.case.act_date.map(cn_date).unwrap_or_default(),
            filed_on: s.case.filed_on.map(cn_date).unwrap_or_default(),
        },
        publication: publication(kind, case_kind, &party_list, &here),
        party: parties.first().cloned().unwrap_or_default(),
        parties,
        officers: s.case.officer_list()?.into_iter().map(officer).collect(),
        step: step_info(here.kind, here.occurred_at, &here.data, &officer),
        steps,
        review: s.review.clone(),
        served: s.served.clone(),
        evidence: s
            .evidence
            .iter()
            .map(|e| EvidenceInfo {
                title: if e.proof_object.trim().is_empty() {
                    e.file_name.clone().unwrap_or_else(|| format!("证据{}", e.id))
                } else {
                    e.proof_object.clone()
                },
                kind: e.kind.label().to_string(),
                captured: cn_date(zhifa_core::time::shanghai_date(e.captured_at)),
                digest: e.sm3.chars().take(16).collect(),
            })
            .collect(),
    })
}

/// Files a body's version of a template inside the write path.
pub(crate) async fn file_template(
    w: &mut Write<'_, '_>,
    body_id: i64,
    kind: zhifa_core::doc::DocKind,
    content: &str,
    note: &str,
) -> Result<Outcome> {
    in_scope(w.actor, body_id, "执法主体")?;
    body_exists(w.tx, body_id).await?;
    zhifa_core::doc::validate_template(kind, content).map_err(|r| StoreError::Invalid(r.into_invalid()))?;
    let note = note.trim();
    if note.is_empty() {
        return Err(Invalid::field("note", "请说明调整的内容和理由").into());
    }
    let version: i64 =
        w.tx.scalar(
            query("SELECT COALESCE(MAX(version), 0) + 1 FROM doc_templates WHERE body_id = $1 AND kind = $2")
                .bind(body_id)
                .bind(kind.code()),
        )
        .await?;
    let row: crate::model::DocTemplate = w.tx.fetch_one(query("INSERT INTO doc_templates (body_id, kind, version, content, content_sha256, note, status, filed_by, filed_at) \
             VALUES ($1,$2,$3,$4,$5,$6,'filed',$7,$8) RETURNING *").bind(body_id).bind(kind.code()).bind(version).bind(content).bind(crate::documents::sha256_hex(content.as_bytes())).bind(note).bind(w.actor.user_id).bind(now())).await?;
    let id = row.id;
    let seq = w.record_new(Some(body_id), "template.file", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Approves or rejects a filed template version inside the write path.
pub(crate) async fn decide_template(w: &mut Write<'_, '_>, id: i64, approve: bool, note: &str) -> Result<Outcome> {
    let t: crate::model::DocTemplate =
        w.tx.fetch_optional(query("SELECT * FROM doc_templates WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound("文书模板"))?;
    if t.status != zhifa_core::doc::TemplateStatus::Filed {
        return Err(StoreError::Conflict(format!("该模板已审查（{}），不能再次审查", t.status.label())));
    }
    if !approve && note.trim().is_empty() {
        return Err(Invalid::field("note", "不予通过时须写明审查意见").into());
    }
    let status = if approve { "approved" } else { "rejected" };
    let row: crate::model::DocTemplate = w.tx.fetch_optional(query("UPDATE doc_templates SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $5 AND status = 'filed' RETURNING *").bind(status).bind(w.actor.user_id).bind(now()).bind(note.trim()).bind(id)).await?
            .ok_or_else(|| StoreError::Conflict("该模板已由他人审查".into()))?;
    let seq = w.record(Some(t.body_id), "template.decide", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// How a document's number is found: peeked at (a document prepared) or taken from the
/// counter (a document issued, in the write path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Peek,
    Take,
}

/// A document composed from the records as they stand: its text, the metadata of its PDF and
/// where it comes from.
struct Composed {
    body_id: i64,
    step_row_id: i64,
    number: Option<String>,
    template_id: Option<i64>,
    template_version: i64,
    template_sha256: String,
    markup: String,
    blocks: Vec<zhifa_core::doc::layout::Block>,
    /// the public check address printed on it (numbered documents)
    link: Option<String>,
    meta: zhifa_pdf::Meta,
}

impl Composed {
    /// The digest of everything the PDF is rendered from: the text, the metadata and the
    /// check address, with the step and template it was made from.
    fn digest(&self) -> String {
        let m = &self.meta;
        let parts = [
            self.step_row_id.to_string(),
            self.template_id.map(|t| t.to_string()).unwrap_or_default(),
            self.template_version.to_string(),
            self.template_sha256.clone(),
            self.number.clone().unwrap_or_default(),
            self.markup.clone(),
            m.title.clone(),
            m.author.clone(),
            m.subject.clone(),
            format!("{:?}", m.created),
            self.link.clone().unwrap_or_default(),
        ];
        sha256_hex(parts.join("\u{0}").as_bytes())
    }
}

/// The document a 送达回证 is for, as issued in the case (title, number and date); refused when the
/// service names a document not made yet, since the receipt must state it.
async fn served_document(tx: &mut Tx<'_>, case_id: i64, kind: DocKind, step: &CaseStep) -> Result<DocInfo> {
    let Some(served) = step.step_data()?.served_document.filter(|_| kind == DocKind::ServiceReceipt) else {
        return Ok(DocInfo::default());
    };
    let row: Option<Document> = tx
        .fetch_optional(
            query("SELECT * FROM documents WHERE case_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1")
                .bind(case_id)
                .bind(served.code()),
        )
        .await?;
    let Some(Document { number, issued_at, .. }) = row else {
        return Err(Invalid::field(
            "kind",
            format!("送达的《{}》尚未制作：送达回证应载明送达文书的名称和文号，请先制作该文书", served.label()),
        )
        .into());
    };
    Ok(DocInfo {
        title: served.label().to_string(),
        number: number.unwrap_or_default(),
        date: cn_date(zhifa_core::time::shanghai_date(issued_at)),
    })
}

/// Composes a document of a case: picks the step it is made from and the template in force,
/// numbers it, fills and checks it. The same code runs when a document is prepared (outside
/// the write path, the number peeked) and when it is issued (the number taken).
#[allow(clippy::too_many_arguments)]
async fn compose(
    tx: &mut Tx<'_>,
    actor: &Actor,
    case_id: i64,
    kind: DocKind,
    step_id: Option<i64>,
    numbering: Numbering,
    issued_at: DateTime<Utc>,
    code: &str,
    public_url: &str,
) -> Result<Composed> {
    let case: Case = tx
        .fetch_optional(query("SELECT * FROM cases WHERE id = $1").bind(case_id))
        .await?
        .ok_or(StoreError::NotFound("案件"))?;
    in_scope(actor, case.body_id, "案件")?;
    zhifa_core::archive::check_file_open(case.stage, &format!("制作{}", kind.label()))
        .map_err(|r| StoreError::Conflict(r.message))?;
    let case_kind = case.kind;
    if !kind.fits(case_kind) {
        return Err(Invalid::field("kind", format!("{}不用于{}案件", kind.label(), case_kind.label())).into());
    }
    let steps = crate::cases::steps_of(tx, case_id).await?;
    let from = kind.steps();
    let at = match step_id {
        Some(sid) => {
            steps.iter().position(|s| s.id == sid).ok_or_else(|| Invalid::field("step_id", "该环节不属于本案"))?
        }
        None => steps.iter().rposition(|s| from.contains(&s.kind)).ok_or_else(|| {
            Invalid::field(
                "kind",
                format!(
                    "本案尚未记录{}环节，不能制作{}",
                    from.iter().map(|k| format!("“{}”", k.label())).collect::<Vec<_>>().join("或"),
                    kind.label()
                ),
            )
        })?,
    };
    if !from.contains(&steps[at].kind) {
        return Err(Invalid::field("step_id", format!("{}不能依据该环节制作", kind.label())).into());
    }
    let step_row_id = steps[at].id;
    let existing: Option<Option<String>> = tx
        .scalar_optional(
            query("SELECT number FROM documents WHERE case_id = $1 AND kind = $2 AND step_id = $3")
                .bind(case_id)
                .bind(kind.code())
                .bind(step_row_id),
        )
        .await?;
    if let Some(n) = existing {
        return Err(StoreError::Conflict(format!(
            "本案已依据该环节制作{}{}，不能重复制作",
            kind.label(),
            n.map(|n| format!("（{n}）")).unwrap_or_default()
        )));
    }
    let body: crate::model::Body = tx.fetch_one(query("SELECT * FROM bodies WHERE id = $1").bind(case.body_id)).await?;
    let template: Option<crate::model::DocTemplate> = tx.fetch_optional(query("SELECT * FROM doc_templates WHERE body_id = $1 AND kind = $2 AND status = 'approved' ORDER BY version DESC LIMIT 1").bind(case.body_id).bind(kind.code())).await?;
    let (template_id, template_version, template_text) = match &template {
        Some(t) => (Some(t.id), t.version, t.content.as_str()),
        None => (None, zhifa_core::doc::STANDARD_VERSION, zhifa_core::doc::standard_template(kind)),
    };
    let mut ids: Vec<i64> = case.officer_list()?;
    for s in &steps[..=at] {
        let d = s.step_data()?;
        ids.extend(d.officer_ids.iter().chain(d.chair_officer_id.iter()).copied());
    }
    ids.sort_unstable();
    ids.dedup();
    let mut officers = std::collections::BTreeMap::new();
    for id in ids {
        let o: Option<Officer> = tx.fetch_optional(query("SELECT * FROM officers WHERE id = $1").bind(id)).await?;
        if let Some(o) = o {
            let certs: Vec<Certificate> =
                tx.fetch_all(query("SELECT * FROM certificates WHERE officer_id = $1 ORDER BY id").bind(id)).await?;
            officers.insert(id, (o, certs));
        }
    }
    let evidence: Vec<Evidence> = tx.fetch_all(query("SELECT * FROM evidence WHERE body_id = $1 AND case_number = $2 AND status = 'active' ORDER BY captured_at, id").bind(case.body_id).bind(&case.number)).await?;
    let day = zhifa_core::time::shanghai_date(issued_at);
    let number = match kind.word() {
        Some(word) => {
            let year = i64::from(chrono::Datelike::year(&day));
            let seq: i64 = match numbering {
                Numbering::Take => tx.scalar(query("INSERT INTO doc_counters (body_id, year, word, next_seq) VALUES ($1, $2, $3, 2) \
                     ON CONFLICT (body_id, year, word) DO UPDATE SET next_seq = doc_counters.next_seq + 1 RETURNING next_seq - 1").bind(case.body_id).bind(year).bind(word)).await?,
                Numbering::Peek => tx
                    .scalar_optional(query("SELECT next_seq FROM doc_counters WHERE body_id = $1 AND year = $2 AND word = $3").bind(case.body_id).bind(year).bind(word))
                    .await?
                    .unwrap_or(1),
            };
            Some(zhifa_core::doc::doc_number(case.body_id, word, chrono::Datelike::year(&day), seq))
        }
        None => None,
    };
    let review = if kind == zhifa_core::doc::DocKind::ReviewOpinion {
        let (events, _, requirement, _) = load_review(tx, &case, &steps, day).await?;
        let submissions: Vec<crate::model::ReviewSubmission> = tx
            .fetch_all(query("SELECT * FROM review_submissions WHERE case_id = $1 ORDER BY version").bind(case_id))
            .await?;
        let mut names = std::collections::BTreeMap::new();
        for id in events.iter().filter_map(|e| e.actor_officer_id) {
            let n: Option<String> =
                tx.scalar_optional(query("SELECT name FROM officers WHERE id = $1").bind(id)).await?;
            names.extend(n.map(|n| (id, n)));
        }
        let keys: Vec<crate::model::SigningKey> = tx.fetch_all(query("SELECT * FROM signing_keys WHERE id IN (SELECT signing_key_id FROM review_events WHERE case_id = $1)").bind(case_id)).await?;
        let reasons = requirement.reasons.iter().map(|r| r.label.as_str()).collect::<Vec<_>>().join("、");
        crate::documents::review_info(&events, &submissions, &names, &keys, reasons)?
    } else {
        Default::default()
    };
    let served = served_document(tx, case_id, kind, &steps[at]).await?;
    let sources = crate::documents::Sources {
        body: &body,
        case: &case,
        steps: &steps,
        at,
        officers: &officers,
        evidence: &evidence,
        number: number.clone(),
        day,
        review,
        served,
    };
    let ctx = crate::documents::context(kind, &sources)?;
    let mut filled =
        zhifa_core::doc::fill(kind, template_text, &ctx).map_err(|r| StoreError::Invalid(r.into_invalid()))?;
    // A numbered document carries its check: the address, the code and a QR code to them.
    let check = match &number {
        Some(n) => {
            let url = public_url;
            let link = crate::documents::check_link(url, n, code);
            filled.markup.push_str(&format!(
                "\n: 文书核验：{url}/public/documents （文号{n}，核验码{code}，或扫描右下角二维码）\n"
            ));
            filled.blocks = zhifa_core::doc::layout::parse(&filled.markup);
            Some(link)
        }
        None => None,
    };
    let local = issued_at.with_timezone(&zhifa_core::time::shanghai());
    let meta = zhifa_pdf::Meta {
        title: match &number {
            Some(n) => format!("{}（{n}）", kind.label()),
            None => format!("{}（{}）", kind.label(), case.number),
        },
        author: body.name.clone(),
        subject: format!("案件编号 {}", case.number),
        created: Some((
            chrono::Datelike::year(&local) as u16,
            chrono::Datelike::month(&local) as u8,
            chrono::Datelike::day(&local) as u8,
            chrono::Timelike::hour(&local) as u8,
            chrono::Timelike::minute(&local) as u8,
        )),
        qr: check.as_deref().and_then(zhifa_core::qr::matrix),
    };
    Ok(Composed {
        body_id: case.body_id,
        step_row_id,
        number,
        template_id,
        template_version,
        template_sha256: sha256_hex(template_text.as_bytes()),
        markup: filled.markup,
        blocks: filled.blocks,
        link: check,
        meta,
    })
}

/// A document rendered before it is issued: its PDF is made outside the write path, so that
/// no write waits on a render. The command that issues it composes the text again from the
/// records in its own transaction and refuses ([`StoreError::Changed`]) if the digest differs:
/// the records or the next number changed meanwhile ([`Store::issue_document`] prepares again).
#[derive(Debug, Clone)]
pub struct PreparedDocument {
    case_id: i64,
    kind: DocKind,
    step_id: Option<i64>,
    issued_at: DateTime<Utc>,
    code: String,
    digest: String,
    pdf: zhifa_pdf::Rendered,
    pdf_sha256: String,
}

impl PreparedDocument {
    /// The case.
    pub fn case_id(&self) -> i64 {
        self.case_id
    }
    /// The kind.
    pub fn kind(&self) -> DocKind {
        self.kind
    }
}

/// How many times a document is prepared again when its records changed before it was issued.
const PREPARE_ATTEMPTS: usize = 3;

impl Store {
    /// Prepares a document of a case for `actor`: composes it from the records as they stand
    /// (in a read transaction) and renders its PDF. Refused as issuing would be.
    pub async fn prepare_document(
        &self,
        actor: &Actor,
        case_id: i64,
        kind: DocKind,
        step_id: Option<i64>,
    ) -> Result<PreparedDocument> {
        let issued_at = now();
        let code = verify_code();
        let mut tx = Tx::begin(self).await?;
        let composed =
            compose(&mut tx, actor, case_id, kind, step_id, Numbering::Peek, issued_at, &code, &self.public_url())
                .await;
        tx.rollback().await?;
        let composed = composed?;
        let digest = composed.digest();
        let Composed { blocks, meta, .. } = composed;
        let pdf = tokio::task::spawn_blocking(move || zhifa_pdf::render(&blocks, &meta))
            .await
            .map_err(|e| StoreError::Corrupt(format!("PDF: {e}")))?
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let pdf_sha256 = sha256_hex(&pdf.bytes);
        Ok(PreparedDocument { case_id, kind, step_id, issued_at, code, digest, pdf, pdf_sha256 })
    }

    /// Issues a document of a case: prepares it and runs [`Command::IssueDocument`](crate::Command::IssueDocument);
    /// prepared again (a few times) if its records changed in between.
    pub async fn issue_document(
        &self,
        actor: &Actor,
        case_id: i64,
        kind: DocKind,
        step_id: Option<i64>,
    ) -> Result<Outcome> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let doc = self.prepare_document(actor, case_id, kind, step_id).await?;
            match self.execute(actor, crate::Command::IssueDocument { doc: Box::new(doc) }).await {
                Err(StoreError::Changed(_)) if attempt < PREPARE_ATTEMPTS => continue,
                r => return r,
            }
        }
    }
}

/// Issues a prepared document inside the write path: composes it again from the records in
/// this transaction (taking its number), checks that its digest is the prepared one and that
/// the PDF is the one rendered, then stores and journals it.
pub(crate) async fn issue_document(
    w: &mut Write<'_, '_>,
    doc: PreparedDocument,
    public_url: String,
) -> Result<Outcome> {
    let c = compose(
        w.tx,
        w.actor,
        doc.case_id,
        doc.kind,
        doc.step_id,
        Numbering::Take,
        doc.issued_at,
        &doc.code,
        &public_url,
    )
    .await?;
    if c.digest() != doc.digest {
        return Err(StoreError::Changed(format!("{}依据的记录或文号已变化，请重新制作", doc.kind.label())));
    }
    if sha256_hex(&doc.pdf.bytes) != doc.pdf_sha256 {
        return Err(StoreError::Corrupt("文书 PDF 与制作时不一致".into()));
    }
    let (kind, pdf, t) = (doc.kind, &doc.pdf, doc.issued_at);
    let code = c.number.as_ref().map(|_| doc.code.clone());
    let row: crate::model::Document = w.tx.fetch_one(query("INSERT INTO documents (case_id, body_id, kind, step_id, number, template_id, template_version, template_sha256, content, \
             pdf_sm3, pdf_sha256, pdf_size, pages, issued_by, issued_at, verify_code) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING *").bind(doc.case_id).bind(c.body_id).bind(kind.code()).bind(c.step_row_id).bind(&c.number).bind(c.template_id).bind(c.template_version).bind(&c.template_sha256).bind(&c.markup).bind(crate::documents::sm3_hex(&pdf.bytes)).bind(&doc.pdf_sha256).bind(pdf.bytes.len() as i64).bind(pdf.pages as i64).bind(w.actor.user_id).bind(t).bind(code)).await
            .map_err(|e| e.unique_as(|| format!("本案已制作{}，或文号重复，请刷新后重试", kind.label())))?;
    w.tx.execute(query("INSERT INTO document_files (document_id, pdf) VALUES ($1, $2)").bind(row.id).bind(&pdf.bytes))
        .await?;
    let id = row.id;
    let seq = w.record_new(Some(c.body_id), "document.issue", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Filters for the template library.
#[derive(Debug, Clone, Default)]
pub struct TemplateFilter {
    /// only this status
    pub status: Option<String>,
    /// only this kind
    pub kind: Option<String>,
}

impl Store {
    /// Bodies' template versions within scope, newest first.
    pub async fn doc_templates(&self, scope: Scope, f: &TemplateFilter) -> Result<Vec<DocTemplate>> {
        self.fetch_all(query("SELECT * FROM doc_templates WHERE ($1 IS NULL OR body_id = $1) AND ($2 IS NULL OR status = $2) AND ($3 IS NULL OR kind = $3) \
             ORDER BY id DESC LIMIT 500").bind(scope.body()).bind(&f.status).bind(&f.kind)).await
    }

    /// One template version within scope.
    pub async fn doc_template(&self, scope: Scope, id: i64) -> Result<Option<DocTemplate>> {
        self.fetch_optional(
            query("SELECT * FROM doc_templates WHERE id = $1 AND ($2 IS NULL OR body_id = $2)")
                .bind(id)
                .bind(scope.body()),
        )
        .await
    }

    /// The body's approved version of a kind in force, if any (else the standard one is used).
    pub async fn template_in_force(&self, body_id: i64, kind: DocKind) -> Result<Option<DocTemplate>> {
        self.fetch_optional(query("SELECT * FROM doc_templates WHERE body_id = $1 AND kind = $2 AND status = 'approved' ORDER BY version DESC LIMIT 1").bind(body_id).bind(kind.code())).await
    }

    /// The documents of a case, in the order issued.
    pub async fn case_documents(&self, case_id: i64) -> Result<Vec<Document>> {
        self.fetch_all(query("SELECT * FROM documents WHERE case_id = $1 ORDER BY id").bind(case_id)).await
    }

    /// One document within scope.
    pub async fn document(&self, scope: Scope, id: i64) -> Result<Option<Document>> {
        self.fetch_optional(
            query("SELECT * FROM documents WHERE id = $1 AND ($2 IS NULL OR body_id = $2)").bind(id).bind(scope.body()),
        )
        .await
    }

    /// A document's PDF, checked against the digest in its row (and so in the ledger).
    pub async fn document_pdf(&self, doc: &Document) -> Result<Vec<u8>> {
        let pdf: Vec<u8> = self
            .scalar_optional(query("SELECT pdf FROM document_files WHERE document_id = $1").bind(doc.id))
            .await?
            .ok_or(StoreError::NotFound("文书文件"))?;
        if sm3_hex(&pdf) != doc.pdf_sm3 {
            return Err(StoreError::Corrupt(format!("文书{}的 PDF 与登记的 SM3 不一致，文件可能被改动", doc.id)));
        }
        Ok(pdf)
    }
}
