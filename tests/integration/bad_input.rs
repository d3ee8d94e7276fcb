//! Bad input gets a clear 4xx problem+json, never a 500, and writes nothing.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn malformed_unknown_oversize_and_mistyped_bodies_are_4xx_problems() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let c = reqwest::Client::new();
    let post = |body: Vec<u8>, ct: &'static str| {
        c.post(app.url("/api/v1/members"))
            .bearer_auth(&t.token)
            .header("content-type", ct)
            .body(body)
            .send()
    };
    assert_problem(
        post(b"{\"email\": ".to_vec(), "application/json")
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
    assert_problem(
        post(b"not json at all".to_vec(), "application/json")
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
    let p = assert_problem(
        post(
            br#"{"email":"a@b.example","roles":["viewer"],"tenant_id":"x"}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().contains("tenant_id"),
        "names the unknown field: {p}"
    );
    assert_problem(
        post(
            br#"{"email":"a@b.example","roles":"viewer"}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    assert_problem(
        post(
            br#"{"email":"a@b.example","roles":["viewer"]}"#.to_vec(),
            "text/plain",
        )
        .await
        .unwrap(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let big = format!(
        r#"{{"email":"a@b.example","roles":["viewer"],"x":"{}"}}"#,
        "y".repeat(200_000)
    );
    assert_problem(
        post(big.into_bytes(), "application/json").await.unwrap(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
    )
    .await;
    // Not-an-id in the path, unknown API path, bad query.
    assert_problem(
        c.delete(app.url("/api/v1/tokens/not-a-uuid"))
            .bearer_auth(&t.token)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        c.get(app.url("/api/v1/nothing-here"))
            .bearer_auth(&t.token)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        c.get(app.url("/api/v1/audit-events?before=abc"))
            .bearer_auth(&t.token)
            .send()
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    // Authentication problems.
    assert_problem(
        c.get(app.url("/api/v1/me")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_problem(
        c.get(app.url("/api/v1/me"))
            .bearer_auth("certa_nope")
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    assert_problem(
        c.get(app.url("/api/v1/me"))
            .header("authorization", "Basic abc")
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    // Nothing was written by any of it.
    let inv: Value = c
        .get(app.url("/api/v1/invitations"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inv.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn bad_forms_and_unknown_pages_are_4xx() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let r = s
        .client
        .post(app.url("/tokens"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("label=%ZZ&csrf=")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    let r = s
        .client
        .post(app.url("/tokens"))
        .form(&[("csrf", s.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "missing field");
    let r = s
        .client
        .post(app.url("/tokens"))
        .form(&[("csrf", s.csrf.as_str()), ("label", "   ")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "blank label goes back with a message"
    );
    let page = s
        .client
        .get(app.url("/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("label is required"));
    let r = s.client.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("Not found"));
    let r = s
        .client
        .get(app.url("/password/reset?token=nonsense"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("invalid, expired or already used")
    );
    let r = s
        .client
        .get(app.url("/invitations/accept"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
}

#[tokio::test]
async fn page_forms_check_the_session_the_token_and_the_body_in_one_place() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let tokens = || async {
        let r = reqwest::Client::new()
            .get(app.url("/api/v1/tokens"))
            .bearer_auth(&t.token)
            .send()
            .await
            .unwrap();
        r.json::<Value>().await.unwrap().as_array().unwrap().len()
    };
    let before = tokens().await;
    // Not signed in: to the login page, whatever the body.
    let r = browser()
        .post(app.url("/tokens"))
        .form(&[("csrf", "x"), ("label", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(header_of(&r, "location"), "/login");
    // A body that is not a form, or too large.
    let r = s
        .client
        .post(app.url("/tokens"))
        .json(&serde_json::json!({"csrf": s.csrf, "label": "x"}))
        .send()
        .await
        .unwrap();
    assert_problem(
        r,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let big = "y".repeat(100_000);
    let r = s
        .client
        .post(app.url("/members/invite"))
        .form(&[("csrf", s.csrf.as_str()), ("email", big.as_str())])
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;
    // The token is checked before the fields: a forged one is refused even when a field
    // is missing.
    let r = s
        .client
        .post(app.url("/tokens"))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The streamed upload carries its token in the query.
    let r = s
        .client
        .post(app.url(&format!(
            "/evidence/stream?target_kind=checklist_item&target_id={}&filename=a.pdf&csrf=forged",
            uuid::Uuid::new_v4()
        )))
        .body("%PDF-1.4")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Nothing was written.
    assert_eq!(tokens().await, before);
}

fn header_of(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}
