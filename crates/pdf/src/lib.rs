#![doc = include_str!("../README.md")]
//!
//! # Rendering is synchronous
//!
//! [`render_certificate`] and [`render_report`] typeset and write the PDF on the calling
//! thread and take tens of milliseconds (more for long reports). Async callers run them
//! in `tokio::task::spawn_blocking`, never directly on a runtime worker.
//!
//! # The data never become markup
//!
//! The documents' fields are serialised to JSON and read by the templates with
//! `json("/data.json")`; they are inserted as text values, so a client called
//! `#panic("x")` or `*bold*` is printed as written.
//!
//! # Images are checked before they are kept
//!
//! [`check_image`] tells the format of an uploaded logo or accreditation mark from its
//! content, refuses an SVG that could run script or load anything from elsewhere
//! ([`check_svg`]) and a raster image of more than [`MAX_IMAGE_SIDE`] pixels a side, then
//! typesets a sample certificate with it, so that an image that is kept can always be
//! placed.

mod images;
mod world;

pub use images::{ImageError, MAX_IMAGE_SIDE, check_image, check_svg, image_format};

use serde::Serialize;
use sha2::{Digest, Sha256};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::world::{DocWorld, Template, VFile};

/// How many of Typst's memoisation rounds a cached result survives unused. Every render
/// ends one round, so the caches (layouts of the templates, parsed images) stay bounded
/// in a long-running server instead of growing with each distinct document.
const CACHE_ROUNDS: usize = 10;

/// An image placed in a document (the body's logo, the accreditation mark).
#[derive(Clone, Debug)]
pub struct Image {
    pub bytes: Vec<u8>,
    pub format: ImageFormat,
}

/// The image formats the templates accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Svg,
}

impl ImageFormat {
    /// Typst's name of the format (`image(..., format: ...)`).
    fn typst_name(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Svg => "svg",
        }
    }
}

/// The images of a document; each is optional and the documents render without them.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    pub logo: Option<Image>,
    pub accreditation_mark: Option<Image>,
}

/// A site covered by a certificate.
#[derive(Serialize, Clone, Debug)]
pub struct CertSite {
    pub name: String,
    pub location: String,
    pub scope: String,
}

/// A standard a certificate attests conformity to, with its edition in `code`.
#[derive(Serialize, Clone, Debug)]
pub struct CertStandard {
    /// E.g. "ISO/IEC 42001:2023".
    pub code: String,
    /// E.g. "Artificial intelligence — Management system".
    pub title: String,
    /// The version of the Statement of Applicability, where the standard has one.
    pub soa_version: Option<String>,
}

/// The accreditation under which a certificate is issued.
#[derive(Serialize, Clone, Debug)]
pub struct CertAccreditation {
    pub body: String,
    pub number: String,
}

/// The content of a certificate, every field already formatted for reading.
#[derive(Serialize, Clone, Debug)]
pub struct CertificateDoc {
    /// Base number, e.g. "DEMO-42001-00001".
    pub number: String,
    /// 0 for the first issue.
    pub revision: u32,
    /// The number as printed, e.g. "DEMO-42001-00001/R1".
    pub display_number: String,
    pub holder_name: String,
    /// Head office: address, city, country on one line.
    pub holder_location: String,
    /// The sites covered; more than one adds an annex listing every site with its scope.
    pub sites: Vec<CertSite>,
    pub standards: Vec<CertStandard>,
    pub scope: String,
    /// E.g. "6 December 2026".
    pub effective_date: String,
    pub expiry_date: String,
    /// The original certification date.
    pub original_date: String,
    /// The issue date of this revision (printed in the footer).
    pub issue_date: String,
    /// The issue date as `YYYY-MM-DD`: the PDF's creation date, so that the same
    /// certificate always gives the same bytes.
    pub issue_date_iso: String,
    pub body_name: String,
    pub body_address: String,
    pub accreditation: Option<CertAccreditation>,
    /// The public verification address, encoded in the QR code and printed under it.
    pub verify_url: String,
    /// Printed prominently when present, e.g. "Suspended from 1 March 2027".
    pub status_note: Option<String>,
    /// The revision's signed credential (a compact JWS), attached to the PDF as the file
    /// `credential.jwt` (PDF/A-3 associated file, relationship "Supplement"), so that the
    /// document alone verifies offline against the body's published keys.
    pub credential_jwt: Option<String>,
}

/// The scope audited against one standard.
#[derive(Serialize, Clone, Debug)]
pub struct ReportScope {
    pub standard: String,
    pub scope: String,
}

/// A member of the audit team.
#[derive(Serialize, Clone, Debug)]
pub struct ReportTeamMember {
    pub name: String,
    /// E.g. "Lead auditor", "Technical expert".
    pub role: String,
}

/// A place where audit activities were conducted.
#[derive(Serialize, Clone, Debug)]
pub struct ReportPlace {
    pub name: String,
    /// E.g. "Permanent site", "Temporary site".
    pub kind: String,
    pub country: String,
}

/// The finding on one requirement (clause or control).
#[derive(Serialize, Clone, Debug)]
pub struct ReportFinding {
    /// E.g. "6.1.2" or "A.5.1".
    pub reference: String,
    pub title: String,
    /// E.g. "Conforming", "Minor nonconformity".
    pub result: String,
    pub notes: Option<String>,
}

/// A nonconformity raised at the audit.
#[derive(Serialize, Clone, Debug)]
pub struct ReportNonconformity {
    pub number: String,
    /// E.g. "Major", "Minor".
    pub grade: String,
    pub reference: String,
    pub statement: String,
    pub status: String,
    pub response_due: String,
}

/// An audit report (ISO/IEC 17021-1 9.4.8), every field already formatted for reading.
#[derive(Serialize, Clone, Debug)]
pub struct ReportDoc {
    pub certification_body: String,
    pub body_address: String,
    pub client: String,
    pub address: Option<String>,
    pub representative: Option<String>,
    /// E.g. "Stage 2".
    pub audit_kind: String,
    /// The audit criteria, e.g. "ISO/IEC 42001:2023".
    pub standards: Vec<String>,
    /// Whether the standards were audited as one integrated management system.
    pub integrated: bool,
    pub objectives: String,
    pub scope: Vec<ReportScope>,
    pub team: Vec<ReportTeamMember>,
    /// E.g. "3–5 November 2026".
    pub dates: String,
    pub places: Vec<ReportPlace>,
    /// How remote auditing was used, where it was.
    pub remote: Option<String>,
    pub findings: Vec<ReportFinding>,
    /// Findings of earlier audits followed up at this one.
    pub carried: Vec<ReportFinding>,
    pub nonconformities: Vec<ReportNonconformity>,
    /// Nonconformities the client has answered, of `total`.
    pub answered: u32,
    pub total: u32,
    /// E.g. "Recommended for certification".
    pub recommendation: String,
    /// The lead auditor's summary.
    pub summary: String,
    pub revision: u32,
    pub submitted_on: String,
    /// The submission date as `YYYY-MM-DD`: the PDF's creation date, so that the same
    /// report always gives the same bytes.
    pub submitted_on_iso: String,
    pub lead_auditor: String,
    pub sampling_disclaimer: String,
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The data could not be serialised for the template.
    #[error("the document's data could not be encoded: {0}")]
    Data(#[from] serde_json::Error),
    /// The verification address does not fit in a QR code.
    #[error("the verification address cannot be encoded as a QR code: {0}")]
    Qr(String),
    /// Typst rejected the template or an image (the message has Typst's diagnostics).
    #[error("the document could not be typeset: {0}")]
    Typeset(String),
    /// The typeset document could not be written as PDF/A-3b.
    #[error("the PDF could not be written: {0}")]
    Export(String),
}

/// The hex SHA-256 of `bytes` (lower case), e.g. to record a rendered PDF's digest.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Renders a certificate as PDF/A-3b, with its QR code for `verify_url`.
///
/// Synchronous and CPU-bound: async callers run it in `spawn_blocking`. The same
/// document and assets always give the same bytes (the PDF's dates come from
/// `issue_date_iso`).
pub fn render_certificate(doc: &CertificateDoc, assets: &Assets) -> Result<Vec<u8>, PdfError> {
    let qr = qr_svg(&doc.verify_url)?;
    let ident = format!("certificate {} revision {}", doc.number, doc.revision);
    let world = DocWorld::new(Template::Certificate).with_file(VFile::Qr, qr.into_bytes());
    render(world, doc, assets, ident, timestamp(&doc.issue_date_iso))
}

/// Renders an audit report as PDF/A-3b.
///
/// Synchronous and CPU-bound: async callers run it in `spawn_blocking`. The same
/// report always gives the same bytes (the PDF's dates come from `submitted_on_iso`).
pub fn render_report(doc: &ReportDoc, assets: &Assets) -> Result<Vec<u8>, PdfError> {
    let ident = format!(
        "audit report {} {} {} revision {}",
        doc.client, doc.audit_kind, doc.dates, doc.revision
    );
    render(
        DocWorld::new(Template::Report),
        doc,
        assets,
        ident,
        timestamp(&doc.submitted_on_iso),
    )
}

/// What the templates read from `/data.json`.
#[derive(Serialize)]
struct TemplateData<'a, T> {
    doc: &'a T,
    /// Typst's format name of each image present, `null` for an absent one.
    logo: Option<&'static str>,
    mark: Option<&'static str>,
}

fn render<T: Serialize>(
    mut world: DocWorld,
    doc: &T,
    assets: &Assets,
    ident: String,
    timestamp: Option<Timestamp>,
) -> Result<Vec<u8>, PdfError> {
    let data = TemplateData {
        doc,
        logo: assets.logo.as_ref().map(|image| image.format.typst_name()),
        mark: assets
            .accreditation_mark
            .as_ref()
            .map(|image| image.format.typst_name()),
    };
    world = world.with_file(VFile::Data, serde_json::to_vec(&data)?);
    if let Some(logo) = &assets.logo {
        world = world.with_file(VFile::Logo, logo.bytes.clone());
    }
    if let Some(mark) = &assets.accreditation_mark {
        world = world.with_file(VFile::Mark, mark.bytes.clone());
    }

    let result = typeset_and_write(&world, ident, timestamp);
    typst::comemo::evict(CACHE_ROUNDS);
    result
}

fn typeset_and_write(
    world: &DocWorld,
    ident: String,
    timestamp: Option<Timestamp>,
) -> Result<Vec<u8>, PdfError> {
    let document: PagedDocument = typst::compile(world)
        .output
        .map_err(|errors| PdfError::Typeset(world.describe(&errors)))?;
    let standards = PdfStandards::new(&[PdfStandard::A_3b])
        .map_err(|err| PdfError::Export(err.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        timestamp,
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Export(world.describe(&errors)))
}

/// The PDF's creation date: midnight UTC of a `YYYY-MM-DD` date. PDF/A requires a date;
/// when the text is not a date (an empty draft), 1 January 1970 stands in for it.
fn timestamp(iso_date: &str) -> Option<Timestamp> {
    parse_iso_date(iso_date)
        .or_else(|| Datetime::from_ymd_hms(1970, 1, 1, 0, 0, 0))
        .map(Timestamp::new_utc)
}

fn parse_iso_date(iso_date: &str) -> Option<Datetime> {
    let mut parts = iso_date.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Datetime::from_ymd_hms(year, month, day, 0, 0, 0)
}

/// The QR code of `url` as SVG, black on white with its quiet zone.
fn qr_svg(url: &str) -> Result<String, PdfError> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M)
        .map_err(|err| PdfError::Qr(err.to_string()))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn timestamps_come_from_iso_dates_only() {
        assert_eq!(
            parse_iso_date("2026-12-06"),
            Datetime::from_ymd_hms(2026, 12, 6, 0, 0, 0)
        );
        assert!(parse_iso_date("").is_none());
        assert!(parse_iso_date("6 December 2026").is_none());
        assert!(parse_iso_date("2026-13-40").is_none());
    }
}
