//! Client organisations with their sites and contacts.

use crate::m20261128_000001_foundation::{
    a, boolean, fk, index, int, pk, text, text_null, ts, ts_null, unique, uuid,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0002_clients_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        m.create_table(
            Table::create()
                .table(a("clients"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(text("reference"))
                .col(text("legal_name"))
                .col(text("legal_name_normalized"))
                .col(text_null("trading_name"))
                .col(text_null("registration_number"))
                .col(text_null("website"))
                .col(text_null("consultancy_by"))
                .col(text_null("consultancy_until"))
                .col(text_null("outsourced_processes"))
                .col(text_null("notes"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .col(ts_null("archived_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "clients_tenant_fk",
                    "clients",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "clients_reference_key",
            "clients",
            &["tenant_id", "reference"],
        ))
        .await?;
        m.create_index(index(
            "clients_name_idx",
            "clients",
            &["tenant_id", "legal_name_normalized"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("client_sites"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("client_id"))
                .col(text("name"))
                .col(text_null("address"))
                .col(text_null("city"))
                .col(text("country"))
                .col(text("kind"))
                .col(int("headcount"))
                .col(int("shifts"))
                .col(boolean("central_function"))
                .col(text_null("processes"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "client_sites_client_fk",
                    "client_sites",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "client_sites_client_idx",
            "client_sites",
            &["tenant_id", "client_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("client_contacts"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("client_id"))
                .col(text("name"))
                .col(text("email"))
                .col(text_null("phone"))
                .col(text_null("role"))
                .col(boolean("receives_mail"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "client_contacts_client_fk",
                    "client_contacts",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "client_contacts_client_idx",
            "client_contacts",
            &["tenant_id", "client_id"],
        ))
        .await?;

        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["client_contacts", "client_sites", "clients"] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
