//! `client_ai_systems`: a client's AI systems (ISO/IEC 42001 scope).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_ai_systems")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub name: String,
    pub purpose: String,
    pub ai_role: crate::DbEnum<certa_domain::clients::SystemAiRole>,
    pub data_used: Option<String>,
    pub decisions_influenced: Option<String>,
    pub impact_level: crate::DbEnum<certa_domain::clients::ImpactLevel>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
