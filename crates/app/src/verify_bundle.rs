//! `certa verify-bundle FILE [--jwks FILE]`: checks a sealed audit file offline: the
//! detached signature over `manifest.json` against the issuer's key set (a JWKS file, or
//! the one the issuer publishes at `{issuer}/.well-known/jwks.json`, where `{issuer}` is
//! read from the manifest only to find the key set), then every file's size and SHA-256,
//! then files the manifest does not list. The copy of the key set inside the archive
//! (`issuer-jwks.json`) is never used: it proves nothing about who signed.

use certa_credentials::Jwks;
use certa_credentials::bundle::{unverified_issuer, verify_bundle};
use std::path::Path;

/// The outcome: whether the file is intact, and the lines to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub intact: bool,
    pub lines: Vec<String>,
}

fn invalid(reason: impl std::fmt::Display) -> Outcome {
    Outcome {
        intact: false,
        lines: vec![format!("invalid: {reason}")],
    }
}

/// Verifies the sealed audit file `file` with the key set in `jwks_file`, or else the one
/// its issuer publishes.
pub async fn verify_file(file: &Path, jwks_file: Option<&Path>) -> Outcome {
    let open = || std::fs::File::open(file).map(std::io::BufReader::new);
    let reader = match open() {
        Ok(r) => r,
        Err(e) => return invalid(format!("cannot read {}: {e}", file.display())),
    };
    let (jwks, source) = match jwks_file {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => match Jwks::from_json(&t) {
                Ok(j) => (j, format!("the key set in {}", path.display())),
                Err(e) => return invalid(format!("{} is not a JWK Set: {e}", path.display())),
            },
            Err(e) => return invalid(format!("cannot read {}: {e}", path.display())),
        },
        None => {
            let issuer = match unverified_issuer(reader) {
                Ok(i) => i,
                Err(e) => return invalid(e),
            };
            match crate::verify_credential::fetch_jwks(&issuer).await {
                Ok(j) => (
                    j,
                    format!(
                        "the key set the issuer publishes at {}/.well-known/jwks.json",
                        issuer.trim_end_matches('/')
                    ),
                ),
                Err(e) => return invalid(e),
            }
        }
    };
    let reader = match open() {
        Ok(r) => r,
        Err(e) => return invalid(format!("cannot read {}: {e}", file.display())),
    };
    let report = match verify_bundle(reader, &jwks) {
        Ok(r) => r,
        Err(e) => return invalid(e),
    };
    match report.mismatch {
        Some(m) => Outcome {
            intact: false,
            lines: vec![format!("mismatch: {m}")],
        },
        None => Outcome {
            intact: true,
            lines: vec![
                format!(
                    "intact: {} files match manifest.json, signed by {} with key {}",
                    report.files,
                    report.issuer.unwrap_or_default(),
                    report.kid.unwrap_or_default()
                ),
                format!(
                    "trust: the signing key was taken from {source}, not from the copy inside the archive"
                ),
            ],
        },
    }
}
