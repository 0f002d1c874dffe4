//! Validation errors that name the field and say, in Chinese, what is wrong.

use serde::Serialize;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's name as the API spells it (e.g. `id_number`).
    pub field: String,
    /// A Chinese message for the person who typed the value.
    pub message: String,
}

/// Every problem found in one input, so a form can show them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", .errors.iter().map(|e| format!("{}：{}", e.field, e.message)).collect::<Vec<_>>().join("；"))]
pub struct Invalid {
    /// The problems, in the order the fields were checked.
    pub errors: Vec<FieldError>,
}

impl Invalid {
    /// A single-field error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut v = Self::default();
        v.push(field, message);
        v
    }
    /// Adds a problem.
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.to_string(), message: message.into() });
    }
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
    /// `Ok(value)` when no problem was found.
    pub fn into_result<T>(self, value: T) -> Result<T, Invalid> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
    /// Records the error of a parse into this collection, returning the value when it parsed.
    pub fn check<T, E: std::fmt::Display>(&mut self, field: &str, r: Result<T, E>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(field, e.to_string());
                None
            }
        }
    }
}

/// Requires a non-empty trimmed text of at most `max` characters.
pub fn required_text(inv: &mut Invalid, field: &str, label: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        inv.push(field, format!("{label}不能为空"));
    } else if v.chars().count() > max {
        inv.push(field, format!("{label}不能超过{max}个字"));
    }
    v.to_string()
}

/// Optional text: trimmed, at most `max` characters, `None` when empty.
pub fn optional_text(inv: &mut Invalid, field: &str, label: &str, value: Option<&str>, max: usize) -> Option<String> {
    let v = value.map(str::trim).unwrap_or("");
    if v.is_empty() {
        return None;
    }
    if v.chars().count() > max {
        inv.push(field, format!("{label}不能超过{max}个字"));
    }
    Some(v.to_string())
}
