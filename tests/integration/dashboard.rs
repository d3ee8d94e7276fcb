//! The role dashboards: the auditor sees the evidence clients uploaded since their last
//! visit (only for audits whose team they are on, only in their own certification body);
//! reviewers and decision makers see the certificates expiring within 90 days and the
//! suspensions nearing their limit.

use crate::certification::{granted, ready};
use crate::fieldwork::{client_user, get};
use crate::scheduling::post;
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

/// The dashboard as `s` sees it.
async fn dashboard(app: &TestApp, s: &Session) -> String {
    let r = s.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap()
}

/// The section of the page that starts at `heading`, up to its end.
fn section<'a>(html: &'a str, heading: &str) -> &'a str {
    let i = html
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} not in the page: {html}"));
    let rest = &html[i..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// A client user uploads `name` for the checklist item or nonconformity `target`, through
/// the portal's direct upload (ticket, bytes, completion).
async fn upload(app: &TestApp, cu: &Session, kind: &str, target: &str, name: &str) {
    let body = [PDF, name.as_bytes()].concat();
    let r = cu
        .client
        .post(app.url("/evidence/uploads"))
        .form(&[
            ("csrf", cu.csrf.as_str()),
            ("target_kind", kind),
            ("target_id", target),
            ("filename", name),
            ("size", &body.len().to_string()),
            ("sha256", &hex::encode(sha2::Sha256::digest(&body))),
            ("content_type", "application/pdf"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "{name}");
    let ticket: Value = r.json().await.unwrap();
    let mut put = reqwest::Client::new().request(
        Method::from_bytes(ticket["method"].as_str().unwrap().as_bytes()).unwrap(),
        ticket["url"].as_str().unwrap(),
    );
    for (k, v) in ticket["headers"].as_object().unwrap() {
        if k != "content-length" {
            put = put.header(k, v.as_str().unwrap());
        }
    }
    assert!(put.body(body).send().await.unwrap().status().is_success());
    let r = cu
        .client
        .post(app.url(&format!(
            "/evidence/uploads/{}/complete",
            ticket["id"].as_str().unwrap()
        )))
        .form(&[("csrf", cu.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{name}");
}

/// An auditor member with a personnel record of their own (on no team yet).
async fn auditor(app: &TestApp, t: &TenantFixture, name: &str) -> Session {
    let email = format!("otto-{}@acme.test.example", uuid::Uuid::new_v4().simple());
    app.member(t, &email, "auditor").await;
    let members = get(app, &t.token, "/api/v1/members").await;
    let membership = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email.as_str())
        .unwrap()["id"]
        .clone();
    post(
        app,
        &t.token,
        "/api/v1/auditors",
        json!({"membership_id": membership, "name": name, "email": email}),
    )
    .await;
    app.login(&email, PASSWORD).await
}

/// The address of the first link in `html` that starts with `prefix`, as a browser reads
/// it.
fn link(html: &str, prefix: &str) -> String {
    let i = html
        .find(&format!("href=\"{prefix}"))
        .unwrap_or_else(|| panic!("no link to {prefix}: {html}"));
    let rest = &html[i + 6..];
    rest[..rest.find('"').unwrap()]
        .replace("&#x3D;", "=")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_auditor_sees_evidence_uploaded_since_their_last_visit() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let r = ready(&app, &t).await;
    let audit = r.audit.as_str();
    let checklist = get(&app, &t.token, &format!("/api/v1/audits/{audit}/checklist")).await;
    let item = checklist["items"][0]["id"].as_str().unwrap().to_string();
    let reference = checklist["items"][0]["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let lead = app.login(&r.lead_email, PASSWORD).await;
    let heading = "Evidence uploaded since your last visit";

    // The first visit looks back 14 days: nothing yet, said in a sentence.
    let html = dashboard(&app, &lead).await;
    assert!(
        section(&html, heading)
            .contains("No client has uploaded evidence for your audits in the last 14 days."),
        "{html}"
    );

    // The client uploads for a checklist item; the body's own upload does not count.
    let (cu, _) = client_user(&app, &t.token, &r.s.client).await;
    upload(&app, &cu, "checklist_item", &item, "register-one.pdf").await;
    let staff = reqwest::Client::new()
        .post(app.url(&format!(
            "/api/v1/evidence?target_kind=checklist_item&target_id={item}&filename=staff-note.pdf"
        )))
        .bearer_auth(&t.token)
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(staff.status(), StatusCode::CREATED);
    let html = dashboard(&app, &lead).await;
    let card = section(&html, heading);
    assert!(
        card.contains("Uploaded by clients since your last visit on")
            && card.contains("register-one.pdf")
            && card.contains("Helios Robotics")
            && card.contains(&reference)
            && card.contains("table-scroll")
            && !card.contains("staff-note.pdf"),
        "{card}"
    );
    // The link leads to the item in the audit's workspace.
    let href = link(card, &format!("/audits/{audit}/workspace"));
    assert!(href.ends_with(&format!("#item-{item}")), "{href}");
    let page = lead.client.get(app.url(&href)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains(&format!("id=\"item-{item}\""))
    );

    // The next visit starts from the previous one: the file is gone.
    let html = dashboard(&app, &lead).await;
    let card = section(&html, heading);
    assert!(
        !card.contains("register-one.pdf")
            && card.contains(
                "No client has uploaded evidence for your audits since your last visit on"
            ),
        "{card}"
    );

    // A newer upload, for a nonconformity, shows with a link to the nonconformity's page.
    let nc = post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{audit}/checklist/items/{item}/nonconformities"),
        json!({"grade": "minor", "statement": "No review record", "evidence": "Asked for it"}),
    )
    .await;
    let ncid = nc["id"].as_str().unwrap();
    upload(&app, &cu, "nonconformity", ncid, "review-record.pdf").await;
    let html = dashboard(&app, &lead).await;
    let card = section(&html, heading);
    assert!(
        card.contains("review-record.pdf")
            && card.contains(&format!("href=\"/nonconformities/{ncid}\""))
            && card.contains(&format!("Nonconformity {}", nc["number"]))
            && !card.contains("register-one.pdf"),
        "{card}"
    );
    let page = lead
        .client
        .get(app.url(&format!("/nonconformities/{ncid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);

    // An auditor on no team of the client's audits sees none of it.
    let otto = auditor(&app, &t, "Otto Other").await;
    let html = dashboard(&app, &otto).await;
    let card = section(&html, heading);
    assert!(
        !card.contains("review-record.pdf")
            && !card.contains("register-one.pdf")
            && card.contains("in the last 14 days"),
        "{card}"
    );
    // An administrator with no personnel record has no such card.
    let admin = app.login(&t.admin_email, PASSWORD).await;
    assert!(!dashboard(&app, &admin).await.contains(heading));

    // Another certification body: its lead sees their own client's upload, never this
    // body's, and this body's lead never theirs.
    let b = app.tenant("bolt").await;
    let rb = ready(&app, &b).await;
    let bolt_list = get(
        &app,
        &b.token,
        &format!("/api/v1/audits/{}/checklist", rb.audit),
    )
    .await;
    let bolt_item = bolt_list["items"][0]["id"].as_str().unwrap();
    let (bu, _) = client_user(&app, &b.token, &rb.s.client).await;
    upload(&app, &bu, "checklist_item", bolt_item, "bolt-policy.pdf").await;
    upload(&app, &cu, "checklist_item", &item, "register-two.pdf").await;
    let bolt_lead = app.login(&rb.lead_email, PASSWORD).await;
    let html = dashboard(&app, &bolt_lead).await;
    let card = section(&html, heading);
    assert!(
        card.contains("bolt-policy.pdf")
            && !card.contains("register-two.pdf")
            && !card.contains("review-record.pdf"),
        "{card}"
    );
    let html = dashboard(&app, &lead).await;
    let card = section(&html, heading);
    assert!(
        card.contains("register-two.pdf") && !card.contains("bolt-policy.pdf"),
        "{card}"
    );
}

/// Copies the tenant's one certificate as a second, active one expiring in `days` days
/// (its number suffixed `-B`), as a migration or an import could leave it.
async fn expiring_copy(app: &TestApp, t: &TenantFixture, days: i64) {
    let id = uuid::Uuid::now_v7();
    let expiry = in_days(days);
    let (id, expiry) = if app.pg.is_some() {
        (format!("'{id}'::uuid"), format!("'{expiry}'::date"))
    } else {
        (format!("x'{}'", id.simple()), format!("'{expiry}'"))
    };
    let sql = format!(
        "insert into certificates (tenant_id, id, client_id, programme_id, number, sequence, \
         status, revision, original_date, decision_date, effective_date, expiry_date, holder, \
         scope, soa_version, suspended_on, suspended_until, status_reason, created_at, updated_at) \
         select tenant_id, {id}, client_id, programme_id, number || '-B', sequence + 1000, \
         'active', revision, original_date, decision_date, effective_date, {expiry}, holder, \
         scope, soa_version, NULL, NULL, NULL, created_at, updated_at from certificates"
    );
    assert_eq!(owner_exec(app, t.id, &sql).await, 1);
}

/// Moves the end of every suspension of the tenant to `days` days from today.
async fn suspended_until(app: &TestApp, t: &TenantFixture, days: i64) {
    let day = in_days(days);
    let day = if app.pg.is_some() {
        format!("'{day}'::date")
    } else {
        format!("'{day}'")
    };
    let sql = format!("update certificates set suspended_until = {day} where status = 'suspended'");
    assert_eq!(owner_exec(app, t.id, &sql).await, 1);
}

#[tokio::test]
async fn the_decision_maker_sees_expiring_certificates_and_suspensions_nearing_their_limit() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let (r, id) = granted(&app, &t).await;
    let dm = app.login(&r.decider_email, PASSWORD).await;
    let html = dashboard(&app, &dm).await;
    assert!(
        html.contains("No active certificate expires within 90 days.")
            && section(&html, "Suspensions nearing their limit")
                .contains("No suspension ends within 30 days or has already ended."),
        "{html}"
    );

    // One certificate suspended for another 20 days, another expiring in 45 days.
    let x = api(
        &app,
        &r.decider_token,
        Method::POST,
        &format!("/api/v1/certificates/{id}/suspend"),
    )
    .json(&json!({"reason": "Surveillance refused", "until": in_days(20)}))
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let number = x.json::<Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    expiring_copy(&app, &t, 45).await;
    let html = dashboard(&app, &dm).await;
    let card = section(&html, "Certificates expiring within 90 days");
    assert!(
        card.contains("1 active certificate expires within 90 days."),
        "{card}"
    );
    let register = link(card, "/certificates?");
    assert_eq!(register, "/certificates?status=active&expiring_within=90");
    let page = dm.client.get(app.url(&register)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!("{number}-B")), "{page}");

    let table = section(&html, "Suspensions nearing their limit");
    let until = chrono::NaiveDate::parse_from_str(&in_days(20), "%Y-%m-%d").unwrap();
    assert!(
        table.contains("table-scroll")
            && table.contains(&format!("href=\"/certificates/{id}\""))
            && table.contains(&number)
            && table.contains("Helios Robotics")
            && table.contains(&format!("<time datetime=\"{until}\">"))
            && table.contains("ends in 20 days")
            && table.contains("All suspended certificates (1)"),
        "{table}"
    );
    let page = dm
        .client
        .get(app.url(&format!("/certificates/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains(&number));

    // A suspension past its end stands out; one far off is not listed.
    suspended_until(&app, &t, -2).await;
    let html = dashboard(&app, &dm).await;
    assert!(
        section(&html, "Suspensions nearing their limit")
            .contains("<strong>ended 2 days ago</strong>"),
        "{html}"
    );
    suspended_until(&app, &t, 60).await;
    let html = dashboard(&app, &dm).await;
    let table = section(&html, "Suspensions nearing their limit");
    assert!(
        table.contains("No suspension ends within 30 days or has already ended.")
            && !table.contains(&format!("href=\"/certificates/{id}\"")),
        "{table}"
    );

    // The auditor gets the register's counts, not the decision maker's cards.
    let lead = app.login(&r.lead_email, PASSWORD).await;
    let html = dashboard(&app, &lead).await;
    assert!(
        !html.contains("Suspensions nearing their limit")
            && !html.contains("Certificates expiring within 90 days")
            && html.contains("1 expiring within 90 days"),
        "{html}"
    );
}
