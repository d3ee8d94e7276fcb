#![doc = include_str!("../README.md")]
//!
//! Certa's use cases.
//!
//! Each public function is one use case: it authorizes the principal against the
//! permission matrix, applies the domain rules, writes through the repositories and
//! enqueues side effects (mail) and the audit event — all in one transaction. The HTTP
//! API, the web pages, the worker and the CLI call the same functions.

pub mod admin;
pub mod applications;
pub mod audits;
pub mod auth;
pub mod certification;
pub mod certsearch;
pub mod clients;
pub mod error;
pub mod evidence;
pub mod fieldwork;
pub mod mail;
pub mod members;
pub mod mfa;
pub mod ops;
pub mod personnel;
pub mod programmes;
pub mod records;
pub mod reminders;
pub mod secrets;
pub mod seed;
pub mod settings;
pub mod signing;
pub mod sso;
pub mod tokens;
pub mod trail;

pub use auth::{AuthKind, Principal, TenantCtx};
pub use error::ServiceError;

use certa_storage::{ObjectStore, UrlSigner};
use certa_store::Db;
use std::sync::Arc;
use tokio::sync::{Notify, Semaphore};

/// Settings the use cases need.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Base URL for links in mails, without a trailing slash.
    pub public_url: String,
    /// A session ends after this much inactivity.
    pub session_idle: chrono::Duration,
    /// A session ends this long after login, whatever the activity.
    pub session_absolute: chrono::Duration,
    /// Invitation links expire after this long (7 days by default).
    pub invitation_ttl: chrono::Duration,
    /// Password-reset links expire after this long.
    pub password_reset_ttl: chrono::Duration,
    /// Failed logins allowed per account within [`ServiceConfig::throttle_window`].
    pub throttle_per_account: i32,
    /// Failed logins allowed per client IP within the window.
    pub throttle_per_ip: i32,
    /// The throttling window.
    pub throttle_window: chrono::Duration,
    /// Browsers send evidence straight to the S3 bucket (its CORS rules allow Certa).
    pub s3_browser_direct: bool,
    /// The organizer of calendar invitations: the mail sender (`Name <address>`).
    pub calendar_organizer: Option<certa_domain::ics::Person>,
}

impl ServiceConfig {
    /// Defaults with the given public URL.
    pub fn new(public_url: impl Into<String>) -> Self {
        Self {
            public_url: public_url.into().trim_end_matches('/').to_string(),
            session_idle: chrono::Duration::hours(2),
            session_absolute: chrono::Duration::hours(12),
            invitation_ttl: chrono::Duration::days(7),
            password_reset_ttl: chrono::Duration::hours(1),
            throttle_per_account: 5,
            throttle_per_ip: 50,
            throttle_window: chrono::Duration::minutes(15),
            s3_browser_direct: false,
            calendar_organizer: None,
        }
    }
}

/// Concurrent Argon2 computations allowed: the number of cores.
pub fn hashing_permits() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// What every use case receives: the database, the settings, the object store and the
/// outbox doorbell.
#[derive(Clone)]
pub struct Ctx {
    pub db: Db,
    pub config: Arc<ServiceConfig>,
    /// Where evidence files and generated documents are kept (see `certa_storage`).
    pub storage: Arc<dyn ObjectStore>,
    /// Rung after a commit that enqueued mail, so an in-process worker sends at once.
    pub outbox_bell: Arc<Notify>,
    /// Permits for password hashing and verification (Argon2 takes 19 MiB and tens of
    /// milliseconds each): one per core, so a flood of sign-ins or resets queues instead
    /// of exhausting memory and starving every other request.
    pub hashing: Arc<Semaphore>,
    /// Signs and checks Certa's own upload addresses (local store) with the configured
    /// secret key, so every instance sharing the key accepts the others' addresses.
    pub signer: UrlSigner,
    /// The master secret that seals the tenants' private signing keys (see [`signing`]).
    pub master_key: signing::MasterKey,
    /// The public registry's look-ups kept in this process (see
    /// [`certification::cache`]).
    pub public_cache: certification::cache::PublicCache,
    /// Public look-ups noted for the bodies' verification analytics (see
    /// [`certification::verification`]).
    pub lookup_log: certification::verification::LookupLog,
    /// Identity providers' metadata and keys, and the HTTP client that reads them (see
    /// [`sso`]).
    pub sso: sso::Providers,
}

impl Ctx {
    /// Builds a context.
    pub fn new(
        db: Db,
        config: ServiceConfig,
        storage: Arc<dyn ObjectStore>,
        signer: UrlSigner,
        master_key: signing::MasterKey,
    ) -> Self {
        Self {
            signer,
            master_key,
            db,
            config: Arc::new(config),
            storage,
            outbox_bell: Arc::new(Notify::new()),
            hashing: Arc::new(Semaphore::new(hashing_permits())),
            public_cache: certification::cache::PublicCache::new(),
            lookup_log: certification::verification::LookupLog::default(),
            sso: sso::Providers::new(),
        }
    }

    /// Wakes the outbox worker (after a commit that enqueued something).
    pub fn ring(&self) {
        self.outbox_bell.notify_one();
    }
}
