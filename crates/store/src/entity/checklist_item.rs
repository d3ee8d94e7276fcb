//! `checklist_items`: an item of an audit's checklist.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "checklist_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub audit_id: Uuid,
    pub position: i32,
    pub section: crate::DbEnum<certa_domain::checklists::ItemSection>,
    pub reference: String,
    pub title: String,
    pub question: String,
    pub result: Option<crate::DbEnum<certa_domain::checklists::ItemResult>>,
    pub notes: Option<String>,
    pub site_id: Option<Uuid>,
    pub evidence_requested: bool,
    pub evidence_due: Option<crate::dates::DbDate>,
    pub carried_from: Option<Uuid>,
    pub updated_by: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
