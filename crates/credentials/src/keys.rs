//! Ed25519 keys (RFC 8032), their key identifier and their Multikey encodings.
//!
//! A [`SigningKey`] is the issuer's private key, kept as its 32-byte seed (RFC 8032 §5.1.5); a
//! [`PublicKey`] is the 32-byte encoded point. The Multikey encodings follow W3C Controlled
//! Identifiers v1.0 §2.2.2 ("Multikey") and W3C VC Data Integrity EdDSA Cryptosuites v1.0
//! §2.1.1 ("Multikey"):
//!
//! - `publicKeyMultibase` = `z` + base58btc(0xed 0x01 ‖ public key): the multicodec
//!   `ed25519-pub` (0xed) as an unsigned varint, so the string starts with `z6Mk`;
//! - `privateKeyMultibase` (called `secretKeyMultibase` in Controlled Identifiers) =
//!   `z` + base58btc(0x80 0x26 ‖ seed): the multicodec `ed25519-priv` (0x1300) as a varint.

use std::fmt;

use ed25519_dalek::Signer as _;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::encoding::{b64url, multibase_b58, multibase_b58_decode};
use crate::{Error, Result};

/// Multicodec `ed25519-pub` as an unsigned varint: the header of `publicKeyMultibase`.
pub const MULTIKEY_PUBLIC_HEADER: [u8; 2] = [0xed, 0x01];
/// Multicodec `ed25519-priv` (0x1300) as an unsigned varint: the header of
/// `privateKeyMultibase`.
pub const MULTIKEY_PRIVATE_HEADER: [u8; 2] = [0x80, 0x26];

/// The length of an Ed25519 seed, the RFC 8032 private key.
pub const SEED_LENGTH: usize = 32;
/// The length of an encoded Ed25519 public key.
pub const PUBLIC_KEY_LENGTH: usize = 32;
/// The length of an Ed25519 signature.
pub const SIGNATURE_LENGTH: usize = 64;

/// An Ed25519 private key (RFC 8032 §5.1.5), held as its 32-byte seed.
///
/// The seed is wiped from memory when the key is dropped; `Debug` shows only the `kid`.
#[derive(Clone)]
pub struct SigningKey {
    inner: ed25519_dalek::SigningKey,
}

impl SigningKey {
    /// A new key from 32 bytes of the operating system's random number generator.
    ///
    /// # Errors
    /// [`Error::Random`] if the generator fails.
    pub fn generate() -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; SEED_LENGTH]);
        rand::rngs::OsRng
            .try_fill_bytes(seed.as_mut())
            .map_err(|_| Error::Random)?;
        Ok(Self::from_seed(&seed))
    }

    /// The key of a 32-byte seed (the RFC 8032 private key).
    #[must_use]
    pub fn from_seed(seed: &[u8; SEED_LENGTH]) -> Self {
        Self {
            inner: ed25519_dalek::SigningKey::from_bytes(seed),
        }
    }

    /// The key of a seed given as a byte slice.
    ///
    /// # Errors
    /// [`Error::InvalidMultikey`] if the slice is not 32 bytes long.
    pub fn from_seed_slice(seed: &[u8]) -> Result<Self> {
        let seed: Zeroizing<[u8; SEED_LENGTH]> = Zeroizing::new(
            seed.try_into()
                .map_err(|_| Error::InvalidMultikey("an Ed25519 seed is 32 bytes"))?,
        );
        Ok(Self::from_seed(&seed))
    }

    /// The 32-byte seed, wiped from memory when dropped.
    #[must_use]
    pub fn to_seed(&self) -> Zeroizing<[u8; SEED_LENGTH]> {
        Zeroizing::new(self.inner.to_bytes())
    }

    /// The public key.
    #[must_use]
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            inner: self.inner.verifying_key(),
        }
    }

    /// The key identifier of the public key: see [`PublicKey::kid`].
    #[must_use]
    pub fn kid(&self) -> String {
        self.public_key().kid()
    }

    /// Signs `message` with Ed25519 (RFC 8032 §5.1.6; deterministic: the same key and message
    /// give the same signature).
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LENGTH] {
        self.inner.sign(message).to_bytes()
    }

    /// `privateKeyMultibase`: `z` + base58btc(0x80 0x26 ‖ seed), wiped from memory when dropped.
    #[must_use]
    pub fn to_private_multibase(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new([0u8; 2 + SEED_LENGTH]);
        bytes[..2].copy_from_slice(&MULTIKEY_PRIVATE_HEADER);
        bytes[2..].copy_from_slice(self.to_seed().as_ref());
        Zeroizing::new(multibase_b58(bytes.as_ref()))
    }

    /// Parses `privateKeyMultibase` (or Controlled Identifiers' `secretKeyMultibase`).
    ///
    /// # Errors
    /// [`Error::InvalidMultikey`] if the string is not `z`-prefixed base58btc, does not start
    /// with the `ed25519-priv` header 0x80 0x26, or does not hold exactly 32 bytes after it.
    pub fn from_private_multibase(text: &str) -> Result<Self> {
        let bytes = Zeroizing::new(
            multibase_b58_decode(text)
                .ok_or(Error::InvalidMultikey("not multibase base58btc (z…)"))?,
        );
        let seed =
            bytes
                .strip_prefix(&MULTIKEY_PRIVATE_HEADER[..])
                .ok_or(Error::InvalidMultikey(
                    "not an Ed25519 private key (0x8026)",
                ))?;
        Self::from_seed_slice(seed)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid())
            .finish_non_exhaustive()
    }
}

/// An Ed25519 public key (RFC 8032 §5.1.5), checked to be a valid curve point on creation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    inner: ed25519_dalek::VerifyingKey,
}

impl PublicKey {
    /// The public key of its 32-byte encoding.
    ///
    /// # Errors
    /// [`Error::InvalidPublicKey`] if the bytes are not the encoding of a curve point, or are
    /// a point of small order (a "weak" key, for which a signature could verify any message).
    pub fn from_bytes(bytes: &[u8; PUBLIC_KEY_LENGTH]) -> Result<Self> {
        let inner =
            ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| Error::InvalidPublicKey)?;
        if inner.is_weak() {
            return Err(Error::InvalidPublicKey);
        }
        Ok(Self { inner })
    }

    /// The public key of a byte slice.
    ///
    /// # Errors
    /// [`Error::InvalidPublicKey`] if the slice is not 32 bytes or not a valid key.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let bytes: &[u8; PUBLIC_KEY_LENGTH] =
            bytes.try_into().map_err(|_| Error::InvalidPublicKey)?;
        Self::from_bytes(bytes)
    }

    /// The 32-byte encoding.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; PUBLIC_KEY_LENGTH] {
        self.inner.to_bytes()
    }

    /// The key identifier: base64url without padding (RFC 4648 §5) of the first 16 bytes of
    /// SHA-256 of the 32-byte public key; 22 characters.
    ///
    /// It depends on the key alone, so the same key always has the same `kid` wherever it is
    /// published (the JWK Set, the verification method `…#kid`, the JWS header).
    #[must_use]
    pub fn kid(&self) -> String {
        let digest = Sha256::digest(self.inner.as_bytes());
        b64url(&digest[..16])
    }

    /// `publicKeyMultibase`: `z` + base58btc(0xed 0x01 ‖ public key), which starts with `z6Mk`.
    #[must_use]
    pub fn to_multibase(&self) -> String {
        let mut bytes = [0u8; 2 + PUBLIC_KEY_LENGTH];
        bytes[..2].copy_from_slice(&MULTIKEY_PUBLIC_HEADER);
        bytes[2..].copy_from_slice(self.inner.as_bytes());
        multibase_b58(&bytes)
    }

    /// Parses `publicKeyMultibase`.
    ///
    /// # Errors
    /// [`Error::InvalidMultikey`] if the string is not `z`-prefixed base58btc, does not start
    /// with the `ed25519-pub` header 0xed 0x01, or does not hold exactly 32 bytes after it;
    /// [`Error::InvalidPublicKey`] if those bytes are not a valid key.
    pub fn from_multibase(text: &str) -> Result<Self> {
        let bytes = multibase_b58_decode(text)
            .ok_or(Error::InvalidMultikey("not multibase base58btc (z…)"))?;
        let key = bytes
            .strip_prefix(&MULTIKEY_PUBLIC_HEADER[..])
            .ok_or(Error::InvalidMultikey("not an Ed25519 public key (0xed01)"))?;
        if key.len() != PUBLIC_KEY_LENGTH {
            return Err(Error::InvalidMultikey("an Ed25519 public key is 32 bytes"));
        }
        Self::from_slice(key)
    }

    /// Verifies an Ed25519 signature of `message` (RFC 8032 §5.1.7), strictly: non-canonical
    /// signatures (`S` not reduced, `R` of small order) are refused.
    ///
    /// # Errors
    /// [`Error::BadSignature`] if the signature is not 64 bytes or does not verify.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        let signature =
            ed25519_dalek::Signature::from_slice(signature).map_err(|_| Error::BadSignature)?;
        self.inner
            .verify_strict(message, &signature)
            .map_err(|_| Error::BadSignature)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PublicKey")
            .field(&self.to_multibase())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8032 §7.1, TEST 1.
    const RFC8032_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const RFC8032_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const RFC8032_SIGNATURE: &str = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
                                     5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    fn rfc8032_key() -> SigningKey {
        SigningKey::from_seed_slice(&hex(RFC8032_SEED)).unwrap()
    }

    #[test]
    fn rfc8032_test_1() {
        let key = rfc8032_key();
        assert_eq!(key.public_key().to_bytes().to_vec(), hex(RFC8032_PUBLIC));
        let signature = key.sign(b"");
        assert_eq!(signature.to_vec(), hex(RFC8032_SIGNATURE));
        key.public_key().verify(b"", &signature).unwrap();
        assert!(matches!(
            key.public_key().verify(b"x", &signature),
            Err(Error::BadSignature)
        ));
        assert!(matches!(
            key.public_key().verify(b"", &signature[..63]),
            Err(Error::BadSignature)
        ));
    }

    #[test]
    fn generated_keys_differ_and_round_trip_through_the_seed() {
        let a = SigningKey::generate().unwrap();
        let b = SigningKey::generate().unwrap();
        assert_ne!(a.public_key(), b.public_key());
        let again = SigningKey::from_seed(&a.to_seed());
        assert_eq!(again.public_key(), a.public_key());
        assert_eq!(again.sign(b"m"), a.sign(b"m"));
    }

    #[test]
    fn kid_is_deterministic_and_22_characters() {
        let key = rfc8032_key();
        let kid = key.kid();
        assert_eq!(kid.len(), 22);
        assert_eq!(kid, key.public_key().kid());
        let digest = Sha256::digest(hex(RFC8032_PUBLIC));
        assert_eq!(kid, b64url(&digest[..16]));
        assert_ne!(kid, SigningKey::generate().unwrap().kid());
    }

    #[test]
    fn w3c_multikey_pair_round_trips() {
        // tests/vectors/keyPair.json
        let public = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        let private = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
        let key = SigningKey::from_private_multibase(private).unwrap();
        assert_eq!(key.public_key().to_multibase(), public);
        assert_eq!(key.to_private_multibase().as_str(), private);
        assert_eq!(PublicKey::from_multibase(public).unwrap(), key.public_key());
    }

    #[test]
    fn multikey_prefixes_are_checked() {
        let key = rfc8032_key();
        let public = key.public_key().to_multibase();
        assert!(public.starts_with("z6Mk"));
        let private = key.to_private_multibase();
        // A private key is not a public key, and the reverse.
        assert!(matches!(
            PublicKey::from_multibase(&private),
            Err(Error::InvalidMultikey(_))
        ));
        assert!(matches!(
            SigningKey::from_private_multibase(&public),
            Err(Error::InvalidMultikey(_))
        ));
        // Not base58btc: another multibase prefix, or a character outside the alphabet.
        assert!(PublicKey::from_multibase(&public[1..]).is_err());
        assert!(PublicKey::from_multibase(&format!("u{}", &public[1..])).is_err());
        assert!(PublicKey::from_multibase("z6Mk0").is_err());
        // The right header with a wrong length.
        let short = multibase_b58(&[0xed, 0x01, 1, 2, 3]);
        assert!(matches!(
            PublicKey::from_multibase(&short),
            Err(Error::InvalidMultikey(_))
        ));
        let short = multibase_b58(&[0x80, 0x26, 1, 2, 3]);
        assert!(matches!(
            SigningKey::from_private_multibase(&short),
            Err(Error::InvalidMultikey(_))
        ));
        assert!(PublicKey::from_multibase("").is_err());
    }

    #[test]
    fn invalid_and_weak_public_keys_are_refused() {
        // The identity point (small order) is a valid encoding but a weak key.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(matches!(
            PublicKey::from_bytes(&identity),
            Err(Error::InvalidPublicKey)
        ));
        // y = 2 is not on the curve.
        let mut off_curve = [0u8; 32];
        off_curve[0] = 2;
        assert!(PublicKey::from_bytes(&off_curve).is_err());
        assert!(PublicKey::from_slice(&[0u8; 31]).is_err());
    }

    #[test]
    fn debug_does_not_show_the_seed() {
        let key = rfc8032_key();
        let shown = format!("{key:?}");
        assert!(shown.contains(&key.kid()));
        assert!(!shown.contains("9d61b1"));
        assert!(!shown.contains(&key.to_private_multibase()[1..]));
    }
}
