//! Members and invitations through the API, with the permission matrix.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn admin_invites_changes_roles_and_removes_members() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let r = api(&app, &t.token, reqwest::Method::POST, "/api/v1/members")
        .json(&json!({"email": "New.Person@Example.org", "roles": ["auditor", "viewer"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let inv: Value = r.json().await.unwrap();
    assert_eq!(inv["roles"], json!(["auditor", "viewer"]));
    // A second invitation to the same address (any case) is a conflict.
    let r = api(&app, &t.token, reqwest::Method::POST, "/api/v1/members")
        .json(&json!({"email": "new.person@example.org", "roles": ["viewer"]}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "invitation_pending").await;
    let list: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/invitations")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);

    app.member(&t, "auditor@acme.test.example", "auditor").await;
    let members: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/members")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let auditor = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "auditor@acme.test.example")
        .unwrap()
        .clone();
    let id = auditor["id"].as_str().unwrap();
    let r = api(
        &app,
        &t.token,
        reqwest::Method::PATCH,
        &format!("/api/v1/members/{id}"),
    )
    .json(&json!({"roles": ["auditor", "reviewer"]}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap()["roles"],
        json!(["auditor", "reviewer"])
    );
    let r = api(
        &app,
        &t.token,
        reqwest::Method::PATCH,
        &format!("/api/v1/members/{id}"),
    )
    .json(&json!({"roles": ["owner"]}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "unknown_role").await;
    let r = api(
        &app,
        &t.token,
        reqwest::Method::DELETE,
        &format!("/api/v1/members/{id}"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = api(
        &app,
        &t.token,
        reqwest::Method::DELETE,
        &format!("/api/v1/members/{id}"),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "member_not_found").await;

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
    for a in ["member.invited", "member.roles_changed", "member.removed"] {
        assert!(actions.contains(&a), "{a} missing in {actions:?}");
    }
}

#[tokio::test]
async fn the_last_admin_cannot_be_removed_or_demoted() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let me: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/members")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = me[0]["id"].as_str().unwrap().to_string();
    let r = api(
        &app,
        &t.token,
        reqwest::Method::PATCH,
        &format!("/api/v1/members/{id}"),
    )
    .json(&json!({"roles": ["viewer"]}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "last_admin").await;
    let r = api(
        &app,
        &t.token,
        reqwest::Method::DELETE,
        &format!("/api/v1/members/{id}"),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "last_admin").await;
}

#[tokio::test]
async fn roles_limit_what_members_may_do() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let auditor = app.member(&t, "auditor@acme.test.example", "auditor").await;
    let client = app.member(&t, "client@acme.test.example", "client").await;
    // Auditors see members but cannot invite, read the trail or the outbox.
    assert_eq!(
        api(&app, &auditor, reqwest::Method::GET, "/api/v1/members")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    for (m, p) in [
        (reqwest::Method::POST, "/api/v1/members"),
        (reqwest::Method::GET, "/api/v1/audit-events"),
        (reqwest::Method::GET, "/api/v1/outbox"),
        (reqwest::Method::GET, "/api/v1/invitations"),
    ] {
        let mut req = api(&app, &auditor, m.clone(), p);
        if m == reqwest::Method::POST {
            req = req.json(&json!({"email": "x@y.example", "roles": ["viewer"]}));
        }
        assert_problem(
            req.send().await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    // Clients do not even see the member list.
    let r = api(&app, &client, reqwest::Method::GET, "/api/v1/members")
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;
    // And the page says so too.
    let s = app
        .login_into("auditor@acme.test.example", PASSWORD, t.id)
        .await;
    let r = s.client.get(app.url("/audit")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let page = s
        .client
        .get(app.url("/members"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("Send invitation"),
        "auditors get no invite form"
    );
}

#[tokio::test]
async fn invalid_invitations_are_refused_with_a_field() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    for (body, code) in [
        (
            json!({"email": "not-an-email", "roles": ["viewer"]}),
            "invalid_email",
        ),
        (json!({"email": "a@b.example", "roles": []}), "roles_empty"),
        (
            json!({"email": "a@b.example", "roles": ["superuser"]}),
            "unknown_role",
        ),
    ] {
        let r = api(&app, &t.token, reqwest::Method::POST, "/api/v1/members")
            .json(&body)
            .send()
            .await
            .unwrap();
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert!(p["field"].is_string());
    }
    let r = api(&app, &t.token, reqwest::Method::POST, "/api/v1/members")
        .json(&json!({"email": t.admin_email, "roles": ["viewer"]}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "already_member").await;
}

/// Times on pages follow the body's time zone, and a person's own choice wins over it.
#[tokio::test]
async fn pages_show_times_in_the_bodys_time_zone_or_the_persons_own() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let get = |path: &'static str| {
        let c = s.client.clone();
        let url = app.url(path);
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let post = |path: &'static str, zone: &'static str| {
        s.client
            .post(app.url(path))
            .form(&[("csrf", s.csrf.as_str()), ("time_zone", zone)])
            .send()
    };
    // UTC until set; a name that is no time zone comes back at its field, as typed.
    assert!(get("/").await.contains(" UTC — "));
    let r = post("/settings/time-zone", "Mars/Olympus").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/settings").await;
    assert!(
        html.contains(r#"id="tz-err""#)
            && html.contains("ime zone must be a name such as Europe/Berlin"),
        "{html}"
    );
    assert!(
        html.contains(r#"value="Mars/Olympus""#),
        "the typed name is kept"
    );
    // The body's zone (no daylight saving time in Tokyo, so the test holds all year).
    let r = post("/settings/time-zone", "Asia/Tokyo").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/").await;
    assert!(
        html.contains(" JST — ") && !html.contains(" UTC — "),
        "{html}"
    );
    // The person's own zone wins; cleared, the body's is back.
    let r = post("/account/time-zone", "Asia/Kolkata").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/").await;
    assert!(
        html.contains(" IST — ") && !html.contains(" JST — "),
        "{html}"
    );
    let html = get("/account/security").await;
    assert!(html.contains(r#"value="Asia/Kolkata""#), "{html}");
    let r = post("/account/time-zone", "").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(get("/").await.contains(" JST — "));
    // The change is in the audit trail.
    let events = api(&app, &t.token, reqwest::Method::GET, "/api/v1/audit-events")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(events.contains("settings.time_zone_set") && events.contains("Asia/Tokyo"));
}
