#![doc = include_str!("../README.md")]
//!
//! Certa's object storage: where evidence files, generated documents and the images a
//! certification body prints on its documents live.
//!
//! One trait, [`ObjectStore`], with two backends chosen by [`StorageSettings`] and opened
//! with [`open`]:
//!
//! - [`LocalStore`]: files under a directory (the embedded default, `<data_dir>/objects`).
//!   Writes go to a temporary file that is hard-linked into place once complete, which
//!   fails when an object is already there: a local object is never replaced
//!   ([`StorageError::AlreadyExists`]).
//! - [`S3Store`]: any S3-compatible server through `rust-s3` (rustls), path-style or
//!   virtual-host style; [`open`] creates the bucket when it is missing.
//!
//! # Keys
//!
//! An [`ObjectKey`] is `t/{tenant}/{kind}/{uuidv7}`, the kind one of `evidence`, `report`
//! and `image` ([`ObjectKind`]): made from ids only, never from a file
//! name, and parsed back from the database with [`ObjectKey::from_str`], which accepts
//! nothing else. Keep the client's file name separately, through [`display_filename`].
//!
//! # Writing
//!
//! [`ObjectStore::put_stream`] reads an [`AsyncRead`] in constant memory (a 64 KiB buffer
//! on disk; on S3 8 MiB multipart parts, one sent while the next is read), computes SHA-256 and the size while reading, sniffs
//! the first [`SNIFF_LEN`] bytes, and stops as soon as more than `limit` bytes arrive:
//! it never reads more than `limit + 1` bytes from the reader, deletes what it had written
//! (or aborts the multipart upload) and returns [`StorageError::TooLarge`]. A failing
//! reader (a client that went away) is [`StorageError::Source`], also with nothing left
//! behind.
//!
//! ```no_run
//! # async fn f(store: &dyn certa_storage::ObjectStore, tenant: uuid::Uuid,
//! #            mut body: impl tokio::io::AsyncRead + Unpin + Send) -> Result<(), certa_storage::StorageError> {
//! use certa_storage::{ObjectKey, ObjectKind, StorageError};
//! let key = ObjectKey::generate(tenant, ObjectKind::Evidence);
//! match store.put_stream(&key, &mut body, 100 * 1024 * 1024).await {
//!     Ok(stored) if stored.sniffed.is_some() => { /* keep key, stored.size, stored.sha256_hex */ }
//!     Ok(_) => store.delete(&key).await?, // not an allowed type
//!     Err(StorageError::TooLarge { limit }) => { /* 413, nothing was kept */ }
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! # Direct uploads and downloads
//!
//! When [`ObjectStore::supports_presign`] is true (S3), [`ObjectStore::presign_put`] answers
//! a [`PresignedRequest`] (URL, method, headers the client must send) valid for at most
//! [`MAX_PRESIGN_TTL`] (15 minutes). The content type is always signed; a declared length
//! and SHA-256 are signed too, so the server itself refuses a body of another size or
//! hash. After the client's upload, check what was stored with [`ObjectStore::head`],
//! [`ObjectStore::sha256`] and [`ObjectStore::read_prefix`] + [`sniff`].
//! [`ObjectStore::presign_get`] makes a download link with a `Content-Disposition:
//! attachment` file name and the sniffed content type.
//!
//! The local backend cannot presign: the API serves uploads and downloads itself, and
//! [`UrlSigner`] makes and checks the HMAC tokens for such URLs (single use is the
//! caller's business: keep the upload's state in the database).
//!
//! # Types and names
//!
//! [`sniff`] names a file's type from its first bytes against the allow-list (PDF, PNG,
//! JPEG, GIF, WebP, ZIP and the ZIP-based office formats, legacy Office, UTF-8 text
//! including CSV). [`display_filename`] makes a client's file name safe to show, and
//! [`content_disposition`] a header value for downloads served by Certa.

mod filename;
mod key;
mod local;
mod s3;
mod settings;
mod signer;
mod sniff;

pub use filename::{MAX_FILENAME_CHARS, content_disposition, display_filename};
pub use key::{InvalidKey, ObjectKey, ObjectKind};
pub use local::LocalStore;
pub use s3::{PART_SIZE as S3_PART_SIZE, S3Store};
pub use settings::{S3Settings, StorageSettings};
pub use signer::{TokenError, UrlSigner};
pub use sniff::{SNIFF_LEN, Sniffed, sniff};

/// The allowed types, for comparisons (`stored.sniffed == Some(sniffed::PDF)`).
pub mod sniffed {
    pub use crate::sniff::{
        DOCX, GIF, JPEG, ODP, ODS, ODT, OLE2, PDF, PNG, PPTX, TEXT, WEBP, XLSX, ZIP,
    };
}

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::Stream;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

#[cfg(doc)]
use std::str::FromStr;

/// The longest validity of a presigned URL.
pub const MAX_PRESIGN_TTL: Duration = Duration::from_secs(15 * 60);

/// An object's bytes, in order.
pub type ObjectStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// What was stored (or what an object holds, from [`ObjectStore::sha256`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256_hex: String,
    /// The type from the first [`SNIFF_LEN`] bytes; `None` when not on the allow-list.
    pub sniffed: Option<Sniffed>,
}

/// A request a client can make without credentials of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    /// `PUT` or `GET`.
    pub method: String,
    /// The full URL, signature included.
    pub url: String,
    /// Headers the client must send exactly (they are signed). `content-length` is listed
    /// when it was signed; HTTP clients set it themselves from the body.
    pub headers: Vec<(String, String)>,
    /// When the URL stops working.
    pub expires_at: DateTime<Utc>,
}

/// What a presigned upload must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadConstraints {
    /// The `Content-Type` the client must send.
    pub content_type: String,
    /// The exact size in bytes, when known (the server refuses another length).
    pub content_length: Option<u64>,
    /// The SHA-256 the client declared, lowercase hex (the server refuses other content).
    pub sha256_hex: Option<String>,
}

/// Storage failures.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// More than `limit` bytes arrived; nothing was kept.
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    /// No object under that key.
    #[error("no such object")]
    NotFound,
    /// An object is already stored under that key; it was left as it was and the new
    /// content discarded (the local store never replaces an object).
    #[error("an object is already stored under that key")]
    AlreadyExists,
    /// Reading the content to store failed (for example the client went away); nothing was
    /// kept.
    #[error("reading the upload failed: {0}")]
    Source(std::io::Error),
    /// This backend cannot make presigned URLs (see [`ObjectStore::supports_presign`]).
    #[error("the {0} object store cannot presign URLs")]
    PresignUnsupported(&'static str),
    /// A presigned URL's validity must be between 1 second and [`MAX_PRESIGN_TTL`].
    #[error("a presigned URL is valid for 1 s to 15 min, not {0:?}")]
    InvalidTtl(Duration),
    /// A malformed argument (a SHA-256 that is not 64 hex digits, …).
    #[error("invalid argument: {0}")]
    Invalid(String),
    /// The local store's file system failed.
    #[error("object storage I/O failed: {0}")]
    Io(#[from] std::io::Error),
    /// The S3 server failed or refused.
    #[error("object storage failed: {0}")]
    Backend(String),
    /// The settings are unusable (bad endpoint, unreachable or missing bucket, …).
    #[error("object storage configuration: {0}")]
    Config(String),
}

/// An object store. Every method takes an [`ObjectKey`], so callers cannot name anything
/// outside the store; implementations are cheap to share behind an `Arc`.
#[async_trait]
pub trait ObjectStore: Send + Sync + std::fmt::Debug {
    /// `"local"` or `"s3"`, for logs and health output.
    fn backend(&self) -> &'static str;

    /// Streams `reader` into `key` in constant memory, with SHA-256, size and sniffed
    /// type. Reads at most `limit + 1` bytes: past `limit` it removes what was written and
    /// answers [`StorageError::TooLarge`]. The local store never replaces an object: when
    /// one is already under `key` it answers [`StorageError::AlreadyExists`] and keeps the
    /// first (S3 has no such guard: Certa binds a presigned `PUT` to the declared SHA-256 and
    /// keeps a completed upload under a copy that no address names, see
    /// [`ObjectStore::copy`]).
    async fn put_stream(
        &self,
        key: &ObjectKey,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        limit: u64,
    ) -> Result<Stored, StorageError>;

    /// [`ObjectStore::put_stream`] for a body whose exact `size` the transport announced
    /// (an HTTP `Content-Length`). Refuses at once, without reading, when `size > limit`; a
    /// body that ends before `size` bytes or goes on past them is [`StorageError::Source`]
    /// with nothing kept. On S3 a known size allows one streamed `PUT` instead of a
    /// multipart upload, as fast as a client's own `PUT` to the bucket.
    async fn put_stream_sized(
        &self,
        key: &ObjectKey,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        size: u64,
        limit: u64,
    ) -> Result<Stored, StorageError> {
        if size > limit {
            return Err(StorageError::TooLarge { limit });
        }
        // One byte more than announced is enough to see a body that goes on.
        let stored = self
            .put_stream(key, reader, size)
            .await
            .map_err(|e| match e {
                StorageError::TooLarge { .. } => size_mismatch(size, size + 1),
                e => e,
            })?;
        if stored.size != size {
            self.delete(key).await?;
            return Err(size_mismatch(size, stored.size));
        }
        Ok(stored)
    }

    /// The object's size, or `None` when there is none.
    async fn head(&self, key: &ObjectKey) -> Result<Option<u64>, StorageError>;

    /// The object's bytes as a stream ([`StorageError::NotFound`] when missing).
    async fn get_stream(&self, key: &ObjectKey) -> Result<ObjectStream, StorageError>;

    /// Up to `n` leading bytes (fewer for a shorter object), for [`sniff`].
    async fn read_prefix(&self, key: &ObjectKey, n: usize) -> Result<Vec<u8>, StorageError>;

    /// Reads the whole object once: its size, SHA-256 and sniffed type.
    async fn sha256(&self, key: &ObjectKey) -> Result<Stored, StorageError> {
        let mut stream = self.get_stream(key).await?;
        let mut digest = Digester::default();
        while let Some(chunk) = futures_util::StreamExt::next(&mut stream).await {
            digest.update(&chunk?);
        }
        Ok(digest.finish())
    }

    /// Removes the object; no error when there is none.
    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError>;

    /// Copies the object under `from` to `to` (on S3 inside the bucket, without passing
    /// the bytes through Certa); [`StorageError::NotFound`] when `from` has none. Certa
    /// copies a completed direct upload to a key no upload address names, so nothing sent
    /// to that address later can change what was checked.
    async fn copy(&self, from: &ObjectKey, to: &ObjectKey) -> Result<(), StorageError>;

    /// Whether [`ObjectStore::presign_put`] and [`ObjectStore::presign_get`] work.
    fn supports_presign(&self) -> bool;

    /// A `PUT` URL for `key`, valid for `ttl` (at most [`MAX_PRESIGN_TTL`]) from now.
    async fn presign_put(
        &self,
        key: &ObjectKey,
        ttl: Duration,
        upload: &UploadConstraints,
    ) -> Result<PresignedRequest, StorageError> {
        self.presign_put_at(key, Utc::now(), ttl, upload).await
    }

    /// [`ObjectStore::presign_put`] as if signed at `signed_at` (the URL works from then
    /// until `signed_at + ttl`).
    async fn presign_put_at(
        &self,
        key: &ObjectKey,
        signed_at: DateTime<Utc>,
        ttl: Duration,
        upload: &UploadConstraints,
    ) -> Result<PresignedRequest, StorageError>;

    /// A `GET` URL for `key`, valid for `ttl` (at most [`MAX_PRESIGN_TTL`]) from now, that
    /// answers with `content_type` and as an attachment named `filename` (passed through
    /// [`display_filename`]).
    async fn presign_get(
        &self,
        key: &ObjectKey,
        ttl: Duration,
        filename: &str,
        content_type: &str,
    ) -> Result<PresignedRequest, StorageError> {
        self.presign_get_at(key, Utc::now(), ttl, filename, content_type)
            .await
    }

    /// [`ObjectStore::presign_get`] as if signed at `signed_at`.
    async fn presign_get_at(
        &self,
        key: &ObjectKey,
        signed_at: DateTime<Utc>,
        ttl: Duration,
        filename: &str,
        content_type: &str,
    ) -> Result<PresignedRequest, StorageError>;
}

/// Opens the configured store. For S3 this checks the bucket and creates it when missing,
/// so a wrong endpoint or key stops start-up rather than the first upload.
pub async fn open(settings: &StorageSettings) -> Result<Arc<dyn ObjectStore>, StorageError> {
    Ok(match settings {
        StorageSettings::Local { root } => Arc::new(LocalStore::open(root)?),
        StorageSettings::S3(s3) => Arc::new(S3Store::connect(s3).await?),
    })
}

/// A body that did not match its announced length.
pub(crate) fn size_mismatch(announced: u64, got: u64) -> StorageError {
    let what = if got > announced {
        format!("the body goes on past the announced {announced} bytes")
    } else {
        format!("the body ended after {got} of the announced {announced} bytes")
    };
    StorageError::Source(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, what))
}

/// Checks a presign validity and answers when it ends.
pub(crate) fn expiry(
    signed_at: DateTime<Utc>,
    ttl: Duration,
) -> Result<DateTime<Utc>, StorageError> {
    if ttl < Duration::from_secs(1) || ttl > MAX_PRESIGN_TTL {
        return Err(StorageError::InvalidTtl(ttl));
    }
    let delta = chrono::Duration::from_std(ttl).map_err(|_| StorageError::InvalidTtl(ttl))?;
    Ok(signed_at + delta)
}

/// SHA-256, size and the sniffing prefix, fed as bytes go by. The hash is ring's
/// (assembly with SSE/AVX/SHA extensions, about twice the speed of the portable one on
/// CPUs without SHA extensions): every byte of every upload goes through it.
pub(crate) struct Digester {
    hasher: ring::digest::Context,
    size: u64,
    prefix: Vec<u8>,
}

impl Default for Digester {
    fn default() -> Self {
        Self {
            hasher: ring::digest::Context::new(&ring::digest::SHA256),
            size: 0,
            prefix: Vec::new(),
        }
    }
}

impl Digester {
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.size += bytes.len() as u64;
        if self.prefix.len() < SNIFF_LEN {
            let take = (SNIFF_LEN - self.prefix.len()).min(bytes.len());
            self.prefix.extend_from_slice(&bytes[..take]);
        }
    }

    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    pub(crate) fn finish(self) -> Stored {
        Stored {
            size: self.size,
            sha256_hex: hex::encode(self.hasher.finish()),
            sniffed: sniff(&self.prefix),
        }
    }
}

/// Reads into `buf` until it holds `want` bytes or the reader ends, feeding `digest`.
/// Errors of the reader are [`StorageError::Source`].
pub(crate) async fn fill(
    reader: &mut (dyn AsyncRead + Unpin + Send),
    buf: &mut Vec<u8>,
    want: usize,
    digest: &mut Digester,
) -> Result<(), StorageError> {
    let start = buf.len();
    buf.resize(want, 0);
    let mut filled = start;
    while filled < want {
        let n = reader
            .read(&mut buf[filled..])
            .await
            .map_err(StorageError::Source)?;
        if n == 0 {
            break;
        }
        digest.update(&buf[filled..filled + n]);
        filled += n;
    }
    buf.truncate(filled);
    Ok(())
}

/// Parses a lowercase or uppercase hex SHA-256 into its 32 bytes.
pub(crate) fn sha256_bytes(hex_digest: &str) -> Result<Vec<u8>, StorageError> {
    let bytes = hex::decode(hex_digest)
        .ok()
        .filter(|b| b.len() == 32)
        .ok_or_else(|| StorageError::Invalid("sha256 must be 64 hex digits".into()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_is_bounded() {
        let now = Utc::now();
        assert!(expiry(now, Duration::from_secs(0)).is_err());
        assert!(expiry(now, Duration::from_millis(999)).is_err());
        assert!(expiry(now, MAX_PRESIGN_TTL + Duration::from_secs(1)).is_err());
        assert_eq!(
            expiry(now, MAX_PRESIGN_TTL).unwrap(),
            now + chrono::Duration::minutes(15)
        );
    }

    #[test]
    fn digester_hashes_counts_and_keeps_the_prefix() {
        let mut d = Digester::default();
        d.update(b"%PDF-1.4\n");
        d.update(&vec![b'x'; SNIFF_LEN * 2]);
        assert_eq!(d.prefix.len(), SNIFF_LEN);
        let s = d.finish();
        assert_eq!(s.size, 9 + 2 * SNIFF_LEN as u64);
        assert_eq!(s.sniffed, Some(sniffed::PDF));
        let mut empty = Digester::default();
        empty.update(b"");
        assert_eq!(
            empty.finish().sha256_hex,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn sha256_hex_is_checked() {
        assert!(sha256_bytes("zz").is_err());
        assert!(sha256_bytes(&"a".repeat(62)).is_err());
        assert_eq!(sha256_bytes(&"AB".repeat(32)).unwrap(), vec![0xAB; 32]);
    }
}
