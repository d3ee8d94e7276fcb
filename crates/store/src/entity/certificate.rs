//! `certificates`: certificates and where they stand (ISO/IEC 17021-1 8.2, 9.6.5).
use certa_domain::certification::CertificateStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub programme_id: Uuid,
    pub number: String,
    pub sequence: i64,
    pub status: crate::DbEnum<CertificateStatus>,
    pub revision: i32,
    pub original_date: Date,
    pub decision_date: Date,
    pub effective_date: Date,
    pub expiry_date: Date,
    pub holder: String,
    pub scope: String,
    pub soa_version: Option<String>,
    pub suspended_on: Option<Date>,
    pub suspended_until: Option<Date>,
    pub status_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
