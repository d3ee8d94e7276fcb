//! `programme_audits`: the planned audits of a programme.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_audits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub programme_id: Uuid,
    pub kind: crate::DbEnum<certa_domain::programme::EntryKind>,
    pub position: i32,
    pub due_by: Option<crate::dates::DbDate>,
    pub window_start: Option<crate::dates::DbDate>,
    pub status: crate::DbEnum<certa_domain::programme::EntryStatus>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
