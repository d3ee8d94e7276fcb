//! The roles of memberships and invitations become child tables (`membership_roles`,
//! `invitation_roles`), one row per role, keyed by the tenant, the parent and the role,
//! with the role's `position` in the list; deleting the parent deletes its roles. The role
//! column holds only the stable names of `certa_domain`'s roles (CHECK constraint
//! `<table>_role_check`, on SQLite as on PostgreSQL: the tables are new).
//!
//! Existing lists are split on commas (values trimmed and lower-cased, empty ones and
//! repeats left out); a value that names no role stops the migration at the CHECK
//! constraint. The joined columns are dropped.

use crate::m20261128_000001_foundation::{a, fk, int, pk, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0017_role_tables_rls.sql");

/// The role names, written out so that this migration stays what it was.
const ROLES: &[&str] = &[
    "admin",
    "scheduler",
    "auditor",
    "reviewer",
    "client",
    "viewer",
];

/// One role list: the new child table, its foreign key's name, the parent table and the
/// child's key column referring to the parent's `id`.
struct Roles {
    table: &'static str,
    fk: &'static str,
    parent: &'static str,
    key: &'static str,
}

const LISTS: &[Roles] = &[
    Roles {
        table: "membership_roles",
        fk: "membership_roles_membership_fk",
        parent: "memberships",
        key: "membership_id",
    },
    Roles {
        table: "invitation_roles",
        fk: "invitation_roles_invitation_fk",
        parent: "invitations",
        key: "invitation_id",
    },
];

impl Roles {
    fn create(&self) -> TableCreateStatement {
        let mut role = ColumnDef::new(a("role"));
        role.text()
            .not_null()
            .check(Expr::col(a("role")).is_in(ROLES.iter().copied()));
        Table::create()
            .table(a(self.table))
            .col(uuid("tenant_id"))
            .col(uuid(self.key))
            .col(role)
            .col(int("position"))
            .primary_key(&mut pk(&["tenant_id", self.key, "role"]))
            .foreign_key(&mut fk(
                self.fk,
                self.table,
                &["tenant_id", self.key],
                self.parent,
                &["tenant_id", "id"],
                ForeignKeyAction::Cascade,
            ))
            .to_owned()
    }

    /// Copies the joined lists: split on commas by a recursive query, trimmed and
    /// lower-cased, empty values and repeats left out, each value at its first position.
    fn copy(&self, backend: DbBackend) -> String {
        let instr = match backend {
            DbBackend::Postgres => "strpos",
            _ => "instr",
        };
        let (table, parent, key) = (self.table, self.parent, self.key);
        format!(
            "INSERT INTO {table} (tenant_id, {key}, role, position) \
             WITH RECURSIVE split(tenant_id, {key}, v, rest, n) AS ( \
               SELECT tenant_id, id AS {key}, '', roles || ',', 0 FROM {parent} \
               UNION ALL \
               SELECT tenant_id, {key}, lower(trim(substr(rest, 1, {instr}(rest, ',') - 1))), \
                 substr(rest, {instr}(rest, ',') + 1), n + 1 FROM split WHERE rest <> '' \
             ) \
             SELECT tenant_id, {key}, v, min(n) - 1 FROM split WHERE n > 0 AND v <> '' \
             GROUP BY tenant_id, {key}, v"
        )
    }

    /// Joins a list back into its column (down migration).
    fn join(&self) -> String {
        let (table, parent, key) = (self.table, self.parent, self.key);
        format!(
            "UPDATE {parent} SET roles = coalesce((SELECT string_agg(l.role, ',' ORDER BY l.position) \
             FROM {table} l WHERE l.tenant_id = {parent}.tenant_id AND l.{key} = {parent}.id), '')"
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
    for l in LISTS {
        m.get_connection()
            .execute_unprepared(&format!(
                "ALTER TABLE {} {mode} ROW LEVEL SECURITY",
                l.parent
            ))
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
                    .drop_column(a("roles"))
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
                    .add_column(ColumnDef::new(a("roles")).text().not_null().default(""))
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
