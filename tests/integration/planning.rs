//! Tenant settings and audit-time tables, requested scopes, audit plans, client
//! objections to team members, and the daily reminders.

use crate::scheduling::{post, setup};
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let r = api(app, token, Method::GET, path).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

#[tokio::test]
async fn settings_drive_the_calculations_and_bad_settings_are_refused() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = get(&app, &t.token, "/api/v1/settings").await;
    assert_eq!(s["objection_days"], 5);
    assert_eq!(s["programme"]["expiry"], "three_years_minus_one_day");

    let calc = json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 55});
    let before: Value = post(&app, &t.token, "/api/v1/audit-time/calculate", calc.clone()).await;
    let preview = json!({"certification_decision_date": "2026-03-10"});
    let p1 = post(
        &app,
        &t.token,
        "/api/v1/programmes/preview",
        preview.clone(),
    )
    .await;
    assert_eq!(p1["expiry_date"], "2029-03-09");

    // Refused: unknown field, out-of-range value; a viewer may not change settings.
    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"objection_dayz": 3}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_json").await;
    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"rotation_limit": 0}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "settings_invalid").await;
    let viewer = app
        .member(
            &t,
            &format!("viewer-{}@acme.test.example", t.slug),
            "viewer",
        )
        .await;
    let r = api(&app, &viewer, Method::PUT, "/api/v1/settings")
        .json(&json!({"objection_days": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"objection_days": 3,
            "audit_time": {"stage1_share": {"numerator": 1, "denominator": 2}},
            "programme": {"expiry": "three_years"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let after: Value = post(&app, &t.token, "/api/v1/audit-time/calculate", calc).await;
    assert_eq!(after["initial_days"], before["initial_days"]);
    assert_ne!(after["stage1_days"], before["stage1_days"]);
    let half = after["initial_days"].as_f64().unwrap() / 2.0;
    assert!((after["stage1_days"].as_f64().unwrap() - half).abs() <= 0.5);
    let p2 = post(&app, &t.token, "/api/v1/programmes/preview", preview).await;
    assert_eq!(p2["expiry_date"], "2029-03-10");
    let events = get(&app, &t.token, "/api/v1/audit-events").await;
    assert!(events.to_string().contains("settings.changed"));
}

#[tokio::test]
async fn a_tenant_extends_a_table_its_rows_are_flagged_and_reverting_restores_it() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let tables = get(&app, &t.token, "/api/v1/audit-time/tables").await;
    let aims = tables
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["standards"][0] == "ISO/IEC 42001:2023")
        .unwrap()
        .clone();
    assert_eq!(aims["origin"], "builtin");
    let id = aims["id"].as_str().unwrap().to_string();
    // ISO/IEC 42006 publishes only the 1–10 row: 40 people read the derived row (70 % of
    // the ISMS 26–45 band's 8.5 days) until the tenant enters its licensed figures.
    let calc = json!({"standards": [{"code": "ISO/IEC 42001:2023", "ai_role": "developer"}],
        "effective_personnel": 40});
    let c = post(&app, &t.token, "/api/v1/audit-time/calculate", calc.clone()).await;
    assert_eq!(c["table_days"], 6.0, "{c}");
    assert_eq!(c["verified"], false);

    let mut mine = aims.clone();
    mine.as_object_mut().unwrap().remove("origin");
    mine.as_object_mut().unwrap().remove("derivation");
    let rows = mine["rows"].as_array_mut().unwrap();
    rows.truncate(1);
    rows.push(json!({"min": 11, "max": 50, "days": [7.0, 5.0, 5.0, 5.0, 8.5], "verified": true}));
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audit-time/tables/{id}"),
    )
    .json(&mine)
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["origin"], "tenant");
    assert_eq!(
        saved["rows"][1]["verified"], false,
        "a tenant row is never verified"
    );
    assert_eq!(saved["rows"][0]["verified"], aims["rows"][0]["verified"]);
    let c = post(&app, &t.token, "/api/v1/audit-time/calculate", calc.clone()).await;
    assert_eq!(c["verified"], false);
    assert_eq!(c["table_days"], 5.0, "the tenant's figures");

    // A malformed table (a gap between bands) is refused and nothing changes.
    let mut gap = mine.clone();
    gap["rows"][1]["min"] = json!(12);
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audit-time/tables/{id}"),
    )
    .json(&gap)
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "table_invalid").await;
    // Another tenant still calculates with the built-in table.
    let other = app.tenant("other").await;
    let c = post(
        &app,
        &other.token,
        "/api/v1/audit-time/calculate",
        calc.clone(),
    )
    .await;
    assert_eq!(c["table_days"], 6.0, "{c}");

    let r = api(
        &app,
        &t.token,
        Method::DELETE,
        &format!("/api/v1/audit-time/tables/{id}"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let c = post(&app, &t.token, "/api/v1/audit-time/calculate", calc.clone()).await;
    assert_eq!(c["table_days"], 6.0, "the built-in table again: {c}");
    let r = api(
        &app,
        &t.token,
        Method::DELETE,
        &format!("/api/v1/audit-time/tables/{id}"),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "table_not_found").await;
}

#[tokio::test]
async fn audit_time_is_kept_with_the_application_and_scopes_with_the_client() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let c = post(
        &app,
        &t.token,
        "/api/v1/clients",
        json!({"legal_name": "Scope Co"}),
    )
    .await;
    let cid = c["id"].as_str().unwrap();
    let f: Value = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/clients/{cid}/scopes"),
    )
    .json(
        &json!({"standard": "ISO/IEC 42001:2023", "scope": "Design of AI inspection robots",
            "technical_areas": ["IAF 19", "IAF 33", "IAF 19"]}),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(
        f["scopes"][0]["technical_areas"],
        json!(["IAF 19", "IAF 33"])
    );
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/clients/{cid}/scopes"),
    )
    .json(&json!({"standard": "ISO 99999", "scope": "x"}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/clients/{cid}/scopes"),
    )
    .json(&json!({"standard": "ISO 9001:2015", "scope": "  "}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "required").await;

    let a = post(
        &app,
        &t.token,
        &format!("/api/v1/clients/{cid}/applications"),
        json!({"standards": ["ISO 9001:2015"], "scope": "Assembly", "effective_personnel": 55}),
    )
    .await;
    let aid = a["id"].as_str().unwrap();
    assert!(a["audit_time"].is_null());
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/applications/{aid}/audit-time"),
    )
    .json(
        &json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 55,
            "adjustments": [{"percent": -40, "justification": "too much"}]}),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "reduction_over_cap").await;
    let calc = post(
        &app,
        &t.token,
        &format!("/api/v1/applications/{aid}/audit-time"),
        json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 55,
            "adjustments": [{"percent": -10, "justification": "Low-risk assembly only"}]}),
    )
    .await;
    let kept = get(&app, &t.token, &format!("/api/v1/applications/{aid}")).await;
    assert_eq!(
        kept["audit_time"]["result"]["initial_days"],
        calc["initial_days"]
    );
    assert!(
        kept["audit_time"]["result"]["breakdown"]
            .to_string()
            .contains("Low-risk assembly only")
    );
    assert_eq!(kept["audit_time"]["request"]["effective_personnel"], 55);
    // The page shows the kept breakdown.
    let s = app.login(&t.admin_email, PASSWORD).await;
    let html = s
        .client
        .get(app.url(&format!("/applications/{aid}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Low-risk assembly only"));
    let html = s
        .client
        .get(app.url(&format!("/clients/{cid}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Design of AI inspection robots"));
    let r = api(
        &app,
        &t.token,
        Method::DELETE,
        &format!("/api/v1/clients/{cid}/scopes?standard=ISO%2FIEC%2042001%3A2023"),
    )
    .send()
    .await
    .unwrap();
    let f: Value = r.json().await.unwrap();
    assert_eq!(f["scopes"], json!([]));
}

#[tokio::test]
async fn the_plan_is_validated_and_travels_with_the_confirmation() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Plan Robotics").await;
    let site = post(
        &app,
        &t.token,
        &format!("/api/v1/clients/{}/sites", s.client),
        json!({"name": "Lyon plant", "city": "Lyon", "country": "FR", "kind": "permanent", "headcount": 40}),
    )
    .await;
    let site = site["id"].as_str().unwrap();
    let other = post(
        &app,
        &t.token,
        "/api/v1/clients",
        json!({"legal_name": "Other"}),
    )
    .await;
    let foreign = post(
        &app,
        &t.token,
        &format!("/api/v1/clients/{}/sites", other["id"].as_str().unwrap()),
        json!({"name": "Elsewhere", "country": "DE", "kind": "permanent", "headcount": 5}),
    )
    .await;
    let (from, to) = (
        today() + chrono::Duration::days(20),
        today() + chrono::Duration::days(21),
    );
    let audit = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": from.to_string(), "ends_on": to.to_string()}),
    )
    .await;
    let id = audit["id"].as_str().unwrap();
    let plan = |body: Value| {
        api(
            &app,
            &t.token,
            Method::PUT,
            &format!("/api/v1/audits/{id}/plan"),
        )
        .json(&body)
        .send()
    };
    let r = plan(json!({"site_ids": [site], "remote": "partial"}))
        .await
        .unwrap();
    assert_problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ict_risk_note_required",
    )
    .await;
    let r = plan(json!({"site_ids": [foreign["id"]], "remote": "none"}))
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "unknown_site").await;
    let r = plan(json!({"site_ids": [site], "remote": "none",
        "agenda": [{"date": (to + chrono::Duration::days(1)).to_string(), "time": "09:00", "activity": "Opening"}]}))
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_outside_audit").await;
    let r = plan(json!({"site_ids": [site], "remote": "partial",
        "ict_risk_note": "Video interviews of the night shift; connection tested, fallback on site",
        "agenda": [{"date": to.to_string(), "time": "16:00", "activity": "Closing meeting"},
                   {"date": from.to_string(), "time": "09:00", "activity": "Opening meeting"}]}))
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["plan"]["agenda"][0]["activity"], "Opening meeting");
    assert_eq!(a["plan"]["sites"][0]["name"], "Lyon plant");

    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{id}/team"),
    )
    .json(&json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 1.5}]}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{id}/confirm"),
        json!({}),
    )
    .await;
    app.dispatch().await;
    let mails = app.wait_for_mails(&s.contact, 3).await;
    let confirmed = mails
        .iter()
        .find(|m| m.subject.contains("confirmed"))
        .expect("confirmation mail");
    assert!(confirmed.text.contains("Lyon plant"), "{}", confirmed.text);
    assert!(confirmed.text.contains("Opening meeting"));
    assert!(confirmed.attachments.iter().any(|f| f == "invitation.ics"));
}

#[tokio::test]
async fn the_client_objects_through_the_mailed_link_and_the_objection_blocks_confirmation() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Objecting Robotics").await;
    let (from, to) = (
        today() + chrono::Duration::days(30),
        today() + chrono::Duration::days(31),
    );
    let audit = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": from.to_string(), "ends_on": to.to_string()}),
    )
    .await;
    let id = audit["id"].as_str().unwrap();
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{id}/team"),
    )
    .json(&json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 1.5}]}))
    .send()
    .await
    .unwrap();
    let a: Value = r.json().await.unwrap();
    assert_eq!(
        a["objection_deadline"],
        (today() + chrono::Duration::days(5)).to_string()
    );
    app.dispatch().await;
    let mails = app.wait_for_mails(&s.contact, 2).await;
    let proposal = mails
        .iter()
        .find(|m| m.subject.contains("proposed team"))
        .expect("proposal mail");
    let link = proposal
        .link(&format!("{}/objections/", app.base))
        .expect("objection link");
    let anon = reqwest::Client::new();
    let page = anon.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Lea Lead"));
    let r = anon
        .get(app.url("/objections/not-a-real-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = anon
        .post(&link)
        .form(&[
            ("auditor_id", s.lea.as_str()),
            ("reason", "She audited our parent company last month"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success() || r.status().is_redirection());

    let a = get(&app, &t.token, &format!("/api/v1/audits/{id}")).await;
    assert_eq!(a["objections"][0]["status"], "open");
    assert_eq!(a["objections"][0]["raised_by"], s.contact);
    let f = a["findings"].as_array().unwrap();
    assert!(
        f.iter()
            .any(|x| x["code"] == "client_objection" && x["severity"] == "blocking"),
        "{f:?}"
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
    assert_problem(r, StatusCode::CONFLICT, "team_checks_failed").await;
    // The schedulers heard of it.
    app.dispatch().await;
    let to_admin = app.wait_for_mails(&t.admin_email, 1).await;
    assert!(
        to_admin
            .iter()
            .any(|m| m.subject.contains("Objection to Lea Lead"))
    );

    // The audit page shows the objection; its plan form reads agenda lines.
    let session = app.login(&t.admin_email, PASSWORD).await;
    let html = session
        .client
        .get(app.url(&format!("/audits/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("She audited our parent company last month"));
    // The dashboard puts the blocked proposal first and says why.
    let home = session
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("1 client objection to uphold or dismiss: 1 proposed team cannot be confirmed until then.")
            && home.contains("blocked: 1 objection open"),
        "{home}"
    );
    let clientfile = get(&app, &t.token, &format!("/api/v1/clients/{}", s.client)).await;
    let site = post(
        &app,
        &t.token,
        &format!("/api/v1/clients/{}/sites", s.client),
        json!({"name": "Grenoble lab", "country": "FR", "kind": "permanent", "headcount": 12}),
    )
    .await;
    assert!(clientfile["sites"].is_array());
    let agenda = format!("{from} 09:00 Opening meeting\n{to} 15:30 Closing meeting");
    let r = session
        .client
        .post(app.url(&format!("/audits/{id}/plan")))
        .form(&[
            ("csrf", session.csrf.as_str()),
            ("site_ids", site["id"].as_str().unwrap()),
            ("remote", "none"),
            ("agenda", agenda.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let planned = get(&app, &t.token, &format!("/api/v1/audits/{id}")).await;
    assert_eq!(planned["plan"]["agenda"][1]["activity"], "Closing meeting");
    assert_eq!(planned["plan"]["agenda"][1]["time"], "15:30");

    let oid = a["objections"][0]["id"].as_str().unwrap();
    let resolve = |decision: &str| {
        api(
            &app,
            &t.token,
            Method::POST,
            &format!("/api/v1/audits/{id}/objections/{oid}/resolve"),
        )
        .json(&json!({"decision": decision, "note": "The parent company is outside the scope and she did not audit it"}))
        .send()
    };
    let r = resolve("maybe").await.unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_decision").await;
    let r = resolve("dismissed").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = resolve("upheld").await.unwrap();
    assert_problem(r, StatusCode::CONFLICT, "objection_resolved").await;
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
    // Confirmed: no more objections.
    let r = anon
        .post(&link)
        .form(&[("auditor_id", s.lea.as_str()), ("reason", "again")])
        .send()
        .await
        .unwrap();
    let body = r.text().await.unwrap();
    assert!(body.contains("no longer possible"), "{body}");
    let a = get(&app, &t.token, &format!("/api/v1/audits/{id}")).await;
    assert_eq!(a["objections"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn reminders_are_sent_once_per_tier_even_with_two_workers() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Due Robotics").await;
    // Surveillance 1 is due 12 months after the decision: a decision 11 months and 20 days
    // ago puts it within 30 days.
    let decision =
        today().checked_sub_months(chrono::Months::new(12)).unwrap() + chrono::Duration::days(20);
    let apps = get(&app, &t.token, "/api/v1/applications").await;
    let app_id = apps
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["client_id"] == s.client.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let programme =
        get(&app, &t.token, &format!("/api/v1/applications/{app_id}")).await["programme"]["id"]
            .as_str()
            .unwrap()
            .to_string();
    app.plan_from_decision(t.id, &programme, &decision.to_string())
        .await;
    // A qualification ending in 40 days.
    let ends = today() + chrono::Duration::days(40);
    post(
        &app,
        &t.token,
        &format!("/api/v1/auditors/{}/qualifications", s.lea),
        json!({"standard_code": "ISO 9001:2015", "technical_area": "all", "function": "auditor",
            "valid_from": "2024-01-01", "valid_until": ends.to_string()}),
    )
    .await;

    let day = today();
    // Two workers on the same day: each job of the tenant is claimed by one of them.
    let (r1, r2) = tokio::join!(
        certa_service::reminders::run_daily(&app.ctx, day),
        certa_service::reminders::run_daily(&app.ctx, day)
    );
    let (r1, r2) = (r1.unwrap(), r2.unwrap());
    assert!(r1.failed.is_empty() && r2.failed.is_empty());
    assert_eq!(r1.due + r2.due, 1, "{r1:?} {r2:?}");
    assert_eq!(r1.qualifications + r2.qualifications, 1, "{r1:?} {r2:?}");
    // Running the reminders again the same day sends nothing new.
    let again = certa_service::reminders::send_due(&app.ctx, day)
        .await
        .unwrap();
    assert_eq!(again.mails, 0, "{again:?}");
    // So does the command line (the same use case).
    let out = certa_cli(
        &app,
        &["admin", "send-reminders", "--date", &day.to_string()],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("0 mails enqueued"), "{stdout}");
    let out = certa_cli(&app, &["admin", "send-reminders", "--date", "28.11.2026"]);
    assert!(!out.status.success());
    app.dispatch().await;
    let to_contact = app.wait_for_mails(&s.contact, 2).await;
    let due: Vec<_> = to_contact
        .iter()
        .filter(|m| m.subject.contains("surveillance 1 audit") && m.subject.contains("due by"))
        .collect();
    assert_eq!(
        due.len(),
        1,
        "{:?}",
        to_contact.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let to_admin = app.wait_for_mails(&t.admin_email, 2).await;
    assert!(to_admin.iter().any(|m| m.subject.contains("Due Robotics")));
    assert!(
        to_admin
            .iter()
            .any(|m| m.subject.contains("Qualification of Lea Lead expires"))
    );
    // The next tier is sent when the due date comes nearer; past it, the overdue mail.
    let later = certa_service::reminders::send_due(&app.ctx, day + chrono::Duration::days(60))
        .await
        .unwrap();
    assert!(later.overdue >= 1, "{later:?}");
}

#[tokio::test]
async fn the_pages_calculate_change_settings_and_extend_a_table() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login(&t.admin_email, PASSWORD).await;
    let html = s
        .client
        .get(app.url("/audit-time?standard_0=ISO+9001%3A2015&effective_personnel=55&sites=1&sampling_allowed=1&adjustment_percent=-10&adjustment_justification=Simple+processes"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Breakdown"), "{html}");
    assert!(html.contains("Simple processes"));
    let html = s
        .client
        .get(app.url("/audit-time?standard_0=ISO+9001%3A2015&effective_personnel=0"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("role=\"alert\""),
        "a bad headcount is explained"
    );

    let r = s
        .client
        .post(app.url("/settings"))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("rotation_limit", "2"),
            ("objection_days", "10"),
            ("stage1_numerator", "1"),
            ("stage1_denominator", "3"),
            ("stage1_min_days", "0.5"),
            ("expiry", "three_years"),
            ("at_risk_days", "45"),
            ("nc_response_days", "21"),
            ("max_upload_mib", "50"),
            ("retention_years", "7"),
            ("outbox_retention_days", "30"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let settings = get(&app, &t.token, "/api/v1/settings").await;
    assert_eq!(settings["nc_response_days"], 21);
    assert_eq!(settings["max_upload_mib"], 50);
    assert_eq!(settings["retention_years"], 7);
    assert_eq!(settings["outbox_retention_days"], 30);
    assert_eq!(settings["rotation_limit"], 2);
    assert_eq!(settings["objection_days"], 10);
    assert_eq!(settings["programme"]["expiry"], "three_years");
    assert_eq!(settings["programme"]["at_risk_days"], 45);

    // A refused save shows the page again with everything typed and the problem at its
    // field; nothing is saved.
    let r = s
        .client
        .post(app.url("/settings"))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("rotation_limit", "9"),
            ("objection_days", "10"),
            ("stage1_numerator", "1"),
            ("stage1_denominator", "3"),
            ("stage1_min_days", "0.5"),
            ("expiry", "three_years"),
            ("at_risk_days", "45"),
            ("cert_address", "Hafenstraße 7, Hamburg"),
            ("cert_number_pattern", "{prefix}-{standard}-{seq:05}"),
            ("cert_suspension_months", "40"),
            ("cert_accreditations", "ISO 9001:2015 | DAkkS | D-ZM-1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r##"href="#cert_suspension_months""##),
        "{html}"
    );
    assert!(
        html.contains(
            r#"id="cert_suspension_months-err" class="field-error">The suspension limit must be 1-12 months"#
        ),
        "{html}"
    );
    assert!(html.contains("ISO 9001:2015 | DAkkS | D-ZM-1"));
    assert!(html.contains("Hafenstraße 7, Hamburg"));
    assert!(
        html.contains(r#"value="9""#),
        "the typed rotation limit is kept"
    );
    let settings = get(&app, &t.token, "/api/v1/settings").await;
    assert_eq!(settings["rotation_limit"], 2, "nothing was saved");
    assert_eq!(settings["certificates"]["address"], "");

    let r = s
        .client
        .post(app.url("/settings/audit-time-tables/iso_iec_42006_aims/bands"))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("min", "10701"),
            ("max", "12000"),
            ("days", "29, 20.5, 20.5, 20.5, 37.5"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let tables = get(&app, &t.token, "/api/v1/audit-time/tables").await;
    let aims = tables
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["standards"][0] == "ISO/IEC 42001:2023")
        .unwrap();
    assert_eq!(aims["origin"], "tenant", "{aims}");
    let last = aims["rows"].as_array().unwrap().last().unwrap();
    assert_eq!(last["max"], 12000);
    assert_eq!(last["verified"], false);
    let html = s
        .client
        .get(app.url("/settings/audit-time-tables"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("changed by this certification body"));
}
