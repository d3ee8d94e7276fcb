//! Objects as files under one directory.

use crate::{
    Digester, ObjectKey, ObjectStore, ObjectStream, PresignedRequest, StorageError, Stored,
    UploadConstraints,
};
use async_trait::async_trait;
use bytes::BytesMut;
use chrono::{DateTime, Utc};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

/// Unfinished writes live here until they are linked into place.
const PARTIAL_DIR: &str = ".partial";
const BUF: usize = 64 * 1024;
/// Unfinished writes older than this are left over from a crash: removed at open.
const STALE_PARTIAL: Duration = Duration::from_secs(24 * 3600);

/// Objects as files: `root/t/{tenant}/{kind}/{id}`. The path comes from the
/// [`ObjectKey`] alone (ids and fixed words), so no user input reaches the file system.
/// A write goes to `root/.partial/` and is hard-linked into place after `fsync`, so
/// readers never see half an object, and a second write to the same key can never
/// replace the first: the link fails when the final name exists (the semantics of
/// `RENAME_NOREPLACE`, portable), then the partial name is removed.
#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

/// Removes the partial name of a write when dropped: the whole file after a failure, or
/// only this second name once the object is linked under its final one.
struct PartialFile(PathBuf);

impl Drop for PartialFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl LocalStore {
    /// Uses (and creates) `root`; removes unfinished writes older than a day.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self, StorageError> {
        let root = root.into();
        let partial = root.join(PARTIAL_DIR);
        std::fs::create_dir_all(&partial).map_err(|e| {
            StorageError::Config(format!(
                "cannot create the object directory {}: {e}",
                partial.display()
            ))
        })?;
        if let Ok(entries) = std::fs::read_dir(&partial) {
            for e in entries.flatten() {
                let stale = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| SystemTime::now().duration_since(t).ok())
                    .is_some_and(|age| age > STALE_PARTIAL);
                if stale {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(Self { root })
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &ObjectKey) -> PathBuf {
        // Keys are `t/{uuid}/{kind}/{uuid}`: four fixed-form segments.
        key.as_str()
            .split('/')
            .fold(self.root.clone(), |p, seg| p.join(seg))
    }

    /// Unfinished writes for `key` (file names under `.partial/`): empty unless a write is
    /// under way, or a process died during one.
    pub fn incomplete_uploads(&self, key: &ObjectKey) -> Result<Vec<String>, StorageError> {
        let prefix = format!("{}.", key.id().simple());
        let mut out = Vec::new();
        for e in std::fs::read_dir(self.root.join(PARTIAL_DIR))? {
            let name = e?.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) {
                out.push(name);
            }
        }
        Ok(out)
    }
}

fn not_found_is_none<T>(r: std::io::Result<T>) -> Result<Option<T>, StorageError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StorageError::Io(e)),
    }
}

#[async_trait]
impl ObjectStore for LocalStore {
    fn backend(&self) -> &'static str {
        "local"
    }

    async fn put_stream(
        &self,
        key: &ObjectKey,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        limit: u64,
    ) -> Result<Stored, StorageError> {
        let target = self.path_of(key);
        let partial = self.root.join(PARTIAL_DIR).join(format!(
            "{}.{}",
            key.id().simple(),
            uuid::Uuid::new_v4().simple()
        ));
        let guard = PartialFile(partial.clone());
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial)
            .await?;
        let mut limited = reader.take(limit.saturating_add(1));
        let mut digest = Digester::default();
        let mut buf = vec![0u8; BUF];
        loop {
            let n = limited.read(&mut buf).await.map_err(StorageError::Source)?;
            if n == 0 {
                break;
            }
            digest.update(&buf[..n]);
            if digest.size() > limit {
                return Err(StorageError::TooLarge { limit });
            }
            file.write_all(&buf[..n]).await?;
        }
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        if let Some(dir) = target.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        match tokio::fs::hard_link(&partial, &target).await {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                return Err(StorageError::AlreadyExists);
            }
            Err(e) => return Err(StorageError::Io(e)),
        }
        // The guard removes the partial name; the object lives on under its final name.
        drop(guard);
        Ok(digest.finish())
    }

    async fn copy(&self, from: &ObjectKey, to: &ObjectKey) -> Result<(), StorageError> {
        let mut file = match tokio::fs::File::open(self.path_of(from)).await {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Err(StorageError::NotFound),
            Err(e) => return Err(e.into()),
        };
        // Through the same write as any object: a partial file, then a link that never
        // replaces an existing one.
        self.put_stream(to, &mut file, u64::MAX - 1)
            .await
            .map(|_| ())
    }

    async fn head(&self, key: &ObjectKey) -> Result<Option<u64>, StorageError> {
        Ok(not_found_is_none(tokio::fs::metadata(self.path_of(key)).await)?.map(|m| m.len()))
    }

    async fn get_stream(&self, key: &ObjectKey) -> Result<ObjectStream, StorageError> {
        let file = not_found_is_none(tokio::fs::File::open(self.path_of(key)).await)?
            .ok_or(StorageError::NotFound)?;
        let stream = futures_util::stream::try_unfold(file, |mut file| async move {
            let mut buf = BytesMut::with_capacity(BUF);
            let n = file.read_buf(&mut buf).await?;
            Ok(if n == 0 {
                None
            } else {
                Some((buf.freeze(), file))
            })
        });
        Ok(Box::pin(stream))
    }

    async fn read_prefix(&self, key: &ObjectKey, n: usize) -> Result<Vec<u8>, StorageError> {
        let file = not_found_is_none(tokio::fs::File::open(self.path_of(key)).await)?
            .ok_or(StorageError::NotFound)?;
        let mut out = Vec::with_capacity(n.min(1 << 20));
        file.take(n as u64).read_to_end(&mut out).await?;
        Ok(out)
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        not_found_is_none(tokio::fs::remove_file(self.path_of(key)).await)?;
        Ok(())
    }

    fn supports_presign(&self) -> bool {
        false
    }

    async fn presign_put_at(
        &self,
        _key: &ObjectKey,
        _signed_at: DateTime<Utc>,
        _ttl: Duration,
        _upload: &UploadConstraints,
    ) -> Result<PresignedRequest, StorageError> {
        Err(StorageError::PresignUnsupported("local"))
    }

    async fn presign_get_at(
        &self,
        _key: &ObjectKey,
        _signed_at: DateTime<Utc>,
        _ttl: Duration,
        _filename: &str,
        _content_type: &str,
    ) -> Result<PresignedRequest, StorageError> {
        Err(StorageError::PresignUnsupported("local"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ObjectKind, sniffed};
    use futures_util::StreamExt;
    use sha2::{Digest, Sha256};
    use std::pin::Pin;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::task::{Context, Poll};
    use tokio::io::ReadBuf;

    struct TempRoot(PathBuf);
    impl TempRoot {
        fn new() -> Self {
            let p = std::env::temp_dir().join(format!("certa-storage-{}", uuid::Uuid::new_v4()));
            Self(p)
        }
    }
    impl Drop for TempRoot {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// An endless reader of a repeating pattern that counts what it handed out.
    struct Counting {
        given: Arc<AtomicU64>,
        total: Option<u64>,
    }
    impl AsyncRead for Counting {
        fn poll_read(
            self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            let given = self.given.load(Ordering::SeqCst);
            let room = buf.remaining() as u64;
            let n = match self.total {
                Some(t) => room.min(t - given),
                None => room,
            };
            let bytes: Vec<u8> = (given..given + n).map(|i| (i % 251) as u8).collect();
            buf.put_slice(&bytes);
            self.given.fetch_add(n, Ordering::SeqCst);
            Poll::Ready(Ok(()))
        }
    }

    /// A reader that fails after some bytes, like a client that went away.
    struct Failing(u64);
    impl AsyncRead for Failing {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            if self.0 == 0 {
                return Poll::Ready(Err(std::io::Error::new(
                    ErrorKind::ConnectionReset,
                    "client went away",
                )));
            }
            let n = (buf.remaining() as u64).min(self.0);
            buf.put_slice(&vec![b'a'; n as usize]);
            self.0 -= n;
            Poll::Ready(Ok(()))
        }
    }

    fn key() -> ObjectKey {
        ObjectKey::generate(uuid::Uuid::now_v7(), ObjectKind::Evidence)
    }

    #[tokio::test]
    async fn round_trip() {
        let root = TempRoot::new();
        let store = LocalStore::open(&root.0).unwrap();
        let k = key();
        assert_eq!(store.head(&k).await.unwrap(), None);
        let mut content = b"%PDF-1.7\n".to_vec();
        content.extend((0..300_000u32).map(|i| (i % 253) as u8));
        let stored = store
            .put_stream(&k, &mut content.as_slice(), content.len() as u64)
            .await
            .unwrap();
        assert_eq!(stored.size, content.len() as u64);
        assert_eq!(stored.sha256_hex, hex::encode(Sha256::digest(&content)));
        assert_eq!(stored.sniffed, Some(sniffed::PDF));
        assert_eq!(store.head(&k).await.unwrap(), Some(content.len() as u64));
        assert!(
            root.0
                .join("t")
                .join(k.tenant().to_string())
                .join("evidence")
                .join(k.id().to_string())
                .is_file()
        );

        let mut back = Vec::new();
        let mut s = store.get_stream(&k).await.unwrap();
        while let Some(c) = s.next().await {
            back.extend_from_slice(&c.unwrap());
        }
        assert_eq!(back, content);
        assert_eq!(store.read_prefix(&k, 5).await.unwrap(), b"%PDF-");
        assert_eq!(
            store.read_prefix(&k, 10_000_000).await.unwrap().len(),
            content.len()
        );
        assert_eq!(store.sha256(&k).await.unwrap(), stored);

        // Never replaced: a second write is refused and the first object stays whole.
        let again = store.put_stream(&k, &mut &b"id,name\n"[..], 100).await;
        assert!(
            matches!(again, Err(StorageError::AlreadyExists)),
            "{again:?}"
        );
        assert_eq!(store.sha256(&k).await.unwrap(), stored);
        assert!(store.incomplete_uploads(&k).unwrap().is_empty());
        // Deleting (twice: idempotent), then the key can be written again.
        store.delete(&k).await.unwrap();
        store.delete(&k).await.unwrap();
        assert_eq!(store.head(&k).await.unwrap(), None);
        let again = store
            .put_stream(&k, &mut &b"id,name\n"[..], 100)
            .await
            .unwrap();
        assert_eq!(again.sniffed, Some(sniffed::TEXT));
        assert_eq!(store.head(&k).await.unwrap(), Some(8));
        store.delete(&k).await.unwrap();
        store.delete(&k).await.unwrap();
        assert_eq!(store.head(&k).await.unwrap(), None);
        assert!(matches!(
            store.get_stream(&k).await,
            Err(StorageError::NotFound)
        ));
        assert!(matches!(
            store.read_prefix(&k, 8).await,
            Err(StorageError::NotFound)
        ));
        assert!(store.incomplete_uploads(&k).unwrap().is_empty());
    }

    #[tokio::test]
    async fn concurrent_writes_to_one_key_keep_exactly_one_whole_object() {
        let root = TempRoot::new();
        let store = Arc::new(LocalStore::open(&root.0).unwrap());
        let k = key();
        // Bodies of different lengths and content, large enough to need several writes.
        let bodies: Vec<Vec<u8>> = (0..8u8)
            .map(|i| vec![b'a' + i; 200_000 + usize::from(i) * 10_000])
            .collect();
        let writes = bodies.iter().map(|b| {
            let (store, k) = (store.clone(), k.clone());
            let b = b.clone();
            tokio::spawn(async move { store.put_stream(&k, &mut b.as_slice(), 1 << 30).await })
        });
        let results = futures_util::future::join_all(writes).await;
        let mut won = Vec::new();
        for r in results {
            match r.unwrap() {
                Ok(s) => won.push(s),
                Err(StorageError::AlreadyExists) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
        assert_eq!(won.len(), 1, "exactly one write is kept");
        let kept = store.sha256(&k).await.unwrap();
        assert_eq!(kept, won[0], "the kept object is the one reported stored");
        assert!(
            bodies
                .iter()
                .any(|b| hex::encode(Sha256::digest(b)) == kept.sha256_hex)
        );
        assert!(store.incomplete_uploads(&k).unwrap().is_empty());
    }

    #[tokio::test]
    async fn limit_is_enforced_while_reading() {
        let root = TempRoot::new();
        let store = LocalStore::open(&root.0).unwrap();
        let k = key();
        let given = Arc::new(AtomicU64::new(0));
        let mut endless = Counting {
            given: given.clone(),
            total: None,
        };
        let limit = 1_000_000;
        let err = store.put_stream(&k, &mut endless, limit).await.unwrap_err();
        assert!(
            matches!(err, StorageError::TooLarge { limit: l } if l == limit),
            "{err:?}"
        );
        assert_eq!(
            given.load(Ordering::SeqCst),
            limit + 1,
            "read one byte past the limit"
        );
        assert_eq!(store.head(&k).await.unwrap(), None);
        assert!(store.incomplete_uploads(&k).unwrap().is_empty());

        // Exactly the limit is fine.
        let given = Arc::new(AtomicU64::new(0));
        let mut exact = Counting {
            given,
            total: Some(limit),
        };
        let stored = store.put_stream(&k, &mut exact, limit).await.unwrap();
        assert_eq!(stored.size, limit);
    }

    #[tokio::test]
    async fn a_failing_reader_leaves_nothing() {
        let root = TempRoot::new();
        let store = LocalStore::open(&root.0).unwrap();
        let k = key();
        let err = store
            .put_stream(&k, &mut Failing(200_000), 10_000_000)
            .await
            .unwrap_err();
        assert!(matches!(err, StorageError::Source(_)), "{err:?}");
        assert_eq!(store.head(&k).await.unwrap(), None);
        assert!(store.incomplete_uploads(&k).unwrap().is_empty());
    }

    #[tokio::test]
    async fn no_presigning() {
        let root = TempRoot::new();
        let store = LocalStore::open(&root.0).unwrap();
        assert!(!store.supports_presign());
        let up = UploadConstraints {
            content_type: "application/pdf".into(),
            content_length: None,
            sha256_hex: None,
        };
        assert!(matches!(
            store
                .presign_put(&key(), Duration::from_secs(60), &up)
                .await,
            Err(StorageError::PresignUnsupported("local"))
        ));
    }

    #[test]
    fn stale_partial_files_are_removed_at_open() {
        let root = TempRoot::new();
        let store = LocalStore::open(&root.0).unwrap();
        let old = root.0.join(PARTIAL_DIR).join("old.part");
        let fresh = root.0.join(PARTIAL_DIR).join("fresh.part");
        std::fs::write(&old, b"x").unwrap();
        std::fs::write(&fresh, b"x").unwrap();
        let f = std::fs::File::options().write(true).open(&old).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(2 * 24 * 3600))
            .unwrap();
        drop(f);
        drop(store);
        LocalStore::open(&root.0).unwrap();
        assert!(!old.exists());
        assert!(fresh.exists());
    }
}
