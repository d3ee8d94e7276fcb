//! Compact JWS (RFC 7515 §7.1) signed with EdDSA over Ed25519 (RFC 8037 §3.1).
//!
//! The protected header is `{"alg": "EdDSA", "kid": …, "typ": …}`; `typ` (RFC 7515 §4.1.9) is
//! the caller's: `vc+jwt` for a credential (W3C VC-JOSE-COSE §3.1.1), `statuslist+jwt`, or none.
//! The payload is JSON. Verification follows RFC 7515 §5.2 and accepts nothing but `EdDSA`: an
//! `alg` of `none`, or any other, is refused before any key is looked at (RFC 8725 §3.1–3.2), as
//! is a `crit` header (RFC 7515 §4.1.11), since no extension is understood.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::encoding::{b64url, b64url_decode};
use crate::jwk::ALG_EDDSA;
use crate::{Error, Jwks, PublicKey, Result, SigningKey};

/// The protected header of a JWS (RFC 7515 §4.1) as far as this crate reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwsHeader {
    /// Algorithm (RFC 7515 §4.1.1): always `EdDSA` here.
    pub alg: String,
    /// Key identifier (RFC 7515 §4.1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Media type of the whole JWS (RFC 7515 §4.1.9), such as `vc+jwt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
}

/// A JWS whose signature verified: its header and its JSON payload.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedJws {
    /// The protected header.
    pub header: JwsHeader,
    /// The payload.
    pub payload: Value,
}

/// Signs `payload` (serialized as compact JSON) into a compact JWS with the protected header
/// `{"alg":"EdDSA","kid":<key's kid>,"typ":<typ>}` (`typ` left out when `None`).
///
/// # Errors
/// [`Error::Json`] if the payload cannot be serialized as JSON.
pub fn sign_compact<T: Serialize + ?Sized>(
    payload: &T,
    key: &SigningKey,
    typ: Option<&str>,
) -> Result<String> {
    let header = JwsHeader {
        alg: ALG_EDDSA.to_owned(),
        kid: Some(key.kid()),
        typ: typ.map(str::to_owned),
    };
    let mut jws = b64url(&serde_json::to_vec(&header)?);
    jws.push('.');
    jws.push_str(&b64url(&serde_json::to_vec(payload)?));
    let signature = key.sign(jws.as_bytes());
    jws.push('.');
    jws.push_str(&b64url(&signature));
    Ok(jws)
}

/// Verifies a compact JWS against a JWK Set: the key is the one whose `kid` the header names.
///
/// # Errors
/// See [`verify_compact_with`]; also [`Error::UnknownKey`] if no key of the set has the `kid`.
pub fn verify_compact(jws: &str, keys: &Jwks) -> Result<VerifiedJws> {
    verify_compact_with(jws, |kid| keys.find(kid))
}

/// Verifies a compact JWS with the key that `resolve` gives for the header's `kid`.
///
/// # Errors
/// - [`Error::MalformedJws`] if the JWS is not three base64url parts, the header is not a JSON
///   object, it has no `alg` or no string `kid`, or has `crit`, or the payload is not JSON;
/// - [`Error::UnsupportedAlgorithm`] if `alg` is not `EdDSA` (`none` included);
/// - whatever `resolve` returns for an unknown `kid`;
/// - [`Error::BadSignature`] if the signature does not verify with that key.
pub fn verify_compact_with(
    jws: &str,
    resolve: impl Fn(&str) -> Result<PublicKey>,
) -> Result<VerifiedJws> {
    let (header, payload) = verify_signature(jws, resolve)?;
    let payload = serde_json::from_slice(&payload)
        .map_err(|_| Error::MalformedJws("the payload is not JSON"))?;
    Ok(VerifiedJws { header, payload })
}

/// Signs `payload` (any bytes) as a JWS with a detached payload (RFC 7515 appendix F):
/// `header..signature`, the protected header `{"alg":"EdDSA","kid":<key's kid>}`. The
/// signature covers `base64url(header) "." base64url(payload)`, so a verifier needs the
/// exact bytes of the payload.
///
/// # Errors
/// [`Error::Json`] if the header cannot be serialized (it always can).
pub fn sign_detached(payload: &[u8], key: &SigningKey) -> Result<String> {
    let header = JwsHeader {
        alg: ALG_EDDSA.to_owned(),
        kid: Some(key.kid()),
        typ: None,
    };
    let header = b64url(&serde_json::to_vec(&header)?);
    let input = format!("{header}.{}", b64url(payload));
    let signature = key.sign(input.as_bytes());
    Ok(format!("{header}..{}", b64url(&signature)))
}

/// Verifies a JWS with a detached payload (`header..signature`, RFC 7515 appendix F) over
/// `payload` against a JWK Set; answers the protected header.
///
/// # Errors
/// As [`verify_compact_with`] (the payload need not be JSON), and
/// [`Error::MalformedJws`] if the JWS carries a payload of its own.
pub fn verify_detached(jws: &str, payload: &[u8], keys: &Jwks) -> Result<JwsHeader> {
    let mut parts = jws.trim_end().split('.');
    let (Some(header), Some(""), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::MalformedJws(
            "a detached JWS has three parts and an empty payload",
        ));
    };
    let attached = format!("{header}.{}.{signature}", b64url(payload));
    let (header, _) = verify_signature(&attached, |kid| keys.find(kid))?;
    Ok(header)
}

/// RFC 7515 §5.2 up to and including the signature check; returns the header and the raw
/// payload.
fn verify_signature(
    jws: &str,
    resolve: impl Fn(&str) -> Result<PublicKey>,
) -> Result<(JwsHeader, Vec<u8>)> {
    let mut parts = jws.split('.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::MalformedJws("a compact JWS has three parts"));
    };
    let header_bytes =
        b64url_decode(header_b64).ok_or(Error::MalformedJws("the header is not base64url"))?;
    // serde_json keeps the last of duplicate names, as RFC 7515 §5.2 step 4 allows.
    let header: serde_json::Map<String, Value> = serde_json::from_slice(&header_bytes)
        .map_err(|_| Error::MalformedJws("the header is not a JSON object"))?;
    let alg = match header.get("alg") {
        Some(Value::String(alg)) => alg,
        Some(_) => return Err(Error::MalformedJws("alg is not a string")),
        None => return Err(Error::MalformedJws("the header has no alg")),
    };
    if alg != ALG_EDDSA {
        return Err(Error::UnsupportedAlgorithm(alg.clone()));
    }
    if header.contains_key("crit") {
        return Err(Error::MalformedJws(
            "crit names extensions that are not supported",
        ));
    }
    let kid = match header.get("kid") {
        Some(Value::String(kid)) => kid.clone(),
        _ => return Err(Error::MalformedJws("the header has no string kid")),
    };
    let typ = match header.get("typ") {
        None => None,
        Some(Value::String(typ)) => Some(typ.clone()),
        Some(_) => return Err(Error::MalformedJws("typ is not a string")),
    };
    let signature = b64url_decode(signature_b64)
        .ok_or(Error::MalformedJws("the signature is not base64url"))?;
    let key = resolve(&kid)?;
    let signing_input_len = header_b64.len() + 1 + payload_b64.len();
    let signing_input = jws
        .get(..signing_input_len)
        .ok_or(Error::MalformedJws("a compact JWS has three parts"))?;
    key.verify(signing_input.as_bytes(), &signature)?;
    let payload =
        b64url_decode(payload_b64).ok_or(Error::MalformedJws("the payload is not base64url"))?;
    Ok((
        JwsHeader {
            alg: alg.clone(),
            kid: Some(kid),
            typ,
        },
        payload,
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn key_set(key: &SigningKey) -> Jwks {
        Jwks::from_public_keys([&key.public_key()])
    }

    /// Replaces the header of a JWS, keeping its payload and signature.
    fn with_header(jws: &str, header: &Value) -> String {
        let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
        parts[0] = b64url(header.to_string().as_bytes());
        parts.join(".")
    }

    #[test]
    fn round_trip() {
        let key = SigningKey::generate().unwrap();
        let payload = json!({"iss": "https://certa.example", "n": 1, "s": "é"});
        let jws = sign_compact(&payload, &key, Some("vc+jwt")).unwrap();
        let verified = verify_compact(&jws, &key_set(&key)).unwrap();
        assert_eq!(verified.payload, payload);
        assert_eq!(verified.header.alg, "EdDSA");
        assert_eq!(verified.header.kid.as_deref(), Some(key.kid().as_str()));
        assert_eq!(verified.header.typ.as_deref(), Some("vc+jwt"));

        let header = b64url_decode(jws.split('.').next().unwrap()).unwrap();
        assert_eq!(
            String::from_utf8(header).unwrap(),
            format!(r#"{{"alg":"EdDSA","kid":"{}","typ":"vc+jwt"}}"#, key.kid())
        );
    }

    #[test]
    fn typ_may_be_left_out() {
        let key = SigningKey::generate().unwrap();
        let jws = sign_compact(&json!([1, 2]), &key, None).unwrap();
        let header = b64url_decode(jws.split('.').next().unwrap()).unwrap();
        assert!(!String::from_utf8(header).unwrap().contains("typ"));
        let verified = verify_compact(&jws, &key_set(&key)).unwrap();
        assert_eq!(verified.header.typ, None);
        assert_eq!(verified.payload, json!([1, 2]));
    }

    #[test]
    fn rfc8037_example_signature() {
        // RFC 8037 Appendix A.4: the JWS of "Example of Ed25519 signing" with the key of A.1.
        let key = SigningKey::from_seed(&[
            0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec,
            0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03,
            0x1c, 0xae, 0x7f, 0x60,
        ]);
        let input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
        let signature = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
        assert_eq!(b64url(&key.sign(input.as_bytes())), signature);
        // The example's header has no kid; the signature itself verifies.
        let public = key.public_key();
        public
            .verify(input.as_bytes(), &b64url_decode(signature).unwrap())
            .unwrap();
        let jws = format!("{input}.{signature}");
        assert!(matches!(
            verify_signature(&jws, |_| Ok(public)),
            Err(Error::MalformedJws(_))
        ));
    }

    #[test]
    fn detached_payload_round_trip_and_tampering() {
        let key = SigningKey::generate().unwrap();
        let keys = key_set(&key);
        let payload = b"{\"files\": []}\n not even JSON after all";
        let jws = sign_detached(payload, &key).unwrap();
        let parts: Vec<&str> = jws.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1], "", "the payload is detached");
        let header = verify_detached(&jws, payload, &keys).unwrap();
        assert_eq!(header.kid.as_deref(), Some(key.kid().as_str()));
        assert!(matches!(
            verify_detached(&jws, b"{\"files\": []}", &keys),
            Err(Error::BadSignature)
        ));
        // An attached payload is not a detached JWS, even a valid one.
        let attached = format!("{}.{}.{}", parts[0], b64url(payload), parts[2]);
        assert!(matches!(
            verify_detached(&attached, payload, &keys),
            Err(Error::MalformedJws(_))
        ));
        let other = SigningKey::generate().unwrap();
        assert!(matches!(
            verify_detached(&jws, payload, &key_set(&other)),
            Err(Error::UnknownKey(_))
        ));
        for bad in ["", "..", "a..b..c", "!!..!!"] {
            assert!(verify_detached(bad, payload, &keys).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn wrong_key_fails() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let jws = sign_compact(&json!({"a": 1}), &key, None).unwrap();
        assert!(matches!(
            verify_compact(&jws, &key_set(&other)),
            Err(Error::UnknownKey(_))
        ));
        // The right kid pointing at another key.
        assert!(matches!(
            verify_compact_with(&jws, |_| Ok(other.public_key())),
            Err(Error::BadSignature)
        ));
    }

    #[test]
    fn tampered_payload_fails() {
        let key = SigningKey::generate().unwrap();
        let jws = sign_compact(&json!({"grade": "B"}), &key, None).unwrap();
        let mut parts: Vec<&str> = jws.split('.').collect();
        let forged = b64url(br#"{"grade":"A"}"#);
        parts[1] = &forged;
        assert!(matches!(
            verify_compact(&parts.join("."), &key_set(&key)),
            Err(Error::BadSignature)
        ));
        // A changed signature, too.
        let mut bytes = jws.into_bytes();
        let last = bytes.len() - 2;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let jws = String::from_utf8(bytes).unwrap();
        assert!(verify_compact(&jws, &key_set(&key)).is_err());
    }

    #[test]
    fn alg_none_and_others_are_rejected() {
        let key = SigningKey::generate().unwrap();
        let jws = sign_compact(&json!({"a": 1}), &key, None).unwrap();
        for alg in ["none", "HS256", "ES256", "eddsa", "Ed25519"] {
            let forged = with_header(&jws, &json!({"alg": alg, "kid": key.kid()}));
            assert!(
                matches!(
                    verify_compact(&forged, &key_set(&key)),
                    Err(Error::UnsupportedAlgorithm(a)) if a == alg
                ),
                "{alg}"
            );
        }
        // An unsigned JWS (alg none, empty signature).
        let parts: Vec<&str> = jws.split('.').collect();
        let header = b64url(br#"{"alg":"none"}"#);
        let unsigned = format!("{header}.{}.", parts[1]);
        assert!(matches!(
            verify_compact(&unsigned, &key_set(&key)),
            Err(Error::UnsupportedAlgorithm(_))
        ));
        let no_alg = with_header(&jws, &json!({"kid": key.kid()}));
        assert!(matches!(
            verify_compact(&no_alg, &key_set(&key)),
            Err(Error::MalformedJws(_))
        ));
    }

    #[test]
    fn unknown_kid_fails() {
        let key = SigningKey::generate().unwrap();
        let jws = sign_compact(&json!({"a": 1}), &key, None).unwrap();
        let forged = with_header(&jws, &json!({"alg": "EdDSA", "kid": "someone-else"}));
        assert!(matches!(
            verify_compact(&forged, &key_set(&key)),
            Err(Error::UnknownKey(kid)) if kid == "someone-else"
        ));
        let no_kid = with_header(&jws, &json!({"alg": "EdDSA"}));
        assert!(matches!(
            verify_compact(&no_kid, &key_set(&key)),
            Err(Error::MalformedJws(_))
        ));
    }

    #[test]
    fn crit_and_malformed_input_are_rejected() {
        let key = SigningKey::generate().unwrap();
        let keys = key_set(&key);
        let jws = sign_compact(&json!({"a": 1}), &key, None).unwrap();
        let crit = with_header(
            &jws,
            &json!({"alg": "EdDSA", "kid": key.kid(), "b64": false, "crit": ["b64"]}),
        );
        assert!(matches!(
            verify_compact(&crit, &keys),
            Err(Error::MalformedJws(_))
        ));
        for bad in [
            "",
            ".",
            "..",
            "a.b",
            "a.b.c.d",
            "a.b.c.d.e",
            "!!!.b.c",
            "e30.e30.e30",
            &format!("{jws}."),
            &format!("{jws}=="),
        ] {
            assert!(verify_compact(bad, &keys).is_err(), "{bad:?}");
        }
        // A valid signature over a payload that is not JSON.
        let header = b64url(format!(r#"{{"alg":"EdDSA","kid":"{}"}}"#, key.kid()).as_bytes());
        let input = format!("{header}.{}", b64url(b"not json"));
        let signed = format!("{input}.{}", b64url(&key.sign(input.as_bytes())));
        assert!(matches!(
            verify_compact(&signed, &keys),
            Err(Error::MalformedJws("the payload is not JSON"))
        ));
    }
}
