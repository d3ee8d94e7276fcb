//! Single sign-on per tenant and second factors for local accounts.
//!
//! - `tenant_sign_in` (tenant-owned): the tenant's OpenID provider (issuer, client id, the
//!   client secret sealed under the master key), the e-mail domains that sign in through it,
//!   how the provider's claims map to roles, just-in-time provisioning, "require single
//!   sign-on" with its break-glass administrators, and the roles that must use a second
//!   factor.
//! - `sso_domains`: which tenant an e-mail domain signs in with. Read by everyone (the login
//!   page asks before anyone is known), written only by the owning tenant.
//! - `sso_identities` (tenant-owned): the account an `(issuer, sub)` pair signs in as.
//! - `sso_requests` (tenant-owned): pending authorization requests, by the hash of their
//!   `state`, with the nonce and the sealed PKCE verifier; single use.
//! - `user_totp`, `recovery_codes`, `mfa_challenges` (global, like `users`): a user's TOTP
//!   secret (sealed) and the last time step used, hashed single-use recovery codes, and the
//!   pending second-factor step of a password sign-in (token stored hashed).
//! - `sessions` gain `amr` (how the session was authenticated), `sso_tenant_id` (the tenant
//!   whose provider vouched for it) and a short `user_agent` for the session list.

use crate::m20261128_000001_foundation::{
    a, big, boolean, fk, index, pk, text, text_null, ts, ts_null, uuid,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0031_sign_in_rls.sql");

fn tenant_fk(name: &'static str, table: &'static str) -> ForeignKeyCreateStatement {
    fk(
        name,
        table,
        &["tenant_id"],
        "tenants",
        &["id"],
        ForeignKeyAction::Cascade,
    )
}

fn user_fk(name: &'static str, table: &'static str) -> ForeignKeyCreateStatement {
    fk(
        name,
        table,
        &["user_id"],
        "users",
        &["id"],
        ForeignKeyAction::Cascade,
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("tenant_sign_in"))
                .col(uuid("tenant_id").primary_key())
                .col(boolean("sso_enabled"))
                .col(text("issuer"))
                .col(text("client_id"))
                .col(text_null("client_secret_sealed"))
                .col(text("scopes"))
                .col(text("email_domains"))
                .col(text("role_claim"))
                .col(text("role_map"))
                .col(text("client_claim"))
                .col(boolean("jit_provisioning"))
                .col(boolean("link_by_email"))
                .col(boolean("require_sso"))
                .col(text("break_glass"))
                .col(text("mfa_roles"))
                .col(ts("updated_at"))
                .foreign_key(&mut tenant_fk("tenant_sign_in_tenant_fk", "tenant_sign_in"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("sso_domains"))
                .col(text("domain").primary_key())
                .col(uuid("tenant_id"))
                .foreign_key(&mut tenant_fk("sso_domains_tenant_fk", "sso_domains"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sso_domains_tenant", "sso_domains", &["tenant_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table(a("sso_identities"))
                .col(uuid("tenant_id"))
                .col(text("issuer"))
                .col(text("subject"))
                .col(uuid("user_id"))
                .col(text("email"))
                .col(ts("created_at"))
                .col(ts("last_login_at"))
                .primary_key(&mut pk(&["tenant_id", "issuer", "subject"]))
                .foreign_key(&mut tenant_fk("sso_identities_tenant_fk", "sso_identities"))
                .foreign_key(&mut user_fk("sso_identities_user_fk", "sso_identities"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "sso_identities_user",
            "sso_identities",
            &["tenant_id", "user_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("sso_requests"))
                .col(uuid("tenant_id"))
                .col(text("state_hash"))
                .col(text("nonce"))
                .col(text("verifier_sealed"))
                .col(text("next"))
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .primary_key(&mut pk(&["tenant_id", "state_hash"]))
                .foreign_key(&mut tenant_fk("sso_requests_tenant_fk", "sso_requests"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("user_totp"))
                .col(uuid("user_id").primary_key())
                .col(text("secret_sealed"))
                .col(ts_null("confirmed_at"))
                .col(big("last_step"))
                .col(ts("created_at"))
                .foreign_key(&mut user_fk("user_totp_user_fk", "user_totp"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("recovery_codes"))
                .col(uuid("user_id"))
                .col(text("code_hash"))
                .col(ts("created_at"))
                .col(ts_null("used_at"))
                .primary_key(&mut pk(&["user_id", "code_hash"]))
                .foreign_key(&mut user_fk("recovery_codes_user_fk", "recovery_codes"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("mfa_challenges"))
                .col(text("token_hash").primary_key())
                .col(uuid("user_id"))
                .col(text("next"))
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .foreign_key(&mut user_fk("mfa_challenges_user_fk", "mfa_challenges"))
                .to_owned(),
        )
        .await?;
        let mut amr = ColumnDef::new(a("amr"));
        amr.text().not_null().default("pwd");
        for col in [
            amr,
            ColumnDef::new(a("sso_tenant_id")).uuid().null().to_owned(),
            text_null("user_agent"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(a("sessions"))
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["amr", "sso_tenant_id", "user_agent"] {
            m.alter_table(
                Table::alter()
                    .table(a("sessions"))
                    .drop_column(a(col))
                    .to_owned(),
            )
            .await?;
        }
        for t in [
            "mfa_challenges",
            "recovery_codes",
            "user_totp",
            "sso_requests",
            "sso_identities",
            "sso_domains",
            "tenant_sign_in",
        ] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
