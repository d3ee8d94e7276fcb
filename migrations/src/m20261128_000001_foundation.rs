//! Foundation schema: tenants, users, memberships, sessions, tokens, invitations,
//! password resets, login throttling, the audit trail and the mail outbox.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0001_foundation_rls.sql");

pub(crate) fn uuid(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.uuid().not_null();
    c
}
pub(crate) fn uuid_null(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.uuid().null();
    c
}
pub(crate) fn text(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.text().not_null();
    c
}
pub(crate) fn text_null(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.text().null();
    c
}
pub(crate) fn ts(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.timestamp_with_time_zone().not_null();
    c
}
pub(crate) fn ts_null(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.timestamp_with_time_zone().null();
    c
}
pub(crate) fn big(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.big_integer().not_null();
    c
}
pub(crate) fn int(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.integer().not_null().default(0);
    c
}
pub(crate) fn boolean(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.boolean().not_null().default(false);
    c
}
pub(crate) fn json(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.json_binary().not_null();
    c
}
pub(crate) fn a(name: &'static str) -> Alias {
    Alias::new(name)
}

/// A primary key over the given columns.
pub(crate) fn pk(cols: &[&'static str]) -> IndexCreateStatement {
    let mut i = Index::create();
    for c in cols {
        i.col(a(c));
    }
    i.primary().to_owned()
}

/// A foreign key from `cols` of `from` to `to_cols` of `to`.
pub(crate) fn fk(
    name: &'static str,
    from: &'static str,
    cols: &[&'static str],
    to: &'static str,
    to_cols: &[&'static str],
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    let mut f = ForeignKey::create();
    f.name(name)
        .from_tbl(a(from))
        .to_tbl(a(to))
        .on_delete(on_delete);
    for c in cols {
        f.from_col(a(c));
    }
    for c in to_cols {
        f.to_col(a(c));
    }
    f.to_owned()
}

pub(crate) fn unique(
    name: &'static str,
    table: &'static str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(a(table)).unique();
    for c in cols {
        i.col(a(c));
    }
    i.to_owned()
}

pub(crate) fn index(
    name: &'static str,
    table: &'static str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(a(table));
    for c in cols {
        i.col(a(c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        // Global tables (not tenant-owned).
        m.create_table(
            Table::create()
                .table(a("tenants"))
                .col(uuid("id").primary_key())
                .col(text("slug"))
                .col(text("name"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("tenants_slug_key", "tenants", &["slug"]))
            .await?;

        m.create_table(
            Table::create()
                .table(a("users"))
                .col(uuid("id").primary_key())
                .col(text("email"))
                .col(text("email_normalized"))
                .col(text("name"))
                .col(text_null("password_hash"))
                .col(boolean("disabled"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("users_email_key", "users", &["email_normalized"]))
            .await?;

        m.create_table(
            Table::create()
                .table(a("sessions"))
                .col(uuid("id").primary_key())
                .col(text("token_hash"))
                .col(uuid("user_id"))
                .col(uuid_null("active_tenant_id"))
                .col(text("csrf_token"))
                .col(ts("created_at"))
                .col(ts("last_seen_at"))
                .col(ts("expires_at"))
                .foreign_key(&mut fk(
                    "sessions_user_fk",
                    "sessions",
                    &["user_id"],
                    "users",
                    &["id"],
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "sessions_tenant_fk",
                    "sessions",
                    &["active_tenant_id"],
                    "tenants",
                    &["id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("sessions_token_key", "sessions", &["token_hash"]))
            .await?;
        m.create_index(index("sessions_user_idx", "sessions", &["user_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table(a("password_resets"))
                .col(uuid("id").primary_key())
                .col(uuid("user_id"))
                .col(text("token_hash"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "password_resets_user_fk",
                    "password_resets",
                    &["user_id"],
                    "users",
                    &["id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "password_resets_token_key",
            "password_resets",
            &["token_hash"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("login_attempts"))
                .col(text("key").primary_key())
                .col(int("failures"))
                .col(ts("window_start"))
                .to_owned(),
        )
        .await?;

        // Tenant-owned tables: tenant_id leads every key and foreign key.
        m.create_table(
            Table::create()
                .table(a("memberships"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("user_id"))
                .col(text("roles"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "memberships_tenant_fk",
                    "memberships",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "memberships_user_fk",
                    "memberships",
                    &["user_id"],
                    "users",
                    &["id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "memberships_user_key",
            "memberships",
            &["tenant_id", "user_id"],
        ))
        .await?;
        m.create_index(index("memberships_user_idx", "memberships", &["user_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table(a("invitations"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(text("email"))
                .col(text("email_normalized"))
                .col(text("roles"))
                .col(text("token_hash"))
                .col(uuid("invited_by_membership_id"))
                .col(ts("expires_at"))
                .col(ts_null("accepted_at"))
                .col(ts_null("revoked_at"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "invitations_tenant_fk",
                    "invitations",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "invitations_inviter_fk",
                    "invitations",
                    &["tenant_id", "invited_by_membership_id"],
                    "memberships",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "invitations_token_key",
            "invitations",
            &["token_hash"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("api_tokens"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("membership_id"))
                .col(text("label"))
                .col(text("token_prefix"))
                .col(text("token_hash"))
                .col(ts("created_at"))
                .col(ts_null("last_used_at"))
                .col(ts_null("revoked_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "api_tokens_tenant_fk",
                    "api_tokens",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "api_tokens_membership_fk",
                    "api_tokens",
                    &["tenant_id", "membership_id"],
                    "memberships",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "api_tokens_token_key",
            "api_tokens",
            &["token_hash"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("audit_heads"))
                .col(uuid("tenant_id").primary_key())
                .col(big("last_seq"))
                .col(text("last_hash"))
                .foreign_key(&mut fk(
                    "audit_heads_tenant_fk",
                    "audit_heads",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(a("audit_events"))
                .col(uuid("tenant_id"))
                .col(big("seq"))
                .col(uuid("id"))
                .col(ts("occurred_at"))
                .col(uuid_null("actor_id"))
                .col(text("actor_label"))
                .col(text("action"))
                .col(text("subject"))
                .col(json("data"))
                .col(text("prev_hash"))
                .col(text("hash"))
                .primary_key(&mut pk(&["tenant_id", "seq"]))
                .foreign_key(&mut fk(
                    "audit_events_tenant_fk",
                    "audit_events",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(a("outbox"))
                .col(uuid("id").primary_key())
                .col(uuid_null("tenant_id"))
                .col(text("kind"))
                .col(text("recipient"))
                .col(json("payload"))
                .col(text("status"))
                .col(int("attempts"))
                .col(ts("run_after"))
                .col(text_null("last_error"))
                .col(ts("created_at"))
                .col(ts_null("sent_at"))
                .foreign_key(&mut fk(
                    "outbox_tenant_fk",
                    "outbox",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "outbox_ready_idx",
            "outbox",
            &["status", "run_after"],
        ))
        .await?;
        m.create_index(index(
            "outbox_tenant_idx",
            "outbox",
            &["tenant_id", "created_at"],
        ))
        .await?;

        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "outbox",
            "audit_events",
            "audit_heads",
            "api_tokens",
            "invitations",
            "memberships",
            "login_attempts",
            "password_resets",
            "sessions",
            "users",
            "tenants",
        ] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
