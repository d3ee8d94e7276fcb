//! The test harness: which real services to use, a fresh database per test, the real
//! server on port 0, HTTP clients, and mail read back from where it really went.

use certa_app::{Application, Settings};
use certa_service::Ctx;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
pub use secrecy::ExposeSecret;
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

/// The services the suite runs against, chosen by environment.
#[derive(Debug, Clone)]
pub enum Mode {
    /// SQLite file, `.eml` files: no variables needed.
    Embedded,
    /// Real PostgreSQL (superuser URL for set-up) and a real SMTP server with read-back.
    Services {
        pg_admin_url: String,
        smtp_url: String,
        smtp_readback_url: String,
    },
}

fn var(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.is_empty())
}

/// Reads the mode. Under `CI=true` the mode must be declared, and a declared services
/// mode must have every variable, so nothing is skipped silently.
pub fn mode() -> Mode {
    let ci = var("CI").is_some_and(|v| v == "true" || v == "1");
    let declared = var("CERTA_TEST_MODE");
    let pg = var("CERTA_TEST_DATABASE_URL");
    let smtp = var("CERTA_TEST_SMTP_URL");
    let rb = var("CERTA_TEST_SMTP_READBACK_URL");
    if ci && declared.is_none() {
        panic!("CI=true: set CERTA_TEST_MODE=embedded or CERTA_TEST_MODE=services");
    }
    let wants_services = declared.as_deref() == Some("services") || pg.is_some() || smtp.is_some();
    if !wants_services {
        return Mode::Embedded;
    }
    let missing: Vec<&str> = [
        ("CERTA_TEST_DATABASE_URL", &pg),
        ("CERTA_TEST_SMTP_URL", &smtp),
        ("CERTA_TEST_SMTP_READBACK_URL", &rb),
    ]
    .iter()
    .filter(|(_, v)| v.is_none())
    .map(|(k, _)| *k)
    .collect();
    assert!(missing.is_empty(), "services mode needs {missing:?}");
    Mode::Services {
        pg_admin_url: pg.unwrap_or_default(),
        smtp_url: smtp.unwrap_or_default(),
        smtp_readback_url: rb.unwrap_or_default(),
    }
}

/// Whether tests must not skip anything (CI).
pub fn strict() -> bool {
    var("CI").is_some_and(|v| v == "true" || v == "1")
}

/// The S3 server for services mode, from `CERTA_TEST_S3_ENDPOINT`, `_ACCESS_KEY`,
/// `_SECRET_KEY`, `_BUCKET` and `_REGION` (default `us-east-1`), always path-style. Each
/// call gets its own key prefix, so tests sharing the bucket never see each other's
/// objects. `None` in embedded mode (the local backend in the test's data directory), and
/// in services mode without the variables, which `CI=true` refuses.
pub fn test_s3(mode: &Mode) -> Option<certa_storage::S3Settings> {
    if matches!(mode, Mode::Embedded) {
        return None;
    }
    let vars = [
        "CERTA_TEST_S3_ENDPOINT",
        "CERTA_TEST_S3_ACCESS_KEY",
        "CERTA_TEST_S3_SECRET_KEY",
        "CERTA_TEST_S3_BUCKET",
    ];
    let values: Vec<Option<String>> = vars.iter().map(|k| var(k)).collect();
    if values.iter().all(Option::is_none) {
        assert!(
            !strict(),
            "CI=true with CERTA_TEST_MODE=services: set {vars:?} (a real S3 server, see .ci/run)"
        );
        return None;
    }
    let missing: Vec<&str> = vars
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| *k)
        .collect();
    assert!(missing.is_empty(), "S3 for the tests needs {missing:?}");
    let [endpoint, access_key, secret_key, bucket] =
        <[Option<String>; 4]>::try_from(values).expect("four values");
    Some(certa_storage::S3Settings {
        endpoint: endpoint.unwrap_or_default(),
        region: var("CERTA_TEST_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        bucket: bucket.unwrap_or_default(),
        access_key: access_key.unwrap_or_default(),
        secret_key: secret_key.unwrap_or_default().into(),
        path_style: true,
        key_prefix: format!("test-{}/", uuid::Uuid::new_v4().simple()),
    })
}

/// A PostgreSQL database made for one test, dropped at the end.
pub struct PgDb {
    pub admin_url: String,
    pub name: String,
    pub app_url: String,
    pub owner_url: String,
}

pub fn with_user_db(base: &str, user: &str, db: &str) -> String {
    let mut u = url::Url::parse(base).expect("CERTA_TEST_DATABASE_URL is a URL");
    u.set_username(user).expect("URL takes a user");
    u.set_password(None).expect("URL takes no password");
    u.set_path(&format!("/{db}"));
    u.to_string()
}

/// A hash of everything under `migrations/`, so the template database is rebuilt
/// exactly when the schema changes.
fn migrations_fingerprint() -> String {
    use std::collections::BTreeMap;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("migrations dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                files.insert(
                    p.strip_prefix(&root)
                        .map(|r| r.display().to_string())
                        .unwrap_or_default(),
                    bytes,
                );
            }
        }
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in files {
        for b in name.bytes().chain(bytes) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

impl PgDb {
    /// Creates the roles (once per cluster), the migrated template (once per schema
    /// version) and a copy of it for this test, under an advisory lock.
    pub async fn create(admin_url: &str) -> Self {
        let admin = Database::connect(admin_url)
            .await
            .expect("connect as the PostgreSQL superuser");
        exec(&admin, "select pg_advisory_lock(727217)").await;
        exec(&admin, include_str!("../../deploy/postgres/roles.sql")).await;
        let template = format!("certa_tpl_{}", migrations_fingerprint());
        let exists = admin
            .query_one(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "select 1 as one from pg_database where datname = $1",
                [template.clone().into()],
            ))
            .await
            .expect("query pg_database")
            .is_some();
        if !exists {
            exec(
                &admin,
                &format!("create database {template} owner certa_owner"),
            )
            .await;
            let mut s = Settings::embedded(std::env::temp_dir());
            s.database_owner_url = with_user_db(admin_url, "certa_owner", &template).into();
            s.database_url = s.database_owner_url.clone();
            if let Err(e) = certa_app::migrate(&s).await {
                exec(&admin, &format!("drop database if exists {template}")).await;
                panic!("migrating the template failed: {e:#}");
            }
        }
        let name = format!("certa_t_{}", uuid::Uuid::new_v4().simple());
        exec(
            &admin,
            &format!("create database {name} template {template} owner certa_owner"),
        )
        .await;
        exec(&admin, "select pg_advisory_unlock(727217)").await;
        admin.close().await.ok();
        Self {
            admin_url: admin_url.to_string(),
            app_url: with_user_db(admin_url, "certa_app", &name),
            owner_url: with_user_db(admin_url, "certa_owner", &name),
            name,
        }
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime; use a thread with its own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin
                        .execute(Statement::from_string(
                            DbBackend::Postgres,
                            format!("drop database if exists {name} with (force)"),
                        ))
                        .await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}

/// The secret key of the services-mode instances (PostgreSQL requires one).
pub const TEST_SECRET_KEY: &str = "certa-test-secret-key-of-the-services-suite";

/// Options for [`TestApp::spawn_with`].
#[derive(Default)]
pub struct Options {
    /// Run the outbox worker inside the server (as `certa serve` does). Off by default:
    /// tests drive it with [`TestApp::dispatch`] so delivery is deterministic.
    pub background_worker: bool,
    /// Use this SMTP URL instead of the mode's (outage tests put a proxy in between).
    pub smtp_override: Option<String>,
    /// Attempts before a mail is dead (default: the product default).
    pub max_attempts: Option<i32>,
    /// Report SQL statements per request in `x-certa-sql-statements`.
    pub sql_count_header: bool,
    /// Let the portal send files straight to the S3 bucket (`CERTA_S3_BROWSER_DIRECT`).
    pub s3_browser_direct: bool,
    /// Serve `/metrics` on a second address of its own (`CERTA_METRICS_BIND`, port 0).
    pub metrics_bind: bool,
    /// The bearer token that opens `/metrics` on the public address.
    pub metrics_token: Option<String>,
    /// Requests a minute per address on the public verification routes (default: the
    /// product default).
    pub public_rate_per_minute: Option<u32>,
    /// `CERTA_TRUSTED_PROXIES` (default: none).
    pub trusted_proxies: Option<&'static str>,
}

/// A running Certa on a free port with its own database and mail sink.
pub struct TestApp {
    pub base: String,
    /// The separate metrics address, when [`Options::metrics_bind`] asked for one.
    pub metrics_base: Option<String>,
    pub settings: Settings,
    pub ctx: Ctx,
    pub mode: Mode,
    pub pg: Option<PgDb>,
    handle: actix_web::dev::ServerHandle,
    _data: TempDir,
}

/// A `certa serve --no-worker` process started by [`TestApp::serve_process`]: killed when
/// dropped.
pub struct ServeProcess {
    pub base: String,
    child: tokio::process::Child,
    /// The messages of the lines it logged so far.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    /// Counts the lines logged: changes with each new line.
    logged: tokio::sync::watch::Receiver<usize>,
}

impl ServeProcess {
    /// Sends SIGTERM, as an orchestrator stopping the process does.
    pub fn terminate(&self) {
        let pid = self.child.id().expect("the process runs");
        let ok = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -TERM {pid}");
    }

    /// Waits (at most `limit`) for the process to exit; its exit status.
    pub async fn wait(&mut self, limit: Duration) -> std::process::ExitStatus {
        tokio::time::timeout(limit, self.child.wait())
            .await
            .expect("the process exits in time")
            .expect("wait for the process")
    }

    /// The messages it logged so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Waits (at most `limit`) until it has logged `message`; woken by each new line.
    pub async fn logs(&self, message: &str, limit: Duration) {
        let mut lines = self.logged.clone();
        let seen = tokio::time::timeout(
            limit,
            lines.wait_for(|_| self.log().iter().any(|m| m == message)),
        )
        .await;
        assert!(
            seen.is_ok_and(|r| r.is_ok()),
            "{message:?} not logged within {limit:?}: {:?}",
            self.log()
        );
    }
}

/// A temporary directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let p = std::env::temp_dir().join(format!("certa-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&p).expect("temp dir");
        Self(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// Every line the application logged during this run of the suite (all tests share the
/// process's one subscriber), as the production formatter wrote it.
static LOG: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

/// A log writer that keeps each line in [`LOG`], and echoes it to standard error when
/// `TEST_LOG` is set.
struct Capture {
    echo: bool,
}

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut log) = LOG.lock() {
            log.extend_from_slice(buf);
        }
        if self.echo {
            std::io::Write::write_all(&mut std::io::stderr(), buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the application's log subscriber once, writing into [`LOG`].
fn init_logs() {
    let echo = var("TEST_LOG").is_some();
    certa_app::telemetry::init_to(certa_app::LogFormat::Text, false, move || Capture { echo });
}

/// What the application has logged so far in this run (every test's lines).
pub fn captured_log() -> String {
    String::from_utf8_lossy(&LOG.lock().map(|l| l.clone()).unwrap_or_default()).into_owned()
}

impl TestApp {
    /// Spawns with defaults.
    pub async fn spawn() -> Self {
        Self::spawn_with(Options::default()).await
    }

    /// Spawns the real server on 127.0.0.1:0.
    pub async fn spawn_with(opts: Options) -> Self {
        init_logs();
        let mode = mode();
        let data = TempDir::new();
        let mut s = Settings::embedded(&data.0);
        s.bind = "127.0.0.1:0".into();
        s.public_url = "http://127.0.0.1:0".into();
        s.http_workers = 1;
        s.database_max_connections = 5;
        s.worker.retry_base = Duration::ZERO;
        s.worker.poll_interval = Duration::from_millis(200);
        s.mail_from = "Certa Test <certa@test.certa.example>".into();
        let mut pg = None;
        if let Mode::Services {
            pg_admin_url,
            smtp_url,
            ..
        } = &mode
        {
            let db = PgDb::create(pg_admin_url).await;
            s.database_url = db.app_url.clone().into();
            s.database_owner_url = db.owner_url.clone().into();
            s.smtp_url = Some(smtp_url.clone().into());
            s.secret_key = Some(String::from(TEST_SECRET_KEY).into());
            pg = Some(db);
            if let Some(s3) = test_s3(&mode) {
                s.storage = certa_storage::StorageSettings::S3(s3);
            }
        } else {
            certa_app::migrate(&s)
                .await
                .expect("migrate the SQLite database");
        }
        s.sql_count_header = opts.sql_count_header;
        s.s3_browser_direct = opts.s3_browser_direct;
        if opts.metrics_bind {
            s.metrics_bind = Some("127.0.0.1:0".into());
        }
        s.metrics_token = opts.metrics_token.map(Into::into);
        if let Some(n) = opts.max_attempts {
            s.worker.max_attempts = n;
        }
        if let Some(n) = opts.public_rate_per_minute {
            s.public_rate_per_minute = n;
        }
        if let Some(list) = opts.trusted_proxies {
            s.trusted_proxies =
                certa_api::forwarded::TrustedProxies::parse(list).expect("trusted proxies");
        }
        if let Some(u) = opts.smtp_override {
            s.smtp_url = Some(u.into());
        }
        let app = Application::build(&s, opts.background_worker)
            .await
            .expect("build the application");
        let port = app.port();
        let metrics_base = app.metrics_port().map(|p| format!("http://127.0.0.1:{p}"));
        s.public_url = format!("http://127.0.0.1:{port}");
        let ctx = app.ctx().clone();
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        Self {
            base: format!("http://127.0.0.1:{port}"),
            metrics_base,
            settings: s,
            ctx,
            mode,
            pg,
            handle,
            _data: data,
        }
    }

    /// Another `certa serve` process (without its outbox worker) on this test's database
    /// and data directory, as a second replica of a deployment runs, with `secret_key`
    /// as its `CERTA_SECRET_KEY`. Its address is read from the "serving" line it logs
    /// once its socket listens (bounded wait); its other log lines are drained.
    pub async fn serve_process(&self, secret_key: &str) -> ServeProcess {
        self.serve_process_with(secret_key, &[]).await
    }

    /// The real `certa` binary with `args` on this test's database and data directory,
    /// with `secret_key` as its `CERTA_SECRET_KEY`, logging JSON to standard error.
    pub fn certa_process(&self, args: &[&str], secret_key: &str) -> tokio::process::Command {
        let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_certa"));
        c.args(args)
            .current_dir(&self._data.0)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("CERTA_DATA_DIR", &self._data.0)
            .env(
                "CERTA_DATABASE_URL",
                self.settings.database_url.expose_secret(),
            )
            .env(
                "CERTA_DATABASE_OWNER_URL",
                self.settings.database_owner_url.expose_secret(),
            )
            .env("CERTA_SECRET_KEY", secret_key)
            .env("CERTA_BIND", "127.0.0.1:0")
            .env("CERTA_PUBLIC_URL", "http://127.0.0.1:9")
            .env("CERTA_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true);
        c
    }

    /// [`TestApp::serve_process`] with further environment variables.
    pub async fn serve_process_with(&self, secret_key: &str, env: &[(&str, &str)]) -> ServeProcess {
        use tokio::io::AsyncBufReadExt;
        let mut child = self
            .certa_process(&["serve", "--no-worker"], secret_key)
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start certa serve");
        let mut lines = tokio::io::BufReader::new(child.stderr.take().expect("stderr")).lines();
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let port = tokio::time::timeout(Duration::from_secs(60), async {
            while let Ok(Some(line)) = lines.next_line().await {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                if v["message"] == "serving" {
                    return v["port"].as_u64();
                }
            }
            None
        })
        .await
        .ok()
        .flatten()
        .expect("certa serve logs the port it listens on");
        let kept = log.clone();
        let (count, logged) = tokio::sync::watch::channel(0usize);
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
                    && let Some(m) = v["message"].as_str()
                    && let Ok(mut log) = kept.lock()
                {
                    log.push(m.to_string());
                    count.send_modify(|n| *n += 1);
                }
            }
        });
        ServeProcess {
            base: format!("http://127.0.0.1:{port}"),
            child,
            log,
            logged,
        }
    }

    /// A URL on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// One worker round, now: claims the due outbox rows and tries each once, like the
    /// worker would (deterministic; returns how many rows it claimed).
    pub async fn dispatch(&self) -> usize {
        let w = certa_app::startup::worker(&self.settings, self.ctx.clone()).expect("worker");
        w.run_once().await.expect("outbox round")
    }

    /// The mails received for `to`: (subject, text body, Message-ID), oldest first.
    pub async fn mails_to(&self, to: &str) -> Vec<Mail> {
        match &self.mode {
            Mode::Embedded => read_eml_dir(&self.settings.mail_dir(), to),
            Mode::Services {
                smtp_readback_url, ..
            } => read_maildev(smtp_readback_url, to).await,
        }
    }

    /// Waits (bounded) until at least `n` mails reached `to` and returns them.
    pub async fn wait_for_mails(&self, to: &str, n: usize) -> Vec<Mail> {
        self.wait_for_mails_until(to, |m| m.len() >= n).await
    }

    /// The mails to `to` once `done` holds for them, or those there after 15 s.
    pub async fn wait_for_mails_until(
        &self,
        to: &str,
        done: impl Fn(&[Mail]) -> bool,
    ) -> Vec<Mail> {
        // Delivery is asynchronous when the in-process worker sends, and the SMTP catcher
        // stores after it answers: poll for the mails themselves, with a deadline.
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        let poll = async {
            loop {
                tick.tick().await;
                let m = self.mails_to(to).await;
                if done(&m) {
                    return m;
                }
            }
        };
        match tokio::time::timeout(Duration::from_secs(15), poll).await {
            Ok(m) => m,
            Err(_) => self.mails_to(to).await,
        }
    }
}

/// A received mail.
#[derive(Debug, Clone)]
pub struct Mail {
    pub subject: String,
    pub text: String,
    pub message_id: String,
    /// File names of the attachments.
    pub attachments: Vec<String>,
    /// The attachments' contents (decoded, as text), in the order of `attachments`.
    pub attached: Vec<String>,
}

impl Mail {
    /// The first link in the text that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let start = self.text.find(prefix)?;
        let rest = &self.text[start..];
        let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }
}

fn decode_qp(s: &str) -> String {
    let joined = s.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The day `n` days from today (UTC), YYYY-MM-DD.
pub fn in_days(n: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(n)).to_string()
}

/// The value of the header `name` (case-insensitive) in a message head, unfolded: a long
/// header continues on lines that start with white space (RFC 5322 2.2.3).
pub fn header(head: &str, name: &str) -> Option<String> {
    let prefix = format!("{}:", name.to_ascii_lowercase());
    let mut lines = head.lines();
    let first = lines.find(|l| l.to_ascii_lowercase().starts_with(&prefix))?;
    let mut value = first[prefix.len()..].to_string();
    for more in lines.take_while(|l| l.starts_with([' ', '\t'])) {
        value.push_str(more);
    }
    Some(value.trim().to_string())
}

fn read_eml_dir(dir: &std::path::Path, to: &str) -> Vec<Mail> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    for p in files {
        let Ok(raw) = std::fs::read_to_string(&p) else {
            continue;
        };
        let raw = raw.replace("\r\n", "\n");
        let Some((head, body)) = raw.split_once("\n\n") else {
            continue;
        };
        if !header(head, "To").is_some_and(|t| t.contains(to)) {
            continue;
        }
        // The text part is the first part of the multipart/alternative body.
        let text_part = body
            .split("Content-Type: text/plain")
            .nth(1)
            .and_then(|p| p.split_once("\n\n").map(|(_, b)| b))
            .and_then(|b| b.split("\n--").next())
            .unwrap_or("");
        // A long name is folded as an RFC 2231 parameter (`filename*0="…"`).
        let names: Vec<(usize, String)> = body
            .match_indices("filename=\"")
            .chain(body.match_indices("filename*0=\""))
            .filter_map(|(i, m)| {
                body[i + m.len()..]
                    .split('"')
                    .next()
                    .map(|n| (i, n.to_string()))
            })
            .collect();
        let attachments = names.iter().map(|(_, n)| n.clone()).collect();
        let attached = names
            .iter()
            .map(|(i, _)| eml_part_content(body, *i))
            .collect();
        out.push(Mail {
            subject: header(head, "Subject").unwrap_or_default(),
            text: decode_qp(text_part),
            message_id: header(head, "Message-ID").unwrap_or_default(),
            attachments,
            attached,
        });
    }
    out
}

/// The decoded content of the MIME part whose headers hold position `at` of `body`.
fn eml_part_content(body: &str, at: usize) -> String {
    let start = body[..at].rfind("\n--").unwrap_or(0);
    let Some((headers, rest)) = body[start..].split_once("\n\n") else {
        return String::new();
    };
    let content = rest.split("\n--").next().unwrap_or("");
    let encoding = headers.to_ascii_lowercase();
    if encoding.contains("content-transfer-encoding: base64") {
        use base64::Engine;
        let joined: String = content.split_whitespace().collect();
        base64::engine::general_purpose::STANDARD
            .decode(joined)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    } else if encoding.contains("content-transfer-encoding: quoted-printable") {
        decode_qp(content)
    } else {
        content.to_string()
    }
}

async fn read_maildev(base: &str, to: &str) -> Vec<Mail> {
    let url = format!("{}/api/email", base.trim_end_matches('/'));
    let Ok(resp) = reqwest::Client::new()
        .get(&url)
        .query(&[("to.address", to)])
        .send()
        .await
    else {
        return Vec::new();
    };
    let list: Vec<Value> = resp.json().await.unwrap_or_default();
    let mut out = Vec::new();
    for m in list {
        let mut attached = Vec::new();
        for a in m["attachments"].as_array().cloned().unwrap_or_default() {
            let name = a["generatedFileName"]
                .as_str()
                .or(a["filename"].as_str())
                .unwrap_or("");
            let url = format!(
                "{}/api/email/{}/attachment/{name}",
                base.trim_end_matches('/'),
                m["id"].as_str().unwrap_or("")
            );
            let text = match reqwest::get(&url).await {
                Ok(r) => r.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            attached.push(text);
        }
        out.push(Mail {
            subject: m["subject"].as_str().unwrap_or("").to_string(),
            text: m["text"].as_str().unwrap_or("").to_string(),
            message_id: m["headers"]["message-id"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            attachments: m["attachments"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x["filename"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            attached,
        });
    }
    out
}

/// An HTTP client with its own cookie jar that does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Extracts the value of the first hidden input named `name` in an HTML page.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// A signed-in browser.
pub struct Session {
    pub client: reqwest::Client,
    pub csrf: String,
}

impl TestApp {
    /// Signs in through the login form; panics unless it redirects.
    pub async fn login(&self, email: &str, password: &str) -> Session {
        let client = browser();
        let page = client
            .get(self.url("/login"))
            .send()
            .await
            .expect("GET /login")
            .text()
            .await
            .expect("body");
        let csrf = hidden(&page, "csrf").expect("login form has a CSRF field");
        let r = client
            .post(self.url("/login"))
            .form(&[("email", email), ("password", password), ("csrf", &csrf)])
            .send()
            .await
            .expect("POST /login");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login of {email} failed");
        let page = client
            .get(self.url("/tenants"))
            .send()
            .await
            .expect("GET /tenants")
            .text()
            .await
            .expect("body");
        let csrf = hidden(&page, "csrf").expect("session CSRF on the page");
        Session { client, csrf }
    }

    /// Signs in and enters the tenant `tenant_id`.
    pub async fn login_into(&self, email: &str, password: &str, tenant_id: uuid::Uuid) -> Session {
        let s = self.login(email, password).await;
        let r = s
            .client
            .post(self.url("/tenants/switch"))
            .form(&[
                ("tenant_id", tenant_id.to_string().as_str()),
                ("csrf", &s.csrf),
            ])
            .send()
            .await
            .expect("switch");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/");
        s
    }
}

impl TestApp {
    /// Asks for a password reset of `email` through the form and answers the link the
    /// mail brought.
    pub async fn reset_link(&self, email: &str) -> String {
        let c = browser();
        let page = c
            .get(self.url("/password/forgot"))
            .send()
            .await
            .expect("GET /password/forgot")
            .text()
            .await
            .expect("body");
        let csrf = hidden(&page, "csrf").expect("the form has a CSRF field");
        let r = c
            .post(self.url("/password/forgot"))
            .form(&[("email", email), ("csrf", &csrf)])
            .send()
            .await
            .expect("POST /password/forgot");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        self.dispatch().await;
        let mails = self
            .wait_for_mails_until(email, |m| {
                m.iter()
                    .any(|m| m.subject.contains("Reset your Certa password"))
            })
            .await;
        mails
            .iter()
            .find_map(|m| m.link(&self.url("/password/reset?token=")))
            .expect("reset link in the mail")
    }

    /// Opens a reset link in `client` and sets `new_password` through its form.
    pub async fn complete_reset(
        &self,
        client: &reqwest::Client,
        link: &str,
        new_password: &str,
    ) -> reqwest::Response {
        let page = client
            .get(link)
            .send()
            .await
            .expect("GET the reset link")
            .text()
            .await
            .expect("body");
        client
            .post(self.url("/password/reset"))
            .form(&[
                ("token", hidden(&page, "token").expect("token").as_str()),
                ("password", new_password),
                ("csrf", hidden(&page, "csrf").expect("csrf").as_str()),
            ])
            .send()
            .await
            .expect("POST /password/reset")
    }
}

impl TestApp {
    /// Where an evidence version's bytes are kept: the key its record names (a direct
    /// upload to S3 is kept under a copy's key once completed), or the key made from the
    /// version id when there is no record.
    pub async fn evidence_key(
        &self,
        tenant: uuid::Uuid,
        version: &str,
    ) -> certa_storage::ObjectKey {
        let id: uuid::Uuid = version.parse().expect("a version id");
        let tx = self
            .ctx
            .db
            .tenant(certa_store::TenantScope::system(
                certa_domain::TenantId(tenant),
                certa_store::SystemAccess::Test,
            ))
            .await
            .expect("tenant transaction");
        let row = certa_store::repo::evidence::version(&tx, id)
            .await
            .expect("read the version");
        tx.commit().await.expect("commit");
        match row {
            Some(v) => v.object_key.parse().expect("a stored key"),
            None => certa_storage::ObjectKey::new(tenant, certa_storage::ObjectKind::Evidence, id),
        }
    }

    /// Whether the bytes of an evidence version are in the store.
    pub async fn evidence_object_exists(&self, tenant: uuid::Uuid, version: &str) -> bool {
        let key = self.evidence_key(tenant, version).await;
        self.ctx.storage.head(&key).await.expect("head").is_some()
    }
}

/// The password every fixture user gets.
pub const PASSWORD: &str = "a long test password";

/// A tenant with an admin (and a token for the API).
pub struct TenantFixture {
    pub id: uuid::Uuid,
    pub slug: String,
    pub name: String,
    pub admin_email: String,
    pub token: String,
}

impl TestApp {
    /// Creates a tenant with an admin user and an API token, through the same use cases
    /// as `certa admin`.
    pub async fn tenant(&self, slug: &str) -> TenantFixture {
        use certa_service::admin;
        let name = format!("{} Certification", slug.to_uppercase());
        let t = admin::create_tenant(&self.ctx, slug, &name)
            .await
            .expect("create tenant");
        // Unique per test: the SMTP catcher is shared by the whole run (and by earlier runs).
        let admin_email = format!(
            "admin-{}@{slug}.test.example",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        admin::create_user(
            &self.ctx,
            &admin_email,
            &format!("Admin of {slug}"),
            PASSWORD,
        )
        .await
        .expect("create admin");
        admin::grant(&self.ctx, slug, &admin_email, "admin")
            .await
            .expect("grant admin");
        let token = admin::create_token(&self.ctx, slug, &admin_email, "tests")
            .await
            .expect("token");
        TenantFixture {
            id: t.id,
            slug: slug.to_string(),
            name,
            admin_email,
            token,
        }
    }

    /// Sets a programme's certification decision date directly and plans its cycle (the
    /// set-up of tests about running cycles; members set it only by a grant or renewal
    /// decision).
    pub async fn plan_from_decision(&self, tenant: uuid::Uuid, programme: &str, date: &str) {
        let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date");
        certa_service::programmes::plan_from_decision(
            &self.ctx,
            certa_store::TenantScope::system(
                certa_domain::TenantId(tenant),
                certa_store::SystemAccess::Test,
            ),
            certa_domain::ProgrammeId(programme.parse().expect("a programme id")),
            date,
        )
        .await
        .expect("plan the cycle");
    }

    /// Creates a user with one role in a tenant and returns their token.
    pub async fn member(&self, tenant: &TenantFixture, email: &str, role: &str) -> String {
        use certa_service::admin;
        if admin::create_user(&self.ctx, email, &format!("User {email}"), PASSWORD)
            .await
            .is_err()
        {
            // Already exists (member of another tenant): fine.
        }
        admin::grant(&self.ctx, &tenant.slug, email, role)
            .await
            .expect("grant");
        admin::create_token(&self.ctx, &tenant.slug, email, "tests")
            .await
            .expect("token")
    }
}

/// Asserts a problem+json answer with the given status and code.
pub async fn assert_problem(resp: reqwest::Response, status: StatusCode, code: &str) -> Value {
    let got = resp.status();
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "status; body {body}");
    assert_eq!(ct, "application/problem+json", "content type; body {body}");
    assert_eq!(body["code"], code, "code; body {body}");
    assert_eq!(body["status"], status.as_u16());
    assert!(body["title"].is_string() && body["detail"].is_string() && body["type"].is_string());
    body
}

/// A connection as the database owner (PostgreSQL) or to the SQLite file, for tests that
/// play an attacker with direct database access.
pub async fn owner_connection(app: &TestApp) -> DatabaseConnection {
    Database::connect(app.settings.database_owner_url.expose_secret())
        .await
        .expect("owner connection")
}

/// Runs SQL as the owner inside one tenant's context (RLS is forced on the owner too).
pub async fn owner_exec(app: &TestApp, tenant: uuid::Uuid, sql: &str) -> u64 {
    owner_try_exec(app, tenant, sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// [`owner_exec`], answering the database's refusal instead of failing the test (nothing
/// is committed then).
pub async fn owner_try_exec(
    app: &TestApp,
    tenant: uuid::Uuid,
    sql: &str,
) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::TransactionTrait;
    let db = owner_connection(app).await;
    let tx = db.begin().await.unwrap();
    if app.pg.is_some() {
        tx.execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "select set_config('app.tenant_id', $1, true)",
            [tenant.to_string().into()],
        ))
        .await
        .unwrap();
    }
    let n = match tx.execute_unprepared(sql).await {
        Ok(r) => r.rows_affected(),
        Err(e) => {
            tx.rollback().await.ok();
            db.close().await.ok();
            return Err(e);
        }
    };
    tx.commit().await.unwrap();
    db.close().await.ok();
    Ok(n)
}

/// Runs `certa` (the real binary) against this test's database.
pub fn certa_cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_certa"))
        .args(args)
        .current_dir(&app._data.0)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CERTA_DATA_DIR", &app._data.0)
        .env(
            "CERTA_DATABASE_URL",
            app.settings.database_url.expose_secret(),
        )
        .env(
            "CERTA_DATABASE_OWNER_URL",
            app.settings.database_owner_url.expose_secret(),
        )
        .envs(secret_key_env(app))
        .env("RUST_LOG", "error")
        .output()
        .expect("run certa")
}

/// `CERTA_SECRET_KEY` for a process that shares this test's database, when configured.
pub fn secret_key_env(app: &TestApp) -> Option<(&'static str, String)> {
    use secrecy::ExposeSecret;
    let key = app.settings.secret_key.as_ref()?;
    Some(("CERTA_SECRET_KEY", key.expose_secret().to_string()))
}

/// An API request with a bearer token.
pub fn api(app: &TestApp, token: &str, m: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .request(m, app.url(path))
        .bearer_auth(token)
}
