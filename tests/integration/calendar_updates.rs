//! Calendar updates: every change of a scheduled audit raises its iCalendar `SEQUENCE`
//! (in the feeds and in the mailed invitations), and a cancelled audit is mailed as a
//! `METHOD:CANCEL` that removes it from the team's and the client's calendars.

use crate::scheduling::{post, setup};
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn day(offset: i64) -> chrono::NaiveDate {
    chrono::Utc::now().date_naive() + chrono::Duration::days(offset)
}

fn ymd(d: chrono::NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

async fn send(app: &TestApp, token: &str, m: Method, path: &str, body: Value) -> Value {
    let r = api(app, token, m, path).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.unwrap()
}

async fn feed(app: &TestApp, token: &str, auditor: &str) -> String {
    api(
        app,
        token,
        Method::GET,
        &format!("/api/v1/auditors/{auditor}/calendar.ics"),
    )
    .send()
    .await
    .unwrap()
    .text()
    .await
    .unwrap()
}

#[tokio::test]
async fn changes_raise_the_sequence_and_a_cancellation_is_mailed_as_cancel() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    let audit = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": day(30).to_string(),
            "ends_on": day(31).to_string()}),
    )
    .await;
    assert_eq!(audit["sequence"], 0);
    let id = audit["id"].as_str().unwrap().to_string();
    let team = format!("/api/v1/audits/{id}/team");
    let a = send(
        &app,
        &t.token,
        Method::PUT,
        &team,
        json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 2}]}),
    )
    .await;
    assert_eq!(a["sequence"], 1);
    // A changed team is a change.
    let a = send(
        &app,
        &t.token,
        Method::PUT,
        &team,
        json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 1.5}]}),
    )
    .await;
    assert_eq!(a["sequence"], 2);
    let a = send(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/audits/{id}/confirm"),
        json!({}),
    )
    .await;
    assert_eq!(
        (a["status"].as_str(), a["sequence"].as_i64()),
        (Some("confirmed"), Some(3))
    );
    let ics = feed(&app, &t.token, &s.lea).await;
    assert!(ics.contains(&format!("UID:audit-{id}@certa")), "{ics}");
    assert!(ics.contains("SEQUENCE:3\r\n"), "{ics}");
    assert!(ics.contains("STATUS:CONFIRMED\r\n"), "{ics}");

    // New dates: the feed carries them with a higher sequence.
    let dates = format!("/api/v1/audits/{id}/dates");
    let r = api(&app, &t.token, Method::PUT, &dates)
        .json(&json!({"starts_on": day(45).to_string(), "ends_on": day(44).to_string()}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_period").await;
    // Not onto days the confirmed lead is away: nothing changes.
    post(
        &app,
        &t.token,
        &format!("/api/v1/auditors/{}/absences", s.lea),
        json!({"starts_on": day(60).to_string(), "ends_on": day(61).to_string()}),
    )
    .await;
    let r = api(&app, &t.token, Method::PUT, &dates)
        .json(&json!({"starts_on": day(60).to_string(), "ends_on": day(61).to_string()}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "team_checks_failed").await;
    let a = send(
        &app,
        &t.token,
        Method::PUT,
        &dates,
        json!({"starts_on": day(44).to_string(), "ends_on": day(45).to_string()}),
    )
    .await;
    assert_eq!(a["sequence"], 4, "the refused move changed nothing");
    assert_eq!(a["starts_on"], day(44).to_string());
    let ics = feed(&app, &t.token, &s.lea).await;
    assert!(ics.contains("SEQUENCE:4\r\n"), "{ics}");
    assert!(
        ics.contains(&format!("DTSTART;VALUE=DATE:{}\r\n", ymd(day(44)))),
        "{ics}"
    );

    // The lead got the invitation and its update, each with its sequence.
    app.dispatch().await;
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
    let lea_email = lea["email"].as_str().unwrap().to_string();
    let mails = app
        .wait_for_mails_until(&lea_email, |m| {
            m.iter().any(|m| m.subject.contains("moved"))
        })
        .await;
    let invitation = |needle: &str| {
        mails
            .iter()
            .find(|m| m.subject.contains(needle))
            .unwrap_or_else(|| panic!("{needle}: {mails:?}"))
            .clone()
    };
    let confirmed = invitation("confirmed");
    assert_eq!(confirmed.attachments, ["invitation.ics"]);
    assert!(
        confirmed.attached[0].contains("METHOD:REQUEST"),
        "{:?}",
        confirmed.attached
    );
    assert!(
        confirmed.attached[0].contains("SEQUENCE:3"),
        "{:?}",
        confirmed.attached
    );
    let moved = invitation("moved");
    assert_eq!(moved.attachments, ["invitation.ics"]);
    assert!(
        moved.attached[0].contains("SEQUENCE:4"),
        "{:?}",
        moved.attached
    );
    assert!(
        moved.attached[0].contains(&format!("DTSTART;VALUE=DATE:{}", ymd(day(44)))),
        "{:?}",
        moved.attached
    );

    // Cancelled: a reason is required; then the team and the client get a CANCEL.
    let cancel = format!("/api/v1/audits/{id}/cancel");
    let r = api(&app, &t.token, Method::POST, &cancel)
        .json(&json!({"reason": "  "}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let a = send(
        &app,
        &t.token,
        Method::POST,
        &cancel,
        json!({"reason": "The client's site is closed for renovation"}),
    )
    .await;
    assert_eq!(
        (a["status"].as_str(), a["sequence"].as_i64()),
        (Some("cancelled"), Some(5))
    );
    app.dispatch().await;
    for to in [lea_email.as_str(), s.contact.as_str()] {
        let mails = app
            .wait_for_mails_until(to, |m| m.iter().any(|m| m.subject.contains("cancelled")))
            .await;
        let c = mails
            .iter()
            .find(|m| m.subject.contains("cancelled"))
            .unwrap_or_else(|| panic!("{to}: {mails:?}"));
        assert!(c.text.contains("closed for renovation"), "{}", c.text);
        assert_eq!(c.attachments, ["cancellation.ics"]);
        let ics = &c.attached[0];
        assert!(ics.contains("METHOD:CANCEL"), "{ics}");
        assert!(ics.contains("STATUS:CANCELLED"), "{ics}");
        assert!(ics.contains("SEQUENCE:5"), "{ics}");
        assert!(ics.contains(&format!("UID:audit-{id}@certa")), "{ics}");
        // The organizer calendar apps take updates from, and every attendee.
        // Folded lines continue after a line break and a space (RFC 5545 3.1).
        let unfolded = ics.replace("\r\n ", "").replace("\n ", "");
        assert!(
            unfolded.contains("ORGANIZER;CN=\"Certa Test\":mailto:certa@test.certa.example"),
            "{ics}"
        );
        for who in [lea_email.as_str(), s.contact.as_str()] {
            assert!(
                unfolded.contains(&format!("RSVP=FALSE:mailto:{who}")),
                "{who} attends: {ics}"
            );
        }
    }
    // A cancelled audit is out of the feed and cannot be changed any more.
    assert!(!feed(&app, &t.token, &s.lea).await.contains("BEGIN:VEVENT"));
    for (m, path, body) in [
        (Method::POST, cancel.clone(), json!({"reason": "again"})),
        (
            Method::PUT,
            dates.clone(),
            json!({"starts_on": day(50).to_string(), "ends_on": day(50).to_string()}),
        ),
        (
            Method::PUT,
            team.clone(),
            json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 1}]}),
        ),
    ] {
        let r = api(&app, &t.token, m, &path)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_problem(r, StatusCode::CONFLICT, "audit_cancelled").await;
    }
    // The programme entry is free again: it is scheduled anew as another audit.
    let again = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": day(70).to_string(),
            "ends_on": day(71).to_string()}),
    )
    .await;
    assert_ne!(again["id"], id.as_str());
    assert_eq!(
        (again["status"].as_str(), again["sequence"].as_i64()),
        (Some("planned"), Some(0))
    );
    let r = api(&app, &t.token, Method::POST, "/api/v1/audits")
        .json(
            &json!({"programme_audit_id": s.stage1, "starts_on": day(80).to_string(),
            "ends_on": day(81).to_string()}),
        )
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "already_scheduled").await;
}

#[tokio::test]
async fn the_audit_page_moves_and_cancels_an_audit() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    let audit = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": day(30).to_string(),
            "ends_on": day(31).to_string()}),
    )
    .await;
    let id = audit["id"].as_str().unwrap().to_string();
    let b = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = b
        .client
        .get(app.url(&format!("/audits/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Move the audit") && html.contains("Cancel the audit"));
    let r = b
        .client
        .post(app.url(&format!("/audits/{id}/dates")))
        .form(&[
            ("csrf", b.csrf.as_str()),
            ("starts_on", &day(40).to_string()),
            ("ends_on", &day(41).to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b
        .client
        .post(app.url(&format!("/audits/{id}/cancel")))
        .form(&[("csrf", b.csrf.as_str()), ("reason", "The client withdrew")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = b
        .client
        .get(app.url(&format!("/audits/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Audit cancelled"), "{html}");
    assert!(!html.contains("Cancel the audit"), "{html}");
    let a: Value = api(&app, &t.token, Method::GET, &format!("/api/v1/audits/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(a["status"], "cancelled");
    assert_eq!(a["starts_on"], day(40).to_string());
    assert_eq!(a["sequence"], 2);
}
