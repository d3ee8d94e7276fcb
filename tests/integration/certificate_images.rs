//! The certification body's logo and accreditation mark on certificates: uploaded through
//! the API and the settings page, checked (type, size, SVG content), printed on the PDF of
//! the certificates issued afterwards, recorded with each revision as issued (replacing
//! the logo leaves issued documents as they are), and out of reach of the settings API.

use crate::certification::granted;
use crate::fieldwork::get;
use crate::scheduling::post;
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;

/// A PNG of `width` × `height` pixels of one colour, its pixel data stored uncompressed.
pub(crate) fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend_from_slice(&crc32(&typed).to_be_bytes());
    }
    // Each row: filter type 0, then the pixels.
    let mut row = vec![0u8];
    for _ in 0..width {
        row.extend_from_slice(&rgb);
    }
    let raw = row.repeat(height as usize);
    // zlib with stored blocks, then the Adler-32 of the data.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = u16::try_from(block.len()).unwrap();
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

const MARK: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">
  <defs><circle id="dot" cx="20" cy="20" r="18"/></defs>
  <use xlink:href="#dot" fill="#1f2a44"/>
</svg>"##;

pub(crate) async fn put_image(
    app: &TestApp,
    token: &str,
    name: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    api(
        app,
        token,
        Method::PUT,
        &format!("/api/v1/settings/certificate-images/{name}"),
    )
    .header("content-type", content_type)
    .body(body)
    .send()
    .await
    .unwrap()
}

/// Whether the object store holds the image a stored reference names.
async fn kept(app: &TestApp, image: &Value) -> bool {
    let key: certa_storage::ObjectKey = image["key"].as_str().unwrap().parse().unwrap();
    app.ctx.storage.head(&key).await.unwrap().is_some()
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

async fn pdf(app: &TestApp, token: &str, id: &str, revision: Option<i64>) -> Vec<u8> {
    let path = match revision {
        Some(r) => format!("/api/v1/certificates/{id}/pdf?revision={r}"),
        None => format!("/api/v1/certificates/{id}/pdf"),
    };
    let r = api(app, token, Method::GET, &path).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.bytes().await.unwrap().to_vec()
}

/// The raster images of a PDF as `pdfimages -list` (poppler-utils) sees them: width and
/// height of each.
fn images_of(pdf: &[u8]) -> Vec<(u32, u32)> {
    let path = std::env::temp_dir().join(format!("certa-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let out = out.expect("pdfimages runs (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdfimages failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            Some((cols.get(3)?.parse().ok()?, cols.get(4)?.parse().ok()?))
        })
        .collect()
}

#[tokio::test]
async fn images_are_checked_and_certificates_keep_the_ones_they_were_issued_with() {
    let app = TestApp::spawn().await;
    let t = app.tenant("marks").await;
    let logo = png(8, 8, [0x1f, 0x2a, 0x44]);

    // Nothing yet.
    let r = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/settings/certificate-images/logo",
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "image_not_found").await;

    // Refused: not an image, a type other than sent, a script, too large, another type,
    // an unknown image, an image Typst cannot place.
    let r = put_image(
        &app,
        &t.token,
        "logo",
        "image/png",
        b"hello, world".to_vec(),
    )
    .await;
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_image").await;
    let r = put_image(&app, &t.token, "logo", "image/jpeg", logo.clone()).await;
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_image").await;
    assert!(p["detail"].as_str().unwrap().contains("PNG"), "{p}");
    let script = r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let r = put_image(
        &app,
        &t.token,
        "accreditation_mark",
        "image/svg+xml",
        script.into(),
    )
    .await;
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_image").await;
    let outside = r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/x.png"/></svg>"#;
    let r = put_image(
        &app,
        &t.token,
        "accreditation_mark",
        "image/svg+xml",
        outside.into(),
    )
    .await;
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_image").await;
    let mut damaged = logo.clone();
    damaged.truncate(40);
    let r = put_image(&app, &t.token, "logo", "image/png", damaged).await;
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_image").await;
    let mut big = logo.clone();
    big.resize(1024 * 1024 + 1, 0);
    let r = put_image(&app, &t.token, "logo", "image/png", big).await;
    assert_problem(r, StatusCode::PAYLOAD_TOO_LARGE, "file_too_large").await;
    let r = put_image(&app, &t.token, "logo", "image/gif", logo.clone()).await;
    assert_problem(
        r,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let r = put_image(&app, &t.token, "signature", "image/png", logo.clone()).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Only administrators.
    let viewer = app.member(&t, "viewer@marks.test.example", "viewer").await;
    let r = put_image(&app, &viewer, "logo", "image/png", logo.clone()).await;
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;

    // The logo (PNG) and the accreditation mark (SVG).
    let r = put_image(&app, &t.token, "logo", "image/png", logo.clone()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let first: Value = r.json().await.unwrap();
    assert_eq!(first["format"], "png");
    assert_eq!(first["sha256"], sha(&logo));
    assert!(
        first["key"]
            .as_str()
            .unwrap()
            .starts_with(&format!("t/{}/image/", t.id))
    );
    let r = put_image(
        &app,
        &t.token,
        "accreditation_mark",
        "image/svg+xml; charset=utf-8",
        MARK.into(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/settings/certificate-images/logo",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().to_vec(), logo);
    let settings = get(&app, &t.token, "/api/v1/settings").await;
    assert_eq!(settings["certificates"]["logo"], first);
    assert_eq!(
        settings["certificates"]["accreditation_mark"]["format"],
        "svg"
    );

    // Accredited for the standard: the mark is printed too.
    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"certificates": {"accreditations": [
            {"standard": "ISO/IEC 42001:2023", "body": "UKAS", "number": "0042"}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let (ready, id) = granted(&app, &t).await;
    let issued = pdf(&app, &t.token, &id, None).await;
    assert!(
        images_of(&issued).contains(&(8, 8)),
        "the logo is in the PDF: {:?}",
        images_of(&issued)
    );
    let cert = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    let issued_sha = cert["revisions"][0]["pdf_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(sha(&issued), issued_sha);

    // A new logo: the issued revision stays as issued (its logo is kept), the next
    // revision shows the new one.
    let new_logo = png(16, 12, [0xa3, 0x23, 0x1f]);
    let r = put_image(&app, &t.token, "logo", "image/png", new_logo.clone()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let second: Value = r.json().await.unwrap();
    assert_ne!(second["key"], first["key"]);
    assert!(
        kept(&app, &first).await,
        "the issued revision's logo is kept"
    );
    assert!(
        !captured_log().contains("its references could not be checked"),
        "kept because a revision refers to it, not because the check failed"
    );
    let again = pdf(&app, &t.token, &id, Some(0)).await;
    assert_eq!(sha(&again), issued_sha, "the issued PDF is unchanged");
    let out = post(
        &app,
        &ready.decider_token,
        &format!("/api/v1/programmes/{}/decisions", ready.programme),
        json!({"kind": "reduce_scope", "audit_ids": [], "reasons": "One activity ended",
            "scope": "Design of AI-enabled inspection systems", "certificate_id": id}),
    )
    .await;
    assert!(out["decision"].is_object(), "{out}");
    let cert = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    assert_eq!(cert["revision"], 1);
    let revised = pdf(&app, &t.token, &id, Some(1)).await;
    let images = images_of(&revised);
    assert!(
        images.contains(&(16, 12)) && !images.contains(&(8, 8)),
        "{images:?}"
    );
    assert!(images_of(&pdf(&app, &t.token, &id, Some(0)).await).contains(&(8, 8)));

    // Removing the mark; once.
    let path = "/api/v1/settings/certificate-images/accreditation_mark";
    let r = api(&app, &t.token, Method::DELETE, path)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = api(&app, &t.token, Method::DELETE, path)
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "image_not_found").await;
    let settings = get(&app, &t.token, "/api/v1/settings").await;
    assert!(settings["certificates"]["accreditation_mark"].is_null());
    assert_eq!(settings["certificates"]["logo"], second);
}

#[tokio::test]
async fn the_settings_api_cannot_set_the_images() {
    let app = TestApp::spawn().await;
    let t = app.tenant("forge").await;
    let other = app.tenant("other").await;
    let r = put_image(
        &app,
        &other.token,
        "logo",
        "image/png",
        png(4, 4, [0, 0, 0]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let theirs: Value = r.json().await.unwrap();
    let forged = json!({"key": theirs["key"], "format": "png", "sha256": theirs["sha256"]});
    for name in ["logo", "accreditation_mark"] {
        let r = api(&app, &t.token, Method::PUT, "/api/v1/settings")
            .json(&json!({"certificates": {name: forged}}))
            .send()
            .await
            .unwrap();
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "setting_read_only").await;
        assert_eq!(p["field"], name);
    }
    let settings = get(&app, &t.token, "/api/v1/settings").await;
    assert!(settings["certificates"]["logo"].is_null());

    // With a logo: removing or replacing it through the settings is refused; sending the
    // document back as it was read is not.
    let r = put_image(&app, &t.token, "logo", "image/png", png(4, 4, [9, 9, 9])).await;
    assert_eq!(r.status(), StatusCode::OK);
    let mine: Value = r.json().await.unwrap();
    assert!(kept(&app, &mine).await);
    for value in [Value::Null, forged.clone()] {
        let r = api(&app, &t.token, Method::PUT, "/api/v1/settings")
            .json(&json!({"certificates": {"logo": value}}))
            .send()
            .await
            .unwrap();
        assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "setting_read_only").await;
    }
    let mut doc = get(&app, &t.token, "/api/v1/settings").await;
    doc["objection_days"] = json!(7);
    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings")
        .json(&doc)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let after: Value = r.json().await.unwrap();
    assert_eq!(after["objection_days"], 7);
    assert_eq!(after["certificates"]["logo"], mine);

    // Replaced and removed before any certificate showed them: their objects go.
    let r = put_image(&app, &t.token, "logo", "image/png", png(5, 5, [7, 7, 7])).await;
    assert_eq!(r.status(), StatusCode::OK);
    let replacement: Value = r.json().await.unwrap();
    assert!(!kept(&app, &mine).await, "the replaced logo is deleted");
    let r = api(
        &app,
        &t.token,
        Method::DELETE,
        "/api/v1/settings/certificate-images/logo",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(
        !kept(&app, &replacement).await,
        "the removed logo is deleted"
    );
    let r = put_image(&app, &t.token, "logo", "image/png", png(4, 4, [9, 9, 9])).await;
    assert_eq!(r.status(), StatusCode::OK);

    // The settings page saves everything else and keeps the logo.
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = s
        .client
        .get(app.url("/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Logo and accreditation mark"), "{html}");
    assert!(
        html.contains(r#"src="/api/v1/settings/certificate-images/logo" alt="Logo printed on certificates (PNG)""#),
        "{html}"
    );
}

#[tokio::test]
async fn the_settings_page_uploads_and_removes_images() {
    let app = TestApp::spawn().await;
    let t = app.tenant("pagelogo").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let logo = png(6, 6, [0x10, 0x20, 0x30]);
    let form = |csrf: &str, file: &[u8]| {
        let boundary = format!("certa{}", uuid::Uuid::new_v4().simple());
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    };
    let send = |ct: String, body: Vec<u8>, path: &str| {
        s.client
            .post(app.url(path))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let flash_of = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let path = "/settings/certificate-images/logo";
    let (ct, body) = form("not-the-token", &logo);
    let r = send(ct, body, path).await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "the CSRF token comes first"
    );
    // Not an image: back to the settings with the reason.
    let (ct, body) = form(&s.csrf, b"GIF89a not here");
    let r = send(ct, body, path).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/settings");
    assert!(flash_of(&r).contains("PNG"), "{}", flash_of(&r));
    let settings = get(&app, &t.token, "/api/v1/settings").await;
    assert!(settings["certificates"]["logo"].is_null());
    let (ct, body) = form(&s.csrf, &logo);
    let r = send(ct, body, path).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let settings = get(&app, &t.token, "/api/v1/settings").await;
    assert_eq!(settings["certificates"]["logo"]["sha256"], sha(&logo));
    let html = s
        .client
        .get(app.url("/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Remove the logo"), "{html}");
    let preview = s
        .client
        .get(app.url("/api/v1/settings/certificate-images/logo"))
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    assert_eq!(preview.bytes().await.unwrap().to_vec(), logo);
    let r = s
        .client
        .post(app.url("/settings/certificate-images/logo/remove"))
        .form(&[("csrf", s.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let settings = get(&app, &t.token, "/api/v1/settings").await;
    assert!(settings["certificates"]["logo"].is_null());
}
