//! Probes, metrics, the OpenAPI document and its docs page, request ids.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn probes_metrics_and_request_ids() {
    let app = TestApp::spawn_with(Options {
        metrics_token: Some("a-scraper-token-for-tests".into()),
        ..Options::default()
    })
    .await;
    let c = reqwest::Client::new();
    let r = c.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("x-request-id").is_some());
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert!(
        r.headers().get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
    assert_eq!(
        c.get(app.url("/readyz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let t = app.tenant("acme").await;
    c.get(app.url("/api/v1/me"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    let m = c
        .get(app.url("/metrics"))
        .bearer_auth("a-scraper-token-for-tests")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        m.contains(
            "certa_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"} 1"
        ),
        "{m}"
    );
    assert!(m.contains("certa_outbox_messages{status=\"pending\"}"));
    assert!(m.contains("# TYPE certa_http_request_duration_seconds histogram"));
}

#[tokio::test]
async fn openapi_document_covers_the_api_and_the_docs_page_lists_it() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for p in [
        "/api/v1/me",
        "/api/v1/members",
        "/api/v1/members/{id}",
        "/api/v1/tokens",
        "/api/v1/tokens/{id}",
        "/api/v1/audit-events",
        "/api/v1/outbox",
        "/api/v1/outbox/{id}/retry",
        "/api/v1/invitations/{id}",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p} missing from OpenAPI");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let page = reqwest::get(app.url("/api/docs"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("/api/v1/members/{id}") && page.contains("PATCH"));
}

#[tokio::test]
async fn cli_creates_tenants_users_grants_and_tokens() {
    let app = TestApp::spawn().await;
    let run = |args: &[&str]| certa_cli(&app, args);
    let out = run(&[
        "admin",
        "create-tenant",
        "--slug",
        "cli-cb",
        "--name",
        "CLI Certification",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_certa"))
        .args([
            "admin",
            "create-user",
            "--email",
            "ops@cli.test.example",
            "--name",
            "Ops",
            "--password-stdin",
        ])
        .current_dir(std::env::temp_dir())
        .env(
            "CERTA_DATABASE_URL",
            app.settings.database_url.expose_secret(),
        )
        .env(
            "CERTA_DATABASE_OWNER_URL",
            app.settings.database_owner_url.expose_secret(),
        )
        .envs(secret_key_env(&app))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a password from stdin\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&[
        "admin",
        "grant",
        "--tenant",
        "cli-cb",
        "--email",
        "ops@cli.test.example",
        "--role",
        "admin",
    ]);
    assert!(out.status.success());
    let out = run(&[
        "admin",
        "create-token",
        "--tenant",
        "cli-cb",
        "--email",
        "ops@cli.test.example",
        "--label",
        "ci",
    ]);
    assert!(out.status.success());
    let token = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_string();
    let me: Value = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["memberships"][0]["tenant_slug"], "cli-cb");
    app.login("ops@cli.test.example", "a password from stdin")
        .await;
    // Errors are clear and non-zero.
    let out = run(&[
        "admin",
        "grant",
        "--tenant",
        "nope",
        "--email",
        "ops@cli.test.example",
        "--role",
        "admin",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("tenant not found"));
    let out = run(&[
        "admin",
        "grant",
        "--tenant",
        "cli-cb",
        "--email",
        "ops@cli.test.example",
        "--role",
        "owner",
    ]);
    assert!(!out.status.success());
    let out = run(&[
        "admin",
        "create-tenant",
        "--slug",
        "Bad Slug",
        "--name",
        "x",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("slug"));
}

#[tokio::test]
async fn invalid_configuration_names_the_key() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_certa"))
        .args(["migrate"])
        .env("CERTA_PUBLIC_URL", "ftp://nope")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CERTA_PUBLIC_URL"));
}

#[tokio::test]
async fn the_demo_seed_is_idempotent_and_its_logins_work() {
    let app = TestApp::spawn().await;
    let first = certa_service::seed::seed_demo(&app.ctx).await.unwrap();
    let second = certa_service::seed::seed_demo(&app.ctx).await.unwrap();
    assert_eq!(first.len(), 6, "one login per role");
    assert_eq!(
        first.iter().map(|l| &l.email).collect::<Vec<_>>(),
        second.iter().map(|l| &l.email).collect::<Vec<_>>()
    );
    let admin = first.iter().find(|l| l.roles == "admin").unwrap();
    let s = app.login(&admin.email, &admin.password).await;
    let tenants = s
        .client
        .get(app.url("/tenants"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        tenants.contains("Demo Certification Body") && tenants.contains("Northwind Certification")
    );
    let me: Value = s
        .client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let demo = me["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["tenant_slug"] == "demo-cb")
        .unwrap();
    let demo_id = demo["tenant_id"].as_str().unwrap().parse().unwrap();
    let s = app.login_into(&admin.email, &admin.password, demo_id).await;
    let clients: Value = s
        .client
        .get(app.url("/api/v1/clients"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        clients["clients"].as_array().unwrap().len(),
        2,
        "seeded once"
    );
    let auditors: Value = s
        .client
        .get(app.url("/api/v1/auditors"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(auditors.as_array().unwrap().len(), 2);
    let apps: Value = s
        .client
        .get(app.url("/api/v1/applications?status=submitted"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(apps.as_array().unwrap().len(), 1);
    for page in [
        "/",
        "/clients",
        "/auditors",
        "/applications",
        "/members",
        "/audit",
        "/outbox",
        "/tokens",
        "/api/docs",
    ] {
        let r = s.client.get(app.url(page)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{page}");
    }
    let v: Value = s
        .client
        .get(app.url("/api/v1/audit-events/verify"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], true);
    // Every demo role can sign in.
    for l in &first {
        app.login(&l.email, &l.password).await;
    }
    // The demo client user acts for Helios: the portal shows its confirmed stage 2 audit.
    let client = first.iter().find(|l| l.roles == "client").unwrap();
    let c = app
        .login_into(&client.email, &client.password, demo_id)
        .await;
    let r = c.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/portal");
    let portal: Value = c
        .client
        .get(app.url("/api/v1/portal"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        portal["client_name"]
            .as_str()
            .unwrap()
            .starts_with("Helios")
    );
    assert_eq!(portal["audits"][0]["kind"], "stage_2");
    assert_eq!(portal["audits"][0]["status"], "confirmed");
}

#[tokio::test]
async fn the_standards_catalogue_is_served_by_the_api_and_the_pages() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let list: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/standards")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "ISO 9001:2015",
            "ISO 14001:2015",
            "ISO 45001:2018",
            "ISO/IEC 27001:2022",
            "ISO/IEC 42001:2023"
        ]
    );
    let aims = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "ISO/IEC 42001:2023")
        .unwrap();
    assert_eq!(aims["control_count"], 38);
    let isms = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "ISO/IEC 27001:2022")
        .unwrap();
    assert_eq!(isms["control_count"], 93);
    let e: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/standards/edition?code=ISO%2FIEC%2042001%3A2023",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(e["clauses"].as_array().unwrap().len(), 7, "clauses 4 to 10");
    let r = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/standards/edition?code=ISO%209999",
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "standard_not_found").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = s
        .client
        .get(app.url("/standards/edition?code=ISO%2FIEC%2027001%3A2022"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("A.8.34") && html.contains("Annex A"));
}
