//! Applications for certification, and the programmes their acceptance creates.

use crate::m20261128_000001_foundation::{
    a, fk, index, int, pk, text, text_null, ts, ts_null, unique, uuid,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0004_applications_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        m.create_table(
            Table::create()
                .table(a("applications"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("client_id"))
                .col(text("standards"))
                .col(text("scope"))
                .col(int("effective_personnel"))
                .col(text_null("consultancy_by"))
                .col(text("status"))
                .col(text_null("competences_needed"))
                .col(text_null("review_note"))
                .col(text_null("decline_reason"))
                .col(text_null("reviewed_by"))
                .col(ts_null("reviewed_at"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "applications_client_fk",
                    "applications",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "applications_status_idx",
            "applications",
            &["tenant_id", "status", "created_at"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("programmes"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("client_id"))
                .col(uuid("application_id"))
                .col(text("standards"))
                .col(text("status"))
                .col(text_null("decision_date"))
                .col(text_null("expiry_date"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "programmes_client_fk",
                    "programmes",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "programmes_application_fk",
                    "programmes",
                    &["tenant_id", "application_id"],
                    "applications",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "programmes_application_key",
            "programmes",
            &["tenant_id", "application_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("programme_audits"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("programme_id"))
                .col(text("kind"))
                .col(int("position"))
                .col(text_null("due_by"))
                .col(text_null("window_start"))
                .col(text("status"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "programme_audits_programme_fk",
                    "programme_audits",
                    &["tenant_id", "programme_id"],
                    "programmes",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "programme_audits_programme_idx",
            "programme_audits",
            &["tenant_id", "programme_id"],
        ))
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["programme_audits", "programmes", "applications"] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
