//! `certsearch_state`: each tenant's link to IAF CertSearch (IAF MD 28) and its last export.
//!
//! - The upload endpoint and the API key (sealed with XChaCha20-Poly1305 under a key derived
//!   from the configured master secret and the tenant id, base64url without padding; never
//!   shown back);
//! - when the tenant last exported its certifications (a download of the batches or the
//!   workbook, or a push), and the result of the last push.
//!
//! The mail kinds of the outbox and of sent reminders gain `certsearch_export_due`, the
//! monthly reminder when nothing was exported for 30 days.

use crate::m20261128_000001_foundation::{a, fk, pk, text_null, ts, ts_null, uuid};
use crate::m20261206_000014_typed_columns::{Column, add_checks, drop_checks};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0028_certsearch_rls.sql");

/// Every mail kind before this migration (written out, so that this migration stays what
/// it was).
const KINDS_BEFORE_LIST: &[&str] = &[
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
];

/// Every mail kind once the CertSearch reminder is added.
pub(crate) const KINDS_AFTER_LIST: &[&str] = &[
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
];

const KINDS_AFTER: &[Column] = &[
    ("outbox", "kind", false, KINDS_AFTER_LIST),
    ("reminders_sent", "kind", false, KINDS_AFTER_LIST),
];
const KINDS_BEFORE: &[Column] = &[
    ("outbox", "kind", false, KINDS_BEFORE_LIST),
    ("reminders_sent", "kind", false, KINDS_BEFORE_LIST),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut ok = ColumnDef::new(Alias::new("last_push_ok"));
        ok.boolean().null();
        m.create_table(
            Table::create()
                .table(a("certsearch_state"))
                .col(uuid("tenant_id"))
                .col(text_null("endpoint"))
                .col(text_null("sealed_api_key"))
                .col(ts_null("last_export_at"))
                .col(ts_null("last_push_at"))
                .col(ok)
                .col(text_null("last_push_result"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id"]))
                .foreign_key(&mut fk(
                    "certsearch_state_tenant_fk",
                    "certsearch_state",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        drop_checks(m, KINDS_BEFORE).await?;
        add_checks(m, KINDS_AFTER).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_checks(m, KINDS_AFTER).await?;
        add_checks(m, KINDS_BEFORE).await?;
        m.drop_table(Table::drop().table(a("certsearch_state")).to_owned())
            .await
    }
}
