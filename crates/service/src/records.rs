//! The records the use cases answer with, for the HTTP edge and the binary: plain
//! structs owned by the store's repositories (never its sea-orm models), re-exported
//! here so that callers of the use cases need not depend on the store.

pub use certa_store::repo::applications::{Application, Programme, ProgrammeAudit};
pub use certa_store::repo::audit::{AuditEvent, Integrity};
pub use certa_store::repo::audits::{Objection, Plan, ScheduledAudit, TeamMember};
pub use certa_store::repo::certification::{
    Certificate, Decision, Event as CertificateEvent, ReportRevision, Revision,
};
pub use certa_store::repo::clients::{AiSystem, Client, Contact, Scope, Site};
pub use certa_store::repo::evidence::{EvidenceItem, Link, Version};
pub use certa_store::repo::fieldwork::{Item, Nonconformity, StoredTemplate};
pub use certa_store::repo::invitations::Invitation;
pub use certa_store::repo::memberships::{Member, Membership};
pub use certa_store::repo::outbox::OutboxRow;
pub use certa_store::repo::personnel::{Absence, Auditor, Conflict, Qualification};
pub use certa_store::repo::tenants::Tenant;
pub use certa_store::repo::tokens::ApiToken;
pub use certa_store::repo::users::User;
