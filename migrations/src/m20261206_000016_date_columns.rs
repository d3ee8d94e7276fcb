//! Calendar dates become date columns. The start and end of audits and of auditors'
//! unavailability, the due dates of programme entries, checklist items and
//! nonconformities, qualification and evidence validity, the programme's decision and
//! expiry, the end of a conflict of interest or of a consultancy, objection deadlines and
//! links, reminder and job days were ISO `YYYY-MM-DD` text.
//!
//! - PostgreSQL: each column becomes `date` (`ALTER COLUMN … TYPE date`), so the database
//!   itself refuses anything that is not a calendar date. Blanks left by older writes are
//!   trimmed, and an empty optional date becomes NULL. A value that is not a date stops
//!   the migration with PostgreSQL's message naming it. Keys, indexes, constraints and
//!   row-level security stay as they are (the rewrite is not subject to the policies).
//! - SQLite has no date type: sea-orm reads and writes its dates as the same
//!   `YYYY-MM-DD` text, so the columns keep their type. Blanks are trimmed likewise, and a
//!   value that is not a valid `YYYY-MM-DD` date stops the migration with the table,
//!   column and value (the application could not read it any more), so nothing is
//!   silently rewritten.
//!
//! The column list is written out here so that this migration stays what it was.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table, column, whether it may be NULL.
const COLUMNS: &[(&str, &str, bool)] = &[
    ("clients", "consultancy_until", true),
    ("auditor_qualifications", "valid_from", false),
    ("auditor_qualifications", "valid_until", true),
    ("auditor_conflicts", "ended_on", true),
    ("auditor_absences", "starts_on", false),
    ("auditor_absences", "ends_on", false),
    ("programmes", "decision_date", true),
    ("programmes", "expiry_date", true),
    ("programme_audits", "due_by", true),
    ("programme_audits", "window_start", true),
    ("audits", "starts_on", false),
    ("audits", "ends_on", false),
    ("audits", "objection_deadline", true),
    ("objection_links", "expires_on", false),
    ("reminders_sent", "sent_on", false),
    ("checklist_items", "evidence_due", true),
    ("nonconformities", "response_due", false),
    ("nonconformities", "planned_date", true),
    ("evidence_versions", "effective_date", true),
    ("evidence_versions", "valid_until", true),
    ("job_runs", "day", false),
];

/// The trimmed value, NULL for an empty optional one.
fn cleaned(column: &str, nullable: bool) -> String {
    if nullable {
        format!("nullif(trim({column}), '')")
    } else {
        format!("trim({column})")
    }
}

// The trait's signature elides the manager's lifetime; naming it would not match the trait.
#[allow(
    elided_lifetimes_in_paths,
    reason = "the signature MigrationTrait declares"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        let backend = m.get_database_backend();
        if backend == DbBackend::Postgres {
            // `ALTER … TYPE` rewrites every row, whatever the row-level security policies.
            for &(table, column, nullable) in COLUMNS {
                let using = cleaned(column, nullable);
                c.execute_unprepared(&format!(
                    "ALTER TABLE {table} ALTER COLUMN {column} TYPE date USING {using}::date"
                ))
                .await?;
            }
            return Ok(());
        }
        for &(table, column, nullable) in COLUMNS {
            let value = cleaned(column, nullable);
            c.execute_unprepared(&format!(
                "UPDATE {table} SET {column} = {value} WHERE {column} IS NOT {value}"
            ))
            .await?;
            // `date()` answers NULL for what is not a date and normalises what it reads
            // (a 31 April becomes 1 May): a value is kept only when it reads back as itself.
            let bad = c
                .query_one(Statement::from_string(
                    backend,
                    format!(
                        "SELECT {column} AS v FROM {table} WHERE {column} IS NOT NULL \
                         AND (date({column}) IS NULL OR date({column}) <> {column}) LIMIT 1"
                    ),
                ))
                .await?;
            if let Some(row) = bad {
                let v: String = row.try_get("", "v")?;
                return Err(DbErr::Migration(format!(
                    "{table}.{column} holds '{v}', which is not a YYYY-MM-DD date; correct it and run the migration again"
                )));
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        for &(table, column, _) in COLUMNS {
            m.get_connection()
                .execute_unprepared(&format!(
                    "ALTER TABLE {table} ALTER COLUMN {column} TYPE text \
                     USING to_char({column}, 'YYYY-MM-DD')"
                ))
                .await?;
        }
        Ok(())
    }
}
