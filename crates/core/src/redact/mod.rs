//! Redaction (去标识化) of texts to be published (行政执法公示): finds, in structured fields and
//! in free text, resident identity numbers (also with a wrong check digit, with spaces or
//! full-width digits), mobile and landline numbers, bank card and account numbers, e-mail
//! addresses, home addresses of natural persons (after a label or by their shape), names of
//! natural persons other than the party (by evidence: a surname where a name is expected),
//! licence plates, instant-messaging accounts, and the sensitive personal information of
//! 个人信息保护法 art. 28 (health, religious belief, biometric data, whereabouts), and masks
//! them; says what it masked and why. Organisation names, credit codes, the party's name and
//! what the caller lists as public (the body's own telephone, its collection account) stay.
//! No I/O: the publisher reviews the result before it is published.
//!
//! Detection reads the text normalised (`normal`): invisible characters removed, digits of
//! every script, look-alikes; every cue word of every detector is found in one pass
//! (`lexicon`). Offsets are in characters (Unicode scalar values) of the input.

mod lexicon;
pub mod normal;
mod numbers;
mod persons;
mod places;
mod sensitive;

use lexicon::Hit;
use serde::Serialize;

/// What a masked span was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 公民身份号码
    IdNumber,
    /// 手机号码
    Mobile,
    /// 固定电话号码
    Landline,
    /// 银行卡号或账号
    BankAccount,
    /// 电子邮箱
    Email,
    /// 自然人住址
    Address,
    /// 当事人以外自然人的姓名
    PersonName,
    /// 健康医疗信息
    Health,
    /// 宗教信仰
    Religion,
    /// 生物识别信息
    Biometric,
    /// 行踪轨迹
    Whereabouts,
    /// 机动车号牌
    Plate,
    /// 即时通信账号
    ImAccount,
}

impl Kind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Kind::IdNumber => "公民身份号码",
            Kind::Mobile => "手机号码",
            Kind::Landline => "固定电话号码",
            Kind::BankAccount => "银行卡号或账号",
            Kind::Email => "电子邮箱",
            Kind::Address => "自然人住址",
            Kind::PersonName => "当事人以外自然人的姓名",
            Kind::Health => "健康医疗信息",
            Kind::Religion => "宗教信仰",
            Kind::Biometric => "生物识别信息",
            Kind::Whereabouts => "行踪轨迹",
            Kind::Plate => "机动车号牌",
            Kind::ImAccount => "即时通信账号",
        }
    }
}

/// One span masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// first character (0-based, in characters)
    pub start: usize,
    /// one past the last character
    pub end: usize,
    /// what it is
    pub kind: Kind,
    /// why it was masked, in Chinese
    pub reason: String,
    /// what replaces it
    pub replacement: String,
}

/// What the engine is told about the text's case.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// the parties' names, published per the rule (not masked)
    pub party_names: Vec<String>,
    /// names of natural persons known from the case (witnesses, informants …) to mask wherever
    /// they appear
    pub private_names: Vec<String>,
    /// texts that are public and stay (the body's telephone, address, collection account)
    pub public: Vec<String>,
    /// values the case knows to be private (a citizen party's identity number, home address,
    /// telephone), masked wherever they appear, whatever their form around them
    pub private: Vec<(Kind, String)>,
}

/// The redacted text and what was masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redacted {
    /// the text with every span replaced
    pub text: String,
    /// the spans, in order
    pub spans: Vec<Span>,
}

/// The normalised text as the detectors read it: its characters, the cue words found in it,
/// what the case says, and the places that stay (the parties' names, what is public).
pub(crate) struct Scan<'a> {
    cs: &'a [char],
    hits: Vec<Hit>,
    ctx: &'a Context,
    kept: Vec<(usize, usize)>,
}

impl Scan<'_> {
    /// The cue words lying within `[from, to)`.
    fn hits_within(&self, from: usize, to: usize) -> impl Iterator<Item = &Hit> {
        let first = self.hits.partition_point(|h| h.start < from);
        self.hits[first..].iter().take_while(move |h| h.start < to).filter(move |h| h.end <= to)
    }

    /// The cue words ending at `at`.
    fn hits_ending_at(&self, at: usize) -> impl Iterator<Item = &Hit> {
        self.hits_within(at.saturating_sub(lexicon::longest()), at).filter(move |h| h.end == at)
    }

    /// Whether a cue word with one of `cues` lies within the `window` characters before `i`.
    fn cue_before(&self, i: usize, window: usize, cues: u32) -> bool {
        self.hits_within(i.saturating_sub(window), i).any(|h| h.cues & cues != 0)
    }

    /// The sentence around `i`: `[start, end)`.
    fn sentence(&self, i: usize) -> (usize, usize) {
        let cs = self.cs;
        let i = i.min(cs.len());
        let s = cs[..i].iter().rposition(|c| places::ends_sentence(*c)).map_or(0, |p| p + 1);
        let e = cs[i..].iter().position(|c| places::ends_sentence(*c)).map_or(cs.len(), |p| p + i);
        (s, e)
    }

    /// Whether the telephone at `i` is an organisation's (区市场监管局…电话, 医院总机): the
    /// nearest word before it in its sentence that says whose it is names an organisation.
    fn organisation_phone(&self, i: usize) -> bool {
        use lexicon::cue;
        let (s, _) = self.sentence(i);
        let whose = cue::ORG_PLACE | cue::ROLE | cue::PERSON | cue::RESIDENCE | cue::HOME;
        self.hits_within(s.max(i.saturating_sub(16)), i)
            .filter(|h| h.cues & whose != 0)
            .max_by_key(|h| (h.end, h.end - h.start))
            .is_some_and(|h| h.cues & cue::ORG_PLACE != 0 && h.cues & cue::ROLE == 0)
    }

    /// Where `needle` occurs.
    fn occurrences(&self, needle: &[char]) -> Vec<usize> {
        occurrences(self.cs, needle)
    }

    /// Whether `[s, e)` overlaps a place that stays (a party's name, a public text).
    fn protected(&self, s: usize, e: usize) -> bool {
        self.kept.iter().any(|(a, b)| s < *b && e > *a)
    }
}

/// Where `needle` occurs in `cs`.
fn occurrences(cs: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > cs.len() {
        return Vec::new();
    }
    let first = needle[0];
    (0..=cs.len() - needle.len()).filter(|&i| cs[i] == first && cs[i..i + needle.len()] == *needle).collect()
}

fn stars(n: usize) -> String {
    "*".repeat(n)
}

/// The values the case registered as private, wherever they appear.
fn known(sc: &Scan, out: &mut Vec<Span>) {
    for (kind, value) in &sc.ctx.private {
        let value = value.trim();
        if value.chars().count() < 4 {
            continue;
        }
        let vc: Vec<char> = value.chars().collect();
        let replacement = match kind {
            Kind::Address => {
                let keep = places::keep_region(&vc);
                format!("{}***", vc[..keep].iter().collect::<String>())
            }
            Kind::Mobile if vc.len() == 11 => {
                format!("{}****{}", vc[..3].iter().collect::<String>(), vc[7..].iter().collect::<String>())
            }
            Kind::PersonName => format!("{}某", vc[0]),
            _ => stars(vc.len()),
        };
        for start in sc.occurrences(&vc) {
            out.push(Span {
                start,
                end: start + vc.len(),
                kind: *kind,
                reason: format!("案件中登记的{}", kind.label()),
                replacement: replacement.clone(),
            });
        }
    }
}

/// Finds every span to mask in `text`, in order, without overlaps.
/// Detection reads the text normalised ([`normal::normalise`]); the spans are of the original.
pub fn find(text: &str, ctx: &Context) -> Vec<Span> {
    let normalised = normal::normalise(text);
    let mut spans = find_normalised(&normalised, ctx);
    for s in &mut spans {
        (s.start, s.end) = normalised.original(s.start, s.end);
    }
    spans
}

/// [`find`] on the normalised text, in its characters.
fn find_normalised(n: &normal::Normalised, ctx: &Context) -> Vec<Span> {
    let cs = &n.chars;
    let normal_values = |v: &[String]| v.iter().map(|p| normal::normalise(p).text()).collect::<Vec<_>>();
    let ctx = &Context {
        party_names: normal_values(&ctx.party_names),
        private_names: normal_values(&ctx.private_names),
        public: normal_values(&ctx.public),
        private: ctx.private.iter().map(|(k, v)| (*k, normal::normalise(v).text())).collect(),
    };
    // What the caller lists as public stays; so do the parties' names.
    let public: Vec<(usize, usize)> = ctx
        .public
        .iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            let pc: Vec<char> = p.chars().collect();
            occurrences(cs, &pc).into_iter().map(move |s| (s, s + pc.len()))
        })
        .collect();
    let mut kept = public.clone();
    for p in ctx.party_names.iter().filter(|p| p.chars().count() >= 2) {
        let pc: Vec<char> = p.chars().collect();
        kept.extend(occurrences(cs, &pc).into_iter().map(|s| (s, s + pc.len())));
    }
    let sc = Scan { cs, hits: lexicon::hits(cs), ctx, kept };
    let mut spans = Vec::new();
    known(&sc, &mut spans);
    numbers::numbers(&sc, &mut spans);
    numbers::emails(&sc, &mut spans);
    numbers::plates(&sc, &mut spans);
    numbers::handles(&sc, &mut spans);
    places::addresses(&sc, &mut spans);
    persons::names(&sc, &mut spans);
    let found = sensitive::sensitive(&sc, &spans);
    spans.extend(found);
    // Public texts stay; what is already masked (***) is not masked again.
    spans.retain(|sp| {
        !public.iter().any(|(a, b)| sp.start >= *a && sp.end <= *b)
            && !cs[sp.start..sp.end].iter().all(|c| matches!(c, '*' | ' ' | '-'))
    });
    // Earlier first, the longer of two starting together; what overlaps a span before it is
    // masked for the part beyond it, so nothing found is left in clear.
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Span> = Vec::new();
    for mut s in spans {
        match out.last() {
            Some(l) if s.start < l.end => {
                if s.end > l.end {
                    s.start = l.end;
                    s.replacement = "***".into();
                    out.push(s);
                }
            }
            _ => out.push(s),
        }
    }
    out
}

/// Masks every span [`find`] finds.
pub fn redact(text: &str, ctx: &Context) -> Redacted {
    let spans = find(text, ctx);
    let cs: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in &spans {
        out.extend(&cs[at..s.start]);
        out.push_str(&s.replacement);
        at = s.end;
    }
    out.extend(&cs[at..]);
    Redacted { text: out, spans }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        let cs: Vec<char> = text.chars().collect();
        find(text, &Context::default()).iter().map(|s| (s.kind, cs[s.start..s.end].iter().collect())).collect()
    }

    #[test]
    fn disguised_numbers_are_found_and_masked_in_the_original_characters() {
        let t = "张三，手机138\u{200B}0013\u{00AD}8000，身份证１２０２２４\u{2009}19800101\u{2060}1234，邮箱zhang(at)example.com。";
        let r = redact(t, &Context::default());
        let kinds: Vec<Kind> = r.spans.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![Kind::Mobile, Kind::IdNumber, Kind::Email], "{r:?}");
        assert!(!r.text.contains('\u{200B}') && !r.text.contains("zhang"), "{}", r.text);
        assert!(r.text.starts_with("张三，手机138****8000，身份证******************，邮箱"), "{}", r.text);
        let cs: Vec<char> = t.chars().collect();
        let phone: String = cs[r.spans[0].start..r.spans[0].end].iter().collect();
        assert_eq!(phone, "138\u{200B}0013\u{00AD}8000", "the span covers the original characters");
        // Other scripts, Chinese numerals and look-alike letters.
        for t in ["电话١٣٨٠٠١٣٨٠٠٠。", "电话一三八零零一三八零零零。", "电话l38OOl38OOO。", "电话138.0013.8000。"]
        {
            let r = redact(t, &Context::default());
            assert_eq!(r.spans.iter().map(|s| s.kind).collect::<Vec<_>>(), vec![Kind::Mobile], "{t}: {r:?}");
            assert_eq!(r.text, "电话138****8000。", "{t}");
        }
    }

    #[test]
    fn identity_numbers_in_every_form_and_credit_codes_kept() {
        // A valid number, one with a wrong check digit, one with spaces, one in full-width digits.
        let t = "身份证号120224198001011234，另一人120224198001011235，又一人120224 19800101 1234，还有１２０２２４１９８００１０１１２３４。";
        let k = kinds(t);
        assert_eq!(k.iter().filter(|(k, _)| *k == Kind::IdNumber).count(), 4, "{k:?}");
        let r = find(t, &Context::default());
        assert!(r[1].reason.contains("校验位不符"), "{:?}", r[1]);
        // The unified social credit code of a company stays.
        assert!(kinds("统一社会信用代码91350100M000100Y43").is_empty());
        // A 15-digit old number.
        assert_eq!(kinds("身份证号120224800101123")[0].0, Kind::IdNumber);
    }

    #[test]
    fn telephones_mobile_and_landline_with_separators_but_not_certificates() {
        let k = kinds("手机13800138000，电话022-29241234，手机+86 138 0013 8000，座机(022)29241234");
        let got: Vec<Kind> = k.iter().map(|x| x.0).collect();
        assert_eq!(got, [Kind::Mobile, Kind::Landline, Kind::Mobile, Kind::Landline], "{k:?}");
        assert!(kinds("执法证号津13011500001").is_empty(), "a certificate number is not a phone");
        assert!(kinds("罚款5,000.00元，案号002-2026-CF00001，2026年3月1日").is_empty());
        let r = redact("联系电话13800138000", &Context::default());
        assert_eq!(r.text, "联系电话138****8000");
    }

    #[test]
    fn bank_cards_by_checksum_and_accounts_by_label_public_ones_kept() {
        // 6222 0212 3456 7890 128 (Luhn-valid 19 digits)
        let card = "6222021234567890128";
        assert!(numbers::luhn(&card.chars().filter_map(|c| c.to_digit(10)).collect::<Vec<_>>()));
        let k = kinds(&format!("转入卡号{card}"));
        assert_eq!(k[0].0, Kind::BankAccount);
        assert_eq!(kinds("开户账号：12001234567890")[0].0, Kind::BankAccount);
        let ctx = Context { public: vec!["12001234567890".into()], ..Default::default() };
        assert!(find("罚款缴入账号：12001234567890", &ctx).is_empty(), "the body's collection account stays");
    }

    #[test]
    fn emails_addresses_and_names_of_other_people() {
        assert_eq!(kinds("邮箱 zhang.san@example.com。")[0], (Kind::Email, "zhang.san@example.com".into()));
        let ctx = Context { party_names: vec!["张三".into()], ..Default::default() };
        let r =
            redact("当事人张三，男，1980年1月1日出生，住址：天津市宝坻区周良街道某某村12号。证人李四称其看到。", &ctx);
        assert_eq!(r.text, "当事人张三，男，1980年1月1日出生，住址：天津市宝坻区***。证人李某称其看到。", "{r:?}");
        // An organisation's 住所 stays; the same label for a person is masked.
        assert!(kinds("当事人宝坻区某某食品店，住所：天津市宝坻区南城东路12号。").is_empty());
        let k = kinds("当事人王五，男，汉族，住所：天津市宝坻区口东街道某村3号。");
        assert_eq!(k.iter().map(|x| x.0).collect::<Vec<_>>(), [Kind::Address]);
        // Names the case registered as private, wherever they appear; the party's name stays.
        let ctx = Context {
            party_names: vec!["张三".into()],
            private_names: vec!["赵六".into(), "张三".into()],
            ..Default::default()
        };
        let r = redact("经查，赵六于当日向张三购买食品。", &ctx);
        assert_eq!(r.text, "经查，赵某于当日向张三购买食品。");
        assert_eq!(redact("举报人欧阳明华反映", &Context::default()).text, "举报人欧阳某反映");
    }

    fn masked(text: &str) -> String {
        redact(text, &Context::default()).text
    }

    #[test]
    fn names_by_the_bracket_after_them_and_in_answers() {
        // A bracket that describes a person: an age, a relation, a role or trade.
        assert_eq!(masked("对入住老人栗万发（89岁）护理不当"), "对入住老人栗某（89岁）护理不当");
        assert_eq!(masked("从尉迟建中（个体养殖户）处购进"), "从尉迟某（个体养殖户）处购进");
        assert_eq!(masked("由其家属房德胜（系受送达人父亲）代收"), "由其家属房某（系受送达人父亲）代收");
        // The answer to 谁, wherever the name stands in it; a name opening any answer.
        assert_eq!(masked("问：注射人员是谁？答：是我们店的孔雪梅，"), "问：注射人员是谁？答：是我们店的孔某，");
        assert_eq!(masked("问：登记了吗？答：焦红霞登记了。"), "问：登记了吗？答：焦某登记了。");
        // A character that usually follows a name may end one (万发), not start a word (发现).
        assert_eq!(masked("证人王五发现后报警"), "证人王某发现后报警");
    }

    #[test]
    fn common_words_and_public_office_holders_are_no_names() {
        // 电工 + 程建设 reads 电 + 工程 + 建设; 游乐 in 大型游乐设施 is the word.
        assert!(kinds("电工程建设单位").is_empty(), "{:?}", kinds("电工程建设单位"));
        assert!(kinds("起重机械、大型游乐设施").is_empty());
        // The list after a public office, brackets and all, stays; 车队长 is no 队长.
        let t = "执法人员：刘建华（执法证号津13020211045）、方晓明（执法证号津13020211046）。";
        assert!(kinds(t).is_empty(), "{:?}", kinds(t));
        assert_eq!(masked("工资由车队长邓金锁负责发放"), "工资由车队长邓某负责发放");
    }

    #[test]
    fn accounts_plates_and_organisation_phones() {
        // A 16-19 digit run is an account, unless its label says what else it is.
        assert_eq!(kinds("通过其工商银行账户0302 0012 0901 2345 678发放")[0].0, Kind::BankAccount);
        assert_eq!(kinds("收款0102003456078912345元")[0].0, Kind::BankAccount);
        assert!(kinds("订单号2026091800123456789").is_empty());
        // A separator inside a plate; a number after the plate is not part of it.
        assert_eq!(kinds("车牌号沪AD 12345的新能源车")[0], (Kind::Plate, "沪AD 12345".into()));
        assert_eq!(kinds("京A12345 2辆")[0], (Kind::Plate, "京A12345".into()));
        // An office's telephone stays.
        assert!(kinds("联系人：区司法局执法监督科，电话022-29241100。").is_empty());
    }

    #[test]
    fn addresses_end_where_they_end_and_belong_to_whoever_lives_there() {
        // The county is kept; a 市 or 区 after it is no level (草市, 小区).
        assert_eq!(
            masked("证人李四，住四川省成都市青羊区草市街道东城根上街8号。"),
            "证人李某，住四川省成都市青羊区***。"
        );
        assert_eq!(masked("他住在幸福小区3栋"), "他住在***");
        assert_eq!(masked("住宁夏回族自治区银川市兴庆区解放东街101号"), "住宁夏回族自治区银川市兴庆区***");
        // The address ends at its room, not at the clause's end.
        assert_eq!(masked("租住的上海市闵行区莘庄镇莘建路66弄12号602室内存放烟花"), "租住的上海市闵行区***内存放烟花");
        // What follows decides whose it is: a home (自家院), a shop (店内).
        assert_eq!(
            masked("当事人在其位于天津市蓟州区下营镇常州村123号的自家院内开办农家院"),
            "当事人在其位于天津市蓟州区***的自家院内开办农家院"
        );
        assert!(kinds("当事人在位于天津市和平区南京路18号的店内销售").is_empty());
        // 住所地 of an office stays; a village named alone is masked; 农村 is no village.
        assert!(kinds("被申请人：某区市场监督管理局，住所地某区中山北路105号。").is_empty());
        assert_eq!(masked("证人王五家住东关村，"), "证人王某家住***，");
        assert!(kinds("家住农村").is_empty());
    }

    #[test]
    fn sensitive_clauses_are_masked_whole() {
        // The clause with its subject and link; a clause that continues it.
        assert_eq!(masked("游客甘立平被观光车撞倒，造成左腿胫腓骨骨折。"), "游客甘某被观光车撞倒，***。");
        assert_eq!(masked("答：我得了肝硬化，每个月都要去医院复查。"), "答：***。");
        // 负责人 holds 负责 but states no rule.
        assert_eq!(masked("原负责人廖国平已于2025年10月因脑梗塞去世。"), "***。");
        // A biometric comparison and a vehicle's track with its times are someone's.
        assert_eq!(masked("现场提取的掌纹与犯罪嫌疑人李某的掌纹一致。"), "***。");
        assert_eq!(masked("车辆GPS记录显示该车9月1日至9月20日每日往返载客。"), "***。");
    }

    #[test]
    fn values_the_case_registered_as_private_are_masked_in_any_sentence() {
        // An address with no label and no person mark in its sentence, a phone written inside
        // running text: known from the party's record, masked anyway.
        let ctx = Context {
            party_names: vec!["张三".into()],
            private: vec![
                (Kind::Address, "天津市宝坻区周良街道某某村12号".into()),
                (Kind::IdNumber, "120224198001011234".into()),
            ],
            ..Default::default()
        };
        let r = redact("执法人员前往天津市宝坻区周良街道某某村12号检查，张三（120224198001011234）在场。", &ctx);
        assert_eq!(r.text, "执法人员前往天津市宝坻区***检查，张三（******************）在场。", "{r:?}");
        assert!(r.spans.iter().all(|s| s.reason.starts_with("案件中登记的")), "{r:?}");
    }
}
