//! Small encodings shared by the modules: base64url without padding (RFC 4648 §5, as JOSE
//! uses it: RFC 7515 §2) and multibase base58btc (prefix `z`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// base64url without padding.
pub(crate) fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding; padding, other alphabets and non-canonical trailing bits
/// are refused.
pub(crate) fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// Multibase base58btc: `z` followed by the Bitcoin base58 alphabet.
pub(crate) fn multibase_b58(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(1 + bytes.len() * 138 / 100 + 1);
    out.push('z');
    out.push_str(&bs58::encode(bytes).into_string());
    out
}

/// Decodes multibase base58btc (`z` prefix); `None` for another prefix or an invalid character.
pub(crate) fn multibase_b58_decode(text: &str) -> Option<Vec<u8>> {
    let rest = text.strip_prefix('z')?;
    bs58::decode(rest).into_vec().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trip_without_padding() {
        assert_eq!(b64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(b64url_decode("-_8"), Some(vec![0xfb, 0xff]));
        assert_eq!(b64url_decode("-_8="), None);
        assert_eq!(b64url_decode("+/8"), None);
    }

    #[test]
    fn base58btc_round_trip() {
        // "Hello World!" from the base58 draft (draft-msporny-base58 §5).
        assert_eq!(multibase_b58(b"Hello World!"), "z2NEpo7TZRRrLZSi2U");
        assert_eq!(
            multibase_b58_decode("z2NEpo7TZRRrLZSi2U").as_deref(),
            Some(&b"Hello World!"[..])
        );
        assert_eq!(multibase_b58_decode("2NEpo7TZRRrLZSi2U"), None);
        assert_eq!(multibase_b58_decode("z0OIl"), None);
    }
}
