//! The IAF CertSearch export: the dry run lists what a body must still complete (the
//! accreditation and the holder's address) and nothing once they are filled; the JSON
//! batches and the workbook; the push to a local stub that checks every mandatory field and
//! the API key header; the endpoint and key refused with field errors; the key never shown;
//! other tenants see nothing; the monthly reminder sent once.

use crate::certification::granted;
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const MANDATORY: &[&str] = &[
    "certificate_number",
    "certification_status",
    "certificate_accreditation_status",
    "certification_type",
    "certification_issue_date",
    "certification_expiry_date",
    "certified_entity_name",
    "certified_entity_unique_id",
    "certified_entity_street",
    "certified_entity_city",
    "certified_entity_country",
    "accreditation_body_name",
    "accreditation_body_acronym_name",
];

/// What the stub received: (the `x-http-authorization` header, the body).
type Received = Arc<Mutex<Vec<(Option<String>, Value)>>>;

/// Why a record would be refused by the stub, if it would.
fn refusal(r: &Value) -> Option<String> {
    for f in MANDATORY {
        match r.get(*f).and_then(Value::as_str) {
            Some(s) if !s.trim().is_empty() => {}
            _ => return Some(format!("{f} missing")),
        }
    }
    for f in [
        "certification_issue_date",
        "certification_expiry_date",
        "certification_original_issue_date",
    ] {
        let d = r[f].as_str().unwrap_or_default();
        if d.len() != 8 || !d.chars().all(|c| c.is_ascii_digit()) {
            return Some(format!("{f} is not YYYYMMDD"));
        }
    }
    if !["Active", "Suspended", "Withdrawn", "Expired"]
        .contains(&r["certification_status"].as_str().unwrap_or_default())
    {
        return Some("certification_status".into());
    }
    let schemes = r["schemes"].as_array()?;
    if schemes.is_empty()
        || schemes.iter().any(|s| {
            s["scheme_name"].as_str().is_none_or(str::is_empty)
                || s["standard_list"].as_array().is_none_or(|l| {
                    l.is_empty() || l.iter().any(|x| x["standards_name"].as_str().is_none())
                })
        })
    {
        return Some("schemes".into());
    }
    None
}

/// A local CertSearch stub on 127.0.0.1: answers 200 when the API key header is `key` and
/// every record of the batch has every mandatory field, 400 or 401 otherwise; records what
/// it received.
async fn stub(key: &'static str) -> (String, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let received: Received = Arc::default();
    let store = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                let head_end = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let header = |name: &str| {
                    head.lines().find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.trim()
                            .eq_ignore_ascii_case(name)
                            .then(|| v.trim().to_string())
                    })
                };
                let len: usize = header("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                while buf.len() < head_end + len {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body: Value =
                    serde_json::from_slice(&buf[head_end..head_end + len]).unwrap_or(Value::Null);
                let auth = header("x-http-authorization");
                let status = if auth.as_deref() != Some(key) {
                    "401 Unauthorized"
                } else if body.as_array().is_none_or(|a| {
                    a.is_empty() || a.len() > 100 || a.iter().any(|r| refusal(r).is_some())
                }) {
                    "400 Bad Request"
                } else {
                    "200 OK"
                };
                store.lock().unwrap().push((auth, body));
                let answer = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
                );
                let _ = sock.write_all(answer.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    (
        format!("http://{addr}/api/client/v1/cb/upload-cert"),
        received,
    )
}

async fn get_json(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let r = api(app, token, Method::GET, path).send().await.unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn put_json(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    api(app, token, Method::PUT, path)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn missing_fields(dry: &Value) -> Vec<String> {
    dry["problems"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["missing"].as_array().unwrap().iter())
        .map(|m| m["field"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_certsearch_export_lists_what_is_missing_and_pushes_complete_records() {
    let app = TestApp::spawn().await;
    let t = app.tenant("csa").await;
    let other = app.tenant("csb").await;
    let (ready, id) = granted(&app, &t).await;
    let number = get_json(&app, &t.token, &format!("/api/v1/certificates/{id}"))
        .await
        .1["number"]
        .as_str()
        .unwrap()
        .to_string();

    // Before anything is filled in: the accreditation and the holder's address are missing.
    let (s, dry) = get_json(&app, &t.token, "/api/v1/certsearch/dry-run").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (dry["certificates"].as_u64(), dry["ready"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(dry["problems"][0]["certificate_number"], number.as_str());
    let fields = missing_fields(&dry);
    for f in [
        "certificate_accreditation_status",
        "accreditation_body_name",
        "accreditation_body_acronym_name",
        "certified_entity_street",
        "certified_entity_city",
        "certified_entity_country",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    // The page shows the same, with labels and where to fix each.
    let session = app.login(&t.admin_email, PASSWORD).await;
    let page = session
        .client
        .get(app.url("/certsearch"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains(&number), "{html}");
    assert!(html.contains("Accreditation body name"));
    assert!(html.contains("/settings#cert_accreditations"));
    assert!(html.contains(&format!("/clients/{}", ready.s.client)));
    for from in ["/settings", "/certificates"] {
        let html = session
            .client
            .get(app.url(from))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("href=\"/certsearch\""),
            "{from} links to the export"
        );
    }
    // Nothing is exported while a mandatory field is missing.
    let (_, batch) = get_json(&app, &t.token, "/api/v1/certsearch/export.json").await;
    assert_eq!(
        (
            batch["records"].as_array().map(Vec::len),
            batch["held_back"].as_u64()
        ),
        (Some(0), Some(1))
    );

    // Other tenants see none of it; other roles may not look.
    let (_, dry_b) = get_json(&app, &other.token, "/api/v1/certsearch/dry-run").await;
    assert_eq!(dry_b["certificates"], 0);
    let r = api(
        &app,
        &ready.decider_token,
        Method::GET,
        "/api/v1/certsearch/dry-run",
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;

    // Fill them in: the accreditation ("Full name (ACRONYM)") and the head office.
    let r = put_json(
        &app,
        &t.token,
        "/api/v1/settings",
        json!({"certificates": {"accreditations": [{"standard": "ISO/IEC 42001:2023",
            "body": "United Kingdom Accreditation Service (UKAS)", "number": "0042"}]}}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/clients/{}/sites", ready.s.client),
    )
    .json(
        &json!({"name": "Head office", "address": "1 Robot Way", "city": "Manchester",
        "country": "GB", "kind": "permanent", "headcount": 40, "central_function": true}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let (_, dry) = get_json(&app, &t.token, "/api/v1/certsearch/dry-run").await;
    assert_eq!(missing_fields(&dry), Vec::<String>::new());
    assert_eq!(
        (dry["ready"].as_u64(), dry["batches"].as_u64()),
        (Some(1), Some(1))
    );

    // The JSON batch carries the complete record.
    let (s, batch) = get_json(&app, &t.token, "/api/v1/certsearch/export.json?batch=1").await;
    assert_eq!(s, StatusCode::OK);
    let rec = &batch["records"][0];
    assert_eq!(refusal(rec), None, "{rec}");
    assert_eq!(rec["certificate_number"], number.as_str());
    assert_eq!(rec["certification_status"], "Active");
    assert_eq!(rec["certificate_accreditation_status"], "Accredited");
    assert_eq!(rec["certified_entity_unique_id"], ready.s.client.as_str());
    assert_eq!(rec["accreditation_body_acronym_name"], "UKAS");
    assert_eq!(
        rec["schemes"][0]["standard_list"][0]["standards_name"],
        "ISO/IEC 42001:2023"
    );
    assert_eq!(rec["sites"][0]["city"], "Manchester");
    let r = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/certsearch/export.json?batch=2",
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "certsearch_batch_not_found").await;

    // The workbook opens: a ZIP with the sheet, the field names and the number.
    let r = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/certsearch/export.xlsx",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    for name in ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"] {
        let mut f = zip.by_name(name).unwrap();
        std::io::Read::read_to_string(&mut f, &mut text).unwrap();
    }
    assert!(text.contains("certified_entity_unique_id") && text.contains(&number));

    // The connection: refused with field errors, the key never shown.
    let r = put_json(
        &app,
        &t.token,
        "/api/v1/certsearch",
        json!({"endpoint": "http://example.org/x"}),
    )
    .await;
    let p = assert_problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "certsearch_endpoint_invalid",
    )
    .await;
    assert_eq!(p["field"], "endpoint");
    let r = put_json(
        &app,
        &t.token,
        "/api/v1/certsearch",
        json!({"endpoint": "https://a.example", "api_key": "a\nb"}),
    )
    .await;
    assert_problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "certsearch_api_key_invalid",
    )
    .await;
    let r = api(&app, &t.token, Method::POST, "/api/v1/certsearch/push")
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "certsearch_not_configured").await;
    // The page form keeps what was typed and names the field.
    let mut f = vec![("endpoint", "ftp://bad.example"), ("api_key", "")];
    f.push(("csrf", session.csrf.as_str()));
    let r = session
        .client
        .post(app.url("/certsearch/link"))
        .form(&f)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("ftp://bad.example") && html.contains("endpoint-err"));

    const KEY: &str = "cs-test-key-5b1f";
    let (endpoint, received) = stub(KEY).await;
    let r = put_json(
        &app,
        &t.token,
        "/api/v1/certsearch",
        json!({"endpoint": endpoint, "api_key": KEY}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let shown = r.text().await.unwrap();
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("\"api_key_set\":true"));
    let html = session
        .client
        .get(app.url("/certsearch"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains(KEY));

    // The push: the stub receives the record with every mandatory field and the key.
    let r = api(&app, &t.token, Method::POST, "/api/v1/certsearch/push")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["ok"], true, "{out}");
    assert_eq!(
        (out["batches_sent"].as_u64(), out["records_sent"].as_u64()),
        (Some(1), Some(1))
    );
    {
        let got = received.lock().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0.as_deref(), Some(KEY));
        let records = got[0].1.as_array().unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(refusal(&records[0]), None);
    }
    let (_, st) = get_json(&app, &t.token, "/api/v1/certsearch").await;
    assert_eq!(st["last_push_ok"], true);
    assert!(st["last_export_at"].is_string());
    // A wrong key: the refusal is recorded and shown.
    let r = put_json(
        &app,
        &t.token,
        "/api/v1/certsearch",
        json!({"endpoint": endpoint, "api_key": "wrong"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let out: Value = api(&app, &t.token, Method::POST, "/api/v1/certsearch/push")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(out["ok"], false);
    assert!(out["message"].as_str().unwrap().contains("401"), "{out}");
    // The audit trail records the exports, never the key.
    let (_, events) = get_json(&app, &t.token, "/api/v1/audit-events?limit=200").await;
    let dump = events.to_string();
    assert!(dump.contains("certsearch.pushed") && dump.contains("certsearch.exported"));
    assert!(!dump.contains(KEY));
    assert!(!captured_log().contains(KEY));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_monthly_certsearch_reminder_is_sent_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant("csr").await;
    let _ = granted(&app, &t).await;
    let today = chrono::Utc::now().date_naive();
    let subject = "Update your certifications on IAF CertSearch";
    let reminders = |mails: Vec<Mail>| {
        mails
            .into_iter()
            .filter(|m| m.subject.contains(subject))
            .collect::<Vec<_>>()
    };

    // Exported today: no reminder.
    let r = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/certsearch/export.json",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    certa_service::reminders::send_due(&app.ctx, today)
        .await
        .unwrap();
    app.dispatch().await;
    assert!(reminders(app.mails_to(&t.admin_email).await).is_empty());

    // 31 days later nothing was exported since: one reminder, however often the jobs run.
    let later = today + chrono::Duration::days(31);
    certa_service::reminders::send_due(&app.ctx, later)
        .await
        .unwrap();
    certa_service::reminders::send_due(&app.ctx, later)
        .await
        .unwrap();
    app.dispatch().await;
    let mails = app.wait_for_mails(&t.admin_email, 1).await;
    let sent = reminders(mails);
    assert_eq!(sent.len(), 1);
    assert!(sent[0].text.contains("/certsearch"));
    assert!(sent[0].text.contains("last exported"));
}
