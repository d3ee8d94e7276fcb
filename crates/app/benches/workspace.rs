//! The audit workspace page at size: latency and SQL statements per request.
//!
//! One process serves Certa (release profile, on 127.0.0.1 only) with one certification
//! body and two confirmed stage 2 audits led by the same auditor: a large one (a checklist
//! of 120 items, 20 nonconformities, 50 evidence files) and a small baseline (10 items,
//! 2 nonconformities, 5 evidence files). Items are stored through the store layer; the
//! nonconformities are raised and the evidence files (small text files in the local
//! object store) uploaded through the service layer, as the lead auditor. Signed in as
//! that lead auditor, the run requests `/audits/{id}/workspace` of each audit alternately,
//! checks that the page answers 200 with every item, nonconformity and evidence file, and
//! prints p50/p99 latency for both, the ratio large/small and the SQL statements each
//! request sent (`x-certa-sql-statements`). It exits non-zero when the large page sends
//! more statements than the small one: the count must not grow with the checklist.
//!
//! SQLite by default; PostgreSQL when `CERTA_BENCH_DATABASE_URL` names a superuser
//! connection (`postgres://postgres@127.0.0.1:5432/postgres`): the run creates the roles,
//! a database of its own, and drops it at the end. `CERTA_BENCH_REQUESTS` (default 100)
//! and `CERTA_BENCH_SECONDS_PER_PAGE` (default 120) bound the measurement.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark: a panic is how a broken set-up reports"
)]

mod common;

use anyhow::{Context, bail};
use certa_domain::{AuditId, TenantId};
use certa_service::{Principal, admin, evidence, fieldwork};
use certa_store::{SystemAccess, TenantScope};
use common::{Body, Sample, env_u32, ms};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SLUG: &str = "bench-workspace";
const LEAD: &str = "lead@bench-workspace.bench.example";

fn main() -> ExitCode {
    common::main_with(run)
}

/// The size of one audit's file.
#[derive(Clone, Copy)]
struct Size {
    label: &'static str,
    items: usize,
    nonconformities: usize,
    evidence: usize,
}

const LARGE: Size = Size {
    label: "large",
    items: 120,
    nonconformities: 20,
    evidence: 50,
};
const SMALL: Size = Size {
    label: "small",
    items: 10,
    nonconformities: 2,
    evidence: 5,
};

/// One seeded audit.
struct Audit {
    size: Size,
    url: String,
}

/// Seeds one audit: the checklist, half of it answered, nonconformities raised on the
/// first items, and evidence files for items and nonconformities (every fifth file).
async fn seed(
    ctx: &certa_service::Ctx,
    p: &Principal,
    tenant: uuid::Uuid,
    base: &str,
    n: usize,
    size: Size,
) -> anyhow::Result<Audit> {
    let started = Instant::now();
    let a = common::seed_audit(
        ctx,
        tenant,
        &format!("CL-{n:05}"),
        &format!("Benchmark {} Client SAS", size.label),
        LEAD,
    )
    .await?;
    let items = common::seed_items(ctx, tenant, a.audit_id, size.items).await?;
    {
        use certa_store::repo::fieldwork as fw;
        let tx = ctx
            .db
            .tenant(TenantScope::system(TenantId(tenant), SystemAccess::Test))
            .await?;
        for id in items.iter().skip(size.nonconformities).step_by(2) {
            fw::set_result(
                &tx,
                *id,
                certa_domain::checklists::ItemResult::Conforming,
                LEAD,
            )
            .await?;
        }
        tx.commit().await?;
    }
    let mut ncs = Vec::new();
    for (i, item) in items.iter().take(size.nonconformities).enumerate() {
        let nc = fieldwork::raise(
            ctx,
            p,
            AuditId(a.audit_id),
            *item,
            fieldwork::RaiseInput {
                grade: if i % 4 == 0 { "major" } else { "minor" }.into(),
                reference: None,
                statement: format!("Requirement {} is not implemented at every site.", i + 1),
                evidence: "Sampled records of the last quarter; interviews.".into(),
                site_id: Some(a.sites[i % a.sites.len()]),
            },
        )
        .await?;
        ncs.push(nc.id);
    }
    for i in 0..size.evidence {
        let target = if i % 5 == 4 && !ncs.is_empty() {
            evidence::Target::Nonconformity(ncs[(i / 5) % ncs.len()])
        } else {
            evidence::Target::ChecklistItem(items[i % items.len()])
        };
        let body = format!(
            "Evidence file {}\nRecords sampled for the {} audit.\n",
            i + 1,
            size.label
        )
        .repeat(20);
        let mut reader = body.as_bytes();
        evidence::upload_stream(
            ctx,
            p,
            evidence::StreamRequest {
                filename: format!("evidence-{:03}.txt", i + 1),
                target,
                item_id: None,
                title: Some(format!("Evidence {}", i + 1)),
                effective_date: None,
                valid_until: None,
                announced_size: Some(body.len() as u64),
            },
            &mut reader,
        )
        .await?;
    }
    println!(
        "seeded {:<5} {:>4} items, {:>3} nonconformities, {:>3} evidence files in {:.1} s",
        size.label,
        items.len(),
        ncs.len(),
        size.evidence,
        started.elapsed().as_secs_f64()
    );
    Ok(Audit {
        size,
        url: format!("{base}/audits/{}/workspace", a.audit_id),
    })
}

/// Requests the page once and checks it shows the whole audit.
async fn check(b: &Body, a: &Audit) -> anyhow::Result<()> {
    let (_, _, html) = common::get_page(b, &a.url).await?;
    let progress = format!("of {} items answered", a.size.items);
    if !html.contains(&progress) {
        bail!(
            "the {} workspace does not say '{progress}': wrong user or page",
            a.size.label
        );
    }
    let counts = [
        (
            "checklist rows",
            html.matches("<input type=\"hidden\" name=\"item\"").count(),
            a.size.items,
        ),
        (
            "raise links (the page is the lead auditor's)",
            html.matches("/nonconformity\">Raise").count(),
            a.size.items,
        ),
        (
            "nonconformity rows",
            html.matches("<tr><td><a href=\"/nonconformities/").count(),
            a.size.nonconformities,
        ),
        (
            "evidence rows",
            html.matches("(v1, by ").count(),
            a.size.evidence,
        ),
    ];
    for (what, got, want) in counts {
        if got != want {
            bail!(
                "the {} workspace shows {got} {what}, expected {want}",
                a.size.label
            );
        }
    }
    Ok(())
}

async fn run() -> anyhow::Result<ExitCode> {
    let requests = env_u32("CERTA_BENCH_REQUESTS", 100).max(1);
    let bound = Duration::from_secs(u64::from(env_u32("CERTA_BENCH_SECONDS_PER_PAGE", 120)));
    let dir = common::temp_dir()?;
    let (s, pg) = common::settings(&dir).await?;
    let backend = if pg.is_some() { "PostgreSQL" } else { "SQLite" };
    let analyze = pg.is_some().then_some(&s);
    let (small, large) = common::serve(&dir, &s, pg, |base, ctx| async move {
        let t = admin::create_tenant(&ctx, SLUG, "Benchmark workspace").await?;
        common::member(&ctx, SLUG, LEAD, "Benchmark Lead Auditor", "auditor").await?;
        let (p, _) = common::principal(&ctx, SLUG, LEAD).await?;
        let small = seed(&ctx, &p, t.id, &base, 1, SMALL).await?;
        let large = seed(&ctx, &p, t.id, &base, 2, LARGE).await?;
        if let Some(s) = analyze {
            common::analyze(s).await?;
        }
        let b = common::login(&base, "lead auditor", LEAD, t.id).await?;
        check(&b, &small).await.context("small audit")?;
        check(&b, &large).await.context("large audit")?;
        measure(&b, &small, &large, requests, bound).await
    })
    .await?;

    println!();
    println!(
        "{backend}, GET /audits/{{id}}/workspace as the lead auditor, {requests} requests per audit (alternating)"
    );
    println!(
        "{:<6} {:>6} {:>4} {:>9} {:>10} {:>10} {:>12}",
        "audit", "items", "NCs", "evidence", "p50 ms", "p99 ms", "statements"
    );
    for (a, x) in [(&SMALL, &small), (&LARGE, &large)] {
        println!(
            "{:<6} {:>6} {:>4} {:>9} {:>10.2} {:>10.2} {:>12}",
            a.label,
            a.items,
            a.nonconformities,
            a.evidence,
            ms(x.percentile(50.0)),
            ms(x.percentile(99.0)),
            x.statements_label()
        );
    }
    println!(
        "ratio large/small: p50 {:.2}, p99 {:.2}",
        ms(large.percentile(50.0)) / ms(small.percentile(50.0)),
        ms(large.percentile(99.0)) / ms(small.percentile(99.0))
    );
    if small.latencies.len() < requests as usize || large.latencies.len() < requests as usize {
        println!(
            "(time bound reached: {} small and {} large requests measured)",
            small.latencies.len(),
            large.latencies.len()
        );
    }
    if large.statements_min() > small.statements_min() {
        println!(
            "FAIL: the large workspace sends {} statements, the small one {}",
            large.statements_min(),
            small.statements_min()
        );
        Ok(ExitCode::FAILURE)
    } else {
        println!("statements per request do not grow with the checklist");
        Ok(ExitCode::SUCCESS)
    }
}

async fn measure(
    b: &Body,
    small: &Audit,
    large: &Audit,
    requests: u32,
    bound: Duration,
) -> anyhow::Result<(Sample, Sample)> {
    // Warm-up: caches, prepared statements, the page cache of the database.
    for _ in 0..5 {
        common::get_page(b, &small.url).await?;
        common::get_page(b, &large.url).await?;
    }
    let (mut s, mut l) = (Sample::default(), Sample::default());
    let started = Instant::now();
    for i in 0..requests {
        if started.elapsed() > bound {
            break;
        }
        // Alternate which audit goes first, so neither always follows the other.
        let order = if i % 2 == 0 {
            [(small, &mut s), (large, &mut l)]
        } else {
            [(large, &mut l), (small, &mut s)]
        };
        for (a, sample) in order {
            let (d, n, rows) =
                common::get(b, &a.url, "<input type=\"hidden\" name=\"item\"").await?;
            sample.latencies.push(d);
            sample.statements.push(n);
            sample.rows = rows;
        }
    }
    Ok((s, l))
}
