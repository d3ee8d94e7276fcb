//! `certa verify-credential FILE [--jwks FILE]`: checks a credential Certa issued, given as
//! JSON with a Data Integrity proof (`eddsa-jcs-2022`) or as a compact JWS (`vc+jwt`),
//! against its issuer's key set: a JWKS file (offline), or the one the issuer publishes at
//! `{issuer}/.well-known/jwks.json`, where `{issuer}` is the credential's `issuer` (for a JWS,
//! read from the payload before the signature is checked, only to find the key set).

use base64::Engine as _;
use certa_credentials::verify::CredentialFormat;
use certa_credentials::{Jwks, verify_credential};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// The outcome: whether the credential verified, and the line to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub valid: bool,
    pub line: String,
}

fn invalid(reason: impl std::fmt::Display) -> Outcome {
    Outcome {
        valid: false,
        line: format!("invalid: {reason}"),
    }
}

/// The `issuer` id of a credential: a string, or an object's `id`.
fn issuer_of(credential: &Value) -> Option<String> {
    match credential.get("issuer")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

/// The credential as JSON, without checking anything: the document itself, or a JWS's
/// payload.
fn unverified(text: &str) -> Result<Value, String> {
    if text.starts_with('{') {
        return serde_json::from_str(text).map_err(|e| format!("the file is not JSON: {e}"));
    }
    let payload = text
        .split('.')
        .nth(1)
        .filter(|_| text.split('.').count() == 3)
        .ok_or("the file is neither a JSON credential nor a compact JWS")?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| "the JWS payload is not base64url")?;
    serde_json::from_slice(&bytes).map_err(|e| format!("the JWS payload is not JSON: {e}"))
}

/// Fetches `{issuer}/.well-known/jwks.json`.
pub(crate) async fn fetch_jwks(issuer: &str) -> Result<Jwks, String> {
    let url = format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'));
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("the issuer {issuer} is not an http(s) address"));
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .map_err(|e| format!("cannot start an HTTP client: {e}"))?;
    let r = client
        .get(&url)
        .header(
            reqwest::header::ACCEPT,
            "application/jwk-set+json, application/json",
        )
        .send()
        .await
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    if !r.status().is_success() {
        return Err(format!("{url} answered {}", r.status()));
    }
    let text = r
        .text()
        .await
        .map_err(|e| format!("cannot read {url}: {e}"))?;
    Jwks::from_json(&text).map_err(|e| format!("{url} is not a JWK Set: {e}"))
}

/// Verifies the credential in `file` with the key set in `jwks_file`, or else the issuer's
/// published one.
pub async fn verify_file(file: &Path, jwks_file: Option<&Path>) -> Outcome {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return invalid(format!("cannot read {}: {e}", file.display())),
    };
    let text = text.trim();
    let credential = match unverified(text) {
        Ok(c) => c,
        Err(e) => return invalid(e),
    };
    let Some(issuer) = issuer_of(&credential) else {
        return invalid("the credential names no issuer");
    };
    let jwks = match jwks_file {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => match Jwks::from_json(&t) {
                Ok(j) => j,
                Err(e) => return invalid(format!("{} is not a JWK Set: {e}", path.display())),
            },
            Err(e) => return invalid(format!("cannot read {}: {e}", path.display())),
        },
        None => match fetch_jwks(&issuer).await {
            Ok(j) => j,
            Err(e) => return invalid(e),
        },
    };
    match verify_credential(text, &jwks) {
        Ok(v) => {
            let format = match v.format {
                CredentialFormat::DataIntegrity => "data integrity proof (eddsa-jcs-2022)",
                CredentialFormat::Jws => "JWS (vc+jwt)",
            };
            let subject = v.credential.get("credentialSubject").map(|s| match s {
                Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
                other => other.clone(),
            });
            let name = subject
                .as_ref()
                .and_then(|s| s.get("name"))
                .and_then(Value::as_str)
                .unwrap_or("(unnamed)");
            let issuer = issuer_of(&v.credential).unwrap_or(issuer);
            Outcome {
                valid: true,
                line: format!(
                    "valid: {format}, key {}, issuer {issuer}, subject {name}",
                    v.kid
                ),
            }
        }
        Err(e) => invalid(e),
    }
}
