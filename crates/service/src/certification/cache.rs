//! The in-process cache of the public registry: what a look-up by number read, kept so
//! that a verifier checking the same certificates again costs no database statement.
//!
//! - Entries are keyed by the number looked up (with or without a revision suffix) and hold
//!   the registry row, or its absence. They are weighed by size (at most [`MAX_BYTES`]) and
//!   live at most [`TIME_TO_LIVE`].
//! - A change of a certificate drops its number in this process once the change commits
//!   (`TenantTx::after_commit`), and in every other process of the deployment through a
//!   PostgreSQL notice sent by the same transaction ([`CHANNEL`], [`listen`]); a lost
//!   notice connection drops everything. A change of a body's listing choices drops all.
//! - A look-up only stores what it read when no change was announced since it began (a
//!   generation counter), so a read that raced a commit is never kept.
//! - On SQLite several processes of one machine may share the database (the server, the
//!   command line, a separate worker) but no notices: each change also touches a signal
//!   file next to the database, whose modification time every look-up checks (one `stat`,
//!   no statement), dropping everything when another process changed the registry.

use certa_store::repo::public::PublicCertificate;
use moka::sync::Cache;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The PostgreSQL channel of registry changes; the payload is a number, or [`ALL`].
pub const CHANNEL: &str = "certa_public_registry";
/// The payload that drops every entry.
pub const ALL: &str = "*";
/// Most bytes the cache holds by default (rows with their credentials weigh a few KiB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Longest time an entry is kept, whatever happens.
pub const TIME_TO_LIVE: Duration = Duration::from_secs(600);

/// A cached look-up: the row, or `None` when no certificate has the number.
pub type Entry = Option<Arc<PublicCertificate>>;

/// See the module documentation.
#[derive(Clone)]
pub struct PublicCache {
    /// `None` when the cache is off (a capacity of 0).
    entries: Option<Cache<String, Entry>>,
    generation: Arc<AtomicU64>,
    /// The signal file (SQLite) and the modification time last seen.
    signal: Option<Arc<Signal>>,
}

struct Signal {
    path: std::path::PathBuf,
    seen: std::sync::Mutex<Option<std::time::SystemTime>>,
}

impl Signal {
    fn modified(&self) -> Option<std::time::SystemTime> {
        std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .ok()
    }
}

impl std::fmt::Debug for PublicCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicCache")
            .field("entries", &self.entries.as_ref().map(Cache::entry_count))
            .finish_non_exhaustive()
    }
}

impl Default for PublicCache {
    fn default() -> Self {
        Self::new()
    }
}

#[expect(
    clippy::ptr_arg,
    reason = "moka weighs with a reference to the key type"
)]
fn weight(key: &String, entry: &Entry) -> u32 {
    let row = entry.as_ref().map_or(0, |r| {
        r.credential_jwt.as_ref().map_or(0, String::len) * 2
            + r.status_assertions.iter().map(String::len).sum::<usize>()
            + r.sites.to_string().len()
            + r.scope.len()
            + 512
    });
    u32::try_from(key.len() + row + 64).unwrap_or(u32::MAX)
}

impl PublicCache {
    /// An empty cache of [`MAX_BYTES`].
    pub fn new() -> Self {
        Self::with_capacity(MAX_BYTES)
    }

    /// An empty cache of at most `bytes`; 0 keeps nothing (every look-up reads the
    /// database).
    pub fn with_capacity(bytes: u64) -> Self {
        Self {
            entries: (bytes > 0).then(|| {
                Cache::builder()
                    .max_capacity(bytes)
                    .weigher(weight)
                    .time_to_live(TIME_TO_LIVE)
                    .build()
            }),
            generation: Arc::new(AtomicU64::new(0)),
            signal: None,
        }
    }

    /// An empty cache that also follows the changes other processes of this machine make
    /// to a shared SQLite database, through the signal file at `path`.
    pub fn with_signal_file(self, path: std::path::PathBuf) -> Self {
        let signal = Signal {
            seen: std::sync::Mutex::new(None),
            path,
        };
        *signal
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = signal.modified();
        Self {
            signal: Some(Arc::new(signal)),
            ..self
        }
    }

    /// Drops everything when another process touched the signal file since the last look.
    pub fn follow_other_processes(&self) {
        let Some(signal) = &self.signal else {
            return;
        };
        let now = signal.modified();
        let mut seen = signal
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if *seen != now {
            *seen = now;
            drop(seen);
            self.changed(ALL);
        }
    }

    /// Tells the other processes of this machine that the registry changed (after a
    /// commit): rewrites the signal file, which moves its modification time.
    fn signal_others(&self) {
        if let Some(signal) = &self.signal {
            let stamp = format!("{}\n", uuid::Uuid::now_v7());
            if let Err(e) = std::fs::write(&signal.path, stamp) {
                tracing::warn!(error = %e, "cannot touch the public registry's signal file");
            }
            // This process already dropped what changed; it need not drop all again.
            *signal
                .seen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = signal.modified();
        }
    }

    /// The generation to pass to [`PublicCache::insert`] (read before the database).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The cached look-up of `number`, if any.
    pub fn get(&self, number: &str) -> Option<Entry> {
        self.entries.as_ref()?.get(number)
    }

    /// Keeps what a look-up that began at `generation` read, unless a change was announced
    /// since.
    pub fn insert(&self, generation: u64, number: &str, entry: Entry) {
        let Some(entries) = &self.entries else {
            return;
        };
        if self.generation() == generation {
            entries.insert(number.to_string(), entry);
            // A change announced while inserting: drop what may be stale.
            if self.generation() != generation {
                entries.invalidate(number);
            }
        }
    }

    /// A change of the certificate numbered `number` (or of all, with [`ALL`]) committed.
    pub fn changed(&self, number: &str) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        let Some(entries) = &self.entries else {
            return;
        };
        if number == ALL {
            entries.invalidate_all();
        } else {
            entries.invalidate(number);
        }
    }

    /// Entries held now (approximate).
    pub fn len(&self) -> u64 {
        self.entries.as_ref().map_or(0, |e| {
            e.run_pending_tasks();
            e.entry_count()
        })
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Drops the cached look-ups of `number` (or all, with [`ALL`]) in this process once `tx`
/// commits, and in every other process through a notice.
pub(crate) async fn announce(
    ctx: &crate::Ctx,
    tx: &certa_store::TenantTx,
    number: &str,
) -> Result<(), crate::ServiceError> {
    let cache = ctx.public_cache.clone();
    let n = number.to_string();
    tx.after_commit(move || {
        cache.changed(&n);
        cache.signal_others();
    });
    certa_store::notify::notify(tx, CHANNEL, number).await?;
    Ok(())
}

/// Keeps this process's cache in step with the other processes of a PostgreSQL deployment
/// (run for as long as the process serves; see [`certa_store::notify::listen`]).
pub async fn listen(ctx: crate::Ctx, database_url: String) {
    let cache = ctx.public_cache.clone();
    certa_store::notify::listen(database_url, CHANNEL, move |notice| match notice {
        certa_store::notify::Notice::Changed(number) => cache.changed(&number),
        certa_store::notify::Notice::Resync => cache.changed(ALL),
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: &str) -> Entry {
        let t = chrono::Utc::now();
        let d = t.date_naive();
        Some(Arc::new(PublicCertificate {
            tenant_id: uuid::Uuid::nil(),
            certificate_id: uuid::Uuid::nil(),
            client_id: uuid::Uuid::nil(),
            number: number.into(),
            revision: 0,
            status: certa_domain::certification::CertificateStatus::Active,
            holder_name: "Helios".into(),
            holder_location: "DE".into(),
            sites: serde_json::json!([]),
            scope: "Robots".into(),
            standards: serde_json::json!([]),
            effective_date: d,
            expiry_date: d,
            original_date: d,
            body_name: "Body".into(),
            body_address: "Street".into(),
            body_email: None,
            accreditations: serde_json::json!([]),
            confidential: false,
            listed: true,
            search_name: "helios".into(),
            as_of: t,
            credential: None,
            credential_jwt: None,
            status_assertions: Vec::new(),
        }))
    }

    #[test]
    fn a_read_that_raced_a_change_is_not_kept() {
        let c = PublicCache::new();
        let g = c.generation();
        c.insert(g, "A-1", row("A-1"));
        assert!(c.get("A-1").unwrap().is_some());
        // A look-up begins, then a change of another number commits: its read is dropped.
        let g = c.generation();
        c.changed("B-2");
        c.insert(g, "C-3", None);
        assert!(c.get("C-3").is_none());
        // A change drops its number only; ALL drops everything.
        c.changed("A-1");
        assert!(c.get("A-1").is_none());
        let g = c.generation();
        c.insert(g, "A-1", row("A-1"));
        c.insert(g, "Z-9", None);
        assert_eq!(c.get("Z-9"), Some(None), "absence is cached too");
        c.changed(ALL);
        assert!(c.get("A-1").is_none() && c.get("Z-9").is_none());
        // Off: nothing is kept.
        let off = PublicCache::with_capacity(0);
        off.insert(off.generation(), "A-1", row("A-1"));
        assert!(off.get("A-1").is_none() && off.is_empty());
    }
}
