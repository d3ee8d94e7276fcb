//! `public_certificates`: the public registry, one row per certificate (ISO/IEC 17021-1
//! 8.1.2), read by everyone and written by the owning tenant.
use certa_domain::certification::CertificateStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_certificates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub certificate_id: Uuid,
    pub client_id: Uuid,
    pub number: String,
    pub revision: i32,
    pub status: crate::DbEnum<CertificateStatus>,
    pub holder_name: String,
    pub holder_location: String,
    pub sites: Json,
    pub scope: String,
    pub standards: Json,
    pub effective_date: Date,
    pub expiry_date: Date,
    pub original_date: Date,
    pub body_name: String,
    pub body_address: String,
    pub body_email: Option<String>,
    pub accreditations: Json,
    pub confidential: bool,
    pub listed: bool,
    pub search_name: String,
    pub as_of: DateTimeUtc,
    /// The current revision's credential with its Data Integrity proof.
    pub credential: Option<Json>,
    /// The same credential as a compact JWS.
    pub credential_jwt: Option<String>,
    /// A signed status assertion per revision (an array indexed by revision).
    pub status_assertions: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
