//! Configuration: built-in defaults (the embedded mode), then an optional `certa.toml`,
//! then `CERTA_…` environment variables, layered with `figment`. Every key is one field of
//! one structure and has both spellings: `[s3] endpoint` in the file is `CERTA_S3_ENDPOINT`
//! in the environment. Invalid values stop start-up with a message that names the key;
//! secrets (database and SMTP URLs, tokens, keys) are held as `secrecy` values, never
//! shown by `Debug` nor echoed in messages.

use certa_storage::{S3Settings, StorageSettings};
use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long in-flight requests and the mail being sent may take at shutdown, by default.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(20);

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Every setting, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Root of the embedded mode's files (database, storage, mail).
    pub data_dir: PathBuf,
    /// Address to listen on.
    pub bind: String,
    /// Application database URL (PostgreSQL: the `certa_app` role); may hold a password.
    pub database_url: SecretString,
    /// URL used for migrations (PostgreSQL: the owner role). Defaults to `database_url`.
    pub database_owner_url: SecretString,
    /// PostgreSQL pool size, per process.
    pub database_max_connections: u32,
    /// PostgreSQL: longest wait for a pooled connection (connecting included) before a
    /// request answers 503 `database_unavailable`.
    pub database_acquire_timeout: Duration,
    /// Base URL for links in mails; https turns on `Secure` cookies.
    pub public_url: String,
    /// SMTP server (may hold credentials); without it mail is written as `.eml` files
    /// under `data_dir/mail`.
    pub smtp_url: Option<SecretString>,
    /// Sender address.
    pub mail_from: String,
    /// Log format.
    pub log_format: LogFormat,
    /// HTTP worker threads.
    pub http_workers: usize,
    /// Outbox worker tuning.
    pub worker: certa_jobs::WorkerSettings,
    /// Object storage: `data_dir/objects`, or S3 when `CERTA_S3_ENDPOINT` is set.
    pub storage: StorageSettings,
    /// Report the SQL statements each request sent in the `x-certa-sql-statements`
    /// response header (for benchmarks and diagnosis; off by default).
    pub sql_count_header: bool,
    /// Browsers upload evidence straight to the S3 bucket (presigned PUT) instead of
    /// through Certa. Needs the bucket's CORS rules to allow Certa's origin; off by
    /// default (uploads then stream through Certa, with the same progress bar).
    pub s3_browser_direct: bool,
    /// A second address serving only `/metrics` (for a scraper on a private network).
    /// When set, the public address does not serve `/metrics` unless `metrics_token` is set.
    pub metrics_bind: Option<String>,
    /// A bearer token that opens `/metrics` on the public address. Without it (and without
    /// `metrics_bind`) metrics are not served at all: they count across tenants.
    pub metrics_token: Option<SecretString>,
    /// The key that signs Certa's own upload addresses: every instance serving the same
    /// database must have the same one. Required with PostgreSQL; in the embedded mode
    /// (SQLite) it defaults to `data_dir/secret.key`, generated on first use.
    pub secret_key: Option<SecretString>,
    /// Requests a minute each client address may send to the public verification routes
    /// (`/verify/…`, `/api/v1/public/…`) before they answer 429; counted per process.
    pub public_rate_per_minute: u32,
    /// Memory each process gives the public look-up cache, in MiB (0: no cache).
    pub public_cache_mib: u32,
    /// The proxies (load balancers) whose `X-Forwarded-For` names the client; none by
    /// default (the client is the connection's peer).
    pub trusted_proxies: certa_api::forwarded::TrustedProxies,
    /// At shutdown, how long in-flight requests (and the worker's mail being sent) may
    /// take to finish.
    pub shutdown_timeout: Duration,
    /// At shutdown, how long `/readyz` answers 503 before the server stops accepting
    /// connections, so load balancers stop sending requests first.
    pub shutdown_drain: Duration,
}

/// A configuration problem, naming the key.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Every configuration key, the one list for both layers: the file spells a key by its
/// path (`[s3] endpoint` is `s3.endpoint`), the environment as `CERTA_` and the path in
/// capitals joined by `_` (`CERTA_S3_ENDPOINT`). Unknown keys in the file are refused;
/// `CERTA_…` variables that name no key are not read.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
struct Raw {
    data_dir: Option<Text>,
    bind: Option<Text>,
    database_url: Option<Text>,
    database_owner_url: Option<Text>,
    database_max_connections: Option<Text>,
    database_acquire_timeout_secs: Option<Text>,
    public_url: Option<Text>,
    smtp_url: Option<Text>,
    mail_from: Option<Text>,
    log_format: Option<Text>,
    http_workers: Option<Text>,
    sql_count_header: Option<Text>,
    metrics_bind: Option<Text>,
    metrics_token: Option<Text>,
    secret_key: Option<Text>,
    public_rate_per_minute: Option<Text>,
    public_cache_mib: Option<Text>,
    trusted_proxies: Option<Text>,
    shutdown: RawShutdown,
    worker: RawWorker,
    s3: RawS3,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
struct RawShutdown {
    timeout_secs: Option<Text>,
    drain_secs: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
struct RawS3 {
    endpoint: Option<Text>,
    region: Option<Text>,
    bucket: Option<Text>,
    access_key: Option<Text>,
    secret_key: Option<Text>,
    path_style: Option<Text>,
    key_prefix: Option<Text>,
    browser_direct: Option<Text>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
struct RawWorker {
    poll_interval_ms: Option<Text>,
    retry_base_ms: Option<Text>,
    max_attempts: Option<Text>,
    outbox_retention_days: Option<Text>,
    outbox_lease_secs: Option<Text>,
}

/// One value as text, whichever layer gave it: the environment gives strings, the file
/// strings, numbers or booleans. Each key's parser turns it into its type, with a message
/// that names the key. Its `Debug` never shows the value (some are secrets).
#[derive(Clone, Serialize)]
struct Text(String);

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Text(…)")
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Scalar;
        impl serde::de::Visitor<'_> for Scalar {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, a number or a boolean")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(Scalar)
    }
}

/// The environment variable of a key path: `s3.endpoint` → `CERTA_S3_ENDPOINT`.
fn env_name(key: &str) -> String {
    format!("CERTA_{}", key.replace('.', "_").to_ascii_uppercase())
}

/// How messages name a key: `CERTA_S3_BUCKET (s3.bucket)`.
fn named(key: &str) -> String {
    format!("{} ({key})", env_name(key))
}

/// The key paths of [`Raw`], read from the structure itself.
fn key_paths() -> Vec<String> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        if let serde_json::Value::Object(map) = v {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if v.is_object() {
                    walk(&path, v, out);
                } else {
                    out.push(path);
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(Raw::default()) {
        walk("", &v, &mut out);
    }
    out
}

/// The environment layer: each non-empty `CERTA_…` variable that names a key, as text
/// (never reinterpreted as a number or a list), nested by its key path.
fn env_layer(env: &[(String, String)]) -> serde_json::Value {
    let mut root = serde_json::Value::Object(Default::default());
    for key in key_paths() {
        let name = env_name(&key);
        let Some((_, value)) = env.iter().find(|(n, v)| *n == name && !v.is_empty()) else {
            continue;
        };
        let mut node = &mut root;
        for part in key.split('.') {
            node = match node {
                serde_json::Value::Object(map) => map
                    .entry(part.to_string())
                    .or_insert_with(|| serde_json::Value::Object(Default::default())),
                other => other,
            };
        }
        *node = serde_json::Value::String(value.clone());
    }
    root
}

/// A key's value as text; an empty value is no value.
fn text(v: Option<Text>) -> Option<String> {
    v.map(|t| t.0).filter(|v| !v.is_empty())
}

/// A boolean key: true/1/yes/on or false/0/no/off.
fn boolean(v: Option<Text>, key: &str) -> Result<Option<bool>, ConfigError> {
    let Some(v) = text(v) else { return Ok(None) };
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(Some(true)),
        "false" | "0" | "no" | "off" => Ok(Some(false)),
        _ => Err(ConfigError(format!(
            "{} must be true or false, got '{}'",
            named(key),
            v.escape_debug()
        ))),
    }
}

/// A whole number of seconds within `range`, as a duration.
fn seconds(
    v: Option<Text>,
    key: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Option<Duration>, ConfigError> {
    let Some(n) = number::<u64>(v, key)? else {
        return Ok(None);
    };
    if !range.contains(&n) {
        return Err(ConfigError(format!(
            "{} must be {}-{} seconds, got {n}",
            named(key),
            range.start(),
            range.end()
        )));
    }
    Ok(Some(Duration::from_secs(n)))
}

/// A whole-number key.
fn number<T: std::str::FromStr>(v: Option<Text>, key: &str) -> Result<Option<T>, ConfigError> {
    let Some(v) = text(v) else { return Ok(None) };
    v.parse().map(Some).map_err(|_| {
        ConfigError(format!(
            "{} must be a positive integer, got '{}'",
            named(key),
            v.escape_debug()
        ))
    })
}

impl Settings {
    /// Embedded defaults rooted at `data_dir`.
    pub fn embedded(data_dir: impl Into<PathBuf>) -> Self {
        let data_dir = data_dir.into();
        let bind = "127.0.0.1:8080".to_string();
        let db = sqlite_url(&data_dir.join("certa.db"));
        Self {
            public_url: format!("http://{bind}"),
            bind,
            database_owner_url: db.clone().into(),
            database_url: db.into(),
            database_max_connections: 10,
            database_acquire_timeout: certa_store::DbSettings::DEFAULT_ACQUIRE_TIMEOUT,
            smtp_url: None,
            mail_from: "Certa <certa@localhost>".into(),
            log_format: LogFormat::Text,
            http_workers: 2,
            worker: certa_jobs::WorkerSettings::default(),
            storage: StorageSettings::Local {
                root: data_dir.join("objects"),
            },
            sql_count_header: false,
            s3_browser_direct: false,
            metrics_bind: None,
            metrics_token: None,
            secret_key: None,
            public_rate_per_minute: certa_api::public::DEFAULT_RATE_PER_MINUTE,
            public_cache_mib: 64,
            trusted_proxies: certa_api::forwarded::TrustedProxies::none(),
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            shutdown_drain: Duration::ZERO,
            data_dir,
        }
    }

    /// Loads defaults ← `certa.toml` (path from `CERTA_CONFIG`, else `./certa.toml` when
    /// present) ← environment.
    pub fn load() -> Result<Self, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with("CERTA_"))
            .collect();
        Self::load_from(&env)
    }

    /// Loads from an explicit environment (tests).
    pub fn load_from(env: &[(String, String)]) -> Result<Self, ConfigError> {
        let config = env
            .iter()
            .find(|(n, v)| n == "CERTA_CONFIG" && !v.is_empty())
            .map(|(_, v)| PathBuf::from(v));
        let file = match config {
            Some(p) => {
                std::fs::metadata(&p).map_err(|e| {
                    ConfigError(format!("CERTA_CONFIG: cannot read {}: {e}", p.display()))
                })?;
                Some(p)
            }
            None if Path::new("certa.toml").exists() => Some(PathBuf::from("certa.toml")),
            None => None,
        };
        let mut figment = Figment::new();
        if let Some(p) = &file {
            figment = figment.merge(Toml::file(p));
        }
        let raw: Raw = figment
            .merge(Serialized::defaults(env_layer(env)))
            .extract()
            .map_err(|e| match &file {
                Some(p) => ConfigError(format!("{}: {e}", p.display())),
                None => ConfigError(e.to_string()),
            })?;
        Self::resolve(raw)
    }

    /// Turns the merged layers into settings, checking every value.
    fn resolve(raw: Raw) -> Result<Self, ConfigError> {
        let data_dir = text(raw.data_dir).map_or_else(|| PathBuf::from("./data"), PathBuf::from);
        let mut s = Settings::embedded(&data_dir);

        if let Some(v) = text(raw.bind) {
            s.bind = v;
        }
        if s.bind.parse::<std::net::SocketAddr>().is_err() {
            return Err(ConfigError(format!(
                "CERTA_BIND (bind) must be host:port with an IP, got '{}'",
                s.bind
            )));
        }
        s.public_url = format!("http://{}", s.bind);
        if let Some(v) = text(raw.database_url) {
            s.database_url = v.into();
        }
        let url = s.database_url.expose_secret();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError(
                "CERTA_DATABASE_URL (database_url) must start with sqlite:// or postgres://".into(),
            ));
        }
        s.database_owner_url =
            text(raw.database_owner_url).map_or_else(|| s.database_url.clone(), SecretString::from);
        if let Some(n) = number::<u32>(raw.database_max_connections, "database_max_connections")? {
            if n == 0 {
                return Err(ConfigError(
                    "CERTA_DATABASE_MAX_CONNECTIONS (database_max_connections) must be a positive integer"
                        .into(),
                ));
            }
            s.database_max_connections = n;
        }
        if let Some(d) = seconds(
            raw.database_acquire_timeout_secs,
            "database_acquire_timeout_secs",
            1..=300,
        )? {
            s.database_acquire_timeout = d;
        }
        if let Some(v) = text(raw.public_url) {
            s.public_url = v;
        }
        let parsed = url::Url::parse(&s.public_url)
            .map_err(|e| ConfigError(format!("CERTA_PUBLIC_URL (public_url) is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ConfigError(
                "CERTA_PUBLIC_URL (public_url) must be http:// or https://".into(),
            ));
        }
        s.public_url = s.public_url.trim_end_matches('/').to_string();
        if let Some(u) = text(raw.smtp_url) {
            // The URL may hold credentials: never echoed in the message.
            let ok = url::Url::parse(&u)
                .is_ok_and(|p| matches!(p.scheme(), "smtp" | "smtps") && p.host_str().is_some());
            if !ok {
                return Err(ConfigError(
                    "CERTA_SMTP_URL (smtp_url) must look like smtp://host:port, smtp://host:port?tls=required or smtps://host:port".into(),
                ));
            }
            s.smtp_url = Some(u.into());
        }
        if let Some(v) = text(raw.mail_from) {
            s.mail_from = v;
        }
        if let Some(v) = text(raw.log_format) {
            s.log_format = match v.as_str() {
                "json" => LogFormat::Json,
                "text" => LogFormat::Text,
                other => {
                    return Err(ConfigError(format!(
                        "CERTA_LOG_FORMAT (log_format) must be text or json, got '{other}'"
                    )));
                }
            };
        }
        if let Some(v) = text(raw.http_workers) {
            s.http_workers = v.parse().ok().filter(|n: &usize| *n > 0).ok_or_else(|| {
                ConfigError("CERTA_HTTP_WORKERS (http_workers) must be a positive integer".into())
            })?;
        }
        if let Some(b) = boolean(raw.sql_count_header, "sql_count_header")? {
            s.sql_count_header = b;
        }
        if let Some(v) = text(raw.metrics_bind) {
            if v.parse::<std::net::SocketAddr>().is_err() {
                return Err(ConfigError(format!(
                    "CERTA_METRICS_BIND (metrics_bind) must be host:port with an IP, got '{}'",
                    v.escape_debug()
                )));
            }
            s.metrics_bind = Some(v);
        }
        if let Some(v) = text(raw.metrics_token) {
            // The value is a secret: never echoed in the message.
            if v.len() < 16 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(ConfigError(
                    "CERTA_METRICS_TOKEN (metrics_token) must be at least 16 characters, without spaces"
                        .into(),
                ));
            }
            s.metrics_token = Some(v.into());
        }
        if let Some(v) = text(raw.secret_key) {
            s.secret_key = Some(secret_key(v, "CERTA_SECRET_KEY (secret_key)")?);
        } else if !s.is_embedded() {
            return Err(ConfigError(
                "CERTA_SECRET_KEY (secret_key) is required with a PostgreSQL database: every \
                 instance signs and checks upload addresses with it (at least 32 random \
                 characters, e.g. from `openssl rand -hex 32`)"
                    .into(),
            ));
        }
        if let Some(n) = number::<u32>(raw.public_rate_per_minute, "public_rate_per_minute")? {
            if n == 0 {
                return Err(ConfigError(
                    "CERTA_PUBLIC_RATE_PER_MINUTE (public_rate_per_minute) must be a positive integer"
                        .into(),
                ));
            }
            s.public_rate_per_minute = n;
        }
        if let Some(n) = number::<u32>(raw.public_cache_mib, "public_cache_mib")? {
            if n > 65_536 {
                return Err(ConfigError(
                    "CERTA_PUBLIC_CACHE_MIB (public_cache_mib) must be 0-65536".into(),
                ));
            }
            s.public_cache_mib = n;
        }
        if let Some(v) = text(raw.trusted_proxies) {
            s.trusted_proxies = certa_api::forwarded::TrustedProxies::parse(&v).map_err(|e| {
                ConfigError(format!("CERTA_TRUSTED_PROXIES (trusted_proxies): {e}"))
            })?;
        }
        if let Some(d) = seconds(raw.shutdown.timeout_secs, "shutdown.timeout_secs", 1..=3600)? {
            s.shutdown_timeout = d;
        }
        if let Some(d) = seconds(raw.shutdown.drain_secs, "shutdown.drain_secs", 0..=300)? {
            s.shutdown_drain = d;
        }
        s.worker.shutdown_grace = s.shutdown_timeout;
        let w = raw.worker;
        if let Some(ms) = number::<u64>(w.poll_interval_ms, "worker.poll_interval_ms")? {
            s.worker.poll_interval = Duration::from_millis(ms.max(10));
        }
        if let Some(ms) = number::<u64>(w.retry_base_ms, "worker.retry_base_ms")? {
            s.worker.retry_base = Duration::from_millis(ms.max(1));
        }
        if let Some(n) = number::<i32>(w.max_attempts, "worker.max_attempts")? {
            s.worker.max_attempts = n.max(1);
        }
        if let Some(d) = number::<u32>(w.outbox_retention_days, "worker.outbox_retention_days")? {
            s.worker.global_retention = Duration::from_secs(u64::from(d.max(1)) * 86_400);
        }
        if let Some(d) = seconds(w.outbox_lease_secs, "worker.outbox_lease_secs", 2..=3600)? {
            s.worker.lease = d;
        }
        if let Some(b) = boolean(raw.s3.browser_direct.clone(), "s3.browser_direct")? {
            s.s3_browser_direct = b;
        }
        s.storage = storage_settings(raw.s3, &s.data_dir)?;
        Ok(s)
    }

    /// Whether this is the embedded mode (a SQLite database, so one machine).
    pub fn is_embedded(&self) -> bool {
        self.database_url.expose_secret().starts_with("sqlite:")
    }
    /// The key that signs upload addresses: the configured one, else (embedded mode) the
    /// one in `data_dir/secret.key`, created with mode 0600 on first use and kept after.
    pub fn upload_secret(&self) -> Result<SecretString, ConfigError> {
        if let Some(key) = &self.secret_key {
            return Ok(key.clone());
        }
        if !self.is_embedded() {
            return Err(ConfigError(
                "CERTA_SECRET_KEY (secret_key) is required with a PostgreSQL database".into(),
            ));
        }
        let path = self.data_dir.join("secret.key");
        let what = || format!("CERTA_SECRET_KEY: the generated key {}", path.display());
        match std::fs::read_to_string(&path) {
            Ok(text) => return secret_key(text.trim().to_string(), &what()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(ConfigError(format!("{}: {e}", what()))),
        }
        std::fs::create_dir_all(&self.data_dir)
            .map_err(|e| ConfigError(format!("{}: {e}", what())))?;
        let mut key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
        let text: String = key.iter().map(|b| format!("{b:02x}")).collect();
        // Written aside, then linked into place: a concurrent start reads a whole key or
        // none, and the first link wins (a link never replaces a file).
        let aside = self.data_dir.join(format!(
            ".secret.key.{}.{:x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        let written =
            write_private(&aside, &text).and_then(|()| match std::fs::hard_link(&aside, &path) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
                _ => Ok(()),
            });
        let _ = std::fs::remove_file(&aside);
        written.map_err(|e| ConfigError(format!("{}: {e}", what())))?;
        let text =
            std::fs::read_to_string(&path).map_err(|e| ConfigError(format!("{}: {e}", what())))?;
        secret_key(text.trim().to_string(), &what())
    }

    /// Whether cookies must carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Where the embedded mail transport writes `.eml` files.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}

/// Local objects under `data_dir/objects`, unless an S3 endpoint is configured.
fn storage_settings(raw: RawS3, data_dir: &Path) -> Result<StorageSettings, ConfigError> {
    let path_style = boolean(raw.path_style, "s3.path_style")?;
    let bucket = text(raw.bucket);
    let access_key = text(raw.access_key);
    let secret_key = text(raw.secret_key);
    let Some(endpoint) = text(raw.endpoint) else {
        if bucket.is_some() || access_key.is_some() || secret_key.is_some() {
            return Err(ConfigError(
                "CERTA_S3_ENDPOINT (s3.endpoint) is required when other S3 settings are given; \
                 without it objects are stored under the data directory"
                    .into(),
            ));
        }
        return Ok(StorageSettings::Local {
            root: data_dir.join("objects"),
        });
    };
    let required = |v: Option<String>, key: &str| {
        v.ok_or_else(|| ConfigError(format!("{} is required with CERTA_S3_ENDPOINT", named(key))))
    };
    let s3 = S3Settings {
        endpoint,
        region: text(raw.region).unwrap_or_else(|| "us-east-1".into()),
        bucket: required(bucket, "s3.bucket")?,
        access_key: required(access_key, "s3.access_key")?,
        secret_key: required(secret_key, "s3.secret_key")?.into(),
        path_style: path_style.unwrap_or(true),
        key_prefix: text(raw.key_prefix).unwrap_or_default(),
    };
    s3.validate()
        .map_err(|e| ConfigError(format!("CERTA_S3_*: {e}")))?;
    Ok(StorageSettings::S3(s3))
}

/// A secret key: at least 32 characters without spaces. The value is never echoed.
fn secret_key(v: String, key: &str) -> Result<SecretString, ConfigError> {
    if v.len() < 32 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ConfigError(format!(
            "{key} must be at least 32 characters, without spaces"
        )));
    }
    Ok(SecretString::from(v))
}

/// Creates `path` readable by its owner only (0600 on Unix) with `text`.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

/// A SQLite URL for a file path (created when missing).
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_embedded() {
        let s = Settings::load_from(&env(&[("CERTA_DATA_DIR", "/tmp/x")])).unwrap();
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert!(
            s.database_url
                .expose_secret()
                .starts_with("sqlite:///tmp/x/certa.db")
        );
        assert!(s.smtp_url.is_none());
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
        assert!(!s.secure_cookies());
        assert!(!s.sql_count_header, "statement counting is off by default");
        assert!(
            !s.s3_browser_direct,
            "browsers upload through Certa by default"
        );
        assert_eq!(s.public_rate_per_minute, 60);
        assert_eq!(s.public_cache_mib, 64);
        let s = Settings::load_from(&env(&[("CERTA_PUBLIC_RATE_PER_MINUTE", "600")])).unwrap();
        assert_eq!(s.public_rate_per_minute, 600);
        let s = Settings::load_from(&env(&[("CERTA_PUBLIC_CACHE_MIB", "0")])).unwrap();
        assert_eq!(s.public_cache_mib, 0);
        assert!(Settings::load_from(&env(&[("CERTA_PUBLIC_CACHE_MIB", "70000")])).is_err());
        for bad in ["0", "-1", "many"] {
            let err =
                Settings::load_from(&env(&[("CERTA_PUBLIC_RATE_PER_MINUTE", bad)])).unwrap_err();
            assert!(
                err.to_string().contains("CERTA_PUBLIC_RATE_PER_MINUTE"),
                "{err}"
            );
        }
    }

    #[test]
    fn the_replica_settings_have_defaults_and_bounds() {
        let s = Settings::load_from(&env(&[])).unwrap();
        assert!(s.trusted_proxies.is_empty());
        assert_eq!(s.shutdown_timeout, Duration::from_secs(20));
        assert_eq!(s.worker.shutdown_grace, Duration::from_secs(20));
        assert_eq!(s.shutdown_drain, Duration::ZERO);
        assert_eq!(s.database_acquire_timeout, Duration::from_secs(5));
        assert_eq!(s.worker.lease, Duration::from_secs(300));
        let s = Settings::load_from(&env(&[
            ("CERTA_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"),
            ("CERTA_SHUTDOWN_TIMEOUT_SECS", "45"),
            ("CERTA_SHUTDOWN_DRAIN_SECS", "5"),
            ("CERTA_DATABASE_ACQUIRE_TIMEOUT_SECS", "2"),
            ("CERTA_WORKER_OUTBOX_LEASE_SECS", "10"),
        ]))
        .unwrap();
        assert!(s.trusted_proxies.contains("10.1.2.3".parse().unwrap()));
        assert!(s.trusted_proxies.contains("127.0.0.1".parse().unwrap()));
        assert!(!s.trusted_proxies.contains("192.0.2.1".parse().unwrap()));
        assert_eq!(s.shutdown_timeout, Duration::from_secs(45));
        assert_eq!(s.worker.shutdown_grace, Duration::from_secs(45));
        assert_eq!(s.shutdown_drain, Duration::from_secs(5));
        assert_eq!(s.database_acquire_timeout, Duration::from_secs(2));
        assert_eq!(s.worker.lease, Duration::from_secs(10));
        for (k, v) in [
            ("CERTA_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal"),
            ("CERTA_TRUSTED_PROXIES", "10.0.0.0/40"),
            ("CERTA_SHUTDOWN_TIMEOUT_SECS", "0"),
            ("CERTA_SHUTDOWN_TIMEOUT_SECS", "3601"),
            ("CERTA_SHUTDOWN_DRAIN_SECS", "301"),
            ("CERTA_SHUTDOWN_DRAIN_SECS", "-1"),
            ("CERTA_DATABASE_ACQUIRE_TIMEOUT_SECS", "0"),
            ("CERTA_DATABASE_MAX_CONNECTIONS", "0"),
            ("CERTA_WORKER_OUTBOX_LEASE_SECS", "1"),
        ] {
            let err = Settings::load_from(&env(&[(k, v)])).unwrap_err();
            assert!(err.to_string().contains(k), "{k}={v}: {err}");
        }
        let err = Settings::load_from(&env(&[(
            "CERTA_TRUSTED_PROXIES",
            "10.0.0.0/8,proxy.internal",
        )]))
        .unwrap_err();
        assert!(err.to_string().contains("'proxy.internal'"), "{err}");
    }

    #[test]
    fn env_overrides_and_errors_name_the_key() {
        let s = Settings::load_from(&env(&[
            ("CERTA_PUBLIC_URL", "https://cb.example.org/"),
            ("CERTA_SMTP_URL", "smtp://127.0.0.1:1025"),
            ("CERTA_LOG_FORMAT", "json"),
            ("CERTA_SQL_COUNT_HEADER", "true"),
        ]))
        .unwrap();
        assert!(s.sql_count_header);
        assert_eq!(s.public_url, "https://cb.example.org");
        assert!(s.secure_cookies());
        assert_eq!(s.log_format, LogFormat::Json);

        for (k, v) in [
            ("CERTA_BIND", "localhost"),
            ("CERTA_DATABASE_URL", "mysql://x"),
            ("CERTA_PUBLIC_URL", "ftp://x"),
            ("CERTA_SMTP_URL", "http://x"),
            ("CERTA_LOG_FORMAT", "yaml"),
            ("CERTA_SQL_COUNT_HEADER", "sometimes"),
            ("CERTA_METRICS_BIND", "metrics.local"),
            ("CERTA_METRICS_TOKEN", "short secret"),
        ] {
            let err = Settings::load_from(&env(&[(k, v)])).unwrap_err();
            assert!(err.to_string().contains(k), "{err}");
            assert!(
                k != "CERTA_METRICS_TOKEN" || !err.to_string().contains(v),
                "a secret is never echoed: {err}"
            );
        }
        let s = Settings::load_from(&env(&[
            ("CERTA_METRICS_BIND", "127.0.0.1:9100"),
            ("CERTA_METRICS_TOKEN", "a-long-scraper-token"),
        ]))
        .unwrap();
        assert_eq!(s.metrics_bind.as_deref(), Some("127.0.0.1:9100"));
        assert_eq!(
            s.metrics_token.as_ref().map(|t| t.expose_secret()),
            Some("a-long-scraper-token")
        );
    }

    #[test]
    fn the_secret_key_is_required_with_postgres_and_generated_once_when_embedded() {
        let pg = ("CERTA_DATABASE_URL", "postgres://certa_app@127.0.0.1/certa");
        let err = Settings::load_from(&env(&[pg])).unwrap_err();
        assert!(err.to_string().contains("CERTA_SECRET_KEY"), "{err}");
        let secret = "a-secret-key-of-at-least-32-characters";
        let err =
            Settings::load_from(&env(&[pg, ("CERTA_SECRET_KEY", "short secret")])).unwrap_err();
        assert!(err.to_string().contains("CERTA_SECRET_KEY"), "{err}");
        assert!(!err.to_string().contains("short secret"), "echoed: {err}");
        let s = Settings::load_from(&env(&[pg, ("CERTA_SECRET_KEY", secret)])).unwrap();
        assert_eq!(s.upload_secret().unwrap().expose_secret(), secret);
        assert!(!format!("{s:?}").contains(secret), "secret in Debug");

        let dir = std::env::temp_dir().join(format!("certa-key-{}", uuid::Uuid::new_v4()));
        let s = Settings::load_from(&env(&[("CERTA_DATA_DIR", dir.to_str().unwrap())])).unwrap();
        let first = s.upload_secret().unwrap();
        assert_eq!(first.expose_secret().len(), 64);
        let again = Settings::embedded(&dir).upload_secret().unwrap();
        assert_eq!(first.expose_secret(), again.expose_secret(), "kept");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("secret.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let other = Settings::embedded(dir.join("elsewhere"))
            .upload_secret()
            .unwrap();
        assert_ne!(first.expose_secret(), other.expose_secret());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn storage_is_local_unless_an_s3_endpoint_is_set() {
        let s = Settings::load_from(&env(&[("CERTA_DATA_DIR", "/tmp/x")])).unwrap();
        assert_eq!(
            s.storage,
            StorageSettings::Local {
                root: PathBuf::from("/tmp/x/objects")
            }
        );
        let s = Settings::load_from(&env(&[
            ("CERTA_S3_ENDPOINT", "http://127.0.0.1:8014"),
            ("CERTA_S3_BUCKET", "certa"),
            ("CERTA_S3_ACCESS_KEY", "AK"),
            ("CERTA_S3_SECRET_KEY", "SK"),
        ]))
        .unwrap();
        let StorageSettings::S3(s3) = &s.storage else {
            panic!("expected S3, got {:?}", s.storage);
        };
        assert_eq!(s3.region, "us-east-1");
        assert!(s3.path_style);
        assert_eq!(s3.key_prefix, "");
        assert!(!format!("{s:?}").contains("\"SK\""), "secret in Debug");

        let s = Settings::load_from(&env(&[
            ("CERTA_S3_ENDPOINT", "https://s3.eu-central-1.amazonaws.com"),
            ("CERTA_S3_REGION", "eu-central-1"),
            ("CERTA_S3_BUCKET", "certa"),
            ("CERTA_S3_ACCESS_KEY", "AK"),
            ("CERTA_S3_SECRET_KEY", "SK"),
            ("CERTA_S3_PATH_STYLE", "false"),
        ]))
        .unwrap();
        let StorageSettings::S3(s3) = &s.storage else {
            panic!("expected S3");
        };
        assert!(!s3.path_style);
        assert_eq!(s3.region, "eu-central-1");

        for (pairs, names) in [
            (
                vec![("CERTA_S3_ENDPOINT", "http://127.0.0.1:8014")],
                "CERTA_S3_BUCKET",
            ),
            (vec![("CERTA_S3_BUCKET", "certa")], "CERTA_S3_ENDPOINT"),
            (
                vec![
                    ("CERTA_S3_ENDPOINT", "http://127.0.0.1:8014"),
                    ("CERTA_S3_BUCKET", "certa"),
                    ("CERTA_S3_ACCESS_KEY", "AK"),
                    ("CERTA_S3_SECRET_KEY", "SK"),
                    ("CERTA_S3_PATH_STYLE", "maybe"),
                ],
                "CERTA_S3_PATH_STYLE",
            ),
            (
                vec![
                    ("CERTA_S3_ENDPOINT", "127.0.0.1:8014"),
                    ("CERTA_S3_BUCKET", "certa"),
                    ("CERTA_S3_ACCESS_KEY", "AK"),
                    ("CERTA_S3_SECRET_KEY", "SK"),
                ],
                "CERTA_S3_",
            ),
        ] {
            let err = Settings::load_from(&env(&pairs)).unwrap_err();
            assert!(err.to_string().contains(names), "{err}");
        }
    }

    #[test]
    fn every_key_has_both_spellings_and_the_readme_lists_them() {
        let readme = include_str!("../../../README.md");
        let table: Vec<&str> = readme
            .lines()
            .skip_while(|l| !l.starts_with("| variable | file key |"))
            .take_while(|l| l.starts_with('|'))
            .collect();
        for key in key_paths() {
            let name = env_name(&key);
            let leaf = key.rsplit('.').next().unwrap();
            assert!(
                table
                    .iter()
                    .any(|row| row.contains(&format!("`{name}`")) && row.contains(leaf)),
                "README's configuration table lacks {name} ({key})"
            );
        }
        // The worker is tuned from the environment too, the S3 upload path from the file,
        // and a value that looks like a number stays text.
        let dir = std::env::temp_dir().join(format!("certa-cfg-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("certa.toml");
        std::fs::write(
            &p,
            "[s3]\nbrowser_direct = true\n[worker]\nmax_attempts = 3\n",
        )
        .unwrap();
        let secret = "12345678901234567890123456789012e5";
        let s = Settings::load_from(&env(&[
            ("CERTA_CONFIG", p.to_str().unwrap()),
            ("CERTA_WORKER_RETRY_BASE_MS", "70"),
            ("CERTA_SECRET_KEY", secret),
            ("CERTA_TEST_MODE", "not a key: ignored"),
        ]))
        .unwrap();
        assert!(s.s3_browser_direct);
        assert_eq!(s.worker.max_attempts, 3);
        assert_eq!(s.worker.retry_base, Duration::from_millis(70));
        assert_eq!(s.secret_key.unwrap().expose_secret(), secret);
        let err = Settings::load_from(&env(&[("CERTA_WORKER_MAX_ATTEMPTS", "many")])).unwrap_err();
        assert!(
            err.to_string().contains("CERTA_WORKER_MAX_ATTEMPTS"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn config_file_unknown_keys_are_refused() {
        let dir = std::env::temp_dir().join(format!("certa-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("certa.toml");
        std::fs::write(&p, "bind = \"127.0.0.1:9999\"\nbnid = 1\n").unwrap();
        let err = Settings::load_from(&env(&[("CERTA_CONFIG", p.to_str().unwrap())])).unwrap_err();
        assert!(err.to_string().contains("bnid"), "{err}");
        std::fs::write(
            &p,
            "bind = \"127.0.0.1:9999\"\n[worker]\nretry_base_ms = 50\n",
        )
        .unwrap();
        let s = Settings::load_from(&env(&[("CERTA_CONFIG", p.to_str().unwrap())])).unwrap();
        assert_eq!(s.bind, "127.0.0.1:9999");
        assert_eq!(s.worker.retry_base, Duration::from_millis(50));
        std::fs::write(
            &p,
            "[s3]\nendpoint = \"http://127.0.0.1:8014\"\nbucket = \"certa\"\naccess_key = \"AK\"\n\
             secret_key = \"SK\"\npath_style = false\nkey_prefix = \"certa/\"\n",
        )
        .unwrap();
        let s = Settings::load_from(&env(&[
            ("CERTA_CONFIG", p.to_str().unwrap()),
            ("CERTA_S3_BUCKET", "from-env"),
        ]))
        .unwrap();
        let StorageSettings::S3(s3) = s.storage else {
            panic!("expected S3");
        };
        assert_eq!(s3.bucket, "from-env", "the environment wins over the file");
        assert!(!s3.path_style);
        assert_eq!(s3.key_prefix, "certa/");
    }
}
