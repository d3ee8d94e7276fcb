//! `certificate_revisions`: each issue of a certificate, immutable once issued.
use certa_domain::certification::RevisionReason;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub certificate_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub revision: i32,
    pub reason: crate::DbEnum<RevisionReason>,
    pub decision_id: Option<Uuid>,
    pub content: Json,
    pub effective_date: Date,
    pub expiry_date: Date,
    pub issued_on: Date,
    pub superseded_at: Option<DateTimeUtc>,
    pub pdf_key: Option<String>,
    pub pdf_sha256: Option<String>,
    pub created_at: DateTimeUtc,
    /// The revision's credential with its Data Integrity proof.
    pub credential: Option<Json>,
    /// The same credential as a compact JWS.
    pub credential_jwt: Option<String>,
    /// The number of the status lists holding the revision's entry.
    pub status_list: Option<i32>,
    /// The revision's index in those lists.
    pub status_index: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
