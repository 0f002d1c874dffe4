//! Evidence of the whole-process record (执法全过程记录): audio, video, photos and scanned
//! documents. The metadata every item must carry (seed §三(二)2: 案件编号, 采集时间, 采集地点,
//! 采集人, 证明对象, plus the device and the format), the enforcement target an item concerns
//! (seed §三(三)2, kept together per target), who must state a purpose to look at it
//! (调阅监督, seed §三(四)2), and the two approvals that deleting it takes.

use crate::Invalid;
use crate::access::Role;
use crate::error::{optional_text, required_text};
use crate::ids::{CreditCode, ResidentId, fold_width};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

crate::registry::coded_enum!(
    /// Whether an evidence record stands (a deleted one leaves a tombstone).
    EvidenceStatus, "证据状态" {
    /// 有效
    Active = "active" / "有效",
    /// 已删除（保留删除记录）
    Deleted = "deleted" / "已删除",
});

crate::registry::coded_enum!(
    /// Where a request to delete evidence stands (a head asks, a supervisor decides).
    DeletionStatus, "删除申请状态" {
    /// 待批准
    Pending = "pending" / "待批准",
    /// 已批准
    Approved = "approved" / "已批准",
    /// 已驳回
    Rejected = "rejected" / "已驳回",
});

crate::registry::coded_enum!(
    /// What an evidence item is.
    EvidenceKind, "证据类型" {
    /// 视频
    Video = "video" / "视频",
    /// 音频
    Audio = "audio" / "音频",
    /// 照片
    Photo = "photo" / "照片",
    /// 书证扫描件
    Document = "document" / "书证扫描件",
});

/// The accepted file formats: extension, media type, kind.
pub const FORMATS: &[(&str, &str, EvidenceKind)] = &[
    ("mp4", "video/mp4", EvidenceKind::Video),
    ("mov", "video/quicktime", EvidenceKind::Video),
    ("avi", "video/x-msvideo", EvidenceKind::Video),
    ("mkv", "video/x-matroska", EvidenceKind::Video),
    ("3gp", "video/3gpp", EvidenceKind::Video),
    ("mp3", "audio/mpeg", EvidenceKind::Audio),
    ("wav", "audio/wav", EvidenceKind::Audio),
    ("amr", "audio/amr", EvidenceKind::Audio),
    ("m4a", "audio/mp4", EvidenceKind::Audio),
    ("aac", "audio/aac", EvidenceKind::Audio),
    ("jpg", "image/jpeg", EvidenceKind::Photo),
    ("jpeg", "image/jpeg", EvidenceKind::Photo),
    ("png", "image/png", EvidenceKind::Photo),
    ("heic", "image/heic", EvidenceKind::Photo),
    ("pdf", "application/pdf", EvidenceKind::Document),
    ("ofd", "application/ofd", EvidenceKind::Document),
    ("tif", "image/tiff", EvidenceKind::Document),
    ("tiff", "image/tiff", EvidenceKind::Document),
];

/// Looks up a format by extension (case-insensitive, a leading dot allowed).
pub fn format(ext: &str) -> Option<(&'static str, &'static str, EvidenceKind)> {
    let e = ext.trim().trim_start_matches('.').to_ascii_lowercase();
    FORMATS.iter().copied().find(|(x, _, _)| *x == e)
}

/// The enforcement target (行政相对人) an item concerns: a citizen by identity number or an
/// organisation by unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// 公民
    Person(ResidentId),
    /// 法人或其他组织
    Organisation(CreditCode),
}

impl Target {
    /// Parses an identity number or a credit code (full-width characters folded).
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = fold_width(input.trim());
        if s.is_empty() {
            return Err("请填写公民身份号码或统一社会信用代码".into());
        }
        if let Ok(id) = ResidentId::parse(&s) {
            return Ok(Target::Person(id));
        }
        match CreditCode::parse(&s) {
            Ok(c) => Ok(Target::Organisation(c)),
            Err(_) => Err(format!("“{}”既不是有效的公民身份号码，也不是有效的统一社会信用代码", input.trim())),
        }
    }
    /// The normalised identifier as stored.
    pub fn as_str(&self) -> &str {
        match self {
            Target::Person(id) => id.as_str(),
            Target::Organisation(c) => c.as_str(),
        }
    }
    /// Stored code of the kind.
    pub fn kind_code(&self) -> &'static str {
        match self {
            Target::Person(_) => "person",
            Target::Organisation(_) => "organisation",
        }
    }
}

/// Metadata of an upload, as it arrives (query string or form): every field is text so that
/// a missing or malformed one gets its own message.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceInput {
    /// 案件编号
    pub case_number: Option<String>,
    /// 采集时间（北京时间 YYYY-MM-DD HH:MM[:SS]，或带时区的 RFC 3339）
    pub captured_at: Option<String>,
    /// 采集地点
    pub capture_place: Option<String>,
    /// 采集人（执法人员编号）
    pub collector_officer_id: Option<String>,
    /// 证明对象
    pub proof_object: Option<String>,
    /// 采集设备编号
    pub device_id: Option<String>,
    /// 文件格式（扩展名，如 mp4、jpg、pdf）
    pub format: Option<String>,
    /// 原文件名
    pub file_name: Option<String>,
    /// 当事人公民身份号码或统一社会信用代码
    pub target: Option<String>,
    /// 当事人名称
    pub target_name: Option<String>,
    /// 设备计算的 SM3 值（十六进制）
    pub device_sm3: Option<String>,
    /// 设备计算的 SHA-256 值（十六进制）
    pub device_sha256: Option<String>,
}

/// Validated metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEvidence {
    /// case number
    pub case_number: String,
    /// capture instant
    pub captured_at: DateTime<Utc>,
    /// capture place
    pub capture_place: String,
    /// collecting officer
    pub collector_officer_id: i64,
    /// 证明对象
    pub proof_object: String,
    /// device
    pub device_id: String,
    /// extension
    pub format: &'static str,
    /// media type
    pub media_type: &'static str,
    /// kind
    pub kind: EvidenceKind,
    /// original file name (base name only)
    pub file_name: Option<String>,
    /// the target
    pub target: Option<Target>,
    /// the target's name
    pub target_name: Option<String>,
    /// SM3 the device computed
    pub device_sm3: Option<String>,
    /// SHA-256 the device computed
    pub device_sha256: Option<String>,
}

/// How far in the future a capture time may lie (device clocks drift).
const CLOCK_SKEW_MINUTES: i64 = 10;

/// Parses a capture time: Beijing time `YYYY-MM-DD HH:MM[:SS]` (or with `T`), or RFC 3339.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    let t = fold_width(s.trim());
    if let Ok(d) = DateTime::parse_from_rfc3339(&t) {
        return Ok(d.with_timezone(&Utc));
    }
    let t = t.replace('T', " ");
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(&t, f) {
            return crate::time::shanghai()
                .from_local_datetime(&n)
                .single()
                .map(|d| d.with_timezone(&Utc))
                .ok_or_else(|| "时间无效".to_string());
        }
    }
    Err(format!("“{}”不是有效的时间，应为 YYYY-MM-DD HH:MM（北京时间）", s.trim()))
}

fn hex_digest(inv: &mut Invalid, field: &str, label: &str, v: Option<&str>) -> Option<String> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?;
    if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
        Some(v.to_ascii_lowercase())
    } else {
        inv.push(field, format!("{label}应为64位十六进制数"));
        None
    }
}

/// The base name of a client-supplied file name, without directories or control characters.
fn base_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    last.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string()
}

impl EvidenceInput {
    /// Validates every field; `now` bounds the capture time.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidEvidence, Invalid> {
        let mut inv = Invalid::default();
        let get = |v: &Option<String>| v.clone().unwrap_or_default();
        let case_number = required_text(&mut inv, "case_number", "案件编号", &get(&self.case_number), 64);
        let captured_at = match self.captured_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                inv.push("captured_at", "采集时间不能为空");
                None
            }
            Some(s) => match parse_instant(s) {
                Ok(t) if t > now + chrono::Duration::minutes(CLOCK_SKEW_MINUTES) => {
                    inv.push("captured_at", "采集时间不能晚于当前时间");
                    None
                }
                Ok(t) => Some(t),
                Err(e) => {
                    inv.push("captured_at", e);
                    None
                }
            },
        };
        let capture_place = required_text(&mut inv, "capture_place", "采集地点", &get(&self.capture_place), 200);
        let collector = match self.collector_officer_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                inv.push("collector_officer_id", "采集人不能为空");
                0
            }
            Some(s) => match s.parse::<i64>() {
                Ok(n) if n > 0 => n,
                _ => {
                    inv.push("collector_officer_id", "采集人应为执法人员编号");
                    0
                }
            },
        };
        let proof_object = required_text(&mut inv, "proof_object", "证明对象", &get(&self.proof_object), 500);
        let device_id = required_text(&mut inv, "device_id", "采集设备编号", &get(&self.device_id), 100);
        let fmt = match self.format.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                inv.push("format", "文件格式不能为空");
                None
            }
            Some(f) => match format(f) {
                Some(x) => Some(x),
                None => {
                    let known: Vec<&str> = FORMATS.iter().map(|f| f.0).collect();
                    inv.push("format", format!("不支持的文件格式“{f}”，可用：{}", known.join("、")));
                    None
                }
            },
        };
        let file_name = self.file_name.as_deref().map(base_name).filter(|s| !s.is_empty());
        let file_name = optional_text(&mut inv, "file_name", "文件名", file_name.as_deref(), 200);
        let target = match self.target.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(t) => inv.check("target", Target::parse(t)),
        };
        let target_name = optional_text(&mut inv, "target_name", "当事人名称", self.target_name.as_deref(), 100);
        if target_name.is_some() && target.is_none() {
            inv.push("target", "填写当事人名称时须同时填写其证件号码");
        }
        let device_sm3 = hex_digest(&mut inv, "device_sm3", "设备SM3值", self.device_sm3.as_deref());
        let device_sha256 = hex_digest(&mut inv, "device_sha256", "设备SHA-256值", self.device_sha256.as_deref());
        let (format, media_type, kind) = fmt.unwrap_or(FORMATS[0]);
        inv.into_result(ValidEvidence {
            case_number,
            captured_at: captured_at.unwrap_or(now),
            capture_place,
            collector_officer_id: collector,
            proof_object,
            device_id,
            format,
            media_type,
            kind,
            file_name,
            target,
            target_name,
            device_sm3,
            device_sha256,
        })
    }
}

/// Whether a caller must state a purpose to view or download an item (调阅监督). Those who
/// work the case in their own body (the collecting officer, the body's legal reviewers and
/// heads) do not; everyone else does: other officers of the body, body administrators, the
/// justice bureau's supervisors and system administrators.
pub fn purpose_required(role: Role, collected_it: bool) -> bool {
    match role {
        Role::Officer => !collected_it,
        Role::Reviewer | Role::Head => false,
        Role::BodyAdmin | Role::Supervisor | Role::SystemAdmin => true,
    }
}

/// Checks a stated purpose: required ones must say something (at least 4 characters).
pub fn check_purpose(required: bool, purpose: Option<&str>) -> Result<Option<String>, Invalid> {
    let p = purpose.map(str::trim).filter(|p| !p.is_empty());
    match p {
        None if required => Err(Invalid::field("purpose", "调阅此材料须说明调阅事由")),
        Some(p) if p.chars().count() < 4 => Err(Invalid::field("purpose", "调阅事由过于简单，请具体说明")),
        Some(p) if p.chars().count() > 200 => Err(Invalid::field("purpose", "调阅事由不能超过200个字")),
        _ => Ok(p.map(str::to_string)),
    }
}

/// Which of the two approvals a deletion needs a role gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    /// 机关负责人 of the evidence's body
    Head,
    /// 司法局监督人员
    Supervisor,
}

/// The approvals a deletion request has so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeletionApprovals {
    /// who asked
    pub requested_by: Option<i64>,
    /// the head who approved
    pub head: Option<i64>,
    /// the supervisor who approved
    pub supervisor: Option<i64>,
}

impl DeletionApprovals {
    /// Both approvals given: the item may be deleted.
    pub fn complete(&self) -> bool {
        self.head.is_some() && self.supervisor.is_some()
    }
}

/// Checks one approval of a deletion: deleting evidence takes the head of its body and a
/// supervisor of the justice bureau, two different people, neither of them the requester.
pub fn check_approval(state: &DeletionApprovals, approver: i64, role: Role) -> Result<Approval, String> {
    if state.requested_by == Some(approver) {
        return Err("申请人不能批准自己提出的删除申请".into());
    }
    if state.head == Some(approver) || state.supervisor == Some(approver) {
        return Err("同一人不能两次批准".into());
    }
    match role {
        Role::Head if state.head.is_some() => Err("机关负责人已经批准过该申请".into()),
        Role::Head => Ok(Approval::Head),
        Role::Supervisor if state.supervisor.is_some() => Err("司法局监督人员已经批准过该申请".into()),
        Role::Supervisor => Ok(Approval::Supervisor),
        _ => Err("删除证据须由机关负责人和司法局监督人员批准".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> EvidenceInput {
        EvidenceInput {
            case_number: Some("津宝城管罚〔2026〕12号".into()),
            captured_at: Some("2026-11-20 09:30".into()),
            capture_place: Some("宝坻区南城东路12号".into()),
            collector_officer_id: Some("3".into()),
            proof_object: Some("当事人占道经营的事实".into()),
            device_id: Some("DSJ-0012".into()),
            format: Some("MP4".into()),
            file_name: Some("C:\\执法记录\\现场.mp4".into()),
            target: Some("91120224MA05K1234X".into()),
            ..Default::default()
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap()
    }

    #[test]
    fn complete_metadata_is_accepted_and_normalised() {
        let mut input = full();
        input.target = None;
        let v = input.validate(now()).unwrap();
        assert_eq!(v.format, "mp4");
        assert_eq!(v.kind, EvidenceKind::Video);
        assert_eq!(v.file_name.as_deref(), Some("现场.mp4"));
        // 09:30 Beijing time is 01:30 UTC.
        assert_eq!(v.captured_at, Utc.with_ymd_and_hms(2026, 11, 20, 1, 30, 0).unwrap());
    }

    #[test]
    fn each_missing_required_field_is_named() {
        for field in [
            "case_number",
            "captured_at",
            "capture_place",
            "collector_officer_id",
            "proof_object",
            "device_id",
            "format",
        ] {
            let mut input = full();
            input.target = None;
            match field {
                "case_number" => input.case_number = None,
                "captured_at" => input.captured_at = Some("  ".into()),
                "capture_place" => input.capture_place = None,
                "collector_officer_id" => input.collector_officer_id = None,
                "proof_object" => input.proof_object = Some(String::new()),
                "device_id" => input.device_id = None,
                _ => input.format = None,
            }
            let err = input.validate(now()).unwrap_err();
            assert_eq!(err.errors.len(), 1, "{field}: {err}");
            assert_eq!(err.errors[0].field, field);
            assert!(err.errors[0].message.contains("不能为空"), "{field}: {err}");
        }
    }

    #[test]
    fn bad_values_are_refused() {
        let mut input = full();
        input.captured_at = Some("2026-12-01 08:00".into());
        input.format = Some("exe".into());
        input.collector_officer_id = Some("张三".into());
        input.device_sm3 = Some("abc".into());
        input.target = Some("123".into());
        let err = input.validate(now()).unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["captured_at", "collector_officer_id", "format", "target", "device_sm3"]);
        assert!(err.errors[0].message.contains("不能晚于当前时间"));
    }

    #[test]
    fn targets_are_persons_or_organisations() {
        assert!(matches!(Target::parse("11010519491231002X"), Ok(Target::Person(_))));
        assert!(matches!(Target::parse("91350100M000100Y43"), Ok(Target::Organisation(_))));
        assert!(Target::parse("110105194912310021").is_err());
    }

    #[test]
    fn purposes_are_demanded_of_those_outside_the_case() {
        assert!(!purpose_required(Role::Officer, true));
        assert!(purpose_required(Role::Officer, false));
        assert!(purpose_required(Role::Supervisor, false));
        assert!(purpose_required(Role::SystemAdmin, true));
        assert!(check_purpose(true, None).is_err());
        assert!(check_purpose(true, Some("看看")).is_err());
        assert_eq!(check_purpose(true, Some("办理行政复议案件需要")).unwrap().as_deref(), Some("办理行政复议案件需要"));
        assert_eq!(check_purpose(false, None).unwrap(), None);
    }

    #[test]
    fn deletion_takes_a_head_and_a_supervisor_neither_the_requester() {
        let mut s = DeletionApprovals { requested_by: Some(1), ..Default::default() };
        assert!(check_approval(&s, 1, Role::Head).is_err());
        assert!(check_approval(&s, 2, Role::Officer).is_err());
        assert_eq!(check_approval(&s, 2, Role::Head), Ok(Approval::Head));
        s.head = Some(2);
        assert!(!s.complete());
        assert!(check_approval(&s, 3, Role::Head).is_err());
        assert_eq!(check_approval(&s, 4, Role::Supervisor), Ok(Approval::Supervisor));
        s.supervisor = Some(4);
        assert!(s.complete());
    }
}
