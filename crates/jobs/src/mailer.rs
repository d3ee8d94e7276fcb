//! Sending mail: SMTP (rustls) or `.eml` files (embedded mode).

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// Where mail goes.
#[derive(Debug, Clone)]
pub enum MailSettings {
    /// `smtp://host:port` (plain, or `?tls=required` for STARTTLS) or `smtps://host:port`
    /// (implicit TLS), optionally with `user:password@`.
    Smtp { url: String },
    /// Write each mail as an `.eml` file into this directory.
    Files { dir: PathBuf },
}

/// How long connecting to the SMTP server may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one mail may take from connecting to the server's final answer. The SMTP
/// client bounds the connection only, so a server that accepts and then stops answering
/// (hung, overloaded, paused) would otherwise hold the worker for good.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(60);

/// A configured transport plus the sender address.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// Domain for Message-IDs, from the sender address.
    id_domain: String,
    /// See [`SEND_TIMEOUT`].
    send_timeout: Duration,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Why a send failed, and whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The server refused for good (5xx) or the message cannot be built.
    #[error("permanent: {0}")]
    Permanent(String),
    /// The server or network may recover (connection refused, 4xx, timeout).
    #[error("transient: {0}")]
    Transient(String),
}

/// A mail ready to send.
pub struct Outgoing<'a> {
    /// Stable id: the Message-ID derives from it, so a retry is the same mail.
    pub id: uuid::Uuid,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: String,
    pub html: String,
    pub brand: &'a str,
    /// An attachment: file name, content type, bytes (e.g. an `.ics` invitation).
    pub attachment: Option<(String, String, Vec<u8>)>,
}

impl Mailer {
    /// Builds the transport. Connecting to an SMTP server times out after
    /// [`CONNECT_TIMEOUT`], a whole mail after [`SEND_TIMEOUT`] (a transient failure).
    pub fn new(settings: &MailSettings, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("CERTA_MAIL_FROM is not a valid address: {e}"))?;
        let id_domain = from.email.domain().to_string();
        let transport = match settings {
            MailSettings::Smtp { url } => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("CERTA_SMTP_URL is not valid: {e}"))?
                    .timeout(Some(CONNECT_TIMEOUT))
                    .build(),
            ),
            MailSettings::Files { dir } => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create mail directory {}: {e}", dir.display()))?;
                Transport::Files(AsyncFileTransport::new(dir))
            }
        };
        Ok(Self {
            transport,
            from,
            id_domain,
            send_timeout: SEND_TIMEOUT,
        })
    }

    /// The same mailer with another bound on a whole mail (tests).
    pub fn with_send_timeout(mut self, limit: Duration) -> Self {
        self.send_timeout = limit;
        self
    }

    /// The Message-ID for an outbox row.
    pub fn message_id(&self, id: uuid::Uuid) -> String {
        format!("<outbox-{id}@{}>", self.id_domain)
    }

    /// Sends one mail.
    pub async fn send(&self, m: Outgoing<'_>) -> Result<(), SendError> {
        let to: Mailbox =
            m.to.parse()
                .map_err(|e| SendError::Permanent(format!("invalid recipient: {e}")))?;
        let from = Mailbox::new(
            Some(format!("{} via Certa", m.brand)),
            self.from.email.clone(),
        );
        let msg = Message::builder()
            .from(from)
            .to(to)
            .subject(m.subject)
            .message_id(Some(self.message_id(m.id)));
        let body = MultiPart::alternative_plain_html(m.text, m.html);
        let msg = match m.attachment {
            None => msg.multipart(body),
            Some((name, content_type, bytes)) => {
                let ct = ContentType::parse(&content_type)
                    .map_err(|e| SendError::Permanent(format!("bad attachment type: {e}")))?;
                msg.multipart(
                    MultiPart::mixed()
                        .multipart(body)
                        .singlepart(Attachment::new(name).body(bytes, ct)),
                )
            }
        }
        .map_err(|e| SendError::Permanent(format!("cannot build message: {e}")))?;
        match &self.transport {
            Transport::Smtp(t) => {
                match tokio::time::timeout(self.send_timeout, t.send(msg)).await {
                    Err(_) => Err(SendError::Transient(format!(
                        "the SMTP server did not answer within {} s",
                        self.send_timeout.as_secs()
                    ))),
                    Ok(sent) => sent.map(|_| ()).map_err(|e| {
                        if e.is_permanent() {
                            SendError::Permanent(e.to_string())
                        } else {
                            SendError::Transient(e.to_string())
                        }
                    }),
                }
            }
            Transport::Files(t) => t
                .send(msg)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Transient(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_server_that_stops_answering_is_a_transient_failure_in_bounded_time() {
        // Accepts connections (the kernel does, for a paused server) and never answers.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let held = tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((s, _)) = listener.accept().await {
                open.push(s);
            }
        });
        let mailer = Mailer::new(
            &MailSettings::Smtp {
                url: format!("smtp://127.0.0.1:{port}"),
            },
            "Certa <certa@test.example>",
        )
        .unwrap()
        .with_send_timeout(Duration::from_millis(300));
        let started = std::time::Instant::now();
        let sent = mailer
            .send(Outgoing {
                id: uuid::Uuid::nil(),
                to: "someone@test.example",
                subject: "Hello",
                text: "Hello".into(),
                html: "<p>Hello</p>".into(),
                brand: "Certa",
                attachment: None,
            })
            .await;
        assert!(
            matches!(&sent, Err(SendError::Transient(e)) if e.contains("did not answer")),
            "{sent:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        held.abort();
    }
}
