//! What a case is made of: its kind, parties, steps and the coded values steps carry.

use crate::evidence::Target;
use crate::registry::{ProcedureKind, coded_enum};
use serde::{Deserialize, Serialize};

coded_enum!(
    /// The kind of enforcement action a case is, each with its own procedure.
    CaseKind, "案件类型" {
    /// 行政处罚一般程序
    PenaltyGeneral = "penalty_general" / "行政处罚（一般程序）",
    /// 行政处罚简易程序 (当场处罚, 《行政处罚法》第五十一条)
    PenaltySimple = "penalty_simple" / "行政处罚（简易程序）",
    /// 行政强制措施：查封、扣押、冻结等
    CompulsoryMeasure = "compulsory_measure" / "行政强制措施",
    /// 行政强制执行：强制执行、强制拆除等
    CompulsoryEnforcement = "compulsory_enforcement" / "行政强制执行",
    /// 行政检查
    Inspection = "inspection" / "行政检查",
    /// 行政征收征用
    Expropriation = "expropriation" / "行政征收征用",
    /// 行政许可
    Licensing = "licensing" / "行政许可",
});

impl CaseKind {
    /// The letters in a case number (see [`case_number`]).
    pub fn prefix(self) -> &'static str {
        match self {
            CaseKind::PenaltyGeneral => "CF",
            CaseKind::PenaltySimple => "JY",
            CaseKind::CompulsoryMeasure => "QZ",
            CaseKind::CompulsoryEnforcement => "ZX",
            CaseKind::Inspection => "JC",
            CaseKind::Expropriation => "ZS",
            CaseKind::Licensing => "XK",
        }
    }
    /// Whether a power-list item exercised by `procedure` can be handled as a case of this
    /// kind: a penalty item by either penalty procedure, every other item by its own.
    pub fn fits(self, procedure: ProcedureKind) -> bool {
        use ProcedureKind as P;
        matches!(
            (self, procedure),
            (CaseKind::PenaltyGeneral | CaseKind::PenaltySimple, P::PenaltyGeneral | P::PenaltySimple)
                | (CaseKind::CompulsoryMeasure, P::CompulsoryMeasure)
                | (CaseKind::CompulsoryEnforcement, P::CompulsoryEnforcement)
                | (CaseKind::Inspection, P::Inspection)
                | (CaseKind::Expropriation, P::Expropriation)
                | (CaseKind::Licensing, P::Licensing)
        )
    }
    /// Whether the case is a 行政处罚 (either procedure).
    pub fn is_penalty(self) -> bool {
        matches!(self, CaseKind::PenaltyGeneral | CaseKind::PenaltySimple)
    }
}

/// The case number: `<body id, 3 digits>-<year>-<kind letters><sequence, 5 digits>`, e.g.
/// `003-2026-CF00012`. The sequence runs per body and year across all kinds, so numbers of one
/// body and year have no gaps (the archive's integrity check relies on it).
pub fn case_number(body_id: i64, year: i32, kind: CaseKind, seq: i64) -> String {
    format!("{body_id:03}-{year}-{}{seq:05}", kind.prefix())
}

coded_enum!(
    /// Where a case came from (案件来源).
    CaseSource, "案件来源" {
    /// 投诉举报
    Complaint = "complaint" / "投诉举报",
    /// 检查发现
    Inspection = "inspection" / "检查发现",
    /// 移送
    Transfer = "transfer" / "移送",
    /// 上级交办
    Assigned = "assigned" / "上级交办",
    /// 监测发现 (electronic monitoring, 《行政处罚法》第四十一条)
    Monitoring = "monitoring" / "监测发现",
    /// 依申请 (行政许可)
    Application = "application" / "依申请",
    /// 双随机抽查
    RandomCheck = "random_check" / "双随机抽查",
    /// 其他
    Other = "other" / "其他",
});

/// A party (当事人): a citizen, or an organisation with its legal representative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// `person` or `organisation`
    pub kind: PartyKind,
    /// 姓名或名称
    pub name: String,
    /// 公民身份号码或统一社会信用代码 (normalised)
    pub id_number: String,
    /// 法定代表人或负责人 (organisations)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    /// 住所或地址
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 联系电话
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

coded_enum!(
    /// Whether a party is a citizen or an organisation.
    PartyKind, "当事人类型" {
    /// 公民
    Person = "person" / "公民",
    /// 法人或其他组织
    Organisation = "organisation" / "法人或其他组织",
});

impl PartyKind {
    /// The kind of an identifier.
    pub fn of(target: &Target) -> Self {
        match target {
            Target::Person(_) => PartyKind::Person,
            Target::Organisation(_) => PartyKind::Organisation,
        }
    }
}

coded_enum!(
    /// A step of a case (办案环节). Which steps a case may take, and in what order, is the
    /// procedure of its kind ([`super::machine`]).
    StepKind, "办案环节" {
    /// 立案
    File = "file" / "立案",
    /// 不予立案（理由写明，《行政处罚法》第五十四条）
    RefuseFiling = "refuse_filing" / "不予立案",
    /// 回避决定（当事人申请或执法人员自行回避，由负责人决定，《行政处罚法》第四十三条）
    Recusal = "recusal" / "回避决定",
    /// 调查取证（现场检查、询问、勘验）
    Investigate = "investigate" / "调查取证",
    /// 询问（询问笔录：逐问逐答，《行政处罚法》第五十五条）
    Inquire = "inquire" / "询问",
    /// 先行登记保存证据 (《行政处罚法》第五十六条)
    PreserveEvidence = "preserve_evidence" / "先行登记保存",
    /// 负责人批准先行登记保存（事前；情况紧急的，当场保存后二十四小时内补批）
    ApprovePreservation = "approve_preservation" / "批准先行登记保存",
    /// 对先行登记保存的证据作出处理决定（七日内，《行政处罚法》第五十六条）
    HandlePreserved = "handle_preserved" / "登记保存处理决定",
    /// 行政处罚事先告知 (第四十四条)
    NotifyIntent = "notify_intent" / "事先告知",
    /// 送达行政处罚事先告知书：陈述申辩、要求听证的期限自送达之日起计算（第四十四条、第四十五条、第六十四条）
    ServeNotice = "serve_notice" / "送达告知书",
    /// 陈述、申辩（或放弃）
    Statement = "statement" / "陈述申辩",
    /// 对陈述申辩的复核 (第四十五条)
    Reexamine = "reexamine" / "复核",
    /// 当事人申请听证 (第六十四条)
    HearingRequest = "hearing_request" / "申请听证",
    /// 听证通知
    HearingNotice = "hearing_notice" / "听证通知",
    /// 举行听证
    Hearing = "hearing" / "听证",
    /// 法制审核 (第五十八条)
    LegalReview = "legal_review" / "法制审核",
    /// 集体讨论 (第五十七条)
    CollectiveDiscussion = "collective_discussion" / "集体讨论",
    /// 作出行政处罚决定
    Decide = "decide" / "作出决定",
    /// 当场作出行政处罚决定 (第五十一条、第五十二条)
    OnsiteDecision = "onsite_decision" / "当场处罚决定",
    /// 案件中止 (第六十条期限暂停计算)
    Suspend = "suspend" / "中止",
    /// 恢复办理
    Resume = "resume" / "恢复",
    /// 送达
    Serve = "serve" / "送达",
    /// 执行
    Execute = "execute" / "执行",
    /// 结案
    Close = "close" / "结案",
    /// 归档
    Archive = "archive" / "归档",
    /// 补充归档：归档后案卷封存，确需补充材料的，由负责人写明理由后开启补充，补充完毕重新归档
    SupplementArchive = "supplement_archive" / "补充归档",
    /// 强制措施事前审批（或紧急情况事后补批，《行政强制法》第十九条）
    ApproveMeasure = "approve_measure" / "强制措施审批",
    /// 实施查封、扣押、冻结等强制措施 (《行政强制法》第十八条)
    ApplyMeasure = "apply_measure" / "实施强制措施",
    /// 延长强制措施期限 (第二十五条)
    ExtendMeasure = "extend_measure" / "延长强制措施期限",
    /// 不计入期限的期间：检测、检验、检疫、鉴定、听证、专家评审等
    ExcludePeriod = "exclude_period" / "不计入期限的期间",
    /// 解除强制措施 (第二十八条)
    ReleaseMeasure = "release_measure" / "解除强制措施",
    /// 催告 (第三十五条)
    Demand = "demand" / "催告",
    /// 强制执行决定 (第三十七条)
    EnforcementDecision = "enforcement_decision" / "强制执行决定",
    /// 公告
    PublicNotice = "public_notice" / "公告",
    /// 实施强制执行
    Enforce = "enforce" / "实施强制执行",
    /// 启动行政检查
    StartInspection = "start_inspection" / "启动检查",
    /// 现场检查
    Inspect = "inspect" / "现场检查",
    /// 检查结论
    InspectionResult = "inspection_result" / "检查结论",
    /// 整改复查
    Recheck = "recheck" / "复查",
    /// 征收征用立项
    StartExpropriation = "start_expropriation" / "征收征用立项",
    /// 征收征用及补偿决定
    CompensationDecision = "compensation_decision" / "征收征用决定",
    /// 收到许可申请
    Apply = "apply" / "许可申请",
    /// 一次性告知补正材料 (《行政许可法》第三十二条)
    RequestMaterials = "request_materials" / "一次性告知补正",
    /// 收到补正材料
    MaterialsReceived = "materials_received" / "收到补正材料",
    /// 受理
    Accept = "accept" / "受理",
    /// 不予受理
    RefuseApplication = "refuse_application" / "不予受理",
    /// 告知申请人、利害关系人要求听证的权利（《行政许可法》第四十七条）
    HearingRightNotice = "hearing_right_notice" / "告知听证权利",
    /// 延长许可决定期限 (第四十二条)
    ExtendDecision = "extend_decision" / "延长决定期限",
    /// 作出许可决定
    LicenceDecision = "licence_decision" / "许可决定",
    /// 颁发许可证件 (第四十四条)
    IssueLicence = "issue_licence" / "颁发证件",
});

impl StepKind {
    /// Field steps: done in front of the party by officers, at least two of them with valid
    /// certificates (《行政处罚法》第四十二条, 《行政强制法》第十八条).
    pub fn is_field(self) -> bool {
        matches!(
            self,
            StepKind::Investigate
                | StepKind::Inquire
                | StepKind::PreserveEvidence
                | StepKind::OnsiteDecision
                | StepKind::ApplyMeasure
                | StepKind::Enforce
                | StepKind::Inspect
                | StepKind::Recheck
        )
    }
}

/// Longest text of a step's `content` (what the form's `maxlength` states).
pub const CONTENT_MAX: usize = 8000;

impl StepKind {
    /// What the step's text (`content`) is at this step, when the step must carry it; `None`
    /// for the steps where it is an optional remark. `waived`: the party waived (a 陈述申辩
    /// step then needs no text).
    pub fn content_label(self, waived: bool) -> Option<&'static str> {
        use StepKind as S;
        match self {
            S::Investigate | S::Inspect | S::Recheck => Some("检查（勘验）笔录内容"),
            S::ApplyMeasure => Some("现场笔录内容"),
            S::Hearing => Some("听证笔录摘要"),
            S::LegalReview => Some("审核意见"),
            S::CollectiveDiscussion => Some("讨论记录及结论"),
            S::Decide | S::OnsiteDecision | S::NotifyIntent => Some("认定的违法事实"),
            S::Reexamine => Some("复核意见"),
            S::Suspend | S::Resume | S::ExtendMeasure | S::ExtendDecision | S::ReleaseMeasure => Some("理由"),
            S::RefuseApplication => Some("不予受理的理由"),
            S::RequestMaterials => Some("需要补正的全部内容"),
            S::File | S::StartInspection | S::StartExpropriation | S::Apply => Some("事由"),
            S::ApproveMeasure | S::ApprovePreservation => Some("审批意见"),
            S::HandlePreserved => Some("处理决定（解除登记保存、依法扣押、移送或没收等）"),
            S::Demand | S::PublicNotice | S::EnforcementDecision | S::CompensationDecision => Some("内容"),
            S::InspectionResult | S::LicenceDecision | S::Close => Some("说明"),
            S::PreserveEvidence => Some("登记保存的证据及理由"),
            S::Enforce => Some("强制执行现场笔录内容"),
            S::Statement if !waived => Some("陈述申辩内容"),
            S::ExcludePeriod => Some("事由"),
            S::RefuseFiling => Some("不予立案的理由"),
            S::Recusal => Some("回避事由及决定理由"),
            S::SupplementArchive => Some("补充归档的理由及拟补充的材料"),
            _ => None,
        }
    }

    /// The input fields this kind of step uses, in form order (beyond `occurred_at`): what the
    /// pages show and what [`super::StepInput::validate`] reads.
    pub fn fields(self) -> &'static [&'static str] {
        use StepKind as S;
        const FIELD: &[&str] =
            &["officer_ids", "place", "party_present", "party_signed", "witness", "content", "evidence_ids"];
        match self {
            S::Investigate => &[
                "officer_ids",
                "place",
                "party_present",
                "party_signed",
                "witness",
                "content",
                "evidence_ids",
                "capacity",
            ],
            S::Inspect | S::Recheck => FIELD,
            S::Inquire => &["officer_ids", "place", "interviewee", "items", "party_signed", "content", "evidence_ids"],
            S::OnsiteDecision => &[
                "officer_ids",
                "place",
                "content",
                "violated",
                "penalty_kinds",
                "fine",
                "legal_basis",
                "discretion_reason",
                "leniency",
                "capacity",
                "party_signed",
                "evidence_ids",
            ],
            S::NotifyIntent | S::Decide => &[
                "content",
                "violated",
                "penalty_kinds",
                "fine",
                "confiscation",
                "legal_basis",
                "discretion_reason",
                "leniency",
                "capacity",
            ],
            S::ApplyMeasure => &[
                "officer_ids",
                "place",
                "method",
                "days",
                "items",
                "legal_basis",
                "party_present",
                "party_signed",
                "witness",
                "urgent_reason",
                "content",
                "evidence_ids",
            ],
            S::Enforce => {
                &["officer_ids", "place", "party_present", "witness", "urgent_reason", "content", "evidence_ids"]
            }
            S::EnforcementDecision => &["method", "legal_basis", "content"],
            S::CompensationDecision | S::StartExpropriation => &["legal_basis", "content"],
            S::LicenceDecision => &["result", "legal_basis", "content"],
            S::LegalReview | S::InspectionResult => &["result", "content"],
            S::Close => &["result", "content", "capacity"],
            S::Serve | S::ServeNotice => {
                &["method", "officer_ids", "place", "witness", "consent_electronic", "content", "evidence_ids"]
            }
            S::Execute => &["method", "result", "amount", "urgent_reason", "content"],
            S::ExcludePeriod => &["method", "from_date", "to_date", "notice_given", "content"],
            S::ExtendMeasure => &["days", "notice_given", "content"],
            S::ExtendDecision => &["days", "notice_given", "content"],
            S::Demand => &["to_date", "content"],
            S::PublicNotice => &["to_date", "from_date", "content"],
            S::HearingNotice => &["to_date", "place", "content"],
            S::Hearing => &["chair_officer_id", "party_present", "party_signed", "content", "evidence_ids"],
            S::Statement | S::HearingRequest => &["waived", "content"],
            S::RefuseFiling => &["result", "content"],
            S::HearingRightNotice => &["items", "content"],
            S::Recusal => &["officer_ids", "method", "result", "substitute_ids", "content"],
            S::PreserveEvidence => &[
                "officer_ids",
                "place",
                "items",
                "party_present",
                "party_signed",
                "witness",
                "urgent_reason",
                "content",
                "evidence_ids",
            ],
            _ => &["content"],
        }
    }
}

coded_enum!(
    /// The stage a case has reached.
    Stage, "案件阶段" {
    /// 待立案（已登记）
    Registered = "registered" / "待立案",
    /// 已立案
    Filed = "filed" / "已立案",
    /// 调查取证中
    Investigating = "investigating" / "调查取证",
    /// 已事先告知
    Notified = "notified" / "已告知",
    /// 听证程序中
    HearingRequested = "hearing_requested" / "听证程序中",
    /// 已听证
    HearingHeld = "hearing_held" / "已听证",
    /// 法制审核已通过
    Reviewed = "reviewed" / "已法制审核",
    /// 已集体讨论
    Discussed = "discussed" / "已集体讨论",
    /// 已决定
    Decided = "decided" / "已决定",
    /// 已送达
    Served = "served" / "已送达",
    /// 已执行
    Executed = "executed" / "已执行",
    /// 已结案
    Closed = "closed" / "已结案",
    /// 已归档
    Archived = "archived" / "已归档",
    /// 补充归档中（负责人已批准补充，重新归档后封存）
    Supplementing = "supplementing" / "补充归档中",
    /// 强制措施已审批
    Approved = "approved" / "已审批",
    /// 强制措施实施中
    MeasureApplied = "measure_applied" / "强制措施实施中",
    /// 强制措施已解除
    Released = "released" / "已解除",
    /// 已催告
    Demanded = "demanded" / "已催告",
    /// 已启动
    Started = "started" / "已启动",
    /// 已检查
    Inspected = "inspected" / "已检查",
    /// 已作出检查结论
    Concluded = "concluded" / "已有结论",
    /// 已公告
    Announced = "announced" / "已公告",
    /// 已收到申请
    Applied = "applied" / "已申请",
    /// 待补正材料
    MaterialsRequested = "materials_requested" / "待补正",
    /// 材料已补正
    MaterialsComplete = "materials_complete" / "材料已补正",
    /// 已受理
    Accepted = "accepted" / "已受理",
    /// 已颁发证件
    Issued = "issued" / "已发证",
});

coded_enum!(
    /// Kinds of administrative penalty (《行政处罚法》第九条).
    PenaltyKind, "处罚种类" {
    /// 警告
    Warning = "warning" / "警告",
    /// 通报批评
    Criticism = "criticism" / "通报批评",
    /// 罚款
    Fine = "fine" / "罚款",
    /// 没收违法所得、没收非法财物
    Confiscation = "confiscation" / "没收违法所得、没收非法财物",
    /// 暂扣许可证件
    SuspendLicence = "suspend_licence" / "暂扣许可证件",
    /// 降低资质等级
    LowerQualification = "lower_qualification" / "降低资质等级",
    /// 吊销许可证件
    RevokeLicence = "revoke_licence" / "吊销许可证件",
    /// 限制开展生产经营活动
    RestrictActivities = "restrict_activities" / "限制开展生产经营活动",
    /// 责令停产停业
    SuspendBusiness = "suspend_business" / "责令停产停业",
    /// 责令关闭
    Close = "close" / "责令关闭",
    /// 限制从业
    RestrictEmployment = "restrict_employment" / "限制从业",
});

/// A penalty as proposed in a notice or imposed by a decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalty {
    /// 处罚种类
    pub kinds: Vec<PenaltyKind>,
    /// 罚款金额（分）
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_fen: Option<i64>,
    /// 没收违法所得、非法财物的金额或价值（分）
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confiscation_fen: Option<i64>,
}

impl Penalty {
    /// Whether the penalty contains this kind.
    pub fn has(&self, k: PenaltyKind) -> bool {
        self.kinds.contains(&k)
    }
    /// `罚款5,000.00元；警告` style text.
    pub fn describe(&self) -> String {
        self.kinds
            .iter()
            .map(|k| match (k, self.fine_fen, self.confiscation_fen) {
                (PenaltyKind::Fine, Some(f), _) => format!("罚款{}元", format_yuan(f)),
                (PenaltyKind::Confiscation, _, Some(c)) => {
                    format!("没收违法所得、非法财物（价值{}元）", format_yuan(c))
                }
                (k, _, _) => k.label().to_string(),
            })
            .collect::<Vec<_>>()
            .join("；")
    }
}

coded_enum!(
    /// How a document was served (送达方式, 《行政处罚法》第六十一条 and 《民事诉讼法》).
    ServiceMethod, "送达方式" {
    /// 当场交付
    OnTheSpot = "on_the_spot" / "当场交付",
    /// 直接送达
    Direct = "direct" / "直接送达",
    /// 留置送达
    Left = "left" / "留置送达",
    /// 邮寄送达
    Post = "post" / "邮寄送达",
    /// 委托送达
    Entrusted = "entrusted" / "委托送达",
    /// 电子送达（须当事人同意）
    Electronic = "electronic" / "电子送达",
    /// 公告送达
    Public = "public" / "公告送达",
});

coded_enum!(
    /// Why a fine is collected on the spot (《行政处罚法》第六十八条、第六十九条): never simply
    /// because it is small, only in these cases.
    CollectionBasis, "当场收缴依据" {
    /// 依照第五十一条当场作出、依法给予一百元以下罚款的
    SmallFine = "small_fine" / "当场处罚决定，一百元以下罚款（第六十八条第一项）",
    /// 依照第五十一条当场作出、不当场收缴事后难以执行的
    HardLater = "hard_later" / "当场处罚决定，不当场收缴事后难以执行（第六十八条第二项）",
    /// 边远、水上、交通不便地区，当事人到银行或者通过电子支付系统缴纳确有困难，经当事人提出的
    Remote = "remote" / "边远、水上、交通不便地区，缴纳确有困难，经当事人提出（第六十九条）",
});

coded_enum!(
    /// How a decision was carried out.
    ExecutionMethod, "执行方式" {
    /// 当事人自行缴纳罚款（罚缴分离，《行政处罚法》第六十七条）
    Paid = "paid" / "自行缴纳",
    /// 当场收缴 (第六十八条)
    CollectedOnsite = "collected_onsite" / "当场收缴",
    /// 自行履行（非罚款内容）
    Performed = "performed" / "自行履行",
    /// 申请人民法院强制执行 (第七十二条)
    Court = "court" / "申请法院强制执行",
    /// 行政机关依法强制执行
    Enforced = "enforced" / "依法强制执行",
    /// 无需执行（如警告）
    Nothing = "nothing" / "无需执行",
});

coded_enum!(
    /// Compulsory measures (《行政强制法》第九条).
    MeasureKind, "强制措施种类" {
    /// 查封场所、设施或者财物
    Seal = "seal" / "查封",
    /// 扣押财物
    Seize = "seize" / "扣押",
    /// 冻结存款、汇款
    Freeze = "freeze" / "冻结",
    /// 其他行政强制措施
    Other = "other" / "其他强制措施",
});

coded_enum!(
    /// Kinds of compulsory enforcement (《行政强制法》第十二条).
    EnforcementKind, "强制执行方式" {
    /// 强制拆除 (第四十四条)
    Demolition = "demolition" / "强制拆除",
    /// 划拨存款、汇款
    Transfer = "transfer" / "划拨存款、汇款",
    /// 拍卖或者依法处理查封、扣押的场所、设施或者财物
    Auction = "auction" / "拍卖或依法处理",
    /// 排除妨碍、恢复原状
    Restore = "restore" / "排除妨碍、恢复原状",
    /// 代履行
    Substitute = "substitute" / "代履行",
    /// 其他强制执行方式
    Other = "other" / "其他强制执行",
});

coded_enum!(
    /// Periods not counted in a time limit (《行政强制法》第二十五条第三款, 《行政许可法》第四十五条).
    ExcludedKind, "不计入期限的事项" {
    /// 检测、检验、检疫、鉴定
    Testing = "testing" / "检测、检验、检疫、鉴定",
    /// 听证
    Hearing = "hearing" / "听证",
    /// 招标、拍卖
    Auction = "auction" / "招标、拍卖",
    /// 专家评审
    Expert = "expert" / "专家评审",
});

coded_enum!(
    /// The result of a legal review (法制审核结论).
    ReviewResult, "审核结论" {
    /// 同意
    Agree = "agree" / "同意",
    /// 修改后重新送审
    Revise = "revise" / "修改后重新送审",
    /// 不同意
    Disagree = "disagree" / "不同意",
});

coded_enum!(
    /// The conclusion of a collective discussion by the agency's heads (集体讨论, 处罚法 art. 57).
    DiscussionConclusion, "讨论结论" {
    /// 给予行政处罚
    Penalize = "penalize" / "给予行政处罚",
    /// 不予行政处罚
    NoPenalty = "no_penalty" / "不予行政处罚",
    /// 违法行为涉嫌犯罪，移送司法机关
    Refer = "refer" / "移送司法机关",
    /// 补充调查后再行讨论
    Reinvestigate = "reinvestigate" / "补充调查",
});

coded_enum!(
    /// Leniency a penalty is given with (从轻、减轻处罚: 《行政处罚法》第三十条、第三十一条、第三十二条).
    Leniency, "从宽处罚" {
    /// 从轻处罚: within the range the rule sets, towards its lower end
    Lighter = "lighter" / "从轻处罚",
    /// 减轻处罚: below the range the rule sets
    Mitigated = "mitigated" / "减轻处罚",
});

coded_enum!(
    /// A natural party's capacity to answer for the act, as found (《行政处罚法》第三十一条).
    Capacity, "责任能力" {
    /// 能够辨认和控制自己的行为（含间歇性精神病人在精神正常时）
    Full = "full" / "具有完全责任能力",
    /// 精神病人、智力残疾人在不能辨认或者不能控制自己行为时：不予行政处罚
    None = "none" / "不能辨认或者不能控制自己行为",
    /// 尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人：可以从轻或者减轻
    Limited = "limited" / "尚未完全丧失辨认或者控制自己行为能力",
});

coded_enum!(
    /// The conclusion of an inspection.
    InspectionConclusion, "检查结论" {
    /// 未发现问题
    Pass = "pass" / "未发现问题",
    /// 责令改正
    Correct = "correct" / "责令改正",
    /// 移送立案
    Transfer = "transfer" / "移送立案查处",
});

coded_enum!(
    /// 准予 or 不予 a licence.
    LicenceResult, "许可决定" {
    /// 准予许可
    Grant = "grant" / "准予许可",
    /// 不予许可
    Deny = "deny" / "不予许可",
});

coded_enum!(
    /// How a case ended (结案情形).
    CloseOutcome, "结案情形" {
    /// 执行完毕（或决定已履行）
    Done = "done" / "执行完毕",
    /// 不予行政处罚
    NoPenalty = "no_penalty" / "不予行政处罚",
    /// 撤销立案（违法事实不能成立等）
    Withdrawn = "withdrawn" / "撤销立案",
    /// 移送其他机关（含涉嫌犯罪移送司法机关）
    Transferred = "transferred" / "移送其他机关",
    /// 终结执行
    Terminated = "terminated" / "终结执行",
});

coded_enum!(
    /// Why a registered case is not filed (不予立案).
    FilingRefusal, "不予立案理由" {
    /// 已超过追责时效
    Limitation = "limitation" / "已超过行政处罚追责时效（《行政处罚法》第三十六条）",
    /// 不属于本机关管辖
    NoJurisdiction = "no_jurisdiction" / "不属于本机关管辖（《行政处罚法》第二十二条至第二十五条）",
    /// 违法事实不存在
    NoViolation = "no_violation" / "违法事实不存在或者依法不应追究",
    /// 移送
    Transferred = "transferred" / "移送有管辖权的机关或者司法机关（《行政处罚法》第二十七条）",
    /// 其他
    Other = "other" / "其他依法不予立案的情形",
});

coded_enum!(
    /// Who raised a recusal (《行政处罚法》第四十三条).
    RecusalSource, "回避的提出" {
    /// 当事人申请
    PartyApplied = "party_applied" / "当事人申请回避",
    /// 执法人员自行申请
    SelfDeclared = "self_declared" / "执法人员自行回避",
    /// 负责人发现后指令
    Ordered = "ordered" / "行政机关负责人决定回避",
});

coded_enum!(
    /// The head's decision on a recusal.
    RecusalResult, "回避决定" {
    /// 回避
    Recused = "recused" / "决定回避",
    /// 不予回避
    Rejected = "rejected" / "不予回避（申请理由不成立）",
});

/// Parses an amount in yuan (`200`, `200.5`, `1,200.50`, full-width digits) into fen.
pub fn parse_yuan(s: &str) -> Result<i64, String> {
    let t: String = crate::ids::fold_width(s.trim()).chars().filter(|c| *c != ',' && *c != '，').collect();
    let t = t.trim_end_matches('元');
    let bad = || format!("金额“{}”无效，应为元，最多两位小数", s.trim());
    if t.is_empty() {
        return Err(bad());
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    if whole.len() > 12 {
        return Err(format!("金额“{}”过大", s.trim()));
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| bad())? };
    Ok(whole * 100 + frac)
}

/// Formats fen as yuan: `5,000.00`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", fen % 100)
}

/// The Chinese name of a step's method code (送达方式, 执行方式, 强制措施种类, …).
pub fn method_label(step: StepKind, code: &str) -> String {
    let label = match step {
        StepKind::Serve | StepKind::ServeNotice => ServiceMethod::parse(code).map(ServiceMethod::label),
        StepKind::Recusal => RecusalSource::parse(code).map(RecusalSource::label),
        StepKind::Execute => ExecutionMethod::parse(code).map(ExecutionMethod::label),
        StepKind::ApplyMeasure => MeasureKind::parse(code).map(MeasureKind::label),
        StepKind::EnforcementDecision => EnforcementKind::parse(code).map(EnforcementKind::label),
        StepKind::ExcludePeriod => ExcludedKind::parse(code).map(ExcludedKind::label),
        _ => Err(String::new()),
    };
    label.map_or_else(|_| code.to_string(), str::to_string)
}

/// The Chinese name of a step's result code (审核结论, 讨论结论, 检查结论, 许可决定, 结案情形).
pub fn result_label(step: StepKind, code: &str) -> String {
    let label = match step {
        StepKind::LegalReview => ReviewResult::parse(code).map(ReviewResult::label),
        StepKind::CollectiveDiscussion => DiscussionConclusion::parse(code).map(DiscussionConclusion::label),
        StepKind::InspectionResult => InspectionConclusion::parse(code).map(InspectionConclusion::label),
        StepKind::LicenceDecision => LicenceResult::parse(code).map(LicenceResult::label),
        StepKind::Close => CloseOutcome::parse(code).map(CloseOutcome::label),
        StepKind::RefuseFiling => FilingRefusal::parse(code).map(FilingRefusal::label),
        StepKind::Recusal => RecusalResult::parse(code).map(RecusalResult::label),
        StepKind::Execute => CollectionBasis::parse(code).map(CollectionBasis::label),
        _ => Err(String::new()),
    };
    label.map_or_else(|_| code.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_parse_and_format() {
        assert_eq!(parse_yuan("200").unwrap(), 20_000);
        assert_eq!(parse_yuan("200.5").unwrap(), 20_050);
        assert_eq!(parse_yuan("１,２００.０５元").unwrap(), 120_005);
        assert!(parse_yuan("2.005").is_err());
        assert!(parse_yuan("-3").is_err());
        assert!(parse_yuan("").is_err());
        assert_eq!(format_yuan(120_005), "1,200.05");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(format_yuan(100_000_000), "1,000,000.00");
    }

    #[test]
    fn case_numbers_follow_the_scheme() {
        assert_eq!(case_number(3, 2026, CaseKind::PenaltyGeneral, 12), "003-2026-CF00012");
        assert_eq!(case_number(12, 2027, CaseKind::Licensing, 1), "012-2027-XK00001");
    }

    #[test]
    fn penalty_items_take_either_penalty_procedure() {
        assert!(CaseKind::PenaltySimple.fits(ProcedureKind::PenaltyGeneral));
        assert!(CaseKind::PenaltyGeneral.fits(ProcedureKind::PenaltySimple));
        assert!(!CaseKind::Licensing.fits(ProcedureKind::PenaltyGeneral));
        assert!(!CaseKind::Inspection.fits(ProcedureKind::Other));
    }
}
