//! `certificate_events`: every change of a certificate's status or revision.
use certa_domain::certification::CertificateStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub certificate_id: Uuid,
    pub event: String,
    pub from_status: Option<crate::DbEnum<CertificateStatus>>,
    pub to_status: crate::DbEnum<CertificateStatus>,
    pub revision: i32,
    pub reason: Option<String>,
    pub until: Option<Date>,
    pub decision_id: Option<Uuid>,
    pub actor: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
