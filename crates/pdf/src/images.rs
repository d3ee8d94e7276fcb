//! Checking an image before it is kept for the documents: its format from its content,
//! what an SVG may contain, the size of a raster image, and a sample certificate that
//! places it.

use crate::{
    Assets, CertAccreditation, CertSite, CertStandard, CertificateDoc, Image, ImageFormat,
    render_certificate,
};

/// The widest and tallest raster image accepted, in pixels: far more than a logo printed
/// a few centimetres wide needs, and a bound on the memory its decoding takes.
pub const MAX_IMAGE_SIDE: u32 = 4000;

/// Why an image was refused. The messages are written for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Neither PNG, JPEG nor SVG.
    #[error("the file is not a PNG, JPEG or SVG image")]
    NotAnImage,
    /// An SVG that is not well-formed or has something a document must not carry.
    #[error("the SVG image cannot be used: {0}")]
    Svg(String),
    /// A PNG or JPEG whose header cannot be read.
    #[error("the {0} image is damaged: its size cannot be read")]
    Damaged(&'static str),
    /// A raster image larger than [`MAX_IMAGE_SIDE`] on a side.
    #[error(
        "the image is {width} × {height} pixels; at most {MAX_IMAGE_SIDE} × {MAX_IMAGE_SIDE} are accepted"
    )]
    TooManyPixels { width: u32, height: u32 },
    /// Typst could not place the image on a certificate (the detail is Typst's).
    #[error(
        "the image cannot be placed on a certificate: it may be damaged or use a variant of its format that is not supported"
    )]
    Unplaceable(String),
}

/// The format of an image from its content: PNG and JPEG by their signatures, SVG by its
/// root element (checked by [`check_svg`]).
pub fn image_format(bytes: &[u8]) -> Result<ImageFormat, ImageError> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(ImageFormat::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(ImageFormat::Jpeg);
    }
    if looks_like_xml(bytes) {
        return Ok(ImageFormat::Svg);
    }
    Err(ImageError::NotAnImage)
}

/// Text that starts, after a byte order mark and white space, with `<`.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    text.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

/// Checks an image completely: its format from its content ([`image_format`]), then for
/// an SVG [`check_svg`] and for a PNG or JPEG its size in pixels, and last that Typst
/// places it on a sample certificate, as the logo and as the accreditation mark. Returns
/// the format.
///
/// Synchronous and CPU-bound (it typesets a certificate): async callers run it in
/// `spawn_blocking`.
pub fn check_image(bytes: &[u8]) -> Result<ImageFormat, ImageError> {
    let format = image_format(bytes)?;
    match format {
        ImageFormat::Svg => check_svg(bytes)?,
        ImageFormat::Png | ImageFormat::Jpeg => {
            let (width, height) = pixel_size(bytes, format)?;
            if width == 0 || height == 0 {
                return Err(ImageError::Damaged(label(format)));
            }
            if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
                return Err(ImageError::TooManyPixels { width, height });
            }
        }
    }
    let image = Image {
        bytes: bytes.to_vec(),
        format,
    };
    let assets = Assets {
        logo: Some(image.clone()),
        accreditation_mark: Some(image),
    };
    render_certificate(&sample_certificate(), &assets)
        .map_err(|e| ImageError::Unplaceable(e.to_string()))?;
    Ok(format)
}

fn label(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "PNG",
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Svg => "SVG",
    }
}

/// The width and height of a PNG (its `IHDR` chunk) or a JPEG (its first start-of-frame
/// segment).
fn pixel_size(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), ImageError> {
    let damaged = || ImageError::Damaged(label(format));
    let be32 = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let be16 = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    match format {
        ImageFormat::Png => {
            if bytes.get(12..16) != Some(b"IHDR") {
                return Err(damaged());
            }
            Ok((be32(16).ok_or_else(damaged)?, be32(20).ok_or_else(damaged)?))
        }
        ImageFormat::Jpeg => {
            let mut i = 2;
            loop {
                if bytes.get(i) != Some(&0xFF) {
                    return Err(damaged());
                }
                // Fill bytes may precede a marker.
                while bytes.get(i) == Some(&0xFF) {
                    i += 1;
                }
                let marker = *bytes.get(i).ok_or_else(damaged)?;
                i += 1;
                match marker {
                    // Markers without a segment.
                    0x01 | 0xD0..=0xD7 => continue,
                    // The image data or its end before any frame header.
                    0xD9 | 0xDA => return Err(damaged()),
                    _ => {}
                }
                let length = usize::from(be16(i).ok_or_else(damaged)?);
                let frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
                if frame {
                    // Length, precision, then the height and the width.
                    let height = be16(i + 3).ok_or_else(damaged)?;
                    let width = be16(i + 5).ok_or_else(damaged)?;
                    return Ok((u32::from(width), u32::from(height)));
                }
                if length < 2 {
                    return Err(damaged());
                }
                i += length;
            }
        }
        ImageFormat::Svg => Err(damaged()),
    }
}

/// The most elements an SVG may have: plenty for a logo, a bound on the work of placing it.
const MAX_SVG_ELEMENTS: usize = 50_000;

/// Checks an SVG: well-formed XML (no document type declaration), whose root element is
/// `svg` in the SVG namespace, without scripts, event-handler attributes or foreign
/// objects, whose references (`href`, `xlink:href`) are all inside the document
/// (`#id`) or `data:` addresses, and without a `use` element that points at another
/// `use` (nested references multiply the work of drawing the image).
pub fn check_svg(bytes: &[u8]) -> Result<(), ImageError> {
    let svg = |m: &str| ImageError::Svg(m.to_string());
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| svg("it is not UTF-8 text"))?;
    let doc = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .map_err(|e| ImageError::Svg(format!("it is not well-formed XML ({e})")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(svg("its root element is not svg"));
    }
    if !matches!(root.tag_name().namespace(), None | Some(SVG_NS)) {
        return Err(svg("its root element is not in the SVG namespace"));
    }
    let mut elements = 0;
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        elements += 1;
        if elements > MAX_SVG_ELEMENTS {
            return Err(ImageError::Svg(format!(
                "it has more than {MAX_SVG_ELEMENTS} elements"
            )));
        }
        let name = node.tag_name().name();
        if name.eq_ignore_ascii_case("script") {
            return Err(svg("it contains a script"));
        }
        if name.eq_ignore_ascii_case("foreignObject") {
            return Err(svg("it contains a foreign object"));
        }
        for attr in node.attributes() {
            let attr_name = attr.name();
            if attr_name.len() > 2 && attr_name[..2].eq_ignore_ascii_case("on") {
                return Err(ImageError::Svg(format!(
                    "it has an event handler ({attr_name})"
                )));
            }
            if attr_name == "href" && !internal_reference(attr.value()) {
                return Err(ImageError::Svg(format!(
                    "it refers to something outside the image ({})",
                    attr.value().chars().take(80).collect::<String>()
                )));
            }
        }
    }
    // Every element that is or holds a `use`, then every `use` whose target is one.
    let uses: Vec<roxmltree::Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "use")
        .collect();
    if !uses.is_empty() {
        let mut holds_use = std::collections::HashSet::new();
        for u in &uses {
            for a in u.ancestors() {
                if !holds_use.insert(a.id()) {
                    break;
                }
            }
        }
        let by_id: std::collections::HashMap<&str, roxmltree::NodeId> = doc
            .descendants()
            .filter_map(|n| n.attribute("id").map(|id| (id, n.id())))
            .collect();
        for u in &uses {
            let target = href(u)
                .and_then(|h| h.trim().strip_prefix('#'))
                .and_then(|id| by_id.get(id));
            if target.is_some_and(|t| holds_use.contains(t)) {
                return Err(svg("a use element refers to another use element"));
            }
        }
    }
    // A script can also hide in text the parser keeps as character data.
    if text.to_ascii_lowercase().contains("<script") {
        return Err(svg("it contains a script"));
    }
    Ok(())
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The `href` or `xlink:href` of an element.
fn href<'a>(node: &roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == "href")
        .map(|a| a.value())
}

/// A reference into the document itself or to inline data.
fn internal_reference(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('#')
        || v.get(..5)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
}

/// The certificate an image is tried on: every field filled, an accreditation so that the
/// mark is placed too.
fn sample_certificate() -> CertificateDoc {
    CertificateDoc {
        number: "SAMPLE-0001".into(),
        revision: 0,
        display_number: "SAMPLE-0001".into(),
        holder_name: "Sample Organisation".into(),
        holder_location: "1 Sample Street, Sample Town".into(),
        sites: vec![CertSite {
            name: "Head office".into(),
            location: "1 Sample Street, Sample Town".into(),
            scope: "Sample scope".into(),
        }],
        standards: vec![CertStandard {
            code: "ISO 9001:2015".into(),
            title: "Quality management systems".into(),
            soa_version: None,
        }],
        scope: "Sample scope".into(),
        effective_date: "1 January 2026".into(),
        expiry_date: "31 December 2028".into(),
        original_date: "1 January 2026".into(),
        issue_date: "1 January 2026".into(),
        issue_date_iso: "2026-01-01".into(),
        body_name: "Sample Certification Body".into(),
        body_address: "1 Sample Street, Sample Town".into(),
        accreditation: Some(CertAccreditation {
            body: "Sample Accreditation Body".into(),
            number: "0000".into(),
        }),
        verify_url: "https://certa.example/verify/SAMPLE-0001".into(),
        status_note: None,
        credential_jwt: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_content() {
        assert_eq!(image_format(b"\x89PNG\r\n\x1a\nrest"), Ok(ImageFormat::Png));
        assert_eq!(
            image_format(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok(ImageFormat::Jpeg)
        );
        assert_eq!(image_format(b"\xEF\xBB\xBF  <svg/>"), Ok(ImageFormat::Svg));
        assert_eq!(image_format(b"GIF89a"), Err(ImageError::NotAnImage));
        assert_eq!(image_format(b""), Err(ImageError::NotAnImage));
        assert_eq!(image_format(b"hello"), Err(ImageError::NotAnImage));
    }

    fn svg_ok(s: &str) -> Result<(), ImageError> {
        check_svg(s.as_bytes())
    }

    #[test]
    fn svgs_are_checked() {
        let ns = r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;
        assert!(
            svg_ok(&format!(
                r#"<svg {ns} width="10" height="10"><rect width="10" height="10"/></svg>"#
            ))
            .is_ok()
        );
        assert!(svg_ok(&format!(
            r##"<?xml version="1.0"?><svg {ns}><defs><circle id="c" r="2"/></defs><use href="#c"/><use xlink:href="#c"/><image href="data:image/png;base64,AAAA"/></svg>"##
        ))
        .is_ok());
        for bad in [
            "<svg",
            "<html/>",
            r#"<svg xmlns="http://example.com/other"/>"#,
            r#"<!DOCTYPE svg [<!ENTITY a "x">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#,
        ] {
            assert!(matches!(svg_ok(bad), Err(ImageError::Svg(_))), "{bad}");
        }
        for (bad, why) in [
            (
                format!(r#"<svg {ns}><script>alert(1)</script></svg>"#),
                "script",
            ),
            (
                format!(r#"<svg {ns}><SCRIPT>alert(1)</SCRIPT></svg>"#),
                "script",
            ),
            (format!(r#"<svg {ns}><![CDATA[<script>]]></svg>"#), "script"),
            (format!(r#"<svg {ns} onload="alert(1)"/>"#), "event handler"),
            (
                format!(r#"<svg {ns}><foreignObject/></svg>"#),
                "foreign object",
            ),
            (
                format!(r#"<svg {ns}><image href="https://evil.example/x.png"/></svg>"#),
                "outside",
            ),
            (
                format!(r#"<svg {ns}><image xlink:href="file:///etc/passwd"/></svg>"#),
                "outside",
            ),
            (
                format!(r#"<svg {ns}><a href="javascript:alert(1)"/></svg>"#),
                "outside",
            ),
            (
                format!(
                    r##"<svg {ns}><g id="a"><circle r="1"/></g><g id="b"><use href="#a"/><use href="#a"/></g><use href="#b"/></svg>"##
                ),
                "use element",
            ),
        ] {
            match svg_ok(&bad) {
                Err(ImageError::Svg(m)) => assert!(m.contains(why), "{bad}: {m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn raster_sizes_are_read_from_the_headers() {
        // PNG: the IHDR of a 5000 × 10 image.
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        png.extend_from_slice(&5000u32.to_be_bytes());
        png.extend_from_slice(&10u32.to_be_bytes());
        assert_eq!(pixel_size(&png, ImageFormat::Png), Ok((5000, 10)));
        assert_eq!(
            check_image(&png),
            Err(ImageError::TooManyPixels {
                width: 5000,
                height: 10
            })
        );
        assert_eq!(
            check_image(b"\x89PNG\r\n\x1a\n"),
            Err(ImageError::Damaged("PNG"))
        );
        // JPEG: an APP0 segment, then a baseline frame of 20 × 30 (height 30, width 20).
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xFF, 0xC0, 0x00, 0x0B, 0x08,
            0x00, 0x1E, 0x00, 0x14, 0x01, 0x01, 0x11, 0x00,
        ];
        assert_eq!(pixel_size(&jpeg, ImageFormat::Jpeg), Ok((20, 30)));
        assert_eq!(
            pixel_size(&[0xFF, 0xD8, 0xFF, 0xDA, 0x00], ImageFormat::Jpeg),
            Err(ImageError::Damaged("JPEG"))
        );
        assert_eq!(
            pixel_size(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00], ImageFormat::Jpeg),
            Err(ImageError::Damaged("JPEG"))
        );
    }
}
