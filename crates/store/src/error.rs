//! Storage errors. Database error text never reaches a client: the web layer maps these kinds.

use zhifa_core::Invalid;

/// What went wrong in storage, by kind.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Input broke a rule; the fields are named.
    #[error("输入有误：{0}")]
    Invalid(#[from] Invalid),
    /// The object does not exist (or lies outside the caller's scope).
    #[error("{0}不存在")]
    NotFound(&'static str),
    /// The change conflicts with existing data (a duplicate number, a concurrent change).
    #[error("{0}")]
    Conflict(String),
    /// What the command was prepared from changed before it ran (a document's records or the
    /// next number): prepare it again.
    #[error("{0}")]
    Changed(String),
    /// The database failed.
    #[error("数据库错误")]
    Db(#[source] sqlx::Error),
    /// Stored data could not be read back (a corrupted row, a bad migration).
    #[error("数据错误：{0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Db(e)
    }
}

impl StoreError {
    /// Maps a unique violation to a conflict with `message`, leaving other errors as they are.
    pub fn unique_as(self, message: impl FnOnce() -> String) -> Self {
        match &self {
            StoreError::Db(sqlx::Error::Database(d)) if d.is_unique_violation() => StoreError::Conflict(message()),
            _ => self,
        }
    }
    /// Maps a foreign-key violation to a field error.
    pub fn foreign_key_as(self, field: &str, message: &str) -> Self {
        match &self {
            StoreError::Db(sqlx::Error::Database(d)) if d.is_foreign_key_violation() => {
                StoreError::Invalid(Invalid::field(field, message))
            }
            _ => self,
        }
    }
}
