//! Public keys as JSON Web Keys (RFC 7517) and JWK Sets (RFC 7517 §5).
//!
//! An Ed25519 key is an Octet Key Pair (RFC 8037 §2): `{"kty": "OKP", "crv": "Ed25519",
//! "x": base64url(public key)}`. Certa's keys also carry `kid` (see [`PublicKey::kid`]),
//! `alg: "EdDSA"` (RFC 8037 §3.1) and `use: "sig"` (RFC 7517 §4.2).

use serde::{Deserialize, Serialize};

use crate::encoding::{b64url, b64url_decode};
use crate::{Error, PublicKey, Result};

/// `kty` of Octet Key Pairs (RFC 8037 §2).
pub const KTY_OKP: &str = "OKP";
/// `crv` of Ed25519 keys (RFC 8037 §2).
pub const CRV_ED25519: &str = "Ed25519";
/// `alg` of Ed25519 signatures (RFC 8037 §3.1).
pub const ALG_EDDSA: &str = "EdDSA";
/// `use` of signing keys (RFC 7517 §4.2).
pub const USE_SIG: &str = "sig";

/// One JSON Web Key (RFC 7517 §4). Only the members that an Ed25519 public key uses are kept;
/// any other member (including a private `d`) is ignored when parsing and never written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type (RFC 7517 §4.1): `OKP` for Ed25519.
    pub kty: String,
    /// Curve (RFC 8037 §2): `Ed25519`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// The public key, base64url without padding (RFC 8037 §2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// Key identifier (RFC 7517 §4.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Algorithm (RFC 7517 §4.4): `EdDSA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Public key use (RFC 7517 §4.2): `sig`.
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
}

impl Jwk {
    /// The JWK of an Ed25519 public key, with its `kid`, `alg: "EdDSA"` and `use: "sig"`.
    #[must_use]
    pub fn from_public_key(key: &PublicKey) -> Self {
        Self {
            kty: KTY_OKP.to_owned(),
            crv: Some(CRV_ED25519.to_owned()),
            x: Some(b64url(&key.to_bytes())),
            kid: Some(key.kid()),
            alg: Some(ALG_EDDSA.to_owned()),
            key_use: Some(USE_SIG.to_owned()),
        }
    }

    /// Whether this is an Ed25519 key (`kty: "OKP"`, `crv: "Ed25519"`), valid or not.
    #[must_use]
    pub fn is_ed25519(&self) -> bool {
        self.kty == KTY_OKP && self.crv.as_deref() == Some(CRV_ED25519)
    }

    /// The Ed25519 public key of this JWK.
    ///
    /// # Errors
    /// [`Error::InvalidJwk`] if it is not an Ed25519 key, if `alg` is present and not `EdDSA`,
    /// if `use` is present and not `sig`, or if `x` is missing or not base64url of 32 bytes;
    /// [`Error::InvalidPublicKey`] if `x` is not a valid key.
    pub fn to_public_key(&self) -> Result<PublicKey> {
        if !self.is_ed25519() {
            return Err(Error::InvalidJwk(
                "not an Ed25519 key (kty OKP, crv Ed25519)",
            ));
        }
        if self.alg.as_deref().is_some_and(|alg| alg != ALG_EDDSA) {
            return Err(Error::InvalidJwk("alg is not EdDSA"));
        }
        if self.key_use.as_deref().is_some_and(|u| u != USE_SIG) {
            return Err(Error::InvalidJwk("use is not sig"));
        }
        let x = self.x.as_deref().ok_or(Error::InvalidJwk("no x"))?;
        let bytes = b64url_decode(x).ok_or(Error::InvalidJwk("x is not base64url"))?;
        if bytes.len() != 32 {
            return Err(Error::InvalidJwk("x is not 32 bytes"));
        }
        PublicKey::from_slice(&bytes)
    }
}

/// A JWK Set (RFC 7517 §5): `{"keys": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    /// The keys (RFC 7517 §5.1).
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The set of these public keys, each as [`Jwk::from_public_key`].
    pub fn from_public_keys<'a>(keys: impl IntoIterator<Item = &'a PublicKey>) -> Self {
        Self {
            keys: keys.into_iter().map(Jwk::from_public_key).collect(),
        }
    }

    /// The set as JSON.
    ///
    /// # Errors
    /// [`Error::Json`] (does not happen for these types).
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string(self)?)
    }

    /// Parses a JWK Set.
    ///
    /// # Errors
    /// [`Error::Json`] if the text is not a JSON object with a `keys` array of JWKs (each with a
    /// string `kty`).
    pub fn from_json(text: &str) -> Result<Self> {
        Ok(serde_json::from_str(text)?)
    }

    /// The Ed25519 public key with this `kid`.
    ///
    /// # Errors
    /// [`Error::UnknownKey`] if no key has this `kid`; [`Error::InvalidJwk`] if two keys have it,
    /// or if the key is not a valid Ed25519 signing key.
    pub fn find(&self, kid: &str) -> Result<PublicKey> {
        let mut found = self.keys.iter().filter(|k| k.kid.as_deref() == Some(kid));
        let jwk = found
            .next()
            .ok_or_else(|| Error::UnknownKey(kid.to_owned()))?;
        if found.next().is_some() {
            return Err(Error::InvalidJwk("two keys have the same kid"));
        }
        jwk.to_public_key()
    }

    /// All Ed25519 keys with a `kid`, by `kid`. Keys of other types and keys without `kid` are
    /// left out (a set may hold keys for other uses).
    ///
    /// # Errors
    /// [`Error::InvalidJwk`] if two keys have the same `kid`, or an Ed25519 key is invalid.
    pub fn ed25519_keys(&self) -> Result<std::collections::BTreeMap<String, PublicKey>> {
        let mut keys = std::collections::BTreeMap::new();
        for jwk in self.keys.iter().filter(|k| k.is_ed25519()) {
            let Some(kid) = &jwk.kid else { continue };
            if keys.insert(kid.clone(), jwk.to_public_key()?).is_some() {
                return Err(Error::InvalidJwk("two keys have the same kid"));
            }
        }
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::SigningKey;

    #[test]
    fn jwk_of_an_ed25519_key() {
        // RFC 8037 Appendix A.2: the public key of A.1, as a JWK.
        let key = SigningKey::from_seed(&[
            0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec,
            0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03,
            0x1c, 0xae, 0x7f, 0x60,
        ]);
        let jwk = Jwk::from_public_key(&key.public_key());
        assert_eq!(
            serde_json::to_value(&jwk).unwrap(),
            json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                "kid": key.kid(),
                "alg": "EdDSA",
                "use": "sig",
            })
        );
        assert_eq!(jwk.to_public_key().unwrap(), key.public_key());
    }

    #[test]
    fn jwks_round_trip_and_lookup_by_kid() {
        let a = SigningKey::generate().unwrap().public_key();
        let b = SigningKey::generate().unwrap().public_key();
        let text = Jwks::from_public_keys([&a, &b]).to_json().unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["keys"].as_array().unwrap().len(), 2);
        let jwks = Jwks::from_json(&text).unwrap();
        assert_eq!(jwks.find(&a.kid()).unwrap(), a);
        assert_eq!(jwks.find(&b.kid()).unwrap(), b);
        assert!(matches!(jwks.find("nope"), Err(Error::UnknownKey(_))));
        let all = jwks.ed25519_keys().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[&a.kid()], a);
    }

    #[test]
    fn other_keys_are_skipped_and_bad_ones_refused() {
        let a = SigningKey::generate().unwrap().public_key();
        let mut jwks = Jwks::from_public_keys([&a]);
        let text = json!({"keys": [
            {"kty": "RSA", "kid": "rsa", "n": "AQAB", "e": "AQAB"},
            {"kty": "OKP", "crv": "X25519", "kid": "x", "x": "AAAA"},
            serde_json::to_value(&jwks.keys[0]).unwrap(),
        ]})
        .to_string();
        let parsed = Jwks::from_json(&text).unwrap();
        assert_eq!(parsed.ed25519_keys().unwrap().len(), 1);
        assert!(matches!(parsed.find("rsa"), Err(Error::InvalidJwk(_))));
        assert_eq!(parsed.find(&a.kid()).unwrap(), a);

        let mut bad = jwks.keys[0].clone();
        bad.alg = Some("ES256".into());
        assert!(matches!(bad.to_public_key(), Err(Error::InvalidJwk(_))));
        let mut bad = jwks.keys[0].clone();
        bad.key_use = Some("enc".into());
        assert!(matches!(bad.to_public_key(), Err(Error::InvalidJwk(_))));
        let mut bad = jwks.keys[0].clone();
        bad.x = Some("AAAA".into());
        assert!(matches!(bad.to_public_key(), Err(Error::InvalidJwk(_))));
        let mut bad = jwks.keys[0].clone();
        bad.x = None;
        assert!(bad.to_public_key().is_err());

        jwks.keys.push(jwks.keys[0].clone());
        assert!(matches!(jwks.find(&a.kid()), Err(Error::InvalidJwk(_))));
        assert!(jwks.ed25519_keys().is_err());

        assert!(Jwks::from_json("{}").is_err());
        assert!(Jwks::from_json("[]").is_err());
    }

    #[test]
    fn a_private_d_is_never_kept() {
        let key = SigningKey::generate().unwrap();
        let mut jwk = serde_json::to_value(Jwk::from_public_key(&key.public_key())).unwrap();
        jwk["d"] = json!("c2VjcmV0");
        let parsed: Jwk = serde_json::from_value(jwk).unwrap();
        assert!(!serde_json::to_string(&parsed).unwrap().contains("\"d\""));
    }
}
