//! What a use case can refuse or fail with. The adapters map it: the web to status codes
//! (`zhifa_web::error`), the CLI to a message and an exit code.

use zhifa_core::Invalid;
use zhifa_store::StoreError;

/// What went wrong, by kind; every message is Chinese and may be shown to the person.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input, with its field errors.
    #[error("输入有误：{0}")]
    Invalid(Invalid),
    /// Nobody is signed in (or the account is gone).
    #[error("请先登录")]
    Unauthenticated,
    /// The caller's role or body may not do this.
    #[error("无权执行此操作")]
    Forbidden,
    /// What was asked for does not exist (or is outside the caller's scope).
    #[error("{0}不存在")]
    NotFound(&'static str),
    /// The state of the data does not allow it.
    #[error("{0}")]
    Conflict(String),
    /// Too many failed passwords: the account waits.
    #[error("{0}")]
    Locked(String),
    /// A failure of the system; the cause is for the log, never for the person.
    #[error("系统内部错误：{0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(i) => AppError::Invalid(i),
            StoreError::NotFound(w) => AppError::NotFound(w),
            StoreError::Conflict(m) | StoreError::Changed(m) => AppError::Conflict(m),
            StoreError::Db(e) => AppError::Internal(format!("database: {e}")),
            StoreError::Corrupt(m) => AppError::Internal(format!("corrupt: {m}")),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(i: Invalid) -> Self {
        AppError::Invalid(i)
    }
}

impl From<crate::search::FollowError> for AppError {
    fn from(e: crate::search::FollowError) -> Self {
        match e {
            crate::search::FollowError::Store(e) => e.into(),
            e => AppError::Internal(e.to_string()),
        }
    }
}

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;
