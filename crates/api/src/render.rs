//! Server-rendered pages: handlebars templates and static assets embedded in the binary.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use handlebars::Handlebars;
use rust_embed::RustEmbed;
use serde_json::Value;

#[derive(RustEmbed)]
#[folder = "../../web/templates"]
#[exclude = "email/*"]
struct Templates;

#[derive(RustEmbed)]
#[folder = "../../web/static"]
struct Static;

/// The page renderer.
pub struct Pages {
    hb: Handlebars<'static>,
}

impl Pages {
    /// Loads every embedded page, layout and partial (`layouts/base`, `pages/login`, …).
    pub fn new() -> Result<Self, String> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(false);
        hb.register_helper("human_day", Box::new(day_helper));
        hb.register_helper("human_days", Box::new(days_helper));
        hb.register_helper("human_size", Box::new(size_helper));
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
        Ok(Self { hb })
    }

    /// Renders a page to HTML. The data is taken, not borrowed: rendering from a
    /// reference would first copy all of it, which costs as much as the rendering on
    /// long pages.
    pub fn render(&self, name: &str, data: Value) -> Result<String, String> {
        self.hb
            .render_with_context(name, &handlebars::Context::from(data))
            .map_err(|e| format!("{name}: {e}"))
    }
}

/// A day for people: `2026-12-07` → `7 Dec 2026`, in a `<time>` element that keeps the
/// machine-readable date. Anything that is not a date is shown as it is (escaped).
pub fn human_day(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => format!(r#"<time datetime="{iso}">{}</time>"#, d.format("%-d %b %Y")),
        Err(_) => handlebars::html_escape(iso),
    }
}

/// Two days as one span of text, naming the month and year once when they are shared:
/// `7–8 Dec 2026`, `30 Nov – 2 Dec 2026`, `28 Dec 2026 – 3 Jan 2027`; one day when they
/// are the same.
pub fn human_days(from: &str, to: &str) -> String {
    use chrono::Datelike;
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(a), Some(b)) = (parse(from), parse(to)) else {
        return format!(
            "{} – {}",
            handlebars::html_escape(from),
            handlebars::html_escape(to)
        );
    };
    if a == b {
        a.format("%-d %b %Y").to_string()
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        format!("{}–{}", a.format("%-d"), b.format("%-d %b %Y"))
    } else if a.year() == b.year() {
        format!("{} – {}", a.format("%-d %b"), b.format("%-d %b %Y"))
    } else {
        format!("{} – {}", a.format("%-d %b %Y"), b.format("%-d %b %Y"))
    }
}

/// A file size for people: `512 bytes`, `1.5 KB`, `2.3 MB` (1 KB = 1,024 bytes).
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else {
        format!("{:.1} GB", b / (KB * KB * KB))
    }
}

/// `{{human_size n}}`: see [`human_size`].
fn size_helper(
    h: &handlebars::Helper<'_>,
    _: &Handlebars<'_>,
    _: &handlebars::Context,
    _: &mut handlebars::RenderContext<'_, '_>,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let n = h.param(0).and_then(|v| v.value().as_u64()).unwrap_or(0);
    out.write(&human_size(n))?;
    Ok(())
}

fn param_str<'a>(h: &'a handlebars::Helper<'_>, i: usize) -> &'a str {
    h.param(i)
        .and_then(|v| v.value().as_str())
        .unwrap_or_default()
}

/// `{{human_day d}}`: see [`human_day`].
fn day_helper(
    h: &handlebars::Helper<'_>,
    _: &Handlebars<'_>,
    _: &handlebars::Context,
    _: &mut handlebars::RenderContext<'_, '_>,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    out.write(&human_day(param_str(h, 0)))?;
    Ok(())
}

/// `{{human_days from to}}`: see [`human_days`].
fn days_helper(
    h: &handlebars::Helper<'_>,
    _: &Handlebars<'_>,
    _: &handlebars::Context,
    _: &mut handlebars::RenderContext<'_, '_>,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    out.write(&human_days(param_str(h, 0), param_str(h, 1)))?;
    Ok(())
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
        let pages = Pages::new().unwrap();
        let mut hb = pages.hb;
        hb.register_template_string("t", "{{human_days a b}} · {{human_day a}} · {{days}}")
            .unwrap();
        let out = hb
            .render(
                "t",
                &serde_json::json!({"a": "2026-12-07", "b": "2026-12-09", "days": "1.5"}),
            )
            .unwrap();
        assert_eq!(
            out,
            r#"7–9 Dec 2026 · <time datetime="2026-12-07">7 Dec 2026</time> · 1.5"#
        );
    }
}
