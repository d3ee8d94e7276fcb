//! Mail templates, embedded from `web/templates/email`, rendered at send time.
//!
//! Each kind of [`Mail`] has `<kind>.subject.hbs`, `<kind>.txt.hbs` and `<kind>.html.hbs`.
//! HTML is escaped; subject and text are not (they are not HTML). Every HTML mail fills
//! the shared frame `partials/layout.html.hbs`; every signed text mail ends with
//! `partials/footer.txt.hbs`. Templates run in strict
//! mode: a field a template reads and the mail lacks is an error, never an empty line.

use certa_service::mail::{Mail, MailKind};
use handlebars::Handlebars;
use rust_embed::RustEmbed;
use serde_json::Value;

#[derive(RustEmbed)]
#[folder = "../../web/templates/email"]
struct EmailTemplates;

/// A rendered mail.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders mail templates.
pub struct MailRenderer {
    html: Handlebars<'static>,
    plain: Handlebars<'static>,
}

/// A template is missing or failed to render.
#[derive(Debug, thiserror::Error)]
#[error("mail template: {0}")]
pub struct TemplateError(String);

impl MailRenderer {
    /// Loads every embedded template; fails if one does not parse or a kind lacks a part.
    pub fn new() -> Result<Self, TemplateError> {
        let mut html = Handlebars::new();
        let mut plain = Handlebars::new();
        html.set_strict_mode(true);
        plain.set_strict_mode(true);
        plain.register_escape_fn(handlebars::no_escape);
        for file in EmailTemplates::iter() {
            let Some(name) = file.strip_suffix(".hbs") else {
                continue;
            };
            let Some(body) = EmailTemplates::get(&file) else {
                continue;
            };
            let src = String::from_utf8_lossy(&body.data).into_owned();
            // Shared parts: the HTML layout every HTML mail fills (`{{#> layout}}`), the
            // text footer (`{{> footer}}`).
            if let Some(partial) = name.strip_prefix("partials/") {
                let (target, partial) = match partial.strip_suffix(".html") {
                    Some(p) => (&mut html, p),
                    None => (&mut plain, partial.strip_suffix(".txt").unwrap_or(partial)),
                };
                target
                    .register_partial(partial, src)
                    .map_err(|e| TemplateError(format!("{file}: {e}")))?;
                continue;
            }
            let target = if name.ends_with(".html") {
                &mut html
            } else {
                &mut plain
            };
            target
                .register_template_string(name, src)
                .map_err(|e| TemplateError(format!("{file}: {e}")))?;
        }
        let r = Self { html, plain };
        for kind in MailKind::ALL.iter().map(|k| k.as_str()) {
            for part in ["subject", "txt"] {
                if !r.plain.has_template(&format!("{kind}.{part}")) {
                    return Err(TemplateError(format!("{kind}.{part}.hbs is missing")));
                }
            }
            if !r.html.has_template(&format!("{kind}.html")) {
                return Err(TemplateError(format!("{kind}.html.hbs is missing")));
            }
        }
        Ok(r)
    }

    /// Renders a mail for a certification body (`brand`) whose pages are at `public_url`,
    /// greeting the recipient by `recipient_name` when known.
    pub fn render(
        &self,
        mail: &Mail,
        brand: &str,
        public_url: &str,
        recipient_name: Option<&str>,
    ) -> Result<Rendered, TemplateError> {
        let mut data = mail.fields();
        if let Some(obj) = data.as_object_mut() {
            obj.insert("brand".into(), brand.into());
            obj.insert("public_url".into(), public_url.into());
            obj.insert("recipient_name".into(), recipient_name.unwrap_or("").into());
        }
        self.render_data(mail.kind().as_str(), &data)
    }

    /// Renders the three parts of a mail kind with `data`.
    fn render_data(&self, kind: &str, data: &Value) -> Result<Rendered, TemplateError> {
        let err = |e: handlebars::RenderError| TemplateError(format!("{kind}: {e}"));
        Ok(Rendered {
            subject: self
                .plain
                .render(&format!("{kind}.subject"), data)
                .map_err(err)?
                .trim()
                .to_string(),
            text: self
                .plain
                .render(&format!("{kind}.txt"), data)
                .map_err(err)?,
            html: self
                .html
                .render(&format!("{kind}.html"), data)
                .map_err(err)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invitation_renders_with_branding_and_escapes_html() {
        let r = MailRenderer::new().unwrap();
        let out = r
            .render_data(
                "invitation",
                &json!({
                    "brand": "Acme <Cert>", "inviter": "Ada", "roles": "auditor",
                    "link": "http://x/invitations/accept?token=abc", "expires_at": "2026-12-05 10:00 UTC",
                    "public_url": "http://x"
                }),
            )
            .unwrap();
        assert!(out.subject.contains("Acme <Cert>"), "{}", out.subject);
        assert!(out.text.contains("http://x/invitations/accept?token=abc"));
        assert!(out.html.contains("Acme &lt;Cert&gt;"));
        assert!(!out.html.contains("Acme <Cert>"));
    }

    #[test]
    fn missing_field_is_an_error_not_an_empty_mail() {
        let r = MailRenderer::new().unwrap();
        assert!(r.render_data("invitation", &json!({"brand": "x"})).is_err());
    }
}
