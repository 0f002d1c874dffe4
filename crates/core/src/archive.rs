//! The case file (案卷) as an archive package, and the four-property check of DA/T 70
//! (文书类电子档案检测一般要求: 真实性、完整性、可用性、安全性). No I/O: the store gathers the
//! package's items and what it read back; this module says what the manifest holds and judges it.
//!
//! A package is a zip: `manifest.json` (this module's [`Manifest`]), `report.json` (the check
//! made when it was assembled), `00-封面及卷内目录.pdf`, the documents' PDFs, the case's records
//! as journaled JSON rows, the evidence files, and for every record the ledger entry and its
//! inclusion proof against the signed checkpoint in the manifest. Anyone holding the ledger's
//! public keys can check it without the database.

use crate::case::StepKind;
use crate::doc::DocKind;
use serde::{Deserialize, Serialize};

/// The package format version (2: the package carries its seal, `seal.json`).
pub const FORMAT: &str = "zhifa-archive/2";

/// The name of the seal in the package.
pub const SEAL_FILE: &str = "seal.json";

/// Formats accepted in a case file (DA/T 70 usability: formats on an allow-list).
pub const ALLOWED_FORMATS: &[&str] =
    &["pdf", "json", "jpg", "jpeg", "png", "tif", "tiff", "mp4", "mov", "mp3", "wav", "m4a", "ofd", "xml"];

/// Whether a file format (extension) is on the allow-list.
pub fn format_allowed(format: &str) -> bool {
    ALLOWED_FORMATS.contains(&format.to_ascii_lowercase().as_str())
}

/// What an item of the case file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 封面及卷内目录
    Cover,
    /// 文书
    Document,
    /// 办案记录（案件、环节）
    Record,
    /// 证据
    Evidence,
    /// 调阅记录
    Access,
}

impl Category {
    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Category::Cover => "封面及卷内目录",
            Category::Document => "文书",
            Category::Record => "办案记录",
            Category::Evidence => "证据",
            Category::Access => "调阅记录",
        }
    }
}

/// A journaled row with its place in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proven {
    /// table
    pub table: String,
    /// row id
    pub id: i64,
    /// the row as journaled (canonical JSON: its SHA-256 is the entry's content hash)
    pub row: String,
    /// leaf index of the row's latest journal entry
    pub leaf_index: u64,
    /// the entry as hashed into the leaf (base64)
    pub entry: String,
    /// inclusion proof against the manifest's checkpoint (base64 hashes)
    pub proof: Vec<String>,
}

/// One item of the case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// 件号, from 1 without gaps
    pub no: u32,
    /// path in the package
    pub path: String,
    /// 题名
    pub title: String,
    /// category
    pub category: Category,
    /// format (extension)
    pub format: String,
    /// bytes
    pub size: u64,
    /// SM3, hex
    pub sm3: String,
    /// SHA-256, hex
    pub sha256: String,
    /// pages (documents)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// document kind code (documents)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_kind: Option<String>,
    /// the row this item is or whose digest it carries, proven in the ledger
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Proven>,
    /// added after 归档 by the supplement (补充归档) of this number (from 1)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement: Option<u32>,
}

/// A supplement to an archived case file (补充归档): the head's reasoned step that reopened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplement {
    /// 第几次补充归档, from 1
    pub no: u32,
    /// 记录时间 (Asia/Shanghai, as displayed)
    pub recorded_at: String,
    /// 理由及补充的材料 (the step's text)
    pub reason: String,
}

/// The ledger facts a package is checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFacts {
    /// origin line of the checkpoints
    pub origin: String,
    /// `sm3` or `sha256`
    pub alg: String,
    /// the signed checkpoint (note text) every proof leads to
    pub checkpoint: String,
    /// the verifier keys the installation published (for reference; a verifier should use
    /// keys obtained independently)
    pub keys: Vec<String>,
}

/// The package manifest (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`]
    pub format: String,
    /// 案件编号
    pub case_number: String,
    /// 案件类别
    pub case_kind: String,
    /// 执法主体
    pub body: String,
    /// 当事人
    pub parties: Vec<String>,
    /// 立案日期
    pub filed_on: Option<String>,
    /// 结案日期
    pub closed_on: Option<String>,
    /// 组卷时间 (UTC, RFC 3339)
    pub assembled_at: String,
    /// 保管期限
    pub retention: String,
    /// the steps recorded, in order (codes)
    pub steps: Vec<String>,
    /// items, in catalogue order
    pub items: Vec<Item>,
    /// the supplements made after 归档, in order (absent when none)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supplements: Vec<Supplement>,
    /// ledger facts
    pub ledger: LedgerFacts,
}

/// The package's seal (`seal.json`): the ledger row that fixed the manifest when the package
/// was assembled (table `archive_seals`), with its inclusion proof against a checkpoint signed
/// after it was written. The manifest's own checkpoint is older, so the seal brings its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    /// the signed checkpoint (note text) the record's proof leads to
    pub checkpoint: String,
    /// the sealed row, proven
    pub record: Proven,
}

/// The fields of a sealed row a checker compares with the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedRow {
    /// 案件编号
    pub case_number: String,
    /// SM3 of `manifest.json` as written
    pub manifest_sm3: String,
    /// the items as JSON: `[[件号, path, SM3], …]` in catalogue order
    pub items: String,
}

/// One sealed item: 件号, path in the package, SM3.
pub type SealedItem = (u32, String, String);

/// The items of a manifest as the seal lists them.
pub fn sealed_items(m: &Manifest) -> Vec<SealedItem> {
    m.items.iter().map(|i| (i.no, i.path.clone(), i.sm3.clone())).collect()
}

/// What differs between a package's manifest and its seal: for integrity (items added,
/// removed, reordered) and for authenticity (an item's digest or the manifest itself changed).
/// Each finding names the item.
pub fn seal_findings(m: &Manifest, manifest_sm3: &str, sealed: &SealedRow) -> (Vec<String>, Vec<String>) {
    let (mut integrity, mut authenticity) = (Vec::new(), Vec::new());
    if sealed.case_number != m.case_number {
        authenticity.push(format!("封存登记属于另一案件（{}）", sealed.case_number));
    }
    let list: Vec<SealedItem> = match serde_json::from_str(&sealed.items) {
        Ok(l) => l,
        Err(e) => {
            authenticity.push(format!("封存登记的件目录无法读取：{e}"));
            return (integrity, authenticity);
        }
    };
    let title = |path: &str| m.items.iter().find(|i| i.path == path).map(|i| i.title.clone()).unwrap_or_default();
    for (no, path, _) in &list {
        if !m.items.iter().any(|i| &i.path == path) {
            integrity.push(format!("封存登记的第{no}件（{path}）不在案卷包中：被删除"));
        }
    }
    for i in &m.items {
        match list.iter().find(|(_, path, _)| path == &i.path) {
            None => integrity.push(format!("第{}件“{}”不在封存登记中：被加入", i.no, i.title)),
            Some((_, _, sm3)) if sm3 != &i.sm3 => {
                authenticity.push(format!("第{}件“{}”与封存登记的摘要不符：被改动", i.no, title(&i.path)))
            }
            Some(_) => {}
        }
    }
    let kept: Vec<&str> =
        list.iter().map(|(_, p, _)| p.as_str()).filter(|p| m.items.iter().any(|i| i.path == *p)).collect();
    let now: Vec<&str> = m.items.iter().map(|i| i.path.as_str()).filter(|p| kept.contains(p)).collect();
    if kept != now {
        integrity.push("件的顺序与封存登记不符：被调换".into());
    }
    if manifest_sm3 != sealed.manifest_sm3 {
        authenticity.push("清单（manifest.json）与封存登记的摘要不符：清单被改动".into());
    }
    (integrity, authenticity)
}

/// One of the four properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// 真实性
    Authenticity,
    /// 完整性
    Integrity,
    /// 可用性
    Usability,
    /// 安全性
    Security,
}

impl Property {
    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Property::Authenticity => "真实性",
            Property::Integrity => "完整性",
            Property::Usability => "可用性",
            Property::Security => "安全性",
        }
    }
    /// What is checked.
    pub fn what(self) -> &'static str {
        match self {
            Property::Authenticity => "每一件的摘要与账本登记一致，登记行经包含证明归入已签名检查点，签名有效",
            Property::Integrity => "已记录的环节所要求的文书齐全，件数与目录一致，件号连续无缺",
            Property::Usability => "格式在允许范围内，文件可读（PDF 文件头、文件尾有效，JSON 可解析）",
            Property::Security => "本案的调阅记录完整并已记入账本",
        }
    }
}

/// The result for one property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// property
    pub property: Property,
    /// 名称
    pub label: String,
    /// what was checked
    pub what: String,
    /// passed
    pub passed: bool,
    /// items checked
    pub checked: u64,
    /// findings (empty when passed)
    pub findings: Vec<String>,
    /// remarks that do not fail the check (e.g. which keys the signatures were checked with)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Check {
    /// A result from its findings.
    pub fn new(property: Property, checked: u64, findings: Vec<String>) -> Self {
        Check {
            property,
            label: property.label().into(),
            what: property.what().into(),
            passed: findings.is_empty(),
            checked,
            findings,
            notes: Vec::new(),
        }
    }
    /// The same result with remarks.
    pub fn with_notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }
}

/// The four-property report (`report.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// 案件编号
    pub case_number: String,
    /// 检测时间 (UTC, RFC 3339)
    pub checked_at: String,
    /// 检测环节: 归档时 / 按需 / 导入
    pub occasion: String,
    /// the four results
    pub checks: Vec<Check>,
    /// all passed
    pub passed: bool,
}

impl Report {
    /// Adds a finding to one property's result (and the report no longer passes).
    pub fn add_finding(&mut self, property: Property, finding: String) {
        if let Some(c) = self.checks.iter_mut().find(|c| c.property == property) {
            c.findings.push(finding);
            c.passed = false;
        }
        self.passed = self.checks.iter().all(|c| c.passed);
    }
    /// Adds a remark to one property's result.
    pub fn add_note(&mut self, property: Property, note: String) {
        if let Some(c) = self.checks.iter_mut().find(|c| c.property == property) {
            c.notes.push(note);
        }
    }
    /// A report from its four results.
    pub fn new(case_number: &str, checked_at: &str, occasion: &str, checks: Vec<Check>) -> Self {
        let passed = checks.iter().all(|c| c.passed);
        Report {
            case_number: case_number.into(),
            checked_at: checked_at.into(),
            occasion: occasion.into(),
            checks,
            passed,
        }
    }
}

/// The rule that closes an archived case file. 《行政处罚法》第四十七条 requires the whole record
/// to be archived and kept; a file that could still grow after 归档 would not be the file that
/// was archived. This project's rule: after 归档 nothing is added to the case — no step but 补充归档,
/// no document, no evidence, no deletion of evidence — until the head records a 补充归档 with its
/// reasons; what is then added is marked as that supplement, and archiving again closes the file.
pub const FROZEN_RULE: &str =
    "《行政处罚法》第四十七条（执法全过程记录归档保存；归档后案卷封存，补充须经负责人批准并写明理由）";

/// Refuses `what` (e.g. “制作文书”) on a case whose file is closed by 归档 (see [`FROZEN_RULE`]).
/// A case in 补充归档 is open again until it is archived anew.
pub fn check_file_open(stage: crate::case::Stage, what: &str) -> Result<(), crate::case::Refusal> {
    if stage == crate::case::Stage::Archived {
        return Err(crate::case::Refusal::new(
            "case",
            FROZEN_RULE,
            format!(
                "案件已归档，案卷已封存，不能再{what}；确需补充的，请机关负责人先记录“补充归档”环节并写明理由，补充完毕后重新归档"
            ),
        ));
    }
    Ok(())
}

/// Which supplement an addition belongs to, from the journal positions (sequence numbers) of
/// the first 归档 and of each 补充归档 step: `None` before the file was first archived.
pub fn supplement_of(archived: Option<i64>, supplements: &[i64], seq: i64) -> Option<u32> {
    let archived = archived?;
    if seq <= archived {
        return None;
    }
    supplements.iter().rposition(|s| *s <= seq).map(|i| i as u32 + 1)
}

/// The supplements of a manifest, checked and described: findings (integrity) when an item names
/// a supplement the file does not record, or the supplements do not match the 补充归档 steps;
/// notes naming each supplement, its reasons and the items it added.
pub fn supplement_findings(m: &Manifest) -> (Vec<String>, Vec<String>) {
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let steps = m.steps.iter().filter(|s| s.as_str() == StepKind::SupplementArchive.code()).count();
    if steps != m.supplements.len() {
        findings.push(format!(
            "补充归档记录不一致：环节记录中有{}次补充归档，清单列明{}次",
            steps,
            m.supplements.len()
        ));
    }
    for (i, s) in m.supplements.iter().enumerate() {
        if s.no as usize != i + 1 {
            findings.push(format!("补充归档编号不连续：第{}次的编号为{}", i + 1, s.no));
        }
    }
    for item in &m.items {
        if let Some(k) = item.supplement
            && !m.supplements.iter().any(|s| s.no == k)
        {
            findings.push(format!("第{}件标为第{k}次补充归档，但案卷中没有该次补充归档的记录", item.no));
        }
    }
    for s in &m.supplements {
        let added: Vec<String> =
            m.items.iter().filter(|i| i.supplement == Some(s.no)).map(|i| format!("第{}件", i.no)).collect();
        notes.push(format!(
            "第{}次补充归档（{}）：{}；补充{}",
            s.no,
            s.recorded_at,
            s.reason,
            if added.is_empty() { "0件".to_string() } else { format!("{}件：{}", added.len(), added.join("、")) }
        ));
    }
    (findings, notes)
}

/// The documents the recorded steps require that were not issued (DA/T 70 integrity; the
/// archiving step is refused while any is missing).
pub fn missing_documents(steps: &[StepKind], issued: &[DocKind]) -> Vec<DocKind> {
    let mut missing = Vec::new();
    for s in steps {
        if let Some(d) = DocKind::required_for(*s) {
            let needed = steps.iter().filter(|x| DocKind::required_for(**x) == Some(d)).count();
            let have = issued.iter().filter(|x| **x == d).count();
            if have < needed && !missing.contains(&d) {
                missing.push(d);
            }
        }
    }
    missing
}

/// Integrity of a manifest itself: items numbered 1..n without gaps, the steps' documents
/// present, the cover first.
pub fn integrity_findings(m: &Manifest) -> Vec<String> {
    let mut f = Vec::new();
    for (i, item) in m.items.iter().enumerate() {
        if item.no as usize != i + 1 {
            f.push(format!("件号不连续：第{}件的件号为{}", i + 1, item.no));
            break;
        }
    }
    if m.items.first().is_none_or(|i| i.category != Category::Cover) {
        f.push("缺少封面及卷内目录".into());
    }
    let steps: Vec<StepKind> = m.steps.iter().filter_map(|s| StepKind::parse(s).ok()).collect();
    if steps.len() != m.steps.len() {
        f.push("环节记录中有无法识别的环节".into());
    }
    let docs: Vec<DocKind> = m
        .items
        .iter()
        .filter(|i| i.category == Category::Document)
        .filter_map(|i| i.doc_kind.as_deref().and_then(|k| DocKind::parse(k).ok()))
        .collect();
    for d in missing_documents(&steps, &docs) {
        f.push(format!("缺少{}", d.label()));
    }
    f
}

/// 保管期限 by case kind. The periods are those of 《机关文件材料归档范围和文书档案保管期限规定》
/// (国家档案局令第8号: 永久, 定期30年, 定期10年); which case kind takes which is this
/// project's default (decisions that bind a party for long, 30 years; the rest, 10 years), for
/// the body's own retention schedule to override.
pub fn retention(kind: crate::case::CaseKind) -> &'static str {
    use crate::case::CaseKind as K;
    match kind {
        K::PenaltyGeneral | K::CompulsoryMeasure | K::CompulsoryEnforcement | K::Expropriation => "30年",
        K::PenaltySimple | K::Inspection | K::Licensing => "10年",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn da_t_70_integrity_every_step_needs_its_document() {
        let steps = [StepKind::File, StepKind::NotifyIntent, StepKind::Decide, StepKind::Serve, StepKind::Close];
        let got = missing_documents(&steps, &[DocKind::FilingApproval, DocKind::PenaltyDecision]);
        assert_eq!(got, vec![DocKind::PenaltyNotice, DocKind::ServiceReceipt, DocKind::ClosingApproval]);
        let all = [
            DocKind::FilingApproval,
            DocKind::PenaltyNotice,
            DocKind::PenaltyDecision,
            DocKind::ServiceReceipt,
            DocKind::ClosingApproval,
        ];
        assert!(missing_documents(&steps, &all).is_empty());
        // Two hearings need two transcripts.
        let two = [StepKind::Hearing, StepKind::Hearing];
        assert_eq!(missing_documents(&two, &[DocKind::HearingRecord]), vec![DocKind::HearingRecord]);
    }

    fn manifest(items: &[(&str, &str)]) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            case_number: "津和市监罚〔2026〕1号".into(),
            case_kind: String::new(),
            body: String::new(),
            parties: vec![],
            filed_on: None,
            closed_on: None,
            assembled_at: String::new(),
            retention: String::new(),
            steps: vec![],
            items: items
                .iter()
                .enumerate()
                .map(|(n, (path, sm3))| Item {
                    no: n as u32 + 1,
                    path: (*path).into(),
                    title: format!("题名{}", n + 1),
                    category: if n == 0 { Category::Cover } else { Category::Document },
                    format: "pdf".into(),
                    size: 1,
                    sm3: (*sm3).into(),
                    sha256: String::new(),
                    pages: None,
                    doc_kind: None,
                    record: None,
                    supplement: None,
                })
                .collect(),
            supplements: vec![],
            ledger: LedgerFacts { origin: String::new(), alg: String::new(), checkpoint: String::new(), keys: vec![] },
        }
    }

    #[test]
    fn art_47_an_archived_file_is_closed_until_a_supplement_reopens_it() {
        use crate::case::Stage;
        let r = check_file_open(Stage::Archived, "制作文书").unwrap_err();
        assert!(r.message.contains("不能再制作文书") && r.message.contains("补充归档"), "{}", r.message);
        assert!(r.rule.contains("第四十七条"));
        for open in [Stage::Closed, Stage::Supplementing, Stage::Investigating] {
            assert!(check_file_open(open, "制作文书").is_ok(), "{open:?}");
        }
        // What is added after the first 归档 belongs to the supplement it was added under.
        assert_eq!(supplement_of(None, &[], 5), None);
        assert_eq!(supplement_of(Some(10), &[12, 20], 9), None);
        assert_eq!(supplement_of(Some(10), &[12, 20], 10), None);
        assert_eq!(supplement_of(Some(10), &[12, 20], 12), Some(1));
        assert_eq!(supplement_of(Some(10), &[12, 20], 15), Some(1));
        assert_eq!(supplement_of(Some(10), &[12, 20], 21), Some(2));
    }

    #[test]
    fn art_47_the_check_names_each_supplement_and_refuses_one_it_cannot_account_for() {
        let mut m = manifest(&[("001-封面.pdf", "a"), ("002-决定书.pdf", "b"), ("003-送达回证.pdf", "c")]);
        m.steps = vec!["archive".into(), "supplement_archive".into(), "archive".into()];
        m.items[2].supplement = Some(1);
        m.supplements = vec![Supplement {
            no: 1,
            recorded_at: "2026-12-01 10:00".into(),
            reason: "补充当事人退回的送达回证".into(),
        }];
        let (f, notes) = supplement_findings(&m);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(
            notes,
            vec!["第1次补充归档（2026-12-01 10:00）：补充当事人退回的送达回证；补充1件：第3件".to_string()]
        );
        // An item marked as a supplement the file does not record.
        m.items[1].supplement = Some(2);
        let (f, _) = supplement_findings(&m);
        assert!(f.iter().any(|x| x.contains("第2件标为第2次补充归档")), "{f:?}");
        // A supplement step dropped from the manifest's list.
        m.items[1].supplement = None;
        m.supplements.clear();
        let (f, _) = supplement_findings(&m);
        assert!(f.iter().any(|x| x.contains("环节记录中有1次补充归档，清单列明0次")), "{f:?}");
        // A manifest without supplements serializes as before (old packages unchanged).
        let plain = manifest(&[("001-封面.pdf", "a")]);
        let text = serde_json::to_string(&plain).unwrap();
        assert!(!text.contains("supplement"), "{text}");
    }

    #[test]
    fn da_t_70_a_sealed_package_names_every_item_added_removed_reordered_or_changed() {
        let sealed_from = manifest(&[("001-封面.pdf", "a"), ("002-决定书.pdf", "b"), ("003-调阅记录.json", "c")]);
        let sealed = SealedRow {
            case_number: sealed_from.case_number.clone(),
            manifest_sm3: "m".into(),
            items: serde_json::to_string(&sealed_items(&sealed_from)).unwrap(),
        };
        assert_eq!(seal_findings(&sealed_from, "m", &sealed), (vec![], vec![]));
        // A document taken out, the manifest rewritten to match.
        let (i, a) = seal_findings(&manifest(&[("001-封面.pdf", "a"), ("003-调阅记录.json", "c")]), "m2", &sealed);
        assert!(i[0].contains("002-决定书.pdf") && i[0].contains("被删除"), "{i:?}");
        assert!(a.iter().any(|f| f.contains("清单被改动")), "{a:?}");
        // The access log emptied, its digest rewritten.
        let (i, a) = seal_findings(
            &manifest(&[("001-封面.pdf", "a"), ("002-决定书.pdf", "b"), ("003-调阅记录.json", "x")]),
            "m3",
            &sealed,
        );
        assert!(i.is_empty() && a[0].contains("第3件") && a[0].contains("被改动"), "{a:?}");
        // Two items swapped.
        let (i, _) = seal_findings(
            &manifest(&[("001-封面.pdf", "a"), ("003-调阅记录.json", "c"), ("002-决定书.pdf", "b")]),
            "m4",
            &sealed,
        );
        assert!(i.iter().any(|f| f.contains("顺序")), "{i:?}");
        // An item slipped in.
        let (i, _) = seal_findings(
            &manifest(&[
                ("001-封面.pdf", "a"),
                ("002-决定书.pdf", "b"),
                ("003-调阅记录.json", "c"),
                ("004-x.pdf", "d"),
            ]),
            "m5",
            &sealed,
        );
        assert!(i.iter().any(|f| f.contains("第4件") && f.contains("被加入")), "{i:?}");
    }

    #[test]
    fn da_t_70_usability_formats_on_the_allow_list() {
        assert!(format_allowed("PDF") && format_allowed("mp4") && format_allowed("json"));
        assert!(!format_allowed("exe") && !format_allowed("docm"));
    }
}
