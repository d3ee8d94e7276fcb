//! Writes a key set and credentials signed by this crate into a folder, for a check by an
//! independent implementation (`tests/independent.py`):
//!
//! ```text
//! cargo run -p certa-credentials --example independent_fixture -- DIR
//! python3 crates/credentials/tests/independent.py DIR/jwks.json DIR/credential.jws
//! python3 crates/credentials/tests/independent.py DIR/jwks.json DIR/credential.json
//! ```
//!
//! The folder gets `jwks.json`, `credential.jws` (a `vc+jwt` compact JWS) and
//! `credential.json` (an `eddsa-jcs-2022` Data Integrity proof), all from a fresh key, plus
//! `tampered.jws` and `tampered.json`, which must fail.

use std::error::Error;
use std::path::PathBuf;

use certa_credentials::verify::verification_method_id;
use certa_credentials::{Jwks, ProofOptions, SigningKey, add_proof, sign_compact};
use serde_json::json;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: independent_fixture DIR")?,
    );
    std::fs::create_dir_all(&dir)?;

    let key = SigningKey::generate()?;
    let other = SigningKey::generate()?;
    let jwks = Jwks::from_public_keys([&other.public_key(), &key.public_key()]);
    std::fs::write(dir.join("jwks.json"), jwks.to_json()?)?;

    let issuer = "https://certa.example/acme";
    // Numbers, non-ASCII text, escapes and keys whose UTF-16 order differs from their code point
    // order exercise the canonicalization.
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "https://certa.example/acme/certificates/0193a0b4",
        "type": ["VerifiableCredential", "CertificationCredential"],
        "issuer": {"id": issuer, "name": "ACME Zertifizierung GmbH"},
        "validFrom": "2026-01-02T00:00:00Z",
        "validUntil": "2029-01-01T23:59:59Z",
        "credentialSubject": {
            "id": "urn:uuid:0193a0b4-7c1e-7a51-9d3f-1f2e3d4c5b6a",
            "name": "Müller & Söhne \"Präzision\" GmbH\n— 株式会社",
            "standard": "ISO/IEC 27001:2022",
            "sites": 3,
            "employees": 1.5e3,
            "ratio": 0.000001,
            "big": 1e21,
            "\u{1f600}": "emoji key",
            "\u{fb33}": "dalet key",
            "\u{20ac}": "euro key"
        }
    });

    let jws = sign_compact(&credential, &key, Some("vc+jwt"))?;
    std::fs::write(dir.join("credential.jws"), &jws)?;
    let mut parts: Vec<&str> = jws.split('.').collect();
    let other_jws = sign_compact(&json!({"forged": true}), &key, Some("vc+jwt"))?;
    let forged_payload = other_jws.split('.').nth(1).ok_or("no payload")?;
    parts[1] = forged_payload;
    std::fs::write(dir.join("tampered.jws"), parts.join("."))?;

    let options = ProofOptions::assertion(
        verification_method_id(issuer, &key.kid()),
        "2026-01-02T03:04:05Z".parse()?,
    );
    let signed = add_proof(credential, &options, &key)?;
    std::fs::write(
        dir.join("credential.json"),
        serde_json::to_string_pretty(&signed)?,
    )?;
    let mut tampered = signed.clone();
    tampered["credentialSubject"]["sites"] = json!(4);
    std::fs::write(
        dir.join("tampered.json"),
        serde_json::to_string_pretty(&tampered)?,
    )?;

    println!("wrote {}", dir.display());
    Ok(())
}
