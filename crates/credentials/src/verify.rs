//! Offline verification of a Certa credential against its issuer's JWK Set.
//!
//! A credential comes in one of the two forms Certa publishes:
//!
//! - a JSON credential with an embedded `eddsa-jcs-2022` Data Integrity proof
//!   ([`crate::proof`]), whose `verificationMethod` is `{issuer}/issuer#{kid}`, where `{issuer}`
//!   is the credential's `issuer` id (see [`verification_method_id`]) and `kid` names a key of
//!   the set; the proof's purpose must be `assertionMethod`;
//! - a compact JWS (W3C VC-JOSE-COSE §3.1.1, "Securing JSON-LD Verifiable Credentials with
//!   JOSE") whose payload is the credential, whose header's `kid` names a key of the set, and
//!   whose `typ`, when present, is `vc+jwt`.
//!
//! Either way the credential must look like a W3C Verifiable Credential 2.0: a JSON object whose
//! `@context` starts with `https://www.w3.org/ns/credentials/v2` (VC Data Model 2.0 §4.3), whose
//! `type` includes `VerifiableCredential` (§4.5), with an `issuer` (§4.7) and a
//! `credentialSubject` (§4.8). Validity dates and status are not checked here: they need the
//! current time and the status list, which the caller has.

use serde_json::Value;

use crate::proof::ASSERTION_METHOD;
use crate::{Error, Jwks, Result, verify_compact, verify_proof};

/// The base context of every W3C Verifiable Credential 2.0 (VC Data Model 2.0 §4.3).
pub const CREDENTIALS_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// The `typ` of a credential secured as a JWS (VC-JOSE-COSE §3.1.1).
pub const VC_JWT_TYP: &str = "vc+jwt";

/// How a verified credential was secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialFormat {
    /// An embedded Data Integrity proof (`eddsa-jcs-2022`).
    DataIntegrity,
    /// A compact JWS (`vc+jwt`).
    Jws,
}

/// A credential whose signature verified.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedCredential {
    /// The credential (with its `proof` in the Data Integrity form).
    pub credential: Value,
    /// How it was secured.
    pub format: CredentialFormat,
    /// The `kid` of the key that signed it.
    pub kid: String,
}

/// The verification method of key `kid` of an issuer: `{issuer}/issuer#{kid}` (a trailing `/`
/// of the issuer id is dropped first).
#[must_use]
pub fn verification_method_id(issuer: &str, kid: &str) -> String {
    format!("{}/issuer#{kid}", issuer.trim_end_matches('/'))
}

/// Verifies a credential, given as JSON with a Data Integrity proof or as a compact JWS, with
/// the keys of `jwks`, and returns it.
///
/// # Errors
/// - [`Error::InvalidCredential`] if the input is neither form, is not a Verifiable Credential
///   2.0, or its proof is not an `assertionMethod` proof by a key of its issuer;
/// - [`Error::UnknownKey`] if the signing key is not in the set;
/// - the errors of [`verify_proof`] and [`verify_compact`], [`Error::BadSignature`] above all.
pub fn verify_credential(input: &str, jwks: &Jwks) -> Result<VerifiedCredential> {
    let input = input.trim();
    if input.starts_with('{') {
        verify_data_integrity(input, jwks)
    } else {
        verify_jws(input, jwks)
    }
}

fn verify_data_integrity(input: &str, jwks: &Jwks) -> Result<VerifiedCredential> {
    let credential: Value = serde_json::from_str(input)?;
    let issuer = issuer_id(&credential)?;
    let proof = credential
        .get("proof")
        .ok_or(Error::InvalidCredential("the credential has no proof"))?;
    if proof.get("proofPurpose").and_then(Value::as_str) != Some(ASSERTION_METHOD) {
        return Err(Error::InvalidCredential(
            "the proof's purpose is not assertionMethod",
        ));
    }
    let method = proof
        .get("verificationMethod")
        .and_then(Value::as_str)
        .ok_or(Error::InvalidProof("the proof has no verificationMethod"))?;
    let prefix = verification_method_id(issuer, "");
    let kid = method
        .strip_prefix(&prefix)
        .filter(|kid| !kid.is_empty())
        .ok_or(Error::InvalidCredential(
            "the verification method is not one of the issuer's keys",
        ))?;
    let key = jwks.find(kid)?;
    verify_proof(&credential, |vm| (vm == method).then_some(key))?;
    let kid = kid.to_owned();
    Ok(VerifiedCredential {
        credential,
        format: CredentialFormat::DataIntegrity,
        kid,
    })
}

fn verify_jws(input: &str, jwks: &Jwks) -> Result<VerifiedCredential> {
    let verified = verify_compact(input, jwks)?;
    if verified
        .header
        .typ
        .as_deref()
        .is_some_and(|typ| typ != VC_JWT_TYP)
    {
        return Err(Error::InvalidCredential("the JWS typ is not vc+jwt"));
    }
    issuer_id(&verified.payload)?;
    Ok(VerifiedCredential {
        credential: verified.payload,
        format: CredentialFormat::Jws,
        kid: verified.header.kid.unwrap_or_default(),
    })
}

/// Checks the shape of a Verifiable Credential 2.0 and returns its issuer's id.
fn issuer_id(credential: &Value) -> Result<&str> {
    let Value::Object(credential) = credential else {
        return Err(Error::InvalidCredential(
            "the credential is not a JSON object",
        ));
    };
    let first_context = credential
        .get("@context")
        .and_then(Value::as_array)
        .and_then(|contexts| contexts.first())
        .and_then(Value::as_str);
    if first_context != Some(CREDENTIALS_V2_CONTEXT) {
        return Err(Error::InvalidCredential(
            "@context does not start with the credentials v2 context",
        ));
    }
    let is_credential = match credential.get("type") {
        Some(Value::String(t)) => t == "VerifiableCredential",
        Some(Value::Array(types)) => types
            .iter()
            .any(|t| t.as_str() == Some("VerifiableCredential")),
        _ => false,
    };
    if !is_credential {
        return Err(Error::InvalidCredential(
            "type does not include VerifiableCredential",
        ));
    }
    if !credential.contains_key("credentialSubject") {
        return Err(Error::InvalidCredential(
            "the credential has no credentialSubject",
        ));
    }
    match credential.get("issuer") {
        Some(Value::String(id)) => Ok(id),
        Some(Value::Object(issuer)) => issuer
            .get("id")
            .and_then(Value::as_str)
            .ok_or(Error::InvalidCredential("the issuer has no id")),
        _ => Err(Error::InvalidCredential("the credential has no issuer")),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;
    use serde_json::json;

    use super::*;
    use crate::{ProofOptions, SigningKey, add_proof, sign_compact};

    const ISSUER: &str = "https://certa.example/acme";

    fn credential() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "https://certa.example/acme/certificates/0193",
            "type": ["VerifiableCredential", "CertificationCredential"],
            "issuer": {"id": ISSUER, "name": "ACME Certification"},
            "validFrom": "2026-01-02T00:00:00Z",
            "credentialSubject": {"id": "urn:uuid:0193", "name": "Müller GmbH", "standard": "ISO 9001:2015"},
        })
    }

    fn sign_di(credential: Value, key: &SigningKey, method: &str) -> String {
        let options = ProofOptions::assertion(
            method,
            chrono::Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        );
        add_proof(credential, &options, key).unwrap().to_string()
    }

    #[test]
    fn data_integrity_credentials_verify() {
        let key = SigningKey::generate().unwrap();
        let old = SigningKey::generate().unwrap();
        let jwks = Jwks::from_public_keys([&old.public_key(), &key.public_key()]);
        let method = verification_method_id(ISSUER, &key.kid());
        assert_eq!(method, format!("{ISSUER}/issuer#{}", key.kid()));
        let signed = sign_di(credential(), &key, &method);
        let verified = verify_credential(&format!("\n{signed}\n"), &jwks).unwrap();
        assert_eq!(verified.format, CredentialFormat::DataIntegrity);
        assert_eq!(verified.kid, key.kid());
        assert_eq!(
            verified.credential["credentialSubject"]["name"],
            "Müller GmbH"
        );

        let tampered = signed.replace("Müller", "Mueller");
        assert!(matches!(
            verify_credential(&tampered, &jwks),
            Err(Error::BadSignature)
        ));
        let other = Jwks::from_public_keys([&old.public_key()]);
        assert!(matches!(
            verify_credential(&signed, &other),
            Err(Error::UnknownKey(_))
        ));
    }

    #[test]
    fn the_verification_method_must_be_the_issuers() {
        let key = SigningKey::generate().unwrap();
        let jwks = Jwks::from_public_keys([&key.public_key()]);
        for method in [
            format!("https://evil.example/issuer#{}", key.kid()),
            format!("{ISSUER}/issuer#"),
            format!("{ISSUER}#{}", key.kid()),
            format!("did:key:{}", key.public_key().to_multibase()),
        ] {
            let signed = sign_di(credential(), &key, &method);
            assert!(
                matches!(
                    verify_credential(&signed, &jwks),
                    Err(Error::InvalidCredential(_))
                ),
                "{method}"
            );
        }
        // The issuer may be a plain string, with a trailing slash.
        let mut plain = credential();
        plain["issuer"] = json!(format!("{ISSUER}/"));
        let signed = sign_di(plain, &key, &verification_method_id(ISSUER, &key.kid()));
        verify_credential(&signed, &jwks).unwrap();
    }

    #[test]
    fn the_proof_purpose_must_be_assertion() {
        let key = SigningKey::generate().unwrap();
        let jwks = Jwks::from_public_keys([&key.public_key()]);
        let options = ProofOptions {
            verification_method: verification_method_id(ISSUER, &key.kid()),
            proof_purpose: "authentication".into(),
            created: chrono::Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        };
        let signed = add_proof(credential(), &options, &key).unwrap().to_string();
        assert!(matches!(
            verify_credential(&signed, &jwks),
            Err(Error::InvalidCredential(_))
        ));
    }

    #[test]
    fn jws_credentials_verify() {
        let key = SigningKey::generate().unwrap();
        let jwks = Jwks::from_public_keys([&key.public_key()]);
        let jws = sign_compact(&credential(), &key, Some("vc+jwt")).unwrap();
        let verified = verify_credential(&jws, &jwks).unwrap();
        assert_eq!(verified.format, CredentialFormat::Jws);
        assert_eq!(verified.credential, credential());
        assert_eq!(verified.kid, key.kid());

        let untyped = sign_compact(&credential(), &key, None).unwrap();
        verify_credential(&untyped, &jwks).unwrap();
        let status_list = sign_compact(&credential(), &key, Some("statuslist+jwt")).unwrap();
        assert!(matches!(
            verify_credential(&status_list, &jwks),
            Err(Error::InvalidCredential(_))
        ));
        let not_a_credential = sign_compact(&json!({"sub": "x"}), &key, Some("vc+jwt")).unwrap();
        assert!(matches!(
            verify_credential(&not_a_credential, &jwks),
            Err(Error::InvalidCredential(_))
        ));
        let other = SigningKey::generate().unwrap();
        let foreign = sign_compact(&credential(), &other, Some("vc+jwt")).unwrap();
        assert!(matches!(
            verify_credential(&foreign, &jwks),
            Err(Error::UnknownKey(_))
        ));
    }

    #[test]
    fn the_credential_shape_is_checked() {
        let key = SigningKey::generate().unwrap();
        let jwks = Jwks::from_public_keys([&key.public_key()]);
        let method = verification_method_id(ISSUER, &key.kid());
        let mut cases = Vec::new();
        let mut c = credential();
        c["@context"] = json!(["https://www.w3.org/2018/credentials/v1"]);
        cases.push(c);
        let mut c = credential();
        c["@context"] = json!("https://www.w3.org/ns/credentials/v2");
        cases.push(c);
        let mut c = credential();
        c["type"] = json!(["CertificationCredential"]);
        cases.push(c);
        let mut c = credential();
        c.as_object_mut().unwrap().remove("credentialSubject");
        cases.push(c);
        let mut c = credential();
        c["issuer"] = json!({"name": "no id"});
        cases.push(c);
        let mut c = credential();
        c.as_object_mut().unwrap().remove("issuer");
        cases.push(c);
        for case in cases {
            let signed = sign_di(case.clone(), &key, &method);
            assert!(
                matches!(
                    verify_credential(&signed, &jwks),
                    Err(Error::InvalidCredential(_))
                ),
                "{case}"
            );
        }
        let unsigned = credential().to_string();
        assert!(matches!(
            verify_credential(&unsigned, &jwks),
            Err(Error::InvalidCredential(_))
        ));
        assert!(verify_credential("", &jwks).is_err());
        assert!(verify_credential("{", &jwks).is_err());
        assert!(verify_credential("not a credential", &jwks).is_err());
    }
}
