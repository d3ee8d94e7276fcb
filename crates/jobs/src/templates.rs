//! Mail templates, embedded from `web/templates/email`, rendered at send time.
//!
//! Each kind of [`Mail`] has `<kind>.subject.hbs`, `<kind>.txt.hbs` and `<kind>.html.hbs`.
//! HTML is escaped; subject and text are not (they are not HTML). Every HTML mail fills
//! the shared frame `partials/layout.html.hbs`; every signed text mail ends with
//! `partials/footer.txt.hbs`. Templates run in strict
//! mode: a field a template reads and the mail lacks is an error, never an empty line.

use std::collections::BTreeMap;
use std::sync::Arc;

use certa_i18n::{Catalogue, Lang, Translate};
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

/// Renders mail templates, in each language Certa speaks.
pub struct MailRenderer {
    langs: BTreeMap<Lang, Registries>,
    cat: Arc<Catalogue>,
}

/// The templates of one language: HTML (escaped) and plain (subject and text).
struct Registries {
    html: Handlebars<'static>,
    plain: Handlebars<'static>,
}

/// Fields of mails that carry a label in English words (queued before the mail is
/// rendered, in no particular language), and the label families their words come from:
/// a mail in another language shows that language's label.
const LABEL_FIELDS: &[(&str, &[&str])] = &[
    ("kind", &["checklist-type-", "programme-entry-kind-"]),
    ("grade", &["nonconformity-grade-"]),
    ("status", &["certificate-status-"]),
    ("decision", &["decision-"]),
    ("function", &["function-"]),
    ("remote", &["remote-use-"]),
    ("roles", &["role-"]),
];

/// A template is missing or failed to render.
#[derive(Debug, thiserror::Error)]
#[error("mail template: {0}")]
pub struct TemplateError(String);

impl MailRenderer {
    /// Loads every embedded template; fails if one does not parse or a kind lacks a part.
    pub fn new() -> Result<Self, TemplateError> {
        let cat = Arc::new(Catalogue::load().map_err(TemplateError)?);
        let mut langs = BTreeMap::new();
        for &lang in Lang::ALL {
            langs.insert(lang, Self::registries(&cat, lang)?);
        }
        Ok(Self { langs, cat })
    }

    fn registries(cat: &Arc<Catalogue>, lang: Lang) -> Result<Registries, TemplateError> {
        let mut html = Handlebars::new();
        let mut plain = Handlebars::new();
        html.set_strict_mode(true);
        plain.set_strict_mode(true);
        plain.register_escape_fn(handlebars::no_escape);
        html.register_helper("t", Box::new(Translate::new(cat.clone(), lang, true)));
        plain.register_helper("t", Box::new(Translate::new(cat.clone(), lang, false)));
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
        let r = Registries { html, plain };
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

    /// Renders a mail in `lang` (times in `zone`) for a certification body (`brand`) whose pages are at
    /// `public_url`, greeting the recipient by `recipient_name` when known.
    pub fn render(
        &self,
        mail: &Mail,
        brand: &str,
        public_url: &str,
        recipient_name: Option<&str>,
        lang: Lang,
        zone: chrono_tz::Tz,
    ) -> Result<Rendered, TemplateError> {
        let mut data = mail.fields();
        if let Some(obj) = data.as_object_mut() {
            obj.insert("brand".into(), brand.into());
            obj.insert("public_url".into(), public_url.into());
            obj.insert("recipient_name".into(), recipient_name.unwrap_or("").into());
        }
        self.localise(&mut data, lang, zone);
        self.render_data(lang, mail.kind().as_str(), &data)
    }

    /// Puts the labels a mail carries in English words into `lang`.
    fn localise(&self, data: &mut Value, lang: Lang, zone: chrono_tz::Tz) {
        let Some(obj) = data.as_object_mut() else {
            return;
        };
        // Moments queued in UTC ("2026-12-05 10:00 UTC") in the reader's time zone and
        // words ("5 Dec 2026, 11:00 CET").
        for v in obj.values_mut() {
            if let Value::String(s) = v
                && let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M UTC")
            {
                *s = certa_i18n::format::moment(lang, &t.and_utc().with_timezone(&zone));
            }
        }
        if lang == Lang::En {
            return;
        }
        // Days written in English words ("6 December 2026", "7 Dec 2026") in the
        // reader's language.
        for v in obj.values_mut() {
            if let Value::String(s) = v
                && let Some(local) = certa_i18n::format::english_day(lang, s)
            {
                *s = local;
            }
        }
        for (field, families) in LABEL_FIELDS {
            let Some(Value::String(words)) = obj.get(*field) else {
                continue;
            };
            // One label, or a list of them ("auditor, viewer").
            let local: Option<Vec<String>> = words
                .split(", ")
                .map(|w| self.cat.label_of(lang, w, families))
                .collect();
            if let Some(local) = local {
                obj.insert((*field).to_string(), local.join(", ").into());
            }
        }
    }

    /// Renders the three parts of a mail kind with `data`.
    fn render_data(&self, lang: Lang, kind: &str, data: &Value) -> Result<Rendered, TemplateError> {
        let err = |e: handlebars::RenderError| TemplateError(format!("{kind}: {e}"));
        let r = self
            .langs
            .get(&lang)
            .ok_or_else(|| TemplateError(format!("no templates in {lang:?}")))?;
        let mut data = data.clone();
        if let Some(o) = data.as_object_mut() {
            o.insert("lang".into(), lang.code().into());
        }
        let data = &data;
        Ok(Rendered {
            subject: r
                .plain
                .render(&format!("{kind}.subject"), data)
                .map_err(err)?
                .trim()
                .to_string(),
            text: r.plain.render(&format!("{kind}.txt"), data).map_err(err)?,
            html: r.html.render(&format!("{kind}.html"), data).map_err(err)?,
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
                Lang::En,
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
        assert!(
            r.render_data(Lang::En, "invitation", &json!({"brand": "x"}))
                .is_err()
        );
    }
}
