//! File names as shown to people and offered in downloads.

/// The longest display name, in characters.
pub const MAX_FILENAME_CHARS: usize = 200;

/// Characters that reorder text (bidi embeddings, overrides and isolates, and the marks):
/// `invoice` + U+202E + `fdp.exe` shows as `invoiceexe.pdf`.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// A file name safe to show and to offer in a download, made from what a client sent.
///
/// Keeps only the last path segment (after any `/` or `\`), drops control characters and
/// bidirectional controls, replaces the characters Windows forbids in names (`<>:"|?*`)
/// with `_`, trims dots and spaces at both ends (so `..` and `. .` vanish), and shortens
/// to [`MAX_FILENAME_CHARS`] characters keeping the extension. An empty result becomes
/// `file`. It is never used to build a storage key or a path.
pub fn display_filename(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|&c| !c.is_control() && !is_bidi_control(c))
        .map(|c| {
            if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        return "file".to_string();
    }
    if trimmed.chars().count() <= MAX_FILENAME_CHARS {
        return trimmed.to_string();
    }
    // Keep a short extension (up to 16 characters after the last dot).
    let ext = trimmed
        .rsplit_once('.')
        .filter(|(stem, ext)| {
            !stem.is_empty()
                && !ext.is_empty()
                && ext.chars().count() <= 16
                && !ext.chars().any(char::is_whitespace)
        })
        .map(|(_, ext)| ext);
    match ext {
        Some(ext) => {
            let keep = MAX_FILENAME_CHARS - ext.chars().count() - 1;
            let stem: String = trimmed.chars().take(keep).collect();
            format!(
                "{}.{ext}",
                stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            )
        }
        None => trimmed
            .chars()
            .take(MAX_FILENAME_CHARS)
            .collect::<String>()
            .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            .to_string(),
    }
}

/// A `Content-Disposition: attachment` value for `filename` (passed through
/// [`display_filename`] first): an ASCII `filename="…"` fallback and the exact name as
/// RFC 6266 / RFC 5987 `filename*=UTF-8''…`.
pub fn content_disposition(filename: &str) -> String {
    let name = display_filename(filename);
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_stripped() {
        assert_eq!(display_filename("../../etc/passwd"), "passwd");
        assert_eq!(
            display_filename("..\\..\\windows\\system.ini"),
            "system.ini"
        );
        assert_eq!(display_filename("/abs/path/report.pdf"), "report.pdf");
        assert_eq!(
            display_filename("C:\\Users\\me\\Desktop\\policy.docx"),
            "policy.docx"
        );
        assert_eq!(display_filename(".."), "file");
        assert_eq!(display_filename("../"), "file");
        assert_eq!(display_filename("dir/.."), "file");
        assert_eq!(display_filename(""), "file");
        assert_eq!(display_filename(" . . "), "file");
    }

    #[test]
    fn dots_spaces_and_reserved_characters() {
        assert_eq!(display_filename(".htaccess"), "htaccess");
        assert_eq!(display_filename("  report.pdf.  "), "report.pdf");
        assert_eq!(
            display_filename("a\"b<c>d:e|f?g*h.txt"),
            "a_b_c_d_e_f_g_h.txt"
        );
        assert_eq!(
            display_filename("Prüfbericht 2024 – final.pdf"),
            "Prüfbericht 2024 – final.pdf"
        );
    }

    #[test]
    fn controls_and_bidi_overrides_are_removed() {
        assert_eq!(display_filename("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(
            display_filename("a\u{2066}b\u{2069}c\u{200F}.txt"),
            "abc.txt"
        );
        assert_eq!(display_filename("new\nline\r\t.csv"), "newline.csv");
        assert_eq!(display_filename("nul\0byte\u{7f}\u{85}.pdf"), "nulbyte.pdf");
        assert_eq!(display_filename("\u{202E}\u{202D}"), "file");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.pdf", "a".repeat(500));
        let d = display_filename(&long);
        assert_eq!(d.chars().count(), MAX_FILENAME_CHARS);
        assert!(d.ends_with("a.pdf"));
        let wide = format!("{}.xlsx", "ü".repeat(300));
        let d = display_filename(&wide);
        assert_eq!(d.chars().count(), MAX_FILENAME_CHARS);
        assert!(d.ends_with(".xlsx"));
        // No usable extension: plain cut.
        let d = display_filename(&"b".repeat(300));
        assert_eq!(d, "b".repeat(MAX_FILENAME_CHARS));
        let d = display_filename(&format!("{}.{}", "c".repeat(250), "x".repeat(40)));
        assert_eq!(d.chars().count(), MAX_FILENAME_CHARS);
    }

    #[test]
    fn content_disposition_is_quoted_and_encoded() {
        assert_eq!(
            content_disposition("report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        assert_eq!(
            content_disposition("../Prüf \"x\".pdf"),
            "attachment; filename=\"Pr_f _x_.pdf\"; filename*=UTF-8''Pr%C3%BCf%20_x_.pdf"
        );
        assert!(!content_disposition("a\r\nSet-Cookie: x=1").contains('\n'));
    }
}
