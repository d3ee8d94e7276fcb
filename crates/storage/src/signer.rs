//! Signed, expiring tokens for URLs that Certa serves itself (the local backend's stand-in
//! for presigned URLs).

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Makes and checks `"{expires unix seconds}.{hex HMAC-SHA256}"` tokens bound to a purpose
/// (`"upload"`, `"download"`) and a subject (an upload id, an object key). A token proves
/// that Certa issued it for exactly that purpose and subject, until it expires; that it is
/// used once is for the caller to record.
#[derive(Clone)]
pub struct UrlSigner {
    key: Vec<u8>,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the link has expired")]
    Expired,
    #[error("the link is not valid")]
    Invalid,
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UrlSigner(<key>)")
    }
}

impl UrlSigner {
    /// A signer with a secret key (at least 32 random bytes, kept server-side).
    pub fn new(key: impl Into<Vec<u8>>) -> Self {
        Self { key: key.into() }
    }

    fn mac(&self, purpose: &str, subject: &str, expires: i64) -> HmacSha256 {
        // `new_from_slice` accepts keys of any length for HMAC.
        let mut mac = match HmacSha256::new_from_slice(&self.key) {
            Ok(m) => m,
            Err(_) => unreachable_hmac(),
        };
        // Lengths first, so no two (purpose, subject) pairs share a message.
        for part in [purpose.as_bytes(), subject.as_bytes()] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.update(&expires.to_be_bytes());
        mac
    }

    /// A token for `purpose` and `subject`, valid until `expires_at`.
    pub fn sign(&self, purpose: &str, subject: &str, expires_at: DateTime<Utc>) -> String {
        let exp = expires_at.timestamp();
        let tag = self.mac(purpose, subject, exp).finalize().into_bytes();
        format!("{exp}.{}", hex::encode(tag))
    }

    /// Checks a token at `now` (compared in constant time). Answers when it expires.
    pub fn verify(
        &self,
        purpose: &str,
        subject: &str,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, TokenError> {
        let (exp, tag) = token.split_once('.').ok_or(TokenError::Invalid)?;
        if exp.is_empty() || exp.len() > 19 || !exp.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TokenError::Invalid);
        }
        let exp: i64 = exp.parse().map_err(|_| TokenError::Invalid)?;
        let tag = hex::decode(tag).map_err(|_| TokenError::Invalid)?;
        self.mac(purpose, subject, exp)
            .verify_slice(&tag)
            .map_err(|_| TokenError::Invalid)?;
        let expires_at = DateTime::from_timestamp(exp, 0).ok_or(TokenError::Invalid)?;
        if now >= expires_at {
            return Err(TokenError::Expired);
        }
        Ok(expires_at)
    }
}

#[cold]
fn unreachable_hmac() -> ! {
    // HMAC takes keys of every length; this cannot happen.
    panic!("HMAC-SHA256 refused a key")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_expiry_and_binding() {
        let s = UrlSigner::new(vec![7u8; 32]);
        let now = Utc::now();
        let exp = now + chrono::Duration::minutes(15);
        let t = s.sign("upload", "abc", exp);
        assert_eq!(
            s.verify("upload", "abc", &t, now).unwrap().timestamp(),
            exp.timestamp()
        );
        assert_eq!(s.verify("upload", "abc", &t, exp), Err(TokenError::Expired));
        assert_eq!(
            s.verify("download", "abc", &t, now),
            Err(TokenError::Invalid)
        );
        assert_eq!(s.verify("upload", "abd", &t, now), Err(TokenError::Invalid));
        assert_eq!(
            UrlSigner::new(vec![8u8; 32]).verify("upload", "abc", &t, now),
            Err(TokenError::Invalid)
        );
        // A later expiry with the old tag, and malformed tokens.
        let (_, tag) = t.split_once('.').unwrap();
        let forged = format!("{}.{tag}", exp.timestamp() + 3600);
        assert_eq!(
            s.verify("upload", "abc", &forged, now),
            Err(TokenError::Invalid)
        );
        for bad in ["", ".", "12", "x.00", "-1.00", "1.zz"] {
            assert_eq!(
                s.verify("upload", "abc", bad, now),
                Err(TokenError::Invalid)
            );
        }
        // Purpose and subject cannot be shifted into each other.
        let t2 = s.sign("up", "loadabc", exp);
        assert_eq!(
            s.verify("upload", "abc", &t2, now),
            Err(TokenError::Invalid)
        );
    }
}
