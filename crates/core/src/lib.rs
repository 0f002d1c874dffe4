//! zhifa domain core: the rules of the registry, identifiers and access policy.
//!
//! Nothing in this crate performs I/O. Storage and HTTP layers parse their input into the
//! types defined here and ask the functions here what is allowed.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod access;
pub mod annual;
pub mod archive;
pub mod calendar;
pub mod case;
pub mod doc;
pub mod draw;
pub mod error;
pub mod evidence;
pub mod ids;
pub mod laws;
pub mod lists;
pub mod publicity;
pub mod qr;
pub mod redact;
pub mod registry;
pub mod review;
pub mod spotcheck;
pub mod supervision;
pub mod time;

pub use error::{FieldError, Invalid};
