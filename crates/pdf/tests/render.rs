//! Renders certificates and audit reports and reads the PDFs back with poppler
//! (`pdftotext`, `pdffonts`, `pdfinfo`, `pdftoppm`) and zbar (`zbarimg`):
//! `apt-get install poppler-utils zbar-tools`. A missing tool fails the test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use certa_pdf::{
    Assets, CertAccreditation, CertSite, CertStandard, CertificateDoc, Image, ImageFormat,
    PdfError, ReportDoc, ReportFinding, ReportNonconformity, ReportPlace, ReportScope,
    ReportTeamMember, render_certificate, render_report, sha256_hex,
};

fn single_site() -> CertificateDoc {
    CertificateDoc {
        number: "DEMO-42001-00001".into(),
        revision: 1,
        display_number: "DEMO-42001-00001/R1".into(),
        holder_name: "Northwind Analytics GmbH".into(),
        holder_location: "Hafenstraße 12, 20457 Hamburg, Germany".into(),
        sites: vec![CertSite {
            name: "Head office".into(),
            location: "Hafenstraße 12, 20457 Hamburg, Germany".into(),
            scope: "Development and operation of credit scoring models".into(),
        }],
        standards: vec![CertStandard {
            code: "ISO/IEC 42001:2023".into(),
            title: "Artificial intelligence — Management system".into(),
            soa_version: None,
        }],
        scope: "Development and operation of machine-learning credit scoring models for consumer lenders".into(),
        effective_date: "6 December 2026".into(),
        expiry_date: "5 December 2029".into(),
        original_date: "14 January 2024".into(),
        issue_date: "7 December 2026".into(),
        issue_date_iso: "2026-12-07".into(),
        body_name: "Example Certification Ltd".into(),
        body_address: "1 Quality Street, London EC1A 1AA, United Kingdom".into(),
        accreditation: Some(CertAccreditation {
            body: "United Kingdom Accreditation Service".into(),
            number: "UKAS 0042".into(),
        }),
        verify_url: "https://certa.example/verify/DEMO-42001-00001".into(),
        status_note: None,
        credential_jwt: None,
    }
}

fn multi_site() -> CertificateDoc {
    CertificateDoc {
        number: "DEMO-27001-00007".into(),
        revision: 0,
        display_number: "DEMO-27001-00007".into(),
        holder_name: "Contoso Hosting SA".into(),
        holder_location: "Rue du Rhône 8, 1204 Geneva, Switzerland".into(),
        sites: vec![
            CertSite {
                name: "Geneva head office".into(),
                location: "Rue du Rhône 8, 1204 Geneva, Switzerland".into(),
                scope: "Management of the information security programme".into(),
            },
            CertSite {
                name: "Zurich data centre".into(),
                location: "Hardturmstrasse 101, 8005 Zurich, Switzerland".into(),
                scope: "Operation of colocation and managed hosting".into(),
            },
            CertSite {
                name: "Lyon support centre".into(),
                location: "12 quai Perrache, 69002 Lyon, France".into(),
                scope: "Customer support and incident handling".into(),
            },
        ],
        standards: vec![CertStandard {
            code: "ISO/IEC 27001:2022".into(),
            title: "Information security, cybersecurity and privacy protection — Information security management systems".into(),
            soa_version: Some("4.2 of 3 October 2026".into()),
        }],
        scope: "Provision of colocation, managed hosting and support services".into(),
        effective_date: "1 November 2026".into(),
        expiry_date: "31 October 2029".into(),
        original_date: "1 November 2026".into(),
        issue_date: "1 November 2026".into(),
        issue_date_iso: "2026-11-01".into(),
        body_name: "Example Certification Ltd".into(),
        body_address: "1 Quality Street, London EC1A 1AA, United Kingdom".into(),
        accreditation: Some(CertAccreditation {
            body: "Swiss Accreditation Service".into(),
            number: "SCESm 0999".into(),
        }),
        verify_url: "https://certa.example/verify/DEMO-27001-00007".into(),
        status_note: Some("Suspended from 1 March 2027".into()),
        credential_jwt: None,
    }
}

fn finding(reference: &str, title: &str, result: &str, notes: Option<&str>) -> ReportFinding {
    ReportFinding {
        reference: reference.into(),
        title: title.into(),
        result: result.into(),
        notes: notes.map(Into::into),
    }
}

fn report() -> ReportDoc {
    ReportDoc {
        certification_body: "Example Certification Ltd".into(),
        body_address: "1 Quality Street, London EC1A 1AA, United Kingdom".into(),
        client: "Northwind Analytics GmbH".into(),
        address: Some("Hafenstraße 12, 20457 Hamburg, Germany".into()),
        representative: Some("Dr. Lena Vogt, Head of Compliance".into()),
        audit_kind: "Stage 2".into(),
        standards: vec!["ISO/IEC 42001:2023".into(), "ISO/IEC 27001:2022".into()],
        integrated: true,
        objectives: "Determine the conformity of the management system with the audit criteria and its effectiveness in meeting the client's objectives.".into(),
        scope: vec![
            ReportScope {
                standard: "ISO/IEC 42001:2023".into(),
                scope: "Development and operation of credit scoring models".into(),
            },
            ReportScope {
                standard: "ISO/IEC 27001:2022".into(),
                scope: "Information security of the scoring platform".into(),
            },
        ],
        team: vec![
            ReportTeamMember { name: "Anna Keller".into(), role: "Lead auditor".into() },
            ReportTeamMember { name: "Marc Dubois".into(), role: "Technical expert".into() },
        ],
        dates: "3–5 November 2026".into(),
        places: vec![ReportPlace {
            name: "Hamburg head office".into(),
            kind: "Permanent site".into(),
            country: "Germany".into(),
        }],
        remote: Some("Interviews with the Lisbon data science team by video conference".into()),
        findings: vec![
            finding("6.1.2", "AI risk assessment", "Conforming", Some("Risk register reviewed, version 7")),
            finding("A.6.2.4", "AI system verification and validation", "Minor nonconformity", None),
        ],
        carried: vec![finding("8.3", "AI risk treatment", "Closed", Some("Corrective action verified"))],
        nonconformities: vec![ReportNonconformity {
            number: "NC-1".into(),
            grade: "Minor".into(),
            reference: "A.6.2.4".into(),
            statement: "Validation records for model release 3.2 were not retained".into(),
            status: "Open".into(),
            response_due: "5 December 2026".into(),
        }],
        answered: 0,
        total: 1,
        recommendation: "Recommended for certification".into(),
        summary: "The management system is well established and effectively implemented.".into(),
        revision: 2,
        submitted_on: "9 November 2026".into(),
        submitted_on_iso: "2026-11-09".into(),
        lead_auditor: "Anna Keller".into(),
        sampling_disclaimer: "The audit was based on a sample of the available information.".into(),
    }
}

/// A small valid PNG (8×8, opaque navy).
fn png_logo() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4b,
        0x6d, 0x29, 0xdc, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x90,
        0xd7, 0x72, 0xc1, 0x8a, 0x18, 0x86, 0x96, 0x04, 0x00, 0xbd, 0x4b, 0x23, 0x41, 0x11, 0x07,
        0xc2, 0x9e, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

fn assets() -> Assets {
    Assets {
        logo: Some(Image {
            bytes: png_logo(),
            format: ImageFormat::Png,
        }),
        accreditation_mark: Some(Image {
            bytes: br##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#1f2a44"/></svg>"##.to_vec(),
            format: ImageFormat::Svg,
        }),
    }
}

// ---------------------------------------------------------------------------------------
// The external tools.

/// Runs a poppler or zbar tool; fails the test with the package to install when absent.
fn run(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|err| {
        panic!(
            "cannot run `{tool}` ({err}): install it with `apt-get install poppler-utils zbar-tools`"
        )
    });
    assert!(
        output.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tool output is UTF-8")
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("certa-pdf-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The PDF's text as `pdftotext` reads it, whitespace runs collapsed to one space.
fn text_of(pdf: &[u8], name: &str) -> String {
    let dir = TempDir::new(name);
    let file = dir.write("doc.pdf", pdf);
    let text = run("pdftotext", &["-enc", "UTF-8", path_str(&file), "-"]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
fn assert_has(text: &str, expected: &str) {
    assert!(
        text.contains(expected),
        "the PDF's text lacks {expected:?}; it reads:\n{text}"
    );
}

// ---------------------------------------------------------------------------------------
// Certificates.

#[test]
fn single_site_certificate_shows_every_field() {
    let doc = single_site();
    let text = text_of(&render_certificate(&doc, &assets()).unwrap(), "single");
    for field in [
        &doc.holder_name,
        &doc.holder_location,
        &doc.standards[0].code,
        &doc.standards[0].title,
        &doc.scope,
        &doc.original_date,
        &doc.effective_date,
        &doc.expiry_date,
        &doc.display_number,
        &doc.issue_date,
        &doc.body_name,
        &doc.body_address,
        &doc.accreditation.as_ref().unwrap().body,
        &doc.accreditation.as_ref().unwrap().number,
        &doc.verify_url,
    ] {
        assert_has(&text, field);
    }
    assert_has(&text, "CERTIFICATE");
    assert_has(&text, "Page 1 of 1");
    assert!(
        !text.contains("Annex"),
        "a single-site certificate has no annex"
    );
}

#[test]
fn multi_site_certificate_lists_every_site_in_an_annex() {
    let doc = multi_site();
    let pdf = render_certificate(&doc, &Assets::default()).unwrap();
    let text = text_of(&pdf, "multi");
    for site in &doc.sites {
        assert_has(&text, &site.name);
        assert_has(&text, &site.location);
        assert_has(&text, &site.scope);
    }
    for field in [
        &doc.holder_name,
        &doc.holder_location,
        &doc.standards[0].code,
        &doc.scope,
        &doc.original_date,
        &doc.effective_date,
        &doc.expiry_date,
        &doc.display_number,
        &doc.issue_date,
        &doc.body_name,
        &doc.body_address,
        &doc.accreditation.as_ref().unwrap().body,
        &doc.accreditation.as_ref().unwrap().number,
        doc.status_note.as_ref().unwrap(),
    ] {
        assert_has(&text, field);
    }
    assert_has(
        &text,
        "Statement of Applicability: version 4.2 of 3 October 2026",
    );
    assert_has(&text, "Annex: certified sites");
    assert_has(&text, "Page 2 of 2");

    let dir = TempDir::new("multi-info");
    let file = dir.write("doc.pdf", &pdf);
    let info = run("pdfinfo", &[path_str(&file)]);
    assert!(info.contains("Pages:           2"), "{info}");
}

#[test]
fn every_font_is_embedded() {
    for (name, pdf) in [
        (
            "cert",
            render_certificate(&multi_site(), &assets()).unwrap(),
        ),
        ("report", render_report(&report(), &assets()).unwrap()),
    ] {
        let dir = TempDir::new(&format!("fonts-{name}"));
        let file = dir.write("doc.pdf", &pdf);
        let listing = run("pdffonts", &[path_str(&file)]);
        // name, type, encoding, emb, sub, uni, object ID: "emb" is the third column from
        // the right (the type may hold spaces).
        let fonts: Vec<&str> = listing.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{name}: no font listed:\n{listing}");
        for font in fonts {
            let columns: Vec<&str> = font.split_whitespace().collect();
            let emb = columns[columns.len() - 5];
            assert_eq!(emb, "yes", "{name}: font not embedded: {font}\n{listing}");
        }
    }
}

#[test]
fn qr_code_decodes_to_the_verify_url() {
    let doc = single_site();
    let pdf = render_certificate(&doc, &assets()).unwrap();
    let dir = TempDir::new("qr");
    let file = dir.write("doc.pdf", &pdf);
    let prefix = dir.0.join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            path_str(&file),
            path_str(&prefix),
        ],
    );
    let decoded = run(
        "zbarimg",
        &["--raw", "-q", path_str(&dir.0.join("page.png"))],
    );
    assert_eq!(
        decoded.lines().collect::<Vec<_>>(),
        vec![doc.verify_url.as_str()]
    );
}

#[test]
fn markup_in_the_data_is_printed_literally() {
    let injected = r#"#panic("boom") *x* <y> $z$ @ref"#;
    let mut doc = single_site();
    doc.holder_name = injected.into();
    doc.scope = "*bold* [link](https://evil.example) _under_ // not a comment".into();
    let text = text_of(&render_certificate(&doc, &assets()).unwrap(), "inject");
    assert_has(&text, injected);
    assert_has(&text, &doc.scope);

    let mut report = report();
    report.client = injected.into();
    report.summary = "#set page(fill: red) ]{ unbalanced".into();
    let text = text_of(
        &render_report(&report, &Assets::default()).unwrap(),
        "inject-report",
    );
    assert_has(&text, injected);
    assert_has(&text, &report.summary);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let doc = multi_site();
    let first = render_certificate(&doc, &assets()).unwrap();
    // Another document in between, so nothing is served from a cache of the last render.
    render_certificate(&single_site(), &Assets::default()).unwrap();
    let second = render_certificate(&doc, &assets()).unwrap();
    assert_eq!(sha256_hex(&first), sha256_hex(&second));
    assert!(first == second);

    let first = render_report(&report(), &assets()).unwrap();
    let second = render_report(&report(), &assets()).unwrap();
    assert!(first == second, "two renders of one report differ");

    let mut later = doc.clone();
    later.issue_date_iso = "2027-01-15".into();
    let other = render_certificate(&later, &assets()).unwrap();
    assert_ne!(sha256_hex(&other), sha256_hex(&first));
}

#[test]
fn concurrent_renders_give_the_serial_bytes() {
    // Callers render on blocking threads side by side; the world's statics and Typst's
    // caches are shared between them.
    let single = render_certificate(&single_site(), &assets()).unwrap();
    let multi = render_certificate(&multi_site(), &assets()).unwrap();
    let results: Vec<(usize, Vec<u8>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                scope.spawn(move || {
                    let doc = if i % 2 == 0 {
                        single_site()
                    } else {
                        multi_site()
                    };
                    (i, render_certificate(&doc, &assets()).unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, pdf) in results {
        let expected = if i % 2 == 0 { &single } else { &multi };
        assert!(&pdf == expected, "render {i} on its own thread differs");
    }
}

#[test]
fn the_creation_date_is_the_issue_date() {
    let pdf = render_certificate(&single_site(), &Assets::default()).unwrap();
    let dir = TempDir::new("date");
    let file = dir.write("doc.pdf", &pdf);
    let info = run("pdfinfo", &["-isodates", path_str(&file)]);
    let created = info
        .lines()
        .find(|line| line.starts_with("CreationDate:"))
        .unwrap_or_else(|| panic!("no creation date:\n{info}"));
    assert!(created.contains("2026-12-07T00:00:00"), "{created}");
}

#[test]
fn report_shows_the_audit() {
    let doc = report();
    let text = text_of(&render_report(&doc, &assets()).unwrap(), "report");
    for field in [
        &doc.certification_body,
        &doc.client,
        doc.address.as_ref().unwrap(),
        doc.representative.as_ref().unwrap(),
        &doc.standards[0],
        &doc.standards[1],
        &doc.objectives,
        &doc.team[1].name,
        &doc.dates,
        &doc.places[0].name,
        doc.remote.as_ref().unwrap(),
        &doc.findings[1].title,
        &doc.carried[0].title,
        &doc.nonconformities[0].statement,
        &doc.recommendation,
        &doc.summary,
        &doc.sampling_disclaimer,
        &doc.lead_auditor,
        &doc.submitted_on,
    ] {
        assert_has(&text, field);
    }
    assert_has(&text, "Responses received: 0 of 1");
    assert_has(&text, "Revision 2");
    assert_has(&text, "Page 1 of");

    // The sections in the order of ISO/IEC 17021-1 9.4.8.
    let order = [
        "Type of audit",
        "Audit criteria",
        "Audit objectives",
        "Audit scope",
        "Audit team",
        "Dates and places",
        "Audit findings",
        "Combined or integrated audit",
        "Sampling",
        "Recommendation of the audit team",
    ];
    let body = &text[text.find("1. Type of audit").expect("numbered sections")..];
    let positions: Vec<usize> = order
        .iter()
        .map(|heading| {
            body.find(heading)
                .unwrap_or_else(|| panic!("no section {heading}"))
        })
        .collect();
    assert!(
        positions.is_sorted(),
        "sections out of order: {positions:?}"
    );
}

#[test]
fn documents_claim_pdf_a_3b() {
    for (name, pdf) in [
        (
            "cert",
            render_certificate(&single_site(), &assets()).unwrap(),
        ),
        (
            "report",
            render_report(&report(), &Assets::default()).unwrap(),
        ),
    ] {
        let dir = TempDir::new(&format!("pdfa-{name}"));
        let file = dir.write("doc.pdf", &pdf);
        let xmp = run("pdfinfo", &["-meta", path_str(&file)]);
        let compact: String = xmp.split_whitespace().collect();
        let part = compact.contains("<pdfaid:part>3</pdfaid:part>")
            || compact.contains("pdfaid:part=\"3\"");
        let conformance = compact.contains("<pdfaid:conformance>B</pdfaid:conformance>")
            || compact.contains("pdfaid:conformance=\"B\"");
        assert!(
            part && conformance,
            "{name}: no PDF/A-3b claim in the XMP:\n{xmp}"
        );
    }
}

#[test]
fn empty_and_very_long_fields_render() {
    let empty = CertificateDoc {
        number: String::new(),
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
        verify_url: String::new(),
        status_note: None,
        credential_jwt: None,
    };
    let pdf = render_certificate(&empty, &Assets::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    let mut long = multi_site();
    long.scope = "Design, development, provision and operation of hosting services. ".repeat(120);
    long.sites[1].scope = long.scope.clone();
    long.holder_name = "X".repeat(400);
    let text = text_of(&render_certificate(&long, &assets()).unwrap(), "long");
    assert_has(&text, "Annex: certified sites");

    let mut long_report = report();
    long_report.summary = "The audit team reviewed the records. ".repeat(600);
    long_report.findings = (0..150)
        .map(|i| finding(&format!("A.{i}"), "Control", "Conforming", Some("Sampled")))
        .collect();
    let text = text_of(
        &render_report(&long_report, &Assets::default()).unwrap(),
        "long-report",
    );
    assert_has(&text, "Page 3 of");
}

#[test]
fn a_broken_image_is_an_error_not_a_panic() {
    let broken = Assets {
        logo: Some(Image {
            bytes: b"not a png".to_vec(),
            format: ImageFormat::Png,
        }),
        accreditation_mark: None,
    };
    match render_certificate(&single_site(), &broken) {
        Err(PdfError::Typeset(message)) => {
            assert!(message.contains("/certificate.typ:"), "{message}");
        }
        other => panic!("expected a typesetting error, got {other:?}"),
    }
}

#[test]
fn images_are_checked_by_placing_them() {
    let a = assets();
    let logo = a.logo.unwrap();
    let mark = a.accreditation_mark.unwrap();
    assert_eq!(certa_pdf::check_image(&logo.bytes), Ok(ImageFormat::Png));
    assert_eq!(certa_pdf::check_image(&mark.bytes), Ok(ImageFormat::Svg));
    // A PNG whose header reads but whose data do not decode.
    let mut broken = png_logo();
    broken.truncate(40);
    assert!(matches!(
        certa_pdf::check_image(&broken),
        Err(certa_pdf::ImageError::Unplaceable(_))
    ));
    assert_eq!(
        certa_pdf::check_image(b"plain text"),
        Err(certa_pdf::ImageError::NotAnImage)
    );
}

#[test]
fn the_credential_travels_inside_the_certificate() {
    let jwt = "eyJhbGciOiJFZERTQSJ9.eyJuYW1lIjoiVGVzdCJ9.c2lnbmF0dXJl";
    let mut doc = single_site();
    doc.credential_jwt = Some(jwt.into());
    let pdf = render_certificate(&doc, &assets()).unwrap();
    let dir = TempDir::new("attached");
    let file = dir.write("doc.pdf", &pdf);
    let list = run("pdfdetach", &["-list", path_str(&file)]);
    assert!(list.contains("credential.jwt"), "attachments: {list}");
    let out = dir.0.join("credential.jwt");
    run(
        "pdfdetach",
        &[
            "-savefile",
            "credential.jwt",
            "-o",
            path_str(&out),
            path_str(&file),
        ],
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), jwt);
    // Still a PDF/A-3b document, which allows attached files.
    let xmp: String = run("pdfinfo", &["-meta", path_str(&file)])
        .split_whitespace()
        .collect();
    assert!(
        xmp.contains("<pdfaid:part>3</pdfaid:part>") || xmp.contains("pdfaid:part=\"3\""),
        "{xmp}"
    );
    // Without a credential nothing is attached.
    let plain = render_certificate(&single_site(), &assets()).unwrap();
    let file = dir.write("plain.pdf", &plain);
    let list = run("pdfdetach", &["-list", path_str(&file)]);
    assert!(!list.contains("credential.jwt"), "attachments: {list}");
}
