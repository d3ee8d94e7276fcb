//! The stateless calculators: `POST /api/v1/audit-time/calculate` and
//! `POST /api/v1/programmes/preview` — the contracts, the worked examples of the domain
//! reference, and bad input as 422 problems with stable codes.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn contract_body() -> Value {
    json!({
        "standards": [{"code": "ISO 9001:2015", "complexity": null, "ai_role": null}],
        "effective_personnel": 55,
        "sites": 1,
        "adjustments": [{"percent": -10, "justification": "mature system, few processes"}],
        "integration_reduction_percent": 0
    })
}

#[tokio::test]
async fn audit_time_answers_the_contract_with_a_breakdown() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    // Any member may calculate, not only admins.
    let viewer = app.member(&t, "viewer@acme.test.example", "viewer").await;

    let r = post(
        &app,
        &viewer,
        "/api/v1/audit-time/calculate",
        &contract_body(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["table_days"], 5.0);
    assert_eq!(c["adjusted_days"], 4.5);
    assert_eq!(c["initial_days"], 4.5);
    assert_eq!(c["stage1_days"], 1.5);
    assert_eq!(c["stage2_days"], 3.0);
    assert_eq!(c["surveillance_days"], 1.5);
    assert_eq!(c["recertification_days"], 3.0);
    assert_eq!(c["min_onsite_days"], 4.0);
    assert_eq!(c["sampled_sites"]["initial"], 1);
    assert_eq!(c["sampled_sites"]["surveillance"], 1);
    assert_eq!(c["sampled_sites"]["recertification"], 1);
    let breakdown = c["breakdown"].as_array().unwrap();
    assert!(breakdown.len() >= 8, "{c}");
    for line in breakdown {
        assert!(
            line["step"].is_string() && line["clause"].is_string() && line["detail"].is_string()
        );
        assert!(line.get("days").is_some());
    }
    assert_eq!(breakdown[0]["step"], "table_lookup");
    assert_eq!(breakdown[0]["clause"], "IAF MD 5 Annex A Table QMS 1");
    assert!(breakdown.iter().any(|l| {
        l["detail"]
            .as_str()
            .unwrap()
            .contains("mature system, few processes")
    }));

    // domain.md §2.1 worked example: 55 persons, no factors.
    let mut body = contract_body();
    body["adjustments"] = json!([]);
    let c: Value = post(&app, &t.token, "/api/v1/audit-time/calculate", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        [
            &c["initial_days"],
            &c["stage1_days"],
            &c["stage2_days"],
            &c["surveillance_days"],
            &c["recertification_days"],
            &c["min_onsite_days"],
        ],
        [
            &json!(5.0),
            &json!(1.5),
            &json!(3.5),
            &json!(1.5),
            &json!(3.5),
            &json!(4.0)
        ]
    );

    // Integrated 9001 + 27001 with 30 % (MD 5) and 20 % (MD 11): 15 → 10.5 → 8.4 → 8.5,
    // ten sites sampled (IAF MD 1).
    let body = json!({
        "standards": [{"code": "ISO 9001:2015"}, {"code": "ISO/IEC 27001:2022"}],
        "effective_personnel": 55,
        "sites": 10,
        "adjustments": [{"percent": -30, "justification": "low risk"}],
        "integration_reduction_percent": 20
    });
    let c: Value = post(&app, &t.token, "/api/v1/audit-time/calculate", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["table_days"], 15.0);
    assert_eq!(c["adjusted_days"], 10.5);
    assert_eq!(c["initial_days"], 8.5);
    assert_eq!(c["standards"].as_array().unwrap().len(), 2);
    assert_eq!(c["sampled_sites"]["initial"], 4);
    assert_eq!(c["sampled_sites"]["surveillance"], 3);

    // Complexity and AI role select a column.
    let body = json!({
        "standards": [
            {"code": "ISO 45001:2018", "complexity": "high"},
            {"code": "ISO/IEC 42001:2023", "ai_role": "producer"}
        ],
        "effective_personnel": 8
    });
    let c: Value = post(&app, &t.token, "/api/v1/audit-time/calculate", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["table_days"], 3.5 + 5.0, "{c}");
}

#[tokio::test]
async fn audit_time_refuses_bad_input_with_a_code_and_the_field() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"standards": [{"code": "ISO 50001:2018"}], "effective_personnel": 55}),
            "unknown_standard",
            "standards.code",
        ),
        (
            json!({"standards": [], "effective_personnel": 55}),
            "standards_required",
            "standards",
        ),
        (
            json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 0}),
            "headcount_invalid",
            "effective_personnel",
        ),
        (
            json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": -4}),
            "headcount_invalid",
            "effective_personnel",
        ),
        (
            json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 55, "sites": 0}),
            "sites_invalid",
            "sites",
        ),
        (
            json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 55,
                   "adjustments": [{"percent": -35, "justification": "small"}]}),
            "reduction_over_cap",
            "adjustments",
        ),
        (
            json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 55,
                   "adjustments": [{"percent": -10, "justification": " "}]}),
            "justification_missing",
            "adjustments.justification",
        ),
        (
            json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 55,
                   "adjustments": [{"percent": -10}]}),
            "justification_missing",
            "adjustments.justification",
        ),
        (
            json!({"standards": [{"code": "ISO 9001:2015"}, {"code": "ISO/IEC 27001:2022"}],
                   "effective_personnel": 55, "integration_reduction_percent": 25}),
            "integration_over_cap",
            "integration_reduction_percent",
        ),
        (
            json!({"standards": [{"code": "ISO 14001:2015"}], "effective_personnel": 55}),
            "complexity_required",
            "standards.complexity",
        ),
        (
            json!({"standards": [{"code": "ISO 14001:2015", "complexity": "extreme"}],
                   "effective_personnel": 55}),
            "complexity_invalid",
            "standards.complexity",
        ),
        (
            json!({"standards": [{"code": "ISO/IEC 42001:2023"}], "effective_personnel": 5}),
            "ai_role_required",
            "standards.ai_role",
        ),
    ];
    for (body, code, field) in cases {
        let r = post(&app, &t.token, "/api/v1/audit-time/calculate", &body).await;
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert_eq!(p["field"], field, "{body}");
    }
    // ISO/IEC 42001 works out of the box for any headcount: a 120-person AI developer
    // reads the derived ISO/IEC 42006 row (86–125 persons: 70 % of 12 days), and the
    // breakdown says the value is derived.
    let body = json!({"standards": [{"code": "ISO/IEC 42001:2023", "ai_role": "developer"}],
                      "effective_personnel": 120});
    let r = post(&app, &t.token, "/api/v1/audit-time/calculate", &body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let c: serde_json::Value = r.json().await.unwrap();
    assert_eq!(c["table_days"], 8.5, "{c}");
    assert!(c.to_string().contains("derived value"), "{c}");
    // The wrong shape is refused by the JSON layer, also as 422.
    let mut body = contract_body();
    body["tenant_id"] = json!("x");
    let r = post(&app, &t.token, "/api/v1/audit-time/calculate", &body).await;
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;

    let r = reqwest::Client::new()
        .post(app.url("/api/v1/audit-time/calculate"))
        .json(&contract_body())
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn programme_preview_plans_the_three_year_cycle() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let auditor = app.member(&t, "auditor@acme.test.example", "auditor").await;
    let preview = |date: &str| {
        let body = json!({"certification_decision_date": date});
        let (app, token) = (&app, auditor.clone());
        async move {
            let r = post(app, &token, "/api/v1/programmes/preview", &body).await;
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Value>().await.unwrap()
        }
    };
    let due = |p: &Value| -> Vec<(String, String)> {
        p["audits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["kind"].as_str().unwrap().to_string(),
                    a["due_by"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let owned = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };

    let p = preview("2025-03-15").await;
    assert_eq!(p["expiry_date"], "2028-03-14");
    assert_eq!(
        due(&p),
        owned(&[
            ("surveillance_1", "2026-03-15"),
            ("surveillance_2", "2027-03-15"),
            ("recertification", "2028-03-14"),
        ])
    );
    assert_eq!(p["audits"][0]["window_start"], "2025-12-15");
    assert_eq!(p["audits"][2]["target_by"], "2027-12-15");

    // 29 February: + 3 years clamps to 28 February, − 1 day.
    let p = preview("2024-02-29").await;
    assert_eq!(p["expiry_date"], "2027-02-27");
    assert_eq!(
        due(&p),
        owned(&[
            ("surveillance_1", "2025-02-28"),
            ("surveillance_2", "2026-02-28"),
            ("recertification", "2027-02-27"),
        ])
    );
    // Month end.
    let p = preview("2025-05-31").await;
    assert_eq!(p["expiry_date"], "2028-05-30");
    assert_eq!(p["audits"][0]["window_start"], "2026-02-28");
    assert_eq!(p["audits"][2]["target_by"], "2028-02-29");

    // With a day to flag on.
    let body = json!({"certification_decision_date": "2025-03-15", "today": "2026-03-20"});
    let p: Value = post(&app, &auditor, "/api/v1/programmes/preview", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["audits"][0]["status"], "overdue");
    assert_eq!(p["audits"][0]["days_left"], -5);
    assert_eq!(p["audits"][1]["status"], "upcoming");
}

#[tokio::test]
async fn programme_preview_refuses_bad_dates() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    for bad in [
        "2025-02-29",
        "2025-13-01",
        "15/03/2025",
        "2025-3-15",
        "",
        "soon",
    ] {
        let body = json!({"certification_decision_date": bad});
        let r = post(&app, &t.token, "/api/v1/programmes/preview", &body).await;
        let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_invalid").await;
        assert_eq!(p["field"], "certification_decision_date");
    }
    let body = json!({"certification_decision_date": "2025-03-15", "today": "yesterday"});
    let r = post(&app, &t.token, "/api/v1/programmes/preview", &body).await;
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "date_invalid").await;
    assert_eq!(p["field"], "today");
    for body in [
        json!({}),
        json!({"certification_decision_date": 20250315}),
        json!({"certification_decision_date": "2025-03-15", "extra": 1}),
    ] {
        let r = post(&app, &t.token, "/api/v1/programmes/preview", &body).await;
        assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    }
}

#[tokio::test]
async fn both_calculators_are_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::Client::new()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in ["/api/v1/audit-time/calculate", "/api/v1/programmes/preview"] {
        assert!(doc["paths"][path]["post"].is_object(), "{path} missing");
    }
}
