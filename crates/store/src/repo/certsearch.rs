//! A tenant's link to IAF CertSearch and its last export (one row per tenant).

use super::now;
use crate::db::Conn;
use crate::entity::certsearch_state as e;
use crate::{StoreError, TenantTx};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

/// The stored state. `Debug` leaves out the sealed API key.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct State {
    pub endpoint: Option<String>,
    /// The sealed API key, base64url without padding.
    pub sealed_api_key: Option<String>,
    pub last_export_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_push_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_push_ok: Option<bool>,
    pub last_push_result: Option<String>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("endpoint", &self.endpoint)
            .field("has_api_key", &self.sealed_api_key.is_some())
            .field("last_export_at", &self.last_export_at)
            .field("last_push_at", &self.last_push_at)
            .field("last_push_ok", &self.last_push_ok)
            .finish_non_exhaustive()
    }
}

impl From<e::Model> for State {
    fn from(m: e::Model) -> Self {
        Self {
            endpoint: m.endpoint,
            sealed_api_key: m.sealed_api_key,
            last_export_at: m.last_export_at,
            last_push_at: m.last_push_at,
            last_push_ok: m.last_push_ok,
            last_push_result: m.last_push_result,
        }
    }
}

/// The tenant's state (all empty when it never configured or exported anything).
pub async fn get(tx: &TenantTx) -> Result<State, StoreError> {
    Ok(e::Entity::find_by_id(tx.tid())
        .one(tx.conn())
        .await?
        .map(Into::into)
        .unwrap_or_default())
}

async fn upsert(tx: &TenantTx, change: impl FnOnce(&mut e::ActiveModel)) -> Result<(), StoreError> {
    let existing = e::Entity::find_by_id(tx.tid()).one(tx.conn()).await?;
    match existing {
        Some(m) => {
            let mut am = m.into_active_model();
            change(&mut am);
            am.updated_at = Set(now());
            am.update(tx.conn()).await?;
        }
        None => {
            let mut am = e::ActiveModel {
                tenant_id: Set(tx.tid()),
                endpoint: Set(None),
                sealed_api_key: Set(None),
                last_export_at: Set(None),
                last_push_at: Set(None),
                last_push_ok: Set(None),
                last_push_result: Set(None),
                updated_at: Set(now()),
            };
            change(&mut am);
            am.insert(tx.conn()).await?;
        }
    }
    Ok(())
}

/// Sets the endpoint, and the sealed key when `sealed_api_key` is `Some` (`Some(None)`
/// removes it).
pub async fn configure(
    tx: &TenantTx,
    endpoint: Option<String>,
    sealed_api_key: Option<Option<String>>,
) -> Result<(), StoreError> {
    upsert(tx, |am| {
        am.endpoint = Set(endpoint);
        if let Some(k) = sealed_api_key {
            am.sealed_api_key = Set(k);
        }
    })
    .await
}

/// Records an export (a download or a successful push) at `at`.
pub async fn exported(tx: &TenantTx, at: chrono::DateTime<chrono::Utc>) -> Result<(), StoreError> {
    upsert(tx, |am| am.last_export_at = Set(Some(at))).await
}

/// Records the result of a push at `at`; a successful push is also an export.
pub async fn pushed(
    tx: &TenantTx,
    at: chrono::DateTime<chrono::Utc>,
    ok: bool,
    result: &str,
) -> Result<(), StoreError> {
    let result = result.to_string();
    upsert(tx, |am| {
        am.last_push_at = Set(Some(at));
        am.last_push_ok = Set(Some(ok));
        am.last_push_result = Set(Some(result));
        if ok {
            am.last_export_at = Set(Some(at));
        }
    })
    .await
}
