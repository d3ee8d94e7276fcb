//! `status_lists`: a tenant's Bitstring Status Lists, read by everyone and written by the
//! owning tenant.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "status_lists")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// `revocation` or `suspension`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub purpose: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub list_no: i32,
    /// The raw bits (index 0 the most significant bit of the first byte).
    pub bits: Vec<u8>,
    /// The signed status list credential (compact JWS).
    pub credential_jwt: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
