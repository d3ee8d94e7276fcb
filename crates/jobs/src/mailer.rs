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

/// A configured transport plus the sender address.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// Domain for Message-IDs, from the sender address.
    id_domain: String,
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
    /// Builds the transport. SMTP connections time out after 15 s.
    pub fn new(settings: &MailSettings, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("CERTA_MAIL_FROM is not a valid address: {e}"))?;
        let id_domain = from.email.domain().to_string();
        let transport = match settings {
            MailSettings::Smtp { url } => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("CERTA_SMTP_URL is not valid: {e}"))?
                    .timeout(Some(Duration::from_secs(15)))
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
        })
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
            Transport::Smtp(t) => t.send(msg).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    SendError::Permanent(e.to_string())
                } else {
                    SendError::Transient(e.to_string())
                }
            }),
            Transport::Files(t) => t
                .send(msg)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Transient(e.to_string())),
        }
    }
}
