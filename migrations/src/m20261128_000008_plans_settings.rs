//! Tenant settings and audit-time tables, requested scopes of clients, audit plans,
//! client objections to team members, reminder bookkeeping and the daily scheduler's
//! run register.

use crate::m20261128_000001_foundation::{a, fk, index, pk, text, text_null, ts, ts_null, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0008_plans_settings_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        let tenant_fk = |name: &'static str, table: &'static str| {
            fk(name, table, &["tenant_id"], "tenants", &["id"], Restrict)
        };
        m.create_table(
            Table::create()
                .table(a("tenant_settings"))
                .col(uuid("tenant_id"))
                .col(text("settings"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id"]))
                .foreign_key(&mut tenant_fk(
                    "tenant_settings_tenant_fk",
                    "tenant_settings",
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("audit_time_tables"))
                .col(uuid("tenant_id"))
                .col(text("table_id"))
                .col(text("definition"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "table_id"]))
                .foreign_key(&mut tenant_fk(
                    "audit_time_tables_tenant_fk",
                    "audit_time_tables",
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("client_scopes"))
                .col(uuid("tenant_id"))
                .col(uuid("client_id"))
                .col(text("standard_code"))
                .col(text("scope"))
                .col(text("technical_areas"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "client_id", "standard_code"]))
                .foreign_key(&mut fk(
                    "client_scopes_client_fk",
                    "client_scopes",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("audit_plans"))
                .col(uuid("tenant_id"))
                .col(uuid("audit_id"))
                .col(text("remote"))
                .col(text_null("ict_risk_note"))
                .col(text("agenda"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "audit_id"]))
                .foreign_key(&mut fk(
                    "audit_plans_audit_fk",
                    "audit_plans",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("audit_plan_sites"))
                .col(uuid("tenant_id"))
                .col(uuid("audit_id"))
                .col(uuid("site_id"))
                .primary_key(&mut pk(&["tenant_id", "audit_id", "site_id"]))
                .foreign_key(&mut fk(
                    "audit_plan_sites_plan_fk",
                    "audit_plan_sites",
                    &["tenant_id", "audit_id"],
                    "audit_plans",
                    &["tenant_id", "audit_id"],
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "audit_plan_sites_site_fk",
                    "audit_plan_sites",
                    &["tenant_id", "site_id"],
                    "client_sites",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("audits"))
                .add_column(text_null("objection_deadline"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("applications"))
                .add_column(text_null("audit_time"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("team_objections"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("audit_id"))
                .col(uuid("auditor_id"))
                .col(text("reason"))
                .col(text("raised_by"))
                .col(text("status"))
                .col(text_null("resolution_note"))
                .col(ts("created_at"))
                .col(ts_null("resolved_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "team_objections_audit_fk",
                    "team_objections",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "team_objections_auditor_fk",
                    "team_objections",
                    &["tenant_id", "auditor_id"],
                    "auditors",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "team_objections_audit_idx",
            "team_objections",
            &["tenant_id", "audit_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("objection_links"))
                .col(uuid("tenant_id"))
                .col(text("token_hash"))
                .col(uuid("audit_id"))
                .col(text("email"))
                .col(text("expires_on"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "token_hash"]))
                .foreign_key(&mut fk(
                    "objection_links_audit_fk",
                    "objection_links",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(crate::m20261128_000001_foundation::unique(
            "objection_links_token_key",
            "objection_links",
            &["token_hash"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("reminders_sent"))
                .col(uuid("tenant_id"))
                .col(text("kind"))
                .col(text("subject_key"))
                .col(text("sent_on"))
                .primary_key(&mut pk(&["tenant_id", "kind", "subject_key"]))
                .foreign_key(&mut tenant_fk("reminders_sent_tenant_fk", "reminders_sent"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("scheduler_runs"))
                .col(text("job"))
                .col(text("day"))
                .col(ts("started_at"))
                .primary_key(&mut pk(&["job", "day"]))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "scheduler_runs",
            "reminders_sent",
            "objection_links",
            "team_objections",
            "audit_plan_sites",
            "audit_plans",
            "client_scopes",
            "audit_time_tables",
            "tenant_settings",
        ] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(a("applications"))
                .drop_column(a("audit_time"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("audits"))
                .drop_column(a("objection_deadline"))
                .to_owned(),
        )
        .await
    }
}
