//! Page latency and SQL statements per page at volume.
//!
//! One process serves Certa (release profile, on 127.0.0.1 only) with two certification
//! bodies in the same database: a large one (10,000 clients, 30,000 scheduled audits,
//! 200 auditors) and a small baseline (10 clients, 30 audits, 2 auditors), both seeded by
//! `certa_service::seed::seed_volume`, the large one with 30,000 certificates and the
//! small one with 30. The client search, the month calendar, the dashboard and the
//! certificate register (first page, active ones expiring within 90 days, a search by
//! holder, page 20) are requested alternately for each body, a bounded number of times, and the
//! run prints p50/p99 latency for both, the ratio large/small and the SQL statements each
//! page sent (`x-certa-sql-statements`). It exits non-zero when a page sends more
//! statements for the large body than for the small one: the count must not grow with
//! the data.
//!
//! SQLite by default; PostgreSQL when `CERTA_BENCH_DATABASE_URL` names a superuser
//! connection (`postgres://postgres@127.0.0.1:5432/postgres`): the run creates the roles
//! of `deploy/postgres/roles.sql`, a database of its own, and drops it at the end.
//! `CERTA_BENCH_REQUESTS` (default 200) and `CERTA_BENCH_SECONDS_PER_PAGE` (default 120)
//! bound the measurement; `CERTA_BENCH_CLIENTS`, `_AUDITS`, `_AUDITORS` and
//! `_CERTIFICATES` change the large body; `CERTA_BENCH_PAGES` (names, comma-separated)
//! measures only some pages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark: a panic is how a broken set-up reports"
)]

mod common;

use certa_service::admin;
use certa_service::seed::{self, Volume};
use common::{Body, Sample, env_u32, get, ms};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    common::main_with(run)
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
    common::member(ctx, &slug, &email, "Benchmark Admin", "admin").await?;
    let started = Instant::now();
    let n = seed::seed_volume(ctx, &slug, volume).await?;
    println!(
        "seeded {label:<5} {:>6} clients, {:>6} audits ({:>6} team members), {:>4} auditors, {:>6} programme entries, {:>6} certificates ({:>6} revisions) in {:.1} s",
        n.clients,
        n.audits,
        n.team_members,
        n.auditors,
        n.programme_audits,
        n.certificates,
        n.certificate_revisions,
        started.elapsed().as_secs_f64()
    );
    common::login(base, label, &email, t.id).await
}

async fn run() -> anyhow::Result<ExitCode> {
    let requests = env_u32("CERTA_BENCH_REQUESTS", 200).max(1);
    let per_page = Duration::from_secs(u64::from(env_u32("CERTA_BENCH_SECONDS_PER_PAGE", 120)));
    let large = Volume {
        clients: env_u32("CERTA_BENCH_CLIENTS", 10_000),
        audits: env_u32("CERTA_BENCH_AUDITS", 30_000),
        auditors: env_u32("CERTA_BENCH_AUDITORS", 200),
        certificates: env_u32("CERTA_BENCH_CERTIFICATES", 30_000),
    };
    let small = Volume {
        clients: 10,
        audits: 30,
        auditors: 2,
        certificates: 30,
    };
    let dir = common::temp_dir()?;
    let (s, pg) = common::settings(&dir).await?;
    let backend = if pg.is_some() { "PostgreSQL" } else { "SQLite" };
    let analyze = pg.is_some().then_some(&s);
    let pages = common::serve(&dir, &s, pg, |base, ctx| async move {
        let small_body = body(&ctx, &base, "small", small).await?;
        let large_body = body(&ctx, &base, "large", large).await?;
        if let Some(s) = analyze {
            // Fresh bulk loads: give the planner the statistics autovacuum would gather.
            common::analyze(s).await?;
        }
        measure(&base, &small_body, &large_body, requests, per_page).await
    })
    .await?;

    println!();
    println!(
        "{backend}, {requests} requests per page and body (alternating), latency in ms, statements per request"
    );
    println!(
        "{:<20} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>10} {:>10} {:>6} {:>6}",
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
        println!(
            "{:<20} {:>8.2} {:>8.2} {:>8.1} {:>8.2} {:>9.2} {:>9.1} {:>10} {:>10} {:>6} {:>6}",
            name,
            ms(s.percentile(50.0)),
            ms(l.percentile(50.0)),
            ms(l.percentile(50.0)) / ms(s.percentile(50.0)),
            ms(s.percentile(99.0)),
            ms(l.percentile(99.0)),
            ms(l.percentile(99.0)) / ms(s.percentile(99.0)),
            s.statements_label(),
            l.statements_label(),
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
        // A page that lists nothing for the small body skips its follow-up queries:
        // nothing to compare there.
        if s.rows == 0 {
            println!("  (the small body lists nothing here: statements not compared)");
        } else if l.statements_min() > s.statements_min() {
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
        (
            "register",
            "/certificates".to_string(),
            "<tr><td><a href=\"/certificates/",
        ),
        (
            "register/expiring",
            "/certificates?status=active&expiring_within=90".to_string(),
            "<tr><td><a href=\"/certificates/",
        ),
        (
            "register/search",
            "/certificates?q=robot".to_string(),
            "<tr><td><a href=\"/certificates/",
        ),
        (
            "register/page 20",
            "/certificates?page=20".to_string(),
            "<tr><td><a href=\"/certificates/",
        ),
    ];
    // `CERTA_BENCH_PAGES` (comma-separated names, e.g. `register,dashboard`) measures only those.
    let only: Option<Vec<String>> = std::env::var("CERTA_BENCH_PAGES")
        .ok()
        .map(|v| v.split(',').map(|p| p.trim().to_string()).collect());
    let pages = pages
        .into_iter()
        .filter(|(name, _, _)| only.as_ref().is_none_or(|o| o.iter().any(|p| p == name)));
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
