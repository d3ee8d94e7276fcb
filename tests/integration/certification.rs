//! From the audit file to the certificate: the lead auditor submits the report, the
//! technical review returns it and passes it, the decision is refused for each of its
//! reasons (leaving nothing behind), then granted by a qualified, independent decision
//! maker; the certificate goes through suspension, restoration and withdrawal, and every
//! step is mailed.

use crate::fieldwork::{client_user, confirmed, get, new_checklist};
use crate::scheduling::{Setup, post, setup};
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A stage 2 audit with a complete checklist, its lead auditor a member, and a decision
/// maker who was on no team.
pub(crate) struct Ready {
    pub s: Setup,
    pub programme: String,
    pub audit: String,
    pub lead_token: String,
    pub lead_email: String,
    pub decider_token: String,
    pub decider_email: String,
}

async fn membership_of(app: &TestApp, token: &str, email: &str) -> String {
    let members = get(app, token, "/api/v1/members").await;
    members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Links a personnel record to a member.
async fn link(app: &TestApp, token: &str, auditor: &str, name: &str, email: &str) {
    let membership = membership_of(app, token, email).await;
    let r = api(
        app,
        token,
        Method::PUT,
        &format!("/api/v1/auditors/{auditor}"),
    )
    .json(&json!({"name": name, "email": email, "membership_id": membership}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

pub(crate) async fn ready(app: &TestApp, t: &TenantFixture) -> Ready {
    let s = setup(app, &t.token, "Helios Robotics").await;
    let lead_email = format!("lea-{}@acme.test.example", uuid::Uuid::new_v4().simple());
    let lead_token = app.member(t, &lead_email, "auditor").await;
    link(app, &t.token, &s.lea, "Lea Lead", &lead_email).await;
    let decider_email = format!("dora-{}@acme.test.example", uuid::Uuid::new_v4().simple());
    let decider_token = app.member(t, &decider_email, "reviewer").await;
    let dora = post(
        app,
        &t.token,
        "/api/v1/auditors",
        json!({"name": "Dora Decider", "email": decider_email}),
    )
    .await;
    let dora = dora["id"].as_str().unwrap().to_string();
    link(app, &t.token, &dora, "Dora Decider", &decider_email).await;
    post(
        app,
        &t.token,
        &format!("/api/v1/auditors/{dora}/qualifications"),
        json!({"standard_code": "ISO/IEC 42001:2023", "technical_area": "all",
            "function": "decision_maker", "valid_from": "2025-01-01"}),
    )
    .await;
    let audit = confirmed(app, &t.token, &s, 1, -3).await;
    let checklist = new_checklist(app, &t.token, &audit).await;
    let answers: Vec<Value> = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({"item_id": i["id"], "result": "conforming"}))
        .collect();
    post(
        app,
        &t.token,
        &format!("/api/v1/audits/{audit}/checklist/answers"),
        json!(answers),
    )
    .await;
    let a = get(app, &t.token, &format!("/api/v1/audits/{audit}")).await;
    Ready {
        programme: a["programme_id"].as_str().unwrap().to_string(),
        s,
        audit,
        lead_token,
        lead_email,
        decider_token,
        decider_email,
    }
}

fn send(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::RequestBuilder {
    api(app, token, Method::POST, path).json(&body)
}

async fn certificates(app: &TestApp, token: &str) -> Value {
    get(app, token, "/api/v1/certificates").await
}

#[tokio::test]
async fn an_audit_file_goes_to_review_and_decision_and_a_certificate_is_issued() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let r = ready(&app, &t).await;
    let audit = r.audit.as_str();
    let submit = format!("/api/v1/audits/{audit}/report/submit");
    let review = format!("/api/v1/audits/{audit}/technical-review");
    let decide = format!("/api/v1/programmes/{}/decisions", r.programme);
    let grant = json!({"kind": "grant", "audit_ids": [audit], "application_confirmed": true,
        "soa_version": "SoA v3, 2026-11-20"});

    // Nothing to review or decide before the report is submitted.
    let x = send(
        &app,
        &r.decider_token,
        &review,
        json!({"outcome": "passed"}),
    )
    .send()
    .await
    .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "report_not_submitted").await;
    let x = send(&app, &r.decider_token, &decide, grant.clone())
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "report_not_submitted").await;

    // Only the lead auditor submits; the revision is then locked.
    let body = json!({"recommendation": "recommend", "summary": "The AI management system is implemented and effective."});
    let x = send(&app, &t.token, &submit, body.clone())
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::CONFLICT, "not_lead_auditor").await;
    let x = send(&app, &r.lead_token, &submit, body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::CREATED);
    let rep: Value = x.json().await.unwrap();
    assert_eq!(
        (rep["revision"].as_i64(), rep["status"].as_str()),
        (Some(1), Some("submitted"))
    );
    let x = send(&app, &r.lead_token, &submit, body.clone())
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::CONFLICT, "report_locked").await;
    let x = send(&app, &r.decider_token, &decide, grant.clone())
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "review_pending").await;

    // A reviewer on the audit team is refused; the independent one returns the file.
    app.member(&t, &r.lead_email, "reviewer").await;
    let x = send(&app, &r.lead_token, &review, json!({"outcome": "passed"}))
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "not_independent").await;
    let x = send(
        &app,
        &r.decider_token,
        &review,
        json!({"outcome": "returned"}),
    )
    .send()
    .await
    .unwrap();
    let p = assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "required").await;
    assert_eq!(p["field"], "comments");
    let x = send(&app, &r.decider_token, &review, json!({"outcome": "returned",
        "comments": {"checklist": "Clause 6.1.4 has no note on the AI impact assessment sampled."}}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let rep: Value = x.json().await.unwrap();
    assert_eq!(rep["status"], "returned");
    app.dispatch().await;
    // The lead auditor also had the audit's confirmation.
    let mails = app.wait_for_mails(&r.lead_email, 2).await;
    let returned = mails
        .iter()
        .find(|m| m.subject.contains("returned"))
        .expect("the returned file is mailed to the lead auditor");
    assert!(
        returned.text.contains("AI impact assessment") && returned.text.contains("Checklist"),
        "{}",
        returned.text
    );
    let x = send(&app, &r.decider_token, &decide, grant.clone())
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "report_not_submitted").await;

    // The lead answers and resubmits; the queue shows the file; the review passes.
    let x = send(
        &app,
        &r.lead_token,
        &submit,
        json!({"recommendation": "recommend",
        "summary": "Effective; the impact assessment sample is now recorded.",
        "response": "Note added to clause 6.1.4 with the two assessments sampled."}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::CREATED);
    let rep: Value = x.json().await.unwrap();
    assert_eq!(rep["revision"], 2);
    let q = get(&app, &r.decider_token, "/api/v1/decisions/pending").await;
    let item = &q["items"][0];
    assert_eq!(
        (item["audit_id"].as_str(), item["waiting_for"].as_str()),
        (Some(audit), Some("review"))
    );
    let x = send(
        &app,
        &r.decider_token,
        &review,
        json!({"outcome": "passed"}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let q = get(&app, &r.decider_token, "/api/v1/decisions/pending").await;
    assert_eq!(q["items"][0]["waiting_for"], "decision");

    // Refusals: not independent, not qualified, blocked by a nonconformity. None leaves a
    // certificate or a decision behind.
    let x = send(&app, &r.lead_token, &decide, grant.clone())
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "not_independent").await;
    let other = app
        .member(
            &t,
            &format!("nq-{}@acme.test.example", uuid::Uuid::new_v4().simple()),
            "reviewer",
        )
        .await;
    let x = send(&app, &other, &decide, grant.clone())
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "not_qualified").await;
    let checklist = get(&app, &t.token, &format!("/api/v1/audits/{audit}/checklist")).await;
    let item = checklist["items"][0]["id"].as_str().unwrap().to_string();
    let nc = post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{audit}/checklist/items/{item}/nonconformities"),
        json!({"grade": "minor", "statement": "The AI policy is not communicated to contractors.",
            "evidence": "Two contractor interviews"}),
    )
    .await;
    let ncid = nc["id"].as_str().unwrap().to_string();
    let x = send(&app, &r.decider_token, &decide, grant.clone())
        .send()
        .await
        .unwrap();
    let p = assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "decision_blocked").await;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("minor"),
        "{p}"
    );
    let x = send(
        &app,
        &r.decider_token,
        &decide,
        json!({"kind": "grant", "audit_ids": [audit]}),
    )
    .send()
    .await
    .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "required").await;
    assert_eq!(certificates(&app, &t.token).await["total"], 0);
    assert_eq!(
        get(
            &app,
            &t.token,
            &format!("/api/v1/programmes/{}/decisions", r.programme)
        )
        .await["items"],
        json!([])
    );
    // An accepted plan is enough for a minor.
    send(&app, &t.token, &format!("/api/v1/nonconformities/{ncid}/response"), json!({
        "correction": "Policy sent to the contractors", "root_cause": "No contractor onboarding step",
        "corrective_action": "Onboarding checklist includes the AI policy",
        "planned_date": (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string()}))
        .send()
        .await
        .unwrap();
    let x = send(
        &app,
        &t.token,
        &format!("/api/v1/nonconformities/{ncid}/review"),
        json!({"decision": "accept"}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);

    // An effective date before the decision is refused; then the grant.
    let mut early = grant.clone();
    early["effective_date"] = json!("2020-01-01");
    let x = send(&app, &r.decider_token, &decide, early)
        .send()
        .await
        .unwrap();
    assert_problem(
        x,
        StatusCode::UNPROCESSABLE_ENTITY,
        "effective_before_decision",
    )
    .await;
    // Two grants sent at once: one certificate, the other refused.
    let (x, y) = tokio::join!(
        send(&app, &r.decider_token, &decide, grant.clone()).send(),
        send(&app, &r.decider_token, &decide, grant.clone()).send()
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    let (x, y) = if x.status() == StatusCode::CREATED {
        (x, y)
    } else {
        (y, x)
    };
    assert_eq!(x.status(), StatusCode::CREATED);
    assert_problem(
        y,
        StatusCode::UNPROCESSABLE_ENTITY,
        "decision_not_applicable",
    )
    .await;
    let out: Value = x.json().await.unwrap();
    let today = chrono::Utc::now().date_naive();
    assert_eq!(out["decision"]["kind"], "grant");
    let c = &out["certificate"];
    let id = c["id"].as_str().unwrap().to_string();
    let number = c["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("ACME-42001-"), "{number}");
    assert_eq!(c["status"], "active");
    assert_eq!(c["decision_date"], today.to_string());
    assert_eq!(c["effective_date"], today.to_string());
    assert_eq!(c["original_date"], today.to_string());
    let programme = get(
        &app,
        &t.token,
        &format!("/api/v1/programmes/{}", r.programme),
    )
    .await;
    assert_eq!(
        programme["decision_date"],
        today.to_string(),
        "the grant sets the cycle"
    );
    assert_eq!(c["expiry_date"], programme["expiry_date"]);
    // The same audits cannot carry a second decision.
    let x = send(&app, &r.decider_token, &decide, grant.clone())
        .send()
        .await
        .unwrap();
    assert_problem(
        x,
        StatusCode::UNPROCESSABLE_ENTITY,
        "decision_not_applicable",
    )
    .await;
    assert_eq!(
        get(&app, &r.decider_token, "/api/v1/decisions/pending").await["items"],
        json!([])
    );

    // Every 8.2 field is in the certificate's JSON.
    let full = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    assert_eq!(full["holder"]["name"], "Helios Robotics");
    assert_eq!(full["standards"], json!(["ISO/IEC 42001:2023"]));
    assert_eq!(full["soa_version"], "SoA v3, 2026-11-20");
    assert_eq!(full["certification_body"]["name"], t.name);
    assert_eq!(full["revision"], 0);
    assert_eq!(full["history"][0]["event"], "issued");
    // The PDF is stored once per revision with its SHA-256; the report has one too.
    let x = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/certificates/{id}/pdf"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(x.headers()["content-type"], "application/pdf");
    let pdf = x.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let stored = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    let sha = stored["revisions"][0]["pdf_sha256"]
        .as_str()
        .expect("the PDF's digest is recorded");
    use sha2::Digest;
    assert_eq!(hex::encode(sha2::Sha256::digest(&pdf)), sha);
    let again = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/certificates/{id}/pdf"),
    )
    .send()
    .await
    .unwrap()
    .bytes()
    .await
    .unwrap();
    assert_eq!(again, pdf, "the stored document is served again");
    let x = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/audits/{audit}/report.pdf"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert!(x.bytes().await.unwrap().starts_with(b"%PDF-"));
    let list = get(
        &app,
        &t.token,
        "/api/v1/certificates?status=active&standard=ISO/IEC%2042001:2023",
    )
    .await;
    assert_eq!(
        list["total"], 1,
        "one certificate for the two grants sent at once"
    );
    assert_eq!(list["items"][0]["number"], number);
    for bad in ["", "Active", " active"] {
        let x = api(
            &app,
            &t.token,
            Method::GET,
            &format!("/api/v1/certificates?status={bad}"),
        )
        .send()
        .await
        .unwrap();
        assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "invalid_status").await;
    }
    let list = get(&app, &t.token, "/api/v1/certificates?status=suspended").await;
    assert_eq!(list["total"], 0);

    // Lifecycle: suspend (limit 6 months), restore, withdraw; withdrawn is final.
    let path = |a: &str| format!("/api/v1/certificates/{id}/{a}");
    let too_long = (today + chrono::Months::new(7)).to_string();
    let x = send(
        &app,
        &r.decider_token,
        &path("suspend"),
        json!({"reason": "Surveillance refused", "until": too_long}),
    )
    .send()
    .await
    .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "suspension_too_long").await;
    let until = (today + chrono::Months::new(3)).to_string();
    let x = send(
        &app,
        &r.decider_token,
        &path("suspend"),
        json!({"reason": "Surveillance refused", "until": until}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let c: Value = x.json().await.unwrap();
    assert_eq!(
        (c["status"].as_str(), c["suspended_until"].as_str()),
        (Some("suspended"), Some(until.as_str()))
    );
    let x = send(
        &app,
        &r.decider_token,
        &path("suspend"),
        json!({"reason": "again", "until": until}),
    )
    .send()
    .await
    .unwrap();
    assert_problem(x, StatusCode::CONFLICT, "certificate_transition").await;
    let x = send(
        &app,
        &r.decider_token,
        &path("restore"),
        json!({"reason": "Surveillance done"}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(x.json::<Value>().await.unwrap()["status"], "active");
    let x = send(
        &app,
        &t.token,
        &path("withdraw"),
        json!({"reason": "Contract ended"}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK, "an admin may withdraw");
    let x = send(&app, &r.decider_token, &path("restore"), json!({}))
        .send()
        .await
        .unwrap();
    assert_problem(x, StatusCode::CONFLICT, "certificate_transition").await;
    let full = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    let events: Vec<&str> = full["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["issued", "suspended", "restored", "withdrawn"]);

    // The client's contact heard of every step.
    app.dispatch().await;
    let mails = app.wait_for_mails(&r.s.contact, 5).await;
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    for want in [
        "Certification decision",
        "issued",
        "is suspended",
        "is restored",
        "is withdrawn",
    ] {
        assert!(
            subjects.iter().any(|s| s.contains(want)),
            "{want}: {subjects:?}"
        );
    }
    let issued = mails.iter().find(|m| m.subject.contains("issued")).unwrap();
    assert!(
        issued.attachments.iter().any(|a| a.ends_with(".pdf")),
        "{:?}",
        issued.attachments
    );
}

/// A granted certificate: the file submitted, reviewed and decided. Returns the set-up and
/// the certificate's id.
pub(crate) async fn granted(app: &TestApp, t: &TenantFixture) -> (Ready, String) {
    let r = ready(app, t).await;
    let audit = r.audit.as_str();
    post(
        app,
        &r.lead_token,
        &format!("/api/v1/audits/{audit}/report/submit"),
        json!({"recommendation": "recommend", "summary": "Effective."}),
    )
    .await;
    post(
        app,
        &r.decider_token,
        &format!("/api/v1/audits/{audit}/technical-review"),
        json!({"outcome": "passed"}),
    )
    .await;
    let out = post(
        app,
        &r.decider_token,
        &format!("/api/v1/programmes/{}/decisions", r.programme),
        json!({"kind": "grant", "audit_ids": [audit], "application_confirmed": true,
            "soa_version": "SoA v1"}),
    )
    .await;
    let id = out["certificate"]["id"].as_str().unwrap().to_string();
    (r, id)
}

/// Posts a page form with the session's CSRF token.
async fn form(
    app: &TestApp,
    s: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut f: Vec<(&str, &str)> = fields.to_vec();
    f.push(("csrf", s.csrf.as_str()));
    s.client.post(app.url(path)).form(&f).send().await.unwrap()
}

async fn page_text(app: &TestApp, s: &Session, path: &str) -> (StatusCode, String) {
    let r = s.client.get(app.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// What follows `needle` in the page, up to the end of its section (at most 2,000
/// bytes).
fn after<'a>(html: &'a str, needle: &str) -> &'a str {
    let i = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the page"));
    let rest = &html[i..];
    let end = rest.find("</section>").unwrap_or(rest.len()).min(2000);
    let end = (0..=end)
        .rev()
        .find(|&e| rest.is_char_boundary(e))
        .unwrap_or(0);
    &rest[..end]
}

#[tokio::test]
async fn the_pages_take_an_audit_file_to_a_certificate_and_keep_what_was_typed() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let r = ready(&app, &t).await;
    let audit = r.audit.as_str();
    let lead = app.login(&r.lead_email, PASSWORD).await;
    let dora = app.login(&r.decider_email, PASSWORD).await;
    let file = format!("/audits/{audit}/file");

    // The lead auditor: a submission without a recommendation comes back with the summary
    // kept and the problem at its field.
    let (status, html) = page_text(&app, &lead, &file).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Submit the report"), "{html}");
    let x = form(
        &app,
        &lead,
        &format!("{file}/submit"),
        &[("summary", "All clauses & controls <effective>.")],
    )
    .await;
    assert_eq!(x.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = x.text().await.unwrap();
    assert!(html.contains("Nothing was saved"), "{html}");
    assert!(
        html.contains(r##"href="#recommendation""##),
        "the summary links to the field"
    );
    assert!(
        after(&html, r#"id="recommendation-err""#).contains("Choose whether the team recommends")
    );
    assert!(
        html.contains("All clauses &amp; controls &lt;effective&gt;."),
        "the typed summary is kept, escaped"
    );
    let x = form(
        &app,
        &lead,
        &format!("{file}/submit"),
        &[
            ("recommendation", "recommend"),
            ("summary", "Effective AIMS."),
        ],
    )
    .await;
    assert_eq!(x.status(), StatusCode::SEE_OTHER);

    // The reviewer sees it in the queue; returning it without a comment is refused.
    let (_, queue) = page_text(&app, &dora, "/decisions").await;
    assert!(
        after(&queue, "Waiting for the technical review (1)").contains("Helios Robotics"),
        "{queue}"
    );
    let x = form(
        &app,
        &dora,
        &format!("{file}/review"),
        &[("outcome", "returned")],
    )
    .await;
    assert_eq!(x.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = x.text().await.unwrap();
    assert!(after(&html, r#"id="comment-general-err""#).contains("at least one comment"));
    assert!(
        html.contains(r#"value="returned" checked"#),
        "the outcome is kept"
    );
    let x = form(
        &app,
        &dora,
        &format!("{file}/review"),
        &[
            ("outcome", "returned"),
            ("comment_evidence", "Attach the impact assessment."),
        ],
    )
    .await;
    assert_eq!(x.status(), StatusCode::SEE_OTHER);
    let (_, html) = page_text(&app, &lead, &file).await;
    assert!(html.contains("Attach the impact assessment."));
    assert!(html.contains("Submit a new revision of the report"));
    let x = form(
        &app,
        &lead,
        &format!("{file}/submit"),
        &[
            ("recommendation", "recommend"),
            ("summary", "Effective AIMS."),
            ("response", "Impact assessment attached."),
        ],
    )
    .await;
    assert_eq!(x.status(), StatusCode::SEE_OTHER);
    let x = form(
        &app,
        &dora,
        &format!("{file}/review"),
        &[("outcome", "passed")],
    )
    .await;
    assert_eq!(x.status(), StatusCode::SEE_OTHER);
    let (_, queue) = page_text(&app, &dora, "/decisions").await;
    assert!(queue.contains("Waiting for the certification decision (1)"));
    assert!(queue.contains(&format!(
        r#"href="/programmes/{}/decide">Decide"#,
        r.programme
    )));

    // The decision: without the confirmation it comes back with the reasons kept.
    let decide = format!("/programmes/{}/decide", r.programme);
    let (status, html) = page_text(&app, &dora, &decide).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!(r#"name="audit_ids" value="{audit}" checked"#)),
        "the passed file is offered, ticked"
    );
    let x = form(
        &app,
        &dora,
        &decide,
        &[
            ("kind", "grant"),
            ("audit_ids", audit),
            ("soa_version", "SoA v3"),
            ("reasons", "Granted on the passed file."),
        ],
    )
    .await;
    assert_eq!(x.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = x.text().await.unwrap();
    assert!(after(&html, r#"id="application_confirmed-err""#).contains("still correct"));
    assert!(html.contains("Granted on the passed file."));
    assert!(html.contains(r#"value="SoA v3""#));
    assert_eq!(
        certificates(&app, &t.token).await["total"],
        0,
        "nothing issued"
    );
    let x = form(
        &app,
        &dora,
        &decide,
        &[
            ("kind", "grant"),
            ("audit_ids", audit),
            ("application_confirmed", "1"),
            ("soa_version", "SoA v3"),
        ],
    )
    .await;
    assert_eq!(x.status(), StatusCode::SEE_OTHER);
    let to = x.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/certificates/"), "{to}");
    let list = certificates(&app, &t.token).await;
    let number = list["items"][0]["number"].as_str().unwrap().to_string();
    let id = list["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(to, format!("/certificates/{id}"));

    // The certificate page, the register, its filters and exports.
    let (_, html) = page_text(&app, &dora, &to).await;
    assert!(html.contains(&number) && html.contains("Active"), "{html}");
    assert!(html.contains("SoA v3"));
    let (_, reg) = page_text(
        &app,
        &dora,
        "/certificates?status=active&expiring_within=1200",
    )
    .await;
    assert!(reg.contains(&number), "{reg}");
    let (_, reg) = page_text(&app, &dora, "/certificates?status=suspended").await;
    assert!(!reg.contains(&number));
    let x = dora
        .client
        .get(app.url("/certificates?expiring_within=soon"))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = x.text().await.unwrap();
    assert!(after(&html, r#"id="expiring_within-err""#).contains("whole number of days"));
    assert!(html.contains(r#"value="soon""#), "the filter is kept");
    let csv = dora
        .client
        .get(app.url("/certificates.csv?status=active"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0]
            .trim_start_matches('\u{feff}')
            .starts_with("Number,Revision,Status,Holder")
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].starts_with(&format!("{number},0,active,Helios Robotics")),
        "{csv}"
    );
    let xlsx = dora
        .client
        .get(app.url("/certificates.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap();
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("an XLSX is a zip");
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(
        strings.contains(&number) && strings.contains("Helios Robotics"),
        "{strings}"
    );

    // Suspension: a date past the limit comes back with the reason kept; then it works and
    // shows at once, and so do restoration and the history.
    let too_late = (chrono::Utc::now().date_naive() + chrono::Duration::days(400)).to_string();
    let x = form(
        &app,
        &dora,
        &format!("/certificates/{id}/suspend"),
        &[
            ("reason", "Surveillance not carried out."),
            ("until", &too_late),
        ],
    )
    .await;
    assert_eq!(x.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = x.text().await.unwrap();
    assert!(html.contains(r#"id="suspend-until-err""#), "{html}");
    assert!(html.contains("Surveillance not carried out."));
    let until = (chrono::Utc::now().date_naive() + chrono::Duration::days(60)).to_string();
    let x = form(
        &app,
        &dora,
        &format!("/certificates/{id}/suspend"),
        &[
            ("reason", "Surveillance not carried out."),
            ("until", &until),
        ],
    )
    .await;
    assert_eq!(x.status(), StatusCode::SEE_OTHER);
    let (_, html) = page_text(&app, &dora, &to).await;
    assert!(html.contains(r#"class="chip suspended""#), "{html}");
    assert!(html.contains("Restore the certificate") && !html.contains("Suspend the certificate"));
    let x = form(&app, &dora, &format!("/certificates/{id}/restore"), &[]).await;
    assert_eq!(x.status(), StatusCode::SEE_OTHER);
    let (_, html) = page_text(&app, &dora, &to).await;
    assert!(html.contains(r#"class="chip active""#));
    let history = after(&html, "<h2 id=\"hist-h\">History</h2>");
    assert!(history.contains("Issued"), "{history}");
    assert!(html.contains("Suspended") && html.contains("Restored"));

    // The client sees it in the portal and downloads the PDF; it has no actions or history.
    let (client, _) = client_user(&app, &t.token, &r.s.client).await;
    let (_, portal) = page_text(&app, &client, "/portal").await;
    assert!(portal.contains(&number), "{portal}");
    let pdf = client
        .client
        .get(app.url(&format!("/certificates/{id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    let (status, html) = page_text(&app, &client, &to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Withdraw the certificate") && !html.contains("hist-h"));
    let (status, _) = page_text(&app, &client, "/decisions").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Withdrawal is final: no action is offered afterwards.
    let x = form(
        &app,
        &dora,
        &format!("/certificates/{id}/withdraw"),
        &[("reason", "Client asked to end certification.")],
    )
    .await;
    assert_eq!(x.status(), StatusCode::SEE_OTHER);
    let (_, html) = page_text(&app, &dora, &to).await;
    assert!(html.contains(r#"class="chip withdrawn""#));
    assert!(!html.contains("Restore the certificate") && !html.contains("Suspend the certificate"));
}

#[tokio::test]
async fn the_dashboard_shows_auditors_their_audits_and_managers_the_planning_queue() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let r = ready(&app, &t).await;
    let past = r.audit.clone();
    // A coming audit with Lea as lead (the one of `ready` is past and not listed).
    let next = setup(&app, &t.token, "Nova Robotics").await;
    let coming = confirmed(&app, &t.token, &next, 0, 10).await;
    let s = app.login(&r.lead_email, PASSWORD).await;
    let html = s
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("My next audits"), "{html}");
    assert!(
        html.contains(&format!("/audits/{coming}/workspace")),
        "{html}"
    );
    assert!(
        !html.contains(&format!("/audits/{}/workspace", r.audit)),
        "the past audit"
    );
    let table = html.split("My next audits").last().unwrap();
    assert!(
        table.contains("Nova Robotics") && table.contains("lead"),
        "{table}"
    );
    // The admin, who is on no team, has no such list; as programme manager they see the
    // planning queue instead.
    let admin = app.login(&t.admin_email, PASSWORD).await;
    let html = admin
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("My next audits"));
    assert!(html.contains("application(s) waiting for review"), "{html}");
    // A team proposed but not confirmed is in the queue, with a link to its audit.
    let other = setup(&app, &t.token, "Quill Systems").await;
    let in_days =
        |n: i64| (chrono::Utc::now().date_naive() + chrono::Duration::days(n)).to_string();
    let proposed = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": other.stage1, "starts_on": in_days(20), "ends_on": in_days(21)}),
    )
    .await;
    let pid = proposed["id"].as_str().unwrap();
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{pid}/team"),
    )
    .json(&json!({"members": [{"auditor_id": other.lea, "role": "lead", "days": 2}]}))
    .send()
    .await
    .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let html = admin
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("href=\"/audits/{pid}\"")), "{html}");
    assert!(
        html.contains("1 proposed team(s) waiting for confirmation"),
        "{html}"
    );
    // The chart of audits per month counts both coming audits as planned in the months
    // they start in, with the figures in a table for screen readers.
    assert!(html.contains(r#"aria-labelledby="load-t""#), "{html}");
    let today = chrono::Utc::now().date_naive();
    let month = |d: chrono::NaiveDate| d.format("%B %Y").to_string();
    let starts = [
        today + chrono::Duration::days(10),
        today + chrono::Duration::days(20),
    ];
    for s in starts {
        let expected = starts.iter().filter(|o| month(**o) == month(s)).count();
        let row = html
            .split(&format!(r#"<tr><th scope="row">{}</th>"#, month(s)))
            .nth(1)
            .unwrap_or_else(|| panic!("no row for {}: {html}", month(s)));
        let planned = row.split("<td>").nth(2).unwrap().split('<').next().unwrap();
        assert_eq!(planned, expected.to_string(), "{}", month(s));
    }
    // No nonconformity yet: the charts say so in a sentence.
    assert!(
        html.contains("No nonconformity is open or was closed in the last twelve months."),
        "{html}"
    );
    // A minor nonconformity on Lea's audit, answered by the client: Lea has it to review,
    // and the charts count it.
    let c = get(&app, &t.token, &format!("/api/v1/audits/{past}/checklist")).await;
    let item = c["items"][0]["id"].as_str().unwrap();
    let nc = post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{past}/checklist/items/{item}/nonconformities"),
        json!({"grade": "minor", "statement": "No review record", "evidence": "Asked for it"}),
    )
    .await;
    let ncid = nc["id"].as_str().unwrap();
    post(
        &app,
        &t.token,
        &format!("/api/v1/nonconformities/{ncid}/response"),
        json!({"correction": "Reviewed", "root_cause": "No owner",
            "corrective_action": "Owner named", "planned_date": in_days(30)}),
    )
    .await;
    let html = s
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let card = html
        .split("Answers to review")
        .nth(1)
        .expect("the card")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        card.contains("<strong>1</strong> nonconformity answer(s) wait for you")
            && card.contains(&format!("href=\"/nonconformities/{ncid}\""))
            && card.contains("review of the plan"),
        "{card}"
    );
    let html = admin
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<title>Response submitted: 1 minor</title>"),
        "{html}"
    );
    assert!(html.contains("No nonconformity was closed in the last twelve months."));
    assert!(
        !html.contains("Answers to review"),
        "the admin is on no team"
    );
    // The admin also sees the trail's integrity and the invitations not yet accepted.
    assert!(html.contains("Intact: all "), "{html}");
}
