//! Lists become child tables. The standards of applications, programmes, scheduled audits
//! and checklist items, and the technical areas of scheduled audits and of a client's
//! requested scopes, were comma-joined text; each is now a table with one row per value,
//! keyed by the tenant, the parent and the value, with the value's `position` in the
//! list (standards and areas are shown in the order they were given). Deleting the parent
//! deletes its list.
//!
//! Existing lists are split on commas (values trimmed, empty ones and repeats left out)
//! and the joined columns are dropped.

use crate::m20261128_000001_foundation::{a, fk, int, pk, text, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0015_list_tables_rls.sql");

/// One list: where it was and where it goes.
struct List {
    /// The new child table.
    table: &'static str,
    /// Its foreign key's name.
    fk: &'static str,
    /// The parent table.
    parent: &'static str,
    /// The parent's key after `tenant_id`: (column in the child table, column in the parent).
    keys: &'static [(&'static str, &'static str)],
    /// The joined column of the parent.
    old: &'static str,
    /// The value column of the child table.
    value: &'static str,
}

const LISTS: &[List] = &[
    List {
        table: "application_standards",
        fk: "application_standards_application_fk",
        parent: "applications",
        keys: &[("application_id", "id")],
        old: "standards",
        value: "standard_code",
    },
    List {
        table: "programme_standards",
        fk: "programme_standards_programme_fk",
        parent: "programmes",
        keys: &[("programme_id", "id")],
        old: "standards",
        value: "standard_code",
    },
    List {
        table: "audit_standards",
        fk: "audit_standards_audit_fk",
        parent: "audits",
        keys: &[("audit_id", "id")],
        old: "standards",
        value: "standard_code",
    },
    List {
        table: "audit_technical_areas",
        fk: "audit_technical_areas_audit_fk",
        parent: "audits",
        keys: &[("audit_id", "id")],
        old: "technical_areas",
        value: "technical_area",
    },
    List {
        table: "checklist_item_standards",
        fk: "checklist_item_standards_item_fk",
        parent: "checklist_items",
        keys: &[("checklist_item_id", "id")],
        old: "standards",
        value: "standard_code",
    },
    List {
        table: "client_scope_technical_areas",
        fk: "client_scope_technical_areas_scope_fk",
        parent: "client_scopes",
        keys: &[
            ("client_id", "client_id"),
            ("standard_code", "standard_code"),
        ],
        old: "technical_areas",
        value: "technical_area",
    },
];

/// The parent tables, each once.
const PARENTS: &[&str] = &[
    "applications",
    "programmes",
    "audits",
    "checklist_items",
    "client_scopes",
];

impl List {
    fn create(&self) -> TableCreateStatement {
        let mut t = Table::create();
        t.table(a(self.table)).col(uuid("tenant_id"));
        let mut key = vec!["tenant_id"];
        let mut parent_key = vec!["tenant_id"];
        for (c, p) in self.keys {
            // Only the client scope's key holds a text column (the standard code).
            if *c == "standard_code" {
                t.col(text(c));
            } else {
                t.col(uuid(c));
            }
            key.push(c);
            parent_key.push(p);
        }
        t.col(text(self.value)).col(int("position"));
        let fk_cols = key.clone();
        key.push(self.value);
        t.primary_key(&mut pk(&key)).foreign_key(&mut fk(
            self.fk,
            self.table,
            &fk_cols,
            self.parent,
            &parent_key,
            ForeignKeyAction::Cascade,
        ));
        t.to_owned()
    }

    /// Copies the joined lists: split on commas by a recursive query, trimmed, empty
    /// values and repeats left out, each value at its first position.
    fn copy(&self, backend: DbBackend) -> String {
        let instr = match backend {
            DbBackend::Postgres => "strpos",
            _ => "instr",
        };
        let keys: Vec<&str> = self.keys.iter().map(|(c, _)| *c).collect();
        let parent_keys: Vec<String> = self
            .keys
            .iter()
            .map(|(c, p)| format!("{p} AS {c}"))
            .collect();
        let (table, parent, old, value) = (self.table, self.parent, self.old, self.value);
        let keys = keys.join(", ");
        let parent_keys = parent_keys.join(", ");
        format!(
            "INSERT INTO {table} (tenant_id, {keys}, {value}, position) \
             WITH RECURSIVE split(tenant_id, {keys}, v, rest, n) AS ( \
               SELECT tenant_id, {parent_keys}, '', {old} || ',', 0 FROM {parent} \
               UNION ALL \
               SELECT tenant_id, {keys}, trim(substr(rest, 1, {instr}(rest, ',') - 1)), \
                 substr(rest, {instr}(rest, ',') + 1), n + 1 FROM split WHERE rest <> '' \
             ) \
             SELECT tenant_id, {keys}, v, min(n) - 1 FROM split WHERE n > 0 AND v <> '' \
             GROUP BY tenant_id, {keys}, v"
        )
    }

    /// Joins a list back into its column (down migration).
    fn join(&self) -> String {
        let (table, parent, old, value) = (self.table, self.parent, self.old, self.value);
        let mut w = format!("l.tenant_id = {parent}.tenant_id");
        for (c, p) in self.keys {
            w.push_str(&format!(" AND l.{c} = {parent}.{p}"));
        }
        format!(
            "UPDATE {parent} SET {old} = coalesce((SELECT string_agg(l.{value}, ',' ORDER BY l.position) \
             FROM {table} l WHERE {w}), '')"
        )
    }
}

/// Turns forced row-level security off or on for the parents while their rows are copied
/// (the owner runs the migration and is subject to the policies).
async fn force_rls(m: &SchemaManager<'_>, on: bool) -> Result<(), DbErr> {
    if m.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mode = if on { "FORCE" } else { "NO FORCE" };
    for p in PARENTS {
        m.get_connection()
            .execute_unprepared(&format!("ALTER TABLE {p} {mode} ROW LEVEL SECURITY"))
            .await?;
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
        let backend = m.get_database_backend();
        for l in LISTS {
            m.create_table(l.create()).await?;
        }
        force_rls(m, false).await?;
        for l in LISTS {
            m.get_connection()
                .execute_unprepared(&l.copy(backend))
                .await?;
        }
        force_rls(m, true).await?;
        for l in LISTS {
            m.alter_table(
                Table::alter()
                    .table(a(l.parent))
                    .drop_column(a(l.old))
                    .to_owned(),
            )
            .await?;
        }
        if backend == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for l in LISTS {
            m.alter_table(
                Table::alter()
                    .table(a(l.parent))
                    .add_column(ColumnDef::new(a(l.old)).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        }
        force_rls(m, false).await?;
        for l in LISTS {
            m.get_connection().execute_unprepared(&l.join()).await?;
        }
        force_rls(m, true).await?;
        for l in LISTS {
            m.drop_table(Table::drop().table(a(l.table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
