//! `nonconformities`: a graded nonconformity and its corrective-action loop.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "nonconformities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: i32,
    pub audit_id: Uuid,
    pub client_id: Uuid,
    pub checklist_item_id: Option<Uuid>,
    pub grade: crate::DbEnum<certa_domain::nonconformity::Grade>,
    pub reference: String,
    pub statement: String,
    pub evidence: String,
    pub site_id: Option<Uuid>,
    pub status: crate::DbEnum<certa_domain::nonconformity::Status>,
    pub response_due: crate::dates::DbDate,
    pub correction: Option<String>,
    pub root_cause: Option<String>,
    pub corrective_action: Option<String>,
    pub planned_date: Option<crate::dates::DbDate>,
    pub responded_by: Option<String>,
    pub responded_at: Option<DateTimeUtc>,
    pub review_comment: Option<String>,
    pub implementation: Option<String>,
    pub verification_method: Option<String>,
    pub verification_comment: Option<String>,
    pub escalation_reason: Option<String>,
    pub raised_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
