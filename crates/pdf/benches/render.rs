//! `cargo bench -p certa-pdf`: renders a certificate 200 times and prints the median and
//! 99th percentile time, the peak memory and the resident memory growth, against a
//! baseline measured in the same run (a certificate with every field empty but its
//! number and no images, the least the template can typeset). Every render has a new
//! number, holder and QR code, so none is answered from Typst's caches alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use certa_pdf::{
    Assets, CertAccreditation, CertSite, CertStandard, CertificateDoc, Image, ImageFormat,
    render_certificate,
};

const RUNS: usize = 200;

fn certificate(i: usize) -> CertificateDoc {
    let sites = (1..=3)
        .map(|n| CertSite {
            name: format!("Site {n}"),
            location: format!("{n} Industrial Park, {n}000 Lyon, France"),
            scope: "Operation of managed hosting and customer support".into(),
        })
        .collect();
    CertificateDoc {
        number: format!("DEMO-27001-{i:05}"),
        revision: 1,
        display_number: format!("DEMO-27001-{i:05}/R1"),
        holder_name: format!("Contoso Hosting {i} SA"),
        holder_location: "Rue du Rhône 8, 1204 Geneva, Switzerland".into(),
        sites,
        standards: vec![CertStandard {
            code: "ISO/IEC 27001:2022".into(),
            title: "Information security management systems".into(),
            soa_version: Some("4.2".into()),
        }],
        scope: "Provision of colocation, managed hosting and support services".into(),
        effective_date: "1 November 2026".into(),
        expiry_date: "31 October 2029".into(),
        original_date: "1 November 2023".into(),
        issue_date: "1 November 2026".into(),
        issue_date_iso: "2026-11-01".into(),
        body_name: "Example Certification Ltd".into(),
        body_address: "1 Quality Street, London EC1A 1AA, United Kingdom".into(),
        accreditation: Some(CertAccreditation {
            body: "Swiss Accreditation Service".into(),
            number: "SCESm 0999".into(),
        }),
        verify_url: format!("https://certa.example/verify/DEMO-27001-{i:05}"),
        status_note: None,
        credential_jwt: None,
    }
}

fn minimal(i: usize) -> CertificateDoc {
    CertificateDoc {
        number: format!("{i}"),
        revision: 0,
        display_number: String::new(),
        holder_name: String::new(),
        holder_location: String::new(),
        sites: Vec::new(),
        standards: Vec::new(),
        scope: String::new(),
        effective_date: String::new(),
        expiry_date: String::new(),
        original_date: String::new(),
        issue_date: String::new(),
        issue_date_iso: String::new(),
        body_name: String::new(),
        body_address: String::new(),
        accreditation: None,
        verify_url: format!("x{i}"),
        status_note: None,
        credential_jwt: None,
    }
}

/// VmHWM (peak) and VmRSS (current) in KiB.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|value| value.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    (at(0.5), at(0.99))
}

fn measure(runs: usize, mut render: impl FnMut(usize) -> Vec<u8>) -> Vec<Duration> {
    (0..runs)
        .map(|i| {
            let start = Instant::now();
            black_box(render(i));
            start.elapsed()
        })
        .collect()
}

fn main() {
    let assets = Assets {
        logo: Some(Image {
            bytes: br##"<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"><rect width="60" height="40" fill="#1f2a44"/></svg>"##.to_vec(),
            format: ImageFormat::Svg,
        }),
        accreditation_mark: None,
    };
    let (_, rss_start) = memory_kib();

    // The first render parses the fonts and the template: reported on its own.
    let start = Instant::now();
    let first = render_certificate(&certificate(0), &assets).unwrap();
    let first_ms = ms(start.elapsed());

    let baseline = measure(RUNS / 4, |i| {
        render_certificate(&minimal(i), &Assets::default()).unwrap()
    });
    let (base_p50, base_p99) = percentiles(baseline);

    let (hwm_before, rss_before) = memory_kib();
    // Each render a different certificate (number, holder, QR code), as in production.
    let mut times = measure(RUNS / 2, |i| {
        render_certificate(&certificate(i + 1), &assets).unwrap()
    });
    let (_, rss_half) = memory_kib();
    times.extend(measure(RUNS / 2, |i| {
        render_certificate(&certificate(RUNS / 2 + i + 1), &assets).unwrap()
    }));
    let (hwm_after, rss_after) = memory_kib();
    let (p50, p99) = percentiles(times);

    println!(
        "certa-pdf certificate render ({RUNS} runs, {} bytes each)",
        first.len()
    );
    println!("  first render (fonts and template loaded): {first_ms:.1} ms");
    println!(
        "  baseline, empty certificate ({} runs): p50 {base_p50:.1} ms, p99 {base_p99:.1} ms",
        RUNS / 4
    );
    println!("  full certificate, 3 sites, QR, logo:  p50 {p50:.1} ms, p99 {p99:.1} ms");
    println!(
        "  ratio to baseline: p50 {:.2}x, p99 {:.2}x",
        p50 / base_p50,
        p99 / base_p99
    );
    println!(
        "  memory: RSS at start {} MiB, before the runs {} MiB, after {} runs {} MiB, after {RUNS} {} MiB",
        rss_start / 1024,
        rss_before / 1024,
        RUNS / 2,
        rss_half / 1024,
        rss_after / 1024,
    );
    println!(
        "  RSS growth: first {} renders {} KiB, next {} renders {} KiB; peak (VmHWM) {} MiB -> {} MiB",
        RUNS / 2,
        rss_half as i64 - rss_before as i64,
        RUNS / 2,
        rss_after as i64 - rss_half as i64,
        hwm_before / 1024,
        hwm_after / 1024,
    );
}
