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
    assert!(page.contains("Label is required"), "{page}");
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

/// Posts a form that must be refused: the answer sends the browser back to `back` at the
/// form's summary, and that page (read once) is returned.
async fn refused(
    s: &Session,
    app: &TestApp,
    action: &str,
    back: &str,
    form: &[(&str, &str)],
) -> String {
    let mut fields = vec![("csrf", s.csrf.as_str())];
    fields.extend_from_slice(form);
    let r = s
        .client
        .post(app.url(action))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{action}");
    assert_eq!(
        r.headers()["location"],
        format!("{back}#form-errors").as_str(),
        "{action}"
    );
    let html = s
        .client
        .get(app.url(back))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"id="form-errors""#), "{action}: {html}");
    html
}

/// The element of `html` that starts with `start` (up to its `>`).
fn tag<'a>(html: &'a str, start: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let end = html[i..].find('>').unwrap() + i + 1;
    &html[i..end]
}

/// The summary's items (the text of each `<li>`).
fn summary(html: &str) -> Vec<String> {
    let i = html.find(r#"id="form-errors""#).unwrap();
    let end = html[i..].find("</ul>").unwrap() + i;
    html[i..end]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let li = li.trim_end_matches("</li>");
            match li.find('>') {
                Some(j) if li.starts_with("<a") => li[j + 1..].trim_end_matches("</a>").to_string(),
                _ => li.to_string(),
            }
        })
        .collect()
}

#[tokio::test]
async fn refused_forms_come_back_with_what_was_typed_and_every_problem_at_its_field() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;

    // Register a client: two fields wrong at once, what was typed kept.
    let html = refused(
        &s,
        &app,
        "/clients",
        "/clients",
        &[
            ("legal_name", "  "),
            ("trading_name", "Nordlicht & <Sons>"),
            ("reference", "NL-1"),
            ("website", "ftp://nordlicht.example"),
        ],
    )
    .await;
    assert_eq!(summary(&html).len(), 2, "{html}");
    assert_eq!(summary(&html)[0], "Legal name is required");
    assert!(
        summary(&html)[1].starts_with("Website"),
        "{:?}",
        summary(&html)
    );
    assert!(
        html.contains(r##"<a href="#legal_name">"##),
        "the summary links to the field"
    );
    let legal = tag(&html, r#"<input id="legal_name""#);
    assert!(
        legal.contains(r#"aria-invalid="true""#)
            && legal.contains(r#"aria-describedby="legal_name-err""#),
        "{legal}"
    );
    assert!(
        html.contains(r#"<p id="legal_name-err" class="field-error">Legal name is required</p>"#)
    );
    assert!(
        tag(&html, r#"<input id="trading_name""#)
            .contains(r#"value="Nordlicht &amp; &lt;Sons&gt;""#),
        "{html}"
    );
    assert!(tag(&html, r#"<input id="website""#).contains(r#"value="ftp://nordlicht.example""#));
    assert!(
        !tag(&html, r#"<input id="trading_name""#).contains("aria-invalid"),
        "only refused fields are marked"
    );
    assert!(
        !html.contains("legal_name is"),
        "no internal field name is shown"
    );
    // Read once: the next visit shows a clean form.
    let again = s
        .client
        .get(app.url("/clients"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains("form-errors") && !again.contains("Nordlicht"));

    // A conflict keeps the input too, with the problem on top of the form.
    let r = s
        .client
        .post(app.url("/clients"))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("legal_name", "Nordlicht Solar AS"),
            ("reference", "NL-1"),
        ])
        .send()
        .await
        .unwrap();
    let client = r.headers()["location"].to_str().unwrap().to_string();
    let html = refused(
        &s,
        &app,
        "/clients",
        "/clients",
        &[("legal_name", "Nordlicht Wind AS"), ("reference", "NL-1")],
    )
    .await;
    assert_eq!(
        summary(&html),
        ["Another client already has the reference NL-1"],
        "{html}"
    );
    assert!(tag(&html, r#"<input id="legal_name""#).contains(r#"value="Nordlicht Wind AS""#));

    // A site: three fields wrong (one is not even a number), the rest kept, the select
    // and the text area too.
    let html = refused(
        &s,
        &app,
        &format!("{client}/sites"),
        &client,
        &[
            ("name", ""),
            ("city", "Bergen"),
            ("country", "Norway"),
            ("kind", "temporary"),
            ("headcount", "many"),
            ("shifts", "2"),
            ("processes", "welding\nassembly"),
        ],
    )
    .await;
    let items = summary(&html);
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("Headcount must be a whole number")),
        "{items:?}"
    );
    assert!(
        items.iter().any(|i| i.starts_with("Site name")),
        "labelled by the page: {items:?}"
    );
    for id in ["s-name", "s-country", "s-headcount"] {
        assert!(
            tag(&html, &format!(r#"<input id="{id}""#)).contains(r#"aria-invalid="true""#),
            "{id}"
        );
    }
    assert!(tag(&html, r#"<input id="s-city""#).contains(r#"value="Bergen""#));
    assert!(tag(&html, r#"<input id="s-headcount""#).contains(r#"value="many""#));
    assert!(
        html.contains(r#"<option value="temporary" selected="">"#),
        "{html}"
    );
    assert!(html.contains("welding\nassembly</textarea>"));

    // A contact whose address is not one.
    let html = refused(
        &s,
        &app,
        &format!("{client}/contacts"),
        &client,
        &[
            ("name", "Kari Nordmann"),
            ("email", "kari(at)example"),
            ("phone", "+47 555"),
        ],
    )
    .await;
    assert_eq!(summary(&html).len(), 1, "{html}");
    assert!(tag(&html, r#"<input id="c-email""#).contains(r#"aria-invalid="true""#));
    assert!(tag(&html, r#"<input id="c-name""#).contains(r#"value="Kari Nordmann""#));
    assert!(
        !html.contains(r#"name="receives_mail" value="1" checked"#),
        "an unticked box stays unticked"
    );

    // An application: no scope and no personnel, the ticked standard stays ticked.
    let html = refused(
        &s,
        &app,
        &format!("{client}/applications"),
        &client,
        &[
            ("standards", "ISO 9001:2015"),
            ("scope", " "),
            ("effective_personnel", "0"),
            ("consultancy_by", "Acme Consulting"),
        ],
    )
    .await;
    assert_eq!(summary(&html).len(), 2, "{html}");
    assert!(html.contains(r#"value="ISO 9001:2015" checked"#), "{html}");
    assert!(tag(&html, r#"<textarea id="a-scope""#).contains(r#"aria-invalid="true""#));
    assert!(tag(&html, r#"<input id="a-consultancy""#).contains(r#"value="Acme Consulting""#));

    // An invitation: neither the address nor a role.
    let html = refused(
        &s,
        &app,
        "/members/invite",
        "/members",
        &[("email", "new member")],
    )
    .await;
    let items = summary(&html);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(tag(&html, r#"<input id="invite-email""#).contains(r#"value="new member""#));

    // The API names every refused field in `errors`.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/clients"))
        .bearer_auth(&t.token)
        .json(&serde_json::json!({"legal_name": " ", "website": "ftp://x"}))
        .send()
        .await
        .unwrap();
    let body = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "required").await;
    let errors = body["errors"].as_array().unwrap();
    let fields: Vec<&str> = errors
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["legal_name", "website"], "{body}");
    assert!(
        errors
            .iter()
            .all(|e| e["code"].is_string() && e["message"].is_string())
    );
    assert_eq!(body["field"], "legal_name");
}
