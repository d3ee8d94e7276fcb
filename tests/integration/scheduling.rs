//! Scheduling: an audit from a programme entry, a team checked for competence,
//! impartiality and availability, confirmed (or overridden with a justification).

use crate::support::*;
use reqwest::Method;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) struct Setup {
    pub client: String,
    pub contact: String,
    pub stage1: String,
    pub lea: String,
    pub rosa: String,
}

pub(crate) async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let r = api(app, token, Method::POST, path)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.unwrap()
}

pub(crate) async fn setup(app: &TestApp, token: &str, name: &str) -> Setup {
    let c = post(app, token, "/api/v1/clients", json!({"legal_name": name})).await;
    let client = c["id"].as_str().unwrap().to_string();
    let contact = format!(
        "quality-{}@client.test.example",
        uuid::Uuid::new_v4().simple()
    );
    post(
        app,
        token,
        &format!("/api/v1/clients/{client}/contacts"),
        json!({"name": "Quality Lead", "email": contact}),
    )
    .await;
    let a = post(
        app,
        token,
        &format!("/api/v1/clients/{client}/applications"),
        json!({"standards": ["ISO/IEC 42001:2023"],
        "scope": "AI inspection robots", "effective_personnel": 40}),
    )
    .await;
    let a = post(
        app,
        token,
        &format!("/api/v1/applications/{}/accept", a["id"].as_str().unwrap()),
        json!({"competences_needed": "AIMS lead"}),
    )
    .await;
    let stage1 = a["programme"]["audits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let auditors: Value = api(app, token, Method::GET, "/api/v1/auditors")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let find = |n: &str| {
        auditors
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == n)
            .map(|x| x["id"].as_str().unwrap().to_string())
    };
    let lea = match find("Lea Lead") {
        Some(id) => id,
        None => {
            let l = post(
                app,
                token,
                "/api/v1/auditors",
                json!({"name": "Lea Lead", "email": format!("lea-{}@acme.test.example", uuid::Uuid::new_v4().simple())}),
            )
            .await;
            let id = l["id"].as_str().unwrap().to_string();
            post(
                app,
                token,
                &format!("/api/v1/auditors/{id}/qualifications"),
                json!({"standard_code": "ISO/IEC 42001:2023",
                "technical_area": "all", "function": "lead_auditor", "valid_from": "2025-01-01"}),
            )
            .await;
            id
        }
    };
    let rosa = match find("Rosa Expert") {
        Some(id) => id,
        None => {
            let r = post(
                app,
                token,
                "/api/v1/auditors",
                json!({"name": "Rosa Expert", "email": "rosa@acme.test.example"}),
            )
            .await;
            let id = r["id"].as_str().unwrap().to_string();
            post(app, token, &format!("/api/v1/auditors/{id}/qualifications"), json!({"standard_code": "ISO/IEC 42001:2023",
                "technical_area": "IAF 33", "function": "technical_expert", "valid_from": "2025-01-01"})).await;
            id
        }
    };
    Setup {
        client,
        contact,
        stage1,
        lea,
        rosa,
    }
}

#[tokio::test]
async fn a_conflicted_expert_is_refused_with_its_reason_then_a_clean_team_is_confirmed() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    post(
        &app,
        &t.token,
        &format!("/api/v1/auditors/{}/conflicts", s.rosa),
        json!({"client_id": s.client, "kind": "consultancy", "ended_on": "2025-09-30"}),
    )
    .await;
    let audit = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": d(0), "ends_on": d(1),
        "technical_areas": ["IAF 33"]}),
    )
    .await;
    assert_eq!(audit["status"], "planned");
    let id = audit["id"].as_str().unwrap();
    let r = api(&app, &t.token, Method::POST, "/api/v1/audits")
        .json(&json!({"programme_audit_id": s.stage1, "starts_on": d(0), "ends_on": d(1)}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "already_scheduled").await;

    let team = |members: Value| {
        api(
            &app,
            &t.token,
            Method::PUT,
            &format!("/api/v1/audits/{id}/team"),
        )
        .json(&json!({"members": members}))
        .send()
    };
    let r = team(json!([{"auditor_id": s.lea, "role": "lead", "days": 1.5}, {"auditor_id": s.rosa, "role": "technical_expert", "days": 1}])).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["status"], "team_proposed");
    let findings = a["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "conflict_of_interest");
    assert_eq!(findings[0]["severity"], "blocking");
    assert_eq!(findings[0]["member"], s.rosa);
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("ended on 2025-09-30")
    );
    // The audit page names the finding in the reader's language.
    let page = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = page
        .client
        .get(app.url(&format!("/audits/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("ended on 2025-09-30"), "{html}");
    let r = page
        .client
        .post(app.url("/account/language"))
        .form(&[("csrf", page.csrf.as_str()), ("language", "de")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page
        .client
        .get(app.url(&format!("/audits/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Rosa Expert hat einen Interessenkonflikt mit diesem Kunden."),
        "{html}"
    );
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/audits/{id}/confirm"),
    )
    .json(&json!({}))
    .send()
    .await
    .unwrap();
    let p = assert_problem(r, StatusCode::CONFLICT, "team_checks_failed").await;
    assert!(p["detail"].as_str().unwrap().contains("Rosa Expert"));

    // Without the expert the technical area is not covered; the lead's "all" covers it.
    let a: Value = team(json!([{"auditor_id": s.lea, "role": "lead", "days": 1.5}]))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        a["findings"].as_array().unwrap().is_empty(),
        "{}",
        a["findings"]
    );
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/audits/{id}/confirm"),
    )
    .json(&json!({}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["status"], "confirmed");
    assert!(a["override_justification"].is_null());
    // The lead and the client's contact get the confirmation with the .ics invitation
    // (the contact also got the acceptance of the application earlier, and one team
    // proposal with its objection link per proposal: two).
    assert_eq!(app.dispatch().await, 5);
    let lea: Value = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/auditors/{}", s.lea),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    // Each greets its recipient by the name the body knows: the auditor, the contact.
    for (to, expected, greeting) in [
        (lea["email"].as_str().unwrap(), 1, "Hello Lea Lead,"),
        (s.contact.as_str(), 2, "Hello Quality Lead,"),
    ] {
        let mails = app.wait_for_mails(to, expected).await;
        let confirmations: Vec<_> = mails
            .iter()
            .filter(|m| {
                m.subject
                    .contains("stage 1 audit of Helios Robotics confirmed")
            })
            .collect();
        assert_eq!(confirmations.len(), 1, "{to}: {mails:?}");
        assert_eq!(confirmations[0].attachments, ["invitation.ics"]);
        assert!(
            confirmations[0].text.starts_with(greeting),
            "{to}: {}",
            confirmations[0].text
        );
    }
    // The lead's calendar feed holds the confirmed audit.
    let r = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/auditors/{}/calendar.ics", s.lea),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = r.text().await.unwrap();
    assert!(
        ics.contains("BEGIN:VEVENT")
            && ics.contains(&format!("DTSTART;VALUE=DATE:{}", compact(0)))
            && ics.contains(&format!("DTEND;VALUE=DATE:{}", compact(2)))
    );
    assert!(ics.contains(&format!("UID:audit-{id}@certa")));
    // The secret address works without a token, and only until it is replaced.
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/auditors/{}/calendar-link", s.lea),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let url = r.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(url.starts_with(&app.url("/calendar/")) && url.ends_with(".ics"));
    let feed = reqwest::get(&url).await.unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.text()
            .await
            .unwrap()
            .contains(&format!("UID:audit-{id}@certa"))
    );
    api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/auditors/{}/calendar-link", s.lea),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        reqwest::get(&url).await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "the old address is ended"
    );
    assert_eq!(
        reqwest::get(app.url("/calendar/not-a-secret.ics"))
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    // Another auditor may not create Lea's address.
    let other = app.member(&t, "auditor@acme.test.example", "auditor").await;
    let r = api(
        &app,
        &other,
        Method::POST,
        &format!("/api/v1/auditors/{}/calendar-link", s.lea),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;
    // Rosa is on no confirmed audit.
    let ics = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/auditors/{}/calendar.ics", s.rosa),
    )
    .send()
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(!ics.contains("BEGIN:VEVENT"));
    let r = team(json!([{"auditor_id": s.rosa, "role": "lead", "days": 1}]))
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "audit_confirmed").await;
}

#[tokio::test]
async fn an_override_needs_a_justification_and_is_recorded() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Tern Logistics").await;
    let audit = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": d(0), "ends_on": d(1)}),
    )
    .await;
    let id = audit["id"].as_str().unwrap();
    // Rosa as lead: not qualified as lead.
    let a: Value = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{id}/team"),
    )
    .json(&json!({"members": [{"auditor_id": s.rosa, "role": "lead", "days": 1.5}]}))
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let codes: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"lead_not_qualified") && codes.contains(&"standard_not_covered"),
        "{codes:?}"
    );
    let r = api(&app, &t.token, Method::POST, &format!("/api/v1/audits/{id}/confirm"))
        .json(&json!({"override_justification": "Accreditation body witness audit; qualification decision pending, approved by the certification manager"}))
        .send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["status"], "confirmed");
    assert!(
        a["override_justification"]
            .as_str()
            .unwrap()
            .contains("witness audit")
    );
    let events: Value = api(&app, &t.token, Method::GET, "/api/v1/audit-events?limit=5")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let confirmed = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "audit.confirmed")
        .unwrap();
    assert_eq!(confirmed["data"]["overridden"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn double_booking_and_absence_are_found_and_bad_input_refused() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s1 = setup(&app, &t.token, "First Client").await;
    let s2 = setup(&app, &t.token, "Second Client").await;
    let a1 = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s1.stage1, "starts_on": d(0), "ends_on": d(2)}),
    )
    .await;
    let a2 = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s2.stage1, "starts_on": d(2), "ends_on": d(3)}),
    )
    .await;
    let lead = json!({"members": [{"auditor_id": s1.lea, "role": "lead", "days": 1.5}]});
    api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{}/team", a1["id"].as_str().unwrap()),
    )
    .json(&lead)
    .send()
    .await
    .unwrap();
    let a: Value = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{}/team", a2["id"].as_str().unwrap()),
    )
    .json(&lead)
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(
        a["findings"][0]["code"], "double_booked",
        "{}",
        a["findings"]
    );
    post(
        &app,
        &t.token,
        &format!("/api/v1/auditors/{}/absences", s1.lea),
        json!({"starts_on": d(3), "ends_on": d(5)}),
    )
    .await;
    let a: Value = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/audits/{}", a2["id"].as_str().unwrap()),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let codes: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["unavailable", "double_booked"]);

    let id = a2["id"].as_str().unwrap();
    for (body, code) in [
        (
            json!({"members": [{"auditor_id": uuid::Uuid::now_v7(), "role": "lead", "days": 1}]}),
            "unknown_auditor",
        ),
        (
            json!({"members": [{"auditor_id": s1.lea, "role": "boss", "days": 1}]}),
            "invalid_team_role",
        ),
        (
            json!({"members": [{"auditor_id": s1.lea, "role": "lead", "days": 1}, {"auditor_id": s1.lea, "role": "auditor", "days": 1}]}),
            "duplicate_member",
        ),
        (
            json!({"members": [{"auditor_id": s1.lea, "role": "auditor", "days": 1}]}),
            "team_without_lead",
        ),
        (json!({"members": []}), "team_without_lead"),
    ] {
        let r = api(
            &app,
            &t.token,
            Method::PUT,
            &format!("/api/v1/audits/{id}/team"),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
        assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
    }
    for (body, code) in [
        (
            json!({"programme_audit_id": uuid::Uuid::now_v7(), "starts_on": d(0), "ends_on": d(1)}),
            "unknown_programme_audit",
        ),
        (
            json!({"programme_audit_id": s1.stage1, "starts_on": d(1), "ends_on": d(0)}),
            "invalid_period",
        ),
    ] {
        let r = api(&app, &t.token, Method::POST, "/api/v1/audits")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
    }
    let auditor = app.member(&t, "auditor@acme.test.example", "auditor").await;
    let r = api(
        &app,
        &auditor,
        Method::POST,
        &format!("/api/v1/audits/{id}/confirm"),
    )
    .json(&json!({}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn the_pages_schedule_propose_check_and_confirm() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    post(
        &app,
        &t.token,
        &format!("/api/v1/auditors/{}/conflicts", s.rosa),
        json!({"client_id": s.client, "kind": "consultancy", "ended_on": "2025-09-30"}),
    )
    .await;
    let apps: Value = api(&app, &t.token, Method::GET, "/api/v1/applications")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let app_id = apps[0]["id"].as_str().unwrap();
    let b = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = b
        .client
        .get(app.url(&format!("/applications/{app_id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Schedule<span class=\"vh\"> the stage 1 audit"));
    let r = b
        .client
        .post(app.url("/audits"))
        .form(&[
            ("csrf", b.csrf.as_str()),
            ("programme_audit_id", s.stage1.as_str()),
            ("starts_on", d(0).as_str()),
            ("ends_on", d(1).as_str()),
            ("technical_areas", "IAF 33"),
            ("back", "/applications"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.starts_with("/audits/"));
    let r = b
        .client
        .post(app.url(&format!("{loc}/team")))
        .form(&[
            ("csrf", b.csrf.as_str()),
            ("auditor_0", s.lea.as_str()),
            ("role_0", "lead"),
            ("days_0", "1.5"),
            ("auditor_1", s.rosa.as_str()),
            ("role_1", "technical_expert"),
            ("days_1", "1"),
            ("auditor_2", ""),
            ("role_2", "auditor"),
            ("days_2", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = b
        .client
        .get(app.url(&loc))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<strong>Blocking:</strong> Rosa Expert: consultancy for this client ended on 2025-09-30"), "{html}");
    assert!(html.contains("Override justification"));
    let r = b
        .client
        .post(app.url(&format!("{loc}/confirm")))
        .form(&[("csrf", b.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = b
        .client
        .get(app.url(&loc))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("blocking finding(s)"),
        "refused with the reason"
    );
    let r = b
        .client
        .post(app.url(&format!("{loc}/team")))
        .form(&[
            ("csrf", b.csrf.as_str()),
            ("auditor_0", s.lea.as_str()),
            ("role_0", "lead"),
            ("days_0", "1.5"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b
        .client
        .post(app.url(&format!("{loc}/confirm")))
        .form(&[("csrf", b.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = b
        .client
        .get(app.url(&loc))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Team confirmed")
            && html.contains("confirmed")
            && !html.contains("Propose and check the team")
    );
    let html = b
        .client
        .get(app.url(&format!("/applications/{app_id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("{} – {}, confirmed", d(0), d(1))));
    // The client file leads with its next audit and lists its audits with their status;
    // its forms open on demand (the site form while there is no site).
    let (_, html) = page(&b, &app, &format!("/clients/{}", s.client)).await;
    assert!(
        html.contains(&format!(r#"Next audit: <a href="{loc}">stage 1, "#)),
        "{html}"
    );
    let audits = html
        .split(r#"<table aria-label="Audits of the client">"#)
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the audits of the client");
    assert!(
        audits.contains(&format!(r#"<a href="{loc}">Stage 1</a>"#))
            && audits.contains(r#"<span class="chip st-confirmed">confirmed</span>"#),
        "{audits}"
    );
    assert!(
        html.contains(r#"<details class="form-toggle"><summary>Edit the client details</summary>"#)
    );
    assert!(html.contains(r#"<details class="form-toggle" open><summary>Add a site</summary>"#));
}

/// A Monday four weeks or more ahead, early in its month (the 2nd to the 7th), so that a
/// test's audits fall on one month page with the Sunday before them, and are never in the
/// past.
fn base() -> chrono::NaiveDate {
    use chrono::Datelike;
    let mut b = chrono::Utc::now().date_naive() + chrono::Duration::days(28);
    while b.weekday() != chrono::Weekday::Mon || !(2..=7).contains(&b.day()) {
        b += chrono::Duration::days(1);
    }
    b
}

/// `n` days after [`base`], YYYY-MM-DD.
fn d(n: i64) -> String {
    (base() + chrono::Duration::days(n)).to_string()
}

/// `n` days after [`base`], as in a calendar file (YYYYMMDD).
fn compact(n: i64) -> String {
    (base() + chrono::Duration::days(n))
        .format("%Y%m%d")
        .to_string()
}

/// `n` days after [`base`], as a month page names its cell ("Monday 7 December").
fn label(n: i64) -> String {
    (base() + chrono::Duration::days(n))
        .format("%A %-d %B")
        .to_string()
}

/// The month `n` months from [`base`]'s, formatted.
fn month(n: i32, format: &str) -> String {
    let b = base();
    let m = if n >= 0 {
        b.checked_add_months(chrono::Months::new(n.unsigned_abs()))
    } else {
        b.checked_sub_months(chrono::Months::new(n.unsigned_abs()))
    };
    m.expect("a month in range").format(format).to_string()
}

/// The cell of one day on a month page (found by its spoken label, e.g. "Monday 7 December").
fn day_cell<'a>(html: &'a str, label: &str) -> &'a str {
    let needle = format!("<span class=\"vh\">{label}</span>");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no cell for {label}"));
    let rest = &html[start..];
    &rest[..rest.find("</td>").expect("cell end")]
}

async fn page(s: &Session, app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = s.client.get(app.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// An audit of a new client on the given dates, with Lea as lead.
async fn audit_with_lead(app: &TestApp, token: &str, client: &str, from: &str, to: &str) -> Setup {
    let s = setup(app, token, client).await;
    let a = post(
        app,
        token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": from, "ends_on": to}),
    )
    .await;
    let r = api(
        app,
        token,
        Method::PUT,
        &format!("/api/v1/audits/{}/team", a["id"].as_str().unwrap()),
    )
    .json(&json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 1}]}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    Setup {
        stage1: a["id"].as_str().unwrap().to_string(),
        ..s
    }
}

#[tokio::test]
async fn the_month_calendar_shows_audits_on_their_days_and_a_persons_absence() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    // `stage1` holds the scheduled audit's id from here on.
    let s = audit_with_lead(&app, &t.token, "Helios Robotics", &d(0), &d(1)).await;
    let audit = s.stage1.clone();
    post(
        &app,
        &t.token,
        &format!("/api/v1/auditors/{}/absences", s.lea),
        json!({"starts_on": d(3), "ends_on": d(4), "reason": "Training course"}),
    )
    .await;
    let b = app.login_into(&t.admin_email, PASSWORD, t.id).await;

    let (status, html) = page(&b, &app, &format!("/calendar?month={}", month(0, "%Y-%m"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("Audits in {}", month(0, "%B %Y"))));
    assert!(html.contains("href=\"/calendar\" aria-current=\"page\""));
    let link = format!("href=\"/audits/{audit}\"");
    for day in [label(0), label(1)] {
        let cell = day_cell(&html, &day);
        assert!(cell.contains(&link), "{day}: {cell}");
        assert!(cell.contains("Helios Robotics") && cell.contains("stage 1"));
        assert!(cell.contains("team proposed") && cell.contains("Lea Lead (lead)"));
    }
    for day in [label(-1), label(2)] {
        assert!(!day_cell(&html, &day).contains(&link), "{day}");
    }
    assert_eq!(
        html.matches(&link).count(),
        2,
        "listed on its two days only"
    );
    assert!(html.contains(&format!("href=\"/calendar?month={}\"", month(-1, "%Y-%m"))));
    assert!(html.contains(&format!("href=\"/calendar?month={}\"", month(1, "%Y-%m"))));
    let (status, html) = page(&b, &app, &format!("/calendar?month={}", month(-1, "%Y-%m"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("Audits in {}", month(-1, "%B %Y"))) && !html.contains(&link));

    // Lea's month: the audit with her role, and her absence on its two days.
    let (_, profile) = page(&b, &app, &format!("/auditors/{}", s.lea)).await;
    let own = format!("/auditors/{}/calendar", s.lea);
    assert!(profile.contains(&format!("href=\"{own}\"")));
    let (status, html) = page(&b, &app, &format!("{own}?month={}", month(0, "%Y-%m"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("Lea Lead in {}", month(0, "%B %Y"))));
    for day in [label(0), label(1)] {
        let cell = day_cell(&html, &day);
        assert!(
            cell.contains(&link) && cell.contains("lead"),
            "{day}: {cell}"
        );
        assert!(!cell.contains("Unavailable"));
    }
    for day in [label(3), label(4)] {
        let cell = day_cell(&html, &day);
        assert!(
            cell.contains("Unavailable: Training course"),
            "{day}: {cell}"
        );
        assert!(!cell.contains(&link));
    }
    for day in [label(2), label(5)] {
        assert!(!day_cell(&html, &day).contains("Unavailable"), "{day}");
    }
    assert!(html.contains(&format!("href=\"{own}?month={}\"", month(1, "%Y-%m"))));
    // Rosa is on no team and has no absence.
    let (status, html) = page(
        &b,
        &app,
        &format!("/auditors/{}/calendar?month={}", s.rosa, month(0, "%Y-%m")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&link) && !html.contains("Unavailable"));
}

#[tokio::test]
async fn a_month_page_refuses_a_bad_month_and_an_unknown_person() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    let b = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    for path in [
        "/calendar?month=2026-13".to_string(),
        "/calendar?month=december".to_string(),
        format!("/auditors/{}/calendar?month=2026-1", s.lea),
    ] {
        let (status, html) = page(&b, &app, &path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(html.contains("YYYY-MM"), "{path}: {html}");
    }
    let (status, _) = page(
        &b,
        &app,
        &format!("/auditors/{}/calendar", uuid::Uuid::now_v7()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Without a month: the current one (read around the request, in case it turns).
    let before = chrono::Utc::now().format("Audits in %B %Y").to_string();
    let (status, html) = page(&b, &app, "/calendar").await;
    let after = chrono::Utc::now().format("Audits in %B %Y").to_string();
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&before) || html.contains(&after));
}

#[tokio::test]
async fn requests_report_their_sql_statements_when_configured() {
    let plain = TestApp::spawn().await;
    let r = reqwest::get(plain.url("/login")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers().get("x-certa-sql-statements").is_none(),
        "off by default"
    );

    let app = TestApp::spawn_with(Options {
        sql_count_header: true,
        ..Options::default()
    })
    .await;
    let t = app.tenant("acme").await;
    let b = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    // The session's last-seen time is written at most once a minute: of two requests in a
    // row, at least one reads only, so the smaller count is the page's own.
    let statements = |path: String| {
        let c = b.client.clone();
        let url = app.url(&path);
        async move {
            let mut counts = Vec::new();
            for _ in 0..2 {
                let r = c.get(&url).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::OK, "{path}");
                counts.push(
                    r.headers()["x-certa-sql-statements"]
                        .to_str()
                        .unwrap()
                        .parse::<u64>()
                        .unwrap(),
                );
            }
            counts.into_iter().min().unwrap()
        }
    };
    let empty = statements(format!("/calendar?month={}", month(0, "%Y-%m"))).await;
    assert!(empty > 0, "the page reads the session and the audits");
    // The month page costs the same whatever it shows.
    audit_with_lead(&app, &t.token, "First Client", &d(0), &d(1)).await;
    let one = statements(format!("/calendar?month={}", month(0, "%Y-%m"))).await;
    for (i, from) in [d(7), d(14), d(21)].iter().enumerate() {
        audit_with_lead(&app, &t.token, &format!("Client {i}"), from, from).await;
    }
    let four = statements(format!("/calendar?month={}", month(0, "%Y-%m"))).await;
    assert_eq!((empty, one), (four, four));
}

/// The database itself refuses a status, kind or role that names no variant of its domain
/// enum (CHECK constraints on PostgreSQL, triggers on SQLite), on insert and on update.
#[tokio::test]
async fn the_database_refuses_unknown_statuses_kinds_and_roles() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    let audit = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": d(0), "ends_on": d(1)}),
    )
    .await;
    let id = audit["id"].as_str().unwrap().to_string();
    let tid = t.id;
    let refused = |sql: &'static str| {
        let app = &app;
        async move {
            let db = owner_connection(app).await;
            let tx = db.begin().await.unwrap();
            if app.pg.is_some() {
                tx.execute(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "select set_config('app.tenant_id', $1, true)",
                    [tid.to_string().into()],
                ))
                .await
                .unwrap();
            }
            let r = tx.execute_unprepared(sql).await;
            tx.rollback().await.ok();
            db.close().await.ok();
            match r {
                Err(e) => e.to_string(),
                Ok(done) => panic!("{sql}: accepted ({} rows)", done.rows_affected()),
            }
        }
    };
    for (sql, check) in [
        (
            "update audits set status = 'finished'",
            "audits_status_check",
        ),
        ("update audits set kind = 'stage 1'", "audits_kind_check"),
        (
            "update programme_audits set status = 'done'",
            "programme_audits_status_check",
        ),
        (
            "update applications set status = 'Accepted'",
            "applications_status_check",
        ),
        (
            "update programmes set status = ''",
            "programmes_status_check",
        ),
    ] {
        let e = refused(sql).await;
        assert!(e.contains(check), "{sql}: {e}");
    }
    // The accepted values still pass (the same statement with a valid value).
    assert_eq!(
        owner_exec(&app, t.id, "update audits set status = 'cancelled'").await,
        1
    );
    let e = refused(
        "insert into team_objections (tenant_id, id, audit_id, auditor_id, reason, raised_by, status, created_at) \
         select tenant_id, id, id, id, 'r', 'x', 'maybe', created_at from audits",
    )
    .await;
    assert!(e.contains("team_objections_status_check"), "{e}");

    // Past the database's guard (dropped by hand), an unknown stored value is an internal
    // error, never read as some default status.
    let drop = if app.pg.is_some() {
        "alter table audits drop constraint audits_status_check"
    } else {
        "drop trigger audits_status_check_update"
    };
    let db = owner_connection(&app).await;
    db.execute_unprepared(drop).await.unwrap();
    db.close().await.ok();
    assert_eq!(
        owner_exec(&app, t.id, "update audits set status = 'finished'").await,
        1
    );
    let r = api(&app, &t.token, Method::GET, &format!("/api/v1/audits/{id}"))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::INTERNAL_SERVER_ERROR, "internal_error").await;
}

/// The ids of a client's programme entries (stage 1, stage 2, …), in order.
async fn entries(app: &TestApp, token: &str, client: &str) -> Vec<String> {
    let apps = crate::fieldwork::get(app, token, "/api/v1/applications").await;
    let aid = apps
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["client_id"] == client)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let file: Value = api(
        app,
        token,
        Method::GET,
        &format!("/api/v1/applications/{aid}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    file["programme"]["audits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn audits_are_not_put_in_the_past_by_mistake_and_stage_2_follows_stage_1() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    let e = entries(&app, &t.token, &s.client).await;
    let schedule = |body: Value| {
        api(&app, &t.token, Method::POST, "/api/v1/audits")
            .json(&body)
            .send()
    };
    let codes = |p: &Value| -> Vec<(String, String)> {
        p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["field"].as_str().unwrap().to_string(),
                    x["code"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };

    // Stage 2 first: refused, and in the past too: both problems at once.
    let r = schedule(
        json!({"programme_audit_id": e[1], "starts_on": in_days(-3), "ends_on": in_days(-2)}),
    )
    .await
    .unwrap();
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_in_past").await;
    assert_eq!(
        codes(&p),
        [
            ("starts_on".to_string(), "date_in_past".to_string()),
            ("starts_on".to_string(), "stage_order".to_string())
        ],
        "{p}"
    );
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("schedule the stage 1 audit first"),
        "{p}"
    );

    // A stage 1 in the past is refused unless it records an audit already held.
    let r = schedule(
        json!({"programme_audit_id": e[0], "starts_on": in_days(-3), "ends_on": in_days(-2)}),
    )
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_in_past").await;
    let held = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": e[0], "starts_on": in_days(-3), "ends_on": in_days(-2), "already_held": true}),
    )
    .await;
    let stage1 = held["id"].as_str().unwrap().to_string();
    assert_eq!(held["starts_on"], in_days(-3));
    // Moving it to the future needs nothing; moving it back into the past needs saying so.
    let dates = |id: String, body: Value| {
        api(
            &app,
            &t.token,
            Method::PUT,
            &format!("/api/v1/audits/{id}/dates"),
        )
        .json(&body)
        .send()
    };
    let r = dates(
        stage1.clone(),
        json!({"starts_on": in_days(5), "ends_on": in_days(6)}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = dates(
        stage1.clone(),
        json!({"starts_on": in_days(-1), "ends_on": in_days(6)}),
    )
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_in_past").await;

    // Stage 2 on stage 1's last day: refused; the day after: scheduled.
    let r = schedule(
        json!({"programme_audit_id": e[1], "starts_on": in_days(6), "ends_on": in_days(8)}),
    )
    .await
    .unwrap();
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "stage_order").await;
    assert_eq!(p["field"], "starts_on");
    let stage2 = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": e[1], "starts_on": in_days(7), "ends_on": in_days(9)}),
    )
    .await;
    let stage2 = stage2["id"].as_str().unwrap().to_string();

    // Stage 1 cannot move past the start of stage 2, nor be cancelled under it.
    let r = dates(
        stage1.clone(),
        json!({"starts_on": in_days(6), "ends_on": in_days(7)}),
    )
    .await
    .unwrap();
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "stage_order").await;
    assert_eq!(p["field"], "ends_on");
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/audits/{stage1}/cancel"),
    )
    .json(&json!({"reason": "Client not ready"}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "stage_order").await;
    let a = crate::fieldwork::get(&app, &t.token, &format!("/api/v1/audits/{stage1}")).await;
    assert_eq!(
        (a["status"].as_str(), a["ends_on"].as_str()),
        (Some("planned"), Some(in_days(6).as_str())),
        "nothing changed"
    );

    // Stage 2 moved more than six months after stage 1: the audit page says what to do.
    let b = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let (_, html) = page(&b, &app, &format!("/audits/{stage2}")).await;
    assert!(!html.contains("more than 6 months after stage 1"));
    let r = dates(
        stage2.clone(),
        json!({"starts_on": in_days(200), "ends_on": in_days(201)}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (_, html) = page(&b, &app, &format!("/audits/{stage2}")).await;
    assert!(
        html.contains("Stage 2 starts more than 6 months after stage 1 ended"),
        "{html}"
    );

    // The page's form: a past date comes back with what was typed, the error at the date
    // and the box to tick; ticked, the move is made.
    let form = |held: bool| {
        let mut f = vec![
            ("csrf", b.csrf.clone()),
            ("starts_on", in_days(-10)),
            ("ends_on", in_days(-9)),
        ];
        if held {
            f.push(("already_held", "1".into()));
        }
        b.client
            .post(app.url(&format!("/audits/{stage1}/dates")))
            .form(&f)
            .send()
    };
    let r = form(false).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&b, &app, &format!("/audits/{stage1}")).await;
    assert!(
        html.contains(&format!(r#"value="{}""#, in_days(-10))),
        "the typed date is kept: {html}"
    );
    assert!(
        html.contains(r#"id="move-from-err""#) && html.contains("is in the past"),
        "{html}"
    );
    let r = form(true).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let a = crate::fieldwork::get(&app, &t.token, &format!("/api/v1/audits/{stage1}")).await;
    assert_eq!(a["starts_on"], in_days(-10));
}
