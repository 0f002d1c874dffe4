//! Case handling (执法全过程记录): the five kinds of enforcement action, their procedures as
//! state machines, and the statutory rules each step is checked against. No I/O: storage
//! loads the case, its steps and the standing of officers and evidence, asks
//! [`machine::check_step`], and writes only what it accepts.

pub mod flow;
pub mod handover;
pub mod input;
pub mod machine;
pub mod model;
pub mod policy;
pub mod prefill;
pub mod rules;

pub use input::{CaseInput, PartyInput, StepData, StepInput, ValidCase, ValidStep};
pub use machine::{Accepted, CaseFacts, Deadline, EvidenceFact, Recorded, StepContext, check_step, deadlines};
pub use model::*;
pub use policy::CasePolicy;
pub use rules::{CertificateStanding, OfficerStanding, Refusal};

#[cfg(test)]
mod tests;
