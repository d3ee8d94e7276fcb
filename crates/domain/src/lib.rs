#![doc = include_str!("../README.md")]
//!
//! Certa's domain: pure types and rules, no IO.
//!
//! Everything here is deterministic and unit-tested: typed ids, the role × action
//! permission matrix, validated value types (email, tenant slug, role sets), the
//! canonical encoding that the tamper-evident audit trail hashes, and the certification
//! rules with their clauses: the standards catalogue, stage 1 and stage 2 checklist templates
//! (integrated audits per IAF MD 11), the audit-time engine (IAF MD 5/1/11,
//! ISO/IEC 27006-1, 42006), the 3-year programme planner (17021-1 9.1.3), application
//! review states, personnel and the two-year impartiality rule, audit-team checks, the
//! sign-in policy (single sign-on settings, claim-to-role mapping, break-glass and
//! second-factor rules), iCalendar output and the month grid of the calendar pages.

pub mod applications;
pub mod audit;
pub mod audit_dates;
pub mod audit_status;
pub mod audit_time;
pub mod catalogue;
pub mod certification;
pub mod certsearch;
pub mod checklists;
pub mod clients;
pub mod error;
pub mod evidence;
pub mod ics;
pub mod ids;
pub mod month;
pub mod nonconformity;
pub mod outbox;
pub mod permissions;
pub mod personnel;
pub mod programme;
pub mod public;
pub mod settings;
pub mod sign_in;
pub mod stored;
pub mod team;
pub mod values;

pub use audit_status::AuditStatus;
pub use error::{DomainError, ErrorCode, FieldProblem, Problems};
pub use ids::*;
pub use permissions::{Action, Role, RoleSet};
pub use stored::{Stored, UnknownValue};
pub use values::{Email, Slug};
