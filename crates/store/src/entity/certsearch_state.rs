//! `certsearch_state`: a tenant's link to IAF CertSearch (endpoint, sealed API key) and its
//! last export.
use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certsearch_state")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    pub endpoint: Option<String>,
    /// The sealed API key, base64url without padding: never shown.
    pub sealed_api_key: Option<String>,
    pub last_export_at: Option<DateTimeUtc>,
    pub last_push_at: Option<DateTimeUtc>,
    pub last_push_ok: Option<bool>,
    pub last_push_result: Option<String>,
    pub updated_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("certsearch_state::Model")
            .field("tenant_id", &self.tenant_id)
            .field("endpoint", &self.endpoint)
            .field("last_export_at", &self.last_export_at)
            .field("last_push_ok", &self.last_push_ok)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
