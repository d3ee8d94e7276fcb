//! Sealed audit files: a ZIP archive whose `manifest.json` lists every other file with its
//! size and SHA-256, signed by a detached JWS in `manifest.sig` (RFC 7515 appendix F,
//! EdDSA, `kid` header) made with the issuer's key.
//!
//! [`verify_bundle`] checks such an archive offline against the issuer's key set: first the
//! signature over the exact bytes of `manifest.json`, then the manifest itself, then every
//! listed file's size and SHA-256 in the manifest's order, then the archive for files the
//! manifest does not list. It stops at the first file that does not match and names it.
//!
//! The archive may carry a copy of the issuer's key set (`issuer-jwks.json`) for
//! convenience; trust never comes from that copy but from the key set the issuer publishes,
//! which the caller passes in.

use std::collections::BTreeSet;
use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{Error, Jwks, Result};

/// The `format` of a manifest.
pub const FORMAT: &str = "certa-audit-file";
/// The `version` of the manifest format this module writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's path in the archive.
pub const MANIFEST_PATH: &str = "manifest.json";
/// The detached signature's path in the archive.
pub const SIGNATURE_PATH: &str = "manifest.sig";
/// The convenience copy of the issuer's key set.
pub const ISSUER_JWKS_PATH: &str = "issuer-jwks.json";

/// The largest manifest read (a programme with tens of thousands of files stays far below).
const MAX_MANIFEST: u64 = 64 * 1024 * 1024;
/// The largest signature read.
const MAX_SIGNATURE: u64 = 16 * 1024;
/// The longest path accepted in a manifest.
const MAX_PATH: usize = 512;

/// A file listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Its path in the archive (`/`-separated, relative).
    pub path: String,
    /// Lowercase hex SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What the verifier needs of a manifest; the other members are kept in
/// [`BundleReport::manifest`] as they are.
#[derive(Deserialize)]
struct ManifestHead {
    format: String,
    version: u32,
    issuer: String,
    kid: String,
    files: Vec<ManifestFile>,
}

/// Whether `path` may be listed in a manifest: relative, `/`-separated, without empty, `.` or
/// `..` segments, backslashes or control characters, and not one of the two files that seal
/// the archive.
pub fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= MAX_PATH
        && path != MANIFEST_PATH
        && path != SIGNATURE_PATH
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|segment| !matches!(segment, "" | "." | ".."))
}

/// Why a file of the archive does not match.
#[derive(Debug)]
#[non_exhaustive]
pub enum Problem {
    /// The file is listed (or required) but absent from the archive.
    Missing,
    /// The archive holds a file the manifest does not list.
    NotInManifest,
    /// The file's size differs from the manifest's (`found` stops counting one byte past
    /// `expected`).
    SizeDiffers {
        /// The size the manifest lists.
        expected: u64,
        /// The size found (at most `expected + 1`).
        found: u64,
    },
    /// The file's SHA-256 differs from the manifest's.
    DigestDiffers,
    /// The signature over `manifest.json` does not verify with the key set.
    Signature(Error),
    /// `manifest.json` is signed but not a manifest this verifier understands.
    Manifest(String),
    /// The file cannot be read from the archive (a damaged entry, a checksum error, an
    /// unsupported compression).
    Unreadable(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Missing => f.write_str("listed in the manifest but missing from the archive"),
            Problem::NotInManifest => f.write_str("in the archive but not listed in the manifest"),
            Problem::SizeDiffers { expected, found } if found > expected => {
                write!(f, "larger than the {expected} bytes the manifest lists")
            }
            Problem::SizeDiffers { expected, found } => {
                write!(f, "{found} bytes where the manifest lists {expected}")
            }
            Problem::DigestDiffers => f.write_str("its SHA-256 differs from the manifest's"),
            Problem::Signature(e) => {
                write!(f, "the signature in {SIGNATURE_PATH} does not verify: {e}")
            }
            Problem::Manifest(why) => write!(f, "not a valid manifest: {why}"),
            Problem::Unreadable(why) => write!(f, "cannot be read from the archive: {why}"),
        }
    }
}

/// The first file that does not match, and why.
#[derive(Debug)]
pub struct Mismatch {
    /// The file's path in the archive.
    pub path: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

/// The outcome of [`verify_bundle`].
#[derive(Debug)]
pub struct BundleReport {
    /// The manifest as read (`Null` when it is missing or is not JSON). Trust it only when
    /// the bundle [is intact](BundleReport::is_intact).
    pub manifest: Value,
    /// The key id of the signature, when the signature verified.
    pub kid: Option<String>,
    /// The issuer the signed manifest names, when the signature verified.
    pub issuer: Option<String>,
    /// How many files the manifest lists (and were checked, when intact).
    pub files: usize,
    /// The first file that does not match; `None` when the archive is intact.
    pub mismatch: Option<Mismatch>,
}

impl BundleReport {
    /// Whether the signature verified and every file matched the manifest.
    pub fn is_intact(&self) -> bool {
        self.mismatch.is_none()
    }
}

/// The issuer a manifest names, read without checking anything: only to find the key set
/// to verify with (see [`verify_bundle`], which checks it).
///
/// # Errors
/// [`Error::InvalidBundle`] if the archive or its manifest cannot be read, or the manifest
/// names no issuer.
pub fn unverified_issuer<R: Read + Seek>(reader: R) -> Result<String> {
    let mut zip =
        zip::ZipArchive::new(reader).map_err(|_| Error::InvalidBundle("not a ZIP archive"))?;
    let bytes = read_small(&mut zip, MANIFEST_PATH, MAX_MANIFEST)
        .map_err(|_| Error::InvalidBundle("the archive has no readable manifest.json"))?;
    let manifest: Value = serde_json::from_slice(&bytes)
        .map_err(|_| Error::InvalidBundle("manifest.json is not JSON"))?;
    manifest
        .get("issuer")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or(Error::InvalidBundle("the manifest names no issuer"))
}

/// Reads a whole entry of at most `limit` bytes.
fn read_small<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
    limit: u64,
) -> std::result::Result<Vec<u8>, Problem> {
    let entry = match zip.by_name(path) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Err(Problem::Missing),
        Err(e) => return Err(Problem::Unreadable(e.to_string())),
    };
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(Problem::Unreadable(format!("larger than {limit} bytes")));
    }
    Ok(bytes)
}

/// Hashes an entry, reading at most one byte past `expected` bytes.
fn check_entry<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    file: &ManifestFile,
) -> std::result::Result<(), Problem> {
    let entry = match zip.by_name(&file.path) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Err(Problem::Missing),
        Err(e) => return Err(Problem::Unreadable(e.to_string())),
    };
    let mut hasher = Sha256::new();
    let mut limited = entry.take(file.size.saturating_add(1));
    let mut buf = vec![0u8; 64 * 1024];
    let mut found: u64 = 0;
    loop {
        let n = match limited.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Problem::Unreadable(e.to_string())),
        };
        found += n as u64;
        hasher.update(&buf[..n]);
    }
    if found != file.size {
        return Err(Problem::SizeDiffers {
            expected: file.size,
            found,
        });
    }
    if hex_lower(&hasher.finalize()) != file.sha256.to_ascii_lowercase() {
        return Err(Problem::DigestDiffers);
    }
    Ok(())
}

fn hex_lower(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The manifest's own rules: format and version known, the signing key the one it names,
/// every path valid and listed once, every digest 64 hex digits.
fn check_manifest(head: &ManifestHead, kid: &str) -> std::result::Result<(), String> {
    if head.format != FORMAT {
        return Err(format!("its format is {:?}, not {FORMAT:?}", head.format));
    }
    if head.version != FORMAT_VERSION {
        return Err(format!(
            "its version is {}, this verifier reads version {FORMAT_VERSION}",
            head.version
        ));
    }
    if head.kid != kid {
        return Err(format!(
            "it names key {:?} but was signed with key {kid:?}",
            head.kid
        ));
    }
    let mut seen = BTreeSet::new();
    for f in &head.files {
        if !valid_path(&f.path) {
            return Err(format!("it lists an invalid path {:?}", f.path));
        }
        if !seen.insert(f.path.as_str()) {
            return Err(format!("it lists {:?} twice", f.path));
        }
        if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("the SHA-256 of {:?} is not 64 hex digits", f.path));
        }
    }
    Ok(())
}

/// Verifies a sealed audit file against the issuer's key set (see the module
/// documentation for the order of the checks). A bundle that does not match is not an
/// error: the report names the first file that does not match.
///
/// # Errors
/// [`Error::InvalidBundle`] if `reader` is not a ZIP archive at all.
pub fn verify_bundle<R: Read + Seek>(reader: R, keys: &Jwks) -> Result<BundleReport> {
    let mut zip =
        zip::ZipArchive::new(reader).map_err(|_| Error::InvalidBundle("not a ZIP archive"))?;
    let mut report = BundleReport {
        manifest: Value::Null,
        kid: None,
        issuer: None,
        files: 0,
        mismatch: None,
    };
    let fail = |mut report: BundleReport, path: &str, problem: Problem| {
        report.mismatch = Some(Mismatch {
            path: path.to_owned(),
            problem,
        });
        Ok(report)
    };

    // 1. The signature over the exact bytes of manifest.json.
    let manifest = match read_small(&mut zip, MANIFEST_PATH, MAX_MANIFEST) {
        Ok(b) => b,
        Err(p) => return fail(report, MANIFEST_PATH, p),
    };
    report.manifest = serde_json::from_slice(&manifest).unwrap_or(Value::Null);
    let signature = match read_small(&mut zip, SIGNATURE_PATH, MAX_SIGNATURE) {
        Ok(b) => b,
        Err(p) => return fail(report, SIGNATURE_PATH, p),
    };
    let Ok(signature) = String::from_utf8(signature) else {
        return fail(
            report,
            MANIFEST_PATH,
            Problem::Signature(Error::MalformedJws("the signature file is not text")),
        );
    };
    let header = match crate::jws::verify_detached(&signature, &manifest, keys) {
        Ok(h) => h,
        Err(e) => return fail(report, MANIFEST_PATH, Problem::Signature(e)),
    };
    let kid = header.kid.unwrap_or_default();
    report.kid = Some(kid.clone());

    // 2. The manifest's own rules.
    let head: ManifestHead = match serde_json::from_slice(&manifest) {
        Ok(h) => h,
        Err(e) => return fail(report, MANIFEST_PATH, Problem::Manifest(e.to_string())),
    };
    report.issuer = Some(head.issuer.clone());
    report.files = head.files.len();
    if let Err(why) = check_manifest(&head, &kid) {
        return fail(report, MANIFEST_PATH, Problem::Manifest(why));
    }

    // 3. Every listed file, in the manifest's order.
    for f in &head.files {
        if let Err(p) = check_entry(&mut zip, f) {
            return fail(report, &f.path, p);
        }
    }

    // 4. Nothing else in the archive.
    let listed: BTreeSet<&str> = head.files.iter().map(|f| f.path.as_str()).collect();
    let extra = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<std::result::Result<Vec<String>, _>>();
    let extra = match extra {
        Ok(names) => names,
        Err(e) => return fail(report, "(archive)", Problem::Unreadable(e.to_string())),
    };
    let mut extra: Vec<String> = extra
        .into_iter()
        .filter(|n| {
            n != MANIFEST_PATH
                && n != SIGNATURE_PATH
                && !listed.contains(n.as_str())
                // Directory entries hold no bytes.
                && !n.ends_with('/')
        })
        .collect();
    extra.sort();
    if let Some(first) = extra.first() {
        let first = first.clone();
        return fail(report, &first, Problem::NotInManifest);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use serde_json::json;

    use super::*;
    use crate::SigningKey;

    type Files = Vec<(String, Vec<u8>)>;

    fn sha(bytes: &[u8]) -> String {
        hex_lower(&Sha256::digest(bytes))
    }

    fn files() -> Files {
        vec![
            ("audit-trail.json".into(), b"[{\"seq\": 1}]".to_vec()),
            (
                "evidence/1/v1-policy.pdf".into(),
                b"%PDF-1.7 policy".to_vec(),
            ),
            ("programme.json".into(), b"{\"id\": \"p\"}".to_vec()),
        ]
    }

    fn manifest_of(key: &SigningKey, files: &Files) -> Vec<u8> {
        let listed: Vec<ManifestFile> = files
            .iter()
            .map(|(p, b)| ManifestFile {
                path: p.clone(),
                sha256: sha(b),
                size: b.len() as u64,
            })
            .collect();
        serde_json::to_vec_pretty(&json!({
            "format": FORMAT, "version": FORMAT_VERSION, "issuer": "https://certa.example/t/acme",
            "kid": key.kid(), "files": listed,
        }))
        .unwrap()
    }

    /// An archive of `files`, then `manifest.json` and `manifest.sig`.
    fn zip_of(files: &Files, manifest: &[u8], sig: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (p, b) in files {
            w.start_file(p.as_str(), opts).unwrap();
            w.write_all(b).unwrap();
        }
        w.start_file(MANIFEST_PATH, opts).unwrap();
        w.write_all(manifest).unwrap();
        w.start_file(SIGNATURE_PATH, opts).unwrap();
        w.write_all(sig.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn sealed(key: &SigningKey, files: &Files) -> (Vec<u8>, String) {
        let manifest = manifest_of(key, files);
        let sig = crate::jws::sign_detached(&manifest, key).unwrap();
        (manifest, sig)
    }

    fn verify(bytes: Vec<u8>, key: &SigningKey) -> BundleReport {
        verify_bundle(
            Cursor::new(bytes),
            &Jwks::from_public_keys([&key.public_key()]),
        )
        .unwrap()
    }

    fn mismatch(r: &BundleReport) -> (&str, &Problem) {
        let m = r.mismatch.as_ref().expect("a mismatch");
        (m.path.as_str(), &m.problem)
    }

    #[test]
    fn an_intact_bundle_verifies() {
        let key = SigningKey::generate().unwrap();
        let (manifest, sig) = sealed(&key, &files());
        let r = verify(zip_of(&files(), &manifest, &sig), &key);
        assert!(r.is_intact(), "{:?}", r.mismatch);
        assert_eq!(r.files, 3);
        assert_eq!(r.kid.as_deref(), Some(key.kid().as_str()));
        assert_eq!(r.issuer.as_deref(), Some("https://certa.example/t/acme"));
        assert_eq!(
            unverified_issuer(Cursor::new(zip_of(&files(), &manifest, &sig))).unwrap(),
            "https://certa.example/t/acme"
        );
    }

    #[test]
    fn a_tampered_file_is_named() {
        let key = SigningKey::generate().unwrap();
        let (manifest, sig) = sealed(&key, &files());
        let mut tampered = files();
        tampered[1].1[3] ^= 1;
        let r = verify(zip_of(&tampered, &manifest, &sig), &key);
        let (path, problem) = mismatch(&r);
        assert_eq!(path, "evidence/1/v1-policy.pdf");
        assert!(matches!(problem, Problem::DigestDiffers), "{problem}");
        // A longer file: its size differs, and reading stops one byte past the listed size.
        let mut longer = files();
        longer[2].1.extend_from_slice(&[b' '; 100]);
        let r = verify(zip_of(&longer, &manifest, &sig), &key);
        let (path, problem) = mismatch(&r);
        assert_eq!(path, "programme.json");
        assert!(
            matches!(
                problem,
                Problem::SizeDiffers {
                    expected: 11,
                    found: 12
                }
            ),
            "{problem:?}"
        );
        // The first of several is named, in the manifest's order.
        let mut two = files();
        two[0].1.push(b'\n');
        two[2].1.push(b'\n');
        let r = verify(zip_of(&two, &manifest, &sig), &key);
        assert_eq!(mismatch(&r).0, "audit-trail.json");
    }

    #[test]
    fn a_missing_file_is_named() {
        let key = SigningKey::generate().unwrap();
        let (manifest, sig) = sealed(&key, &files());
        let mut fewer = files();
        fewer.remove(1);
        let r = verify(zip_of(&fewer, &manifest, &sig), &key);
        let (path, problem) = mismatch(&r);
        assert_eq!(path, "evidence/1/v1-policy.pdf");
        assert!(matches!(problem, Problem::Missing), "{problem}");
        assert_eq!(
            r.mismatch.unwrap().to_string(),
            "evidence/1/v1-policy.pdf: listed in the manifest but missing from the archive"
        );
    }

    #[test]
    fn an_extra_file_is_named() {
        let key = SigningKey::generate().unwrap();
        let (manifest, sig) = sealed(&key, &files());
        let mut more = files();
        more.push(("evidence/2/v1-forged.pdf".into(), b"%PDF forged".to_vec()));
        let r = verify(zip_of(&more, &manifest, &sig), &key);
        let (path, problem) = mismatch(&r);
        assert_eq!(path, "evidence/2/v1-forged.pdf");
        assert!(matches!(problem, Problem::NotInManifest), "{problem}");
    }

    #[test]
    fn a_bad_signature_is_refused_before_any_file() {
        let key = SigningKey::generate().unwrap();
        let (manifest, sig) = sealed(&key, &files());
        // The manifest changed after signing (a digest replaced to cover a changed file).
        let mut tampered = files();
        tampered[1].1[0] = b'!';
        let forged = String::from_utf8(manifest.clone())
            .unwrap()
            .replace(&sha(&files()[1].1), &sha(&tampered[1].1))
            .into_bytes();
        let r = verify(zip_of(&tampered, &forged, &sig), &key);
        let (path, problem) = mismatch(&r);
        assert_eq!(path, MANIFEST_PATH);
        assert!(
            matches!(problem, Problem::Signature(Error::BadSignature)),
            "{problem}"
        );
        assert!(
            r.issuer.is_none(),
            "nothing of an unsigned manifest is trusted"
        );
        // Signed by another key (one the issuer's key set does not hold).
        let other = SigningKey::generate().unwrap();
        let (m2, s2) = sealed(&other, &files());
        let r = verify(zip_of(&files(), &m2, &s2), &key);
        assert!(matches!(
            mismatch(&r),
            (MANIFEST_PATH, Problem::Signature(Error::UnknownKey(_)))
        ));
        // No signature, a garbled one.
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(MANIFEST_PATH, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&manifest).unwrap();
        let r = verify(w.finish().unwrap().into_inner(), &key);
        assert!(matches!(mismatch(&r), (SIGNATURE_PATH, Problem::Missing)));
        let r = verify(zip_of(&files(), &manifest, "not a JWS"), &key);
        assert!(matches!(
            mismatch(&r),
            (MANIFEST_PATH, Problem::Signature(Error::MalformedJws(_)))
        ));
    }

    #[test]
    fn signed_manifests_that_break_the_rules_are_refused() {
        let key = SigningKey::generate().unwrap();
        for (what, manifest) in [
            (
                "format",
                json!({"format": "other", "version": 1, "issuer": "i", "kid": key.kid(), "files": []}),
            ),
            (
                "version",
                json!({"format": FORMAT, "version": 2, "issuer": "i", "kid": key.kid(), "files": []}),
            ),
            (
                "kid",
                json!({"format": FORMAT, "version": 1, "issuer": "i", "kid": "other", "files": []}),
            ),
            (
                "path",
                json!({"format": FORMAT, "version": 1, "issuer": "i", "kid": key.kid(),
                "files": [{"path": "../etc/passwd", "sha256": "0".repeat(64), "size": 1}]}),
            ),
            (
                "twice",
                json!({"format": FORMAT, "version": 1, "issuer": "i", "kid": key.kid(),
                "files": [{"path": "a", "sha256": "0".repeat(64), "size": 1},
                          {"path": "a", "sha256": "0".repeat(64), "size": 1}]}),
            ),
            (
                "digest",
                json!({"format": FORMAT, "version": 1, "issuer": "i", "kid": key.kid(),
                "files": [{"path": "a", "sha256": "xyz", "size": 1}]}),
            ),
            ("shape", json!({"format": FORMAT, "files": "none"})),
        ] {
            let bytes = serde_json::to_vec(&manifest).unwrap();
            let sig = crate::jws::sign_detached(&bytes, &key).unwrap();
            let r = verify(zip_of(&Vec::new(), &bytes, &sig), &key);
            assert!(
                matches!(mismatch(&r), (MANIFEST_PATH, Problem::Manifest(_))),
                "{what}: {:?}",
                r.mismatch
            );
        }
    }

    #[test]
    fn what_is_not_a_zip_archive_is_an_error() {
        let key = SigningKey::generate().unwrap();
        let keys = Jwks::from_public_keys([&key.public_key()]);
        for bad in [&b""[..], b"PK\x03\x04", b"not a zip at all"] {
            assert!(matches!(
                verify_bundle(Cursor::new(bad.to_vec()), &keys),
                Err(Error::InvalidBundle(_))
            ));
        }
        let empty = zip::ZipWriter::new(Cursor::new(Vec::new()))
            .finish()
            .unwrap()
            .into_inner();
        let r = verify_bundle(Cursor::new(empty), &keys).unwrap();
        assert!(matches!(mismatch(&r), (MANIFEST_PATH, Problem::Missing)));
    }

    #[test]
    fn paths() {
        for ok in ["a", "evidence/1/v1-policy.pdf", "issuer-jwks.json"] {
            assert!(valid_path(ok), "{ok}");
        }
        for bad in [
            "",
            "/a",
            "a/",
            "a//b",
            "./a",
            "a/../b",
            "..",
            "a\\b",
            "a\nb",
            MANIFEST_PATH,
            SIGNATURE_PATH,
        ] {
            assert!(!valid_path(bad), "{bad:?}");
        }
        assert!(!valid_path(&"a".repeat(MAX_PATH + 1)));
    }
}
