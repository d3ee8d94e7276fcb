//! What the benches share: Certa served in-process (release profile, on 127.0.0.1 only)
//! on SQLite or on a PostgreSQL database made for the run, signing in, seeding an audit,
//! and measuring latency percentiles and SQL statements per request.

#![allow(
    dead_code,
    reason = "each bench is its own crate and uses a part of this module"
)]

use anyhow::{Context, bail};
use certa_app::{Application, Settings};
use certa_domain::AuditStatus;
use certa_domain::applications::ApplicationStatus;
use certa_domain::checklists::ItemSection;
use certa_domain::clients::SiteKind;
use certa_domain::personnel::{AuditorStatus, Function};
use certa_domain::programme::EntryKind;
use certa_domain::team::TeamRole;
use certa_domain::{AuditId, ClientId, TenantId, UserId};
use certa_service::admin;
use certa_store::repo::{applications, audits, clients, memberships, personnel, users};
use certa_store::{SystemAccess, TenantScope};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::future::Future;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The password of every user a bench creates.
pub const PASSWORD: &str = "a long benchmark password";

/// A number from the environment, or `default`.
pub fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A non-empty value from the environment.
pub fn env_str(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Runs a bench on a two-thread runtime; an error is printed and fails the run.
pub fn main_with<F>(run: impl FnOnce() -> F) -> ExitCode
where
    F: Future<Output = anyhow::Result<ExitCode>>,
{
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
pub struct PgDatabase {
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

/// Embedded settings under `dir` on 127.0.0.1 with the SQL statement header; on a
/// PostgreSQL database of its own when `CERTA_BENCH_DATABASE_URL` names a superuser
/// connection (the roles of `deploy/postgres/roles.sql` are created).
pub async fn settings(dir: &std::path::Path) -> anyhow::Result<(Settings, Option<PgDatabase>)> {
    let mut s = Settings::embedded(dir);
    s.bind = "127.0.0.1:0".into();
    s.public_url = "http://127.0.0.1:0".into();
    s.http_workers = 2;
    s.sql_count_header = true;
    let Some(admin_url) = env_str("CERTA_BENCH_DATABASE_URL") else {
        return Ok((s, None));
    };
    let admin = Database::connect(admin_url.as_str())
        .await
        .context("connect with CERTA_BENCH_DATABASE_URL")?;
    admin
        .execute_unprepared(include_str!("../../../../deploy/postgres/roles.sql"))
        .await
        .context("create the roles")?;
    let name = format!("certa_bench_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("create database {name} owner certa_owner"))
        .await?;
    s.database_owner_url = with_user_db(&admin_url, "certa_owner", &name)?.into();
    s.database_url = with_user_db(&admin_url, "certa_app", &name)?.into();
    s.database_max_connections = 4;
    // PostgreSQL needs the secret from configuration (replicas share it); a run's own.
    s.secret_key = Some(format!("certa-bench-secret-key-of-run-{name}").into());
    Ok((s, Some(PgDatabase { admin, name })))
}

impl PgDatabase {
    /// Drops the run's database.
    pub async fn drop_database(self) {
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

/// Gives the planner the statistics autovacuum would gather after a fresh bulk load
/// (PostgreSQL only).
pub async fn analyze(s: &Settings) -> anyhow::Result<()> {
    let owner =
        Database::connect(secrecy::ExposeSecret::expose_secret(&s.database_owner_url)).await?;
    for t in certa_migrations::TENANT_TABLES {
        owner.execute_unprepared(&format!("analyze {t}")).await?;
    }
    owner.close().await?;
    Ok(())
}

/// Migrates, serves Certa in-process until `work` is done, stops it, and drops the
/// PostgreSQL database and the data directory in any case.
pub async fn serve<T, F>(
    dir: &std::path::Path,
    s: &Settings,
    pg: Option<PgDatabase>,
    work: impl FnOnce(String, certa_service::Ctx) -> F,
) -> anyhow::Result<T>
where
    F: Future<Output = anyhow::Result<T>>,
{
    let outcome = async {
        certa_app::migrate(s).await?;
        let app = Application::build(s, false).await?;
        let base = format!("http://127.0.0.1:{}", app.port());
        let ctx = app.ctx().clone();
        let handle = app.handle();
        let server = tokio::spawn(app.run_until_stopped());
        let result = work(base, ctx).await;
        handle.stop(true).await;
        let _ = server.await;
        result
    }
    .await;
    if let Some(pg) = pg {
        pg.drop_database().await;
    }
    let _ = std::fs::remove_dir_all(dir);
    outcome
}

/// A temporary directory for the run's data.
pub fn temp_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("certa-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// A signed-in browser-like client.
pub struct Body {
    pub label: &'static str,
    pub client: reqwest::Client,
}

/// The value of a hidden form field.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// Signs `email` in with [`PASSWORD`] and switches to `tenant`.
pub async fn login(
    base: &str,
    label: &'static str,
    email: &str,
    tenant: uuid::Uuid,
) -> anyhow::Result<Body> {
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
        .form(&[("email", email), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await?;
    if r.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("login of {email} answered {}", r.status());
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
        .form(&[("tenant_id", tenant.to_string().as_str()), ("csrf", &csrf)])
        .send()
        .await?;
    if r.status() != reqwest::StatusCode::SEE_OTHER {
        bail!(
            "switching {email} to tenant {tenant} answered {}",
            r.status()
        );
    }
    Ok(Body { label, client })
}

/// Creates a user with [`PASSWORD`] and grants it `role` in the tenant `slug`.
pub async fn member(
    ctx: &certa_service::Ctx,
    slug: &str,
    email: &str,
    name: &str,
    role: &str,
) -> anyhow::Result<()> {
    admin::create_user(ctx, email, name, PASSWORD).await?;
    admin::grant(ctx, slug, email, role).await?;
    Ok(())
}

/// The principal of a member, through an API token made for it (the bearer secret too).
pub async fn principal(
    ctx: &certa_service::Ctx,
    slug: &str,
    email: &str,
) -> anyhow::Result<(certa_service::Principal, String)> {
    let secret = admin::create_token(ctx, slug, email, "benchmark").await?;
    let p = certa_service::auth::resolve_token(ctx, &secret)
        .await?
        .context("the new token does not resolve")?;
    Ok((p, secret))
}

/// A confirmed stage 2 audit of a new client with two sites, led by the auditor record
/// of the member `lead_email` (made here, linked to the membership).
pub struct SeededAudit {
    pub client_id: uuid::Uuid,
    pub audit_id: uuid::Uuid,
    pub sites: Vec<uuid::Uuid>,
}

/// Seeds [`SeededAudit`] in `tenant` through the store layer, as the demo seed does.
pub async fn seed_audit(
    ctx: &certa_service::Ctx,
    tenant: uuid::Uuid,
    reference: &str,
    legal_name: &str,
    lead_email: &str,
) -> anyhow::Result<SeededAudit> {
    let standard = "ISO/IEC 27001:2022";
    let g = ctx.db.global().await?;
    let user = users::by_email(&g, &certa_domain::Email::parse(lead_email)?)
        .await?
        .context("lead auditor user")?;
    g.commit().await?;
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(tenant), SystemAccess::Test))
        .await?;
    let membership = memberships::by_user(&tx, UserId(user.id))
        .await?
        .context("lead auditor membership")?;
    let lead = match personnel::list(&tx)
        .await?
        .into_iter()
        .find(|r| r.membership_id == Some(membership.id))
    {
        Some(r) => r,
        None => {
            let r = personnel::create(
                &tx,
                personnel::AuditorFields {
                    membership_id: Some(membership.id),
                    name: "Benchmark Lead Auditor".into(),
                    email: lead_email.into(),
                    status: AuditorStatus::Active,
                    notes: None,
                },
            )
            .await?;
            personnel::add_qualification(
                &tx,
                certa_domain::AuditorId(r.id),
                standard.into(),
                "all".into(),
                Function::LeadAuditor,
                "2025-01-01".into(),
                None,
                None,
            )
            .await?;
            r
        }
    };
    let c = clients::create(
        &tx,
        clients::ClientFields {
            reference: reference.into(),
            legal_name: legal_name.into(),
            ..Default::default()
        },
    )
    .await?;
    let mut sites = Vec::new();
    for (name, city) in [("Head office", "Lyon"), ("Warehouse", "Grenoble")] {
        let s = clients::add_site(
            &tx,
            ClientId(c.id),
            clients::SiteFields {
                name: name.into(),
                address: None,
                city: Some(city.into()),
                country: "FR".into(),
                kind: SiteKind::Permanent,
                headcount: 120,
                shifts: 1,
                central_function: name == "Head office",
                processes: Some("Software development and hosting".into()),
            },
        )
        .await?;
        sites.push(s.id);
    }
    let app = applications::create(
        &tx,
        ClientId(c.id),
        &[standard.to_string()],
        "Development and operation of hosted software".into(),
        240,
        None,
    )
    .await?;
    applications::review(
        &tx,
        certa_domain::ApplicationId(app.id),
        ApplicationStatus::Accepted,
        None,
        None,
        None,
        "cli".into(),
    )
    .await?;
    let (programme, entries) = applications::create_programme(&tx, &app).await?;
    let stage2 = entries
        .iter()
        .find(|e| e.kind == EntryKind::Stage2)
        .context("the programme has no stage 2")?;
    let from = chrono::Utc::now().date_naive() + chrono::Duration::days(7);
    let a = audits::create(
        &tx,
        audits::NewAudit {
            programme_id: programme.id,
            programme_audit_id: stage2.id,
            client_id: c.id,
            kind: EntryKind::Stage2,
            standards: vec![standard.into()],
            technical_areas: Vec::new(),
            starts_on: from.to_string(),
            ends_on: (from + chrono::Duration::days(1)).to_string(),
        },
    )
    .await?;
    audits::set_team(
        &tx,
        AuditId(a.id),
        &[(lead.id, TeamRole::Lead, "2".to_string())],
        AuditStatus::Confirmed,
    )
    .await?;
    tx.commit().await?;
    Ok(SeededAudit {
        client_id: c.id,
        audit_id: a.id,
        sites,
    })
}

/// `n` checklist items for an audit (store layer), in order; answers their ids.
pub async fn seed_items(
    ctx: &certa_service::Ctx,
    tenant: uuid::Uuid,
    audit: uuid::Uuid,
    n: usize,
) -> anyhow::Result<Vec<uuid::Uuid>> {
    use certa_store::repo::fieldwork as fw;
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(tenant), SystemAccess::Test))
        .await?;
    let items = (0..n)
        .map(|i| fw::NewItem {
            standards: vec!["ISO/IEC 27001:2022".into()],
            section: if i < 10 {
                ItemSection::Clause
            } else {
                ItemSection::Control
            },
            reference: if i < 10 {
                format!("{}.{}", 4 + i / 2, 1 + i % 2)
            } else {
                format!("A.{}.{}", 5 + (i - 10) / 40, 1 + (i - 10) % 40)
            },
            title: format!("Requirement {}", i + 1),
            question: format!(
                "How is requirement {} implemented, monitored and reviewed? Sample the records.",
                i + 1
            ),
            carried_from: None,
        })
        .collect();
    fw::create_items(&tx, audit, items).await?;
    let ids = fw::items(&tx, audit).await?.iter().map(|i| i.id).collect();
    tx.commit().await?;
    Ok(ids)
}

/// What one page cost for one body.
#[derive(Default)]
pub struct Sample {
    pub latencies: Vec<Duration>,
    pub statements: Vec<u64>,
    /// Rows the page listed (a sanity check that the large body shows more).
    pub rows: usize,
}

impl Sample {
    /// Nearest-rank percentile of the latencies.
    pub fn percentile(&self, p: f64) -> Duration {
        let mut v = self.latencies.clone();
        v.sort();
        if v.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
        v[rank.clamp(1, v.len()) - 1]
    }
    /// The page's own statements: the session's last-seen time is written at most once
    /// a minute, so a few requests send one more.
    pub fn statements_min(&self) -> u64 {
        self.statements.iter().copied().min().unwrap_or(0)
    }
    pub fn statements_max(&self) -> u64 {
        self.statements.iter().copied().max().unwrap_or(0)
    }
    /// `n` or `min-max`.
    pub fn statements_label(&self) -> String {
        if self.statements_min() == self.statements_max() {
            self.statements_min().to_string()
        } else {
            format!("{}-{}", self.statements_min(), self.statements_max())
        }
    }
}

/// One page request: latency, statements sent (`x-certa-sql-statements`) and the body;
/// anything but 200 is an error.
pub async fn get_page(b: &Body, url: &str) -> anyhow::Result<(Duration, u64, String)> {
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
    Ok((elapsed, statements, html))
}

/// [`get_page`], counting the occurrences of `marker` (listed rows).
pub async fn get(b: &Body, url: &str, marker: &str) -> anyhow::Result<(Duration, u64, usize)> {
    let (d, n, html) = get_page(b, url).await?;
    Ok((d, n, html.matches(marker).count()))
}

/// Milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A field of /proc/self/status in KiB (VmRSS, VmHWM); `None` off Linux.
pub fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
