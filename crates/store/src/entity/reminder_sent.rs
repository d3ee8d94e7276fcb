//! `reminders_sent`: reminders already sent (one per kind and subject).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminders_sent")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: crate::DbEnum<certa_domain::outbox::MailKind>,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_key: String,
    pub sent_on: crate::dates::DbDate,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
