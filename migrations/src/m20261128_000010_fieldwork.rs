//! Audit fieldwork: checklist templates and audit checklists, nonconformities, evidence
//! (items, versions, links) and client users bound to their organisation.

use crate::m20261128_000001_foundation::{
    a, big, boolean, fk, index, int, pk, text, text_null, ts, ts_null, unique, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0010_fieldwork_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        m.create_table(
            Table::create()
                .table(a("checklist_templates"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(text("standard_code"))
                .col(text("audit_type"))
                .col(text("name"))
                .col(text("items"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "checklist_templates_tenant_fk",
                    "checklist_templates",
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
                .table(a("checklist_items"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("audit_id"))
                .col(int("position"))
                .col(text("standards"))
                .col(text("section"))
                .col(text("reference"))
                .col(text("title"))
                .col(text("question"))
                .col(text_null("result"))
                .col(text_null("notes"))
                .col(uuid_null("site_id"))
                .col(boolean("evidence_requested"))
                .col(text_null("evidence_due"))
                .col(uuid_null("carried_from"))
                .col(text_null("updated_by"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "checklist_items_audit_fk",
                    "checklist_items",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "checklist_items_site_fk",
                    "checklist_items",
                    &["tenant_id", "site_id"],
                    "client_sites",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "checklist_items_audit_idx",
            "checklist_items",
            &["tenant_id", "audit_id", "position"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("nonconformities"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(int("number"))
                .col(uuid("audit_id"))
                .col(uuid("client_id"))
                .col(uuid_null("checklist_item_id"))
                .col(text("grade"))
                .col(text("reference"))
                .col(text("statement"))
                .col(text("evidence"))
                .col(uuid_null("site_id"))
                .col(text("status"))
                .col(text("response_due"))
                .col(text_null("correction"))
                .col(text_null("root_cause"))
                .col(text_null("corrective_action"))
                .col(text_null("planned_date"))
                .col(text_null("responded_by"))
                .col(ts_null("responded_at"))
                .col(text_null("review_comment"))
                .col(text_null("implementation"))
                .col(text_null("verification_method"))
                .col(text_null("verification_comment"))
                .col(text_null("escalation_reason"))
                .col(text("raised_by"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .col(ts_null("closed_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "nonconformities_audit_fk",
                    "nonconformities",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "nonconformities_client_fk",
                    "nonconformities",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "nonconformities_item_fk",
                    "nonconformities",
                    &["tenant_id", "checklist_item_id"],
                    "checklist_items",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "nonconformities_site_fk",
                    "nonconformities",
                    &["tenant_id", "site_id"],
                    "client_sites",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "nonconformities_number_key",
            "nonconformities",
            &["tenant_id", "audit_id", "number"],
        ))
        .await?;
        m.create_index(index(
            "nonconformities_client_idx",
            "nonconformities",
            &["tenant_id", "client_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("evidence_items"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("client_id"))
                .col(uuid_null("audit_id"))
                .col(text("title"))
                .col(text("classification"))
                .col(text("created_by"))
                .col(ts("created_at"))
                .col(ts_null("withdrawn_at"))
                .col(text_null("withdrawn_by"))
                .col(text_null("withdrawn_reason"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "evidence_items_client_fk",
                    "evidence_items",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "evidence_items_audit_fk",
                    "evidence_items",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(a("evidence_versions"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("item_id"))
                .col(int("version"))
                .col(text("object_key"))
                .col(text("filename"))
                .col(big("size"))
                .col(text_null("sha256"))
                .col(text_null("content_type"))
                .col(text("status"))
                .col(text_null("reject_reason"))
                .col(text("uploaded_by"))
                .col(text_null("effective_date"))
                .col(text_null("valid_until"))
                .col(ts_null("upload_expires_at"))
                .col(ts("created_at"))
                .col(ts_null("completed_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "evidence_versions_item_fk",
                    "evidence_versions",
                    &["tenant_id", "item_id"],
                    "evidence_items",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "evidence_versions_item_version_key",
            "evidence_versions",
            &["tenant_id", "item_id", "version"],
        ))
        .await?;
        m.create_index(unique(
            "evidence_versions_object_key",
            "evidence_versions",
            &["object_key"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("evidence_links"))
                .col(uuid("tenant_id"))
                .col(uuid("evidence_item_id"))
                .col(text("target_kind"))
                .col(uuid("target_id"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&[
                    "tenant_id",
                    "evidence_item_id",
                    "target_kind",
                    "target_id",
                ]))
                .foreign_key(&mut fk(
                    "evidence_links_item_fk",
                    "evidence_links",
                    &["tenant_id", "evidence_item_id"],
                    "evidence_items",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "evidence_links_target_idx",
            "evidence_links",
            &["tenant_id", "target_kind", "target_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(a("client_users"))
                .col(uuid("tenant_id"))
                .col(uuid("membership_id"))
                .col(uuid("client_id"))
                .primary_key(&mut pk(&["tenant_id", "membership_id"]))
                .foreign_key(&mut fk(
                    "client_users_membership_fk",
                    "client_users",
                    &["tenant_id", "membership_id"],
                    "memberships",
                    &["tenant_id", "id"],
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "client_users_client_fk",
                    "client_users",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("invitations"))
                .add_column(uuid_null("client_id"))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(a("invitations"))
                .drop_column(a("client_id"))
                .to_owned(),
        )
        .await?;
        for t in [
            "client_users",
            "evidence_links",
            "evidence_versions",
            "evidence_items",
            "nonconformities",
            "checklist_items",
            "checklist_templates",
        ] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
