//! Who acts: the signed-in account as the access policy sees it, and the officer record it
//! belongs to. Every use case takes one and checks it before it reads or writes.

use crate::error::AppError;
use zhifa_core::access::{Action, Caller};
use zhifa_store::write::Actor;

/// The person behind a request or a command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who {
    /// the account, its role and body
    pub caller: Caller,
    /// the officer record this account belongs to, if any
    pub officer_id: Option<i64>,
}

impl Who {
    /// Requires a capability on `body` (none: the caller's own or the district).
    pub fn require(&self, action: Action, body: Option<i64>) -> Result<(), AppError> {
        if zhifa_core::access::allowed(&self.caller, action, body) {
            Ok(())
        } else {
            tracing::warn!(
                user = self.caller.user_id,
                role = self.caller.role.code(),
                ?action,
                ?body,
                "refused: role or body scope"
            );
            Err(AppError::Forbidden)
        }
    }

    /// The store actor for this person's writes.
    pub fn actor(&self) -> Actor {
        Actor { user_id: Some(self.caller.user_id), scope: self.caller.scope() }
    }
}
