//! Encryption at rest of private keys.
//!
//! A seed is sealed under a key derived from the platform's master secret and a context (the
//! tenant's id), so a key sealed for one tenant cannot be opened as another's, and the database
//! alone never reveals a private key:
//!
//! - key = HKDF-SHA256 (RFC 5869) of the master secret, without salt, with info
//!   [`SEAL_INFO_PREFIX`] ‖ context (UTF-8), 32 bytes long (RFC 5869 §2.2–2.3);
//! - sealed = nonce (24 random bytes) ‖ XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha §2; RFC
//!   8439 §2.8 for the AEAD) ciphertext of the 32-byte seed with its 16-byte tag, no associated
//!   data: 72 bytes in all.
//!
//! A wrong master secret, a wrong context or any changed byte makes [`open`] fail with
//! [`Error::Unseal`].

use chacha20poly1305::aead::{Aead as _, KeyInit as _};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore as _;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::keys::SEED_LENGTH;
use crate::{Error, Result};

/// The minimum length of the master secret in bytes (256 bits).
pub const MIN_MASTER_SECRET_LENGTH: usize = 32;
/// The length of the random nonce at the start of a sealed key.
pub const NONCE_LENGTH: usize = 24;
/// The length of a sealed seed: nonce, ciphertext and tag.
pub const SEALED_LENGTH: usize = NONCE_LENGTH + SEED_LENGTH + 16;
/// The start of the HKDF `info`, before the context: keeps these keys apart from any other key
/// that may one day be derived from the same master secret.
pub const SEAL_INFO_PREFIX: &[u8] = b"certa-credentials/seal/v1/";

fn cipher(master: &[u8], context: &str) -> Result<XChaCha20Poly1305> {
    if master.len() < MIN_MASTER_SECRET_LENGTH {
        return Err(Error::WeakMasterSecret {
            min: MIN_MASTER_SECRET_LENGTH,
        });
    }
    let mut info = Vec::with_capacity(SEAL_INFO_PREFIX.len() + context.len());
    info.extend_from_slice(SEAL_INFO_PREFIX);
    info.extend_from_slice(context.as_bytes());
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, master)
        .expand(&info, key.as_mut())
        // 32 bytes is far below HKDF-SHA256's limit of 255 × 32 bytes.
        .map_err(|_| Error::Unseal)?;
    Ok(XChaCha20Poly1305::new(&Key::from(*key)))
}

/// Seals a 32-byte seed under `master` for `context` (see the module documentation).
///
/// # Errors
/// [`Error::WeakMasterSecret`] if `master` is shorter than 32 bytes; [`Error::Random`] if the
/// random number generator fails.
pub fn seal(master: &[u8], context: &str, seed: &[u8; SEED_LENGTH]) -> Result<Vec<u8>> {
    let cipher = cipher(master, context)?;
    let mut nonce = [0u8; NONCE_LENGTH];
    rand::rngs::OsRng
        .try_fill_bytes(&mut nonce)
        .map_err(|_| Error::Random)?;
    let ciphertext = cipher
        .encrypt(&XNonce::from(nonce), &seed[..])
        .map_err(|_| Error::Unseal)?;
    let mut sealed = Vec::with_capacity(SEALED_LENGTH);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// Opens a seed sealed by [`seal`] with the same master secret and context.
///
/// # Errors
/// [`Error::WeakMasterSecret`] if `master` is shorter than 32 bytes; [`Error::Unseal`] if the
/// data is not 72 bytes, or the master secret or the context is not the one it was sealed
/// with, or it was changed.
pub fn open(master: &[u8], context: &str, sealed: &[u8]) -> Result<Zeroizing<[u8; SEED_LENGTH]>> {
    let cipher = cipher(master, context)?;
    if sealed.len() != SEALED_LENGTH {
        return Err(Error::Unseal);
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LENGTH);
    let nonce: [u8; NONCE_LENGTH] = nonce.try_into().map_err(|_| Error::Unseal)?;
    let plaintext = Zeroizing::new(
        cipher
            .decrypt(&XNonce::from(nonce), ciphertext)
            .map_err(|_| Error::Unseal)?,
    );
    let seed: [u8; SEED_LENGTH] = plaintext.as_slice().try_into().map_err(|_| Error::Unseal)?;
    Ok(Zeroizing::new(seed))
}

/// The start of the HKDF `info` for secrets other than signing keys (API keys of outside
/// services): keeps their keys apart from the keys that seal signing keys.
pub const SECRET_INFO_PREFIX: &str = "secret/";

/// The longest secret [`seal_secret`] takes.
pub const MAX_SECRET_LENGTH: usize = 4096;

/// Seals a secret of any length up to [`MAX_SECRET_LENGTH`] (an API key) under `master` for
/// `context`, like [`seal`] but under a key of its own (`info` = [`SEAL_INFO_PREFIX`] ‖
/// [`SECRET_INFO_PREFIX`] ‖ context): nonce ‖ ciphertext ‖ tag.
///
/// # Errors
/// [`Error::WeakMasterSecret`], [`Error::Random`], or [`Error::Unseal`] for a secret longer
/// than [`MAX_SECRET_LENGTH`].
pub fn seal_secret(master: &[u8], context: &str, secret: &[u8]) -> Result<Vec<u8>> {
    if secret.len() > MAX_SECRET_LENGTH {
        return Err(Error::Unseal);
    }
    let cipher = cipher(master, &format!("{SECRET_INFO_PREFIX}{context}"))?;
    let mut nonce = [0u8; NONCE_LENGTH];
    rand::rngs::OsRng
        .try_fill_bytes(&mut nonce)
        .map_err(|_| Error::Random)?;
    let ciphertext = cipher
        .encrypt(&XNonce::from(nonce), secret)
        .map_err(|_| Error::Unseal)?;
    let mut sealed = Vec::with_capacity(NONCE_LENGTH + ciphertext.len());
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// Opens a secret sealed by [`seal_secret`] with the same master secret and context.
///
/// # Errors
/// [`Error::WeakMasterSecret`]; [`Error::Unseal`] if the master secret or the context is not
/// the one it was sealed with, or the data was changed.
pub fn open_secret(master: &[u8], context: &str, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let cipher = cipher(master, &format!("{SECRET_INFO_PREFIX}{context}"))?;
    if sealed.len() < NONCE_LENGTH + 16 {
        return Err(Error::Unseal);
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LENGTH);
    let nonce: [u8; NONCE_LENGTH] = nonce.try_into().map_err(|_| Error::Unseal)?;
    cipher
        .decrypt(&XNonce::from(nonce), ciphertext)
        .map(Zeroizing::new)
        .map_err(|_| Error::Unseal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SigningKey;

    const MASTER: &[u8; 32] = b"0123456789abcdef0123456789abcdef";
    const TENANT: &str = "0193a0b4-7c1e-7a51-9d3f-1f2e3d4c5b6a";

    #[test]
    fn secrets_round_trip_and_stay_with_their_context() {
        let sealed = seal_secret(MASTER, TENANT, b"api-key-123").unwrap();
        assert_eq!(
            open_secret(MASTER, TENANT, &sealed).unwrap().as_slice(),
            b"api-key-123"
        );
        assert!(open_secret(MASTER, "other", &sealed).is_err());
        assert!(open(MASTER, TENANT, &sealed).is_err());
        let mut changed = sealed.clone();
        changed[30] ^= 1;
        assert!(open_secret(MASTER, TENANT, &changed).is_err());
        assert!(open_secret(MASTER, TENANT, &sealed[..10]).is_err());
    }

    #[test]
    fn round_trip() {
        let key = SigningKey::generate().unwrap();
        let sealed = seal(MASTER, TENANT, &key.to_seed()).unwrap();
        assert_eq!(sealed.len(), SEALED_LENGTH);
        let seed = open(MASTER, TENANT, &sealed).unwrap();
        assert_eq!(SigningKey::from_seed(&seed).public_key(), key.public_key());
    }

    #[test]
    fn nonces_are_random() {
        let seed = [7u8; 32];
        let a = seal(MASTER, TENANT, &seed).unwrap();
        let b = seal(MASTER, TENANT, &seed).unwrap();
        assert_ne!(a, b);
        assert_ne!(a[..NONCE_LENGTH], b[..NONCE_LENGTH]);
    }

    #[test]
    fn the_seed_is_not_in_the_clear() {
        let seed = [7u8; 32];
        let sealed = seal(MASTER, TENANT, &seed).unwrap();
        assert!(!sealed.windows(8).any(|w| w == [7u8; 8]));
    }

    #[test]
    fn wrong_master_fails() {
        let sealed = seal(MASTER, TENANT, &[1u8; 32]).unwrap();
        let other = b"0123456789abcdef0123456789abcdeF";
        assert!(matches!(open(other, TENANT, &sealed), Err(Error::Unseal)));
    }

    #[test]
    fn wrong_context_fails() {
        let sealed = seal(MASTER, TENANT, &[1u8; 32]).unwrap();
        assert!(matches!(
            open(MASTER, "0193a0b4-7c1e-7a51-9d3f-1f2e3d4c5b6b", &sealed),
            Err(Error::Unseal)
        ));
        assert!(matches!(open(MASTER, "", &sealed), Err(Error::Unseal)));
    }

    #[test]
    fn tampered_data_fails() {
        let sealed = seal(MASTER, TENANT, &[1u8; 32]).unwrap();
        for i in [0, NONCE_LENGTH, NONCE_LENGTH + 10, SEALED_LENGTH - 1] {
            let mut tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assert!(
                matches!(open(MASTER, TENANT, &tampered), Err(Error::Unseal)),
                "byte {i}"
            );
        }
        assert!(matches!(
            open(MASTER, TENANT, &sealed[..SEALED_LENGTH - 1]),
            Err(Error::Unseal)
        ));
        assert!(matches!(open(MASTER, TENANT, &[]), Err(Error::Unseal)));
        let mut longer = sealed.clone();
        longer.push(0);
        assert!(matches!(open(MASTER, TENANT, &longer), Err(Error::Unseal)));
    }

    #[test]
    fn short_master_secrets_are_refused() {
        assert!(matches!(
            seal(&MASTER[..31], TENANT, &[1u8; 32]),
            Err(Error::WeakMasterSecret { min: 32 })
        ));
        let sealed = seal(MASTER, TENANT, &[1u8; 32]).unwrap();
        assert!(matches!(
            open(&MASTER[..31], TENANT, &sealed),
            Err(Error::WeakMasterSecret { .. })
        ));
    }
}
