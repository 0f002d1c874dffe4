//! Redaction (去标识化) of texts to be published (行政执法公示): finds, in structured fields and
//! in free text, resident identity numbers (also with a wrong check digit, with spaces or
//! full-width digits), mobile and landline numbers, bank card and account numbers, e-mail
//! addresses, home addresses of natural persons and names of natural persons other than the
//! party, and masks them; says what it masked and why. Organisation names, credit codes, the
//! party's name and what the caller lists as public (the body's own telephone, its collection
//! account) stay. No I/O: the publisher reviews the result before it is published.
//!
//! Offsets are in characters (Unicode scalar values) of the input.

pub mod normal;
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

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// Separators allowed inside a number as people write it.
fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '\u{3000}' | '－' | '—')
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Province abbreviations that open certificate and licence numbers (津12011500001): a digit
/// run right after one is such a number, not a telephone.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// A run of digits (with single separators between groups) from `i`: its end and its digits.
fn digit_run(cs: &[char], i: usize) -> (usize, Vec<u32>, bool) {
    let mut ds = Vec::new();
    let mut j = i;
    let mut x = false;
    while j < cs.len() {
        if let Some(d) = digit(cs[j]) {
            ds.push(d);
            j += 1;
        } else if ds.len() == 17 && is_x(cs[j]) {
            x = true;
            j += 1;
            break;
        } else if is_sep(cs[j]) && j + 1 < cs.len() && digit(cs[j + 1]).is_some() && !ds.is_empty() {
            j += 1;
        } else {
            break;
        }
    }
    (j, ds, x)
}

fn id_check(ds: &[u32]) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = ds.iter().zip(W).map(|(d, w)| d * w).sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(s % 11) as usize]
}

fn plausible_birth(ds: &[u32]) -> bool {
    let n = |r: std::ops::Range<usize>| ds[r].iter().fold(0, |a, d| a * 10 + d);
    let (y, m, d) = (n(6..10), n(10..12), n(12..14));
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn luhn(ds: &[u32]) -> bool {
    let s: u32 = ds
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    s.is_multiple_of(10)
}

/// Whether one of `labels` ends within `window` characters before `i` (ignoring ：:，spaces).
fn labelled(cs: &[char], i: usize, labels: &[&str], window: usize) -> bool {
    let from = i.saturating_sub(window);
    let before: String = cs[from..i].iter().collect();
    labels.iter().any(|l| before.contains(l))
}

fn stars(n: usize) -> String {
    "*".repeat(n)
}

fn prev_char(cs: &[char], i: usize) -> Option<char> {
    if i > 0 { Some(cs[i - 1]) } else { None }
}

fn numbers(cs: &[char], out: &mut Vec<Span>) {
    let mut i = 0;
    while i < cs.len() {
        let starts =
            digit(cs[i]).is_some() && (i == 0 || (digit(cs[i - 1]).is_none() && !cs[i - 1].is_ascii_alphabetic()));
        if !starts {
            i += 1;
            continue;
        }
        let (mut end, mut ds, x) = digit_run(cs, i);
        let mut start = i;
        // (022)29241234: an area code in brackets and the number after it.
        if matches!(prev_char(cs, i), Some('(' | '（'))
            && ds.first() == Some(&0)
            && (3..=4).contains(&ds.len())
            && matches!(cs.get(end), Some(')' | '）'))
            && cs.get(end + 1).is_some_and(|c| digit(*c).is_some())
        {
            let (e2, d2, _) = digit_run(cs, end + 1);
            if (10..=12).contains(&(ds.len() + d2.len())) {
                ds.extend(d2);
                end = e2;
                start -= 1;
            }
        }
        // +86 138 0013 8000: the country code before a mobile number.
        if ds.len() == 13 && ds[0] == 8 && ds[1] == 6 && ds[2] == 1 && (3..=9).contains(&ds[3]) {
            ds.drain(..2);
            if prev_char(cs, i) == Some('+') {
                start -= 1;
            }
        }
        let after_ok = end >= cs.len() || !(cs[end].is_ascii_alphanumeric() || digit(cs[end]).is_some());
        let after_province = prev_char(cs, i).is_some_and(|p| PROVINCES.contains(p));
        let n = ds.len() + usize::from(x);
        let mut push = |kind: Kind, reason: String, replacement: String, end: usize| {
            out.push(Span { start, end, kind, reason, replacement });
        };
        if !after_ok {
            i = end.max(i + 1);
            continue;
        }
        // Resident identity number: 18 characters (the last may be X) or the old 15 digits.
        if n == 18 && plausible_birth(&ds) {
            let check = if x { 'X' } else { char::from_digit(ds[17], 10).unwrap_or('?') };
            let reason = if id_check(&ds[..17]) == check {
                "公民身份号码".to_string()
            } else {
                "公民身份号码（校验位不符，仍按身份号码遮蔽）".to_string()
            };
            push(Kind::IdNumber, reason, stars(18), end);
        } else if n == 15
            && !x
            && ds[0] != 0
            && {
                let mm = ds[8] * 10 + ds[9];
                let dd = ds[10] * 10 + ds[11];
                (1..=12).contains(&mm) && (1..=31).contains(&dd)
            }
            && !labelled(cs, i, &["账号", "卡号", "账户"], 12)
        {
            push(Kind::IdNumber, "公民身份号码（15位旧号码）".into(), stars(15), end);
        } else if !x && !after_province && n == 11 && ds[0] == 1 && (3..=9).contains(&ds[1]) {
            let tail: String = ds[7..].iter().map(|d| char::from_digit(*d, 10).unwrap_or('*')).collect();
            let head: String = ds[..3].iter().map(|d| char::from_digit(*d, 10).unwrap_or('*')).collect();
            push(Kind::Mobile, "手机号码".into(), format!("{head}****{tail}"), end);
        } else if !x && !after_province && ds[0] == 0 && (10..=12).contains(&n) && ds[1] != 0 {
            // 0 + area code (2-3 digits) + a 7-8 digit number.
            let area = if matches!(ds[1], 1 | 2) { 3 } else { 4 };
            let head: String = ds[..area].iter().map(|d| char::from_digit(*d, 10).unwrap_or('*')).collect();
            push(Kind::Landline, "固定电话号码".into(), format!("{head}-{}", stars(n - area)), end);
        } else if !x && (16..=19).contains(&n) && luhn(&ds) {
            let tail: String = ds[n - 4..].iter().map(|d| char::from_digit(*d, 10).unwrap_or('*')).collect();
            push(Kind::BankAccount, "银行卡号（校验通过）".into(), format!("{}{tail}", stars(n - 4)), end);
        } else if !x && (8..=25).contains(&n) && labelled(cs, i, &["账号", "卡号", "账户", "帐号", "银行"], 14)
        {
            let tail: String = ds[n - 4..].iter().map(|d| char::from_digit(*d, 10).unwrap_or('*')).collect();
            push(Kind::BankAccount, "银行账号（前有“账号”等字样）".into(), format!("{}{tail}", stars(n - 4)), end);
        } else if !x
            && !after_province
            && (7..=8).contains(&n)
            && labelled(cs, i, &["电话", "手机", "联系方式", "Tel", "TEL", "tel"], 8)
        {
            push(Kind::Landline, "电话号码（前有“电话”等字样）".into(), stars(n), end);
        }
        i = end.max(i + 1);
    }
}

fn emails(cs: &[char], out: &mut Vec<Span>) {
    let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    for (at, c) in cs.iter().enumerate() {
        if !matches!(*c, '@' | '＠') {
            continue;
        }
        let mut s = at;
        while s > 0 && local(cs[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < cs.len() && domain(cs[e]) {
            e += 1;
        }
        while e > at + 1 && cs[e - 1] == '.' {
            e -= 1;
        }
        let dom: String = cs[at + 1..e].iter().collect();
        if s < at && dom.contains('.') && !dom.starts_with('.') {
            out.push(Span {
                start: s,
                end: e,
                kind: Kind::Email,
                reason: "电子邮箱".into(),
                replacement: format!("***@{dom}"),
            });
        }
    }
}

/// Labels after which a natural person's home address follows.
const HOME_LABELS: [&str; 11] =
    ["家庭住址", "现住址", "户籍地址", "户籍地", "居住地", "居住于", "居住在", "住在", "住址", "家住", "现住"];
/// Labels of an address that belongs to a natural person only when the segment says so.
const OTHER_LABELS: [&str; 2] = ["住所", "地址"];
/// Words that show a segment is about a natural person.
const PERSON_MARKS: [&str; 6] = ["男", "女", "出生", "身份证", "公民身份", "民族"];
const STOP: &str = "，。；;,\n（(）)";

/// The first characters of an address kept (down to the county level): 天津市宝坻区.
fn keep_region(addr: &[char]) -> usize {
    let mut keep = 0;
    for (i, c) in addr.iter().enumerate() {
        if matches!(c, '省' | '市' | '区' | '县' | '旗' | '州') && i < 12 {
            keep = i + 1;
        }
        if matches!(c, '镇' | '乡' | '街' | '路' | '村' | '道' | '号') {
            break;
        }
    }
    keep
}

fn addresses(cs: &[char], out: &mut Vec<Span>) {
    let text: String = cs.iter().collect();
    // Segment = between sentence stops: does it speak of a natural person?
    let seg_of = |i: usize| {
        let s = cs[..i].iter().rposition(|c| matches!(c, '。' | '\n' | '；')).map_or(0, |p| p + 1);
        let e = cs[i..].iter().position(|c| matches!(c, '。' | '\n' | '；')).map_or(cs.len(), |p| p + i);
        cs[s..e].iter().collect::<String>()
    };
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (labels, needs_person) in [(&HOME_LABELS[..], false), (&OTHER_LABELS[..], true)] {
        for l in labels {
            let lc: Vec<char> = l.chars().collect();
            let mut from = 0;
            while let Some(pos) = text[from..].find(l) {
                let byte = from + pos;
                from = byte + l.len();
                let ci = text[..byte].chars().count();
                let mut s = ci + lc.len();
                while s < cs.len() && matches!(cs[s], '：' | ':' | ' ' | '在' | '于') {
                    s += 1;
                }
                if found.iter().any(|(a, b)| ci >= *a && ci < *b || s > *a && s <= *b) {
                    continue;
                }
                if needs_person && !PERSON_MARKS.iter().any(|m| seg_of(ci).contains(m)) {
                    continue;
                }
                let mut e = s;
                while e < cs.len() && !STOP.contains(cs[e]) {
                    e += 1;
                }
                if e - s < 4 {
                    continue;
                }
                let keep = keep_region(&cs[s..e]);
                let start = s + keep;
                if e > start {
                    found.push((ci, e));
                    out.push(Span {
                        start,
                        end: e,
                        kind: Kind::Address,
                        reason: format!("自然人住址（“{l}”之后，保留至区县）"),
                        replacement: "***".into(),
                    });
                }
            }
        }
    }
}

/// Common surnames (single and compound), to recognise a name after a role word.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
const COMPOUND: [&str; 8] = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙"];
/// Role words after which another natural person's name follows.
const ROLES: [&str; 28] = [
    "证人",
    "举报人",
    "投诉人",
    "受害人",
    "被害人",
    "见证人",
    "被询问人",
    "消费者",
    "顾客",
    "员工",
    "职工",
    "雇员",
    "其妻",
    "其夫",
    "其子",
    "其女",
    "之妻",
    "之夫",
    "之子",
    "之女",
    "妻子",
    "丈夫",
    "父亲",
    "母亲",
    "儿子",
    "女儿",
    "亲属",
    "同住人",
];
/// Characters that end a name (verbs and particles that follow it).
const AFTER_NAME: &str = "称说在于的是系等及和与向到对为也均都证陈反表已未曾将被把从自因，。；、：:（()） \n";

fn names(cs: &[char], ctx: &Context, out: &mut Vec<Span>) {
    let text: String = cs.iter().collect();
    let mut add = |start: usize, len: usize, reason: String| {
        let surname = if len >= 3 && COMPOUND.iter().any(|c| cs[start..].iter().take(2).collect::<String>() == *c) {
            2
        } else {
            1
        };
        let head: String = cs[start..start + surname].iter().collect();
        out.push(Span { start, end: start + len, kind: Kind::PersonName, reason, replacement: format!("{head}某") });
    };
    // Names the case knows to be private.
    for n in ctx.private_names.iter().filter(|n| n.chars().count() >= 2) {
        if ctx.party_names.contains(n) {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = text[from..].find(n.as_str()) {
            let byte = from + pos;
            from = byte + n.len();
            add(text[..byte].chars().count(), n.chars().count(), "案件中登记的当事人以外自然人".into());
        }
    }
    // A name after a role word: 证人王五称…
    for r in ROLES {
        let mut from = 0;
        while let Some(pos) = text[from..].find(r) {
            let byte = from + pos;
            from = byte + r.len();
            let mut s = text[..byte].chars().count() + r.chars().count();
            while s < cs.len() && matches!(cs[s], '：' | ':' | ' ') {
                s += 1;
            }
            let compound = COMPOUND.iter().any(|c| cs[s..].iter().take(2).collect::<String>() == *c);
            if s >= cs.len() || !(compound || SURNAMES.contains(cs[s])) {
                continue;
            }
            let min = if compound { 3 } else { 2 };
            let mut e = s + if compound { 2 } else { 1 };
            while e < cs.len() && e - s < min + 1 && is_han(cs[e]) && !AFTER_NAME.contains(cs[e]) {
                e += 1;
            }
            let name: String = cs[s..e].iter().collect();
            if e - s >= min && !ctx.party_names.contains(&name) {
                add(s, e - s, format!("{}（“{r}”之后的自然人姓名）", Kind::PersonName.label()));
            }
        }
    }
}

/// The values the case registered as private, wherever they appear.
fn known(text: &str, ctx: &Context, out: &mut Vec<Span>) {
    for (kind, value) in &ctx.private {
        let value = value.trim();
        if value.chars().count() < 4 {
            continue;
        }
        let vc: Vec<char> = value.chars().collect();
        let replacement = match kind {
            Kind::Address => {
                let keep = keep_region(&vc);
                format!("{}***", vc[..keep].iter().collect::<String>())
            }
            Kind::Mobile if vc.len() == 11 => {
                format!("{}****{}", vc[..3].iter().collect::<String>(), vc[7..].iter().collect::<String>())
            }
            Kind::PersonName => format!("{}某", vc[0]),
            _ => stars(vc.len()),
        };
        let mut from = 0;
        while let Some(pos) = text[from..].find(value) {
            let byte = from + pos;
            from = byte + value.len();
            let start = text[..byte].chars().count();
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
    let text = n.text();
    let text = text.as_str();
    let cs = &n.chars;
    let normal_values = |v: &[String]| v.iter().map(|p| normal::normalise(p).text()).collect::<Vec<_>>();
    let ctx = &Context {
        party_names: normal_values(&ctx.party_names),
        private_names: normal_values(&ctx.private_names),
        public: normal_values(&ctx.public),
        private: ctx.private.iter().map(|(k, v)| (*k, normal::normalise(v).text())).collect(),
    };
    let mut spans = Vec::new();
    known(text, ctx, &mut spans);
    numbers(cs, &mut spans);
    emails(cs, &mut spans);
    addresses(cs, &mut spans);
    names(cs, ctx, &mut spans);
    // What the caller lists as public stays.
    let public: Vec<(usize, usize)> = ctx
        .public
        .iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            let mut v = Vec::new();
            let mut from = 0;
            while let Some(pos) = text[from..].find(p.as_str()) {
                let byte = from + pos;
                from = byte + p.len();
                let s = text[..byte].chars().count();
                v.push((s, s + p.chars().count()));
            }
            v
        })
        .collect();
    spans.retain(|sp| !public.iter().any(|(a, b)| sp.start >= *a && sp.end <= *b));
    // Earlier first; of overlapping spans the longer one (an address containing a number) wins.
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        match out.last() {
            Some(l) if s.start < l.end => {}
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
        assert!(luhn(&card.chars().filter_map(digit).collect::<Vec<_>>()));
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
