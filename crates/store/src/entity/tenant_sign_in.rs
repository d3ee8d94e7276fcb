//! `tenant_sign_in`: a tenant's single sign-on provider and second-factor policy.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_sign_in")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    pub sso_enabled: bool,
    pub issuer: String,
    pub client_id: String,
    pub client_secret_sealed: Option<String>,
    pub scopes: String,
    pub email_domains: String,
    pub role_claim: String,
    pub role_map: String,
    pub client_claim: String,
    pub jit_provisioning: bool,
    pub link_by_email: bool,
    pub require_sso: bool,
    pub break_glass: String,
    pub mfa_roles: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
