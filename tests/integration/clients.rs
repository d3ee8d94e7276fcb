//! Client organisations with sites and contacts, through the API and the pages.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let r = api(app, token, reqwest::Method::POST, "/api/v1/clients")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

#[tokio::test]
async fn register_edit_and_file_a_client_with_sites_and_contacts() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let c = create(&app, &t.token, json!({"legal_name": "Müller Präzision GmbH", "trading_name": "Müller", "website": "https://mueller.example",
        "consultancy_by": "QM Partners", "consultancy_until": "2025-06-30"})).await;
    assert_eq!(c["reference"], "CL-00001", "a reference is generated");
    let id = c["id"].as_str().unwrap();
    let m = reqwest::Method::POST;
    let r = api(&app, &t.token, m.clone(), &format!("/api/v1/clients/{id}/sites"))
        .json(&json!({"name": "Stuttgart plant", "city": "Stuttgart", "country": "de", "kind": "permanent", "headcount": 120, "shifts": 2, "central_function": true}))
        .send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let hq: Value = r.json().await.unwrap();
    assert_eq!(hq["country"], "DE", "country codes are stored upper-case");
    let r = api(&app, &t.token, m.clone(), &format!("/api/v1/clients/{id}/sites"))
        .json(&json!({"name": "Lyon office", "country": "FR", "kind": "permanent", "headcount": 15, "central_function": true}))
        .send().await.unwrap();
    assert_problem(r, StatusCode::CONFLICT, "central_function_taken").await;
    let r = api(
        &app,
        &t.token,
        m.clone(),
        &format!("/api/v1/clients/{id}/sites"),
    )
    .json(&json!({"name": "Lyon office", "country": "FR", "kind": "permanent", "headcount": 15}))
    .send()
    .await
    .unwrap();
    let lyon: Value = r.json().await.unwrap();
    let r = api(
        &app,
        &t.token,
        reqwest::Method::PUT,
        &format!(
            "/api/v1/clients/{id}/sites/{}",
            lyon["id"].as_str().unwrap()
        ),
    )
    .json(&json!({"name": "Lyon office", "country": "FR", "kind": "virtual", "headcount": 18}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = api(
        &app,
        &t.token,
        m.clone(),
        &format!("/api/v1/clients/{id}/contacts"),
    )
    .json(&json!({"name": "Ada Quality", "email": "ada@mueller.example", "role": "QM"}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);

    let file: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        &format!("/api/v1/clients/{id}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(file["legal_name"], "Müller Präzision GmbH");
    assert_eq!(file["consultancy_until"], "2025-06-30");
    assert_eq!(file["sites"].as_array().unwrap().len(), 2);
    assert_eq!(
        file["sites"][0]["name"], "Stuttgart plant",
        "central function first"
    );
    assert_eq!(file["sites"][1]["kind"], "virtual");
    assert_eq!(file["contacts"][0]["receives_mail"], true);

    let r = api(
        &app,
        &t.token,
        reqwest::Method::PUT,
        &format!("/api/v1/clients/{id}"),
    )
    .json(&json!({"legal_name": "Müller Präzision AG", "reference": "MP-1"}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let other = create(&app, &t.token, json!({"legal_name": "Other"})).await;
    let r = api(
        &app,
        &t.token,
        reqwest::Method::PUT,
        &format!("/api/v1/clients/{}", other["id"].as_str().unwrap()),
    )
    .json(&json!({"legal_name": "Other", "reference": "MP-1"}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "reference_taken").await;

    let list: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/clients?q=pr%C3%A4zision",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(list["clients"].as_array().unwrap().len(), 1);
    assert_eq!(list["clients"][0]["site_count"], 2);
    assert_eq!(list["clients"][0]["total_headcount"], 138);
    let list: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/clients?country=fr",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(list["clients"].as_array().unwrap().len(), 1);

    let events: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/audit-events?limit=200",
    )
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
    for a in [
        "client.created",
        "client.site_added",
        "client.site_updated",
        "client.contact_added",
        "client.updated",
    ] {
        assert!(actions.contains(&a), "{a} missing");
    }
}

#[tokio::test]
async fn client_search_pages_by_name() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    for name in ["Delta", "alpha", "Charlie", "Bravo", "Echo"] {
        create(&app, &t.token, json!({"legal_name": name})).await;
    }
    let mut names = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/v1/clients?limit=2&after={a}"),
            None => "/api/v1/clients?limit=2".into(),
        };
        let page: Value = api(&app, &t.token, reqwest::Method::GET, &path)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for c in page["clients"].as_array().unwrap() {
            names.push(c["legal_name"].as_str().unwrap().to_string());
        }
        match page["next_after"].as_str() {
            Some(n) => after = Some(n.to_string()),
            None => break,
        }
    }
    assert_eq!(names, ["alpha", "Bravo", "Charlie", "Delta", "Echo"]);
}

#[tokio::test]
async fn bad_client_input_is_refused_with_its_field() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    for (body, code, field) in [
        (json!({"legal_name": "  "}), "required", "legal_name"),
        (
            json!({"legal_name": "X", "website": "javascript:alert(1)"}),
            "invalid_website",
            "website",
        ),
        (
            json!({"legal_name": "X", "reference": "has space"}),
            "invalid_reference",
            "reference",
        ),
        (
            json!({"legal_name": "X", "consultancy_until": "30.06.2025"}),
            "invalid_date",
            "consultancy_until",
        ),
    ] {
        let r = api(&app, &t.token, reqwest::Method::POST, "/api/v1/clients")
            .json(&body)
            .send()
            .await
            .unwrap();
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert_eq!(p["field"], field);
    }
    let c = create(&app, &t.token, json!({"legal_name": "X"})).await;
    let id = c["id"].as_str().unwrap();
    for (body, code) in [
        (
            json!({"name": "S", "country": "Germany", "kind": "permanent", "headcount": 1}),
            "invalid_country",
        ),
        (
            json!({"name": "S", "country": "DE", "kind": "mobile", "headcount": 1}),
            "invalid_site_kind",
        ),
        (
            json!({"name": "S", "country": "DE", "kind": "permanent", "headcount": -3}),
            "invalid_headcount",
        ),
        (
            json!({"name": "S", "country": "DE", "kind": "permanent", "headcount": 3, "shifts": 9}),
            "invalid_shifts",
        ),
    ] {
        let r = api(
            &app,
            &t.token,
            reqwest::Method::POST,
            &format!("/api/v1/clients/{id}/sites"),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
        assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
    }
    let r = api(
        &app,
        &t.token,
        reqwest::Method::POST,
        &format!("/api/v1/clients/{id}/contacts"),
    )
    .json(&json!({"name": "N", "email": "nope"}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email").await;
    let r = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/clients?country=Germany",
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_country").await;
    let file: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        &format!("/api/v1/clients/{id}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(
        file["sites"].as_array().unwrap().is_empty()
            && file["contacts"].as_array().unwrap().is_empty(),
        "nothing half-written"
    );
}

#[tokio::test]
async fn auditors_read_clients_schedulers_manage_them_client_users_see_none() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let auditor = app.member(&t, "auditor@acme.test.example", "auditor").await;
    let scheduler = app
        .member(&t, "scheduler@acme.test.example", "scheduler")
        .await;
    let client_user = app.member(&t, "client@acme.test.example", "client").await;
    let c = create(
        &app,
        &scheduler,
        json!({"legal_name": "Made by a scheduler"}),
    )
    .await;
    let r = api(
        &app,
        &auditor,
        reqwest::Method::GET,
        &format!("/api/v1/clients/{}", c["id"].as_str().unwrap()),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = api(&app, &auditor, reqwest::Method::POST, "/api/v1/clients")
        .json(&json!({"legal_name": "No"}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = api(&app, &client_user, reqwest::Method::GET, "/api/v1/clients")
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn the_pages_register_a_client_and_add_a_site_and_contact() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let page = s
        .client
        .get(app.url("/clients"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Register a client"));
    let r = s
        .client
        .post(app.url("/clients"))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("legal_name", "Nordlicht Solar AS"),
            ("website", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.starts_with("/clients/"));
    let r = s
        .client
        .post(app.url(&format!("{loc}/sites")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("name", "Bergen"),
            ("country", "no"),
            ("kind", "permanent"),
            ("headcount", "42"),
            ("shifts", "1"),
            ("central_function", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = s
        .client
        .post(app.url(&format!("{loc}/sites")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("name", "Oslo"),
            ("country", "NO"),
            ("kind", "permanent"),
            ("headcount", "many"),
            ("shifts", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["location"],
        format!("{loc}#form-errors").as_str(),
        "invalid input goes back to the form's summary"
    );
    let html = s
        .client
        .get(app.url(&loc))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Headcount must be a whole number"),
        "the form explains the refusal"
    );
    let r = s
        .client
        .post(app.url(&format!("{loc}/contacts")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("name", "Kari Nordmann"),
            ("email", "kari@nordlicht.example"),
            ("receives_mail", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = s
        .client
        .get(app.url(&loc))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<h1>Nordlicht Solar AS</h1>"));
    assert!(html.contains("Bergen") && html.contains("NO") && html.contains("42"));
    assert!(html.contains("kari@nordlicht.example"));
    let list = s
        .client
        .get(app.url("/clients?q=nordlicht"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Nordlicht Solar AS") && list.contains("CL-00001"));
}

async fn import(app: &TestApp, token: &str, csv: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/clients/import"))
        .bearer_auth(token)
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn csv_import_is_all_or_nothing_with_errors_by_line_and_column() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let bad = "client_reference,legal_name,site_name,site_country,site_kind,site_headcount,site_central_function\n\
               A-1,Alpha Ltd,HQ,GB,permanent,40,yes\n\
               A-1,,Depot,GB,permanent,12,\n\
               ,Bravo SA,Siège,France,permanent,10,\n\
               ,  ,,,,,\n\
               B-2,Charlie,Yard,DE,floating,x,\n";
    let r = import(&app, &t.token, bad).await;
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "csv_invalid").await;
    let errors = p["errors"].as_array().unwrap();
    let at = |line: u64, column: &str| {
        errors
            .iter()
            .any(|e| e["line"] == line && e["column"] == column)
    };
    assert!(at(4, "site_country"), "{errors:?}");
    assert!(at(5, "legal_name"), "{errors:?}");
    assert!(at(6, "site_headcount"), "{errors:?}");
    assert_eq!(errors.len(), 3, "{errors:?}");
    let list: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/clients")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        list["clients"].as_array().unwrap().is_empty(),
        "nothing imported"
    );

    let good = "\u{feff}client_reference,legal_name,site_name,site_country,site_kind,site_headcount,site_central_function\n\
                A-1,Alpha Ltd,HQ,GB,permanent,40,yes\n\
                A-1,,Depot,GB,temporary,12,\n\
                ,Bravo SA,Siège,FR,permanent,10,\n\
                ,Delta BV,,,,,\n";
    let r = import(&app, &t.token, good).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"clients": 3, "sites": 3})
    );
    let list: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/clients")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = list["clients"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let alpha = rows.iter().find(|c| c["reference"] == "A-1").unwrap();
    assert_eq!(alpha["site_count"], 2);
    assert_eq!(alpha["total_headcount"], 52);
    assert!(
        rows.iter().any(|c| c["legal_name"] == "Bravo SA"
            && c["reference"].as_str().unwrap().starts_with("CL-"))
    );
    // Importing the same references again is refused, with the line.
    let r = import(
        &app,
        &t.token,
        "client_reference,legal_name\nA-1,Alpha again\n",
    )
    .await;
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "csv_invalid").await;
    assert_eq!(p["errors"][0]["line"], 2);
    assert_eq!(p["errors"][0]["code"], "reference_taken");
}

#[tokio::test]
async fn csv_import_refuses_unknown_columns_wrong_types_and_oversize() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let r = import(&app, &t.token, "legal_name,tenant_id\nX,abc\n").await;
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "csv_invalid").await;
    assert_eq!(p["errors"][0]["column"], "tenant_id");
    assert_eq!(p["errors"][0]["code"], "unknown_column");
    let r = import(&app, &t.token, "trading_name\nX\n").await;
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "csv_invalid").await;
    assert_eq!(p["errors"][0]["code"], "missing_column");
    let r = import(&app, &t.token, "legal_name\n").await;
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "csv_invalid").await;
    assert_eq!(p["errors"][0]["code"], "empty_file");
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/clients/import"))
        .bearer_auth(&t.token)
        .json(&json!({"legal_name": "X"}))
        .send()
        .await
        .unwrap();
    assert_problem(
        r,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let big = format!(
        "legal_name\n{}",
        "A very long client name\n".repeat(100_000)
    );
    let r = import(&app, &t.token, &big).await;
    assert_problem(r, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/clients/import"))
        .bearer_auth(&t.token)
        .header("content-type", "text/csv")
        .body(vec![0xff, 0xfe, 0x00])
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "csv_not_utf8").await;
}

#[tokio::test]
async fn the_import_page_lists_problems_and_keeps_the_text() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let csv = "legal_name,site_name,site_country,site_kind,site_headcount\nEcho Oy,Espoo,FI,permanent,abc\n";
    let r = s
        .client
        .post(app.url("/clients/import"))
        .form(&[("csrf", s.csrf.as_str()), ("csv", csv)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Nothing was imported")
            && html.contains("site_headcount must be a whole number")
    );
    assert!(
        html.contains("Echo Oy,Espoo,FI,permanent,abc"),
        "the text is kept for correction"
    );
    let fixed = csv.replace("abc", "25");
    let r = s
        .client
        .post(app.url("/clients/import"))
        .form(&[("csrf", s.csrf.as_str()), ("csv", fixed.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/clients");
    let list = s
        .client
        .get(app.url("/clients"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Imported 1 client(s) with 1 site(s)") && list.contains("Echo Oy"));
}

#[tokio::test]
async fn the_ai_system_inventory_of_a_client() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let c = create(&app, &t.token, json!({"legal_name": "Helios Robotics"})).await;
    let id = c["id"].as_str().unwrap();
    let r = api(&app, &t.token, reqwest::Method::POST, &format!("/api/v1/clients/{id}/ai-systems"))
        .json(&json!({"name": "Vision QA", "purpose": "Detect weld defects", "ai_role": "developer",
            "data_used": "camera images", "decisions_influenced": "reject or pass a part", "impact_level": "medium"}))
        .send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let sys: Value = r.json().await.unwrap();
    for (body, code) in [
        (
            json!({"name": "X", "purpose": "y", "ai_role": "owner", "impact_level": "low"}),
            "invalid_ai_role",
        ),
        (
            json!({"name": "X", "purpose": "y", "ai_role": "user", "impact_level": "extreme"}),
            "invalid_impact_level",
        ),
        (
            json!({"name": "X", "purpose": " ", "ai_role": "user", "impact_level": "low"}),
            "required",
        ),
    ] {
        let r = api(
            &app,
            &t.token,
            reqwest::Method::POST,
            &format!("/api/v1/clients/{id}/ai-systems"),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
        assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
    }
    let f: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        &format!("/api/v1/clients/{id}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(f["ai_systems"].as_array().unwrap().len(), 1);
    assert_eq!(f["ai_systems"][0]["ai_role"], "developer");
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = s
        .client
        .get(app.url(&format!("/clients/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Vision QA") && html.contains("reject or pass a part"));
    let r = api(
        &app,
        &t.token,
        reqwest::Method::DELETE,
        &format!(
            "/api/v1/clients/{id}/ai-systems/{}",
            sys["id"].as_str().unwrap()
        ),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = api(
        &app,
        &t.token,
        reqwest::Method::DELETE,
        &format!(
            "/api/v1/clients/{id}/ai-systems/{}",
            sys["id"].as_str().unwrap()
        ),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "ai_system_not_found").await;
}
