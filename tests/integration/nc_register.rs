//! The register of nonconformities (`GET /nonconformities`): every nonconformity of the
//! certification body across clients and audits, overdue answers first; each filter of
//! its GET form narrows it (status, grade, client, overdue, waiting for my review), bad
//! values are left out without failing, the counts by status and the pages say how many
//! there are; client users keep their portal; the page speaks German.

use crate::certification::ready;
use crate::fieldwork::{client_user, confirmed, get, new_checklist};
use crate::scheduling::{Setup, post, setup};
use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The markers of the statements below, in the order they appear in `html`.
fn shown(html: &str) -> Vec<&'static str> {
    let mut found: Vec<(usize, &'static str)> =
        ["H-OVERDUE", "H-ANSWERED", "N-ANSWERED", "N-CLOSED"]
            .into_iter()
            .filter_map(|m| html.find(m).map(|i| (i, m)))
            .collect();
    found.sort();
    found.into_iter().map(|(_, m)| m).collect()
}

/// An address as the pages write it in an attribute.
fn href(path: &str) -> String {
    format!(
        r#"href="{}""#,
        path.replace('&', "&amp;").replace('=', "&#x3D;")
    )
}

async fn page(app: &TestApp, s: &Session, path: &str) -> String {
    let r = s.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

/// Raises a nonconformity on the `n`-th item of `audit`'s checklist.
async fn raise(
    app: &TestApp,
    token: &str,
    audit: &str,
    items: &Value,
    n: usize,
    grade: &str,
    statement: &str,
) -> String {
    let item = items["items"][n]["id"].as_str().unwrap();
    let nc = post(
        app,
        token,
        &format!("/api/v1/audits/{audit}/checklist/items/{item}/nonconformities"),
        json!({"grade": grade, "statement": statement, "evidence": "Seen on site"}),
    )
    .await;
    nc["id"].as_str().unwrap().to_string()
}

async fn step(app: &TestApp, token: &str, nc: &str, step: &str, body: Value) {
    post(
        app,
        token,
        &format!("/api/v1/nonconformities/{nc}/{step}"),
        body,
    )
    .await;
}

async fn answer(app: &TestApp, token: &str, nc: &str) {
    step(
        app,
        token,
        nc,
        "response",
        json!({"correction": "Done at once", "root_cause": "No owner",
            "corrective_action": "Owner named", "planned_date": in_days(30)}),
    )
    .await;
}

#[tokio::test]
async fn the_nc_register_lists_every_nonconformity_and_each_filter_narrows_it() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    // Helios: a stage 2 audit led by Lea, who is a member.
    let r = ready(&app, &t).await;
    let helios = r.s.client.clone();
    let h_items = get(
        &app,
        &t.token,
        &format!("/api/v1/audits/{}/checklist", r.audit),
    )
    .await;
    // Nova: a stage 1 audit led by Otto; Lea is not on its team.
    let nova = setup(&app, &t.token, "Nova Robotics").await;
    let otto = post(
        &app,
        &t.token,
        "/api/v1/auditors",
        json!({"name": "Otto Other", "email": format!("otto-{}@acme.test.example", uuid::Uuid::new_v4().simple())}),
    )
    .await;
    let otto = otto["id"].as_str().unwrap().to_string();
    post(
        &app,
        &t.token,
        &format!("/api/v1/auditors/{otto}/qualifications"),
        json!({"standard_code": "ISO/IEC 42001:2023", "technical_area": "all",
            "function": "lead_auditor", "valid_from": "2025-01-01"}),
    )
    .await;
    let led_by_otto = Setup {
        client: nova.client.clone(),
        contact: nova.contact.clone(),
        stage1: nova.stage1.clone(),
        lea: otto,
        rosa: nova.rosa.clone(),
    };
    let n_audit = confirmed(&app, &t.token, &led_by_otto, 0, -20).await;
    let n_items = new_checklist(&app, &t.token, &n_audit).await;

    // Helios: a major left open whose answer is overdue, a minor answered (Lea reviews it).
    let h_overdue = raise(
        &app,
        &t.token,
        &r.audit,
        &h_items,
        0,
        "major",
        "H-OVERDUE internal audits not done",
    )
    .await;
    let h_answered = raise(
        &app,
        &t.token,
        &r.audit,
        &h_items,
        1,
        "minor",
        "H-ANSWERED supplier list not reviewed",
    )
    .await;
    answer(&app, &t.token, &h_answered).await;
    // Nova: a minor answered (Otto reviews it), a major closed.
    let n_answered = raise(
        &app,
        &t.token,
        &n_audit,
        &n_items,
        0,
        "minor",
        "N-ANSWERED training records incomplete",
    )
    .await;
    answer(&app, &t.token, &n_answered).await;
    let n_closed = raise(
        &app,
        &t.token,
        &n_audit,
        &n_items,
        1,
        "major",
        "N-CLOSED calibration lapsed",
    )
    .await;
    answer(&app, &t.token, &n_closed).await;
    step(
        &app,
        &t.token,
        &n_closed,
        "review",
        json!({"decision": "accept"}),
    )
    .await;
    step(
        &app,
        &t.token,
        &n_closed,
        "implementation",
        json!({"statement": "Calibrated"}),
    )
    .await;
    step(
        &app,
        &t.token,
        &n_closed,
        "verification",
        json!({"method": "document review", "effective": true}),
    )
    .await;
    let past = (chrono::Utc::now().date_naive() - chrono::Duration::days(10)).to_string();
    let id = uuid::Uuid::parse_str(&h_overdue).unwrap();
    let backdate = if app.pg.is_some() {
        format!("update nonconformities set response_due = '{past}' where id = '{id}'")
    } else {
        format!(
            "update nonconformities set response_due = '{past}' where id = x'{}'",
            id.simple()
        )
    };
    assert_eq!(owner_exec(&app, t.id, &backdate).await, 1);

    // By default: those not closed, the overdue answer first, then by due date.
    let admin = app.login(&t.admin_email, PASSWORD).await;
    let html = page(&app, &admin, "/nonconformities").await;
    assert_eq!(
        shown(&html),
        ["H-OVERDUE", "H-ANSWERED", "N-ANSWERED"],
        "{html}"
    );
    assert!(html.contains("<h1>Nonconformity register</h1>"), "{html}");
    assert!(
        html.contains(r#"href="/nonconformities" aria-current="page""#),
        "the nav entry"
    );
    assert!(html.contains(r#"class="table-scroll" role="region""#));
    for nc in [&h_overdue, &h_answered, &n_answered] {
        assert!(
            html.contains(&format!(r#"href="/nonconformities/{nc}""#)),
            "{nc}"
        );
    }
    assert!(!html.contains(&format!("/nonconformities/{n_closed}")));
    assert!(html.contains(&format!(r#"href="/clients/{helios}">Helios Robotics</a>"#)));
    assert!(html.contains(&format!(
        r#"href="/clients/{}">Nova Robotics</a>"#,
        nova.client
    )));
    assert!(
        html.contains(&format!(
            r#"href="/audits/{}/workspace">Stage 2, "#,
            r.audit
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(r#"href="/audits/{n_audit}/workspace">Stage 1, "#)),
        "{html}"
    );
    assert!(html.contains(r#"<span class="chip nc-major">major</span>"#));
    assert!(
        html.contains(r#"<span class="chip nc-st-response_submitted">response submitted</span>"#)
    );
    assert_eq!(
        html.matches(r#"<span class="chip nc-overdue">overdue</span>"#)
            .count(),
        1
    );
    let overdue_row = html
        .split("H-OVERDUE")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        overdue_row.contains(&format!(r#"<time datetime="{past}">"#))
            && overdue_row.contains("nc-overdue"),
        "{overdue_row}"
    );
    assert!(html.contains("3 nonconformities."), "{html}");
    for count in [
        "Not closed: 3",
        "Open: 1",
        "Response submitted: 2",
        "Closed: 1",
        "All: 4",
    ] {
        assert!(html.contains(&format!(">{count}</a>")), "{count}: {html}");
    }
    // The admin is on no team: no answers wait for their review.
    assert!(html.contains("Waiting for my review"));

    // Each filter narrows.
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            "status=all".into(),
            vec!["H-OVERDUE", "H-ANSWERED", "N-ANSWERED", "N-CLOSED"],
        ),
        ("status=closed".into(), vec!["N-CLOSED"]),
        ("status=open".into(), vec!["H-OVERDUE"]),
        (
            "status=response_submitted".into(),
            vec!["H-ANSWERED", "N-ANSWERED"],
        ),
        ("grade=major".into(), vec!["H-OVERDUE"]),
        (
            "grade=major&status=all".into(),
            vec!["H-OVERDUE", "N-CLOSED"],
        ),
        ("grade=minor".into(), vec!["H-ANSWERED", "N-ANSWERED"]),
        (format!("client={}", nova.client), vec!["N-ANSWERED"]),
        (
            format!("client={}&status=all", nova.client),
            vec!["N-ANSWERED", "N-CLOSED"],
        ),
        (format!("client={helios}&grade=minor"), vec!["H-ANSWERED"]),
        ("overdue=1".into(), vec!["H-OVERDUE"]),
        ("overdue=1&client=".to_string() + &nova.client, vec![]),
        ("mine=1".into(), vec![]),
    ];
    for (q, expected) in &cases {
        let html = page(&app, &admin, &format!("/nonconformities?{q}")).await;
        assert_eq!(&shown(&html), expected, "{q}");
        if expected.is_empty() {
            assert!(
                html.contains("No nonconformity matches these filters."),
                "{q}"
            );
        }
    }
    // The counts follow the other filters, and keep them in their links.
    let html = page(
        &app,
        &admin,
        &format!("/nonconformities?client={}", nova.client),
    )
    .await;
    for count in [
        "Not closed: 1",
        "Response submitted: 1",
        "Closed: 1",
        "All: 2",
    ] {
        assert!(html.contains(&format!(">{count}</a>")), "{count}");
    }
    assert!(
        html.contains(&href(&format!(
            "/nonconformities?status=closed&client={}",
            nova.client
        ))),
        "{html}"
    );
    // The filter form shows what was chosen.
    let html = page(
        &app,
        &admin,
        &format!("/nonconformities?status=all&grade=minor&client={helios}&overdue=1"),
    )
    .await;
    assert!(html.contains(r#"<option value="all" selected>"#), "{html}");
    assert!(html.contains(r#"<option value="minor" selected>"#));
    assert!(html.contains(&format!(
        r#"<option value="{helios}" selected>Helios Robotics</option>"#
    )));
    assert!(html.contains(r#"name="overdue" value="1" checked"#));

    // Lea sees the answer waiting for her review on her audit, not the one on Otto's.
    let lea = app.login(&r.lead_email, PASSWORD).await;
    let html = page(&app, &lea, "/nonconformities?mine=1").await;
    assert_eq!(shown(&html), ["H-ANSWERED"], "{html}");
    assert!(html.contains(r#"name="mine" value="1" checked"#));
    // A reviewer, who audits nothing, sees the register without that filter.
    let dora = app.login(&r.decider_email, PASSWORD).await;
    let html = page(&app, &dora, "/nonconformities").await;
    assert_eq!(shown(&html), ["H-OVERDUE", "H-ANSWERED", "N-ANSWERED"]);
    assert!(!html.contains(r#"name="mine""#));
    // Lea's dashboard card leads there; the admin's nonconformity charts lead to the register.
    let dash = page(&app, &lea, "/").await;
    assert!(dash.contains(r#"href="/nonconformities?mine=1""#), "{dash}");
    let dash = page(&app, &admin, "/").await;
    assert!(
        dash.contains(r#"href="/nonconformities?overdue=1""#)
            && dash.contains(r#"href="/nonconformities""#)
    );

    // Values that mean nothing are left out, never a failure.
    for q in [
        "status=bogus",
        "grade=huge",
        "client=not-a-uuid",
        "page=abc",
        "status=%FF%FE&grade=%00&page=-3",
    ] {
        let html = page(&app, &admin, &format!("/nonconformities?{q}")).await;
        assert_eq!(
            shown(&html),
            ["H-OVERDUE", "H-ANSWERED", "N-ANSWERED"],
            "{q}"
        );
        assert!(
            html.contains("Some filter values were not understood"),
            "{q}"
        );
    }
    let html = page(
        &app,
        &admin,
        &format!("/nonconformities?client={}", uuid::Uuid::now_v7()),
    )
    .await;
    assert!(shown(&html).is_empty());
    let html = page(&app, &admin, "/nonconformities?page=999").await;
    assert_eq!(shown(&html).len(), 3, "beyond the last page: the last");

    // A client user keeps their portal.
    let (cu, _) = client_user(&app, &t.token, &helios).await;
    let res = cu
        .client
        .get(app.url("/nonconformities"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/portal");
    let portal = page(&app, &cu, "/portal").await;
    assert!(
        !portal.contains(r#"href="/nonconformities""#),
        "no nav entry: {portal}"
    );

    // Many: pages of 50, saying which are shown.
    for n in 2..51 {
        raise(
            &app,
            &t.token,
            &r.audit,
            &h_items,
            n,
            "minor",
            &format!("Bulk finding {n}"),
        )
        .await;
    }
    let html = page(&app, &admin, "/nonconformities").await;
    assert!(
        html.contains("Showing 1–50 of 52 nonconformities."),
        "{html}"
    );
    assert_eq!(
        html.matches("<tr><td><a href=\"/nonconformities/").count(),
        50
    );
    assert!(
        html.contains(&format!(
            "{}>Next page</a>",
            href("/nonconformities?page=2")
        )),
        "{html}"
    );
    let html = page(&app, &admin, "/nonconformities?page=2").await;
    assert!(
        html.contains("Showing 51–52 of 52 nonconformities."),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/nonconformities">Previous page</a>"#),
        "{html}"
    );

    // In German.
    let res = admin
        .client
        .post(app.url("/account/language"))
        .form(&[("csrf", admin.csrf.as_str()), ("language", "de")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = page(&app, &admin, "/nonconformities?overdue=1").await;
    assert!(html.contains(r#"<html lang="de">"#), "{html}");
    assert!(
        html.contains("<h1>Register der Abweichungen</h1>"),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="chip nc-overdue">überfällig</span>"#),
        "{html}"
    );
    assert!(
        html.contains(">Offen: 1</a>") && html.contains(">Abweichungen</a>"),
        "{html}"
    );
    assert!(html.contains("Eine Abweichung."), "{html}");
}
