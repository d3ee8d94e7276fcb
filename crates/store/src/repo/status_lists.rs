//! A tenant's Bitstring Status Lists (`status_lists`): per purpose and list number, the
//! bits and the signed status list credential made from them.
//!
//! Written only in the tenant transaction that changes a certificate's status: the row is
//! created when missing, then read with a row lock ([`lock`], `FOR UPDATE` on PostgreSQL;
//! on SQLite the transaction already holds the database's write lock), changed and written
//! back ([`write()`]), so two status changes at once never lose each other's bit. Read by
//! anyone ([`public`]): one statement on the pool, in no transaction and with no tenant,
//! which on PostgreSQL the table's open read policy allows.

use super::now;
use crate::db::Conn;
use crate::entity::status_list as sl;
use crate::{Db, StoreError, TenantTx};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};

/// A list as [`lock`] read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedList {
    pub bits: Vec<u8>,
    /// Whether its credential was ever signed (a new list's is not).
    pub signed: bool,
}

/// The bits of a list, locked for the rest of `tx`; an empty, unsigned list of `empty_len`
/// bytes is created first when the tenant has none of that purpose and number yet.
pub async fn lock(
    tx: &TenantTx,
    purpose: &str,
    list_no: i32,
    empty_len: usize,
) -> Result<LockedList, StoreError> {
    sl::Entity::insert(sl::ActiveModel {
        tenant_id: Set(tx.tid()),
        purpose: Set(purpose.to_string()),
        list_no: Set(list_no),
        bits: Set(vec![0; empty_len]),
        credential_jwt: Set(String::new()),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([
            sl::Column::TenantId,
            sl::Column::Purpose,
            sl::Column::ListNo,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    let row = sl::Entity::find()
        .filter(sl::Column::TenantId.eq(tx.tid()))
        .filter(sl::Column::Purpose.eq(purpose))
        .filter(sl::Column::ListNo.eq(list_no))
        .lock_exclusive()
        .one(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(LockedList {
        signed: !row.credential_jwt.is_empty(),
        bits: row.bits,
    })
}

/// Writes a list's bits and its signed credential (after [`lock`] in the same `tx`).
pub async fn write(
    tx: &TenantTx,
    purpose: &str,
    list_no: i32,
    bits: Vec<u8>,
    credential_jwt: String,
) -> Result<(), StoreError> {
    sl::Entity::update_many()
        .col_expr(sl::Column::Bits, bits.into())
        .col_expr(sl::Column::CredentialJwt, credential_jwt.into())
        .col_expr(sl::Column::UpdatedAt, now().into())
        .filter(sl::Column::TenantId.eq(tx.tid()))
        .filter(sl::Column::Purpose.eq(purpose))
        .filter(sl::Column::ListNo.eq(list_no))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// A published list: its signed credential and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedList {
    pub credential_jwt: String,
    pub updated_at: DateTime<Utc>,
}

/// The published credential of a list of `tenant`, if it exists and was signed: one
/// statement on the pool, outside any tenant.
pub async fn public(
    db: &Db,
    tenant: uuid::Uuid,
    purpose: &str,
    list_no: i32,
) -> Result<Option<PublishedList>, StoreError> {
    Ok(sl::Entity::find()
        .select_only()
        .column(sl::Column::CredentialJwt)
        .column(sl::Column::UpdatedAt)
        .filter(sl::Column::TenantId.eq(tenant))
        .filter(sl::Column::Purpose.eq(purpose))
        .filter(sl::Column::ListNo.eq(list_no))
        .filter(sl::Column::CredentialJwt.ne(""))
        .into_tuple::<(String, DateTime<Utc>)>()
        .one(db.raw())
        .await?
        .map(|(credential_jwt, updated_at)| PublishedList {
            credential_jwt,
            updated_at,
        }))
}
