//! Failure counters for login throttling.

use super::now;
use crate::entity::login_attempt;
use crate::{StoreError, Tx};
use chrono::Duration;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

/// Failures counted for `key` within the current window, or 0 when the window is over.
pub async fn failures(
    tx: &impl Tx,
    key: &str,
    window: Duration,
) -> Result<(i32, Option<chrono::DateTime<chrono::Utc>>), StoreError> {
    let row = login_attempt::Entity::find_by_id(key.to_string())
        .one(tx.conn())
        .await?;
    Ok(match row {
        Some(r) if r.window_start + window > now() => (r.failures, Some(r.window_start + window)),
        _ => (0, None),
    })
}

/// Counts one more failure for `key`, starting a new window if the old one ended.
pub async fn record_failure(tx: &impl Tx, key: &str, window: Duration) -> Result<(), StoreError> {
    let t = now();
    match login_attempt::Entity::find_by_id(key.to_string())
        .one(tx.conn())
        .await?
    {
        Some(r) => {
            let expired = r.window_start + window <= t;
            let failures = if expired { 1 } else { r.failures + 1 };
            let mut m = r.into_active_model();
            m.failures = Set(failures);
            if expired {
                m.window_start = Set(t);
            }
            m.update(tx.conn()).await?;
        }
        None => {
            login_attempt::ActiveModel {
                key: Set(key.to_string()),
                failures: Set(1),
                window_start: Set(t),
            }
            .insert(tx.conn())
            .await?;
        }
    }
    Ok(())
}

/// Forgets the failures of `key` (after a successful login).
pub async fn clear(tx: &impl Tx, key: &str) -> Result<(), StoreError> {
    login_attempt::Entity::delete_by_id(key.to_string())
        .exec(tx.conn())
        .await?;
    Ok(())
}
