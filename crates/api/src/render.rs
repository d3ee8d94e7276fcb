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
