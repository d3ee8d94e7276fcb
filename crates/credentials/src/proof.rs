//! Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite: W3C VC Data Integrity EdDSA
//! Cryptosuites v1.0, §3.3 (on W3C Verifiable Credential Data Integrity 1.0, §2.1 "Proofs").
//!
//! Signing ([`add_proof`], §3.3.1 "Create Proof"):
//!
//! 1. the proof configuration (§3.3.5) is the proof options — `type: "DataIntegrityProof"`,
//!    `cryptosuite: "eddsa-jcs-2022"`, `created`, `verificationMethod`, `proofPurpose` — with the
//!    document's `@context` when it has one;
//! 2. the transformation (§3.3.3) is the JCS form (RFC 8785) of the document without `proof`;
//! 3. the hash data (§3.3.4) is SHA-256(canonical proof configuration) ‖ SHA-256(canonical
//!    document), 64 bytes;
//! 4. the proof value (§3.3.6) is `z` + base58btc of the Ed25519 signature of the hash data.
//!
//! The proof added to the document is the proof configuration with `proofValue`, so it carries
//! the document's `@context` too, as the W3C test vector `signedJCS.json` does.
//!
//! Verification ([`verify_proof`], §3.3.2 "Verify Proof") recomputes the hash data from the
//! document and its proof without `proofValue`, and checks the signature with the key of the
//! proof's `verificationMethod` (§3.3.7). Where the proof has an `@context`, §3.3.2 step 4 lets
//! the document's `@context` *start with* it; this verifier asks for it to be *equal*, so that
//! every part of a verified document is covered by the signature.
//!
//! One proof per document: a `proof` that is an array (a proof set or chain, Data Integrity
//! §2.1.1–2.1.2) is refused.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use crate::encoding::{multibase_b58, multibase_b58_decode};
use crate::keys::SIGNATURE_LENGTH;
use crate::{Error, PublicKey, Result, SigningKey, jcs};

/// The proof `type` of Data Integrity proofs (Data Integrity §2.1).
pub const PROOF_TYPE: &str = "DataIntegrityProof";
/// The cryptosuite identifier (EdDSA Cryptosuites §3.3).
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";
/// The proof purpose of a credential's proof (Data Integrity §2.2; Controlled Identifiers
/// §2.3.2 "Assertion").
pub const ASSERTION_METHOD: &str = "assertionMethod";

/// The options of a new proof (Data Integrity §2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofOptions {
    /// The URL of the verification method whose key signs, such as
    /// `https://certa.example/acme/issuer#<kid>`.
    pub verification_method: String,
    /// Why the proof is made; `assertionMethod` for a credential.
    pub proof_purpose: String,
    /// When the proof is made; written to the second as `YYYY-MM-DDThh:mm:ssZ` (an XML Schema
    /// `dateTimeStamp`, as Data Integrity §2.1 asks).
    pub created: DateTime<Utc>,
}

impl ProofOptions {
    /// Options for an `assertionMethod` proof (the purpose of a credential's proof).
    pub fn assertion(verification_method: impl Into<String>, created: DateTime<Utc>) -> Self {
        Self {
            verification_method: verification_method.into(),
            proof_purpose: ASSERTION_METHOD.to_owned(),
            created,
        }
    }
}

/// Adds an `eddsa-jcs-2022` proof to `document` (EdDSA Cryptosuites §3.3.1) and returns the
/// document with its `proof`.
///
/// # Errors
/// [`Error::InvalidProof`] if the document is not a JSON object or already has a `proof`;
/// [`Error::Json`] if it holds a number that is not finite.
pub fn add_proof(document: Value, options: &ProofOptions, key: &SigningKey) -> Result<Value> {
    let Value::Object(mut document) = document else {
        return Err(Error::InvalidProof("the document is not a JSON object"));
    };
    if document.contains_key("proof") {
        return Err(Error::InvalidProof("the document already has a proof"));
    }
    let mut proof = Map::new();
    proof.insert("type".into(), PROOF_TYPE.into());
    proof.insert("cryptosuite".into(), CRYPTOSUITE.into());
    proof.insert(
        "created".into(),
        options
            .created
            .to_rfc3339_opts(SecondsFormat::Secs, true)
            .into(),
    );
    proof.insert(
        "verificationMethod".into(),
        options.verification_method.clone().into(),
    );
    proof.insert("proofPurpose".into(), options.proof_purpose.clone().into());
    if let Some(context) = document.get("@context") {
        proof.insert("@context".into(), context.clone());
    }
    let hash_data = hash_data(&proof, &document)?;
    let signature = key.sign(&hash_data);
    proof.insert("proofValue".into(), multibase_b58(&signature).into());
    document.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(document))
}

/// Verifies the `eddsa-jcs-2022` proof of `document` (EdDSA Cryptosuites §3.3.2) with the key
/// that `resolve` gives for the proof's `verificationMethod`.
///
/// # Errors
/// - [`Error::InvalidProof`] if the document is not an object, has no `proof` object, the proof
///   is not a `DataIntegrityProof` of `eddsa-jcs-2022`, lacks `verificationMethod`,
///   `proofPurpose` or a base58btc `proofValue` of 64 bytes, has a `created` that is not a date
///   and time with an offset, or has an `@context` that is not the document's;
/// - [`Error::UnknownVerificationMethod`] if `resolve` gives no key;
/// - [`Error::BadSignature`] if the signature does not verify.
pub fn verify_proof(document: &Value, resolve: impl Fn(&str) -> Option<PublicKey>) -> Result<()> {
    let Value::Object(document) = document else {
        return Err(Error::InvalidProof("the document is not a JSON object"));
    };
    let proof = match document.get("proof") {
        Some(Value::Object(proof)) => proof,
        Some(Value::Array(_)) => {
            return Err(Error::InvalidProof(
                "proof sets and chains are not supported",
            ));
        }
        Some(_) => return Err(Error::InvalidProof("the proof is not a JSON object")),
        None => return Err(Error::InvalidProof("the document has no proof")),
    };
    if proof.get("type").and_then(Value::as_str) != Some(PROOF_TYPE) {
        return Err(Error::InvalidProof(
            "the proof type is not DataIntegrityProof",
        ));
    }
    if proof.get("cryptosuite").and_then(Value::as_str) != Some(CRYPTOSUITE) {
        return Err(Error::InvalidProof("the cryptosuite is not eddsa-jcs-2022"));
    }
    let verification_method = proof
        .get("verificationMethod")
        .and_then(Value::as_str)
        .ok_or(Error::InvalidProof("the proof has no verificationMethod"))?;
    if proof.get("proofPurpose").and_then(Value::as_str).is_none() {
        return Err(Error::InvalidProof("the proof has no proofPurpose"));
    }
    if let Some(created) = proof.get("created") {
        // §3.3.5 step 3: `created` must be an XML Schema dateTime (with an offset, Data
        // Integrity §2.1); RFC 3339 is that profile.
        let created = created
            .as_str()
            .ok_or(Error::InvalidProof("created is not a string"))?;
        DateTime::parse_from_rfc3339(created)
            .map_err(|_| Error::InvalidProof("created is not a date and time"))?;
    }
    let signature = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .and_then(multibase_b58_decode)
        .ok_or(Error::InvalidProof("proofValue is not multibase base58btc"))?;
    if signature.len() != SIGNATURE_LENGTH {
        return Err(Error::InvalidProof("proofValue is not a 64-byte signature"));
    }

    let mut unsecured = document.clone();
    unsecured.remove("proof");
    let mut options = proof.clone();
    options.remove("proofValue");
    if let Some(context) = options.get("@context") {
        // §3.3.2 step 4, stricter: the document's @context must be the proof's.
        if unsecured.get("@context") != Some(context) {
            return Err(Error::InvalidProof(
                "the proof's @context is not the document's",
            ));
        }
    }
    // §3.3.5 step 4: the proof configuration carries the document's @context.
    if let Some(context) = unsecured.get("@context") {
        options.insert("@context".into(), context.clone());
    }
    let hash_data = hash_data(&options, &unsecured)?;
    let key = resolve(verification_method)
        .ok_or_else(|| Error::UnknownVerificationMethod(verification_method.to_owned()))?;
    key.verify(&hash_data, &signature)
}

/// §3.3.4: SHA-256 of the canonical proof configuration, then SHA-256 of the canonical document.
fn hash_data(proof_config: &Map<String, Value>, document: &Map<String, Value>) -> Result<[u8; 64]> {
    let config_hash = Sha256::digest(serde_jcs::to_vec(proof_config)?);
    let document_hash = Sha256::digest(serde_jcs::to_vec(document)?);
    let mut hash_data = [0u8; 64];
    hash_data[..32].copy_from_slice(&config_hash);
    hash_data[32..].copy_from_slice(&document_hash);
    Ok(hash_data)
}

/// The canonical proof configuration and document of a secured document, as the hashing step
/// sees them, for debugging interoperability (not needed to sign or verify).
///
/// # Errors
/// [`Error::InvalidProof`] if the document is not an object with a `proof` object.
pub fn canonical_inputs(document: &Value) -> Result<(String, String)> {
    let Some(Value::Object(proof)) = document.get("proof") else {
        return Err(Error::InvalidProof("the document has no proof"));
    };
    let Value::Object(mut unsecured) = document.clone() else {
        return Err(Error::InvalidProof("the document is not a JSON object"));
    };
    unsecured.remove("proof");
    let mut options = proof.clone();
    options.remove("proofValue");
    if let Some(context) = unsecured.get("@context") {
        options.insert("@context".into(), context.clone());
    }
    Ok((
        jcs::canonicalize_to_string(&Value::Object(options))?,
        jcs::canonicalize_to_string(&Value::Object(unsecured))?,
    ))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;
    use serde_json::json;

    use super::*;

    fn credential() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": "https://certa.example/acme",
            "credentialSubject": {"id": "urn:uuid:1", "name": "Müller & Söhne GmbH"},
        })
    }

    fn options() -> ProofOptions {
        ProofOptions::assertion(
            "https://certa.example/acme/issuer#k1",
            Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        )
    }

    fn resolver(key: &SigningKey) -> impl Fn(&str) -> Option<PublicKey> {
        let public = key.public_key();
        move |vm| (vm == "https://certa.example/acme/issuer#k1").then_some(public)
    }

    #[test]
    fn round_trip() {
        let key = SigningKey::generate().unwrap();
        let signed = add_proof(credential(), &options(), &key).unwrap();
        let proof = &signed["proof"];
        assert_eq!(proof["type"], "DataIntegrityProof");
        assert_eq!(proof["cryptosuite"], "eddsa-jcs-2022");
        assert_eq!(proof["created"], "2026-01-02T03:04:05Z");
        assert_eq!(proof["proofPurpose"], "assertionMethod");
        assert_eq!(proof["@context"], credential()["@context"]);
        assert!(proof["proofValue"].as_str().unwrap().starts_with('z'));
        verify_proof(&signed, resolver(&key)).unwrap();
        // The member order of the input does not matter (JCS).
        let reordered: Value = serde_json::from_str(&signed.to_string()).unwrap();
        verify_proof(&reordered, resolver(&key)).unwrap();
    }

    #[test]
    fn documents_without_context_are_signed_too() {
        let key = SigningKey::generate().unwrap();
        let signed = add_proof(json!({"a": 1}), &options(), &key).unwrap();
        assert!(signed["proof"].get("@context").is_none());
        verify_proof(&signed, resolver(&key)).unwrap();
    }

    #[test]
    fn a_proof_without_context_covers_the_documents_context() {
        // Another issuer may leave @context out of the proof: the proof configuration still
        // takes the document's (§3.3.5).
        let key = SigningKey::generate().unwrap();
        let signed = add_proof(credential(), &options(), &key).unwrap();
        let mut without = signed.clone();
        let proof = without["proof"].as_object_mut().unwrap();
        proof.remove("@context");
        verify_proof(&without, resolver(&key)).unwrap();
        without["@context"] = json!(["https://www.w3.org/ns/credentials/v2", "https://x.example"]);
        assert!(matches!(
            verify_proof(&without, resolver(&key)),
            Err(Error::BadSignature)
        ));
    }

    #[test]
    fn changes_are_detected() {
        let key = SigningKey::generate().unwrap();
        let signed = add_proof(credential(), &options(), &key).unwrap();
        let mut changed = signed.clone();
        changed["credentialSubject"]["name"] = json!("Muller & Sohne GmbH");
        assert!(matches!(
            verify_proof(&changed, resolver(&key)),
            Err(Error::BadSignature)
        ));
        let mut changed = signed.clone();
        changed["proof"]["created"] = json!("2026-01-02T03:04:06Z");
        assert!(matches!(
            verify_proof(&changed, resolver(&key)),
            Err(Error::BadSignature)
        ));
        let mut changed = signed.clone();
        changed["validUntil"] = json!("2029-01-01T00:00:00Z");
        assert!(matches!(
            verify_proof(&changed, resolver(&key)),
            Err(Error::BadSignature)
        ));
        // A context appended to the document after signing.
        let mut changed = signed.clone();
        changed["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!("https://x.example"));
        assert!(matches!(
            verify_proof(&changed, resolver(&key)),
            Err(Error::InvalidProof(_))
        ));
    }

    #[test]
    fn wrong_key_and_unknown_method_fail() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let signed = add_proof(credential(), &options(), &key).unwrap();
        assert!(matches!(
            verify_proof(&signed, resolver(&other)),
            Err(Error::BadSignature)
        ));
        assert!(matches!(
            verify_proof(&signed, |_| None),
            Err(Error::UnknownVerificationMethod(vm)) if vm.ends_with("#k1")
        ));
    }

    #[test]
    fn malformed_proofs_are_refused() {
        let key = SigningKey::generate().unwrap();
        let signed = add_proof(credential(), &options(), &key).unwrap();
        let cases: Vec<(&str, Value)> = vec![
            ("type", json!("Ed25519Signature2020")),
            ("cryptosuite", json!("eddsa-rdfc-2022")),
            ("cryptosuite", json!(null)),
            ("verificationMethod", json!(1)),
            ("proofPurpose", json!(null)),
            ("created", json!("yesterday")),
            ("proofValue", json!("uAAAA")),
            ("proofValue", json!("z2NEpo7TZRRrLZSi2U")),
            ("proofValue", json!(null)),
        ];
        for (member, value) in cases {
            let mut bad = signed.clone();
            if value.is_null() {
                bad["proof"].as_object_mut().unwrap().remove(member);
            } else {
                bad["proof"][member] = value;
            }
            assert!(
                matches!(
                    verify_proof(&bad, resolver(&key)),
                    Err(Error::InvalidProof(_))
                ),
                "{member}"
            );
        }
        let mut set = signed.clone();
        set["proof"] = json!([signed["proof"].clone()]);
        assert!(matches!(
            verify_proof(&set, resolver(&key)),
            Err(Error::InvalidProof(_))
        ));
        assert!(verify_proof(&json!([1]), resolver(&key)).is_err());
        assert!(verify_proof(&credential(), resolver(&key)).is_err());
        assert!(matches!(
            add_proof(signed, &options(), &key),
            Err(Error::InvalidProof(_))
        ));
        assert!(add_proof(json!("text"), &options(), &key).is_err());
    }

    #[test]
    fn canonical_inputs_show_what_is_hashed() {
        let key = SigningKey::generate().unwrap();
        let signed = add_proof(json!({"b": 1, "a": 2}), &options(), &key).unwrap();
        let (config, document) = canonical_inputs(&signed).unwrap();
        assert_eq!(document, r#"{"a":2,"b":1}"#);
        assert_eq!(
            config,
            r#"{"created":"2026-01-02T03:04:05Z","cryptosuite":"eddsa-jcs-2022","proofPurpose":"assertionMethod","type":"DataIntegrityProof","verificationMethod":"https://certa.example/acme/issuer#k1"}"#
        );
    }
}
