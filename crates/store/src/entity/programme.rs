//! `programmes`: the audit programme of one certification cycle.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programmes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub application_id: Uuid,
    pub status: crate::DbEnum<certa_domain::programme::ProgrammeStatus>,
    pub decision_date: Option<crate::dates::DbDate>,
    pub expiry_date: Option<crate::dates::DbDate>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
