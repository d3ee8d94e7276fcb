//! Dates enter only within 1900–2200, through one parser: API bodies, forms, query
//! parameters and the CSV import refuse the rest with `date_out_of_range` and the field;
//! a date already stored outside that range makes no worker panic. On PostgreSQL the
//! columns are dates, so the database itself refuses what is no calendar date.

use crate::scheduling::{post, setup};
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const FAR: [&str; 3] = ["-262144-01-01", "1899-12-31", "2201-01-01"];

#[tokio::test]
async fn api_bodies_refuse_dates_outside_1900_to_2200() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    let apps = api(&app, &t.token, Method::GET, "/api/v1/applications")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let app_id = apps[0]["id"].as_str().unwrap().to_string();
    let programme = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/applications/{app_id}"),
    )
    .send()
    .await
    .unwrap()
    .json::<Value>()
    .await
    .unwrap()["programme"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for far in FAR {
        let r = api(
            &app,
            &t.token,
            Method::POST,
            &format!("/api/v1/auditors/{}/absences", s.lea),
        )
        .json(&json!({"starts_on": far, "ends_on": "2026-01-02"}))
        .send()
        .await
        .unwrap();
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range").await;
        assert_eq!(p["field"], "starts_on", "{p}");
        let r = api(&app, &t.token, Method::POST, "/api/v1/audits")
            .json(&json!({"programme_audit_id": s.stage1, "starts_on": in_days(7), "ends_on": far}))
            .send()
            .await
            .unwrap();
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range").await;
        assert_eq!(p["field"], "ends_on", "{p}");
        let r = api(
            &app,
            &t.token,
            Method::POST,
            &format!("/api/v1/programmes/{programme}/decisions"),
        )
        .json(&json!({"kind": "grant", "effective_date": far}))
        .send()
        .await
        .unwrap();
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range").await;
        assert_eq!(p["field"], "effective_date", "{p}");
        let r = api(&app, &t.token, Method::POST, "/api/v1/programmes/preview")
            .json(&json!({"certification_decision_date": "2026-01-15", "today": far}))
            .send()
            .await
            .unwrap();
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range").await;
        assert_eq!(p["field"], "today", "{p}");
    }
    // The bounds themselves are accepted.
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/auditors/{}/absences", s.lea),
    )
    .json(&json!({"starts_on": "1900-01-01", "ends_on": "2200-12-31"}))
    .send()
    .await
    .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
}

#[tokio::test]
async fn the_csv_import_and_its_form_refuse_dates_outside_1900_to_2200() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    for far in FAR {
        let csv = format!("legal_name,consultancy_until\nAlpha Ltd,2025-06-30\nBravo SA,{far}\n");
        let r = reqwest::Client::new()
            .post(app.url("/api/v1/clients/import"))
            .bearer_auth(&t.token)
            .header("content-type", "text/csv; charset=utf-8")
            .body(csv.clone())
            .send()
            .await
            .unwrap();
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "csv_invalid").await;
        let errors = p["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0]["line"], 3);
        assert_eq!(errors[0]["column"], "consultancy_until");
        assert_eq!(errors[0]["code"], "date_out_of_range");
        // The same file through the import form.
        let r = s
            .client
            .post(app.url("/clients/import"))
            .form(&[("csrf", s.csrf.as_str()), ("csv", csv.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(html.contains("consultancy_until"), "{html}");
        assert!(html.contains("between 1900-01-01 and 2200-12-31"), "{html}");
    }
    // Nothing was imported; a date within the range is.
    let csv = "legal_name,consultancy_until\nAlpha Ltd,2025-06-30\n";
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/clients/import"))
        .bearer_auth(&t.token)
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let list: Value = api(&app, &t.token, Method::GET, "/api/v1/clients")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let clients = list["clients"].as_array().unwrap();
    assert_eq!(clients.len(), 1, "{clients:?}");
    assert_eq!(clients[0]["consultancy_until"], "2025-06-30");
}

#[tokio::test]
async fn forms_and_query_parameters_refuse_dates_outside_1900_to_2200() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let st = setup(&app, &t.token, "Helios Robotics").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    for far in FAR {
        // The unavailability form goes back with the field's message; nothing is kept.
        let r = s
            .client
            .post(app.url(&format!("/auditors/{}/absences", st.lea)))
            .form(&[
                ("csrf", s.csrf.as_str()),
                ("starts_on", far),
                ("ends_on", "2026-01-02"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let html = s
            .client
            .get(app.url(&format!("/auditors/{}", st.lea)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("must be a date between 1900-01-01 and 2200-12-31")
                && !html.contains("starts_on must"),
            "{html}"
        );
        let i = html.find(r#"<input id="a-from""#).unwrap();
        let input = &html[i..i + html[i..].find('>').unwrap()];
        assert!(
            input.contains(&format!(r#"value="{far}""#))
                && input.contains(r#"aria-invalid="true""#),
            "the date typed is shown again at its field: {input}"
        );
    }
    let a: Value = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/auditors/{}", st.lea),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(a["absences"].as_array().is_none_or(|x| x.is_empty()), "{a}");
    for month in ["1899-12", "2201-01", "9999-12"] {
        let r = s
            .client
            .get(app.url(&format!("/calendar?month={month}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{month}");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("between 1900-01 and 2200-12")
        );
    }
}

#[tokio::test]
async fn a_stored_date_outside_the_range_is_refused_not_a_panic() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Helios Robotics").await;
    let audit = post(
        &app,
        &t.token,
        "/api/v1/audits",
        json!({"programme_audit_id": s.stage1, "starts_on": in_days(7), "ends_on": in_days(8)}),
    )
    .await;
    let id = audit["id"].as_str().unwrap();
    // As if written by an older version or by hand: the first day of chrono's calendar
    // (the tenant's only audit; ids are blobs on SQLite).
    let written = owner_try_exec(&app, t.id, "update audits set starts_on = '-262144-01-01'").await;
    if app.pg.is_some() {
        // A `date` column: PostgreSQL refuses the value when it is written, and the
        // audit keeps its dates.
        let e = written.expect_err("PostgreSQL stores the date -262144-01-01");
        assert!(e.to_string().contains("-262144-01-01"), "{e}");
        let a: Value = api(&app, &t.token, Method::GET, &format!("/api/v1/audits/{id}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(a["starts_on"], in_days(7), "{a}");
        assert_eq!(a["ends_on"], in_days(8), "{a}");
        return;
    }
    // SQLite keeps dates as text, so the value is stored; what reads it must not panic.
    assert_eq!(written.unwrap(), 1);
    // Proposing a team computes the objection deadline from the start (once a panic).
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{id}/team"),
    )
    .json(&json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 1}]}))
    .send()
    .await
    .unwrap();
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range").await;
    assert_eq!(p["field"], "starts_on");
    // The server still answers.
    let r = api(&app, &t.token, Method::GET, &format!("/api/v1/audits/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["findings"][0]["code"], "dates_unusable", "{a}");
    // New dates repair it.
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{id}/dates"),
    )
    .json(&json!({"starts_on": in_days(7), "ends_on": in_days(8)}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/audits/{id}/team"),
    )
    .json(&json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 1}]}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}
