//! `audit_reports`: the revisions of an audit's report (ISO/IEC 17021-1 9.4.8) and their
//! technical review.
use certa_domain::certification::{Recommendation, ReportStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub audit_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub revision: i32,
    pub status: crate::DbEnum<ReportStatus>,
    pub recommendation: crate::DbEnum<Recommendation>,
    pub summary: String,
    pub response: Option<String>,
    pub content: Json,
    pub lead_auditor_id: Option<Uuid>,
    pub submitted_by: String,
    pub submitted_at: DateTimeUtc,
    pub reviewer_id: Option<Uuid>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_comments: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
