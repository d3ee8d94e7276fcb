//! API tokens: shown once, stored hashed, last-used time, revocation.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn tokens_work_until_revoked_and_record_last_use() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let c = reqwest::Client::new();
    let r = c
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&t.token)
        .json(&json!({"label": "export script"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("certa_"));
    assert!(secret.starts_with(created["prefix"].as_str().unwrap()));
    assert!(created["last_used_at"].is_null());

    let me: Value = c
        .get(app.url("/api/v1/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["authenticated_by"], "token");
    assert_eq!(me["email"], t.admin_email);

    let list: Value = c
        .get(app.url("/api/v1/tokens"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == created["id"])
        .unwrap();
    assert!(row["last_used_at"].is_string(), "last use recorded: {row}");
    assert!(row.get("secret").is_none());

    // The secret never lands in the audit trail.
    let events = c
        .get(app.url("/api/v1/audit-events?limit=200"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!events.contains(&secret));
    assert!(!events.contains(&secret[6..]));

    let id = created["id"].as_str().unwrap();
    let r = c
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = c
        .get(app.url("/api/v1/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let r = c
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "token_revoked").await;
}

#[tokio::test]
async fn members_see_and_revoke_only_their_own_tokens() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let auditor = app.member(&t, "auditor@acme.test.example", "auditor").await;
    let c = reqwest::Client::new();
    let mine: Value = c
        .get(app.url("/api/v1/tokens"))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let all: Value = c
        .get(app.url("/api/v1/tokens"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let admins = all
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] != mine[0]["id"])
        .unwrap();
    let r = c
        .delete(app.url(&format!(
            "/api/v1/tokens/{}",
            admins["id"].as_str().unwrap()
        )))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "token_not_found").await;
}

#[tokio::test]
async fn the_tokens_page_shows_a_new_secret_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let r = s
        .client
        .post(app.url("/tokens"))
        .form(&[("label", "laptop"), ("csrf", &s.csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let page = r.text().await.unwrap();
    let start = page.find("value=\"certa_").unwrap() + 7;
    let secret = &page[start..start + page[start..].find('"').unwrap()];
    let me = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(secret)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let again = s
        .client
        .get(app.url("/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains(secret), "the secret is shown only once");
    assert!(again.contains("laptop"));
}
