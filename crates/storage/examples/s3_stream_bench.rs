//! Streams a file into S3 through [`ObjectStore::put_stream_sized`] (one streamed `PUT`,
//! the length known) and [`ObjectStore::put_stream`] (multipart, the length unknown) and,
//! for comparison, sends the same file with one direct presigned PUT; prints the
//! throughputs, their ratios to the direct PUT and the process's peak RSS growth during
//! each streamed write.
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
        secret_key: env("CERTA_S3_SECRET_KEY").into(),
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

    let rate = |d: Duration| mib as f64 / d.as_secs_f64();
    println!("size: {mib} MiB");
    println!(
        "direct presigned PUT:     {:>5.1} s, {:>4.0} MiB/s",
        direct.as_secs_f64(),
        rate(direct)
    );

    // Through the store, with the peak RSS reset first (writing 5 to clear_refs).
    let mut keys = vec![direct_key];
    for sized in [true, false] {
        let key = ObjectKey::generate(tenant, ObjectKind::Evidence);
        let mut file = tokio::fs::File::open(&path).await.expect("open");
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let rss_before = status_kib("VmRSS");
        let started = Instant::now();
        let stored = if sized {
            store.put_stream_sized(&key, &mut file, size, size).await
        } else {
            store.put_stream(&key, &mut file, size).await
        }
        .expect("streamed write");
        let streamed = started.elapsed();
        let peak = status_kib("VmHWM");
        assert_eq!(stored.size, size);
        println!(
            "{}: {:>5.1} s, {:>4.0} MiB/s, ratio to direct {:.2}, peak RSS growth {:.1} MiB (sha256 {})",
            if sized {
                "put_stream_sized (PUT)  "
            } else {
                "put_stream (multipart)  "
            },
            streamed.as_secs_f64(),
            rate(streamed),
            direct.as_secs_f64() / streamed.as_secs_f64(),
            peak.saturating_sub(rss_before) as f64 / 1024.0,
            stored.sha256_hex
        );
        keys.push(key);
    }

    for key in &keys {
        store.delete(key).await.expect("delete");
    }
    std::fs::remove_file(&path).expect("remove the file");
}
