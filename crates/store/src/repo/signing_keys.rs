//! A tenant's signing keys: one `active` key that signs, `retired` ones kept published.

use super::now;
use crate::db::Conn;
use crate::entity::signing_key;
use crate::{StoreError, TenantTx};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// The status of the key that signs.
pub const ACTIVE: &str = "active";
/// The status of a key replaced by a rotation (still published).
pub const RETIRED: &str = "retired";

/// A stored key. `Debug` leaves out the sealed private key.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKeyRow {
    pub kid: String,
    /// `publicKeyMultibase` (`z6Mk…`).
    pub public_key: String,
    /// The sealed seed, base64url without padding.
    pub sealed_key: String,
    /// [`ACTIVE`] or [`RETIRED`].
    pub status: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub retired_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl std::fmt::Debug for SigningKeyRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeyRow")
            .field("kid", &self.kid)
            .field("public_key", &self.public_key)
            .field("status", &self.status)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .finish_non_exhaustive()
    }
}

impl From<signing_key::Model> for SigningKeyRow {
    fn from(m: signing_key::Model) -> Self {
        Self {
            kid: m.kid,
            public_key: m.public_key,
            sealed_key: m.sealed_key,
            status: m.status,
            created_at: m.created_at,
            retired_at: m.retired_at,
        }
    }
}

/// The tenant's active key, if it has one.
pub async fn active(tx: &TenantTx) -> Result<Option<SigningKeyRow>, StoreError> {
    Ok(signing_key::Entity::find()
        .filter(signing_key::Column::TenantId.eq(tx.tid()))
        .filter(signing_key::Column::Status.eq(ACTIVE))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Every key of the tenant, the newest first.
pub async fn all(tx: &TenantTx) -> Result<Vec<SigningKeyRow>, StoreError> {
    Ok(signing_key::Entity::find()
        .filter(signing_key::Column::TenantId.eq(tx.tid()))
        .order_by_desc(signing_key::Column::CreatedAt)
        .order_by_asc(signing_key::Column::Kid)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Inserts a new active key unless the tenant already has one (or the same `kid`): answers
/// whether it was inserted. The insert loses cleanly on the unique index (`ON CONFLICT DO
/// NOTHING`), so the transaction stays usable and the caller re-reads the winner's key.
pub async fn insert_active(
    tx: &TenantTx,
    kid: &str,
    public_key: &str,
    sealed_key: &str,
) -> Result<bool, StoreError> {
    let rows = signing_key::Entity::insert(signing_key::ActiveModel {
        tenant_id: Set(tx.tid()),
        kid: Set(kid.to_string()),
        public_key: Set(public_key.to_string()),
        sealed_key: Set(sealed_key.to_string()),
        status: Set(ACTIVE.to_string()),
        created_at: Set(now()),
        retired_at: Set(None),
    })
    .on_conflict(OnConflict::new().do_nothing().to_owned())
    .exec_without_returning(tx.conn())
    .await?;
    Ok(rows == 1)
}

/// Retires the active key `kid` (a conditional update): answers whether it was still the
/// active one.
pub async fn retire(tx: &TenantTx, kid: &str) -> Result<bool, StoreError> {
    let r = signing_key::Entity::update_many()
        .col_expr(signing_key::Column::Status, Expr::value(RETIRED))
        .col_expr(signing_key::Column::RetiredAt, Expr::value(now()))
        .filter(signing_key::Column::TenantId.eq(tx.tid()))
        .filter(signing_key::Column::Kid.eq(kid))
        .filter(signing_key::Column::Status.eq(ACTIVE))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}
