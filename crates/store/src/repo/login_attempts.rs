//! Attempt counters for throttling (sign-in per account and per IP, reset forms, reset
//! mails). Every change is one atomic statement: concurrent requests never read a count
//! and write back an absolute value.

use super::now;
use crate::{Backend, StoreError, Tx};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, Statement};

/// The count of a key after an attempt was added, and when its window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// Attempts in the current window, this one included.
    pub count: i32,
    /// When the window (and so the throttle) ends.
    pub until: DateTime<Utc>,
}

/// Adds one attempt to `key` and answers the new count, in one statement: a window
/// that ended starts again at 1. Used before the guarded work, so that parallel requests
/// each see a distinct count and at most `limit` of them get through.
pub async fn count_attempt(
    tx: &impl Tx,
    key: &str,
    window: Duration,
) -> Result<Counted, StoreError> {
    let t = now();
    let expired_before = t - window;
    let sql = match tx.backend() {
        Backend::Sqlite => {
            "insert into login_attempts (key, failures, window_start) values (?, 1, ?) \
             on conflict (key) do update set \
               failures = case when login_attempts.window_start <= ? then 1 \
                               else login_attempts.failures + 1 end, \
               window_start = case when login_attempts.window_start <= ? \
                                   then excluded.window_start \
                                   else login_attempts.window_start end \
             returning failures, window_start"
        }
        Backend::Postgres => {
            "insert into login_attempts (key, failures, window_start) values ($1, 1, $2) \
             on conflict (key) do update set \
               failures = case when login_attempts.window_start <= $3 then 1 \
                               else login_attempts.failures + 1 end, \
               window_start = case when login_attempts.window_start <= $4 \
                                   then excluded.window_start \
                                   else login_attempts.window_start end \
             returning failures, window_start"
        }
    };
    let db = tx.conn().get_database_backend();
    let row = tx
        .conn()
        .query_one(Statement::from_sql_and_values(
            db,
            sql,
            [
                key.into(),
                t.into(),
                expired_before.into(),
                expired_before.into(),
            ],
        ))
        .await?
        .ok_or(StoreError::NotFound)?;
    let count: i32 = row.try_get("", "failures")?;
    let start: DateTime<Utc> = row.try_get("", "window_start")?;
    Ok(Counted {
        count,
        until: start + window,
    })
}

/// Takes one attempt back from `key` (a successful sign-in from a shared address must
/// not use up that address's allowance). Never below zero.
pub async fn uncount_attempt(tx: &impl Tx, key: &str) -> Result<(), StoreError> {
    let sql = match tx.backend() {
        Backend::Sqlite => {
            "update login_attempts set failures = failures - 1 where key = ? and failures > 0"
        }
        Backend::Postgres => {
            "update login_attempts set failures = failures - 1 where key = $1 and failures > 0"
        }
    };
    let db = tx.conn().get_database_backend();
    tx.conn()
        .execute(Statement::from_sql_and_values(db, sql, [key.into()]))
        .await?;
    Ok(())
}

/// Forgets the attempts of `key` (after a successful sign-in).
pub async fn clear(tx: &impl Tx, key: &str) -> Result<(), StoreError> {
    use crate::entity::login_attempt;
    use sea_orm::EntityTrait;
    login_attempt::Entity::delete_by_id(key.to_string())
        .exec(tx.conn())
        .await?;
    Ok(())
}
