//! Who may do what: roles and the body-scope policy. Every route asks [`allowed`] before it
//! touches data; reads are also filtered by [`Scope`] in storage.

use serde::{Deserialize, Serialize};

/// A role of an account. The anonymous public has no account and no role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: runs the installation; all bodies.
    SystemAdmin,
    /// 执法主体管理员: maintains its own body's officers, certificates, power list and accounts.
    BodyAdmin,
    /// 执法人员: an enforcement officer of one body.
    Officer,
    /// 法制审核人员: a legal reviewer of one body.
    Reviewer,
    /// 机关负责人: the head of a body.
    Head,
    /// 监督人员: the district justice bureau; reads across all bodies, manages certificates.
    Supervisor,
}

impl Role {
    /// All roles, in the order they are shown.
    pub const ALL: [Role; 6] =
        [Role::SystemAdmin, Role::BodyAdmin, Role::Officer, Role::Reviewer, Role::Head, Role::Supervisor];

    /// The Chinese name shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Role::SystemAdmin => "系统管理员",
            Role::BodyAdmin => "执法主体管理员",
            Role::Officer => "执法人员",
            Role::Reviewer => "法制审核人员",
            Role::Head => "机关负责人",
            Role::Supervisor => "监督人员",
        }
    }
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system_admin",
            Role::BodyAdmin => "body_admin",
            Role::Officer => "officer",
            Role::Reviewer => "reviewer",
            Role::Head => "head",
            Role::Supervisor => "supervisor",
        }
    }
    /// Parses a stored code or a Chinese label.
    pub fn parse(s: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s.trim() || r.label() == s.trim())
            .ok_or_else(|| format!("未知角色“{}”", s.trim()))
    }
    /// Whether this role sees every body (not only its own).
    pub fn is_district_wide(self) -> bool {
        matches!(self, Role::SystemAdmin | Role::Supervisor)
    }
    /// Whether an account of this role must belong to a body.
    pub fn needs_body(self) -> bool {
        !matches!(self, Role::SystemAdmin)
    }
}

/// A stored role code read back (storage decodes its columns through this).
impl TryFrom<String> for Role {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

/// The bodies whose internal data a caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every body (system administrators and justice-bureau supervisors).
    All,
    /// One body only.
    Body(i64),
}

impl Scope {
    /// Whether `body_id` lies in this scope.
    pub fn covers(self, body_id: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Body(b) => b == body_id,
        }
    }
    /// The one body, if the scope is narrowed to one.
    pub fn body(self) -> Option<i64> {
        match self {
            Scope::All => None,
            Scope::Body(b) => Some(b),
        }
    }
}

/// The signed-in caller, as the policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    /// The account id.
    pub user_id: i64,
    /// The account's role.
    pub role: Role,
    /// The body the account belongs to (none only for system administrators).
    pub body_id: Option<i64>,
}

impl Caller {
    /// The read scope of this caller.
    pub fn scope(&self) -> Scope {
        if self.role.is_district_wide() {
            Scope::All
        } else {
            // An account without a body that is not district-wide sees nothing: body 0 never exists.
            Scope::Body(self.body_id.unwrap_or(0))
        }
    }
}

/// An action on registry data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read a body's internal registry data (officers, certificates, power list, reviewers).
    ReadRegistry,
    /// Create or change an enforcement body.
    WriteBody,
    /// Create or change officers, their training and reviewers.
    WriteOfficer,
    /// Register a certificate.
    CreateCertificate,
    /// Change a certificate's status (暂扣, 注销, 恢复).
    ChangeCertificateStatus,
    /// Create or amend power-list items.
    WritePowerList,
    /// Create accounts and revoke sessions.
    ManageUsers,
    /// Import registry data from a file.
    Import,
    /// Read who looked at which record (调阅监督).
    SuperviseAccess,
    /// 上传证据（执法人员，本机关）
    UploadEvidence,
    /// 查看、下载证据（本机关办案人员；司法局监督人员须说明事由）
    ViewEvidence,
    /// 申请删除证据
    RequestEvidenceDeletion,
    /// 批准删除证据（机关负责人、司法局监督人员）
    ApproveEvidenceDeletion,
    /// 查阅案件（本机关；司法局监督人员全部）
    ReadCases,
    /// 登记案件（执法人员、机关负责人）
    CreateCase,
    /// 记录办案环节（执法人员、法制审核人员、机关负责人；各环节由哪一岗位记录由办案程序决定）
    RecordStep,
    /// 导入节假日安排（系统管理员）
    ImportCalendar,
    /// 制作、签发文书（本机关执法人员、机关负责人）
    IssueDocument,
    /// 查看文书模板库（各机关；司法局全部）
    ReadTemplates,
    /// 调整本机关文书模板并报司法局备案（执法主体管理员、机关负责人）
    FileTemplate,
    /// 审查文书模板备案（司法局监督人员）
    ApproveTemplate,
    /// 法制审核送审、对审核意见提出异议（本案承办人员、机关负责人）
    SubmitReview,
    /// 法制审核、记录协商结果（本机关法制审核人员）
    ReviewCase,
    /// 处理审核意见分歧（机关负责人）
    RuleOnReview,
    /// 标记案件属于法制审核范围（执法人员、法制审核人员、机关负责人；只增不减）
    MarkForReview,
    /// 制定、修改本机关法制审核事项清单（机关负责人、执法主体管理员）
    WriteReviewList,
    /// 查看公示任务和期限（本机关；司法局全部）
    ReadPublications,
    /// 确认公开、不予公开、撤回公示（本机关执法人员、机关负责人、执法主体管理员）
    Publish,
    /// 登记决定被变更、撤销、确认违法或无效（本机关；司法局作为复议机关）
    RegisterDecisionChange,
    /// 制定、修改本机关“双随机”抽查事项清单和行政处罚裁量基准（机关负责人、执法主体管理员）
    WriteBodyLists,
    /// 编制、修改（说明理由）和公开行政执法统计年报（本机关负责人、管理员；全区年报由司法局）
    CompileAnnualReport,
    /// 查看预警线索（司法局全部；本机关负责人、管理员本机关）
    ReadWarnings,
    /// 调整全区预警阈值（司法局监督人员）
    SetWarnings,
    /// 督办：处置预警线索、制发监督文书、审查回复（司法局监督人员）
    Supervise,
    /// 回复监督文书（本机关负责人、执法主体管理员）
    AnswerSupervision,
    /// 查看投诉举报及投诉人信息（司法局全部；本机关负责人、管理员仅分派给本机关的）
    ReadComplaints,
    /// 登记、分派投诉举报，作出复查、复核意见（司法局监督人员）
    RouteComplaints,
    /// 登记本机关收到的投诉，受理、不予受理、提出异议、办结、答复（本机关负责人、执法主体管理员）
    HandleComplaints,
    /// 批准延长投诉办理期限（本机关负责人，《信访工作条例》第三十四条）
    ApproveComplaintExtension,
    /// 案卷评查：制定评查标准、公告和抽取、公布结果（司法局监督人员）
    RunEvaluation,
    /// 查看评查结果（司法局全部；本机关负责人、管理员本机关的案卷）
    ReadEvaluation,
    /// 双随机：导入本机关检查对象名录（机关负责人、执法主体管理员）
    WriteRosters,
    /// 双随机：查看检查对象名录（本机关人员；司法局全部）
    ReadRosters,
    /// 双随机：公告抽查任务、录入随机源并抽取（牵头机关负责人、执法主体管理员）
    RunSpotchecks,
}

/// The authorization matrix: may `caller` perform `action` on data of body `target_body`?
///
/// `target_body` is `None` for actions not tied to one body (creating a new body).
pub fn allowed(caller: &Caller, action: Action, target_body: Option<i64>) -> bool {
    use Action::*;
    use Role::*;
    let own = match target_body {
        Some(b) => caller.scope().covers(b),
        None => caller.role.is_district_wide(),
    };
    match (caller.role, action) {
        (SystemAdmin, _) => true,
        // The justice bureau confirms bodies and manages certificates (seed §二(一)5, §二(二)1).
        (
            Supervisor,
            ReadRegistry
            | WriteBody
            | CreateCertificate
            | ChangeCertificateStatus
            | SuperviseAccess
            | ViewEvidence
            | ApproveEvidenceDeletion
            | ReadCases
            | ReadTemplates
            | ApproveTemplate
            | ReadPublications
            | RegisterDecisionChange
            | ReadWarnings,
        ) => true,
        (Supervisor, SetWarnings) => target_body.is_none(),
        (Supervisor, Supervise | ReadComplaints | RouteComplaints | ReadEvaluation | ReadRosters) => true,
        (Supervisor, RunEvaluation) => target_body.is_none(),
        // The district's annual report is the justice bureau's (target `None`).
        (Supervisor, CompileAnnualReport) => target_body.is_none(),
        (Supervisor, _) => false,
        (BodyAdmin, ReadRegistry | WriteOfficer | CreateCertificate | WritePowerList | ManageUsers | Import) => own,
        (BodyAdmin, ViewEvidence | RequestEvidenceDeletion | ReadCases | ReadTemplates | FileTemplate) => own,
        (BodyAdmin, WriteReviewList | ReadPublications | Publish | RegisterDecisionChange) => own,
        (BodyAdmin | Head, WriteBodyLists | ReadWarnings | AnswerSupervision) => own,
        (BodyAdmin | Head, ReadComplaints | HandleComplaints) => own,
        (Head, ApproveComplaintExtension) => own,
        (BodyAdmin | Head, ReadEvaluation | WriteRosters | ReadRosters | RunSpotchecks) => own,
        (BodyAdmin | Head, CompileAnnualReport) => target_body.is_some() && own,
        (BodyAdmin, _) => false,
        (Officer | Reviewer | Head, ReadRegistry | ViewEvidence | ReadCases | RecordStep | ReadTemplates) => own,
        (Officer | Reviewer, ReadRosters) => own,
        (Officer | Head, CreateCase | IssueDocument | SubmitReview) => own,
        (Officer | Reviewer | Head, MarkForReview) => own,
        (Reviewer, ReviewCase) => own,
        (Head, RuleOnReview | WriteReviewList) => own,
        (Head, FileTemplate) => own,
        (Officer | Head, ReadPublications | Publish | RegisterDecisionChange) => own,
        (Reviewer, ReadPublications) => own,
        (Officer, UploadEvidence | RequestEvidenceDeletion) => own,
        (Head, ApproveEvidenceDeletion) => own,
        (Officer | Reviewer | Head, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: Role, body: Option<i64>) -> Caller {
        Caller { user_id: 1, role, body_id: body }
    }

    #[test]
    fn body_roles_never_reach_another_body() {
        for role in [Role::BodyAdmin, Role::Officer, Role::Reviewer, Role::Head] {
            let c = caller(role, Some(1));
            for a in [
                Action::ReadRegistry,
                Action::WriteBody,
                Action::WriteOfficer,
                Action::CreateCertificate,
                Action::ChangeCertificateStatus,
                Action::WritePowerList,
                Action::ManageUsers,
                Action::Import,
                Action::SuperviseAccess,
                Action::UploadEvidence,
                Action::ViewEvidence,
                Action::RequestEvidenceDeletion,
                Action::ApproveEvidenceDeletion,
                Action::ReadCases,
                Action::CreateCase,
                Action::RecordStep,
                Action::IssueDocument,
                Action::ReadTemplates,
                Action::FileTemplate,
                Action::ApproveTemplate,
                Action::SubmitReview,
                Action::ReviewCase,
                Action::RuleOnReview,
                Action::MarkForReview,
                Action::WriteReviewList,
                Action::ReadPublications,
                Action::Publish,
                Action::RegisterDecisionChange,
                Action::WriteBodyLists,
                Action::CompileAnnualReport,
                Action::ReadWarnings,
                Action::AnswerSupervision,
                Action::Supervise,
                Action::ReadComplaints,
                Action::RouteComplaints,
                Action::HandleComplaints,
                Action::ApproveComplaintExtension,
                Action::RunEvaluation,
                Action::ReadEvaluation,
                Action::WriteRosters,
                Action::ReadRosters,
                Action::RunSpotchecks,
            ] {
                assert!(!allowed(&c, a, Some(2)), "{role:?} {a:?} on a foreign body");
            }
            assert!(allowed(&c, Action::ReadRegistry, Some(1)));
        }
    }

    #[test]
    fn supervisor_reads_everywhere_but_does_not_edit_power_lists() {
        let s = caller(Role::Supervisor, Some(99));
        assert!(allowed(&s, Action::ReadRegistry, Some(3)));
        assert!(allowed(&s, Action::ChangeCertificateStatus, Some(3)));
        assert!(!allowed(&s, Action::WritePowerList, Some(3)));
        assert!(!allowed(&s, Action::ManageUsers, Some(3)));
        assert!(allowed(&s, Action::Supervise, Some(3)));
        assert!(!allowed(&s, Action::AnswerSupervision, Some(3)), "the bureau does not answer its own notices");
        assert!(allowed(&s, Action::RouteComplaints, Some(3)) && !allowed(&s, Action::HandleComplaints, Some(3)));
    }

    #[test]
    fn art_34_only_the_head_approves_a_longer_complaint_period_and_officers_never_see_complaints() {
        for (role, extend, handle, read) in [
            (Role::Head, true, true, true),
            (Role::BodyAdmin, false, true, true),
            (Role::Officer, false, false, false),
            (Role::Reviewer, false, false, false),
        ] {
            let c = caller(role, Some(1));
            assert_eq!(allowed(&c, Action::ApproveComplaintExtension, Some(1)), extend, "{role:?}");
            assert_eq!(allowed(&c, Action::HandleComplaints, Some(1)), handle, "{role:?}");
            assert_eq!(allowed(&c, Action::ReadComplaints, Some(1)), read, "{role:?}");
            assert!(!allowed(&c, Action::RouteComplaints, Some(1)), "{role:?}");
        }
    }

    #[test]
    fn art_58_only_reviewers_review_and_only_heads_rule() {
        for (role, review, rule, submit) in [
            (Role::Officer, false, false, true),
            (Role::Reviewer, true, false, false),
            (Role::Head, false, true, true),
            (Role::Supervisor, false, false, false),
            (Role::BodyAdmin, false, false, false),
        ] {
            let c = caller(role, Some(1));
            assert_eq!(allowed(&c, Action::ReviewCase, Some(1)), review, "{role:?}");
            assert_eq!(allowed(&c, Action::RuleOnReview, Some(1)), rule, "{role:?}");
            assert_eq!(allowed(&c, Action::SubmitReview, Some(1)), submit, "{role:?}");
        }
    }

    #[test]
    fn officers_cannot_write() {
        let o = caller(Role::Officer, Some(1));
        assert!(!allowed(&o, Action::WriteOfficer, Some(1)));
        assert!(!allowed(&o, Action::CreateCertificate, Some(1)));
    }

    #[test]
    fn account_without_body_sees_nothing() {
        let o = caller(Role::Officer, None);
        assert!(!allowed(&o, Action::ReadRegistry, Some(1)));
    }

    #[test]
    fn role_codes_roundtrip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()).unwrap(), r);
            assert_eq!(Role::parse(r.label()).unwrap(), r);
        }
    }
}
