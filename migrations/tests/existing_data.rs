//! The conversions of rows written before the date columns and the role tables: a
//! database migrated up to the list tables gets rows the way older versions wrote them,
//! then the remaining migrations run. On SQLite always; on PostgreSQL too when
//! `CERTA_TEST_DATABASE_URL` names a superuser (as for the integration suite), migrating
//! as `certa_owner`, bound by forced row-level security.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test: panics are the failure report"
)]

use certa_migrations::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, TransactionTrait,
};

/// The migrations before the ones under test.
const BEFORE: u32 = 15;
const TENANT: &str = "01938000-0000-7000-8000-000000000001";
const M1: &str = "01938000-0000-7000-8000-000000000011";
const M2: &str = "01938000-0000-7000-8000-000000000012";
const INV: &str = "01938000-0000-7000-8000-000000000021";

async fn exec(db: &impl ConnectionTrait, sql: &str) {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Rows as older versions wrote them: comma-joined roles (with blanks, case, repeats and
/// empty parts), dates as text with blanks, an empty optional date.
async fn old_rows(db: &DatabaseConnection) {
    let pg = db.get_database_backend() == DbBackend::Postgres;
    let tx = db.begin().await.unwrap();
    if pg {
        exec(
            &tx,
            &format!("select set_config('app.tenant_id', '{TENANT}', true)"),
        )
        .await;
    }
    let ts = "'2026-01-01T00:00:00Z'";
    exec(&tx, &format!("insert into tenants (id, slug, name, created_at) values ('{TENANT}', 'acme', 'Acme', {ts})")).await;
    for (i, u) in [M1, M2].iter().enumerate() {
        exec(
            &tx,
            &format!(
                "insert into users (id, email, email_normalized, name, created_at, updated_at) \
             values ('{u}', 'u{i}@example.com', 'u{i}@example.com', 'U{i}', {ts}, {ts})"
            ),
        )
        .await;
    }
    exec(&tx, &format!(
        "insert into memberships (tenant_id, id, user_id, roles, created_at, updated_at) values \
         ('{TENANT}', '{M1}', '{M1}', ' admin,Scheduler,,admin', {ts}, {ts}), \
         ('{TENANT}', '{M2}', '{M2}', 'viewer', {ts}, {ts})"
    ))
    .await;
    exec(&tx, &format!(
        "insert into invitations (tenant_id, id, email, email_normalized, roles, token_hash, \
         invited_by_membership_id, expires_at, created_at) values \
         ('{TENANT}', '{INV}', 'c@example.com', 'c@example.com', 'client,auditor', 'h', '{M1}', {ts}, {ts})"
    ))
    .await;
    exec(
        &tx,
        &format!(
            "insert into clients (tenant_id, id, reference, legal_name, legal_name_normalized, \
         consultancy_until, created_at, updated_at) values \
         ('{TENANT}', '{M1}', 'C-1', 'Alpha', 'alpha', ' 2026-06-30 ', {ts}, {ts}), \
         ('{TENANT}', '{M2}', 'C-2', 'Beta', 'beta', '', {ts}, {ts})"
        ),
    )
    .await;
    tx.commit().await.unwrap();
}

/// One column of strings, in order.
async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<Option<String>> {
    let pg = db.get_database_backend() == DbBackend::Postgres;
    let tx = db.begin().await.unwrap();
    if pg {
        exec(
            &tx,
            &format!("select set_config('app.tenant_id', '{TENANT}', true)"),
        )
        .await;
    }
    let rows = tx
        .query_all(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    rows.iter()
        .map(|r| r.try_get::<Option<String>>("", "v").unwrap())
        .collect()
}

async fn converts(db: &DatabaseConnection) {
    Migrator::up(db, Some(BEFORE)).await.unwrap();
    old_rows(db).await;
    Migrator::up(db, None).await.unwrap();
    let s = |v: &[&str]| v.iter().map(|x| Some(x.to_string())).collect::<Vec<_>>();
    let roles = |table: &str, key: &str, id: &str| {
        format!("select role as v from {table} where {key} = '{id}' order by position")
    };
    assert_eq!(
        strings(db, &roles("membership_roles", "membership_id", M1)).await,
        s(&["admin", "scheduler"])
    );
    assert_eq!(
        strings(db, &roles("membership_roles", "membership_id", M2)).await,
        s(&["viewer"])
    );
    assert_eq!(
        strings(db, &roles("invitation_roles", "invitation_id", INV)).await,
        s(&["client", "auditor"])
    );
    let date = if db.get_database_backend() == DbBackend::Postgres {
        "to_char(consultancy_until, 'YYYY-MM-DD')"
    } else {
        "consultancy_until"
    };
    assert_eq!(
        strings(
            db,
            &format!("select {date} as v from clients order by reference")
        )
        .await,
        vec![Some("2026-06-30".to_string()), None]
    );
    // The role column holds role names only.
    let tx = db.begin().await.unwrap();
    if db.get_database_backend() == DbBackend::Postgres {
        exec(
            &tx,
            &format!("select set_config('app.tenant_id', '{TENANT}', true)"),
        )
        .await;
    }
    let e = tx
        .execute_unprepared(&format!(
            "insert into membership_roles (tenant_id, membership_id, role, position) \
             values ('{TENANT}', '{M2}', 'owner', 1)"
        ))
        .await
        .expect_err("a role that is none of the roles");
    assert!(
        e.to_string().contains("CHECK") || e.to_string().contains("check"),
        "{e}"
    );
}

fn sqlite_file(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!(
        "certa-migrations-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    format!("sqlite://{}?mode=rwc", dir.join("certa.db").display())
}

#[tokio::test]
async fn roles_and_dates_written_by_older_versions_are_converted_on_sqlite() {
    let db = Database::connect(sqlite_file("convert")).await.unwrap();
    converts(&db).await;
}

#[tokio::test]
async fn a_stored_text_that_is_no_date_stops_the_migration_on_sqlite() {
    let db = Database::connect(sqlite_file("bad-date")).await.unwrap();
    Migrator::up(&db, Some(BEFORE)).await.unwrap();
    old_rows(&db).await;
    exec(
        &db,
        "update clients set consultancy_until = '2026-02-30' where reference = 'C-2'",
    )
    .await;
    let e = Migrator::up(&db, None)
        .await
        .expect_err("2026-02-30 is no date");
    assert!(
        e.to_string()
            .contains("clients.consultancy_until holds '2026-02-30'"),
        "{e}"
    );
}

#[tokio::test]
async fn roles_and_dates_written_by_older_versions_are_converted_on_postgres() {
    let Ok(admin_url) = std::env::var("CERTA_TEST_DATABASE_URL") else {
        return;
    };
    let admin = Database::connect(&admin_url).await.unwrap();
    exec(&admin, include_str!("../../deploy/postgres/roles.sql")).await;
    let name = format!("certa_convert_{}", std::process::id());
    exec(&admin, &format!("drop database if exists {name}")).await;
    exec(&admin, &format!("create database {name} owner certa_owner")).await;
    // The same server and options, as the owner of the new database.
    let (scheme, rest) = admin_url.split_once("://").expect("a URL");
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let host = host.split_once('/').map_or(host, |(h, _)| h);
    let db = Database::connect(format!("{scheme}://certa_owner@{host}/{name}"))
        .await
        .unwrap();
    converts(&db).await;
    db.close().await.ok();
    exec(&admin, &format!("drop database if exists {name}")).await;
}
