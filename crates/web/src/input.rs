//! Text input is checked once, on the way in, for every JSON body, query string and form: a
//! control character (NUL above all, which PostgreSQL cannot store and SQLite would keep) or a
//! non-character is refused with the field named, the same on both backends, before any
//! handler runs. Tab, line feed and carriage return are text.

use serde_json::Value;
use zhifa_core::Invalid;

/// The first character of `s` that no text input may carry.
pub fn forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|&c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

fn refusal(field: &str, c: char) -> Invalid {
    Invalid::field(field, format!("含有不可见的控制字符（U+{:04X}），请删除后重新输入", c as u32))
}

/// Checks every string of a JSON document; the field is named by its path (`parties[0].name`).
pub fn check_json(v: &Value) -> Result<(), Invalid> {
    fn walk(v: &Value, path: &mut String) -> Result<(), Invalid> {
        match v {
            Value::String(s) => match forbidden_char(s) {
                Some(c) => Err(refusal(if path.is_empty() { "body" } else { path }, c)),
                None => Ok(()),
            },
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Value::Object(map) => {
                for (k, item) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(v, &mut String::new())
}

/// Checks the decoded pairs of a query string or a form.
pub fn check_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), Invalid> {
    for (k, v) in pairs {
        if let Some(c) = forbidden_char(k).or_else(|| forbidden_char(v)) {
            return Err(refusal(k, c));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_with_their_field_and_text_passes() {
        let ok = serde_json::json!({"facts": "第一行\n第二行\t缩进\r\n", "n": 1, "list": ["宝坻"]});
        assert!(check_json(&ok).is_ok());
        let bad = serde_json::json!({"case": {"parties": [{"name": "张\u{0}三"}]}});
        let e = check_json(&bad).unwrap_err();
        assert_eq!(e.errors[0].field, "case.parties[0].name");
        assert!(e.errors[0].message.contains("U+0000"), "{e}");
        for c in ['\u{1}', '\u{1b}', '\u{7f}', '\u{85}', '\u{FFFF}'] {
            assert!(forbidden_char(&format!("a{c}b")).is_some(), "{c:?}");
        }
        let e = check_pairs([("q", "a"), ("username", "ad\u{0}min")]).unwrap_err();
        assert_eq!(e.errors[0].field, "username");
    }
}
