//! `outbox`: side effects (mails) written in the transaction that causes them.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub kind: crate::DbEnum<certa_domain::outbox::MailKind>,
    pub recipient: String,
    pub payload: Json,
    pub status: crate::DbEnum<certa_domain::outbox::OutboxStatus>,
    pub attempts: i32,
    pub run_after: DateTimeUtc,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// Who holds the lease (set when claimed; `run_after` is the lease's expiry).
    pub lease_token: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
