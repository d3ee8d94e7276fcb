//! Server-rendered pages: handlebars templates and static assets embedded in the binary.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use handlebars::Handlebars;
use rust_embed::RustEmbed;
use serde_json::Value;
use std::sync::Arc;

pub use certa_i18n::{Catalogue, Lang, Tr, Translate, format};

#[derive(RustEmbed)]
#[folder = "../../web/templates"]
#[exclude = "email/*"]
struct Templates;

#[derive(RustEmbed)]
#[folder = "../../web/static"]
struct Static;

/// The page renderer: the templates once per language, each with the `t` helper of its
/// language and the helpers that write days and sizes as that language does.
pub struct Pages {
    hb: std::collections::BTreeMap<Lang, Handlebars<'static>>,
    cat: Arc<Catalogue>,
}

impl Pages {
    /// Loads the message catalogue and every embedded page, layout and partial
    /// (`layouts/base`, `pages/login`, …).
    pub fn new() -> Result<Self, String> {
        let cat = Arc::new(Catalogue::load()?);
        let mut hb = std::collections::BTreeMap::new();
        for &lang in Lang::ALL {
            hb.insert(lang, Self::registry(&cat, lang)?);
        }
        Ok(Self { hb, cat })
    }

    fn registry(cat: &Arc<Catalogue>, lang: Lang) -> Result<Handlebars<'static>, String> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(false);
        hb.register_helper("t", Box::new(Translate::new(cat.clone(), lang, true)));
        // Days and sizes as `lang` writes them.
        let day = move |h: &handlebars::Helper<'_>| day_in(lang, param_str(h, 0));
        let days =
            move |h: &handlebars::Helper<'_>| days_in(lang, param_str(h, 0), param_str(h, 1));
        let size = move |h: &handlebars::Helper<'_>| {
            format::size(
                lang,
                h.param(0).and_then(|v| v.value().as_u64()).unwrap_or(0),
            )
        };
        hb.register_helper("human_day", writer(day));
        hb.register_helper("human_days", writer(days));
        hb.register_helper("human_size", writer(size));
        for file in Templates::iter() {
            let Some(name) = file.strip_suffix(".hbs") else {
                continue;
            };
            let Some(body) = Templates::get(&file) else {
                continue;
            };
            let src = String::from_utf8_lossy(&body.data).into_owned();
            hb.register_template_string(name, src)
                .map_err(|e| format!("template {file}: {e}"))?;
        }
        Ok(hb)
    }

    /// The message catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.cat
    }

    /// Words in `lang`, for the code that builds a page's data.
    pub fn tr(&self, lang: Lang) -> Tr<'_> {
        self.cat.tr(lang)
    }

    /// Renders a page to HTML in `lang` (also given to the template as `lang`). The data is
    /// taken, not borrowed: rendering from a reference would first copy all of it, which
    /// costs as much as the rendering on long pages.
    pub fn render(&self, lang: Lang, name: &str, mut data: Value) -> Result<String, String> {
        if let Value::Object(o) = &mut data {
            o.entry("lang").or_insert_with(|| lang.code().into());
        }
        let hb = self
            .hb
            .get(&lang)
            .ok_or_else(|| format!("no templates in {lang:?}"))?;
        hb.render_with_context(name, &handlebars::Context::from(data))
            .map_err(|e| format!("{name}: {e}"))
    }
}

/// A helper that writes what `f` makes of its parameters.
fn writer(
    f: impl Fn(&handlebars::Helper<'_>) -> String + Send + Sync + 'static,
) -> Box<dyn handlebars::HelperDef + Send + Sync + 'static> {
    Box::new(
        move |h: &handlebars::Helper<'_>,
              _: &Handlebars<'_>,
              _: &handlebars::Context,
              _: &mut handlebars::RenderContext<'_, '_>,
              out: &mut dyn handlebars::Output|
              -> handlebars::HelperResult {
            out.write(&f(h))?;
            Ok(())
        },
    )
}

fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A day in `lang`, in a `<time>` element that keeps the machine-readable date; anything
/// that is not a date is shown as it is (escaped).
pub fn day_in(lang: Lang, iso: &str) -> String {
    match parse_day(iso) {
        Some(d) => format!(r#"<time datetime="{iso}">{}</time>"#, format::day(lang, d)),
        None => handlebars::html_escape(iso),
    }
}

/// Two days in `lang` as one span of text (see [`format::days`]).
pub fn days_in(lang: Lang, from: &str, to: &str) -> String {
    match (parse_day(from), parse_day(to)) {
        (Some(a), Some(b)) => format::days(lang, a, b),
        _ => format!(
            "{} – {}",
            handlebars::html_escape(from),
            handlebars::html_escape(to)
        ),
    }
}

/// A day for people: `2026-12-07` → `7 Dec 2026`, in a `<time>` element that keeps the
/// machine-readable date. Anything that is not a date is shown as it is (escaped).
pub fn human_day(iso: &str) -> String {
    day_in(Lang::En, iso)
}

/// Two days as one span of text, naming the month and year once when they are shared:
/// `7–8 Dec 2026`, `30 Nov – 2 Dec 2026`, `28 Dec 2026 – 3 Jan 2027`; one day when they
/// are the same.
pub fn human_days(from: &str, to: &str) -> String {
    days_in(Lang::En, from, to)
}

/// A file size for people: `512 bytes`, `1.5 KB`, `2.3 MB` (1 KB = 1,024 bytes).
pub fn human_size(bytes: u64) -> String {
    format::size(Lang::En, bytes)
}

fn param_str<'a>(h: &'a handlebars::Helper<'_>, i: usize) -> &'a str {
    h.param(i)
        .and_then(|v| v.value().as_str())
        .unwrap_or_default()
}

/// Serves `/static/…` from the embedded assets with a long cache lifetime.
#[get("/static/{path:.*}")]
pub async fn static_file(path: web::Path<String>) -> HttpResponse {
    let path = path.into_inner();
    match Static::get(&path) {
        Some(f) => {
            let mime = mime_for(&path);
            HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, mime))
                .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
                .insert_header(("x-content-type-options", "nosniff"))
                .body(f.data.into_owned())
        }
        None => HttpResponse::NotFound().finish(),
    }
}

fn mime_for(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_people_write_them() {
        assert_eq!(
            human_day("2026-12-07"),
            r#"<time datetime="2026-12-07">7 Dec 2026</time>"#
        );
        assert_eq!(human_day("<soon>"), "&lt;soon&gt;");
        let text = human_days;
        assert_eq!(text("2026-12-07", "2026-12-08"), "7–8 Dec 2026");
        assert_eq!(text("2026-12-07", "2026-12-07"), "7 Dec 2026");
        assert_eq!(text("2026-11-30", "2026-12-02"), "30 Nov – 2 Dec 2026");
        assert_eq!(text("2026-12-28", "2027-01-03"), "28 Dec 2026 – 3 Jan 2027");
        assert_eq!(human_days("x", "<y>"), "x – &lt;y&gt;");
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(5 * 1024 * 1024 + 300 * 1024), "5.3 MB");
        // In a template.
        let mut pages = Pages::new().unwrap();
        let mut hb = pages.hb.remove(&Lang::En).unwrap();
        hb.register_template_string("x", "{{human_days a b}} · {{human_day a}} · {{days}}")
            .unwrap();
        let out = hb
            .render(
                "x",
                &serde_json::json!({"a": "2026-12-07", "b": "2026-12-09", "days": "1.5"}),
            )
            .unwrap();
        assert_eq!(
            out,
            r#"7–9 Dec 2026 · <time datetime="2026-12-07">7 Dec 2026</time> · 1.5"#
        );
    }
}
