//! Identifiers parsed at the edge: resident identity numbers (GB 11643-1999), unified social
//! credit codes (GB 32100-2015) and enforcement certificate numbers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Folds full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) to ASCII and drops spaces, so that a
/// number typed with an input method still parses.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' | '\u{FF0D}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// Serde and display glue shared by the text identifiers: each parses through its `parse`.
macro_rules! text_id_impls {
    ($t:ident) => {
        impl TryFrom<String> for $t {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                Self::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// A resident identity number (公民身份号码), GB 11643-1999: six-digit area code, eight-digit
/// birth date, three-digit sequence and an ISO 7064 MOD 11-2 check character (0-9 or X).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId(String);

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The MOD 11-2 check character for the first 17 digits of an identity number.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(ID_WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    Some(ID_CHECK[(sum % 11) as usize])
}

impl ResidentId {
    /// Parses and checks length, digits, birth date and check character.
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = fold_width(input).to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err("身份证号码应为18位".into());
        }
        if !s.is_ascii() {
            return Err("身份证号码只能包含数字和X".into());
        }
        let (body, last) = s.split_at(17);
        if !body.chars().all(|c| c.is_ascii_digit()) {
            return Err("身份证号码前17位应为数字".into());
        }
        if body.starts_with('0') {
            return Err("身份证号码的地址码无效".into());
        }
        let birth = &body[6..14];
        let date = NaiveDate::parse_from_str(birth, "%Y%m%d").map_err(|_| "身份证号码中的出生日期无效".to_string())?;
        if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
            return Err("身份证号码中的出生日期无效".into());
        }
        let expected = resident_id_check_char(body).ok_or_else(|| "身份证号码格式错误".to_string())?;
        if !last.starts_with(expected) {
            return Err("身份证号码校验位错误".into());
        }
        Ok(Self(s))
    }
    /// The birth date encoded in digits 7-14.
    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").unwrap_or(NaiveDate::MIN)
    }
    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The number with the middle masked: `120115********123X`, for display to the unentitled.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

text_id_impls!(ResidentId);

/// A unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from the
/// 31-character alphabet `0-9A-HJ-NPQRTUWXY`, the last a weighted MOD 31 check character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

const CC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn cc_value(c: char) -> Option<u32> {
    CC_ALPHABET.find(c).map(|i| i as u32)
}

/// The MOD 31 check character for the first 17 characters of a credit code.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(CC_WEIGHTS) {
        sum += cc_value(c)? * w;
    }
    let v = (31 - sum % 31) % 31;
    CC_ALPHABET.chars().nth(v as usize)
}

impl CreditCode {
    /// Parses and checks alphabet, length and check character.
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = fold_width(input).to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err("统一社会信用代码应为18位".into());
        }
        if let Some(bad) = s.chars().find(|c| cc_value(*c).is_none()) {
            return Err(format!("统一社会信用代码含有不允许的字符“{bad}”（不使用 I、O、Z、S、V）"));
        }
        let (body, last) = s.split_at(17);
        let expected = credit_code_check_char(body).ok_or_else(|| "统一社会信用代码格式错误".to_string())?;
        if !last.starts_with(expected) {
            return Err("统一社会信用代码校验位错误".into());
        }
        Ok(Self(s))
    }
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
text_id_impls!(CreditCode);

/// An enforcement certificate number (执法证件编号).
///
/// Scheme: an optional issuing-province character (`津` for certificates issued by the Tianjin
/// municipal government; a State Council department's certificates carry none), followed by 6 to
/// 30 ASCII digits, capital letters or hyphens; it starts and ends with a digit or letter.
/// Full-width characters and spaces are folded. Example: `津12011500001`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CertificateNumber(String);

impl CertificateNumber {
    /// Parses a certificate number.
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = fold_width(input).to_ascii_uppercase();
        if s.is_empty() {
            return Err("证件编号不能为空".into());
        }
        let mut chars = s.chars();
        let rest: String = match s.chars().next() {
            Some(c) if !c.is_ascii() => {
                if !('\u{4E00}'..='\u{9FFF}').contains(&c) {
                    return Err(format!("证件编号含有不允许的字符“{c}”"));
                }
                chars.next();
                chars.collect()
            }
            _ => s.clone(),
        };
        let n = rest.chars().count();
        if !(6..=30).contains(&n) {
            return Err("证件编号应为6至30位数字或字母".into());
        }
        if let Some(bad) = rest.chars().find(|c| !(c.is_ascii_digit() || c.is_ascii_uppercase() || *c == '-')) {
            return Err(format!("证件编号含有不允许的字符“{bad}”"));
        }
        if rest.starts_with('-') || rest.ends_with('-') {
            return Err("证件编号不能以“-”开头或结尾".into());
        }
        Ok(Self(s))
    }
    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
text_id_impls!(CertificateNumber);

/// A mainland mobile number (11 digits starting with 1) or a landline with area code.
pub fn parse_phone(input: &str) -> Result<String, String> {
    let s: String = fold_width(input).chars().filter(|c| *c != '-').collect();
    let ok_mobile = s.len() == 11 && s.starts_with('1') && s.chars().all(|c| c.is_ascii_digit());
    let ok_land = s.starts_with('0') && (10..=12).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    if ok_mobile || ok_land { Ok(fold_width(input)) } else { Err("电话号码格式不正确".into()) }
}

/// Escapes text for XML and HTML content and attribute values (SVG drawn on the server, the
/// Atom feed).
pub fn xml_escape(s: &str) -> String {
    s.chars()
        // Characters XML 1.0 does not allow at all (control characters, U+FFFE, U+FFFF) are
        // dropped: escaped or not, they would make the document ill-formed.
        .filter(|&c| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A text as a cell of an exported spreadsheet (CSV, XLSX): a value that a spreadsheet would
/// take for a formula (beginning with `=`, `+`, `-`, `@`, a tab or a carriage return) is
/// prefixed with `'`, so that opening the export never runs what a party name contains.
pub fn spreadsheet_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Percent-encodes everything but the unreserved characters of RFC 3986 (a path segment or a
/// query value: a certificate number or a 文号 in a check address).
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn xml_text_never_carries_characters_xml_forbids() {
        let t = xml_escape("罚款\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}五千元\t\n<&>\u{FFFE}");
        assert_eq!(t, "罚款五千元\t\n&lt;&amp;&gt;");
    }

    #[test]
    fn a_spreadsheet_cell_is_never_a_formula() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_cell(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(spreadsheet_cell("宝坻区某某食品店"), "宝坻区某某食品店");
        assert_eq!(spreadsheet_cell(""), "");
    }

    use super::*;
    use proptest::prelude::*;

    /// GB 11643-1999 sample number from the standard's annex.
    #[test]
    fn gb11643_known_number_parses() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn gb11643_wrong_check_digit_rejected() {
        assert_eq!(ResidentId::parse("110105194912310021").unwrap_err(), "身份证号码校验位错误");
    }

    #[test]
    fn gb11643_bad_birth_date_rejected() {
        let first17 = "11010519490231002";
        let c = resident_id_check_char(first17).unwrap();
        assert!(ResidentId::parse(&format!("{first17}{c}")).unwrap_err().contains("出生日期"));
    }

    #[test]
    fn gb11643_full_width_and_spaces_fold() {
        assert!(ResidentId::parse("１１０１０５ １９４９１２３１ ００２ｘ").is_ok());
    }

    /// GB 32100-2015: a published code of a real organisation (国家市场监督管理总局 style sample).
    #[test]
    fn gb32100_check_char() {
        let body = "91120224MA05J4X2K";
        let c = credit_code_check_char(body).unwrap();
        let code = format!("{body}{c}");
        assert!(CreditCode::parse(&code).is_ok());
        assert!(CreditCode::parse("91350100M000100Y43").is_ok(), "known valid code");
        assert!(CreditCode::parse("91350100M000100Y44").is_err());
    }

    #[test]
    fn gb32100_forbidden_letters_named() {
        let e = CreditCode::parse("91120224MA05I4X2KX").unwrap_err();
        assert!(e.contains('I'), "{e}");
    }

    #[test]
    fn certificate_number_scheme() {
        assert_eq!(CertificateNumber::parse(" 津１２０１１５００００１ ").unwrap().as_str(), "津12011500001");
        assert!(CertificateNumber::parse("12345").is_err());
        assert!(CertificateNumber::parse("津12-").is_err());
        assert!(CertificateNumber::parse("ab#123456").is_err());
        assert!(CertificateNumber::parse("TJ-2024-000123").is_ok());
    }

    proptest! {
        #[test]
        fn every_generated_resident_id_roundtrips(area in 110000u32..659999, days in 0i64..40000, seq in 0u32..999) {
            let birth = NaiveDate::from_ymd_opt(1920, 1, 1).unwrap() + chrono::Duration::days(days);
            let first17 = format!("{area:06}{}{seq:03}", birth.format("%Y%m%d"));
            let c = resident_id_check_char(&first17).unwrap();
            let id = ResidentId::parse(&format!("{first17}{c}")).unwrap();
            prop_assert_eq!(id.birth_date(), birth);
            // any other check character is rejected
            for other in ID_CHECK.iter().filter(|x| **x != c) {
                let wrong = format!("{first17}{other}");
                prop_assert!(ResidentId::parse(&wrong).is_err());
            }
        }

        #[test]
        fn every_generated_credit_code_roundtrips(idx in proptest::collection::vec(0usize..31, 17)) {
            let body: String = idx.iter().map(|i| CC_ALPHABET.chars().nth(*i).unwrap()).collect();
            let c = credit_code_check_char(&body).unwrap();
            let good = format!("{body}{c}");
            prop_assert!(CreditCode::parse(&good).is_ok());
            for other in CC_ALPHABET.chars().filter(|x| *x != c) {
                let wrong = format!("{body}{other}");
                prop_assert!(CreditCode::parse(&wrong).is_err());
            }
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,40}") {
            let _ = ResidentId::parse(&s);
            let _ = CreditCode::parse(&s);
            let _ = CertificateNumber::parse(&s);
            let _ = parse_phone(&s);
        }
    }
}

/// Row identifiers of the aggregates that commands name, one type each, so that a body's id
/// cannot be passed where a case's is meant. Stored and shown as plain integers.
macro_rules! row_id {
    ($(#[$m:meta])* $t:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $t(pub i64);
        impl $t {
            /// The integer stored.
            pub fn get(self) -> i64 {
                self.0
            }
        }
        impl From<i64> for $t {
            fn from(v: i64) -> Self {
                $t(v)
            }
        }
        impl From<$t> for i64 {
            fn from(v: $t) -> i64 {
                v.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

row_id!(
    /// 执法主体 (`bodies.id`)
    BodyId
);
row_id!(
    /// 执法案件 (`cases.id`)
    CaseId
);
row_id!(
    /// 执法人员 (`officers.id`)
    OfficerId
);
row_id!(
    /// 用户账号 (`users.id`)
    UserId
);
