//! A request body as an `AsyncRead` that is `Send`, with bounded memory.
//!
//! actix-web's payload lives on its worker's thread; the object store wants a `Send`
//! reader. [`pump`] forwards the payload's chunks through a channel of
//! [`CHANNEL_CHUNKS`] chunks to a [`ChannelReader`]: while the store is slower than the
//! client, the channel is full and the payload is not read — memory stays bounded
//! whatever the file size. Run both halves in the same task with `tokio::join!`.

use bytes::Bytes;
use futures_util::StreamExt;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;

/// The exact length of the body the handler will read: the `Content-Length`, unless a
/// `Content-Encoding` makes the decoded body another length.
pub fn exact_length(req: &actix_web::HttpRequest) -> Option<u64> {
    use actix_web::http::header;
    let encoded = req
        .headers()
        .get(header::CONTENT_ENCODING)
        .is_some_and(|v| !v.as_bytes().eq_ignore_ascii_case(b"identity"));
    if encoded {
        return None;
    }
    req.headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Chunks in flight between the payload and the store.
pub const CHANNEL_CHUNKS: usize = 4;

/// The reading half.
pub struct ChannelReader {
    rx: mpsc::Receiver<std::io::Result<Bytes>>,
    current: Bytes,
}

impl AsyncRead for ChannelReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        loop {
            if !self.current.is_empty() {
                let n = self.current.len().min(buf.remaining());
                let chunk = self.current.split_to(n);
                buf.put_slice(&chunk);
                return Poll::Ready(Ok(()));
            }
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(Ok(b))) => self.current = b,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e)),
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// A channel: the reader for the store, the sender for [`pump`].
pub fn channel() -> (mpsc::Sender<std::io::Result<Bytes>>, ChannelReader) {
    let (tx, rx) = mpsc::channel(CHANNEL_CHUNKS);
    (
        tx,
        ChannelReader {
            rx,
            current: Bytes::new(),
        },
    )
}

/// Forwards a body (a request payload, a multipart field) into the channel until it ends,
/// fails, or the reader is gone (the store stopped reading: over the limit, or failed).
pub async fn pump<S, E>(mut body: S, tx: mpsc::Sender<std::io::Result<Bytes>>)
where
    S: futures_util::Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    while let Some(chunk) = body.next().await {
        let item = chunk.map_err(|e| std::io::Error::other(e.to_string()));
        let stop = item.is_err();
        if tx.send(item).await.is_err() || stop {
            return;
        }
    }
}
