//! Documents in storage: the template library (standard versions in the program, bodies'
//! versions filed and approved here), issuing a document from a case (number, fill, check, PDF,
//! ledger entry in one transaction), and the reads.

use crate::db::now;
use crate::db::query::query;
use crate::journal::{Write, in_scope};
use crate::model::{Body, Case, CaseStep, Certificate, DocTemplate, Document, Evidence, Officer};
use crate::registry::body_exists;
use crate::review::load_review;
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
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

/// Builds the fill context from stored rows.
pub(crate) fn context(kind: DocKind, s: &Sources<'_>) -> Result<DocContext> {
    let case_kind = s.case.case_kind()?;
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
    let parties: Vec<PartyInfo> = s.case.party_list()?.iter().map(PartyInfo::from).collect();
    Ok(DocContext {
        doc: DocInfo {
            title: kind.label().to_string(),
            number: s.number.clone().unwrap_or_default(),
            date: cn_date(s.day),
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
            source: zhifa_core::case::CaseSource::parse(&s.case.source)
                .map(|x| x.label().to_string())
                .unwrap_or_default(),
            power_item: s.case.power_item_name.clone(),
            power_item_code: s.case.power_item_code.clone(),
            domain: s.case.domain.clone(),
            facts: s.case.facts.clone(),
            act_date: s.case.act_date.map(cn_date).unwrap_or_default(),
            filed_on: s.case.filed_on.map(cn_date).unwrap_or_default(),
        },
        party: parties.first().cloned().unwrap_or_default(),
        parties,
        officers: s.case.officer_list()?.into_iter().map(officer).collect(),
        step: step_info(here.kind, here.occurred_at, &here.data, &officer),
        steps,
        review: s.review.clone(),
        evidence: s
            .evidence
            .iter()
            .map(|e| EvidenceInfo {
                title: if e.proof_object.trim().is_empty() {
                    e.file_name.clone().unwrap_or_else(|| format!("证据{}", e.id))
                } else {
                    e.proof_object.clone()
                },
                kind: zhifa_core::evidence::EvidenceKind::parse(&e.kind)
                    .map(|k| k.label().to_string())
                    .unwrap_or_default(),
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
    if t.status != "filed" {
        return Err(StoreError::Conflict(format!(
            "该模板已审查（{}），不能再次审查",
            zhifa_core::doc::TemplateStatus::parse(&t.status).map(|s| s.label()).unwrap_or("未知")
        )));
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

/// Issues a document of a case inside the write path: picks the step it is made from and the
/// template in force, numbers it, fills and checks it, renders the PDF and journals it.
pub(crate) async fn issue_document(
    w: &mut Write<'_, '_>,
    case_id: i64,
    kind: zhifa_core::doc::DocKind,
    step_id: Option<i64>,
    public_url: String,
) -> Result<Outcome> {
    let case = crate::cases::case_in_scope(w, case_id).await?;
    let case_kind = case.case_kind()?;
    if !kind.fits(case_kind) {
        return Err(Invalid::field("kind", format!("{}不用于{}案件", kind.label(), case_kind.label())).into());
    }
    let steps = crate::cases::steps_of(w.tx, case_id).await?;
    let from = kind.steps();
    let at = match step_id {
        Some(sid) => {
            steps.iter().position(|s| s.id == sid).ok_or_else(|| Invalid::field("step_id", "该环节不属于本案"))?
        }
        None => steps.iter().rposition(|s| from.iter().any(|k| k.code() == s.kind)).ok_or_else(|| {
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
    if !from.iter().any(|k| k.code() == steps[at].kind) {
        return Err(Invalid::field("step_id", format!("{}不能依据该环节制作", kind.label())).into());
    }
    let step_row_id = steps[at].id;
    let existing: Option<Option<String>> =
        w.tx.scalar_optional(
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
    let body: crate::model::Body =
        w.tx.fetch_one(query("SELECT * FROM bodies WHERE id = $1").bind(case.body_id)).await?;
    let template: Option<crate::model::DocTemplate> = w.tx.fetch_optional(query("SELECT * FROM doc_templates WHERE body_id = $1 AND kind = $2 AND status = 'approved' ORDER BY version DESC LIMIT 1").bind(case.body_id).bind(kind.code())).await?;
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
        let o: Option<Officer> = w.tx.fetch_optional(query("SELECT * FROM officers WHERE id = $1").bind(id)).await?;
        if let Some(o) = o {
            let certs: Vec<Certificate> =
                w.tx.fetch_all(query("SELECT * FROM certificates WHERE officer_id = $1 ORDER BY id").bind(id)).await?;
            officers.insert(id, (o, certs));
        }
    }
    let evidence: Vec<Evidence> = w.tx.fetch_all(query("SELECT * FROM evidence WHERE body_id = $1 AND case_number = $2 AND status = 'active' ORDER BY captured_at, id").bind(case.body_id).bind(&case.number)).await?;
    let t = now();
    let day = zhifa_core::time::shanghai_date(t);
    let number = match kind.word() {
        Some(word) => {
            let year = i64::from(chrono::Datelike::year(&day));
            let seq: i64 = w.tx.scalar(query("INSERT INTO doc_counters (body_id, year, word, next_seq) VALUES ($1, $2, $3, 2) \
                     ON CONFLICT (body_id, year, word) DO UPDATE SET next_seq = doc_counters.next_seq + 1 RETURNING next_seq - 1").bind(case.body_id).bind(year).bind(word)).await?;
            Some(zhifa_core::doc::doc_number(case.body_id, word, chrono::Datelike::year(&day), seq))
        }
        None => None,
    };
    let review = if kind == zhifa_core::doc::DocKind::ReviewOpinion {
        let (events, _, requirement, _) = load_review(w.tx, &case, &steps, day).await?;
        let submissions: Vec<crate::model::ReviewSubmission> =
            w.tx.fetch_all(query("SELECT * FROM review_submissions WHERE case_id = $1 ORDER BY version").bind(case_id))
                .await?;
        let mut names = std::collections::BTreeMap::new();
        for id in events.iter().filter_map(|e| e.actor_officer_id) {
            let n: Option<String> =
                w.tx.scalar_optional(query("SELECT name FROM officers WHERE id = $1").bind(id)).await?;
            names.extend(n.map(|n| (id, n)));
        }
        let keys: Vec<crate::model::SigningKey> = w.tx.fetch_all(query("SELECT * FROM signing_keys WHERE id IN (SELECT signing_key_id FROM review_events WHERE case_id = $1)").bind(case_id)).await?;
        let reasons = requirement.reasons.iter().map(|r| r.label.as_str()).collect::<Vec<_>>().join("、");
        crate::documents::review_info(&events, &submissions, &names, &keys, reasons)?
    } else {
        Default::default()
    };
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
    };
    let ctx = crate::documents::context(kind, &sources)?;
    let mut filled =
        zhifa_core::doc::fill(kind, template_text, &ctx).map_err(|r| StoreError::Invalid(r.into_invalid()))?;
    // A numbered document carries its check: the address, the code and a QR code to them.
    let check = match &number {
        Some(n) => {
            let code = crate::documents::verify_code();
            let url: String = public_url;
            let link = crate::documents::check_link(&url, n, &code);
            filled.markup.push_str(&format!(
                "\n: 文书核验：{url}/public/documents （文号{n}，核验码{code}，或扫描右下角二维码）\n"
            ));
            filled.blocks = zhifa_core::doc::layout::parse(&filled.markup);
            Some((code, zhifa_core::qr::matrix(&link)))
        }
        None => None,
    };
    let local = t.with_timezone(&zhifa_core::time::shanghai());
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
        qr: check.as_ref().and_then(|c| c.1.clone()),
    };
    let pdf = zhifa_pdf::render(&filled.blocks, &meta).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row: crate::model::Document = w.tx.fetch_one(query("INSERT INTO documents (case_id, body_id, kind, step_id, number, template_id, template_version, template_sha256, content, \
             pdf_sm3, pdf_sha256, pdf_size, pages, issued_by, issued_at, verify_code) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING *").bind(case_id).bind(case.body_id).bind(kind.code()).bind(step_row_id).bind(&number).bind(template_id).bind(template_version).bind(crate::documents::sha256_hex(template_text.as_bytes())).bind(&filled.markup).bind(crate::documents::sm3_hex(&pdf.bytes)).bind(crate::documents::sha256_hex(&pdf.bytes)).bind(pdf.bytes.len() as i64).bind(pdf.pages as i64).bind(w.actor.user_id).bind(t).bind(check.map(|c| c.0))).await
            .map_err(|e| e.unique_as(|| format!("本案已制作{}，或文号重复，请刷新后重试", kind.label())))?;
    w.tx.execute(query("INSERT INTO document_files (document_id, pdf) VALUES ($1, $2)").bind(row.id).bind(&pdf.bytes))
        .await?;
    let id = row.id;
    let seq = w.record_new(Some(case.body_id), "document.issue", &row).await?;
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
