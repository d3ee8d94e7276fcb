//! The edge held against an attacker and an operator: no secret in the request log and no
//! forged log line, metrics kept private with bounded labels, "back" targets that stay on
//! the site, staff-only configuration hidden from client users.

use crate::fieldwork::{client_user, confirmed, get, new_checklist};
use crate::scheduling::{post, setup};
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The query parameter `name` of a URL.
fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The last path segment of a URL, without `suffix`.
fn last_segment(url: &str, suffix: &str) -> String {
    let path = url::Url::parse(url).unwrap().path().to_string();
    let seg = path.rsplit('/').next().unwrap().to_string();
    seg.strip_suffix(suffix).unwrap_or(&seg).to_string()
}

/// Waits (bounded) until the request whose `x-request-id` is `id` has been logged, so
/// every request sent before it has been logged too.
async fn logged(id: &str) -> String {
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(20));
    let wait = async {
        loop {
            tick.tick().await;
            let log = captured_log();
            if log.contains(id) {
                return log;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), wait)
        .await
        .expect("the last request of the journey is logged")
}

#[tokio::test]
async fn a_full_journey_leaves_no_secret_and_no_forged_line_in_the_log() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let mut secrets: Vec<(&str, String)> = vec![("fixture API token", t.token.clone())];

    // Sign-in through the form: the password, the session cookie and its CSRF token.
    let c = browser();
    let page = c.get(app.url("/login")).send().await.unwrap();
    let page = page.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", t.admin_email.as_str()),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.split(';')
                .next()?
                .split_once('=')
                .map(|(_, v)| v.to_string())
        })
        .filter(|v| !v.is_empty())
        .expect("a session cookie");
    secrets.push(("password", PASSWORD.to_string()));
    secrets.push(("session cookie", cookie));

    // An API token made through the API, then used.
    let r = api(&app, &t.token, Method::POST, "/api/v1/tokens")
        .json(&json!({"label": "journey"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let tok: Value = r.json().await.unwrap();
    let new_token = tok["secret"].as_str().unwrap().to_string();
    get(&app, &new_token, "/api/v1/me").await;
    secrets.push(("new API token", new_token));

    // A client organisation, its audit with a proposed team (the contact gets an
    // objection link), a calendar feed, and a client user invited by mail who sets a password.
    let s = setup(&app, &t.token, "Secretive Robotics").await;
    let audit = confirmed(&app, &t.token, &s, 0, 10).await;
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
    let feed = r.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(reqwest::get(&feed).await.unwrap().status(), StatusCode::OK);
    secrets.push(("calendar secret", last_segment(&feed, ".ics")));

    app.dispatch().await;
    let mails = app
        .wait_for_mails_until(&s.contact, |m| {
            m.iter().any(|m| m.text.contains("/objections/"))
        })
        .await;
    let objection = mails
        .iter()
        .find_map(|m| m.link(&format!("{}/objections/", app.base)))
        .expect("an objection link");
    assert_eq!(
        reqwest::get(&objection).await.unwrap().status(),
        StatusCode::OK
    );
    secrets.push(("objection secret", last_segment(&objection, "")));

    let (client_session, client_email) = client_user(&app, &t.token, &s.client).await;
    let invitation = app.mails_to(&client_email).await[0]
        .link(&app.url("/invitations/accept?token="))
        .unwrap();
    secrets.push((
        "invitation token",
        query_param(&invitation, "token").unwrap(),
    ));
    secrets.push(("client password", "a long client password".into()));
    secrets.push(("client CSRF token", client_session.csrf.clone()));

    // Evidence: the signed (or presigned) upload address, used.
    let checklist = new_checklist(&app, &t.token, &audit).await;
    let item = checklist["items"][0]["id"].as_str().unwrap();
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(pdf));
    let ticket = post(
        &app,
        &t.token,
        "/api/v1/evidence/uploads",
        json!({"filename": "plan.pdf", "size": pdf.len(), "sha256": sha,
            "content_type": "application/pdf", "target": {"kind": "checklist_item", "id": item}}),
    )
    .await;
    let url = ticket["url"].as_str().unwrap().to_string();
    let mut put = reqwest::Client::new().put(&url);
    for (k, v) in ticket["headers"].as_object().unwrap() {
        if k != "content-length" {
            put = put.header(k, v.as_str().unwrap());
        }
    }
    assert!(
        put.body(pdf.to_vec())
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    for name in ["token", "X-Amz-Signature", "X-Amz-Credential"] {
        if let Some(v) = query_param(&url, name) {
            secrets.push(("upload address secret", v));
        }
    }
    let done = post(
        &app,
        &t.token,
        &format!(
            "/api/v1/evidence/uploads/{}/complete",
            ticket["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    assert_eq!(done["status"], "available", "{done}");

    // A rejected value with line breaks, quoted back in the error: it must not become a
    // line of its own in the log.
    let r = api(&app, &t.token, Method::POST, "/api/v1/members")
        .json(&json!({"email": "forger@acme.test.example",
            "roles": ["viewer\nFORGED-LINE INFO certa: admin signed in\r\nFORGED-LINE"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A password reset by mail: the link's token and the new password.
    let link = app.reset_link(&t.admin_email).await;
    let new_password = "a brand new secret password";
    let r = app.complete_reset(&c, &link, new_password).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    secrets.push(("reset token", query_param(&link, "token").unwrap()));
    secrets.push(("new password", new_password.into()));

    let r = reqwest::Client::new()
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap();
    let last = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let log = logged(&last).await;
    assert!(
        log.contains("/calendar/{secret}.ics") && log.contains("/objections/{secret}"),
        "requests are logged under their route pattern"
    );
    for (what, secret) in &secrets {
        assert!(secret.len() >= 8, "{what} is a real secret");
        assert!(!log.contains(secret.as_str()), "the {what} is in the log");
    }
    assert!(
        log.contains("\\nFORGED-LINE"),
        "the refused value is logged, escaped"
    );
    assert!(
        !log.lines().any(|l| l.starts_with("FORGED-LINE")),
        "a value with a line break forged a log line"
    );
}

#[tokio::test]
async fn metrics_are_private_and_their_labels_bounded() {
    // By default nothing serves metrics: they count across tenants.
    let app = TestApp::spawn().await;
    let r = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // With a token: only for its bearer.
    let token = "a-scraper-token-for-tests";
    let app = TestApp::spawn_with(Options {
        metrics_token: Some(token.into()),
        ..Options::default()
    })
    .await;
    let c = reqwest::Client::new();
    for bad in [None, Some("wrong-token-of-some-length")] {
        let mut req = c.get(app.url("/metrics"));
        if let Some(b) = bad {
            req = req.bearer_auth(b);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(
            r.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
    }
    // Methods outside the fixed set share one label.
    for m in ["FOO", "BAR", "PROPFIND", "BREW"] {
        c.request(
            Method::from_bytes(m.as_bytes()).unwrap(),
            app.url("/healthz"),
        )
        .send()
        .await
        .unwrap();
    }
    let text = c
        .get(app.url("/metrics"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for m in ["FOO", "BAR", "PROPFIND", "BREW"] {
        assert!(!text.contains(&format!("method=\"{m}\"")), "{text}");
    }
    assert!(text.contains("method=\"other\""), "{text}");

    // On an address of its own: open there, absent from the public address.
    let app = TestApp::spawn_with(Options {
        metrics_bind: true,
        ..Options::default()
    })
    .await;
    let own = app.metrics_base.clone().expect("a metrics address");
    assert_eq!(
        reqwest::get(app.url("/metrics")).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let r = reqwest::get(format!("{own}/metrics")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("certa_uptime_seconds"));
    assert_eq!(
        reqwest::get(format!("{own}/api/v1/me"))
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND,
        "the metrics address serves nothing else"
    );
}

/// A multipart form of text fields only: (content type, body).
fn text_form(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = format!("certa{}", uuid::Uuid::new_v4().simple());
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

#[tokio::test]
async fn back_targets_off_the_site_are_replaced_by_a_local_page() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    for back in [
        "/\\evil.example",
        "//evil.example",
        "/\t/evil.example",
        "https://evil.example/",
    ] {
        let (ct, body) = text_form(&[("csrf", &s.csrf), ("back", back)]);
        let r = s
            .client
            .post(app.url("/evidence/form-upload"))
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{back:?}");
        assert_eq!(r.headers()["location"], "/", "{back:?}");
    }
    let (ct, body) = text_form(&[("csrf", &s.csrf), ("back", "/audits")]);
    let r = s
        .client
        .post(app.url("/evidence/form-upload"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/audits", "a local page is kept");
}

#[tokio::test]
async fn client_users_do_not_see_the_bodys_configuration() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let client_token = app.member(&t, "portal@client.test.example", "client").await;
    let viewer = app.member(&t, "viewer@acme.test.example", "viewer").await;
    let calc = json!({"standards": [{"code": "ISO 9001:2015"}],
        "effective_personnel": 40});
    for (token, allowed) in [(&viewer, true), (&client_token, false)] {
        for (m, path, body) in [
            (Method::GET, "/api/v1/settings", None),
            (Method::GET, "/api/v1/audit-time/tables", None),
            (Method::POST, "/api/v1/audit-time/calculate", Some(&calc)),
        ] {
            let mut req = api(&app, token, m, path);
            if let Some(b) = body {
                req = req.json(b);
            }
            let r = req.send().await.unwrap();
            if allowed {
                assert!(r.status().is_success(), "{path}: {}", r.status());
            } else {
                assert_problem(r, StatusCode::NOT_FOUND, "settings_not_found").await;
            }
        }
    }
    let c = post(
        &app,
        &t.token,
        "/api/v1/clients",
        json!({"legal_name": "Portal Robotics"}),
    )
    .await;
    let (portal, _) = client_user(&app, &t.token, c["id"].as_str().unwrap()).await;
    for path in [
        "/settings",
        "/settings/audit-time-tables",
        "/audit-time",
        "/audit-time?effective_personnel=10&standard_0=ISO+9001%3A2015",
    ] {
        let r = portal.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let home = portal.client.get(app.url("/")).send().await.unwrap();
    let home = home.text().await.unwrap();
    assert!(
        !home.contains("href=\"/audit-time\"") && !home.contains("href=\"/settings\""),
        "the navigation offers no configuration to client users"
    );
}

/// A raw API request with a bearer token and a JSON body given as text.
async fn raw(app: &TestApp, token: &str, m: Method, path: &str, body: &str) -> reqwest::Response {
    api(app, token, m, path)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn api_bodies_queries_and_answers_keep_their_contract() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;

    // Bodies are JSON objects with each key once.
    let r = raw(
        &app,
        &t.token,
        Method::POST,
        "/api/v1/tokens",
        r#"["label"]"#,
    )
    .await;
    assert_problem(r, unprocessable, "body_not_object").await;
    let r = raw(&app, &t.token, Method::PUT, "/api/v1/settings", "[]").await;
    assert_problem(r, unprocessable, "body_not_object").await;
    let r = raw(&app, &t.token, Method::PUT, "/api/v1/settings", "{}").await;
    assert_problem(r, unprocessable, "settings_empty").await;
    let body = r#"{"objection_days": 3, "objection_days": 30}"#;
    let r = raw(&app, &t.token, Method::PUT, "/api/v1/settings", body).await;
    assert_problem(r, unprocessable, "duplicate_key").await;

    // A settings update changes what it names and keeps the rest.
    let r = raw(
        &app,
        &t.token,
        Method::PUT,
        "/api/v1/settings",
        r#"{"rotation_limit": 5}"#,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r#"{"objection_days": 9, "programme": {"at_risk_days": 45}}"#;
    let r = raw(&app, &t.token, Method::PUT, "/api/v1/settings", body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let s = get(&app, &t.token, "/api/v1/settings").await;
    assert_eq!(s["rotation_limit"], 5, "{s}");
    assert_eq!(s["objection_days"], 9, "{s}");
    assert_eq!(s["programme"]["at_risk_days"], 45, "{s}");
    assert_eq!(s["programme"]["expiry"], "three_years_minus_one_day", "{s}");

    // Free text and page sizes are bounded, never clamped silently.
    let long = "a".repeat(50_000);
    for (path, code) in [
        (format!("/api/v1/clients?q={long}"), "query_too_long"),
        (
            format!("/api/v1/clients?q={}", "a".repeat(201)),
            "search_too_long",
        ),
        ("/api/v1/clients?limit=0".into(), "limit_out_of_range"),
        ("/api/v1/clients?limit=201".into(), "limit_out_of_range"),
        (
            "/api/v1/audit-events?limit=500".into(),
            "limit_out_of_range",
        ),
        (
            format!(
                "/api/v1/audits/{}/checklist?result=anything",
                uuid::Uuid::now_v7()
            ),
            "unknown_result",
        ),
    ] {
        let r = api(&app, &t.token, Method::GET, &path)
            .send()
            .await
            .unwrap();
        assert_problem(r, unprocessable, code).await;
    }
    let r = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/clients?q=robot&limit=200",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // Names that show nothing, or display in another order, are refused.
    for (name, code) in [
        ("\u{200B}", "required"),
        (" \u{FEFF}\u{2060} ", "required"),
        ("Acme\u{202E}gnp.exe", "invalid_name"),
    ] {
        let r = api(&app, &t.token, Method::POST, "/api/v1/clients")
            .json(&json!({"legal_name": name}))
            .send()
            .await
            .unwrap();
        let p = assert_problem(r, unprocessable, code).await;
        assert_eq!(p["field"], "legal_name");
    }

    // A CSV value whose quote never closes is refused at its line.
    let csv = "legal_name,site_name\nAlpha Ltd,HQ\n\"Bravo, Ltd,Depot\nCharlie,Yard\n";
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/clients/import"))
        .bearer_auth(&t.token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let p = assert_problem(r, unprocessable, "csv_invalid").await;
    assert_eq!(p["errors"][0]["code"], "unterminated_quote", "{p}");
    assert_eq!(p["errors"][0]["line"], 3, "{p}");

    // Authenticate, then parse: a bad token is 401 whatever the body.
    for (auth, ct, body) in [
        (Some("not-a-token"), "text/plain", "not json"),
        (Some("not-a-token"), "application/json", "{"),
        (None, "application/json", "["),
        (None, "text/plain", ""),
    ] {
        let mut req = reqwest::Client::new()
            .post(app.url("/api/v1/clients"))
            .header("content-type", ct)
            .body(body);
        if let Some(a) = auth {
            req = req.bearer_auth(a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{auth:?} {ct} {body}");
    }
    let r = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/clients?q={long}")))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Then authorise, then parse: a role without the permission learns nothing about the
    // body the route would accept.
    let viewer = app.member(&t, "viewer@acme.test.example", "viewer").await;
    let portal = app.member(&t, "portal@acme.test.example", "client").await;
    let review = format!("/api/v1/nonconformities/{}/review", uuid::Uuid::now_v7());
    for (token, m, path, expected) in [
        (
            &viewer,
            Method::POST,
            "/api/v1/clients",
            StatusCode::FORBIDDEN,
        ),
        (
            &viewer,
            Method::PUT,
            "/api/v1/settings",
            StatusCode::FORBIDDEN,
        ),
        (
            &viewer,
            Method::POST,
            "/api/v1/members",
            StatusCode::FORBIDDEN,
        ),
        (
            &portal,
            Method::POST,
            "/api/v1/audits",
            StatusCode::FORBIDDEN,
        ),
        (
            &portal,
            Method::POST,
            "/api/v1/audit-time/calculate",
            StatusCode::NOT_FOUND,
        ),
        (
            &viewer,
            Method::POST,
            "/api/v1/evidence/uploads",
            StatusCode::FORBIDDEN,
        ),
        (
            &viewer,
            Method::POST,
            "/api/v1/checklist-templates",
            StatusCode::FORBIDDEN,
        ),
        (
            &viewer,
            Method::POST,
            review.as_str(),
            StatusCode::FORBIDDEN,
        ),
    ] {
        for body in ["[", "{\"unknown\": 1}"] {
            let r = raw(&app, token, m.clone(), path, body).await;
            assert_eq!(r.status(), expected, "{m} {path} {body}");
        }
    }
    let r = api(&app, &viewer, Method::GET, "/api/v1/audit-events?limit=0")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "the query is not read first"
    );

    // A documented path with another method: 405 and what it allows.
    let r = api(&app, &t.token, Method::DELETE, "/api/v1/clients")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["allow"], "GET, POST");
    assert_problem(r, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    let r = api(&app, &t.token, Method::GET, "/api/v1/no-such-thing")
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn the_openapi_document_describes_queries_errors_and_methods_as_served() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "path" {
                    let name = p["name"].as_str().unwrap();
                    assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: {name} is declared in the path but is not in it"
                    );
                }
            }
            for (status, answer) in op["responses"].as_object().unwrap() {
                if status.as_str() >= "400" {
                    let content = answer["content"].as_object().unwrap();
                    assert_eq!(
                        content.keys().collect::<Vec<_>>(),
                        ["application/problem+json"],
                        "{method} {path} {status}"
                    );
                }
            }
            let responses = op["responses"].as_object().unwrap();
            for status in ["400", "422"] {
                assert!(responses.contains_key(status), "{method} {path} {status}");
            }
            if op.get("security").is_some() {
                assert!(responses.contains_key("401"), "{method} {path} 401");
            }
            if op.get("requestBody").is_some() {
                for status in ["413", "415"] {
                    assert!(responses.contains_key(status), "{method} {path} {status}");
                }
            }
        }
    }
    assert!(operations > 70, "{operations}");
    let clients = &doc["paths"]["/api/v1/clients"]["get"]["parameters"];
    let q = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "q")
        .unwrap();
    assert_eq!(q["in"], "query");
    assert_eq!(q["schema"]["maxLength"], 200);
}
