//! Objects in an S3-compatible bucket.

use crate::{
    Digester, ObjectKey, ObjectStore, ObjectStream, PresignedRequest, S3Settings, StorageError,
    Stored, UploadConstraints, content_disposition, expiry, fill, sha256_bytes, size_mismatch,
};
use async_trait::async_trait;
use bytes::BytesMut;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use s3::bucket::Bucket;
use s3::command::Command;
use s3::creds::Credentials;
use s3::error::S3Error;
use s3::request::Request as _;
use s3::request::tokio_backend::ReqwestRequest;
use s3::serde_types::Part;
use s3::{BucketConfiguration, Region};
use secrecy::ExposeSecret;
use std::collections::HashMap;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

/// Multipart part size. S3 wants at least 5 MiB for every part but the last.
pub const PART_SIZE: usize = 8 * 1024 * 1024;
/// The chunks a streamed `PUT` sends, and how many may wait to be sent.
const CHUNK: usize = 256 * 1024;
const CHUNKS_QUEUED: usize = 4;
/// Validity of the URLs Certa presigns for its own streamed `PUT`s.
const OWN_PUT_TTL: u32 = 6 * 3600;
const OCTET_STREAM: &str = "application/octet-stream";

/// Objects in one bucket of an S3-compatible server, under an optional key prefix.
///
/// Streamed writes of a known size ([`ObjectStore::put_stream_sized`]) are one `PUT`
/// whose body is read, hashed and sent in 256 KiB chunks (at most four waiting), signed
/// like a presigned URL (`UNSIGNED-PAYLOAD`) so the bytes are hashed once, by Certa.
/// Without a known size: a single `PUT` below [`PART_SIZE`] and a multipart upload above,
/// one part uploading (a presigned `PUT`, also unsigned) while the next is read: two part
/// buffers plus the HTTP client's copy of the part being sent, whatever the object's size.
/// Measured with `examples/s3_stream_bench.rs`, 1 GiB to s3s-fs on one machine: the sized
/// `PUT` ran at 0.94 of a plain `PUT`'s throughput and grew the peak RSS by 2.7 MiB; the
/// multipart path at 0.46, +17.8 MiB. A failed or over-limit upload is aborted.
#[derive(Debug)]
pub struct S3Store {
    /// For short requests (60 s timeout).
    bucket: Box<Bucket>,
    /// For reading whole objects, which can take long (1 h timeout).
    long: Box<Bucket>,
    prefix: String,
    /// For the streamed `PUT`s of [`ObjectStore::put_stream_sized`].
    http: reqwest::Client,
}

fn backend(what: &str, e: S3Error) -> StorageError {
    StorageError::Backend(format!("{what}: {e}"))
}

/// The response of one of Certa's own requests when it succeeded; otherwise an error
/// saying `what` failed, with the status and the start of the server's answer.
async fn succeeded(
    what: &str,
    response: reqwest::Result<reqwest::Response>,
) -> Result<reqwest::Response, StorageError> {
    let response = response.map_err(|e| StorageError::Backend(format!("{what}: {e}")))?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let text = response.text().await.unwrap_or_default();
    Err(StorageError::Backend(format!(
        "{what}: HTTP {status} {}",
        text.chars().take(300).collect::<String>()
    )))
}

fn status(e: &S3Error) -> Option<u16> {
    match e {
        S3Error::HttpFailWithBody(code, _) => Some(*code),
        _ => None,
    }
}

impl S3Store {
    /// Connects and makes sure the bucket exists (creating it when it does not).
    pub async fn connect(settings: &S3Settings) -> Result<Self, StorageError> {
        settings.validate().map_err(StorageError::Config)?;
        let region = Region::Custom {
            region: settings.region.clone(),
            endpoint: settings.endpoint.trim_end_matches('/').to_string(),
        };
        let credentials = Credentials::new(
            Some(&settings.access_key),
            Some(settings.secret_key.expose_secret()),
            None,
            None,
            None,
        )
        .map_err(|e| StorageError::Config(format!("S3 credentials: {e}")))?;
        let mut bucket = Bucket::new(&settings.bucket, region.clone(), credentials.clone())
            .map_err(|e| StorageError::Config(format!("S3 bucket: {e}")))?;
        if settings.path_style {
            bucket.set_path_style();
        }
        let long = bucket
            .with_request_timeout(Duration::from_secs(3600))
            .map_err(|e| StorageError::Config(format!("S3 client: {e}")))?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| StorageError::Config(format!("S3 client: {e}")))?;
        let store = Self {
            bucket,
            long,
            prefix: settings.key_prefix.clone(),
            http,
        };
        store.ensure_bucket(settings, region, credentials).await?;
        Ok(store)
    }

    async fn ensure_bucket(
        &self,
        settings: &S3Settings,
        region: Region,
        credentials: Credentials,
    ) -> Result<(), StorageError> {
        let where_ = format!("bucket '{}' at {}", settings.bucket, settings.endpoint);
        // Listing one key needs only read access to the bucket (no ListAllMyBuckets).
        match self
            .bucket
            .list_page(self.prefix.clone(), None, None, None, Some(1))
            .await
        {
            Ok(_) => return Ok(()),
            Err(e) if status(&e) == Some(404) => {}
            Err(e) => {
                return Err(StorageError::Config(format!(
                    "cannot use the {where_}: {e}"
                )));
            }
        }
        let config = BucketConfiguration::default();
        let created = if settings.path_style {
            Bucket::create_with_path_style(&settings.bucket, region, credentials, config).await
        } else {
            Bucket::create(&settings.bucket, region, credentials, config).await
        };
        match created {
            Ok(r) if r.success() => {
                tracing::info!(bucket = %settings.bucket, "created the object storage bucket");
                Ok(())
            }
            // Created by someone else in the meantime.
            Err(e) if status(&e) == Some(409) => Ok(()),
            Ok(r) if r.response_code == 409 => Ok(()),
            Ok(r) => Err(StorageError::Config(format!(
                "cannot create the {where_}: HTTP {} {}",
                r.response_code, r.response_text
            ))),
            Err(e) => Err(StorageError::Config(format!(
                "cannot create the {where_}: {e}"
            ))),
        }
    }

    fn path(&self, key: &ObjectKey) -> String {
        format!("{}{}", self.prefix, key.as_str())
    }

    /// Multipart uploads in progress for `key` (their upload ids), through
    /// ListMultipartUploads. Empty unless an upload is under way or a process died during
    /// one (a bucket lifecycle rule should abort those after a day). Servers without that
    /// operation answer [`StorageError::Backend`] with HTTP 501.
    pub async fn incomplete_uploads(&self, key: &ObjectKey) -> Result<Vec<String>, StorageError> {
        let path = self.path(key);
        let pages = self
            .bucket
            .list_multiparts_uploads(Some(&path), None)
            .await
            .map_err(|e| backend("listing multipart uploads", e))?;
        Ok(pages
            .into_iter()
            .flat_map(|p| p.uploads)
            .filter(|u| u.key == path)
            .map(|u| u.id)
            .collect())
    }

    async fn put_multipart(
        &self,
        path: &str,
        first: Vec<u8>,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        digest: &mut Digester,
        limit: u64,
    ) -> Result<(), StorageError> {
        let upload = self
            .bucket
            .initiate_multipart_upload(path, OCTET_STREAM)
            .await
            .map_err(|e| backend("starting a multipart upload", e))?;
        let id = upload.upload_id;
        let result = self
            .upload_parts(path, &id, first, reader, digest, limit)
            .await;
        let parts = match result {
            Ok(parts) => parts,
            Err(e) => {
                self.abort(path, &id).await;
                return Err(e);
            }
        };
        if let Err(e) = self
            .bucket
            .complete_multipart_upload(path, &id, parts)
            .await
        {
            self.abort(path, &id).await;
            return Err(backend("completing a multipart upload", e));
        }
        Ok(())
    }

    /// Uploads `current` while reading the next part; stops past `limit`.
    async fn upload_parts(
        &self,
        path: &str,
        id: &str,
        first: Vec<u8>,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        digest: &mut Digester,
        limit: u64,
    ) -> Result<Vec<Part>, StorageError> {
        let mut parts = Vec::new();
        let mut current = first;
        let mut number: u32 = 1;
        loop {
            let mut next = Vec::new();
            let (uploaded, read) = tokio::join!(
                self.put_part(path, id, number, current),
                fill(reader, &mut next, PART_SIZE, digest),
            );
            parts.push(uploaded?);
            read?;
            if digest.size() > limit {
                return Err(StorageError::TooLarge { limit });
            }
            if next.is_empty() {
                return Ok(parts);
            }
            number += 1;
            if next.len() < PART_SIZE {
                parts.push(self.put_part(path, id, number, next).await?);
                return Ok(parts);
            }
            current = next;
        }
    }

    /// A presigned `PUT` address for Certa's own uploads to `path` (with `queries`, e.g.
    /// a part's number and upload id): the body is not signed, Certa hashes it itself.
    async fn own_put_url(
        &self,
        path: &str,
        queries: Option<HashMap<String, String>>,
    ) -> Result<String, StorageError> {
        self.presign_path(
            path,
            Utc::now(),
            Command::PresignPut {
                expiry_secs: OWN_PUT_TTL,
                custom_headers: None,
                custom_queries: queries,
            },
        )
        .await
    }

    /// Uploads one part with a presigned `PUT` (`UNSIGNED-PAYLOAD`): the bytes were
    /// hashed once already, for the object's SHA-256; the signing of rust-s3's own part
    /// upload would hash them twice more (MD5 and SHA-256).
    async fn put_part(
        &self,
        path: &str,
        id: &str,
        number: u32,
        bytes: Vec<u8>,
    ) -> Result<Part, StorageError> {
        let queries = HashMap::from([
            ("partNumber".to_string(), number.to_string()),
            ("uploadId".to_string(), id.to_string()),
        ]);
        let url = self.own_put_url(path, Some(queries)).await?;
        let response = self.http.put(url).body(bytes).send().await;
        let response = succeeded("uploading a part", response).await?;
        let etag = response
            .headers()
            .get(http::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| StorageError::Backend("uploading a part: no ETag in the answer".into()))?
            .to_string();
        Ok(Part {
            part_number: number,
            etag,
        })
    }

    async fn abort(&self, path: &str, id: &str) {
        if let Err(e) = self.bucket.abort_upload(path, id).await {
            tracing::error!(
                object.key = %path,
                upload.id = %id,
                error = %e,
                "aborting a multipart upload failed; the parts stay until a lifecycle rule removes them"
            );
        }
    }

    /// One `PUT` of exactly `size` bytes read from `reader`, hashed while sent.
    async fn put_sized(
        &self,
        path: &str,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        size: u64,
    ) -> Result<Stored, StorageError> {
        let url = self.own_put_url(path, None).await?;
        let (tx, mut rx) =
            tokio::sync::mpsc::channel::<std::io::Result<bytes::Bytes>>(CHUNKS_QUEUED);
        let body = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
        let send = async {
            let response = self
                .http
                .put(url)
                .header(http::header::CONTENT_TYPE, OCTET_STREAM)
                .header(http::header::CONTENT_LENGTH, size)
                .body(reqwest::Body::wrap_stream(body))
                .send()
                .await;
            succeeded("storing an object", response).await.map(drop)
        };
        let read = async move {
            let mut digest = Digester::default();
            let result = pump_exact(reader, size, &mut digest, &tx).await;
            if let Err(e) = &result {
                // Make the request fail rather than send a short body.
                let _ = tx
                    .send(Err(std::io::Error::other(format!("upload stopped: {e}"))))
                    .await;
            }
            result.map(|()| digest.finish())
        };
        let (sent, read) = tokio::join!(send, read);
        match (sent, read) {
            (Ok(()), Ok(stored)) => Ok(stored),
            // The reader's failure explains the request's.
            (sent, Err(e)) => {
                if sent.is_ok() {
                    self.delete_path(path).await;
                }
                Err(e)
            }
            (Err(e), Ok(_)) => {
                self.delete_path(path).await;
                Err(e)
            }
        }
    }

    async fn delete_path(&self, path: &str) {
        if let Err(e) = self.bucket.delete_object(path).await
            && status(&e) != Some(404)
        {
            tracing::error!(object.key = %path, error = %e, "deleting a failed upload's object failed");
        }
    }

    async fn presign(
        &self,
        key: &ObjectKey,
        signed_at: DateTime<Utc>,
        command: Command<'_>,
    ) -> Result<String, StorageError> {
        self.presign_path(&self.path(key), signed_at, command).await
    }

    async fn presign_path(
        &self,
        path: &str,
        signed_at: DateTime<Utc>,
        command: Command<'_>,
    ) -> Result<String, StorageError> {
        let datetime = time::OffsetDateTime::from_unix_timestamp(signed_at.timestamp())
            .map_err(|e| StorageError::Invalid(format!("signing time: {e}")))?;
        let request = ReqwestRequest {
            bucket: &self.bucket,
            path,
            command,
            datetime,
            sync: false,
        };
        request
            .presigned()
            .await
            .map_err(|e| backend("presigning", e))
    }
}

/// Reads exactly `size` bytes into `tx` in [`CHUNK`]s, feeding `digest`; a reader that
/// ends early or has more is refused.
async fn pump_exact(
    reader: &mut (dyn AsyncRead + Unpin + Send),
    size: u64,
    digest: &mut Digester,
    tx: &tokio::sync::mpsc::Sender<std::io::Result<bytes::Bytes>>,
) -> Result<(), StorageError> {
    loop {
        let left = size - digest.size();
        // Ask for one byte more than is left, to see a body that goes on.
        let want = usize::try_from(left.saturating_add(1))
            .unwrap_or(usize::MAX)
            .min(CHUNK);
        let mut buf = BytesMut::with_capacity(want);
        while buf.len() < want {
            let n = (&mut *reader)
                .take((want - buf.len()) as u64)
                .read_buf(&mut buf)
                .await
                .map_err(StorageError::Source)?;
            if n == 0 {
                break;
            }
        }
        digest.update(&buf);
        if digest.size() > size {
            return Err(size_mismatch(size, digest.size()));
        }
        let end = buf.len() < want;
        if !buf.is_empty() && tx.send(Ok(buf.freeze())).await.is_err() {
            // The request ended (it failed); its error says why.
            return Ok(());
        }
        if end {
            return if digest.size() == size {
                Ok(())
            } else {
                Err(size_mismatch(size, digest.size()))
            };
        }
    }
}

#[async_trait]
impl ObjectStore for S3Store {
    fn backend(&self) -> &'static str {
        "s3"
    }

    async fn put_stream(
        &self,
        key: &ObjectKey,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        limit: u64,
    ) -> Result<Stored, StorageError> {
        let path = self.path(key);
        let mut limited = reader.take(limit.saturating_add(1));
        let mut digest = Digester::default();
        let mut first = Vec::new();
        fill(&mut limited, &mut first, PART_SIZE, &mut digest).await?;
        if digest.size() > limit {
            return Err(StorageError::TooLarge { limit });
        }
        if first.len() < PART_SIZE {
            self.bucket
                .put_object_with_content_type(&path, &first, OCTET_STREAM)
                .await
                .map_err(|e| backend("storing an object", e))?;
        } else {
            self.put_multipart(&path, first, &mut limited, &mut digest, limit)
                .await?;
        }
        Ok(digest.finish())
    }

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
        self.put_sized(&self.path(key), reader, size).await
    }

    async fn head(&self, key: &ObjectKey) -> Result<Option<u64>, StorageError> {
        match self.bucket.head_object(self.path(key)).await {
            Ok((h, _)) => Ok(Some(
                h.content_length
                    .and_then(|l| u64::try_from(l).ok())
                    .unwrap_or(0),
            )),
            Err(e) if status(&e) == Some(404) => Ok(None),
            Err(e) => Err(backend("reading object metadata", e)),
        }
    }

    async fn get_stream(&self, key: &ObjectKey) -> Result<ObjectStream, StorageError> {
        match self.long.get_object_stream(self.path(key)).await {
            Ok(r) => Ok(Box::pin(r.bytes.map(|c| c.map_err(std::io::Error::other)))),
            Err(e) if status(&e) == Some(404) => Err(StorageError::NotFound),
            Err(e) => Err(backend("reading an object", e)),
        }
    }

    async fn read_prefix(&self, key: &ObjectKey, n: usize) -> Result<Vec<u8>, StorageError> {
        if n == 0 {
            return match self.head(key).await? {
                Some(_) => Ok(Vec::new()),
                None => Err(StorageError::NotFound),
            };
        }
        match self
            .bucket
            .get_object_range(self.path(key), 0, Some(n as u64 - 1))
            .await
        {
            Ok(r) => {
                let mut v = r.to_vec();
                v.truncate(n);
                Ok(v)
            }
            Err(e) if status(&e) == Some(404) => Err(StorageError::NotFound),
            // An empty object has no byte 0.
            Err(e) if status(&e) == Some(416) => Ok(Vec::new()),
            Err(e) => Err(backend("reading the start of an object", e)),
        }
    }

    async fn copy(&self, from: &ObjectKey, to: &ObjectKey) -> Result<(), StorageError> {
        match self
            .bucket
            .copy_object_internal(self.path(from), self.path(to))
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if status(&e) == Some(404) => Err(StorageError::NotFound),
            Err(e) => Err(backend("copying an object", e)),
        }
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        match self.bucket.delete_object(self.path(key)).await {
            Ok(_) => Ok(()),
            Err(e) if status(&e) == Some(404) => Ok(()),
            Err(e) => Err(backend("deleting an object", e)),
        }
    }

    fn supports_presign(&self) -> bool {
        true
    }

    async fn presign_put_at(
        &self,
        key: &ObjectKey,
        signed_at: DateTime<Utc>,
        ttl: Duration,
        upload: &UploadConstraints,
    ) -> Result<PresignedRequest, StorageError> {
        let expires_at = expiry(signed_at, ttl)?;
        let mut headers = vec![("content-type".to_string(), upload.content_type.clone())];
        if let Some(len) = upload.content_length {
            headers.push(("content-length".into(), len.to_string()));
        }
        if let Some(sha) = &upload.sha256_hex {
            use base64::Engine as _;
            let b64 = base64::engine::general_purpose::STANDARD.encode(sha256_bytes(sha)?);
            headers.push(("x-amz-checksum-sha256".into(), b64));
        }
        let mut map = http::HeaderMap::new();
        for (k, v) in &headers {
            let name = http::HeaderName::from_bytes(k.as_bytes())
                .map_err(|e| StorageError::Invalid(format!("header {k}: {e}")))?;
            let value = http::HeaderValue::from_str(v)
                .map_err(|e| StorageError::Invalid(format!("header {k}: {e}")))?;
            map.insert(name, value);
        }
        let url = self
            .presign(
                key,
                signed_at,
                Command::PresignPut {
                    expiry_secs: ttl.as_secs() as u32,
                    custom_headers: Some(map),
                    custom_queries: None,
                },
            )
            .await?;
        Ok(PresignedRequest {
            method: "PUT".into(),
            url,
            headers,
            expires_at,
        })
    }

    async fn presign_get_at(
        &self,
        key: &ObjectKey,
        signed_at: DateTime<Utc>,
        ttl: Duration,
        filename: &str,
        content_type: &str,
    ) -> Result<PresignedRequest, StorageError> {
        let expires_at = expiry(signed_at, ttl)?;
        let queries = HashMap::from([
            (
                "response-content-disposition".to_string(),
                content_disposition(filename),
            ),
            (
                "response-content-type".to_string(),
                content_type.to_string(),
            ),
        ]);
        let url = self
            .presign(
                key,
                signed_at,
                Command::PresignGet {
                    expiry_secs: ttl.as_secs() as u32,
                    custom_queries: Some(queries),
                },
            )
            .await?;
        Ok(PresignedRequest {
            method: "GET".into(),
            url,
            headers: Vec::new(),
            expires_at,
        })
    }
}
