//! Personnel records: qualifications, conflicts of interest, unavailability.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn keep_an_auditors_record_with_qualifications_conflicts_and_absences() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let client: Value = api(&app, &t.token, reqwest::Method::POST, "/api/v1/clients")
        .json(&json!({"legal_name": "Helios Robotics"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let members: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/members")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let me = members[0]["id"].as_str().unwrap();
    let r = api(&app, &t.token, reqwest::Method::POST, "/api/v1/auditors")
        .json(&json!({"membership_id": me, "name": "Alma Auditor", "email": "alma@acme.test.example"}))
        .send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let a: Value = r.json().await.unwrap();
    let id = a["id"].as_str().unwrap();
    assert_eq!(a["status"], "active");
    // The same member cannot be linked to a second record.
    let r = api(&app, &t.token, reqwest::Method::POST, "/api/v1/auditors")
        .json(
            &json!({"membership_id": me, "name": "Alma again", "email": "alma2@acme.test.example"}),
        )
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "member_already_linked").await;

    let post = |path: String, body: Value| {
        api(&app, &t.token, reqwest::Method::POST, &path)
            .json(&body)
            .send()
    };
    let r = post(format!("/api/v1/auditors/{id}/qualifications"), json!({"standard_code": "iso/iec 42001:2023", "technical_area": "IAF 33",
        "function": "lead_auditor", "valid_from": "2025-03-01", "valid_until": "2028-02-28", "evidence": "witnessed audit 2025-02"})).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let q: Value = r.json().await.unwrap();
    assert_eq!(
        q["standard_code"], "ISO/IEC 42001:2023",
        "normalised to the catalogue's spelling"
    );
    for (body, code) in [
        (
            json!({"standard_code": "ISO 9999:2030", "technical_area": "all", "function": "auditor", "valid_from": "2025-01-01"}),
            "unknown_standard",
        ),
        (
            json!({"standard_code": "ISO 9001:2015", "technical_area": "all", "function": "boss", "valid_from": "2025-01-01"}),
            "invalid_function",
        ),
        (
            json!({"standard_code": "ISO 9001:2015", "technical_area": "all", "function": "auditor", "valid_from": "2025-13-01"}),
            "invalid_date",
        ),
        (
            json!({"standard_code": "ISO 9001:2015", "technical_area": "all", "function": "auditor", "valid_from": "2025-05-01", "valid_until": "2025-04-01"}),
            "invalid_period",
        ),
    ] {
        assert_problem(
            post(format!("/api/v1/auditors/{id}/qualifications"), body)
                .await
                .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    let r = post(format!("/api/v1/auditors/{id}/conflicts"), json!({"client_id": client["id"], "kind": "consultancy", "ended_on": "2025-06-30", "note": "wrote their AI policy"})).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let declared: Value = r.json().await.unwrap();
    assert_eq!(declared["client_name"], client["legal_name"], "{declared}");
    let r = post(
        format!("/api/v1/auditors/{id}/conflicts"),
        json!({"client_id": uuid::Uuid::now_v7(), "kind": "consultancy"}),
    )
    .await
    .unwrap();
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "unknown_client").await;
    assert_eq!(p["field"], "client_id");
    let r = post(
        format!("/api/v1/auditors/{id}/absences"),
        json!({"starts_on": "2026-12-20", "ends_on": "2027-01-03", "reason": "holiday"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = post(
        format!("/api/v1/auditors/{id}/absences"),
        json!({"starts_on": "2026-12-20", "ends_on": "2026-12-01"}),
    )
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_period").await;

    let f: Value = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        &format!("/api/v1/auditors/{id}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(f["qualifications"].as_array().unwrap().len(), 1);
    assert_eq!(f["conflicts"][0]["client_name"], "Helios Robotics");
    assert_eq!(f["absences"][0]["reason"], "holiday");

    // Removing the member keeps the record (17021-1 7.4) and only unlinks the login.
    let auditor_member = app
        .member(&t, "second-admin@acme.test.example", "admin")
        .await;
    let r = api(
        &app,
        &auditor_member,
        reqwest::Method::DELETE,
        &format!("/api/v1/members/{me}"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let f: Value = api(
        &app,
        &auditor_member,
        reqwest::Method::GET,
        &format!("/api/v1/auditors/{id}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(f["membership_id"].is_null());
    assert_eq!(f["qualifications"].as_array().unwrap().len(), 1);

    let qid = q["id"].as_str().unwrap();
    let r = api(
        &app,
        &auditor_member,
        reqwest::Method::DELETE,
        &format!("/api/v1/auditors/{id}/qualifications/{qid}"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = api(
        &app,
        &auditor_member,
        reqwest::Method::DELETE,
        &format!("/api/v1/auditors/{id}/qualifications/{qid}"),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "qualification_not_found").await;
    let events: Value = api(
        &app,
        &auditor_member,
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
        "auditor.created",
        "auditor.qualification_added",
        "auditor.conflict_declared",
        "auditor.absence_added",
        "auditor.qualification_removed",
    ] {
        assert!(actions.contains(&a), "{a}");
    }
}

#[tokio::test]
async fn only_admins_and_schedulers_keep_personnel_records() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let auditor = app.member(&t, "auditor@acme.test.example", "auditor").await;
    let client = app.member(&t, "client@acme.test.example", "client").await;
    let scheduler = app
        .member(&t, "scheduler@acme.test.example", "scheduler")
        .await;
    let r = api(&app, &scheduler, reqwest::Method::POST, "/api/v1/auditors")
        .json(&json!({"name": "X", "email": "x@acme.test.example"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        api(&app, &auditor, reqwest::Method::GET, "/api/v1/auditors")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let r = api(&app, &auditor, reqwest::Method::POST, "/api/v1/auditors")
        .json(&json!({"name": "Y", "email": "y@acme.test.example"}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = api(&app, &client, reqwest::Method::GET, "/api/v1/auditors")
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn the_auditor_pages_record_qualifications_and_conflicts() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let c: Value = api(&app, &t.token, reqwest::Method::POST, "/api/v1/clients")
        .json(&json!({"legal_name": "Tern Logistics"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let r = s
        .client
        .post(app.url("/auditors"))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("name", "Bo Lead"),
            ("email", "bo@acme.test.example"),
        ])
        .send()
        .await
        .unwrap();
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.starts_with("/auditors/"));
    let r = s
        .client
        .post(app.url(&format!("{loc}/qualifications")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("standard_code", "ISO 9001:2015"),
            ("technical_area", "IAF 31"),
            ("function", "lead_auditor"),
            ("valid_from", "2025-01-01"),
            ("valid_until", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = s
        .client
        .post(app.url(&format!("{loc}/conflicts")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("client_id", c["id"].as_str().unwrap()),
            ("kind", "employment"),
            ("ended_on", "2025-09-30"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = s
        .client
        .post(app.url(&format!("{loc}/absences")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("starts_on", "2027-01-10"),
            ("ends_on", "2027-01-01"),
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
    assert!(html.contains("The period ends before it starts"), "{html}");
    assert!(html.contains("IAF 31") && html.contains("lead auditor"));
    assert!(
        html.contains("Tern Logistics")
            && html.contains("employment")
            && html.contains("2025-09-30")
    );
    // Saving the details keeps the record's fields.
    let r = s
        .client
        .post(app.url(&loc))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("name", "Bo Lead-Auditor"),
            ("email", "bo@acme.test.example"),
            ("status", "inactive"),
            ("membership_id", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let list = s
        .client
        .get(app.url("/auditors"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Bo Lead-Auditor") && list.contains("inactive"));
}
