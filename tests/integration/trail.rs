//! The audit trail: every change leaves a hash-chained event; tampering is detected at
//! the exact sequence number by `certa admin verify-audit-log`.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn make_events(app: &TestApp, t: &TenantFixture) {
    let c = reqwest::Client::new();
    for i in 0..3 {
        let r = c
            .post(app.url("/api/v1/members"))
            .bearer_auth(&t.token)
            .json(&json!({"email": format!("p{i}@acme.test.example"), "roles": ["viewer"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[tokio::test]
async fn every_action_is_chained_and_verifies() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    make_events(&app, &t).await;
    let c = reqwest::Client::new();
    let page: Value = c
        .get(app.url("/api/v1/audit-events?limit=2"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ev = page["events"].as_array().unwrap();
    assert_eq!(ev.len(), 2);
    assert_eq!(
        ev[0]["prev_hash"], ev[1]["hash"],
        "newest first, each linked to the one before"
    );
    let next = page["next_before"].as_i64().unwrap();
    let older: Value = c
        .get(app.url(&format!("/api/v1/audit-events?before={next}&limit=200")))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(older["events"][0]["seq"], next - 1);
    assert!(older["next_before"].is_null());
    // tenant.created, member.granted, token.created, 3 × member.invited
    let total = ev.len() + older["events"].as_array().unwrap().len();
    assert_eq!(total, 6);
    let v: Value = c
        .get(app.url("/api/v1/audit-events/verify"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        v,
        json!({"intact": true, "events": 6, "broken_at_seq": null, "reason": null})
    );
    let out = certa_cli(&app, &["admin", "verify-audit-log", "--tenant", "acme"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("intact: 6 events"));
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = s
        .client
        .get(app.url("/audit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Chain intact"));
}

#[tokio::test]
async fn altering_an_event_breaks_the_chain_at_its_sequence_number() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    make_events(&app, &t).await;
    let n = owner_exec(
        &app,
        t.id,
        "update audit_events set actor_label = 'someone else' where seq = 4",
    )
    .await;
    assert_eq!(n, 1);
    let out = certa_cli(&app, &["admin", "verify-audit-log", "--tenant", "acme"]);
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("BROKEN at sequence number 4"),
        "{}",
        stdout(&out)
    );
    let v: Value = reqwest::Client::new()
        .get(app.url("/api/v1/audit-events/verify"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], false);
    assert_eq!(v["broken_at_seq"], 4);
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = s
        .client
        .get(app.url("/audit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Chain BROKEN at sequence number 4"));
}

#[tokio::test]
async fn deleting_an_event_or_the_last_one_is_detected() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    make_events(&app, &t).await;
    assert_eq!(
        owner_exec(&app, t.id, "delete from audit_events where seq = 6").await,
        1
    );
    let out = certa_cli(&app, &["admin", "verify-audit-log", "--tenant", "acme"]);
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("BROKEN at sequence number 6"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        owner_exec(&app, t.id, "delete from audit_events where seq = 2").await,
        1
    );
    let out = certa_cli(&app, &["admin", "verify-audit-log", "--tenant", "acme"]);
    assert!(
        stdout(&out).contains("BROKEN at sequence number 2"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test]
async fn dead_mails_are_shown_to_admins_and_can_be_retried() {
    // Nothing listens on port 9 here, so every attempt fails; one attempt makes it dead.
    let app = TestApp::spawn_with(Options {
        smtp_override: Some("smtp://127.0.0.1:9".into()),
        max_attempts: Some(1),
        ..Default::default()
    })
    .await;
    let t = app.tenant("acme").await;
    let c = reqwest::Client::new();
    c.post(app.url("/api/v1/members"))
        .bearer_auth(&t.token)
        .json(&json!({"email": "p@acme.test.example", "roles": ["viewer"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(app.dispatch().await, 1);
    let dead: Value = c
        .get(app.url("/api/v1/outbox?status=dead"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(dead.as_array().unwrap().len(), 1);
    let row = &dead[0];
    assert_eq!(row["kind"], "invitation");
    assert_eq!(row["attempts"], 1);
    assert!(row["last_error"].as_str().unwrap().len() > 3);
    let id = row["id"].as_str().unwrap();
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = s
        .client
        .get(app.url("/outbox?status=dead"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("p@acme.test.example") && html.contains("Retry"));
    let r = c
        .post(app.url(&format!("/api/v1/outbox/{id}/retry")))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let pending: Value = c
        .get(app.url("/api/v1/outbox?status=pending"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pending[0]["id"], id);
    let r = c
        .post(app.url(&format!("/api/v1/outbox/{id}/retry")))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "outbox_not_dead").await;
    let r = c
        .get(app.url("/api/v1/outbox?status=bogus"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_status").await;
}
