//! 重大执法决定法制审核 (《行政处罚法》第五十八条; seed §四): whether a case needs legal review
//! and why; the submission and what it must contain; the reviewer's checklist and opinion; the
//! loop of revision, objection, negotiation and the agency head's ruling; and the gate a
//! decision has to pass. No I/O: the store gives the events of a case's review file and asks.
//!
//! `scope.rs` says whether a case needs review, `file.rs` runs the review file and the gate,
//! `referral.rs` the referral of a suspected crime, `figures.rs` the queue and the statistics.

mod figures;
mod file;
mod referral;
mod scope;
#[cfg(test)]
mod tests;

pub use figures::*;
pub use file::*;
pub use referral::*;
pub use scope::*;

pub use crate::case::model::ReviewResult as Outcome;
use crate::registry::coded_enum;

/// The rule every gate refusal names.
pub const ART_58: &str = "《行政处罚法》第五十八条";
/// The seed plan's rule on disagreements (§四(三)2).
pub const LOOP_RULE: &str = "实施方案§四(三)2（审核意见异议的协商和负责人处理）";

coded_enum!(
    /// Why a case needs legal review (审核范围, seed §四(二)1 and 处罚法 art. 58).
    Ground, "审核理由" {
    /// 一般程序行政处罚决定
    GeneralPenalty = "general_penalty" / "一般程序行政处罚决定",
    /// 涉及重大公共利益
    PublicInterest = "public_interest" / "涉及重大公共利益",
    /// 可能造成重大社会影响或者引发社会风险
    SocialImpact = "social_impact" / "可能造成重大社会影响或者引发社会风险",
    /// 直接关系当事人或者第三人重大权益
    MajorRights = "major_rights" / "直接关系当事人或者第三人重大权益",
    /// 经过听证程序作出决定
    AfterHearing = "after_hearing" / "经过听证程序作出决定",
    /// 案件情况疑难复杂、涉及多个法律关系
    Complex = "complex" / "案件情况疑难复杂、涉及多个法律关系",
    /// 适用听证程序的行政许可事项
    LicensingHearing = "licensing_hearing" / "适用听证程序的行政许可事项",
    /// 列入本机关重大执法决定法制审核事项清单
    BodyList = "body_list" / "列入本机关法制审核事项清单",
});

impl Ground {
    /// The rule that makes this ground one for review.
    pub fn basis(self) -> &'static str {
        match self {
            Ground::GeneralPenalty => "实施方案§四(二)1（一般程序行政处罚决定都要进行法制审核）",
            Ground::PublicInterest => "《行政处罚法》第五十八条第一款第一项；实施方案§四(二)1",
            Ground::SocialImpact => "实施方案§四(二)1",
            Ground::MajorRights => "《行政处罚法》第五十八条第一款第二项；实施方案§四(二)1",
            Ground::AfterHearing => "《行政处罚法》第五十八条第一款第二项；实施方案§四(二)1",
            Ground::Complex => "《行政处罚法》第五十八条第一款第三项；实施方案§四(二)1",
            Ground::LicensingHearing => "《行政许可法》第四十六条、第四十七条；实施方案§四(二)1",
            Ground::BodyList => "实施方案§四(二)2（本机关法制审核事项清单）",
        }
    }
}
