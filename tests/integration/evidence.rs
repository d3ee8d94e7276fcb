//! Evidence uploads against the configured store (local in embedded mode, the real S3
//! server in services mode): direct uploads with completion checks, streamed uploads,
//! refusals that leave neither an object nor a row, downloads recorded in the trail,
//! isolation between client organisations.

use crate::fieldwork::{client_user, confirmed, get, new_checklist};
use crate::scheduling::{post, setup};
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

fn sha(b: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(b))
}

struct Fixture {
    app: TestApp,
    token: String,
    admin_email: String,
    client: String,
    audit: String,
    item: String,
    tenant: uuid::Uuid,
    /// The lead auditor's token when they are a member ([`fixture_led_by`]).
    lead_token: Option<String>,
}

async fn fixture() -> Fixture {
    fixture_led_by(None).await
}

/// The fixture; with `lead`, the audit's lead auditor is a member of the tenant (an
/// auditor signing in with this e-mail) rather than a personnel record alone.
async fn fixture_led_by(lead: Option<&str>) -> Fixture {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let mut lead_token = None;
    if let Some(email) = lead {
        lead_token = Some(app.member(&t, email, "auditor").await);
        let lea = member_auditor(&app, &t.token, email, "Lea Lead").await;
        post(
            &app,
            &t.token,
            &format!("/api/v1/auditors/{lea}/qualifications"),
            json!({"standard_code": "ISO/IEC 42001:2023", "technical_area": "all",
                "function": "lead_auditor", "valid_from": "2025-01-01"}),
        )
        .await;
    }
    let s = setup(&app, &t.token, "Evidence Client").await;
    let audit = confirmed(&app, &t.token, &s, 0, 10).await;
    let c = new_checklist(&app, &t.token, &audit).await;
    let item = c["items"][0]["id"].as_str().unwrap().to_string();
    Fixture {
        token: t.token.clone(),
        admin_email: t.admin_email.clone(),
        client: s.client,
        audit,
        item,
        tenant: t.id,
        lead_token,
        app,
    }
}

async fn start(f: &Fixture, body: Value) -> reqwest::Response {
    start_as(f, &f.token, body).await
}

async fn start_as(f: &Fixture, token: &str, body: Value) -> reqwest::Response {
    api(&f.app, token, Method::POST, "/api/v1/evidence/uploads")
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn ticket_body(f: &Fixture, name: &str, bytes: &[u8], sha256: &str) -> Value {
    json!({"filename": name, "size": bytes.len(), "sha256": sha256, "content_type": "application/pdf",
        "target": {"kind": "checklist_item", "id": f.item}})
}

/// Sends the bytes where the ticket says, as a browser or any HTTP client would.
async fn put(ticket: &Value, bytes: &[u8]) -> reqwest::Response {
    let mut req = reqwest::Client::new().request(
        Method::from_bytes(ticket["method"].as_str().unwrap().as_bytes()).unwrap(),
        ticket["url"].as_str().unwrap(),
    );
    for (k, v) in ticket["headers"].as_object().unwrap() {
        if k != "content-length" {
            req = req.header(k, v.as_str().unwrap());
        }
    }
    req.body(bytes.to_vec()).send().await.unwrap()
}

async fn listed(f: &Fixture) -> Vec<Value> {
    get(
        &f.app,
        &f.token,
        &format!(
            "/api/v1/evidence?target_kind=checklist_item&target_id={}",
            f.item
        ),
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

async fn object_exists(f: &Fixture, version: &str) -> bool {
    f.app.evidence_object_exists(f.tenant, version).await
}

#[tokio::test]
async fn a_direct_upload_is_checked_completed_downloaded_and_recorded() {
    let f = fixture().await;
    let r = start(&f, ticket_body(&f, "policy.pdf", PDF, &sha(PDF))).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let ticket: Value = r.json().await.unwrap();
    assert!(ticket["expires_at"].is_string());
    let id = ticket["id"].as_str().unwrap().to_string();
    // Not visible before completion.
    assert!(listed(&f).await.is_empty());
    let r = put(&ticket, PDF).await;
    assert!(
        r.status().is_success(),
        "{}: {}",
        r.status(),
        r.text().await.unwrap()
    );
    if !f.app.ctx.storage.supports_presign() {
        // The signed address of the local store is single-use.
        let again = put(&ticket, PDF).await;
        assert_eq!(again.status(), StatusCode::CONFLICT);
    }
    let v = post(
        &f.app,
        &f.token,
        &format!("/api/v1/evidence/uploads/{id}/complete"),
        json!({}),
    )
    .await;
    assert_eq!(v["status"], "available");
    assert_eq!(v["sha256"], sha(PDF));
    assert_eq!(v["size"], PDF.len());
    assert_eq!(v["content_type"], "application/pdf");
    let r = api(
        &f.app,
        &f.token,
        Method::POST,
        &format!("/api/v1/evidence/uploads/{id}/complete"),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "upload_not_pending").await;
    let l = listed(&f).await;
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["versions"][0]["filename"], "policy.pdf");

    // Download: the bytes (local) or a short-lived presigned address (S3); either way the
    // same bytes arrive, and the trail records it.
    let r = api(
        &f.app,
        &f.token,
        Method::GET,
        &format!("/api/v1/evidence/versions/{id}/download"),
    )
    .send()
    .await
    .unwrap();
    let bytes = if r.status() == StatusCode::SEE_OTHER {
        let to = r.headers()["location"].to_str().unwrap().to_string();
        reqwest::get(&to).await.unwrap().bytes().await.unwrap()
    } else {
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("policy.pdf")
        );
        r.bytes().await.unwrap()
    };
    assert_eq!(&bytes[..], PDF);
    let trail = get(&f.app, &f.token, "/api/v1/audit-events")
        .await
        .to_string();
    assert!(trail.contains("evidence.downloaded"));
    assert!(trail.contains("evidence.uploaded"));
    // A new upload to the same item is a new version; the old one stays.
    let item_id = l[0]["id"].as_str().unwrap();
    let pdf2 = [PDF, b"% second\n"].concat();
    let mut b = ticket_body(&f, "policy-v2.pdf", &pdf2, &sha(&pdf2));
    b["item_id"] = json!(item_id);
    let t2: Value = start(&f, b).await.json().await.unwrap();
    assert!(put(&t2, &pdf2).await.status().is_success());
    let v2 = post(
        &f.app,
        &f.token,
        &format!(
            "/api/v1/evidence/uploads/{}/complete",
            t2["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    assert_eq!(v2["version"], 2);
    let l = listed(&f).await;
    assert_eq!(l[0]["versions"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn wrong_hashes_types_and_sizes_leave_neither_object_nor_row() {
    let f = fixture().await;
    // A declared hash that does not match what is sent.
    let t: Value = start(&f, ticket_body(&f, "a.pdf", PDF, &sha(b"something else")))
        .await
        .json()
        .await
        .unwrap();
    let id = t["id"].as_str().unwrap().to_string();
    // The S3 server refuses the body against its signed checksum; the local store takes
    // it and the completion finds the mismatch. Either way: 422, and nothing kept.
    put(&t, PDF).await;
    let r = api(
        &f.app,
        &f.token,
        Method::POST,
        &format!("/api/v1/evidence/uploads/{id}/complete"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert!(
        ["sha256_mismatch", "upload_missing"].contains(&body["code"].as_str().unwrap()),
        "{body}"
    );
    assert!(body["detail"].is_string());
    assert!(
        !object_exists(&f, &id).await,
        "the refused object is deleted"
    );
    // A file that is not of an allowed type, even if declared as PDF.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 not a document".to_vec();
    let t: Value = start(&f, ticket_body(&f, "b.pdf", &exe, &sha(&exe)))
        .await
        .json()
        .await
        .unwrap();
    let id = t["id"].as_str().unwrap().to_string();
    assert!(put(&t, &exe).await.status().is_success());
    let r = api(
        &f.app,
        &f.token,
        Method::POST,
        &format!("/api/v1/evidence/uploads/{id}/complete"),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "type_not_allowed").await;
    assert!(!object_exists(&f, &id).await);
    // Refused at the start: a declared type outside the allow-list, a bad hash, too big.
    let mut b = ticket_body(&f, "c.exe", PDF, &sha(PDF));
    b["content_type"] = json!("application/x-msdownload");
    assert_problem(
        start(&f, b).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "type_not_allowed",
    )
    .await;
    assert_problem(
        start(&f, ticket_body(&f, "d.pdf", PDF, "abc")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_sha256",
    )
    .await;
    let mut b = ticket_body(&f, "e.pdf", PDF, &sha(PDF));
    b["size"] = json!(200u64 * 1024 * 1024);
    assert_problem(
        start(&f, b).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
    )
    .await;
    // A tampered address is refused (local store; S3 checks its own signatures).
    if !f.app.ctx.storage.supports_presign() {
        let t: Value = start(&f, ticket_body(&f, "f.pdf", PDF, &sha(PDF)))
            .await
            .json()
            .await
            .unwrap();
        let mut bad = t.clone();
        bad["url"] = json!(t["url"].as_str().unwrap().replace("token=", "token=1"));
        assert_eq!(put(&bad, PDF).await.status(), StatusCode::UNAUTHORIZED);
        assert!(!object_exists(&f, t["id"].as_str().unwrap()).await);
    }
    assert!(
        listed(&f).await.is_empty(),
        "nothing refused became visible"
    );
}

#[tokio::test]
async fn streamed_uploads_keep_the_limit_while_reading_and_sanitise_names() {
    let f = fixture().await;
    let url = |name: &str| {
        f.app.url(&format!(
            "/api/v1/evidence?target_kind=checklist_item&target_id={}&filename={}",
            f.item,
            url_escape(name)
        ))
    };
    let hostile = "../../etc/passwd\u{202e}fdp.exe.pdf";
    let r = reqwest::Client::new()
        .post(url(hostile))
        .bearer_auth(&f.token)
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["sha256"], sha(PDF));
    let name = v["filename"].as_str().unwrap();
    assert!(
        !name.contains('/') && !name.contains('\u{202e}') && !name.starts_with('.'),
        "{name}"
    );
    // The tenant's limit: 1 MiB.
    let r = api(&f.app, &f.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"max_upload_mib": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let big: Vec<u8> = PDF
        .iter()
        .copied()
        .chain(std::iter::repeat_n(b' ', 3 * 1024 * 1024))
        .collect();
    // Announced too big: refused before reading.
    let r = reqwest::Client::new()
        .post(url("big.pdf"))
        .bearer_auth(&f.token)
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::PAYLOAD_TOO_LARGE, "file_too_large").await;
    // Not announced (chunked): refused while reading, once past the limit.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        big.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let r = reqwest::Client::new()
        .post(url("big.pdf"))
        .bearer_auth(&f.token)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::PAYLOAD_TOO_LARGE, "file_too_large").await;
    // Not an allowed type.
    let r = reqwest::Client::new()
        .post(url("x.pdf"))
        .bearer_auth(&f.token)
        .body(b"\x7fELF\x02\x01\x01 binary".to_vec())
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "type_not_allowed").await;
    assert_eq!(listed(&f).await.len(), 1, "only the first file was kept");
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_client_user_uploads_for_their_organisation_only() {
    let f = fixture().await;
    let (cu, _) = client_user(&f.app, &f.token, &f.client).await;
    // Through the page endpoint the upload script uses (session and CSRF).
    let r = cu
        .client
        .post(f.app.url("/evidence/uploads"))
        .form(&[
            ("csrf", cu.csrf.as_str()),
            ("target_kind", "checklist_item"),
            ("target_id", f.item.as_str()),
            ("filename", "register.pdf"),
            ("size", &PDF.len().to_string()),
            ("sha256", &sha(PDF)),
            ("content_type", "application/pdf"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let t: Value = r.json().await.unwrap();
    assert!(put(&t, PDF).await.status().is_success());
    let r = cu
        .client
        .post(f.app.url(&format!(
            "/evidence/uploads/{}/complete",
            t["id"].as_str().unwrap()
        )))
        .form(&[("csrf", cu.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["uploaded_by"], "Clara Client");
    // The lead auditor hears of it.
    f.app.dispatch().await;
    // A client user of another organisation sees none of it.
    let other = post(
        &f.app,
        &f.token,
        "/api/v1/clients",
        json!({"legal_name": "Other Org"}),
    )
    .await;
    let (ou, _) = client_user(&f.app, &f.token, other["id"].as_str().unwrap()).await;
    let version = v["id"].as_str().unwrap();
    for path in [
        format!("/evidence/versions/{version}/download"),
        format!("/api/v1/evidence/versions/{version}/download"),
        format!(
            "/api/v1/evidence?target_kind=checklist_item&target_id={}",
            f.item
        ),
    ] {
        let r = ou.client.get(f.app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let r = ou
        .client
        .post(f.app.url("/evidence/uploads"))
        .form(&[
            ("csrf", ou.csrf.as_str()),
            ("target_kind", "checklist_item"),
            ("target_id", f.item.as_str()),
            ("filename", "intrusion.pdf"),
            ("size", &PDF.len().to_string()),
            ("sha256", &sha(PDF)),
            ("content_type", "application/pdf"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Withdrawal hides it; the record stays in the trail.
    let item = listed(&f).await[0]["id"].as_str().unwrap().to_string();
    let r = api(
        &f.app,
        &f.token,
        Method::POST,
        &format!("/api/v1/evidence/items/{item}/withdraw"),
    )
    .json(&json!({"reason": "Uploaded to the wrong request"}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(listed(&f).await.is_empty());
    assert!(
        object_exists(&f, version).await,
        "the file is kept for the retention period"
    );
    let _ = f.audit;
}

fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = format!("certa{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/pdf\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_upload_form_works_without_javascript() {
    let f = fixture().await;
    let staff = f.app.login(&f.admin_email, PASSWORD).await;
    let back = format!("/audits/{}/workspace", f.audit);
    let form = |csrf: &str| {
        multipart(
            &[
                ("csrf", csrf),
                ("target_kind", "checklist_item"),
                ("target_id", f.item.as_str()),
                ("back", back.as_str()),
                ("title", "Signed policy"),
            ],
            ("..\\..\\policy.pdf", PDF),
        )
    };
    let (ct, body) = form("not-the-token");
    let r = staff
        .client
        .post(f.app.url("/evidence/form-upload"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "the CSRF token is checked before the file is read"
    );
    assert!(listed(&f).await.is_empty());
    let (ct, body) = form(&staff.csrf);
    let r = staff
        .client
        .post(f.app.url("/evidence/form-upload"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], back.as_str());
    let l = listed(&f).await;
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["title"], "Signed policy");
    assert_eq!(l[0]["versions"][0]["sha256"], sha(PDF));
    let name = l[0]["versions"][0]["filename"].as_str().unwrap();
    assert!(!name.contains('\\') && !name.contains('/'), "{name}");
    // The workspace lists it with a download link.
    let html = staff
        .client
        .get(f.app.url(&back))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!(
        "/evidence/versions/{}/download",
        l[0]["versions"][0]["id"].as_str().unwrap()
    )));
}

#[tokio::test]
async fn withdrawn_files_are_deleted_once_the_retention_period_has_passed() {
    let f = fixture().await;
    let r = reqwest::Client::new()
        .post(f.app.url(&format!(
            "/api/v1/evidence?target_kind=checklist_item&target_id={}&filename=old.pdf",
            f.item
        )))
        .bearer_auth(&f.token)
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    let version = v["id"].as_str().unwrap().to_string();
    let r = api(
        &f.app,
        &f.token,
        Method::POST,
        &format!(
            "/api/v1/evidence/items/{}/withdraw",
            v["item_id"].as_str().unwrap()
        ),
    )
    .json(&json!({"reason": "superseded by the 2027 policy"}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let today = chrono::Utc::now().date_naive();
    let run = |d: chrono::NaiveDate| certa_service::reminders::send_due(&f.app.ctx, d);
    assert_eq!(run(today).await.unwrap().purged, 0);
    assert!(
        object_exists(&f, &version).await,
        "kept within the retention period"
    );
    let later = today
        .checked_add_months(chrono::Months::new(6 * 12 + 1))
        .unwrap();
    assert_eq!(run(later).await.unwrap().purged, 1);
    assert!(!object_exists(&f, &version).await, "deleted after it");
    assert_eq!(run(later).await.unwrap().purged, 0);
}

/// Downloads a version's bytes (streamed by Certa, or from the presigned address).
async fn download(f: &Fixture, version: &str) -> Vec<u8> {
    let r = api(
        &f.app,
        &f.token,
        Method::GET,
        &format!("/api/v1/evidence/versions/{version}/download"),
    )
    .send()
    .await
    .unwrap();
    if r.status() == StatusCode::SEE_OTHER {
        let to = r.headers()["location"].to_str().unwrap().to_string();
        return reqwest::get(&to)
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec();
    }
    assert_eq!(r.status(), StatusCode::OK);
    r.bytes().await.unwrap().to_vec()
}

async fn complete(f: &Fixture, id: &str) -> reqwest::Response {
    api(
        &f.app,
        &f.token,
        Method::POST,
        &format!("/api/v1/evidence/uploads/{id}/complete"),
    )
    .send()
    .await
    .unwrap()
}

/// Every version the API shows is whole: its stored bytes hash to its recorded SHA-256.
async fn assert_visible_versions_are_whole(f: &Fixture) {
    for item in listed(f).await {
        for v in item["versions"].as_array().unwrap() {
            let bytes = download(f, v["id"].as_str().unwrap()).await;
            assert_eq!(
                sha(&bytes),
                v["sha256"].as_str().unwrap(),
                "stored bytes of version {} differ from its recorded hash",
                v["id"]
            );
        }
    }
}

/// Eight bodies of one length and different content, the first one declared.
fn rival_bodies() -> Vec<Vec<u8>> {
    (0..8u8)
        .map(|i| {
            let mut b = PDF.to_vec();
            b.extend(std::iter::repeat_n(b'a' + i, 1024 * 1024));
            b
        })
        .collect()
}

#[tokio::test]
async fn rival_bodies_at_one_upload_address_keep_every_visible_version_whole() {
    let f = fixture().await;
    let local = !f.app.ctx.storage.supports_presign();
    for round in 0..3 {
        let bodies = rival_bodies();
        let t: Value = start(
            &f,
            ticket_body(&f, "rival.pdf", &bodies[0], &sha(&bodies[0])),
        )
        .await
        .json()
        .await
        .unwrap();
        let id = t["id"].as_str().unwrap().to_string();
        // All bodies at once, interleaved with completions (each sent as soon as the
        // previous one answered).
        let puts = futures_util::future::join_all(bodies.iter().map(|b| put(&t, b)));
        let completes = async {
            let mut answers = Vec::new();
            for _ in 0..16 {
                answers.push(complete(&f, &id).await.status());
            }
            answers
        };
        let (puts, answers) = tokio::join!(puts, completes);
        let last = complete(&f, &id).await.status();
        for s in answers.iter().chain([&last]) {
            assert!(
                [
                    StatusCode::OK,
                    StatusCode::CONFLICT,
                    StatusCode::UNPROCESSABLE_ENTITY
                ]
                .contains(s),
                "round {round}: complete answered {s}"
            );
        }
        let mut won = Vec::new();
        for (i, r) in puts.into_iter().enumerate() {
            let s = r.status();
            if s.is_success() {
                won.push(i);
            } else if local {
                let body: Value = r.json().await.unwrap();
                assert_eq!(s, StatusCode::CONFLICT, "round {round}: {body}");
                assert!(
                    ["upload_used", "upload_in_progress"].contains(&body["code"].as_str().unwrap()),
                    "{body}"
                );
            }
        }
        if local {
            assert_eq!(won.len(), 1, "round {round}: exactly one body is taken");
            let visible = listed(&f).await.iter().any(|i| {
                i["versions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|v| v["id"] == id.as_str())
            });
            assert_eq!(
                visible,
                won[0] == 0,
                "round {round}: visible exactly when the declared body won"
            );
        }
        assert_visible_versions_are_whole(&f).await;
    }
}

#[tokio::test]
async fn completion_waits_for_a_body_still_arriving_and_a_failed_body_frees_the_address() {
    let f = fixture().await;
    if f.app.ctx.storage.supports_presign() {
        // Certa's own signed address only exists for the local store.
        return;
    }
    let t: Value = start(&f, ticket_body(&f, "slow.pdf", PDF, &sha(PDF)))
        .await
        .json()
        .await
        .unwrap();
    let id = t["id"].as_str().unwrap().to_string();
    // A body that goes beyond the declared size is refused, and the address stays usable.
    let too_big = [PDF, b"% one byte too many\n"].concat();
    let r = put(&t, &too_big).await;
    assert_problem(r, StatusCode::PAYLOAD_TOO_LARGE, "file_too_large").await;
    assert_problem(
        complete(&f, &id).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "upload_missing",
    )
    .await;
    assert!(!object_exists(&f, &id).await);
    // A body that arrives in two parts: the first part is sent, the rest waits.
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let rx = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
    });
    let (head, tail) = PDF.split_at(10);
    tx.send(head.to_vec()).unwrap();
    let url = t["url"].as_str().unwrap().to_string();
    let slow = tokio::spawn(async move {
        reqwest::Client::new()
            .put(url)
            .header("content-type", "application/pdf")
            .body(reqwest::Body::wrap_stream(rx))
            .send()
            .await
            .unwrap()
            .status()
    });
    // Until the server has claimed the address, completion finds nothing; once it has,
    // completion is refused while the body arrives.
    let mut in_progress = None;
    for _ in 0..500 {
        let r = complete(&f, &id).await;
        if r.status() == StatusCode::CONFLICT {
            in_progress = Some(r);
            break;
        }
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        tokio::task::yield_now().await;
    }
    let r = in_progress.expect("the body was claimed");
    assert_problem(r, StatusCode::CONFLICT, "upload_in_progress").await;
    // A second body meanwhile is refused without touching the first.
    assert_problem(
        put(&t, PDF).await,
        StatusCode::CONFLICT,
        "upload_in_progress",
    )
    .await;
    tx.send(tail.to_vec()).unwrap();
    drop(tx);
    assert_eq!(slow.await.unwrap(), StatusCode::OK);
    assert_problem(put(&t, PDF).await, StatusCode::CONFLICT, "upload_used").await;
    let r = complete(&f, &id).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["sha256"], sha(PDF));
    assert_eq!(download(&f, &id).await, PDF);
}

async fn sweep(f: &Fixture, at: chrono::DateTime<chrono::Utc>) -> usize {
    certa_service::evidence::sweep_stale_uploads_at(
        &f.app.ctx,
        certa_store::TenantScope::system(
            certa_domain::TenantId(f.tenant),
            certa_store::SystemAccess::Test,
        ),
        at,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn uploads_stuck_while_a_body_arrived_are_swept_once_expired() {
    use certa_store::repo::evidence::{status, transition};
    let f = fixture().await;
    let local = !f.app.ctx.storage.supports_presign();
    let tenant = certa_store::TenantScope::system(
        certa_domain::TenantId(f.tenant),
        certa_store::SystemAccess::Test,
    );
    let mut tickets = Vec::new();
    for _ in 0..3 {
        let t: Value = start(&f, ticket_body(&f, "stuck.pdf", PDF, &sha(PDF)))
            .await
            .json()
            .await
            .unwrap();
        tickets.push(t);
    }
    let id = |i: usize| {
        tickets[i]["id"]
            .as_str()
            .unwrap()
            .parse::<uuid::Uuid>()
            .unwrap()
    };
    // The first is left claimed, as by a server that stopped while the body arrived; the
    // second holds a stored body never completed; the third never received one.
    let tx = f.app.ctx.db.tenant(tenant).await.unwrap();
    assert!(
        transition(&tx, id(0), status::PENDING, status::RECEIVING, None)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    if local {
        assert!(put(&tickets[1], PDF).await.status().is_success());
        assert!(object_exists(&f, &id(1).to_string()).await);
    } else {
        let tx = f.app.ctx.db.tenant(tenant).await.unwrap();
        assert!(
            transition(&tx, id(1), status::PENDING, status::RECEIVING, None)
                .await
                .unwrap()
        );
        assert!(
            transition(&tx, id(1), status::RECEIVING, status::RECEIVED, None)
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
    }
    let now = chrono::Utc::now();
    assert_eq!(sweep(&f, now).await, 0, "within their window, all stay");
    let later = now + chrono::Duration::minutes(15 + 61);
    assert_eq!(sweep(&f, later).await, 3);
    assert_eq!(sweep(&f, later).await, 0);
    for (i, t) in tickets.iter().enumerate() {
        let v = id(i).to_string();
        assert_problem(
            complete(&f, &v).await,
            StatusCode::CONFLICT,
            "upload_not_pending",
        )
        .await;
        assert!(!object_exists(&f, &v).await);
        if local {
            // The address is dead even though its signature is still valid.
            assert_problem(put(t, PDF).await, StatusCode::CONFLICT, "upload_used").await;
        }
    }
}

/// Streams `bytes` through Certa as a new evidence item of the fixture's checklist item.
async fn stream_as(f: &Fixture, token: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    reqwest::Client::new()
        .post(f.app.url(&format!(
            "/api/v1/evidence?target_kind=checklist_item&target_id={}&filename={name}",
            f.item
        )))
        .bearer_auth(token)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap()
}

async fn withdraw_as(f: &Fixture, token: &str, item: &str) -> reqwest::Response {
    api(
        &f.app,
        token,
        Method::POST,
        &format!("/api/v1/evidence/items/{item}/withdraw"),
    )
    .json(&json!({"reason": "not needed"}))
    .send()
    .await
    .unwrap()
}

/// The personnel record of the member `email`, linked to their membership.
async fn member_auditor(app: &TestApp, admin: &str, email: &str, name: &str) -> String {
    let members = get(app, admin, "/api/v1/members").await;
    let membership = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap()["id"]
        .clone();
    post(
        app,
        admin,
        "/api/v1/auditors",
        json!({"membership_id": membership, "name": name, "email": email}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// An auditor member of the tenant (with a personnel record of their own) and their token.
async fn auditor_member(f: &Fixture, email: &str, name: &str) -> String {
    let tenant = TenantFixture {
        id: f.tenant,
        slug: "acme".into(),
        name: "ACME Certification".into(),
        admin_email: f.admin_email.clone(),
        token: f.token.clone(),
    };
    let token = f.app.member(&tenant, email, "auditor").await;
    member_auditor(&f.app, &f.token, email, name).await;
    token
}

#[tokio::test]
async fn evidence_is_attached_and_withdrawn_only_by_those_who_work_the_audit() {
    let lead_email = format!("lead-{}@acme.test.example", uuid::Uuid::new_v4().simple());
    let f = fixture_led_by(Some(&lead_email)).await;
    // An auditor of the tenant who is not on the audit's team: refused like fieldwork.
    let outsider_email = format!("out-{}@acme.test.example", uuid::Uuid::new_v4().simple());
    let outsider = auditor_member(&f, &outsider_email, "Otto Outsider").await;
    let r = api(
        &f.app,
        &outsider,
        Method::GET,
        &format!("/api/v1/audits/{}/checklist", f.audit),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "they may read the checklist");
    let r = api(
        &f.app,
        &outsider,
        Method::PATCH,
        &format!("/api/v1/audits/{}/checklist/items/{}", f.audit, f.item),
    )
    .json(&json!({"result": "conforming"}))
    .send()
    .await
    .unwrap();
    let fieldwork = r.status();
    assert_eq!(fieldwork, StatusCode::FORBIDDEN, "fieldwork refuses them");
    assert_problem(
        start_as(&f, &outsider, ticket_body(&f, "x.pdf", PDF, &sha(PDF))).await,
        fieldwork,
        "forbidden",
    )
    .await;
    assert_problem(
        stream_as(&f, &outsider, "x.pdf", PDF).await,
        fieldwork,
        "forbidden",
    )
    .await;
    // Evidence the certification body attached (the admin may work every audit).
    let r = stream_as(&f, &f.token, "cb.pdf", PDF).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let cb_item = r.json::<Value>().await.unwrap()["item_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_problem(
        withdraw_as(&f, &outsider, &cb_item).await,
        fieldwork,
        "forbidden",
    )
    .await;
    // Nor may they add a version to it.
    let mut b = ticket_body(&f, "v2.pdf", PDF, &sha(PDF));
    b["item_id"] = json!(cb_item);
    assert_problem(
        start_as(&f, &outsider, b.clone()).await,
        fieldwork,
        "forbidden",
    )
    .await;
    // Nor complete an upload someone who may started.
    let t: Value = start(&f, ticket_body(&f, "started.pdf", PDF, &sha(PDF)))
        .await
        .json()
        .await
        .unwrap();
    assert!(put(&t, PDF).await.status().is_success());
    let path = format!(
        "/api/v1/evidence/uploads/{}/complete",
        t["id"].as_str().unwrap()
    );
    let r = api(&f.app, &outsider, Method::POST, &path)
        .send()
        .await
        .unwrap();
    assert_problem(r, fieldwork, "forbidden").await;
    post(&f.app, &f.token, &path, json!({})).await;
    // The lead, on the team, may.
    let member = f.lead_token.clone().unwrap();
    let r = stream_as(&f, &member, "team.pdf", PDF).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let team_item = r.json::<Value>().await.unwrap()["item_id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut b = ticket_body(&f, "v2.pdf", PDF, &sha(PDF));
    b["item_id"] = json!(cb_item);
    let r = api(&f.app, &member, Method::POST, "/api/v1/evidence/uploads")
        .json(&b)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        withdraw_as(&f, &member, &team_item).await.status(),
        StatusCode::NO_CONTENT
    );

    // A client user: their organisation's own items only.
    let (cu, _) = client_user(&f.app, &f.token, &f.client).await;
    let r = cu
        .client
        .post(f.app.url(&format!(
            "/evidence/stream?target_kind=checklist_item&target_id={}&filename=mine.pdf&csrf={}",
            f.item, cu.csrf
        )))
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let own_item = r.json::<Value>().await.unwrap()["item_id"]
        .as_str()
        .unwrap()
        .to_string();
    let withdraw_page = |item: &str| {
        cu.client
            .post(f.app.url(&format!("/evidence/items/{item}/withdraw")))
            .form(&[
                ("csrf", cu.csrf.as_str()),
                ("reason", "not ours to keep"),
                ("back", "/portal"),
            ])
            .send()
    };
    let r = withdraw_page(&cb_item).await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "not what the body attached"
    );
    // Nor a new version of it.
    let r = cu
        .client
        .post(f.app.url("/evidence/uploads"))
        .form(&[
            ("csrf", cu.csrf.as_str()),
            ("target_kind", "checklist_item"),
            ("target_id", f.item.as_str()),
            ("item_id", cb_item.as_str()),
            ("filename", "replacement.pdf"),
            ("size", &PDF.len().to_string()),
            ("sha256", &sha(PDF)),
            ("content_type", "application/pdf"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let listed_ids = |l: Vec<Value>| {
        l.iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let ids = listed_ids(listed(&f).await);
    assert!(ids.contains(&cb_item) && ids.contains(&own_item), "{ids:?}");
    let r = withdraw_page(&own_item).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let ids = listed_ids(listed(&f).await);
    assert!(
        ids.contains(&cb_item) && !ids.contains(&own_item),
        "{ids:?}"
    );
    // The outsider cannot withdraw the client's evidence either; the admin can withdraw
    // the body's own.
    assert_eq!(
        withdraw_as(&f, &f.token, &cb_item).await.status(),
        StatusCode::NO_CONTENT
    );
}

/// One text part of a hand-built multipart body.
fn text_part(boundary: &str, name: &str, value: &str) -> Vec<u8> {
    format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        .into_bytes()
}

fn file_part(boundary: &str, bytes: &[u8]) -> Vec<u8> {
    let mut b = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    b.extend_from_slice(bytes);
    b.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    b
}

#[tokio::test]
async fn the_upload_form_takes_its_token_first_and_bounded_fields_only() {
    let f = fixture().await;
    let staff = f.app.login(&f.admin_email, PASSWORD).await;
    let boundary = "certaBoundary7MA4YWxkTrZu0gW";
    let send = |body: Vec<u8>| {
        staff
            .client
            .post(f.app.url("/evidence/form-upload"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
    };
    let target = |csrf: &str| {
        [
            text_part(boundary, "csrf", csrf),
            text_part(boundary, "target_kind", "checklist_item"),
            text_part(boundary, "target_id", &f.item),
        ]
        .concat()
    };
    // The token after another field, or no token at all: 400.
    let late = [
        text_part(boundary, "target_kind", "checklist_item"),
        text_part(boundary, "csrf", &staff.csrf),
        text_part(boundary, "target_id", &f.item),
        file_part(boundary, PDF),
    ]
    .concat();
    assert_eq!(send(late).await.unwrap().status(), StatusCode::BAD_REQUEST);
    let none = file_part(boundary, PDF);
    assert_eq!(send(none).await.unwrap().status(), StatusCode::BAD_REQUEST);
    // More fields than the form has: 413.
    let mut many = target(&staff.csrf);
    for i in 0..40 {
        many.extend(text_part(boundary, &format!("x{i}"), "y"));
    }
    many.extend(file_part(boundary, PDF));
    assert_eq!(
        send(many).await.unwrap().status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // One field too long, or fields too long together: 413.
    let long = [
        target(&staff.csrf),
        text_part(boundary, "title", &"t".repeat(5000)),
        file_part(boundary, PDF),
    ]
    .concat();
    assert_eq!(
        send(long).await.unwrap().status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let together = [
        target(&staff.csrf),
        text_part(boundary, "title", &"t".repeat(3000)),
        text_part(boundary, "back", &format!("/{}", "b".repeat(3000))),
        text_part(boundary, "note", &"n".repeat(3000)),
        file_part(boundary, PDF),
    ]
    .concat();
    assert_eq!(
        send(together).await.unwrap().status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // A wrong token is refused as soon as it is read.
    let wrong = [target("not-the-token"), file_part(boundary, PDF)].concat();
    assert_eq!(send(wrong).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert!(listed(&f).await.is_empty(), "nothing refused was kept");

    // Refused without reading further: the body never ends, yet the answer comes.
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let rx = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
    });
    tx.send(text_part(boundary, "title", "first")).unwrap();
    tx.send(text_part(boundary, "x", "y")).unwrap();
    let r = staff
        .client
        .post(f.app.url("/evidence/form-upload"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(reqwest::Body::wrap_stream(rx))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    drop(tx);

    // The form as the page sends it still works.
    let ok = [
        target(&staff.csrf),
        text_part(boundary, "back", "/"),
        text_part(boundary, "title", "Fine"),
        file_part(boundary, PDF),
    ]
    .concat();
    assert_eq!(send(ok).await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(listed(&f).await.len(), 1);
}

/// Two `certa serve` processes on one PostgreSQL database with the same configured secret
/// key accept each other's signed upload addresses, as replicas behind a load balancer
/// do; a process with another key refuses them. They keep objects in one local directory
/// (a shared volume), where the addresses are Certa's own rather than the bucket's.
#[tokio::test]
async fn instances_sharing_the_secret_key_accept_each_others_upload_addresses() {
    let f = fixture().await;
    if f.app.pg.is_none() {
        eprintln!(
            "embedded mode serves one process per database: the replicas test runs against PostgreSQL"
        );
        return;
    }
    let shared = "a-secret-key-shared-by-both-instances-of-this-test";
    let one = f.app.serve_process(shared).await;
    let two = f.app.serve_process(shared).await;
    let other = f
        .app
        .serve_process("another-secret-key-of-a-third-instance")
        .await;
    let start_at = |base: &str| {
        reqwest::Client::new()
            .post(format!("{base}/api/v1/evidence/uploads"))
            .bearer_auth(&f.token)
            .json(&ticket_body(&f, "policy.pdf", PDF, &sha(PDF)))
            .send()
    };
    let elsewhere = |ticket: &Value, base: &str| {
        let url = ticket["url"].as_str().unwrap();
        let public = "http://127.0.0.1:9";
        assert!(url.starts_with(&format!("{public}/uploads/")), "{url}");
        let mut t = ticket.clone();
        t["url"] = json!(url.replacen(public, base, 1));
        t
    };

    // Signed by the first, refused by the instance with another key (nothing stored)...
    let r = start_at(&one.base).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let ticket: Value = r.json().await.unwrap();
    let id = ticket["id"].as_str().unwrap();
    assert_problem(
        put(&elsewhere(&ticket, &other.base), PDF).await,
        StatusCode::UNAUTHORIZED,
        "upload_link_invalid",
    )
    .await;
    // ...accepted by the second, and completed through the first.
    let r = put(&elsewhere(&ticket, &two.base), PDF).await;
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let r = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/evidence/uploads/{id}/complete",
            one.base
        ))
        .bearer_auth(&f.token)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let listed = listed(&f).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
}
