//! Content type by magic bytes, against an allow-list.

/// How many leading bytes [`sniff`] looks at; read this many with
/// [`ObjectStore::read_prefix`](crate::ObjectStore::read_prefix).
pub const SNIFF_LEN: usize = 8192;

/// A recognised, allowed type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// The MIME type to serve the object with.
    pub mime: &'static str,
    /// A short name for people ("PDF document").
    pub label: &'static str,
}

const fn s(mime: &'static str, label: &'static str) -> Sniffed {
    Sniffed { mime, label }
}

pub const PDF: Sniffed = s("application/pdf", "PDF document");
pub const PNG: Sniffed = s("image/png", "PNG image");
pub const JPEG: Sniffed = s("image/jpeg", "JPEG image");
pub const GIF: Sniffed = s("image/gif", "GIF image");
pub const WEBP: Sniffed = s("image/webp", "WebP image");
pub const ZIP: Sniffed = s("application/zip", "ZIP archive");
pub const DOCX: Sniffed = s(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
);
pub const XLSX: Sniffed = s(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel workbook",
);
pub const PPTX: Sniffed = s(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint presentation",
);
pub const ODT: Sniffed = s(
    "application/vnd.oasis.opendocument.text",
    "OpenDocument text",
);
pub const ODS: Sniffed = s(
    "application/vnd.oasis.opendocument.spreadsheet",
    "OpenDocument spreadsheet",
);
pub const ODP: Sniffed = s(
    "application/vnd.oasis.opendocument.presentation",
    "OpenDocument presentation",
);
/// Legacy Office (doc, xls, ppt): an OLE2 compound file; which one is not told apart.
pub const OLE2: Sniffed = s(
    "application/x-ole-storage",
    "Office document (legacy format)",
);
pub const TEXT: Sniffed = s("text/plain; charset=utf-8", "Text");

/// The allowed type of a file that starts with `prefix` (its first [`SNIFF_LEN`] bytes, or
/// all of a shorter file), or `None` when it is not on the allow-list: PDF, PNG, JPEG, GIF,
/// WebP, ZIP (Office Open XML and OpenDocument files are ZIP archives and are named when
/// the prefix shows which), legacy Office (OLE2), and text (which covers CSV).
///
/// Text means valid UTF-8 (a character cut by the end of the prefix is fine) without NUL
/// or other control characters than tab, line feed, form feed and carriage return, and
/// not starting like HTML, SVG or XML, which a browser could run. An empty file is
/// refused.
pub fn sniff(prefix: &[u8]) -> Option<Sniffed> {
    let p = prefix;
    if p.starts_with(b"%PDF-") {
        return Some(PDF);
    }
    if p.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(PNG);
    }
    if p.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(JPEG);
    }
    if p.starts_with(b"GIF87a") || p.starts_with(b"GIF89a") {
        return Some(GIF);
    }
    if p.len() >= 12 && &p[..4] == b"RIFF" && &p[8..12] == b"WEBP" {
        return Some(WEBP);
    }
    if p.starts_with(b"PK\x03\x04") {
        return Some(zip_kind(p));
    }
    if p.starts_with(b"PK\x05\x06") {
        // An empty archive: only the end-of-central-directory record.
        return Some(ZIP);
    }
    if p.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(OLE2);
    }
    if is_text(p) {
        return Some(TEXT);
    }
    None
}

/// Names the Office Open XML or OpenDocument type inside a ZIP when the prefix shows it.
fn zip_kind(p: &[u8]) -> Sniffed {
    // The first local file header: name length at 26, extra length at 28, name at 30.
    let u16_at = |i: usize| {
        p.get(i..i + 2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    if let (Some(name_len), Some(extra_len)) = (u16_at(26), u16_at(28)) {
        let name = p.get(30..30 + name_len);
        // OpenDocument: a stored first entry "mimetype" holding the type.
        if name == Some(b"mimetype") {
            let data = p.get(30 + name_len + extra_len..).unwrap_or_default();
            for (prefix, kind) in [
                (&b"application/vnd.oasis.opendocument.text"[..], ODT),
                (b"application/vnd.oasis.opendocument.spreadsheet", ODS),
                (b"application/vnd.oasis.opendocument.presentation", ODP),
            ] {
                if data.starts_with(prefix) {
                    return kind;
                }
            }
        }
    }
    // Office Open XML: "[Content_Types].xml" plus the main part's folder.
    if contains(p, b"[Content_Types].xml") {
        if contains(p, b"word/") {
            return DOCX;
        }
        if contains(p, b"xl/") {
            return XLSX;
        }
        if contains(p, b"ppt/") {
            return PPTX;
        }
    }
    ZIP
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn is_text(p: &[u8]) -> bool {
    if p.is_empty() {
        return false;
    }
    let p = p.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(p);
    let valid = match std::str::from_utf8(p) {
        Ok(_) => true,
        // A multi-byte character cut by the end of the prefix (at most 3 bytes left over).
        Err(e) => e.error_len().is_none() && p.len() - e.valid_up_to() < 4,
    };
    if !valid {
        return false;
    }
    if p.iter()
        .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r')) || b == 0x7F)
    {
        return false;
    }
    let start: Vec<u8> = p
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(16)
        .map(u8::to_ascii_lowercase)
        .collect();
    let active = [
        &b"<!doctype"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<script",
        b"<svg",
        b"<?xml",
        b"<iframe",
    ];
    !active.iter().any(|a| start.starts_with(a))
}

impl Sniffed {
    /// Whether a declared MIME type (from the client) fits what the bytes are. Parameters
    /// (`; charset=…`) are ignored; text fits `text/plain` and `text/csv`, a ZIP fits any
    /// ZIP-based office type, legacy Office fits the three legacy types.
    pub fn fits_declared(&self, declared: &str) -> bool {
        let declared = declared
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let own = self.mime.split(';').next().unwrap_or_default();
        if declared == own {
            return true;
        }
        match *self {
            TEXT => matches!(
                declared.as_str(),
                "text/csv" | "text/plain" | "application/csv"
            ),
            ZIP | DOCX | XLSX | PPTX | ODT | ODS | ODP => {
                declared == "application/zip"
                    || declared == "application/x-zip-compressed"
                    || [DOCX, XLSX, PPTX, ODT, ODS, ODP]
                        .iter()
                        .any(|k| k.mime == declared)
            }
            OLE2 => matches!(
                declared.as_str(),
                "application/msword" | "application/vnd.ms-excel" | "application/vnd.ms-powerpoint"
            ),
            JPEG => declared == "image/jpg" || declared == "image/pjpeg",
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_entry(name: &[u8], data: &[u8]) -> Vec<u8> {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method, time, date
        v.extend_from_slice(&[0; 12]); // crc, sizes
        v.extend_from_slice(&(name.len() as u16).to_le_bytes());
        v.extend_from_slice(&0u16.to_le_bytes());
        v.extend_from_slice(name);
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn magic_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), Some(PDF));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(PNG));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"), Some(JPEG));
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), Some(GIF));
        assert_eq!(sniff(b"GIF87a"), Some(GIF));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(WEBP));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), None, "a WAV is RIFF too");
        assert_eq!(
            sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"),
            Some(OLE2)
        );
        assert_eq!(sniff(b"PK\x05\x06\0\0\0\0"), Some(ZIP));
    }

    #[test]
    fn zip_based_office_files() {
        let mut docx = zip_entry(b"[Content_Types].xml", b"\x8d\x92compressed");
        docx.extend(zip_entry(b"word/document.xml", b"..."));
        assert_eq!(sniff(&docx), Some(DOCX));
        let mut xlsx = zip_entry(b"[Content_Types].xml", b"...");
        xlsx.extend(zip_entry(b"xl/workbook.xml", b"..."));
        assert_eq!(sniff(&xlsx), Some(XLSX));
        let mut pptx = zip_entry(b"[Content_Types].xml", b"...");
        pptx.extend(zip_entry(b"ppt/presentation.xml", b"..."));
        assert_eq!(sniff(&pptx), Some(PPTX));
        let odt = zip_entry(
            b"mimetype",
            b"application/vnd.oasis.opendocument.textPK\x03\x04",
        );
        assert_eq!(sniff(&odt), Some(ODT));
        let ods = zip_entry(
            b"mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        );
        assert_eq!(sniff(&ods), Some(ODS));
        // A plain archive, or an office file whose main part is beyond the prefix: ZIP.
        assert_eq!(sniff(&zip_entry(b"notes.txt", b"hello")), Some(ZIP));
        assert_eq!(sniff(&zip_entry(b"[Content_Types].xml", b"...")), Some(ZIP));
        // A truncated header is still a ZIP.
        assert_eq!(sniff(b"PK\x03\x04\x14"), Some(ZIP));
    }

    #[test]
    fn text_and_csv() {
        assert_eq!(sniff(b"id;name\n1;Acme\n"), Some(TEXT));
        assert_eq!(sniff("Größe,Maß\r\n1,2\r\n".as_bytes()), Some(TEXT));
        assert_eq!(sniff(b"\xEF\xBB\xBFa,b\n"), Some(TEXT), "BOM");
        assert_eq!(sniff(b"tab\tseparated\x0cpage"), Some(TEXT));
        // A multi-byte character cut by the end of the prefix.
        let cut = "abc€".as_bytes();
        assert_eq!(sniff(&cut[..cut.len() - 1]), Some(TEXT));
        // Invalid UTF-8 in the middle, NUL, other controls.
        assert_eq!(sniff(b"abc\xFF\xFEdef"), None);
        assert_eq!(sniff(b"abc\0def"), None);
        assert_eq!(sniff(b"abc\x1b[31mred"), None);
        assert_eq!(sniff(b"abc\x7f"), None);
        assert_eq!(sniff(b""), None, "empty");
    }

    #[test]
    fn active_content_and_unknown_binaries_are_refused() {
        for bad in [
            &b"<!DOCTYPE html><html><script>alert(1)</script>"[..],
            b"  <html>",
            b"\n<SVG xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\">",
            b"<?xml version=\"1.0\"?><svg/>",
            b"<script>x()</script>",
            b"\x7fELF\x02\x01\x01\0",
            b"MZ\x90\0\x03\0\0\0",
            b"\x1f\x8b\x08\0",
            b"Rar!\x1a\x07\0",
            b"\xCA\xFE\xBA\xBE\0\0",
        ] {
            assert_eq!(sniff(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn declared_types() {
        assert!(TEXT.fits_declared("text/csv"));
        assert!(TEXT.fits_declared("text/plain; charset=utf-8"));
        assert!(!TEXT.fits_declared("text/html"));
        assert!(PDF.fits_declared("Application/PDF"));
        assert!(!PDF.fits_declared("image/png"));
        assert!(ZIP.fits_declared(DOCX.mime));
        assert!(DOCX.fits_declared("application/zip"));
        assert!(OLE2.fits_declared("application/vnd.ms-excel"));
        assert!(JPEG.fits_declared("image/jpg"));
        assert!(!PNG.fits_declared("image/jpeg"));
    }
}
