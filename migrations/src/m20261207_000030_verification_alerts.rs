//! The outbox and the sent reminders gain the mail that tells a body's administrators of
//! unusual verification activity (`verification_burst`).

use crate::m20261206_000014_typed_columns::{Column, add_checks, drop_checks};
use crate::m20261207_000028_certsearch::KINDS_AFTER_LIST as ALL_KINDS;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every mail kind after this migration.
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
    "audit_file_returned",
    "decision_taken",
    "certificate_issued",
    "certificate_suspended",
    "certificate_restored",
    "certificate_withdrawn",
    "certificate_expired",
    "certificate_expiring",
    "suspension_ending",
    "certsearch_export_due",
    "verification_burst",
];

const AFTER: &[Column] = &[
    ("outbox", "kind", false, KINDS),
    ("reminders_sent", "kind", false, KINDS),
];
const BEFORE: &[Column] = &[
    ("outbox", "kind", false, ALL_KINDS),
    ("reminders_sent", "kind", false, ALL_KINDS),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_checks(m, BEFORE).await?;
        add_checks(m, AFTER).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_checks(m, AFTER).await?;
        add_checks(m, BEFORE).await
    }
}
