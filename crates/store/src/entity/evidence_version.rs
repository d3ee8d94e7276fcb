//! `evidence_versions`: one uploaded file of an evidence item.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub item_id: Uuid,
    pub version: i32,
    pub object_key: String,
    pub filename: String,
    pub size: i64,
    pub sha256: Option<String>,
    pub content_type: Option<String>,
    pub status: crate::DbEnum<certa_domain::evidence::VersionStatus>,
    pub reject_reason: Option<String>,
    pub uploaded_by: String,
    pub effective_date: Option<crate::dates::DbDate>,
    pub valid_until: Option<crate::dates::DbDate>,
    pub upload_expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
    /// The client organisation whose user uploaded it; `None` when staff did.
    pub uploaded_by_client: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
