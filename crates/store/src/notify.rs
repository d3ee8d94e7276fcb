//! Change notices between the processes of one deployment (PostgreSQL `NOTIFY` / `LISTEN`).
//!
//! A transaction announces a change with [`notify`]; PostgreSQL delivers the notice to
//! every listening session when, and only if, the transaction commits. Each process keeps
//! one listening connection ([`listen`]) that hands each notice to its callback, and tells
//! it when notices may have been missed (the connection was lost and made again), so a
//! cache can drop everything it holds. On SQLite one process serves the database: nothing
//! is sent and nobody listens.

use crate::db::{Backend, Conn};
use crate::{StoreError, TenantTx};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::time::Duration;

/// Announces `payload` on `channel` to every process, when `tx` commits.
pub async fn notify(tx: &TenantTx, channel: &str, payload: &str) -> Result<(), StoreError> {
    if tx.backend() != Backend::Postgres {
        return Ok(());
    }
    tx.conn()
        .execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [channel.into(), payload.into()],
        ))
        .await?;
    Ok(())
}

/// What a listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A notice sent with [`notify`].
    Changed(String),
    /// The listening connection was (re)established: notices sent meanwhile are lost.
    Resync,
}

/// Listens on `channel` of the PostgreSQL database at `url` for as long as the process
/// runs, calling `on` with each notice, and with [`Notice::Resync`] whenever the connection
/// is (re)established or lost. A lost connection is made again at once, a failed one after
/// a second; failures are logged without the address (it may hold a password).
pub async fn listen(url: String, channel: &'static str, on: impl Fn(Notice) + Send + 'static) {
    use sqlx::postgres::PgListener;
    loop {
        let mut listener = match PgListener::connect(&url).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, channel, "cannot open the change-notice connection; retrying in a second");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(channel).await {
            tracing::warn!(error = %e, channel, "cannot listen for change notices; retrying in a second");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        on(Notice::Resync);
        tracing::debug!(channel, "listening for change notices");
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => on(Notice::Changed(n.payload().to_string())),
                // The connection was lost, and the notices sent meanwhile with it: drop what
                // may be stale now, and again once listening anew (what was read in between
                // may predate a change whose notice is gone).
                Ok(None) => {
                    tracing::info!(channel, "change-notice connection lost; listening again");
                    on(Notice::Resync);
                    break;
                }
                Err(e) => {
                    tracing::warn!(error = %e, channel, "change-notice connection failed; reconnecting in a second");
                    on(Notice::Resync);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}
