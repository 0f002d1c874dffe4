//! The hashed form of each journaled table, declared once: the fields the journal's content
//! hash covers, in the form older entries were hashed in. A row type (what the database
//! returns and the API shows) may gain columns freely; its hash changes only if its form here
//! changes, and the golden tests (`golden.rs`) pin every form. A field left out when empty
//! (`none`, `not`) is a column added after rows were first journaled without it.

use super::Journaled;
use crate::model::*;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use zhifa_core::access::Role;
use zhifa_core::annual::ReportStatus;
use zhifa_core::case::{CaseKind, CaseSource, Stage, StepKind};
use zhifa_core::doc::{DocKind, TemplateStatus};
use zhifa_core::evidence::{DeletionStatus, EvidenceKind, EvidenceStatus};
use zhifa_core::lists::ListKind;
use zhifa_core::publicity::{Category, PublicationStatus};
use zhifa_core::registry::{BodyKind, CertificateStatus, ChangeKind, PowerCategory, ProcedureKind, ReviewerKind};
use zhifa_core::spotcheck::{ObjectKind, TaskStatus};
use zhifa_core::supervision::Severity;
use zhifa_core::supervision::complaints::{Category as ComplaintCategory, Channel, ComplaintAct, ComplaintStatus};
use zhifa_core::supervision::evaluation::{CampaignStatus, FileStatus, SheetRole};
use zhifa_core::supervision::oversight::{ClueAct, NoticeKind, NoticeStatus};

fn none<T>(v: &&Option<T>) -> bool {
    v.is_none()
}

fn not(v: &&bool) -> bool {
    !**v
}

/// Declares a row type journaled in `table`, with its hashed form: a struct of references to
/// the listed fields, serialized (keys sorted) for the content hash.
macro_rules! journaled {
    ($row:ty, $table:literal, $form:ident { $( $(#[$m:meta])* $field:ident : $ty:ty ),* $(,)? }) => {
        #[doc = concat!("The hashed form of a row of `", $table, "`.")]
        #[derive(Debug, Serialize)]
        pub struct $form<'a> {
            $( $(#[$m])* #[allow(missing_docs)] pub $field: &'a $ty, )*
        }
        impl Journaled for $row {
            const TABLE: &'static str = $table;
            type Hashed<'a> = $form<'a>;
            fn row_id(&self) -> i64 {
                self.id
            }
            fn hashed(&self) -> $form<'_> {
                $form { $( $field: &self.$field, )* }
            }
        }
    };
}

journaled! {
    Body, "bodies", BodyV1 {
        id: i64,
        name: String,
        kind: BodyKind,
        entrusting_body_id: Option<i64>,
        parent_id: Option<i64>,
        area: String,
        legal_basis: String,
        address: Option<String>,
        phone: Option<String>,
        reconsideration_organ: String,
        court: String,
        review_organ: String,
        is_supervisor: bool,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "none")] publication_days: Option<i64>,
    }
}
journaled! {
    Officer, "officers", OfficerV1 {
        id: i64,
        body_id: i64,
        name: String,
        id_number: Option<String>,
        post: String,
        domains: String,
        legal_qualification_no: Option<String>,
        phone: Option<String>,
        active: bool,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    }
}
journaled! {
    Training, "officer_training", TrainingV1 {
        id: i64,
        officer_id: i64,
        date: NaiveDate,
        title: String,
        hours: Option<i32>,
        exam_score: Option<i32>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    Certificate, "certificates", CertificateV1 {
        id: i64,
        officer_id: i64,
        number: String,
        issuer: String,
        domain: String,
        area: String,
        valid_from: NaiveDate,
        valid_to: NaiveDate,
        status: CertificateStatus,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    }
}
journaled! {
    CertificateEvent, "certificate_events", CertificateEventV1 {
        id: i64,
        certificate_id: i64,
        from_status: Option<String>,
        to_status: String,
        reason: String,
        effective_date: NaiveDate,
        actor_user_id: Option<i64>,
        at: DateTime<Utc>,
    }
}
journaled! {
    Reviewer, "reviewers", ReviewerV1 {
        id: i64,
        officer_id: i64,
        body_id: i64,
        kind: ReviewerKind,
        since: NaiveDate,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    PowerItem, "power_items", PowerItemV1 {
        id: i64,
        body_id: i64,
        code: String,
        version: i32,
        name: String,
        category: PowerCategory,
        legal_basis: String,
        procedure_kind: ProcedureKind,
        time_limit_days: Option<i32>,
        time_limit_working: bool,
        #[serde(skip_serializing_if = "not")] hearing: bool,
        remedy: String,
        effective_from: NaiveDate,
        change_kind: ChangeKind,
        change_reason: String,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "none")] conditions: Option<String>,
        #[serde(skip_serializing_if = "none")] materials: Option<String>,
        #[serde(skip_serializing_if = "none")] retroactivity: Option<String>,
    }
}
journaled! {
    UserRow, "users", UserV1 {
        id: i64,
        username: String,
        display_name: String,
        role: Role,
        body_id: Option<i64>,
        officer_id: Option<i64>,
        active: bool,
        created_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "not")] must_change_password: bool,
    }
}
journaled! {
    AccessEntry, "access_log", AccessEntryV1 {
        id: i64,
        at: DateTime<Utc>,
        user_id: Option<i64>,
        ip: Option<String>,
        object_table: String,
        object_id: i64,
        body_id: Option<i64>,
        purpose: Option<String>,
    }
}
journaled! {
    Evidence, "evidence", EvidenceV1 {
        id: i64,
        body_id: i64,
        case_number: String,
        kind: EvidenceKind,
        format: String,
        media_type: String,
        file_name: Option<String>,
        size_bytes: i64,
        sm3: String,
        sha256: String,
        captured_at: DateTime<Utc>,
        capture_place: String,
        collector_officer_id: i64,
        proof_object: String,
        device_id: String,
        device_hash_checked: bool,
        target_kind: Option<String>,
        target_id: Option<String>,
        target_name: Option<String>,
        uploaded_by: Option<i64>,
        created_at: DateTime<Utc>,
        status: EvidenceStatus,
        deleted_at: Option<DateTime<Utc>>,
    }
}
journaled! {
    EvidenceDeletion, "evidence_deletions", EvidenceDeletionV1 {
        id: i64,
        evidence_id: i64,
        reason: String,
        requested_by: Option<i64>,
        requested_at: DateTime<Utc>,
        head_approved_by: Option<i64>,
        head_approved_at: Option<DateTime<Utc>>,
        supervisor_approved_by: Option<i64>,
        supervisor_approved_at: Option<DateTime<Utc>>,
        status: DeletionStatus,
        decided_at: Option<DateTime<Utc>>,
    }
}
journaled! {
    Case, "cases", CaseV1 {
        id: i64,
        body_id: i64,
        number: String,
        kind: CaseKind,
        power_item_id: i64,
        power_item_code: String,
        power_item_name: String,
        source: CaseSource,
        domain: String,
        facts: String,
        parties: String,
        party_names: String,
        officer_ids: String,
        act_date: Option<NaiveDate>,
        act_ended: Option<NaiveDate>,
        discovered_on: Option<NaiveDate>,
        serious_harm: bool,
        complex: bool,
        stage: Stage,
        suspended: bool,
        filed_on: Option<NaiveDate>,
        next_due: Option<NaiveDate>,
        next_due_what: Option<String>,
        step_count: i64,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "none")] item_basis: Option<String>,
    }
}
journaled! {
    CaseStep, "case_steps", CaseStepV1 {
        id: i64,
        case_id: i64,
        seq: i64,
        kind: StepKind,
        occurred_at: DateTime<Utc>,
        data: String,
        stage_after: Stage,
        recorded_by: Option<i64>,
        recorded_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "none")] signing_key_id: Option<i64>,
        #[serde(skip_serializing_if = "none")] signature: Option<String>,
    }
}
journaled! {
    DocTemplate, "doc_templates", DocTemplateV1 {
        id: i64,
        body_id: i64,
        kind: DocKind,
        version: i64,
        content: String,
        content_sha256: String,
        note: String,
        status: TemplateStatus,
        filed_by: Option<i64>,
        filed_at: DateTime<Utc>,
        decided_by: Option<i64>,
        decided_at: Option<DateTime<Utc>>,
        decision_note: Option<String>,
    }
}
journaled! {
    Document, "documents", DocumentV1 {
        id: i64,
        case_id: i64,
        body_id: i64,
        kind: DocKind,
        step_id: Option<i64>,
        number: Option<String>,
        template_id: Option<i64>,
        template_version: i64,
        template_sha256: String,
        content: String,
        pdf_sm3: String,
        pdf_sha256: String,
        pdf_size: i64,
        pages: i64,
        issued_by: Option<i64>,
        issued_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "none")] verify_code: Option<String>,
    }
}
journaled! {
    ArchiveReport, "archive_reports", ArchiveReportV1 {
        id: i64,
        case_id: Option<i64>,
        body_id: Option<i64>,
        case_number: String,
        occasion: String,
        passed: bool,
        report: String,
        package_sm3: String,
        package_size: i64,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    AnnualReport, "annual_reports", AnnualReportV1 {
        id: i64,
        scope: String,
        body_id: Option<i64>,
        year: i64,
        status: ReportStatus,
        compiled: String,
        figures: String,
        due_on: NaiveDate,
        drafted_at: DateTime<Utc>,
        published_at: Option<DateTime<Utc>>,
        published_by: Option<i64>,
        updated_at: DateTime<Utc>,
    }
}
journaled! {
    AnnualReportEdit, "annual_report_edits", AnnualReportEditV1 {
        id: i64,
        report_id: i64,
        metric: String,
        old_value: i64,
        new_value: i64,
        reason: String,
        edited_by: Option<i64>,
        edited_at: DateTime<Utc>,
    }
}
journaled! {
    BodyList, "body_lists", BodyListV1 {
        id: i64,
        body_id: i64,
        kind: ListKind,
        version: i64,
        items: String,
        effective_from: NaiveDate,
        reason: String,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    ReviewList, "review_lists", ReviewListV1 {
        id: i64,
        body_id: i64,
        version: i64,
        items: String,
        effective_from: NaiveDate,
        reason: String,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "none")] review_days: Option<i64>,
    }
}
journaled! {
    ReviewMark, "review_marks", ReviewMarkV1 {
        id: i64,
        case_id: i64,
        body_id: i64,
        marks: String,
        reason: String,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    ReviewSubmission, "review_submissions", ReviewSubmissionV1 {
        id: i64,
        case_id: i64,
        body_id: i64,
        version: i64,
        content: String,
        content_sm3: String,
        submitted_by: Option<i64>,
        submitted_officer_id: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    ReviewEvent, "review_events", ReviewEventV1 {
        id: i64,
        case_id: i64,
        body_id: i64,
        seq: i64,
        event: String,
        version: i64,
        outcome: Option<String>,
        content: String,
        content_sm3: String,
        actor_user_id: Option<i64>,
        actor_officer_id: Option<i64>,
        actor_role: String,
        created_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "none")] signing_key_id: Option<i64>,
        #[serde(skip_serializing_if = "none")] signature: Option<String>,
    }
}
journaled! {
    SigningKey, "signing_keys", SigningKeyV1 {
        id: i64,
        user_id: i64,
        public_key: String,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    HolidayYear, "holiday_years", HolidayYearV1 {
        id: i64,
        year: i64,
        schedule: String,
        source: String,
        imported_by: Option<i64>,
        imported_at: DateTime<Utc>,
    }
}
journaled! {
    Publication, "publications", PublicationV1 {
        id: i64,
        body_id: i64,
        case_id: i64,
        step_id: i64,
        category: Category,
        decided_on: NaiveDate,
        due_on: Option<NaiveDate>,
        light: bool,
        status: PublicationStatus,
        excluded_rule: Option<String>,
        excluded_reason: Option<String>,
        doc_number: Option<String>,
        party: Option<String>,
        subject: Option<String>,
        legal_basis: Option<String>,
        conclusion: Option<String>,
        full_text: Option<String>,
        content_sm3: Option<String>,
        masked: Option<String>,
        published_on: Option<NaiveDate>,
        published_at: Option<DateTime<Utc>>,
        published_by: Option<i64>,
        expires_on: Option<NaiveDate>,
        change_ground: Option<String>,
        change_by: Option<String>,
        changed_on: Option<NaiveDate>,
        change_note: Option<String>,
        withdrawal_due: Option<NaiveDate>,
        withdrawn_at: Option<DateTime<Utc>>,
        withdrawn_by: Option<i64>,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
        #[serde(skip_serializing_if = "none")] penalty_kinds: Option<String>,
    }
}
journaled! {
    ArchiveSeal, "archive_seals", ArchiveSealV1 {
        id: i64,
        case_id: i64,
        body_id: i64,
        case_number: String,
        occasion: String,
        manifest_sm3: String,
        items: String,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    PublicNotice, "public_notices", PublicNoticeV1 {
        id: i64,
        publication_id: i64,
        act: String,
        body_id: i64,
        body_name: String,
        category: String,
        doc_number: Option<String>,
        subject: Option<String>,
        text_sm3: String,
        ground: Option<String>,
        effective_on: NaiveDate,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    Clue, "clues", ClueV1 {
        id: i64,
        rule: String,
        rule_version: i64,
        subject: String,
        finding: String,
        body_id: i64,
        case_id: Option<i64>,
        officer_id: Option<i64>,
        severity: Severity,
        summary: String,
        inputs: String,
        inputs_hash: String,
        raised_at: DateTime<Utc>,
        closed_at: Option<DateTime<Utc>>,
        close_reason: Option<String>,
        superseded_by: Option<i64>,
    }
}
journaled! {
    WarningSettings, "warning_settings", WarningSettingsV1 {
        id: i64,
        thresholds: String,
        reason: String,
        set_by: Option<i64>,
        set_at: DateTime<Utc>,
    }
}
journaled! {
    SupervisionNotice, "supervision_notices", SupervisionNoticeV1 {
        id: i64,
        kind: NoticeKind,
        number: String,
        year: i64,
        seq: i64,
        issuer_body_id: i64,
        body_id: i64,
        clue_id: Option<i64>,
        case_id: Option<i64>,
        subject: String,
        facts: String,
        basis: String,
        requirement: String,
        reply_days: i64,
        deadline: NaiveDate,
        round: i64,
        content: String,
        content_sha256: String,
        status: NoticeStatus,
        issued_by: Option<i64>,
        issued_at: DateTime<Utc>,
        closed_at: Option<DateTime<Utc>>,
    }
}
journaled! {
    ClueAction, "clue_actions", ClueActionV1 {
        id: i64,
        clue_id: i64,
        act: ClueAct,
        route: Option<String>,
        note: Option<String>,
        notice_id: Option<i64>,
        acted_by: Option<i64>,
        acted_at: DateTime<Utc>,
    }
}
journaled! {
    NoticeReply, "notice_replies", NoticeReplyV1 {
        id: i64,
        notice_id: i64,
        round: i64,
        text: String,
        evidence_ids: String,
        document_ids: String,
        late: bool,
        replied_by: Option<i64>,
        replied_at: DateTime<Utc>,
        verdict: Option<String>,
        verdict_note: Option<String>,
        verdict_by: Option<i64>,
        verdict_at: Option<DateTime<Utc>>,
    }
}
journaled! {
    Complaint, "complaints", ComplaintV1 {
        id: i64,
        tracking_code: String,
        channel: Channel,
        hotline_order: Option<String>,
        category: ComplaintCategory,
        named_body_id: Option<i64>,
        body_id: Option<i64>,
        subject: String,
        content: String,
        happened_on: Option<NaiveDate>,
        place: Option<String>,
        document_number: Option<String>,
        case_id: Option<i64>,
        officer_id: Option<i64>,
        complainant_name: Option<String>,
        complainant_phone: Option<String>,
        complainant_address: Option<String>,
        status: ComplaintStatus,
        received_on: NaiveDate,
        objected_on: Option<NaiveDate>,
        assigned_on: Option<NaiveDate>,
        accepted_on: Option<NaiveDate>,
        refused_on: Option<NaiveDate>,
        extension_days: Option<i64>,
        extension_reason: Option<String>,
        concluded_on: Option<NaiveDate>,
        finding: Option<String>,
        opinion: Option<String>,
        basis: Option<String>,
        answered_on: Option<NaiveDate>,
        answer_method: Option<String>,
        review_asked_on: Option<NaiveDate>,
        reviewed_on: Option<NaiveDate>,
        review_finding: Option<String>,
        review_opinion: Option<String>,
        recheck_asked_on: Option<NaiveDate>,
        rechecked_on: Option<NaiveDate>,
        recheck_finding: Option<String>,
        recheck_opinion: Option<String>,
        registered_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    ComplaintActRecord, "complaint_acts", ComplaintActRecordV1 {
        id: i64,
        complaint_id: i64,
        act: ComplaintAct,
        body_id: Option<i64>,
        note: Option<String>,
        days: Option<i64>,
        finding: Option<String>,
        method: Option<String>,
        acted_on: NaiveDate,
        late: bool,
        acted_by: Option<i64>,
        acted_at: DateTime<Utc>,
    }
}
journaled! {
    EvaluationStandard, "evaluation_standards", EvaluationStandardV1 {
        id: i64,
        version: i64,
        name: String,
        content: String,
        content_sm3: String,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    EvaluationCampaign, "evaluation_campaigns", EvaluationCampaignV1 {
        id: i64,
        task: String,
        title: String,
        period_from: NaiveDate,
        period_to: NaiveDate,
        kinds: String,
        standard_id: i64,
        params: String,
        gap: i64,
        files_roster: String,
        reviewers_roster: String,
        conflicts_roster: String,
        files_root: String,
        reviewers_root: String,
        conflicts_root: String,
        entropy_source: String,
        entropy_at: DateTime<Utc>,
        announcements: i64,
        reannounce_reason: Option<String>,
        entropy: Option<String>,
        prk: Option<String>,
        status: CampaignStatus,
        announced_at: DateTime<Utc>,
        drawn_at: Option<DateTime<Utc>>,
        published_at: Option<DateTime<Utc>>,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    EvaluationFile, "evaluation_files", EvaluationFileV1 {
        id: i64,
        campaign_id: i64,
        case_id: i64,
        body_id: i64,
        case_number: String,
        score: String,
        status: FileStatus,
        total: Option<i64>,
        grade: Option<String>,
        settled_at: Option<DateTime<Utc>>,
    }
}
journaled! {
    EvaluationSheet, "evaluation_sheets", EvaluationSheetV1 {
        id: i64,
        campaign_id: i64,
        file_id: i64,
        reviewer_id: i64,
        reviewer_body_id: Option<i64>,
        role: SheetRole,
        rank_score: String,
        sheet: Option<String>,
        total: Option<i64>,
        vetoed: Option<bool>,
        submitted_at: Option<DateTime<Utc>>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    AssessmentWeights, "assessment_weights", AssessmentWeightsV1 {
        id: i64,
        weights: String,
        reason: String,
        set_by: Option<i64>,
        set_at: DateTime<Utc>,
    }
}
journaled! {
    AssessmentPublication, "assessment_publications", AssessmentPublicationV1 {
        id: i64,
        year: i64,
        weights_id: Option<i64>,
        weights: String,
        result: String,
        result_sm3: String,
        published_by: Option<i64>,
        published_at: DateTime<Utc>,
    }
}
journaled! {
    ObjectRoster, "object_rosters", ObjectRosterV1 {
        id: i64,
        body_id: i64,
        version: i64,
        source: String,
        objects: i64,
        root: String,
        note: Option<String>,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    RosterObjectRow, "roster_objects", RosterObjectV1 {
        id: i64,
        roster_id: i64,
        credit_code: String,
        name: String,
        kind: ObjectKind,
        industry: String,
        area: String,
        risk: Option<String>,
        abnormal: bool,
    }
}
journaled! {
    SpotcheckTask, "spotcheck_tasks", SpotcheckTaskV1 {
        id: i64,
        task: String,
        title: String,
        body_id: i64,
        joint_bodies: String,
        item_code: String,
        item_name: String,
        domain: String,
        roster_id: i64,
        strata: String,
        params: String,
        objects_roster: String,
        people_roster: String,
        conflicts_roster: String,
        objects_root: String,
        people_root: String,
        conflicts_root: String,
        excluded: String,
        entropy_source: String,
        entropy_at: DateTime<Utc>,
        announcements: i64,
        reannounce_reason: Option<String>,
        entropy: Option<String>,
        prk: Option<String>,
        status: TaskStatus,
        announced_at: DateTime<Utc>,
        drawn_at: Option<DateTime<Utc>>,
        created_by: Option<i64>,
        created_at: DateTime<Utc>,
    }
}
journaled! {
    SpotcheckPick, "spotcheck_picks", SpotcheckPickV1 {
        id: i64,
        task_id: i64,
        body_id: i64,
        rank: i64,
        credit_code: String,
        name: String,
        stratum: String,
        score: String,
        inspectors: String,
        reserves: String,
        case_id: Option<i64>,
        inspected_on: Option<NaiveDate>,
        result: Option<String>,
        publish_due: Option<NaiveDate>,
        published_at: Option<DateTime<Utc>>,
    }
}
