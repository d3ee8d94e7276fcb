//! Scheduled audits and their proposed teams.

use crate::m20261128_000001_foundation::{a, fk, index, pk, text, text_null, ts, unique, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0005_audits_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        m.create_table(
            Table::create()
                .table(a("audits"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("programme_id"))
                .col(uuid("programme_audit_id"))
                .col(uuid("client_id"))
                .col(text("kind"))
                .col(text("standards"))
                .col(text("technical_areas"))
                .col(text("starts_on"))
                .col(text("ends_on"))
                .col(text("status"))
                .col(text_null("override_justification"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "audits_programme_fk",
                    "audits",
                    &["tenant_id", "programme_id"],
                    "programmes",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "audits_programme_audit_fk",
                    "audits",
                    &["tenant_id", "programme_audit_id"],
                    "programme_audits",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "audits_client_fk",
                    "audits",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "audits_programme_audit_key",
            "audits",
            &["tenant_id", "programme_audit_id"],
        ))
        .await?;
        m.create_index(index(
            "audits_dates_idx",
            "audits",
            &["tenant_id", "starts_on"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("audit_team"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("audit_id"))
                .col(uuid("auditor_id"))
                .col(text("role"))
                .col(text("days"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "audit_team_audit_fk",
                    "audit_team",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "audit_team_auditor_fk",
                    "audit_team",
                    &["tenant_id", "auditor_id"],
                    "auditors",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "audit_team_member_key",
            "audit_team",
            &["tenant_id", "audit_id", "auditor_id"],
        ))
        .await?;
        m.create_index(index(
            "audit_team_auditor_idx",
            "audit_team",
            &["tenant_id", "auditor_id"],
        ))
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["audit_team", "audits"] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
