//! Applications: registered for a client, reviewed once, accepted (programme created,
//! client mailed) or declined with a reason mailed to the client.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn client_with_contact(app: &TestApp, token: &str, email: &str) -> String {
    let c: Value = api(app, token, reqwest::Method::POST, "/api/v1/clients")
        .json(&json!({"legal_name": "Helios Robotics GmbH"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = c["id"].as_str().unwrap().to_string();
    let r = api(
        app,
        token,
        reqwest::Method::POST,
        &format!("/api/v1/clients/{id}/contacts"),
    )
    .json(&json!({"name": "Quality Lead", "email": email}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = api(
        app,
        token,
        reqwest::Method::POST,
        &format!("/api/v1/clients/{id}/contacts"),
    )
    .json(&json!({"name": "Finance", "email": format!("no-mail-{email}"), "receives_mail": false}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    id
}

fn unique(tag: &str) -> String {
    format!(
        "{tag}-{}@client.test.example",
        uuid::Uuid::new_v4().simple()
    )
}

#[tokio::test]
async fn accepting_creates_the_programme_and_mails_the_client_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let contact = unique("accept");
    let cid = client_with_contact(&app, &t.token, &contact).await;
    let r = api(&app, &t.token, reqwest::Method::POST, &format!("/api/v1/clients/{cid}/applications"))
        .json(&json!({"standards": ["ISO/IEC 42001:2023", "iso/iec 27001:2022", "ISO/IEC 42001:2023"], "scope": "Design and operation of AI inspection robots",
            "effective_personnel": 180, "consultancy_by": "AI Governance Partners"}))
        .send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["status"], "submitted");
    assert_eq!(
        a["standards"],
        json!(["ISO/IEC 42001:2023", "ISO/IEC 27001:2022"]),
        "normalised and deduplicated"
    );
    let id = a["id"].as_str().unwrap();
    let r = api(
        &app,
        &t.token,
        reqwest::Method::POST,
        &format!("/api/v1/applications/{id}/accept"),
    )
    .json(&json!({"competences_needed": " "}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "required").await;
    let r = api(&app, &t.token, reqwest::Method::POST, &format!("/api/v1/applications/{id}/accept"))
        .json(&json!({"competences_needed": "Lead auditor qualified for ISO/IEC 42001 (42006 AI competence) and 27001; technical area IAF 19"}))
        .send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["status"], "accepted");
    let kinds: Vec<&str> = a["programme"]["audits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["stage_1", "stage_2"]);
    // Reviewed once: a second review is a conflict and changes nothing.
    let r = api(
        &app,
        &t.token,
        reqwest::Method::POST,
        &format!("/api/v1/applications/{id}/decline"),
    )
    .json(&json!({"reason": "changed my mind"}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "application_already_reviewed").await;
    let again: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        &format!("/api/v1/applications/{id}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(again["status"], "accepted");
    assert!(again["decline_reason"].is_null());

    assert_eq!(
        app.dispatch().await,
        1,
        "one mail: only the contact who receives mail"
    );
    let mails = app.wait_for_mails(&contact, 1).await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].subject.contains("accepted") && mails[0].subject.contains(&t.name),
        "{}",
        mails[0].subject
    );
    assert!(
        mails[0]
            .text
            .contains("Design and operation of AI inspection robots")
    );
    assert!(
        !mails[0].text.contains("Lead auditor qualified"),
        "internal competence notes are not mailed"
    );
    assert!(app.mails_to(&format!("no-mail-{contact}")).await.is_empty());
}

#[tokio::test]
async fn declining_mails_the_reason_and_bad_input_is_refused() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let contact = unique("decline");
    let cid = client_with_contact(&app, &t.token, &contact).await;
    for (body, code) in [
        (
            json!({"standards": [], "scope": "x", "effective_personnel": 5}),
            "standards_empty",
        ),
        (
            json!({"standards": ["ISO 9999:2030"], "scope": "x", "effective_personnel": 5}),
            "unknown_standard",
        ),
        (
            json!({"standards": ["ISO 9001:2015"], "scope": "  ", "effective_personnel": 5}),
            "required",
        ),
        (
            json!({"standards": ["ISO 9001:2015"], "scope": "x", "effective_personnel": 0}),
            "headcount_invalid",
        ),
    ] {
        let r = api(
            &app,
            &t.token,
            reqwest::Method::POST,
            &format!("/api/v1/clients/{cid}/applications"),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
        assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
    }
    let a: Value = api(&app, &t.token, reqwest::Method::POST, &format!("/api/v1/clients/{cid}/applications"))
        .json(&json!({"standards": ["ISO 45001:2018"], "scope": "Offshore drilling", "effective_personnel": 900}))
        .send().await.unwrap().json().await.unwrap();
    let id = a["id"].as_str().unwrap();
    let r = api(
        &app,
        &t.token,
        reqwest::Method::POST,
        &format!("/api/v1/applications/{id}/decline"),
    )
    .json(&json!({"reason": "Offshore drilling (IAF 2) is outside our scope of accreditation."}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["status"], "declined");
    assert!(
        a["programme"].is_null(),
        "no programme for a declined application"
    );
    app.dispatch().await;
    let mails = app.wait_for_mails(&contact, 1).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].text.contains("outside our scope of accreditation"));
    let list: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/applications?status=declined",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let r = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/applications?status=maybe",
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_status").await;
    // Auditors may read but not review.
    let auditor = app.member(&t, "auditor@acme.test.example", "auditor").await;
    let r = api(
        &app,
        &auditor,
        reqwest::Method::POST,
        &format!("/api/v1/clients/{cid}/applications"),
    )
    .json(&json!({"standards": ["ISO 9001:2015"], "scope": "x", "effective_personnel": 5}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(
        api(&app, &auditor, reqwest::Method::GET, "/api/v1/applications")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_pages_take_an_application_from_the_client_file_to_acceptance() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let contact = unique("pages");
    let cid = client_with_contact(&app, &t.token, &contact).await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = s
        .client
        .get(app.url(&format!("/clients/{cid}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Register an application"));
    let r = s
        .client
        .post(app.url(&format!("/clients/{cid}/applications")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("standards", "ISO 9001:2015"),
            ("standards", "ISO 14001:2015"),
            ("scope", "Manufacture of robot arms"),
            ("effective_personnel", "120"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let html = s
        .client
        .get(app.url(&loc))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("ISO 9001:2015, ISO 14001:2015")
            && html.contains("Accept and create the programme")
    );
    let r = s
        .client
        .post(app.url(&format!("{loc}/accept")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("competences_needed", "QMS and EMS lead auditor, IAF 18"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = s
        .client
        .get(app.url(&loc))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("the programme is created")
            && html.contains("stage 1")
            && html.contains("stage 2")
    );
    assert!(
        !html.contains("Accept and create the programme"),
        "no second review"
    );
    let list = s
        .client
        .get(app.url("/applications?status=accepted"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Helios Robotics GmbH"));
}

async fn accepted_programme(app: &TestApp, token: &str) -> (String, String) {
    let cid = client_with_contact(app, token, &unique("prog")).await;
    let a: Value = api(app, token, reqwest::Method::POST, &format!("/api/v1/clients/{cid}/applications"))
        .json(&json!({"standards": ["ISO 9001:2015"], "scope": "Assembly of gearboxes", "effective_personnel": 55}))
        .send().await.unwrap().json().await.unwrap();
    let id = a["id"].as_str().unwrap().to_string();
    let a: Value = api(
        app,
        token,
        reqwest::Method::POST,
        &format!("/api/v1/applications/{id}/accept"),
    )
    .json(&json!({"competences_needed": "QMS lead auditor, IAF 18"}))
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    (id, a["programme"]["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn the_decision_date_plans_and_replans_the_cycle() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let (_, pid) = accepted_programme(&app, &t.token).await;
    // The decision date is set only by a grant or renewal decision: the former route is gone.
    let r = api(
        &app,
        &t.token,
        reqwest::Method::PUT,
        &format!("/api/v1/programmes/{pid}/decision"),
    )
    .json(&json!({"certification_decision_date": "2026-01-15"}))
    .send()
    .await
    .unwrap();
    assert!(
        matches!(
            r.status(),
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
        ),
        "{}",
        r.status()
    );
    let programme = |date: &'static str| {
        let app = &app;
        let t = &t;
        let pid = pid.clone();
        async move {
            app.plan_from_decision(t.id, &pid, date).await;
            api(
                app,
                &t.token,
                reqwest::Method::GET,
                &format!("/api/v1/programmes/{pid}"),
            )
            .send()
            .await
        }
    };
    let p: Value = programme("2026-01-15").await.unwrap().json().await.unwrap();
    assert_eq!(p["status"], "active");
    assert_eq!(p["expiry_date"], "2029-01-14", "decision + 3 years - 1 day");
    let due: Vec<(String, String)> = p["audits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_string(),
                a["due_by"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        due,
        [
            ("stage_1".to_string(), String::new()),
            ("stage_2".to_string(), String::new()),
            ("surveillance_1".to_string(), "2027-01-15".to_string()),
            ("surveillance_2".to_string(), "2028-01-15".to_string()),
            ("recertification".to_string(), "2029-01-14".to_string()),
        ]
    );
    // A corrected decision date re-plans the cycle; the old dates are gone.
    let p: Value = programme("2024-02-29").await.unwrap().json().await.unwrap();
    assert_eq!(p["audits"].as_array().unwrap().len(), 5);
    assert_eq!(
        p["audits"][2]["due_by"], "2025-02-28",
        "29 February clamps to the month's last day"
    );
    let events: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/audit-events")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"programme.planned") && actions.contains(&"programme.replanned"));
}

#[tokio::test]
async fn overdue_surveillance_is_flagged_on_the_programme_and_the_dashboard() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let (app_id, pid) = accepted_programme(&app, &t.token).await;
    // Decided 13 months ago: surveillance 1 (due at 12 months) is a month overdue.
    let today = chrono::Utc::now().date_naive();
    let decision = today.checked_sub_months(chrono::Months::new(13)).unwrap();
    app.plan_from_decision(t.id, &pid, &decision.to_string())
        .await;
    let p: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        &format!("/api/v1/programmes/{pid}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let s1 = p["audits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "surveillance_1")
        .unwrap();
    assert_eq!(s1["flag"], "overdue");
    assert!(s1["days_left"].as_i64().unwrap() < 0);
    let s2 = p["audits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "surveillance_2")
        .unwrap();
    assert_ne!(s2["flag"], "overdue");
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let dash = s
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        dash.contains("Helios Robotics GmbH") && dash.contains("<strong>overdue</strong>"),
        "{dash}"
    );
    let page = s
        .client
        .get(app.url(&format!("/applications/{app_id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("set by the decision to grant or renew certification")
            && page.contains("<strong>overdue</strong>")
    );
    app.plan_from_decision(t.id, &pid, &today.to_string()).await;
    let dash = s
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !dash.contains("<strong>overdue</strong>"),
        "re-planned from today: nothing overdue"
    );
}
