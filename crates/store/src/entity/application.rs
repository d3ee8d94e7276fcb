//! `applications`: applications for certification and their review.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub scope: String,
    pub effective_personnel: i32,
    pub consultancy_by: Option<String>,
    pub status: crate::DbEnum<certa_domain::applications::ApplicationStatus>,
    pub competences_needed: Option<String>,
    pub review_note: Option<String>,
    pub decline_reason: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    /// The audit-time calculation kept with the application (request and result, JSON).
    pub audit_time: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
