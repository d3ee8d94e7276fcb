//! Random secrets, their storage hashes, and password hashing.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// 32 random bytes, base64url without padding (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a secret token: hex SHA-256. Tokens have 256 bits of entropy, so
/// a fast hash is enough (no password stretching needed).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in constant time.
pub fn secrets_equal(a: &str, b: &str) -> bool {
    subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()).into()
}

/// Waits for a hashing permit. The permit moves into the blocking task, so it is held
/// until the computation ends even if the request that asked for it goes away.
async fn permit(gate: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit, crate::ServiceError> {
    gate.clone()
        .acquire_owned()
        .await
        .map_err(|e| crate::ServiceError::unexpected("hashing gate closed", e))
}

/// Hashes a password with Argon2id (default parameters: 19 MiB, 2 passes, 1 lane — the
/// OWASP recommendation). Runs on the blocking pool, at most one per permit of `gate`.
pub async fn hash_password(
    gate: &Arc<Semaphore>,
    password: String,
) -> Result<String, crate::ServiceError> {
    let permit = permit(gate).await?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| crate::ServiceError::unexpected("hashing task failed", e))?
    .map_err(|e| crate::ServiceError::unexpected("hashing failed", e))
}

/// Checks a password against a stored hash. With no hash (unknown user, or no password
/// set yet) it still does the work against a dummy hash, so timing does not reveal
/// whether an account exists. At most one per permit of `gate`.
pub async fn verify_password(
    gate: &Arc<Semaphore>,
    password: String,
    hash: Option<String>,
) -> bool {
    let Ok(permit) = permit(gate).await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let real = hash.is_some();
        let stored = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && real
    })
    .await
    .unwrap_or(false)
}

/// A valid Argon2id hash of a random string, used to equalise timing.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0M9RYSlxq3QWxXY7HiHsC5dP1j0uB0Rr9ZcfvyhE0y8";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn password_round_trip() {
        let gate = Arc::new(Semaphore::new(1));
        let h = hash_password(&gate, "correct horse battery".into())
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&gate, "correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify_password(&gate, "wrong horse battery".into(), Some(h)).await);
        assert!(!verify_password(&gate, "anything".into(), None).await);
    }

    #[tokio::test]
    async fn hashing_waits_for_a_permit() {
        let gate = Arc::new(Semaphore::new(1));
        let held = gate.clone().acquire_owned().await.unwrap();
        let mut work = Box::pin(hash_password(&gate, "correct horse battery".into()));
        // Nothing runs while the only permit is taken.
        assert!(futures_poll_once(&mut work).await.is_none());
        drop(held);
        assert!(work.await.is_ok());
        assert_eq!(gate.available_permits(), 1, "the permit is given back");
    }

    async fn futures_poll_once<F: std::future::Future + Unpin>(f: &mut F) -> Option<F::Output> {
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut *f).poll(cx) {
                std::task::Poll::Ready(v) => Some(v),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }

    #[test]
    fn tokens_are_random_and_hash_stably() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_eq!(token_hash(&a).len(), 64);
    }
}
