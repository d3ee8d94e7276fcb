//! Personnel records: auditors with qualifications, conflict-of-interest declarations
//! and unavailability periods. Dates are ISO 8601 text (`YYYY-MM-DD`), which sorts
//! and compares correctly on both backends.

use crate::m20261128_000001_foundation::{
    a, fk, index, pk, text, text_null, ts, unique, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0003_personnel_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        m.create_table(
            Table::create()
                .table(a("auditors"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid_null("membership_id"))
                .col(text("name"))
                .col(text("email"))
                .col(text("status"))
                .col(text_null("notes"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "auditors_tenant_fk",
                    "auditors",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "auditors_membership_fk",
                    "auditors",
                    &["tenant_id", "membership_id"],
                    "memberships",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "auditors_membership_key",
            "auditors",
            &["tenant_id", "membership_id"],
        ))
        .await?;

        let child = |name: &'static str| {
            let mut t = Table::create();
            t.table(a(name))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("auditor_id"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    match name {
                        "auditor_qualifications" => "auditor_qualifications_auditor_fk",
                        "auditor_conflicts" => "auditor_conflicts_auditor_fk",
                        _ => "auditor_absences_auditor_fk",
                    },
                    name,
                    &["tenant_id", "auditor_id"],
                    "auditors",
                    &["tenant_id", "id"],
                    Cascade,
                ));
            t
        };
        m.create_table(
            child("auditor_qualifications")
                .col(text("standard_code"))
                .col(text("technical_area"))
                .col(text("function"))
                .col(text("valid_from"))
                .col(text_null("valid_until"))
                .col(text_null("evidence"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            child("auditor_conflicts")
                .col(uuid("client_id"))
                .col(text("kind"))
                .col(text_null("ended_on"))
                .col(text_null("note"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "auditor_conflicts_client_fk",
                    "auditor_conflicts",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            child("auditor_absences")
                .col(text("starts_on"))
                .col(text("ends_on"))
                .col(text_null("reason"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        for t in [
            "auditor_qualifications",
            "auditor_conflicts",
            "auditor_absences",
        ] {
            let name: &'static str = match t {
                "auditor_qualifications" => "auditor_qualifications_auditor_idx",
                "auditor_conflicts" => "auditor_conflicts_auditor_idx",
                _ => "auditor_absences_auditor_idx",
            };
            m.create_index(index(name, t, &["tenant_id", "auditor_id"]))
                .await?;
        }
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "auditor_absences",
            "auditor_conflicts",
            "auditor_qualifications",
            "auditors",
        ] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
