//! `audits`: a scheduled audit of a programme.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub programme_id: Uuid,
    pub programme_audit_id: Uuid,
    pub client_id: Uuid,
    pub kind: crate::DbEnum<certa_domain::programme::EntryKind>,
    pub starts_on: crate::dates::DbDate,
    pub ends_on: crate::dates::DbDate,
    pub status: crate::DbEnum<certa_domain::audit_status::AuditStatus>,
    pub override_justification: Option<String>,
    pub objection_deadline: Option<crate::dates::DbDate>,
    /// The iCalendar `SEQUENCE`: incremented on every change of the audit.
    pub sequence: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
