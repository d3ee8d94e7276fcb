//! Which backend, and how to reach it.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::path::PathBuf;

/// The configured backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageSettings {
    /// Files under `root` (the embedded default: `<data_dir>/objects`).
    Local { root: PathBuf },
    /// An S3-compatible server.
    S3(S3Settings),
}

impl StorageSettings {
    /// `"local"` or `"s3"`.
    pub fn backend(&self) -> &'static str {
        match self {
            StorageSettings::Local { .. } => "local",
            StorageSettings::S3(_) => "s3",
        }
    }
}

/// How to reach an S3-compatible server. The secret key is held as a secret: `Debug`
/// does not show it and it is read only where requests are signed.
#[derive(Clone)]
pub struct S3Settings {
    /// `https://s3.eu-central-1.amazonaws.com`, `http://127.0.0.1:8014`, …
    pub endpoint: String,
    /// Signing region (`us-east-1` for most S3-compatible servers).
    pub region: String,
    /// Bucket name; created at start when missing.
    pub bucket: String,
    pub access_key: String,
    pub secret_key: SecretString,
    /// `https://endpoint/bucket/key` (true) or `https://bucket.endpoint/key` (false).
    pub path_style: bool,
    /// Put before every key, to share a bucket: empty, or ending in `/`
    /// (`certa/` stores `certa/t/{tenant}/…`).
    pub key_prefix: String,
}

impl S3Settings {
    /// Checks the values that can be checked without the server.
    pub fn validate(&self) -> Result<(), String> {
        let scheme_ok =
            self.endpoint.starts_with("http://") || self.endpoint.starts_with("https://");
        if !scheme_ok {
            return Err(format!(
                "the S3 endpoint must start with http:// or https://, got '{}'",
                self.endpoint
            ));
        }
        if self.region.trim().is_empty() {
            return Err("the S3 region is empty".into());
        }
        let bucket_ok = (3..=63).contains(&self.bucket.len())
            && self
                .bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && !self.bucket.starts_with(['-', '.'])
            && !self.bucket.ends_with(['-', '.']);
        if !bucket_ok {
            return Err(format!(
                "the S3 bucket name must be 3-63 lowercase letters, digits, '-' or '.', got '{}'",
                self.bucket
            ));
        }
        if self.access_key.is_empty() || self.secret_key.expose_secret().is_empty() {
            return Err("the S3 access key and secret key are required".into());
        }
        let prefix_ok = self.key_prefix.is_empty()
            || (self.key_prefix.ends_with('/')
                && !self.key_prefix.starts_with('/')
                && !self.key_prefix.contains("//")
                && self
                    .key_prefix
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
                && !self.key_prefix.split('/').any(|s| s == "." || s == ".."));
        if !prefix_ok {
            return Err(format!(
                "the S3 key prefix must be empty or like 'name/' (letters, digits, '-', '_', '.'), got '{}'",
                self.key_prefix
            ));
        }
        Ok(())
    }
}

impl PartialEq for S3Settings {
    fn eq(&self, other: &Self) -> bool {
        self.endpoint == other.endpoint
            && self.region == other.region
            && self.bucket == other.bucket
            && self.access_key == other.access_key
            && self.secret_key.expose_secret() == other.secret_key.expose_secret()
            && self.path_style == other.path_style
            && self.key_prefix == other.key_prefix
    }
}

impl Eq for S3Settings {}

impl fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("bucket", &self.bucket)
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field("path_style", &self.path_style)
            .field("key_prefix", &self.key_prefix)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> S3Settings {
        S3Settings {
            endpoint: "http://127.0.0.1:8014".into(),
            region: "us-east-1".into(),
            bucket: "certa-test".into(),
            access_key: "AK".into(),
            secret_key: "very secret".into(),
            path_style: true,
            key_prefix: String::new(),
        }
    }

    #[test]
    fn validation_and_redaction() {
        assert!(ok().validate().is_ok());
        let dbg = format!("{:?}", ok());
        assert!(!dbg.contains("very secret"), "{dbg}");
        for bad in [
            S3Settings {
                endpoint: "127.0.0.1:8014".into(),
                ..ok()
            },
            S3Settings {
                bucket: "Certa_Test".into(),
                ..ok()
            },
            S3Settings {
                secret_key: String::new().into(),
                ..ok()
            },
            S3Settings {
                key_prefix: "../x/".into(),
                ..ok()
            },
            S3Settings {
                key_prefix: "run".into(),
                ..ok()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
        assert!(
            S3Settings {
                key_prefix: "runs/2024-01/".into(),
                ..ok()
            }
            .validate()
            .is_ok()
        );
    }
}
