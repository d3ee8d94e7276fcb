//! `auditor_qualifications`: standard × technical area × function, with validity.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auditor_qualifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub auditor_id: Uuid,
    pub standard_code: String,
    pub technical_area: String,
    pub function: crate::DbEnum<certa_domain::personnel::Function>,
    pub valid_from: crate::dates::DbDate,
    pub valid_until: Option<crate::dates::DbDate>,
    pub evidence: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
