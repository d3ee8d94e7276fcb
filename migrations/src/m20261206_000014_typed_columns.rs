//! Status, kind, grade and role columns hold only the stable names of their domain enums
//! (`certa_domain`'s stored enums).
//!
//! Existing values are first normalised (surrounding blanks and upper case, which older
//! writes could leave), then checked: a value that still names no variant stops the
//! migration with the table, column and value, so nothing is silently rewritten. On
//! PostgreSQL, forced row-level security is lifted inside the migration's transaction
//! while a table's rows are normalised and checked (the owner would otherwise see none),
//! and forced again before the constraint is added.
//!
//! - PostgreSQL: a named CHECK constraint per column (`<table>_<column>_check`).
//! - SQLite cannot add a constraint to an existing table; rebuilding the tables would mean
//!   recreating most of the schema (these tables are referenced by composite foreign keys
//!   from others, and foreign-key enforcement cannot be switched off inside the
//!   migration's transaction), so two triggers per column (`BEFORE INSERT`, `BEFORE UPDATE
//!   OF <column>`) refuse other values with `RAISE(ABORT)`, whose message names the same
//!   constraint. Data, keys and indexes stay as they are. (SQLite migrations do not run in
//!   one transaction: the triggers are created `IF NOT EXISTS`, so a run stopped by a bad
//!   value can be repeated once the value is corrected.)
//!
//! The value lists are written out here, not taken from the enums, so that this migration
//! stays what it was when a variant is added later (that needs a new migration).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table, column, whether it may be NULL, allowed values.
pub(crate) type Column = (&'static str, &'static str, bool, &'static [&'static str]);

const COLUMNS: &[Column] = &[
    (
        "audits",
        "kind",
        false,
        &[
            "stage_1",
            "stage_2",
            "surveillance_1",
            "surveillance_2",
            "recertification",
        ],
    ),
    (
        "audits",
        "status",
        false,
        &["planned", "team_proposed", "confirmed", "cancelled"],
    ),
    (
        "programme_audits",
        "kind",
        false,
        &[
            "stage_1",
            "stage_2",
            "surveillance_1",
            "surveillance_2",
            "recertification",
        ],
    ),
    (
        "programme_audits",
        "status",
        false,
        &["planned", "scheduled"],
    ),
    ("programmes", "status", false, &["planning", "active"]),
    (
        "applications",
        "status",
        false,
        &["submitted", "accepted", "declined"],
    ),
    (
        "audit_team",
        "role",
        false,
        &["lead", "auditor", "technical_expert", "observer"],
    ),
    ("auditors", "status", false, &["active", "inactive"]),
    (
        "auditor_qualifications",
        "function",
        false,
        &[
            "auditor",
            "lead_auditor",
            "technical_expert",
            "reviewer",
            "decision_maker",
        ],
    ),
    (
        "auditor_conflicts",
        "kind",
        false,
        &["consultancy", "employment", "other"],
    ),
    (
        "client_sites",
        "kind",
        false,
        &["permanent", "temporary", "virtual"],
    ),
    (
        "client_ai_systems",
        "ai_role",
        false,
        &["producer", "developer", "provider", "user"],
    ),
    (
        "client_ai_systems",
        "impact_level",
        false,
        &["low", "medium", "high"],
    ),
    ("audit_plans", "remote", false, &["none", "partial", "full"]),
    (
        "team_objections",
        "status",
        false,
        &["open", "upheld", "dismissed"],
    ),
    (
        "checklist_items",
        "section",
        false,
        &["readiness", "clause", "control", "follow_up"],
    ),
    (
        "checklist_items",
        "result",
        true,
        &[
            "conforming",
            "minor_nc",
            "major_nc",
            "observation",
            "ofi",
            "not_applicable",
        ],
    ),
    (
        "checklist_templates",
        "audit_type",
        false,
        &["stage_1", "stage_2"],
    ),
    ("nonconformities", "grade", false, &["minor", "major"]),
    (
        "nonconformities",
        "status",
        false,
        &[
            "open",
            "response_submitted",
            "plan_rejected",
            "plan_accepted",
            "implemented",
            "closed",
        ],
    ),
    (
        "evidence_items",
        "classification",
        false,
        &["client_confidential"],
    ),
    (
        "evidence_links",
        "target_kind",
        false,
        &["checklist_item", "nonconformity"],
    ),
    (
        "evidence_versions",
        "status",
        false,
        &[
            "pending",
            "receiving",
            "received",
            "available",
            "rejected",
            "expired",
            "purged",
        ],
    ),
    ("outbox", "status", false, &["pending", "sent", "dead"]),
];

fn list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn name(table: &str, column: &str) -> String {
    format!("{table}_{column}_check")
}

/// Normalises and checks the existing values of `columns`, then adds their constraints
/// (as this module's documentation describes; later migrations that type more columns
/// use it too).
pub(crate) async fn add_checks(m: &SchemaManager<'_>, columns: &[Column]) -> Result<(), DbErr> {
    let c = m.get_connection();
    let backend = m.get_database_backend();
    for &(table, column, nullable, values) in columns {
        let allowed = list(values);
        // Row-level security is forced on the owner too: lift it for this transaction
        // so that every tenant's rows are normalised and checked, then force it again.
        let forced = backend == DbBackend::Postgres
                && c.query_one(Statement::from_string(
                    backend,
                    format!(
                        "SELECT 1 AS one FROM pg_class WHERE oid = '{table}'::regclass AND relforcerowsecurity"
                    ),
                ))
                .await?
                .is_some();
        if forced {
            c.execute_unprepared(&format!("ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY"))
                .await?;
        }
        // Normalise what older writes could leave: blanks and case.
        c.execute_unprepared(&format!(
            "UPDATE {table} SET {column} = lower(trim({column})) \
                 WHERE {column} <> lower(trim({column})) AND lower(trim({column})) IN ({allowed})"
        ))
        .await?;
        let bad = c
            .query_one(Statement::from_string(
                backend,
                format!(
                    "SELECT {column} AS v FROM {table} \
                         WHERE {column} IS NOT NULL AND {column} NOT IN ({allowed}) LIMIT 1"
                ),
            ))
            .await?;
        if let Some(row) = bad {
            let v: String = row.try_get("", "v")?;
            return Err(DbErr::Migration(format!(
                "{table}.{column} holds '{v}', which is none of {allowed}; correct it and run the migration again"
            )));
        }
        if forced {
            c.execute_unprepared(&format!("ALTER TABLE {table} FORCE ROW LEVEL SECURITY"))
                .await?;
        }
        let check = name(table, column);
        if backend == DbBackend::Postgres {
            let null = if nullable {
                format!("{column} IS NULL OR ")
            } else {
                String::new()
            };
            c.execute_unprepared(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({null}{column} IN ({allowed}))"
            ))
            .await?;
        } else {
            for (when, event) in [
                ("insert", "INSERT".to_string()),
                ("update", format!("UPDATE OF {column}")),
            ] {
                c.execute_unprepared(&format!(
                    "CREATE TRIGGER IF NOT EXISTS {check}_{when} BEFORE {event} ON {table} \
                         WHEN NEW.{column} NOT IN ({allowed}) \
                         BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {check}'); END"
                ))
                .await?;
            }
        }
    }
    Ok(())
}

/// Drops the constraints [`add_checks`] added.
pub(crate) async fn drop_checks(m: &SchemaManager<'_>, columns: &[Column]) -> Result<(), DbErr> {
    let c = m.get_connection();
    for &(table, column, _, _) in columns {
        let check = name(table, column);
        if m.get_database_backend() == DbBackend::Postgres {
            c.execute_unprepared(&format!(
                "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check}"
            ))
            .await?;
        } else {
            c.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {check}_insert"))
                .await?;
            c.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {check}_update"))
                .await?;
        }
    }
    Ok(())
}

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
