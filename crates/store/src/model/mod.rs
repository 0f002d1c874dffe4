//! Rows as stored. Each derives `FromRow` generically, so one struct reads from both backends,
//! and `Serialize`, whose canonical JSON is what the change journal hashes.
//! One file per aggregate; every row type is re-exported here.

mod annual;
mod cases;
mod documents;
mod evaluation;
mod evidence;
mod publicity;
mod registry;
mod review;
mod spotcheck;
mod supervision;

pub use annual::*;
pub use cases::*;
pub use documents::*;
pub use evaluation::*;
pub use evidence::*;
pub use publicity::*;
pub use registry::*;
pub use review::*;
pub use spotcheck::*;
pub use supervision::*;
