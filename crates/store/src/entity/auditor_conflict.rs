//! `auditor_conflicts`: conflict-of-interest declarations towards a client.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auditor_conflicts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub auditor_id: Uuid,
    pub client_id: Uuid,
    pub kind: crate::DbEnum<certa_domain::personnel::ConflictKind>,
    pub ended_on: Option<crate::dates::DbDate>,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
