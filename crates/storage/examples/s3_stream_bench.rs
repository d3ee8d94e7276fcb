//! Streams a file into S3 through [`S3Store::put_stream`] and, for comparison, sends the
//! same file with one direct presigned PUT; prints both throughputs, their ratio and the
//! process's peak RSS growth during the streamed write.
//!
//! ```sh
//! CERTA_S3_ENDPOINT=http://127.0.0.1:8014 CERTA_S3_ACCESS_KEY=AK CERTA_S3_SECRET_KEY=SK \
//! CERTA_S3_BUCKET=certa-bench cargo run --release -p certa-storage --example s3_stream_bench -- 1024
//! ```
//!
//! The argument is the size in MiB (default 1024). The file is written under the temporary
//! directory first and removed at the end, with both objects.

#![expect(
    clippy::expect_used,
    reason = "a command-line benchmark: a failed step ends it with its message"
)]

use certa_storage::{ObjectKey, ObjectKind, ObjectStore, S3Settings, S3Store, UploadConstraints};
use std::io::Write;
use std::time::{Duration, Instant};

fn env(k: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| panic!("set {k}"))
}

/// A field of /proc/self/status in KiB (VmRSS, VmHWM).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS/VmHWM line")
}

#[tokio::main]
async fn main() {
    let mib: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("size in MiB"))
        .unwrap_or(1024);
    let size = mib * 1024 * 1024;
    let settings = S3Settings {
        endpoint: env("CERTA_S3_ENDPOINT"),
        region: std::env::var("CERTA_S3_REGION").unwrap_or_else(|_| "us-east-1".into()),
        bucket: env("CERTA_S3_BUCKET"),
        access_key: env("CERTA_S3_ACCESS_KEY"),
        secret_key: env("CERTA_S3_SECRET_KEY"),
        path_style: true,
        key_prefix: String::new(),
    };
    let store = S3Store::connect(&settings).await.expect("connect");

    let path = std::env::temp_dir().join(format!("certa-bench-{}.bin", uuid::Uuid::new_v4()));
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut block = vec![0u8; 1024 * 1024];
        for _ in 0..mib {
            for c in block.chunks_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                c.copy_from_slice(&x.to_le_bytes());
            }
            f.write_all(&block).expect("write");
        }
        f.flush().expect("flush");
    }
    let tenant = uuid::Uuid::now_v7();

    // Direct: one presigned PUT, the body streamed from the file.
    let direct_key = ObjectKey::generate(tenant, ObjectKind::Evidence);
    let p = store
        .presign_put(
            &direct_key,
            Duration::from_secs(900),
            &UploadConstraints {
                content_type: "application/octet-stream".into(),
                content_length: Some(size),
                sha256_hex: None,
            },
        )
        .await
        .expect("presign");
    let file = tokio::fs::File::open(&path).await.expect("open");
    let started = Instant::now();
    let r = reqwest::Client::new()
        .put(&p.url)
        .header("content-type", "application/octet-stream")
        .header("content-length", size)
        .body(reqwest::Body::from(file))
        .send()
        .await
        .expect("direct PUT");
    assert!(r.status().is_success(), "direct PUT: {}", r.status());
    let direct = started.elapsed();

    // Through the store, with the peak RSS reset first (writing 5 to clear_refs).
    let streamed_key = ObjectKey::generate(tenant, ObjectKind::Evidence);
    let mut file = tokio::fs::File::open(&path).await.expect("open");
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = status_kib("VmRSS");
    let started = Instant::now();
    let stored = store
        .put_stream(&streamed_key, &mut file, size)
        .await
        .expect("put_stream");
    let streamed = started.elapsed();
    let peak = status_kib("VmHWM");
    assert_eq!(stored.size, size);

    let rate = |d: Duration| mib as f64 / d.as_secs_f64();
    println!("size: {mib} MiB");
    println!(
        "direct presigned PUT: {:.1} s, {:.0} MiB/s",
        direct.as_secs_f64(),
        rate(direct)
    );
    println!(
        "S3Store::put_stream:  {:.1} s, {:.0} MiB/s (sha256 {})",
        streamed.as_secs_f64(),
        rate(streamed),
        stored.sha256_hex
    );
    println!(
        "throughput ratio (streamed / direct): {:.2}",
        direct.as_secs_f64() / streamed.as_secs_f64()
    );
    println!(
        "peak RSS growth during put_stream: {:.1} MiB (from {:.1} MiB)",
        peak.saturating_sub(rss_before) as f64 / 1024.0,
        rss_before as f64 / 1024.0
    );

    store.delete(&direct_key).await.expect("delete");
    store.delete(&streamed_key).await.expect("delete");
    std::fs::remove_file(&path).expect("remove the file");
}
