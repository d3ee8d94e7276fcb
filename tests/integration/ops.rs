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
        3,
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
    assert_eq!(auditors.as_array().unwrap().len(), 4);
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
    // The demo client user acts for Helios: the portal shows its confirmed surveillance
    // audit first.
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
    assert_eq!(portal["audits"][0]["kind"], "surveillance_1");
    assert_eq!(portal["audits"][0]["status"], "confirmed");
}

/// The demo certification body's id, through the demo admin.
async fn demo_tenant(app: &TestApp) -> uuid::Uuid {
    let s = app
        .login(
            "admin@demo.certa.example",
            certa_service::seed::DEMO_PASSWORD,
        )
        .await;
    let me: Value = s
        .client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["tenant_slug"] == "demo-cb")
        .unwrap()["tenant_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn get_json(app: &TestApp, s: &Session, path: &str) -> Value {
    let r = s.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.unwrap()
}

/// What the demo body holds, as its admin reads it; the last entry is the audit trail's
/// check with its number of events.
async fn demo_snapshot(app: &TestApp, admin: &Session) -> Vec<Value> {
    let mut out = Vec::new();
    for path in [
        "/api/v1/certificates",
        "/api/v1/decisions/pending",
        "/api/v1/clients",
        "/api/v1/auditors",
        "/api/v1/applications",
        "/api/v1/audit-events/verify",
    ] {
        out.push(get_json(app, admin, path).await);
    }
    out
}

#[tokio::test]
async fn the_demo_holds_certificates_and_a_file_waiting_for_the_decision() {
    let app = TestApp::spawn().await;
    certa_service::seed::seed_demo(&app.ctx).await.unwrap();
    let demo = demo_tenant(&app).await;
    let pw = certa_service::seed::DEMO_PASSWORD;
    let admin = app.login_into("admin@demo.certa.example", pw, demo).await;
    let before = demo_snapshot(&app, &admin).await;
    assert_eq!(before[5]["intact"], true);

    // A second run changes nothing.
    certa_service::seed::seed_demo(&app.ctx).await.unwrap();
    assert_eq!(
        demo_snapshot(&app, &admin).await,
        before,
        "the seed is idempotent"
    );

    // The register: Tern's ISO 9001 certificate suspended, Helios's ISO/IEC 42001 active.
    let register = &before[0];
    assert_eq!(register["total"], 2);
    let items = register["items"].as_array().unwrap();
    let helios = items
        .iter()
        .find(|c| c["holder"]["name"] == "Helios Robotics GmbH")
        .unwrap();
    assert_eq!(helios["status"], "active");
    assert_eq!(
        helios["standards"],
        serde_json::json!(["ISO/IEC 42001:2023"])
    );
    assert_eq!(helios["number"], "DCB-42001-00002");
    assert_eq!(helios["soa_version"], "SoA 2.0");
    let tern = items
        .iter()
        .find(|c| c["holder"]["name"] == "Tern Logistics Ltd")
        .unwrap();
    assert_eq!(tern["status"], "suspended");
    assert_eq!(tern["number"], "DCB-9001-00001");
    assert_eq!(tern["standards"], serde_json::json!(["ISO 9001:2015"]));
    assert!(
        tern["status_reason"]
            .as_str()
            .unwrap()
            .starts_with("Surveillance audit not carried out within the required time")
    );
    let today = chrono::Utc::now().date_naive();
    let until: chrono::NaiveDate = tern["suspended_until"].as_str().unwrap().parse().unwrap();
    assert!(until > today + chrono::Duration::days(60));
    // Its history: issued a year ago, then suspended.
    let file = get_json(
        &app,
        &admin,
        &format!("/api/v1/certificates/{}", tern["id"].as_str().unwrap()),
    )
    .await;
    let events: Vec<&str> = file["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["issued", "suspended"]);
    // Helios's certificate was issued about a year ago with the accreditation.
    let file = get_json(
        &app,
        &admin,
        &format!("/api/v1/certificates/{}", helios["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(file["revisions"][0]["reason"], "issued");
    assert!(
        file["revisions"][0]["pdf_sha256"].is_string(),
        "the PDF is stored"
    );
    let issued: chrono::NaiveDate = file["revisions"][0]["issued_on"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(issued < today - chrono::Duration::days(300), "{issued}");
    assert_eq!(
        file["accreditation"],
        serde_json::json!({"body": "DAkkS", "number": "D-ZM-00001-01-00", "standard": "ISO/IEC 42001:2023"})
    );
    assert_eq!(
        file["certification_body"]["address"],
        "Musterstraße 1, 10115 Berlin, Germany"
    );

    // The demo auditor's next audit: Helios's surveillance 1, confirmed for next week.
    let client = app.login_into("client@demo.certa.example", pw, demo).await;
    let portal = get_json(&app, &client, "/api/v1/portal").await;
    let next = &portal["audits"][0];
    assert_eq!(next["kind"], "surveillance_1");
    assert_eq!(next["status"], "confirmed");
    assert_eq!(
        next["starts_on"],
        (today + chrono::Duration::days(7)).to_string()
    );
    let auditor = app.login_into("auditor@demo.certa.example", pw, demo).await;
    let audit = get_json(
        &app,
        &auditor,
        &format!("/api/v1/audits/{}", next["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(audit["team"][0]["name"], "Demo Auditor");
    assert_eq!(audit["team"][0]["role"], "lead");
    assert_eq!(
        audit["findings"].as_array().unwrap().len(),
        0,
        "{}",
        audit["findings"]
    );
    // The client user sees its organisation's certificate only.
    let own = get_json(&app, &client, "/api/v1/certificates").await;
    assert_eq!(own["total"], 1);
    assert_eq!(own["items"][0]["number"], "DCB-42001-00002");
    assert_eq!(own["items"][0]["status"], "active");

    // The demo reviewer: Orbis's stage 2 file waits for the decision, with no blockers.
    let reviewer = app
        .login_into("reviewer@demo.certa.example", pw, demo)
        .await;
    let pending = get_json(&app, &reviewer, "/api/v1/decisions/pending").await;
    let items = pending["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{pending}");
    let file = &items[0];
    assert_eq!(file["client_name"], "Orbis Health Analytics BV");
    assert_eq!(file["kind"], "stage_2");
    assert_eq!(file["waiting_for"], "decision");
    assert_eq!(file["recommendation"], "recommend");
    assert_eq!(file["blockers"], serde_json::json!([]));
    // The reviewer grants certification: a certificate is issued.
    let r = reviewer
        .client
        .post(app.url(&format!(
            "/api/v1/programmes/{}/decisions",
            file["programme_id"].as_str().unwrap()
        )))
        .header("x-csrf-token", &reviewer.csrf)
        .json(&serde_json::json!({
            "kind": "grant",
            "audit_ids": [file["audit_id"]],
            "application_confirmed": true,
            "soa_version": "SoA 1.2",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["certificate"]["status"], "active");
    assert_eq!(out["certificate"]["number"], "DCB-42001-00003");
    assert_eq!(
        out["certificate"]["holder"]["name"],
        "Orbis Health Analytics BV"
    );
    let pending = get_json(&app, &reviewer, "/api/v1/decisions/pending").await;
    assert_eq!(pending["items"], serde_json::json!([]));
    let v = get_json(&app, &admin, "/api/v1/audit-events/verify").await;
    assert_eq!(v["intact"], true);
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

/// Processes rolled out together (web replicas, workers) each migrate at start: on
/// PostgreSQL one applies the migrations while the others wait for it, then find nothing
/// pending; none fails on a half-migrated schema. SQLite serves one process only.
#[tokio::test]
async fn processes_starting_together_migrate_one_at_a_time() {
    let Mode::Services { pg_admin_url, .. } = mode() else {
        return;
    };
    // Makes sure the roles exist (the fixture's own database is dropped with it).
    let _roles = PgDb::create(&pg_admin_url).await;
    let admin = sea_orm::Database::connect(&pg_admin_url).await.unwrap();
    let name = format!("certa_m_{}", uuid::Uuid::new_v4().simple());
    use sea_orm::ConnectionTrait;
    admin
        .execute_unprepared(&format!("create database {name} owner certa_owner"))
        .await
        .unwrap();
    let mut s = certa_app::Settings::embedded(std::env::temp_dir());
    s.database_owner_url = with_user_db(&pg_admin_url, "certa_owner", &name).into();
    s.database_url = s.database_owner_url.clone();
    let runs = futures_util::future::join_all((0..4).map(|_| certa_app::migrate(&s))).await;
    let failures: Vec<String> = runs
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| format!("{e:#}")))
        .collect();
    let owner = sea_orm::Database::connect(with_user_db(&pg_admin_url, "certa_owner", &name))
        .await
        .unwrap();
    let applied = owner
        .query_one(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "select count(*) as n from seaql_migrations",
        ))
        .await
        .unwrap()
        .unwrap();
    owner.close().await.ok();
    admin
        .execute_unprepared(&format!("drop database if exists {name} with (force)"))
        .await
        .unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    let n: i64 = applied.try_get("", "n").unwrap();
    use certa_migrations::MigratorTrait;
    assert_eq!(
        usize::try_from(n).unwrap(),
        certa_migrations::Migrator::migrations().len(),
        "every migration applied"
    );
}
