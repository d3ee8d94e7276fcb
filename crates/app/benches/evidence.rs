//! A large evidence file streamed through Certa into S3, against a direct PUT.
//!
//! One process serves Certa (release profile, on 127.0.0.1 only) with its object storage
//! on an S3-compatible server. A file of 1 GiB (`CERTA_BENCH_EVIDENCE_MIB`) of
//! pseudo-random, incompressible bytes behind a PDF header is written once under the
//! temporary directory, then sent twice from disk, never held in memory:
//!
//! - through Certa: `POST /api/v1/evidence` (the streamed upload, with its
//!   `Content-Length`) over HTTP on 127.0.0.1 with a bearer token, for a checklist item of
//!   a confirmed audit; the answer comes once the evidence version is recorded;
//! - directly (the baseline): one presigned `PUT` of the same file to the same bucket by a
//!   plain HTTP client, the way a browser uploads when Certa hands out the address.
//!
//! It prints both throughputs, their ratio (goal ≥ 0.9) and the peak growth of the
//! process's resident memory during each upload (Certa runs in this process, so its
//! memory is the bench's; goal < 64 MiB for the upload through Certa), sampled from
//! `/proc/self/status` by a background thread, with the high-water mark reset first. It
//! checks that the evidence record and the stored object (read back from S3) have the
//! file's size and SHA-256, and exits non-zero when they differ or a goal is missed.
//!
//! `CERTA_BENCH_S3_ENDPOINT` is required (e.g. `http://127.0.0.1:8014`, s3s-fs);
//! `CERTA_BENCH_S3_ACCESS_KEY`, `_SECRET_KEY`, `_BUCKET` and `_REGION` default to `AK`,
//! `SK`, `certa-bench` (created when missing) and `us-east-1`; path-style addresses. The
//! objects are written under a key prefix of their own and removed at the end.
//! Dirty pages are written back (`sync`) before each upload, so that the server's flushing
//! of one upload does not slow the other; `CERTA_BENCH_DIRECT_FIRST=1` sends the direct
//! PUT first (to see order effects). `CERTA_BENCH_EVIDENCE_ROUNDS` (default 1) repeats
//! the pair, each round in the other order (2 rounds: Certa, direct, direct, Certa); the
//! ratio and the goals are then over all rounds. SQLite by default; PostgreSQL with
//! `CERTA_BENCH_DATABASE_URL`, as for the other benches.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark: a panic is how a broken set-up reports"
)]

mod common;

use anyhow::{Context, bail};
use certa_domain::TenantId;
use certa_storage::{ObjectKey, ObjectKind, S3Settings, StorageSettings, UploadConstraints};
use certa_store::{SystemAccess, TenantScope};
use common::env_str;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;

const SLUG: &str = "bench-evidence";
const USER: &str = "admin@bench-evidence.bench.example";
const MIB: u64 = 1024 * 1024;
/// What the HTTP client reads from the file per chunk of the body.
const CHUNK: usize = 1024 * 1024;
/// Throughput through Certa relative to the direct PUT, at least.
const MIN_RATIO: f64 = 0.9;
/// Peak resident memory growth during the upload through Certa, less than.
const MAX_RSS_GROWTH_MIB: f64 = 64.0;

fn main() -> ExitCode {
    common::main_with(run)
}

fn s3_settings() -> anyhow::Result<S3Settings> {
    let Some(endpoint) = env_str("CERTA_BENCH_S3_ENDPOINT") else {
        bail!(
            "CERTA_BENCH_S3_ENDPOINT is not set: this bench needs an S3-compatible server, \
             e.g. CERTA_BENCH_S3_ENDPOINT=http://127.0.0.1:8014 for s3s-fs \
             (CERTA_BENCH_S3_ACCESS_KEY, _SECRET_KEY, _BUCKET, _REGION default to AK, SK, \
             certa-bench, us-east-1)"
        );
    };
    let s = S3Settings {
        endpoint,
        region: env_str("CERTA_BENCH_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        bucket: env_str("CERTA_BENCH_S3_BUCKET").unwrap_or_else(|| "certa-bench".into()),
        access_key: env_str("CERTA_BENCH_S3_ACCESS_KEY").unwrap_or_else(|| "AK".into()),
        secret_key: env_str("CERTA_BENCH_S3_SECRET_KEY")
            .unwrap_or_else(|| "SK".into())
            .into(),
        path_style: true,
        key_prefix: format!("certa-bench-{}/", uuid::Uuid::new_v4().simple()),
    };
    s.validate()
        .map_err(|e| anyhow::anyhow!("CERTA_BENCH_S3_*: {e}"))?;
    Ok(s)
}

/// Writes `mib` MiB of xorshift output behind a PDF header (so Certa accepts the type)
/// and answers its SHA-256; the file is synced so no write-back runs during the uploads.
fn generate(path: &Path, mib: u64) -> anyhow::Result<String> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut sha = Sha256::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut block = vec![0u8; MIB as usize];
    for i in 0..mib {
        for c in block.chunks_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            c.copy_from_slice(&x.to_le_bytes());
        }
        if i == 0 {
            block[..9].copy_from_slice(b"%PDF-1.7\n");
        }
        sha.update(&block);
        f.write_all(&block)?;
    }
    let f = f.into_inner().map_err(|e| e.into_error())?;
    f.sync_all()?;
    Ok(hex::encode(sha.finalize()))
}

/// Writes dirty pages back (`sync`): the S3 server's copy of the previous upload is not
/// flushed to disk during the next one.
fn settle() {
    let _ = std::process::Command::new("sync").status();
}

/// The file as a streamed request body, read from disk in [`CHUNK`]s.
async fn file_body(path: &Path) -> anyhow::Result<reqwest::Body> {
    let file = tokio::fs::File::open(path).await?;
    let chunks = futures_util::stream::try_unfold(file, |mut f| async move {
        let mut buf = vec![0u8; CHUNK];
        let mut n = 0;
        while n < CHUNK {
            let got = f.read(&mut buf[n..]).await?;
            if got == 0 {
                break;
            }
            n += got;
        }
        if n == 0 {
            return Ok::<_, std::io::Error>(None);
        }
        buf.truncate(n);
        Ok(Some((buf, f)))
    });
    Ok(reqwest::Body::wrap_stream(chunks))
}

/// Samples the resident set size in the background; the high-water mark is reset first
/// where the kernel allows it (`/proc/self/clear_refs`).
struct RssSampler {
    stop: Arc<AtomicBool>,
    peak_kib: Arc<AtomicU64>,
    base_kib: u64,
    hwm_reset: bool,
    thread: std::thread::JoinHandle<()>,
}

/// Peak growth over the resident set size at the start, in MiB.
struct RssGrowth {
    sampled_mib: f64,
    /// From VmHWM, when it could be reset.
    hwm_mib: Option<f64>,
}

impl RssGrowth {
    fn worst(&self) -> f64 {
        self.hwm_mib.unwrap_or(0.0).max(self.sampled_mib)
    }
}

impl RssSampler {
    fn start() -> Self {
        let hwm_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let base_kib = common::status_kib("VmRSS").unwrap_or(0);
        let stop = Arc::new(AtomicBool::new(false));
        let peak_kib = Arc::new(AtomicU64::new(base_kib));
        let thread = {
            let (stop, peak) = (stop.clone(), peak_kib.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(kib) = common::status_kib("VmRSS") {
                        peak.fetch_max(kib, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        };
        Self {
            stop,
            peak_kib,
            base_kib,
            hwm_reset,
            thread,
        }
    }

    fn finish(self) -> RssGrowth {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        let growth = |kib: u64| kib.saturating_sub(self.base_kib) as f64 / 1024.0;
        RssGrowth {
            sampled_mib: growth(self.peak_kib.load(Ordering::Relaxed)),
            hwm_mib: self
                .hwm_reset
                .then(|| common::status_kib("VmHWM").map(growth))
                .flatten(),
        }
    }
}

/// One upload's figures.
struct Upload {
    elapsed: Duration,
    rss: RssGrowth,
}

fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .http1_only()
        .timeout(Duration::from_secs(3600))
        .build()?)
}

/// `POST /api/v1/evidence` with the file; answers the recorded version's id.
async fn through_certa(
    base: &str,
    token: &str,
    item: uuid::Uuid,
    path: &Path,
    size: u64,
) -> anyhow::Result<(Upload, uuid::Uuid)> {
    let client = client()?;
    let url = format!(
        "{base}/api/v1/evidence?target_kind=checklist_item&target_id={item}&filename=management-review-records.pdf"
    );
    let body = file_body(path).await?;
    let rss = RssSampler::start();
    let started = Instant::now();
    let r = client
        .post(url)
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .header("content-length", size)
        .body(body)
        .send()
        .await?;
    let status = r.status();
    let answer = r.text().await?;
    let elapsed = started.elapsed();
    let rss = rss.finish();
    if status != reqwest::StatusCode::CREATED {
        bail!("the upload through Certa answered {status}: {answer}");
    }
    let v: serde_json::Value = serde_json::from_str(&answer)?;
    let id = v["id"]
        .as_str()
        .and_then(|s| uuid::Uuid::parse_str(s).ok())
        .context("no version id in Certa's answer")?;
    Ok((Upload { elapsed, rss }, id))
}

/// One presigned PUT of the file to the same bucket.
async fn direct(
    ctx: &certa_service::Ctx,
    key: &ObjectKey,
    path: &Path,
    size: u64,
) -> anyhow::Result<Upload> {
    let p = ctx
        .storage
        .presign_put(
            key,
            Duration::from_secs(900),
            &UploadConstraints {
                content_type: "application/octet-stream".into(),
                content_length: Some(size),
                sha256_hex: None,
            },
        )
        .await?;
    let client = client()?;
    let mut req = client.put(&p.url);
    for (k, v) in &p.headers {
        req = req.header(k.as_str(), v.as_str());
    }
    let body = file_body(path).await?;
    let rss = RssSampler::start();
    let started = Instant::now();
    let r = req.body(body).send().await?;
    let status = r.status();
    let answer = r.text().await?;
    let elapsed = started.elapsed();
    let rss = rss.finish();
    if !status.is_success() {
        bail!("the direct PUT answered {status}: {answer}");
    }
    Ok(Upload { elapsed, rss })
}

/// What one round measured and checked.
struct Round {
    direct_first: bool,
    certa: Upload,
    direct: Upload,
    /// The evidence record's size and SHA-256.
    recorded: (u64, String),
    /// The stored object's, read back from S3.
    stored: (u64, String),
    direct_size: Option<u64>,
    verify: Duration,
}

/// One upload through Certa and one direct PUT, in this order or the other, each
/// checked; both objects are removed afterwards.
async fn round(
    ctx: &certa_service::Ctx,
    tenant: uuid::Uuid,
    send_certa: impl AsyncFnOnce() -> anyhow::Result<(Upload, uuid::Uuid)>,
    file: &Path,
    size: u64,
    direct_first: bool,
) -> anyhow::Result<Round> {
    let direct_key = ObjectKey::generate(tenant, ObjectKind::Evidence);
    settle();
    let (certa, direct, version) = if direct_first {
        let d = direct(ctx, &direct_key, file, size).await?;
        settle();
        let (c, v) = send_certa().await?;
        (c, d, v)
    } else {
        let (c, v) = send_certa().await?;
        settle();
        let d = direct(ctx, &direct_key, file, size).await?;
        (c, d, v)
    };
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(tenant), SystemAccess::Test))
        .await?;
    let v = certa_store::repo::evidence::version(&tx, version)
        .await?
        .context("no evidence version recorded")?;
    tx.commit().await?;
    if v.status != certa_domain::evidence::VersionStatus::Available {
        bail!("the evidence version is {}, not available", v.status);
    }
    let key = ObjectKey::from_str(&v.object_key)?;
    let started = Instant::now();
    let stored = ctx.storage.sha256(&key).await?;
    let verify = started.elapsed();
    let direct_size = ctx.storage.head(&direct_key).await?;
    ctx.storage.delete(&key).await?;
    ctx.storage.delete(&direct_key).await?;
    Ok(Round {
        direct_first,
        certa,
        direct,
        recorded: (u64::try_from(v.size)?, v.sha256.clone().unwrap_or_default()),
        stored: (stored.size, stored.sha256_hex),
        direct_size,
        verify,
    })
}

async fn run() -> anyhow::Result<ExitCode> {
    let mib = u64::from(common::env_u32("CERTA_BENCH_EVIDENCE_MIB", 1024).clamp(1, 10 * 1024 - 1));
    let size = mib * MIB;
    let direct_first = env_str("CERTA_BENCH_DIRECT_FIRST")
        .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
    let rounds = common::env_u32("CERTA_BENCH_EVIDENCE_ROUNDS", 1).clamp(1, 20);
    let s3 = s3_settings()?;
    let endpoint = s3.endpoint.clone();
    let bucket = s3.bucket.clone();
    let dir = common::temp_dir()?;
    let file: PathBuf = dir.join("evidence.bin");
    let started = Instant::now();
    let sha = match generate(&file, mib) {
        Ok(sha) => sha,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e.context("write the file"));
        }
    };
    println!(
        "wrote {mib} MiB to {} in {:.1} s (sha256 {sha})",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    let (mut s, pg) = common::settings(&dir).await?;
    let backend = if pg.is_some() { "PostgreSQL" } else { "SQLite" };
    s.storage = StorageSettings::S3(s3);

    let file_ref = file.as_path();
    let all = common::serve(&dir, &s, pg, |base, ctx| async move {
        let t = certa_service::admin::create_tenant(&ctx, SLUG, "Benchmark evidence").await?;
        common::member(&ctx, SLUG, USER, "Benchmark Admin", "admin").await?;
        let (p, token) = common::principal(&ctx, SLUG, USER).await?;
        // The default per-tenant limit is 100 MiB: raise it above the file's size.
        let mut ts = certa_service::settings::get(&ctx, &p).await?;
        ts.max_upload_mib = u32::try_from(mib + 1)?.max(ts.max_upload_mib);
        certa_service::settings::put(&ctx, &p, ts).await?;
        let a = common::seed_audit(&ctx, t.id, "CL-00001", "Benchmark Evidence Client SA", USER)
            .await?;
        let item = common::seed_items(&ctx, t.id, a.audit_id, 1).await?[0];
        let mut all = Vec::new();
        for i in 0..rounds {
            // Later rounds alternate the order, so that an order effect cancels out.
            let first = direct_first ^ (i % 2 == 1);
            let send = async || through_certa(&base, &token, item, file_ref, size).await;
            all.push(round(&ctx, t.id, send, file_ref, size, first).await?);
        }
        Ok(all)
    })
    .await?;

    let rate = |d: Duration| mib as f64 / d.as_secs_f64();
    let rss = |r: &RssGrowth| match r.hwm_mib {
        Some(h) => format!(
            "{:.1} MiB (VmHWM), {:.1} MiB (sampled VmRSS)",
            h, r.sampled_mib
        ),
        None => format!("{:.1} MiB (sampled VmRSS)", r.sampled_mib),
    };
    println!();
    println!(
        "{backend}, S3 at {endpoint} bucket {bucket}, {mib} MiB, {rounds} round(s), {} first in the first round",
        if direct_first { "direct PUT" } else { "Certa" }
    );
    println!(
        "the evidence version is recorded before Certa answers: its time includes the record; \
         dirty pages are written back (sync) before each upload"
    );
    let mut failed = Vec::new();
    for (i, r) in all.iter().enumerate() {
        println!(
            "round {} ({} first)",
            i + 1,
            if r.direct_first {
                "direct PUT"
            } else {
                "Certa"
            }
        );
        println!(
            "  through Certa (POST /api/v1/evidence, recorded):  {:>6.2} s  {:>7.1} MiB/s  peak RSS growth {}",
            r.certa.elapsed.as_secs_f64(),
            rate(r.certa.elapsed),
            rss(&r.certa.rss)
        );
        println!(
            "  direct presigned PUT (baseline):                  {:>6.2} s  {:>7.1} MiB/s  peak RSS growth {}",
            r.direct.elapsed.as_secs_f64(),
            rate(r.direct.elapsed),
            rss(&r.direct.rss)
        );
        println!(
            "  ratio Certa/direct: {:.3}",
            rate(r.certa.elapsed) / rate(r.direct.elapsed)
        );
        println!(
            "  file sha256 {sha}\n  recorded    {} ({} bytes)\n  stored      {} ({} bytes, read back from S3 in {:.1} s)",
            r.recorded.1,
            r.recorded.0,
            r.stored.1,
            r.stored.0,
            r.verify.as_secs_f64()
        );
        if r.recorded != (size, sha.clone()) || r.stored != (size, sha.clone()) {
            failed.push(format!(
                "round {}: the SHA-256 or size of the stored file differs from the file's",
                i + 1
            ));
        }
        if r.direct_size != Some(size) {
            failed.push(format!(
                "round {}: the direct PUT stored {:?} bytes, not {size}",
                i + 1,
                r.direct_size
            ));
        }
    }
    // Over all rounds: bytes sent over time taken, for each way.
    let total = |f: fn(&Round) -> Duration| all.iter().map(f).sum::<Duration>() / rounds;
    let (c, d) = (
        rate(total(|r| r.certa.elapsed)),
        rate(total(|r| r.direct.elapsed)),
    );
    let ratio = c / d;
    let worst_rss = all
        .iter()
        .map(|r| r.certa.rss.worst())
        .fold(0.0_f64, f64::max);
    println!(
        "through Certa {c:.1} MiB/s, direct PUT {d:.1} MiB/s, ratio Certa/direct: {ratio:.3} (goal >= {MIN_RATIO}); \
         peak RSS growth through Certa {worst_rss:.1} MiB (goal < {MAX_RSS_GROWTH_MIB})"
    );
    if ratio < MIN_RATIO {
        failed.push(format!(
            "throughput through Certa is {ratio:.3} of the direct PUT's (goal >= {MIN_RATIO})"
        ));
    }
    if worst_rss >= MAX_RSS_GROWTH_MIB {
        failed.push(format!(
            "peak RSS growth during the upload through Certa is {worst_rss:.1} MiB (goal < {MAX_RSS_GROWTH_MIB})"
        ));
    }
    if failed.is_empty() {
        println!("OK: SHA-256 verified, ratio and memory within the goals");
        Ok(ExitCode::SUCCESS)
    } else {
        for f in &failed {
            println!("FAIL: {f}");
        }
        Ok(ExitCode::FAILURE)
    }
}
