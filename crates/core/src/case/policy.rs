//! Figures that are configuration, not statute: hearing thresholds differ by domain and
//! province, the audio-video list is set by the local plan, and so on. The defaults ship in
//! `data/case-policy.json`; an installation may replace the file.

use super::model::{PartyKind, Penalty, PenaltyKind, StepKind};
use serde::{Deserialize, Serialize};

/// The 较大数额 thresholds of one domain (《行政处罚法》第六十三条第一款第一项、第二项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingThreshold {
    /// 执法领域 (`*` for every domain without its own line)
    pub domain: String,
    /// 对公民罚款或没收达到此数额（分）即适用听证
    pub person_fen: i64,
    /// 对法人或其他组织罚款或没收达到此数额（分）即适用听证
    pub organisation_fen: i64,
    /// Where the figure comes from
    pub source: String,
}

/// The case-handling policy of an installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePolicy {
    /// The province or city the thresholds are for.
    pub region: String,
    /// 较大数额 thresholds per domain; the line for `*` applies where no domain matches.
    pub hearing_thresholds: Vec<HearingThreshold>,
    /// Steps that require full audio-video recording (seed §三(二)1): such a step cannot be
    /// recorded without linked audio or video evidence of the same day.
    pub av_required: Vec<StepKind>,
    /// Steps where a recording is asked for (shown as a prompt, not enforced).
    pub av_prompted: Vec<StepKind>,
    /// The period the party is given for 陈述、申辩 after the notice, in working days.
    pub statement_days: u32,
    /// Night for 《行政强制法》第四十三条: from this hour (Beijing time) …
    pub night_from_hour: u32,
    /// … until this hour of the next morning.
    pub night_until_hour: u32,
}

impl CasePolicy {
    /// The policy shipped with the program.
    pub fn shipped() -> &'static CasePolicy {
        static P: std::sync::OnceLock<CasePolicy> = std::sync::OnceLock::new();
        P.get_or_init(|| {
            // A test parses the shipped file; should it not, the statute's floor applies: no
            // threshold (every fine gets a hearing notice) rather than a guessed one.
            serde_json::from_str(include_str!("../../../../data/case-policy.json")).unwrap_or_else(|_| CasePolicy {
                region: String::new(),
                hearing_thresholds: Vec::new(),
                av_required: vec![StepKind::ApplyMeasure, StepKind::Enforce],
                av_prompted: Vec::new(),
                statement_days: 5,
                night_from_hour: 22,
                night_until_hour: 6,
            })
        })
    }

    /// Parses and checks a policy file.
    pub fn parse(text: &str) -> Result<CasePolicy, String> {
        let p: CasePolicy = serde_json::from_str(text).map_err(|e| format!("办案参数文件格式错误：{e}"))?;
        if !p.hearing_thresholds.iter().any(|t| t.domain == "*") {
            return Err("办案参数文件应包含适用于其他领域（domain 为 \"*\"）的听证数额".into());
        }
        if p.hearing_thresholds.iter().any(|t| t.person_fen <= 0 || t.organisation_fen <= 0) {
            return Err("听证数额应大于零".into());
        }
        if p.night_from_hour > 23 || p.night_until_hour > 23 || p.statement_days == 0 || p.statement_days > 30 {
            return Err("夜间时段或陈述申辩期限设置无效".into());
        }
        Ok(p)
    }

    /// The threshold line for a domain.
    pub fn threshold(&self, domain: &str) -> Option<&HearingThreshold> {
        self.hearing_thresholds
            .iter()
            .find(|t| t.domain == domain)
            .or_else(|| self.hearing_thresholds.iter().find(|t| t.domain == "*"))
    }

    /// Whether a proposed penalty gives the party the right to a hearing, and why
    /// (《行政处罚法》第六十三条).
    pub fn hearing_right(&self, domain: &str, party: PartyKind, p: &Penalty) -> Option<String> {
        use PenaltyKind as K;
        for k in [
            K::LowerQualification,
            K::RevokeLicence,
            K::SuspendBusiness,
            K::Close,
            K::RestrictEmployment,
            K::RestrictActivities,
            K::SuspendLicence,
        ] {
            if p.has(k) {
                return Some(format!("拟作出“{}”", k.label()));
            }
        }
        let limit = match self.threshold(domain) {
            Some(t) if party == PartyKind::Person => t.person_fen,
            Some(t) => t.organisation_fen,
            // Without a configured threshold every fine or confiscation is treated as large.
            None => 1,
        };
        let yuan = super::model::format_yuan(limit);
        if p.has(K::Fine) && p.fine_fen.unwrap_or(0) >= limit {
            return Some(format!("罚款数额达到较大数额标准（{yuan}元）"));
        }
        if p.has(K::Confiscation) && p.confiscation_fen.unwrap_or(0) >= limit {
            return Some(format!("没收数额达到较大数额标准（{yuan}元）"));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_policy_parses_and_has_a_default_threshold() {
        let text = include_str!("../../../../data/case-policy.json");
        let p = CasePolicy::parse(text).unwrap();
        assert_eq!(&p, CasePolicy::shipped());
        assert!(p.av_required.contains(&StepKind::ApplyMeasure));
        assert!(p.av_required.contains(&StepKind::Enforce));
    }

    #[test]
    fn art_63_hearing_right_by_threshold_and_by_kind() {
        let p = CasePolicy::shipped();
        let t = p.threshold("市场监管").unwrap().clone();
        let fine = |fen| Penalty { kinds: vec![PenaltyKind::Fine], fine_fen: Some(fen), confiscation_fen: None };
        assert!(p.hearing_right("市场监管", PartyKind::Person, &fine(t.person_fen)).is_some());
        assert!(p.hearing_right("市场监管", PartyKind::Person, &fine(t.person_fen - 1)).is_none());
        assert!(p.hearing_right("市场监管", PartyKind::Organisation, &fine(t.person_fen)).is_none());
        let revoke = Penalty { kinds: vec![PenaltyKind::RevokeLicence], ..Default::default() };
        assert!(p.hearing_right("市场监管", PartyKind::Person, &revoke).unwrap().contains("吊销"));
        // A domain without its own line falls back to `*`.
        assert!(p.threshold("无此领域").is_some());
    }

    #[test]
    fn policy_without_fallback_threshold_is_refused() {
        let mut p = CasePolicy::shipped().clone();
        p.hearing_thresholds.retain(|t| t.domain != "*");
        let err = CasePolicy::parse(&serde_json::to_string(&p).unwrap()).unwrap_err();
        assert!(err.contains("*"));
    }
}
