//! The kind of a queued mail (`outbox.kind`) and of a sent reminder
//! (`reminders_sent.kind`) holds only the names of the mails Certa sends
//! (`certa_domain::outbox::MailKind`), checked like the columns typed before (named CHECK
//! constraints `<table>_kind_check` on PostgreSQL, abort triggers on SQLite; existing
//! values normalised, and one that names no mail stops the migration with the table,
//! column and value).
//!
//! The names are written out here so that this migration stays what it was.

use crate::m20261206_000014_typed_columns::{Column, add_checks, drop_checks};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const KINDS: &[&str] = &[
    "invitation",
    "password_reset",
    "password_changed",
    "application_accepted",
    "application_declined",
    "audit_confirmed",
    "audit_rescheduled",
    "audit_cancelled",
    "team_proposed",
    "team_objection",
    "surveillance_due",
    "audit_overdue",
    "qualification_expiring",
    "evidence_requested",
    "evidence_uploaded",
    "nc_raised",
    "nc_response_submitted",
    "nc_plan_accepted",
    "nc_plan_rejected",
    "nc_closed",
    "nc_reopened",
    "nc_escalated",
    "nc_response_due",
];

const COLUMNS: &[Column] = &[
    ("outbox", "kind", false, KINDS),
    ("reminders_sent", "kind", false, KINDS),
];

// The trait's signature elides the manager's lifetime; naming it would not match the trait.
#[allow(
    elided_lifetimes_in_paths,
    reason = "the signature MigrationTrait declares"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_checks(m, COLUMNS).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_checks(m, COLUMNS).await
    }
}
