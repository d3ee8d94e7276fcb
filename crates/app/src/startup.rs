//! Building and running the application.

use crate::Settings;
use actix_web::{App, HttpServer, middleware, web};
use anyhow::Context;
use certa_api::AppState;
use certa_jobs::{MailRenderer, MailSettings, Mailer, Worker};
use certa_service::{Ctx, ServiceConfig};
use certa_storage::{ObjectStore, StorageSettings};
use certa_store::{Db, DbSettings};
use secrecy::ExposeSecret;
use std::net::TcpListener;
use std::sync::Arc;

/// Applies pending migrations with the owner URL.
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    if settings
        .database_owner_url
        .expose_secret()
        .starts_with("sqlite:")
    {
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!(
                "cannot create CERTA_DATA_DIR {}",
                settings.data_dir.display()
            )
        })?;
    }
    let db = Db::connect(&DbSettings {
        url: settings.database_owner_url.expose_secret().to_string(),
        // One holds the migration lock, one migrates (see `Db::migrate`).
        max_connections: 2,
        count_statements: false,
        acquire_timeout: settings.database_acquire_timeout,
    })
    .await
    .context("cannot connect with CERTA_DATABASE_OWNER_URL / CERTA_DATABASE_URL")?;
    db.migrate().await.context("migrations failed")?;
    db.close().await.ok();
    Ok(())
}

/// Connects as the application. On PostgreSQL it refuses a role that would bypass
/// row-level security (superuser or BYPASSRLS), so tenancy cannot be switched off by
/// configuration.
pub async fn connect_app_db(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&DbSettings {
        url: settings.database_url.expose_secret().to_string(),
        max_connections: settings.database_max_connections,
        count_statements: settings.sql_count_header,
        acquire_timeout: settings.database_acquire_timeout,
    })
    .await
    .context("cannot connect with CERTA_DATABASE_URL")?;
    if db.bypasses_row_security().await? {
        anyhow::bail!(
            "CERTA_DATABASE_URL connects as a superuser or BYPASSRLS role, so row-level security would not apply; \
             connect as certa_app (see deploy/postgres/roles.sql) and migrate with CERTA_DATABASE_OWNER_URL"
        );
    }
    Ok(db)
}

/// Opens the object store: `data_dir/objects`, or the S3 bucket (created when missing).
pub async fn open_storage(settings: &Settings) -> anyhow::Result<Arc<dyn ObjectStore>> {
    let store = certa_storage::open(&settings.storage)
        .await
        .with_context(|| match &settings.storage {
            StorageSettings::Local { root } => {
                format!("cannot use the object directory {}", root.display())
            }
            StorageSettings::S3(s3) => format!(
                "cannot use the S3 bucket '{}' at CERTA_S3_ENDPOINT {}",
                s3.bucket, s3.endpoint
            ),
        })?;
    tracing::debug!(backend = store.backend(), "object storage ready");
    Ok(store)
}

/// The service context for the settings: the database, the object store and the key that
/// signs upload addresses.
pub async fn service_ctx(settings: &Settings, db: Db) -> anyhow::Result<Ctx> {
    let storage = open_storage(settings).await?;
    let mut config = ServiceConfig::new(settings.public_url.clone());
    config.s3_browser_direct = settings.s3_browser_direct;
    config.calendar_organizer = certa_domain::ics::Person::parse(&settings.mail_from);
    let secret = settings.upload_secret()?;
    let signer = certa_storage::UrlSigner::new(secret.expose_secret().as_bytes().to_vec());
    let master_key =
        certa_service::signing::MasterKey::new(secret.expose_secret().as_bytes().to_vec());
    let mut ctx = Ctx::new(db, config, storage, signer, master_key);
    let cache = certa_service::certification::cache::PublicCache::with_capacity(
        u64::from(settings.public_cache_mib) * 1024 * 1024,
    );
    ctx.public_cache = if settings.is_embedded() {
        // Processes sharing the SQLite database tell each other of registry changes.
        cache.with_signal_file(settings.data_dir.join("public-registry.changed"))
    } else {
        cache
    };
    Ok(ctx)
}

/// The outbox worker for the settings.
pub fn worker(settings: &Settings, ctx: Ctx) -> anyhow::Result<Worker> {
    let mail = match &settings.smtp_url {
        Some(url) => MailSettings::Smtp {
            url: url.expose_secret().to_string(),
        },
        None => MailSettings::Files {
            dir: settings.mail_dir(),
        },
    };
    let mailer = Mailer::new(&mail, &settings.mail_from).map_err(anyhow::Error::msg)?;
    let renderer = MailRenderer::new().context("mail templates")?;
    Ok(Worker::new(ctx, mailer, renderer, settings.worker.clone()))
}

/// The content security policy of every response. The pages use no inline script or
/// style, so it forbids both. `upload_origin` is the origin the portal's script may also
/// send files to (the S3 bucket, with `CERTA_S3_BROWSER_DIRECT`); without it, scripts
/// talk to Certa only.
fn content_security_policy(upload_origin: Option<&str>) -> String {
    let connect = match upload_origin {
        Some(origin) => format!("connect-src 'self' {origin}; "),
        None => String::new(),
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         {connect}frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// The origin of the addresses the store presigns for browser uploads, when the portal
/// sends files there directly (S3 with `CERTA_S3_BROWSER_DIRECT`): found by presigning a
/// probe key, so path-style and virtual-hosted buckets both come out right.
async fn browser_upload_origin(ctx: &Ctx) -> anyhow::Result<Option<String>> {
    if !ctx.config.s3_browser_direct || !ctx.storage.supports_presign() {
        return Ok(None);
    }
    let probe = certa_storage::ObjectKey::new(
        uuid::Uuid::nil(),
        certa_storage::ObjectKind::Evidence,
        uuid::Uuid::nil(),
    );
    let constraints = certa_storage::UploadConstraints {
        content_type: "application/octet-stream".into(),
        content_length: None,
        sha256_hex: None,
    };
    let signed = ctx
        .storage
        .presign_put(&probe, std::time::Duration::from_secs(60), &constraints)
        .await
        .context("presigning a probe upload address for the content security policy")?;
    let url = url::Url::parse(&signed.url).context("the store presigned an invalid URL")?;
    Ok(Some(url.origin().ascii_serialization()))
}

/// Headers on every response; HSTS only when served over https.
fn security_headers(hsts: bool, csp: &str) -> middleware::DefaultHeaders {
    let h = middleware::DefaultHeaders::new()
        .add(("x-content-type-options", "nosniff"))
        .add(("referrer-policy", "same-origin"))
        .add(("x-frame-options", "DENY"))
        .add(("content-security-policy", csp.to_string()));
    if hsts {
        h.add((
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        h
    }
}

/// A built, bound, not yet running application.
pub struct Application {
    port: u16,
    server: actix_web::dev::Server,
    /// The separate metrics address (`CERTA_METRICS_BIND`): its port and server.
    metrics_server: Option<(u16, actix_web::dev::Server)>,
    worker: Option<Worker>,
    ctx: Ctx,
    /// Set at shutdown: `/readyz` answers 503 from then on.
    draining: web::Data<certa_api::health::Draining>,
    /// How long `/readyz` answers 503 before the server stops accepting.
    shutdown_drain: std::time::Duration,
}

impl Application {
    /// Connects, binds (port 0 picks a free port) and prepares the server and, when
    /// `run_worker`, the in-process outbox worker. Migrations are the caller's job.
    pub async fn build(settings: &Settings, run_worker: bool) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on CERTA_BIND {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let mut settings = settings.clone();
        if settings.public_url.ends_with(":0") {
            // Port 0 (tests): links in mails must carry the port actually bound.
            settings.public_url = format!("http://{}:{port}", listener.local_addr()?.ip());
        }
        let settings = &settings;
        let db = connect_app_db(settings).await?;
        let ctx = service_ctx(settings, db).await?;
        // The public look-ups noted for the bodies' verification analytics.
        tokio::spawn(certa_service::certification::verification::flush_every(
            ctx.clone(),
        ));
        if !settings.is_embedded() {
            // Other replicas' changes of the public registry reach this process's cache.
            tokio::spawn(certa_service::certification::cache::listen(
                ctx.clone(),
                settings.database_url.expose_secret().to_string(),
            ));
        }
        let worker = if run_worker {
            Some(worker(settings, ctx.clone())?)
        } else {
            None
        };
        let hsts = settings.secure_cookies();
        let csp = content_security_policy(browser_upload_origin(&ctx).await?.as_deref());
        let state = web::Data::new(AppState {
            ctx: ctx.clone(),
            renderer: Arc::new(certa_api::render::Pages::new().map_err(anyhow::Error::msg)?),
            metrics: Arc::new(certa_api::metrics::Metrics::default()),
            metrics_access: match &settings.metrics_token {
                Some(token) => certa_api::metrics::MetricsAccess::token(token.expose_secret()),
                None => certa_api::metrics::MetricsAccess::Hidden,
            },
            secure_cookies: settings.secure_cookies(),
            catalogue: Arc::new(
                certa_domain::catalogue::Catalogue::builtin()
                    .map_err(|e| anyhow::anyhow!("standards catalogue: {e}"))?,
            ),
            public_limit: Arc::new(certa_api::public::RateLimiter::new(
                settings.public_rate_per_minute,
            )),
            public_rendered: certa_api::public::Rendered::with_capacity(
                u64::from(settings.public_cache_mib) * 1024 * 1024,
            ),
        });
        // Shared by both addresses: the shutdown's readiness, and whose forwarding
        // headers name the client.
        let draining = web::Data::new(certa_api::health::Draining::new());
        let trusted_proxies = web::Data::new(settings.trusted_proxies.clone());
        if !settings.trusted_proxies.is_empty() {
            tracing::info!(proxies = %settings.trusted_proxies.describe(), "client addresses from X-Forwarded-For of trusted proxies");
        }
        let shutdown_secs = settings.shutdown_timeout.as_secs();
        let metrics_server = match &settings.metrics_bind {
            Some(bind) => {
                let listener = TcpListener::bind(bind)
                    .with_context(|| format!("cannot listen on CERTA_METRICS_BIND {bind}"))?;
                let mut own = AppState::clone(&state);
                own.metrics_access = certa_api::metrics::MetricsAccess::Open;
                let own = web::Data::new(own);
                let port = listener.local_addr()?.port();
                let draining = draining.clone();
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(own.clone())
                        .app_data(draining.clone())
                        .configure(certa_api::configure_metrics)
                })
                .workers(1)
                .disable_signals()
                .shutdown_timeout(shutdown_secs.min(5))
                .listen(listener)?
                .run();
                Some((port, server))
            }
            None => None,
        };
        let sql_count_header = settings.sql_count_header;
        let edge = (draining.clone(), trusted_proxies);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(edge.0.clone())
                .app_data(edge.1.clone())
                .wrap(middleware::Condition::new(
                    sql_count_header,
                    middleware::from_fn(certa_api::metrics::sql_statements_header),
                ))
                .wrap(middleware::from_fn(certa_api::metrics::track))
                .wrap(middleware::from_fn(certa_api::metrics::request_id_header))
                .wrap(tracing_actix_web::TracingLogger::<
                    certa_api::telemetry::CertaRootSpan,
                >::new())
                .wrap(security_headers(hsts, &csp))
                .configure(certa_api::configure)
                .default_service(web::to(certa_api::not_found))
        })
        .workers(settings.http_workers)
        // Signals are handled in `run_until_stopped`: readiness first, then the server.
        .disable_signals()
        .shutdown_timeout(shutdown_secs)
        .listen(listener)?
        .run();
        Ok(Self {
            port,
            server,
            metrics_server,
            worker,
            ctx,
            draining,
            shutdown_drain: settings.shutdown_drain,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The bound port of the separate metrics address, when configured.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(p, _)| *p)
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// The service context (tests drive use cases and the worker through it).
    pub fn ctx(&self) -> &Ctx {
        &self.ctx
    }

    /// Serves until SIGTERM or SIGINT ([`shutdown_signal`]), or until the server is
    /// stopped through its [`Application::handle`]; see [`Application::run_until`].
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` resolves, then shuts down gracefully:
    ///
    /// 1. `/readyz` answers 503 (load balancers stop sending new requests), for
    ///    `CERTA_SHUTDOWN_DRAIN_SECS` while everything is still served; the in-process
    ///    worker is told to stop at once: it finishes the mail it is sending and releases
    ///    the rest of its batch and its daily job, within `CERTA_SHUTDOWN_TIMEOUT_SECS`;
    /// 2. the server stops accepting connections and finishes the requests under way,
    ///    within `CERTA_SHUTDOWN_TIMEOUT_SECS`;
    /// 3. the verification look-ups noted in memory are written.
    ///
    /// The whole takes at most the drain plus the timeout (and the last write). Stopped
    /// through its handle instead (tests), it skips the drain.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()>,
    ) -> anyhow::Result<()> {
        let handle = self.server.handle();
        let mut server = tokio::spawn(self.server);
        let (stop_worker, worker_stopped) = tokio::sync::watch::channel(false);
        let worker = self.worker.map(|w| {
            let mut stopped = worker_stopped;
            tokio::spawn(w.run(async move {
                let _ = stopped.wait_for(|s| *s).await;
            }))
        });
        let metrics = self.metrics_server.map(|(_, server)| {
            let handle = server.handle();
            (handle, tokio::spawn(server))
        });
        tokio::pin!(stop);
        let stopped = tokio::select! {
            res = &mut server => Some(res),
            () = &mut stop => None,
        };
        let res = match stopped {
            Some(res) => res,
            None => {
                self.draining.start();
                let _ = stop_worker.send(true);
                tracing::info!(
                    drain_secs = self.shutdown_drain.as_secs(),
                    "shutting down: /readyz answers 503 while load balancers drain this process"
                );
                if !self.shutdown_drain.is_zero() {
                    tokio::time::sleep(self.shutdown_drain).await;
                }
                tracing::info!("no longer accepting connections; finishing the requests under way");
                handle.stop(true).await;
                server.await
            }
        };
        let _ = stop_worker.send(true);
        if let Some((handle, task)) = metrics {
            handle.stop(true).await;
            let _ = task.await;
        }
        if let Some(w) = worker {
            let _ = w.await;
        }
        match certa_service::certification::verification::flush(&self.ctx).await {
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "verification look-ups not recorded at shutdown"),
        }
        tracing::info!("stopped");
        res.context("HTTP server task failed")?
            .context("HTTP server failed")
    }
}

/// Resolves at the first SIGTERM or SIGINT (Ctrl-C); a second one ends the process at
/// once, without waiting for the graceful shutdown.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                let name = tokio::select! {
                    _ = term.recv() => "SIGTERM",
                    _ = int.recv() => "SIGINT",
                };
                tracing::info!(signal = name, "shutdown requested");
                tokio::spawn(async move {
                    tokio::select! {
                        _ = term.recv() => {},
                        _ = int.recv() => {},
                    }
                    tracing::warn!("second shutdown signal: exiting at once");
                    std::process::exit(130);
                });
                return;
            }
            _ => tracing::warn!("cannot watch SIGTERM; stopping on Ctrl-C only"),
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!(signal = "SIGINT", "shutdown requested");
}

/// Which long-running process holds an embedded database ([`lock_embedded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `certa serve`: the HTTP server.
    Server,
    /// The outbox worker: inside `certa serve`, or `certa worker`.
    Worker,
}

/// An exclusive lock on a file beside the embedded SQLite database, held for as long as
/// the value lives (the operating system drops it when the process ends, however it
/// ends).
#[derive(Debug)]
pub struct InstanceLock {
    _file: std::fs::File,
}

/// The embedded mode (SQLite) runs one server and one outbox worker per database: its
/// database is one file, its objects and mail are local, and nothing tells a second
/// server what the first holds in memory. Takes the lock of `role` on the database
/// `DATABASE.serve.lock` or `DATABASE.worker.lock`, or refuses with a message naming
/// the process that holds it. `None` on PostgreSQL (replicas share it) and for an
/// in-memory database. The command line (`certa admin …`, `certa migrate`) takes no
/// lock: it shares the database with a running server.
pub fn lock_embedded(settings: &Settings, role: Role) -> anyhow::Result<Option<InstanceLock>> {
    let Some(db) = sqlite_file(settings.database_url.expose_secret()) else {
        return Ok(None);
    };
    let (suffix, who) = match role {
        Role::Server => ("serve.lock", "`certa serve`"),
        Role::Worker => (
            "worker.lock",
            "an outbox worker (`certa worker`, or the one inside `certa serve`)",
        ),
    };
    let path = std::path::PathBuf::from(format!("{}.{suffix}", db.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory of {}", path.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            let holder = holder.trim();
            let holder = if holder.chars().all(|c| c.is_ascii_digit()) && !holder.is_empty() {
                format!(" (process {holder})")
            } else {
                String::new()
            };
            let advice = match role {
                Role::Server => {
                    "the embedded mode (SQLite) serves one instance per database: stop the other \
                     one first, or move to PostgreSQL to run several replicas"
                }
                Role::Worker => {
                    "the embedded mode (SQLite) runs one outbox worker per database: run \
                     `certa worker` beside `certa serve --no-worker` only"
                }
            };
            anyhow::bail!(
                "{who} already runs on the SQLite database {}{holder}; {advice}",
                db.display()
            );
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()));
        }
    }
    // The holder's process id, for the message a second process shows.
    use std::io::Write;
    let _ = file
        .set_len(0)
        .and_then(|()| write!(file, "{}", std::process::id()))
        .and_then(|()| file.flush());
    Ok(Some(InstanceLock { _file: file }))
}

/// The file of a SQLite URL (`sqlite://PATH?mode=rwc`, `sqlite:PATH`); `None` for
/// another database or an in-memory one.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::{Role, Settings, content_security_policy, lock_embedded, sqlite_file};

    #[test]
    fn a_second_process_on_an_embedded_database_is_refused_by_role() {
        let dir = std::env::temp_dir().join(format!("certa-lock-{}", uuid::Uuid::new_v4()));
        let s = Settings::embedded(&dir);
        let server = lock_embedded(&s, Role::Server).unwrap().unwrap();
        // A lock is per open file, so a second claim from this process stands for a
        // second process.
        let err = lock_embedded(&s, Role::Server).unwrap_err().to_string();
        assert!(
            err.contains("`certa serve` already runs on the SQLite database"),
            "{err}"
        );
        assert!(
            err.contains(&format!("(process {})", std::process::id())),
            "{err}"
        );
        assert!(err.contains("PostgreSQL"), "{err}");
        // One worker beside the server is fine; a second one is not.
        let worker = lock_embedded(&s, Role::Worker).unwrap().unwrap();
        let err = lock_embedded(&s, Role::Worker).unwrap_err().to_string();
        assert!(err.contains("an outbox worker"), "{err}");
        drop(server);
        drop(worker);
        assert!(
            lock_embedded(&s, Role::Server).unwrap().is_some(),
            "released"
        );
        let mut pg = Settings::embedded(&dir);
        pg.database_url = "postgres://certa_app@127.0.0.1/certa".to_string().into();
        assert!(lock_embedded(&pg, Role::Server).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(
            sqlite_file("sqlite:///var/lib/certa/certa.db?mode=rwc"),
            Some("/var/lib/certa/certa.db".into())
        );
    }

    #[test]
    fn scripts_may_reach_the_upload_origin_only_when_there_is_one() {
        let own = content_security_policy(None);
        assert!(own.starts_with("default-src 'self'; script-src 'self';"));
        assert!(!own.contains("connect-src"), "{own}");
        let direct = content_security_policy(Some("https://bucket.s3.example"));
        assert!(
            direct.contains("; connect-src 'self' https://bucket.s3.example; "),
            "{direct}"
        );
        assert!(direct.ends_with("form-action 'self'"), "{direct}");
    }
}
