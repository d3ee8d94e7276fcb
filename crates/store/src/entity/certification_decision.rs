//! `certification_decisions`: certification decisions with their inputs (ISO/IEC 17021-1 9.5).
use certa_domain::certification::DecisionKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "certification_decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub programme_id: Uuid,
    pub client_id: Uuid,
    pub kind: crate::DbEnum<DecisionKind>,
    pub decided_on: Date,
    pub effective_date: Option<Date>,
    pub decision_maker_id: Option<Uuid>,
    pub decided_by: String,
    pub reasons: String,
    pub application_confirmed: bool,
    pub inputs: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
