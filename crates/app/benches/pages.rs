//! Page latency and SQL statements per page at volume.
//!
//! One process serves Certa (release profile, on 127.0.0.1 only) with two certification
//! bodies in the same database: a large one (10,000 clients, 30,000 scheduled audits,
//! 200 auditors) and a small baseline (10 clients, 30 audits, 2 auditors), both seeded by
//! `certa_service::admin::seed_volume`. The client search, the month calendar and the
//! dashboard are requested alternately for each body, a bounded number of times, and the
//! run prints p50/p99 latency for both, the ratio large/small and the SQL statements each
//! page sent (`x-certa-sql-statements`). It exits non-zero when a page sends more
//! statements for the large body than for the small one: the count must not grow with
//! the data.
//!
//! SQLite by default; PostgreSQL when `CERTA_BENCH_DATABASE_URL` names a superuser
//! connection (`postgres://postgres@127.0.0.1:5432/postgres`): the run creates the roles
//! of `deploy/postgres/roles.sql`, a database of its own, and drops it at the end.
//! `CERTA_BENCH_REQUESTS` (default 200) and `CERTA_BENCH_SECONDS_PER_PAGE` (default 120)
//! bound the measurement; `CERTA_BENCH_CLIENTS`, `_AUDITS` and `_AUDITORS` change the
//! large body.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark: a panic is how a broken set-up reports"
)]

use anyhow::{Context, bail};
use certa_app::{Application, Settings};
use certa_service::admin::{self, Volume};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const PASSWORD: &str = "a long benchmark password";

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; there are no options to read.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    match rt.block_on(run()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("bench failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A database made for this run (PostgreSQL), dropped at the end.
struct PgDatabase {
    admin: DatabaseConnection,
    name: String,
}

fn with_user_db(base: &str, user: &str, db: &str) -> anyhow::Result<String> {
    let mut u = url::Url::parse(base).context("CERTA_BENCH_DATABASE_URL is not a URL")?;
    u.set_username(user)
        .map_err(|()| anyhow::anyhow!("the URL takes no user"))?;
    u.set_password(None)
        .map_err(|()| anyhow::anyhow!("the URL takes no password"))?;
    u.set_path(&format!("/{db}"));
    Ok(u.to_string())
}

async fn settings(dir: &std::path::Path) -> anyhow::Result<(Settings, Option<PgDatabase>)> {
    let mut s = Settings::embedded(dir);
    s.bind = "127.0.0.1:0".into();
    s.public_url = "http://127.0.0.1:0".into();
    s.http_workers = 2;
    s.sql_count_header = true;
    let Some(admin_url) = std::env::var("CERTA_BENCH_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        return Ok((s, None));
    };
    let admin = Database::connect(admin_url.as_str())
        .await
        .context("connect with CERTA_BENCH_DATABASE_URL")?;
    admin
        .execute_unprepared(include_str!("../../../deploy/postgres/roles.sql"))
        .await
        .context("create the roles")?;
    let name = format!("certa_bench_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("create database {name} owner certa_owner"))
        .await?;
    s.database_owner_url = with_user_db(&admin_url, "certa_owner", &name)?;
    s.database_url = with_user_db(&admin_url, "certa_app", &name)?;
    s.database_max_connections = 4;
    Ok((s, Some(PgDatabase { admin, name })))
}

impl PgDatabase {
    async fn drop_database(self) {
        let _ = self
            .admin
            .execute_unprepared(&format!(
                "drop database if exists {} with (force)",
                self.name
            ))
            .await;
        let _ = self.admin.close().await;
    }
}

/// One certification body under test, signed in.
struct Body {
    label: &'static str,
    client: reqwest::Client,
}

fn hidden(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

async fn body(
    ctx: &certa_service::Ctx,
    base: &str,
    label: &'static str,
    volume: Volume,
) -> anyhow::Result<Body> {
    let slug = format!("bench-{label}");
    let t = admin::create_tenant(ctx, &slug, &format!("Benchmark {label}")).await?;
    let email = format!("admin@{slug}.bench.example");
    admin::create_user(ctx, &email, "Benchmark Admin", PASSWORD).await?;
    admin::grant(ctx, &slug, &email, "admin").await?;
    let started = Instant::now();
    let n = admin::seed_volume(ctx, &slug, volume).await?;
    println!(
        "seeded {label:<5} {:>6} clients, {:>6} audits ({:>6} team members), {:>4} auditors, {:>6} programme entries in {:.1} s",
        n.clients,
        n.audits,
        n.team_members,
        n.auditors,
        n.programme_audits,
        started.elapsed().as_secs_f64()
    );
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    let login = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let csrf = hidden(&login, "csrf").context("login form without CSRF field")?;
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("email", email.as_str()),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await?;
    if r.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("login into {slug} answered {}", r.status());
    }
    let picker = client
        .get(format!("{base}/tenants"))
        .send()
        .await?
        .text()
        .await?;
    let csrf = hidden(&picker, "csrf").context("tenant picker without CSRF field")?;
    let r = client
        .post(format!("{base}/tenants/switch"))
        .form(&[("tenant_id", t.id.to_string().as_str()), ("csrf", &csrf)])
        .send()
        .await?;
    if r.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("switching to {slug} answered {}", r.status());
    }
    Ok(Body { label, client })
}

/// What one page cost for one body.
#[derive(Default)]
struct Sample {
    latencies: Vec<Duration>,
    statements: Vec<u64>,
    /// Rows the page listed (a sanity check that the large body shows more).
    rows: usize,
}

impl Sample {
    fn percentile(&self, p: f64) -> Duration {
        let mut v = self.latencies.clone();
        v.sort();
        if v.is_empty() {
            return Duration::ZERO;
        }
        // Nearest rank.
        let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
        v[rank.clamp(1, v.len()) - 1]
    }
    /// The page's own statements: the session's last-seen time is written at most once
    /// a minute, so a few requests send one more.
    fn statements_min(&self) -> u64 {
        self.statements.iter().copied().min().unwrap_or(0)
    }
    fn statements_max(&self) -> u64 {
        self.statements.iter().copied().max().unwrap_or(0)
    }
}

async fn get(b: &Body, url: &str, marker: &str) -> anyhow::Result<(Duration, u64, usize)> {
    let started = Instant::now();
    let r = b.client.get(url).send().await?;
    let status = r.status();
    let statements = r
        .headers()
        .get("x-certa-sql-statements")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .context("no x-certa-sql-statements header")?;
    let html = r.text().await?;
    let elapsed = started.elapsed();
    if status != reqwest::StatusCode::OK {
        bail!("{} {url}: {status}", b.label);
    }
    Ok((elapsed, statements, html.matches(marker).count()))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run() -> anyhow::Result<ExitCode> {
    let requests = env_u32("CERTA_BENCH_REQUESTS", 200).max(1);
    let per_page = Duration::from_secs(u64::from(env_u32("CERTA_BENCH_SECONDS_PER_PAGE", 120)));
    let large = Volume {
        clients: env_u32("CERTA_BENCH_CLIENTS", 10_000),
        audits: env_u32("CERTA_BENCH_AUDITS", 30_000),
        auditors: env_u32("CERTA_BENCH_AUDITORS", 200),
    };
    let small = Volume {
        clients: 10,
        audits: 30,
        auditors: 2,
    };
    let dir = std::env::temp_dir().join(format!("certa-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let (s, pg) = settings(&dir).await?;
    let backend = if pg.is_some() { "PostgreSQL" } else { "SQLite" };
    let outcome = async {
        certa_app::migrate(&s).await?;
        let app = Application::build(&s, false).await?;
        let base = format!("http://127.0.0.1:{}", app.port());
        let ctx = app.ctx().clone();
        let handle = app.handle();
        let server = tokio::spawn(app.run_until_stopped());
        let result = async {
            let small_body = body(&ctx, &base, "small", small).await?;
            let large_body = body(&ctx, &base, "large", large).await?;
            if pg.is_some() {
                // Fresh bulk loads: give the planner the statistics autovacuum would gather.
                let owner = Database::connect(s.database_owner_url.as_str()).await?;
                for t in certa_migrations::TENANT_TABLES {
                    owner.execute_unprepared(&format!("analyze {t}")).await?;
                }
                owner.close().await?;
            }
            measure(&base, &small_body, &large_body, requests, per_page).await
        }
        .await;
        handle.stop(true).await;
        let _ = server.await;
        result
    }
    .await;
    if let Some(pg) = pg {
        pg.drop_database().await;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let pages = outcome?;

    println!();
    println!(
        "{backend}, {requests} requests per page and body (alternating), latency in ms, statements per request"
    );
    println!(
        "{:<16} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>10} {:>10} {:>6} {:>6}",
        "page",
        "p50 S",
        "p50 L",
        "p50 L/S",
        "p99 S",
        "p99 L",
        "p99 L/S",
        "stmts S",
        "stmts L",
        "rows S",
        "rows L"
    );
    let mut grew = Vec::new();
    for (name, s, l) in &pages {
        let stmts = |x: &Sample| {
            if x.statements_min() == x.statements_max() {
                x.statements_min().to_string()
            } else {
                format!("{}-{}", x.statements_min(), x.statements_max())
            }
        };
        println!(
            "{:<16} {:>8.2} {:>8.2} {:>8.1} {:>8.2} {:>9.2} {:>9.1} {:>10} {:>10} {:>6} {:>6}",
            name,
            ms(s.percentile(50.0)),
            ms(l.percentile(50.0)),
            ms(l.percentile(50.0)) / ms(s.percentile(50.0)),
            ms(s.percentile(99.0)),
            ms(l.percentile(99.0)),
            ms(l.percentile(99.0)) / ms(s.percentile(99.0)),
            stmts(s),
            stmts(l),
            s.rows,
            l.rows,
        );
        if s.latencies.len() < requests as usize || l.latencies.len() < requests as usize {
            println!(
                "  (time bound reached: {} small and {} large requests measured)",
                s.latencies.len(),
                l.latencies.len()
            );
        }
        if l.statements_min() > s.statements_min() {
            grew.push(*name);
        }
    }
    if grew.is_empty() {
        println!("statements per page do not grow with the data");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("FAIL: more statements for the large body on {grew:?}");
        Ok(ExitCode::FAILURE)
    }
}

type Pages = Vec<(&'static str, Sample, Sample)>;

async fn measure(
    base: &str,
    small: &Body,
    large: &Body,
    requests: u32,
    per_page: Duration,
) -> anyhow::Result<Pages> {
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    // (name, path, what counts as a listed row)
    let pages = [
        ("client search", "/clients?q=robot".to_string(), "<tr><td>"),
        (
            "month calendar",
            format!("/calendar?month={month}"),
            "<a href=\"/audits/",
        ),
        ("dashboard", "/".to_string(), "<a href=\"/applications/"),
    ];
    let mut out = Vec::new();
    for (name, path, marker) in pages {
        let url = format!("{base}{path}");
        // Warm-up: caches, prepared statements, the page cache of the database.
        for _ in 0..5 {
            get(small, &url, marker).await?;
            get(large, &url, marker).await?;
        }
        let (mut s, mut l) = (Sample::default(), Sample::default());
        let started = Instant::now();
        for i in 0..requests {
            if started.elapsed() > per_page {
                break;
            }
            // Alternate which body goes first, so neither always follows the other.
            let order = if i % 2 == 0 {
                [(small, &mut s), (large, &mut l)]
            } else {
                [(large, &mut l), (small, &mut s)]
            };
            for (b, sample) in order {
                let (d, n, rows) = get(b, &url, marker).await?;
                sample.latencies.push(d);
                sample.statements.push(n);
                sample.rows = rows;
            }
        }
        out.push((name, s, l));
    }
    Ok(out)
}
