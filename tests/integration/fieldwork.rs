//! Fieldwork: the checklist of an audit, nonconformities through their whole loop with a
//! client user in the portal, isolation between client organisations, reminders.

use crate::scheduling::{Setup, post, setup};
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub(crate) async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let r = api(app, token, Method::GET, path).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.unwrap()
}

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

/// A confirmed audit of the client's programme entry `entry` (0 = stage 1, 1 = stage 2),
/// led by Lea.
pub(crate) async fn confirmed(
    app: &TestApp,
    token: &str,
    s: &Setup,
    entry: usize,
    from: i64,
) -> String {
    let apps = get(app, token, "/api/v1/applications").await;
    let aid = apps
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["client_id"] == s.client.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let file = get(app, token, &format!("/api/v1/applications/{aid}")).await;
    let entry_id = file["programme"]["audits"][entry]["id"]
        .as_str()
        .unwrap()
        .to_string();
    if entry == 1 {
        // Stage 2 follows a stage 1 audit (ten days before it, unless one is scheduled).
        let stage1 = file["programme"]["audits"][0]["id"].as_str().unwrap();
        let r = api(app, token, Method::POST, "/api/v1/audits")
            .json(
                &json!({"programme_audit_id": stage1, "starts_on": day(from - 10),
                "ends_on": day(from - 9), "already_held": from < 10}),
            )
            .send()
            .await
            .unwrap();
        assert!(
            r.status() == StatusCode::CREATED || r.status() == StatusCode::CONFLICT,
            "{}",
            r.status()
        );
    }
    let audit = post(
        app,
        token,
        "/api/v1/audits",
        json!({"programme_audit_id": entry_id, "starts_on": day(from), "ends_on": day(from + 1),
            "already_held": from < 0}),
    )
    .await;
    let id = audit["id"].as_str().unwrap().to_string();
    let r = api(
        app,
        token,
        Method::PUT,
        &format!("/api/v1/audits/{id}/team"),
    )
    .json(&json!({"members": [{"auditor_id": s.lea, "role": "lead", "days": 2}]}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    post(
        app,
        token,
        &format!("/api/v1/audits/{id}/confirm"),
        json!({}),
    )
    .await;
    id
}

/// Creates the checklist of `audit` from the built-in templates and answers it.
pub(crate) async fn new_checklist(app: &TestApp, token: &str, audit: &str) -> Value {
    let path = format!("/api/v1/audits/{audit}/checklist");
    post(app, token, &path, json!({})).await;
    get(app, token, &path).await
}

/// Invites a client user of `client` and signs them in.
pub(crate) async fn client_user(app: &TestApp, token: &str, client: &str) -> (Session, String) {
    let email = format!("cu-{}@client.test.example", uuid::Uuid::new_v4().simple());
    post(
        app,
        token,
        &format!("/api/v1/clients/{client}/users"),
        json!({"email": email}),
    )
    .await;
    app.dispatch().await;
    let mails = app.wait_for_mails(&email, 1).await;
    let link = mails[0]
        .link(&app.url("/invitations/accept?token="))
        .expect("accept link");
    accept_invitation(app, &link, "Clara Client", "a long client password").await;
    (app.login(&email, "a long client password").await, email)
}

/// Accepts the invitation at `link` as a new account with `name` and `password`.
pub(crate) async fn accept_invitation(app: &TestApp, link: &str, name: &str, password: &str) {
    let c = browser();
    let page = c.get(link).send().await.unwrap().text().await.unwrap();
    let r = c
        .post(app.url("/invitations/accept"))
        .form(&[
            ("token", hidden(&page, "token").unwrap().as_str()),
            ("name", name),
            ("password", password),
            ("csrf", hidden(&page, "csrf").unwrap().as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_checklist_and_a_nonconformity_go_through_the_whole_loop() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Loop Robotics").await;
    let id = confirmed(&app, &t.token, &s, 1, 10).await;

    let r = post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{id}/checklist"),
        json!({}),
    )
    .await;
    assert_eq!(r["items"], 81, "42001 stage 2: 43 clauses and 38 controls");
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/audits/{id}/checklist"),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "checklist_exists").await;
    let c = get(&app, &t.token, &format!("/api/v1/audits/{id}/checklist")).await;
    assert_eq!(c["progress"], json!({"answered": 0, "total": 81}));
    let item = |i: usize| c["items"][i]["id"].as_str().unwrap().to_string();
    let controls = get(
        &app,
        &t.token,
        &format!("/api/v1/audits/{id}/checklist?reference=A."),
    )
    .await;
    assert_eq!(controls["items"].as_array().unwrap().len(), 38);

    // All or nothing: one bad answer saves none.
    let answers = |body: Value| {
        api(
            &app,
            &t.token,
            Method::POST,
            &format!("/api/v1/audits/{id}/checklist/answers"),
        )
        .json(&body)
        .send()
    };
    let r = answers(json!([{"item_id": item(0), "result": "conforming"},
        {"item_id": item(1), "result": "minor_nc"}]))
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "notes_required").await;
    let r = answers(json!([{"item_id": item(0), "result": "conforming"},
        {"item_id": item(2), "evidence_requested": true}]))
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "evidence_due_required").await;
    let c = get(&app, &t.token, &format!("/api/v1/audits/{id}/checklist")).await;
    assert_eq!(c["progress"]["answered"], 0);
    let r = answers(
        json!([{"item_id": item(0), "result": "conforming", "notes": "Context analysis 2026 seen"},
        {"item_id": item(2), "evidence_requested": true, "evidence_due": day(20)}]),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let c = get(
        &app,
        &t.token,
        &format!("/api/v1/audits/{id}/checklist?result=conforming"),
    )
    .await;
    assert_eq!(c["progress"]["answered"], 1);
    assert_eq!(c["items"].as_array().unwrap().len(), 1);
    app.dispatch().await;
    let to_contact = app.wait_for_mails(&s.contact, 2).await;
    // The contact has no account yet: the request comes with an invitation to the portal,
    // which signs them in as a client user of their organisation.
    let request = to_contact
        .iter()
        .find(|m| m.subject.contains("evidence requested"))
        .expect("the evidence request");
    assert!(
        request.text.starts_with("Hello Quality Lead,")
            && request
                .text
                .contains("You have no account on the portal yet"),
        "{}",
        request.text
    );
    let link = request
        .link(&app.url("/invitations/accept?token="))
        .expect("the invitation link");
    accept_invitation(&app, &link, "Quality Lead", "a long contact password").await;
    let contact = app.login(&s.contact, "a long contact password").await;
    let portal = contact
        .client
        .get(app.url("/portal"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(portal.contains("Loop Robotics: client portal"), "{portal}");

    // Raise a minor nonconformity.
    let nc = post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{id}/checklist/items/{}/nonconformities", item(3)),
        json!({"grade": "minor", "statement": "Interested parties' requirements not reviewed since 2024",
            "evidence": "Register dated 2024-01-10; no later review record"}),
    )
    .await;
    assert_eq!(nc["number"], 1);
    assert_eq!(nc["status"], "open");
    let ncid = nc["id"].as_str().unwrap().to_string();
    // The contact now has an account: no second invitation.
    app.dispatch().await;
    let to_contact = app.wait_for_mails(&s.contact, 3).await;
    let raised = to_contact
        .iter()
        .find(|m| m.subject.contains("nonconformity 1 raised"))
        .expect("the nonconformity mail");
    assert!(!raised.text.contains("no account"), "{}", raised.text);
    let c = get(&app, &t.token, &format!("/api/v1/audits/{id}/checklist")).await;
    assert_eq!(c["items"][3]["result"], "minor_nc");
    assert_eq!(c["decision_blockers"].as_array().unwrap().len(), 1);
    // Reviewing before an answer is an illegal transition.
    let r = api(
        &app,
        &t.token,
        Method::POST,
        &format!("/api/v1/nonconformities/{ncid}/review"),
    )
    .json(&json!({"decision": "accept"}))
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "illegal_transition").await;

    // The client user answers in the portal.
    let (cu, cu_email) = client_user(&app, &t.token, &s.client).await;
    let portal = cu
        .client
        .get(app.url("/portal"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        portal.contains("Interested parties&#x27;") || portal.contains("Interested parties"),
        "{portal}"
    );
    // What needs the client comes first: the finding to answer with its due date, the
    // evidence still to send.
    let todo = portal
        .split(r#"aria-label="What needs you""#)
        .nth(1)
        .and_then(|t| t.split("</section>").next())
        .expect("the summary");
    let due = chrono::NaiveDate::parse_from_str(nc["response_due"].as_str().unwrap(), "%Y-%m-%d")
        .unwrap()
        .format("%-d %b %Y")
        .to_string();
    assert!(
        todo.contains("<strong>1</strong> waiting for your answer</a>, the first due ")
            && todo.contains(&due)
            && todo.contains("<strong>1</strong> request(s) without a file"),
        "{todo}"
    );
    let page = cu
        .client
        .get(app.url(&format!("/nonconformities/{ncid}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Send the answer"));
    // Its header says at a glance what it is and by when the client must answer.
    assert!(
        page.contains(r#"<span class="chip nc-minor">minor</span>"#)
            && page.contains(r#"<span class="chip nc-st-open">open</span>"#)
            && page.contains(&format!(
                r#"answer due <time datetime="{}">{due}</time>"#,
                nc["response_due"].as_str().unwrap()
            )),
        "{page}"
    );
    // An incomplete answer comes back with what was written, every gap at its field.
    let r = cu
        .client
        .post(app.url(&format!("/nonconformities/{ncid}/response")))
        .form(&[
            ("csrf", cu.csrf.as_str()),
            ("correction", "Register reviewed on the spot"),
            ("root_cause", " "),
            ("corrective_action", "Owner named"),
            ("planned_date", "next spring"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let kept = cu
        .client
        .get(app.url(&format!("/nonconformities/{ncid}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        kept.contains(">Register reviewed on the spot</textarea>")
            && kept.contains(">Owner named</textarea>"),
        "{kept}"
    );
    for id in ["root_cause", "planned_date"] {
        assert!(
            kept.contains(&format!(r#"aria-describedby="{id}-err""#)),
            "{id}: {kept}"
        );
    }
    let n = get(&app, &t.token, &format!("/api/v1/nonconformities/{ncid}")).await;
    assert_ne!(n["status"], "response_submitted", "nothing was saved");
    let r = cu
        .client
        .post(app.url(&format!("/nonconformities/{ncid}/response")))
        .form(&[
            ("csrf", cu.csrf.as_str()),
            ("correction", "Register reviewed on the spot"),
            (
                "root_cause",
                "No owner for the register after the reorganisation",
            ),
            (
                "corrective_action",
                "Owner named; yearly review in the management review agenda",
            ),
            ("planned_date", day(40).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let n = get(&app, &t.token, &format!("/api/v1/nonconformities/{ncid}")).await;
    assert_eq!(n["status"], "response_submitted");
    assert_eq!(n["responded_by"], "Clara Client");
    // The client user sees nothing of the checklist, and cannot review.
    let r = cu
        .client
        .get(app.url(&format!("/api/v1/audits/{id}/checklist")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = cu
        .client
        .post(app.url(&format!("/nonconformities/{ncid}/review")))
        .form(&[("csrf", cu.csrf.as_str()), ("decision", "accept")])
        .send()
        .await
        .unwrap();
    let st = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    let n = get(&app, &t.token, &format!("/api/v1/nonconformities/{ncid}")).await;
    assert_eq!(
        n["status"], "response_submitted",
        "a client user cannot review"
    );

    // Reject (with a reason), answer again, accept.
    let act = |step: &str, body: Value| {
        api(
            &app,
            &t.token,
            Method::POST,
            &format!("/api/v1/nonconformities/{ncid}/{step}"),
        )
        .json(&body)
        .send()
    };
    let r = act("review", json!({"decision": "reject"})).await.unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "comment_required").await;
    let r = act("review", json!({"decision": "reject", "comment": "The root cause does not explain why the review lapsed"})).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = act("response", json!({"correction": "Reviewed", "root_cause": "Review not in any calendar",
        "corrective_action": "Review added to the management review inputs", "planned_date": day(30)})).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = act("review", json!({"decision": "accept"})).await.unwrap();
    let n: Value = r.json().await.unwrap();
    assert_eq!(n["status"], "plan_accepted");
    let c = get(&app, &t.token, &format!("/api/v1/audits/{id}/checklist")).await;
    assert_eq!(
        c["decision_blockers"],
        json!([]),
        "an accepted plan is enough for a minor"
    );

    // Escalation: now major, back to the client, and it blocks the decision.
    let r = act(
        "escalation",
        json!({"reason": "Same lapse found at two sites"}),
    )
    .await
    .unwrap();
    let n: Value = r.json().await.unwrap();
    assert_eq!(
        (n["grade"].as_str(), n["status"].as_str()),
        (Some("major"), Some("open"))
    );
    let r = act("escalation", json!({"reason": "again"})).await.unwrap();
    assert_problem(r, StatusCode::CONFLICT, "illegal_transition").await;
    let c = get(&app, &t.token, &format!("/api/v1/audits/{id}/checklist")).await;
    assert_eq!(c["items"][3]["result"], "major_nc");
    assert_eq!(c["decision_blockers"].as_array().unwrap().len(), 1);

    // Answer, accept, implement (client), verify effective: closed.
    for (step, body) in [
        (
            "response",
            json!({"correction": "Reviewed", "root_cause": "No calendar",
            "corrective_action": "Calendar entry and owner", "planned_date": day(30)}),
        ),
        ("review", json!({"decision": "accept"})),
    ] {
        assert_eq!(act(step, body).await.unwrap().status(), StatusCode::OK);
    }
    let r = cu
        .client
        .post(app.url(&format!("/nonconformities/{ncid}/implementation")))
        .form(&[
            ("csrf", cu.csrf.as_str()),
            ("statement", "Owner named, review held on the 3rd"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = act(
        "verification",
        json!({"method": "document review", "effective": true}),
    )
    .await
    .unwrap();
    let n: Value = r.json().await.unwrap();
    assert_eq!(n["status"], "closed");
    assert!(n["closed_at"].is_string());
    let r = act(
        "verification",
        json!({"method": "again", "effective": true}),
    )
    .await
    .unwrap();
    assert_problem(r, StatusCode::CONFLICT, "illegal_transition").await;
    let c = get(&app, &t.token, &format!("/api/v1/audits/{id}/checklist")).await;
    assert_eq!(c["decision_blockers"], json!([]));

    app.dispatch().await;
    let to_client = app.wait_for_mails(&cu_email, 4).await;
    let subjects: Vec<&str> = to_client.iter().map(|m| m.subject.as_str()).collect();
    assert!(
        subjects.iter().any(|s| s.contains("needs another answer")),
        "{subjects:?}"
    );
    assert!(
        subjects.iter().any(|s| s.contains("is now major")),
        "{subjects:?}"
    );
    assert!(
        subjects.iter().any(|s| s.contains("is closed")),
        "{subjects:?}"
    );
    let to_lead: Vec<String> = {
        let lea = get(&app, &t.token, &format!("/api/v1/auditors/{}", s.lea)).await;
        app.wait_for_mails(lea["email"].as_str().unwrap(), 2)
            .await
            .into_iter()
            .map(|m| m.subject)
            .collect()
    };
    assert!(
        to_lead
            .iter()
            .any(|s| s.contains("answered nonconformity 1")),
        "{to_lead:?}"
    );

    // The workspace and the report show it.
    let staff = app.login(&t.admin_email, PASSWORD).await;
    let html = staff
        .client
        .get(app.url(&format!("/audits/{id}/workspace")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Save answers") && html.contains("2 of 81"),
        "progress shown"
    );
    let html = staff
        .client
        .get(app.url(&format!("/audits/{id}/report")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("1 nonconformities: 1 major, 0 minor"),
        "{html}"
    );
    assert!(html.contains("based on sampling"));
}

#[tokio::test]
async fn client_users_see_only_their_organisation_and_open_findings_are_carried_forward() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s1 = setup(&app, &t.token, "First Client").await;
    let s2 = setup(&app, &t.token, "Second Client").await;
    let a1 = confirmed(&app, &t.token, &s1, 0, 10).await;
    let a2 = confirmed(&app, &t.token, &s2, 0, 14).await;
    for a in [&a1, &a2] {
        post(
            &app,
            &t.token,
            &format!("/api/v1/audits/{a}/checklist"),
            json!({}),
        )
        .await;
    }
    let raise = |a: String| {
        let app = &app;
        let t = &t;
        async move {
            let c = get(app, &t.token, &format!("/api/v1/audits/{a}/checklist")).await;
            let item = c["items"][0]["id"].as_str().unwrap().to_string();
            post(app, &t.token, &format!("/api/v1/audits/{a}/checklist/items/{item}/nonconformities"),
                json!({"grade": "minor", "statement": format!("Finding of {a}"), "evidence": "seen"})).await
        }
    };
    let nc1 = raise(a1.clone()).await;
    let nc2 = raise(a2.clone()).await;
    let (cu, _) = client_user(&app, &t.token, &s1.client).await;
    let portal: Value = cu
        .client
        .get(app.url("/api/v1/portal"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(portal["nonconformities"].as_array().unwrap().len(), 1);
    assert_eq!(portal["nonconformities"][0]["id"], nc1["id"]);
    for path in [
        format!("/api/v1/nonconformities/{}", nc2["id"].as_str().unwrap()),
        format!("/api/v1/clients/{}/nonconformities", s2.client),
        format!("/nonconformities/{}", nc2["id"].as_str().unwrap()),
    ] {
        let r = cu.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let r = cu
        .client
        .post(app.url(&format!(
            "/nonconformities/{}/response",
            nc2["id"].as_str().unwrap()
        )))
        .form(&[
            ("csrf", cu.csrf.as_str()),
            ("correction", "x"),
            ("root_cause", "x"),
            ("corrective_action", "x"),
            ("planned_date", day(10).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let n2 = get(
        &app,
        &t.token,
        &format!("/api/v1/nonconformities/{}", nc2["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(n2["status"], "open", "nothing changed");
    // A client user is not staff: no client list.
    let r = cu
        .client
        .get(app.url("/api/v1/clients"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The next audit of the programme starts with the open finding of the first.
    let a1b = confirmed(&app, &t.token, &s1, 1, 30).await;
    post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{a1b}/checklist"),
        json!({}),
    )
    .await;
    let c = get(&app, &t.token, &format!("/api/v1/audits/{a1b}/checklist")).await;
    assert_eq!(c["items"][0]["section"], "follow_up");
    assert_eq!(c["items"][0]["carried_from"], nc1["id"]);
    assert!(
        c["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains(&format!("Finding of {a1}"))
    );
}

#[tokio::test]
async fn nonconformity_answers_are_reminded_before_and_after_their_due_date() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Slow Client").await;
    let a = confirmed(&app, &t.token, &s, 0, 5).await;
    post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{a}/checklist"),
        json!({}),
    )
    .await;
    let c = get(&app, &t.token, &format!("/api/v1/audits/{a}/checklist")).await;
    let item = c["items"][0]["id"].as_str().unwrap().to_string();
    let nc = post(&app, &t.token, &format!("/api/v1/audits/{a}/checklist/items/{item}/nonconformities"),
        json!({"grade": "major", "statement": "No internal audit done", "evidence": "Programme empty"})).await;
    let due = chrono::NaiveDate::parse_from_str(nc["response_due"].as_str().unwrap(), "%Y-%m-%d")
        .unwrap();
    assert_eq!(
        due,
        chrono::Utc::now().date_naive() + chrono::Duration::days(30)
    );
    let run = |d: chrono::NaiveDate| certa_service::reminders::send_due(&app.ctx, d);
    assert_eq!(
        run(due - chrono::Duration::days(8))
            .await
            .unwrap()
            .nonconformities,
        0
    );
    assert_eq!(
        run(due - chrono::Duration::days(7))
            .await
            .unwrap()
            .nonconformities,
        1
    );
    assert_eq!(
        run(due - chrono::Duration::days(6))
            .await
            .unwrap()
            .nonconformities,
        0,
        "once per tier"
    );
    assert_eq!(
        run(due - chrono::Duration::days(1))
            .await
            .unwrap()
            .nonconformities,
        1
    );
    assert_eq!(
        run(due + chrono::Duration::days(1))
            .await
            .unwrap()
            .nonconformities,
        1
    );
    app.dispatch().await;
    let mails = app.wait_for_mails(&s.contact, 3).await;
    let reminders: Vec<_> = mails
        .iter()
        .filter(|m| m.subject.contains("answer to nonconformity 1"))
        .collect();
    assert_eq!(
        reminders.len(),
        3,
        "{:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert!(reminders.iter().any(|m| m.subject.starts_with("Overdue")));
    let to_admin = app.wait_for_mails(&t.admin_email, 1).await;
    assert!(
        to_admin.iter().any(|m| m.subject.starts_with("Overdue")),
        "staff hear of overdue answers"
    );
}

#[tokio::test]
async fn an_edited_template_makes_the_next_checklists() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = setup(&app, &t.token, "Template Client").await;
    let staff = app.login(&t.admin_email, PASSWORD).await;
    let r = staff
        .client
        .post(app.url("/checklist-templates"))
        .form(&[
            ("csrf", staff.csrf.as_str()),
            ("standard", "ISO/IEC 42001:2023"),
            ("audit_type", "stage_1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let edit = r.headers()["location"].to_str().unwrap().to_string();
    let html = staff
        .client
        .get(app.url(&edit))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("readiness | S1.01 |"),
        "items shown as editable lines"
    );
    // A malformed line is refused with its number and nothing changes.
    let r = staff
        .client
        .post(app.url(&edit))
        .form(&[
            ("csrf", staff.csrf.as_str()),
            ("name", "Our stage 1"),
            ("items", "readiness | R1 | only three parts"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let items = "readiness | R1 | Scope | Is the scope statement final, with its exclusions justified?\n\
        clause | 6.1.4 | AI system impact assessment | Which impact assessments were done, and for which AI systems?";
    let r = staff
        .client
        .post(app.url(&edit))
        .form(&[
            ("csrf", staff.csrf.as_str()),
            ("name", "Our stage 1"),
            ("items", items),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = edit.trim_start_matches("/checklist-templates/");
    let tpl = get(&app, &t.token, &format!("/api/v1/checklist-templates/{id}")).await;
    assert_eq!(tpl["name"], "Our stage 1");
    assert_eq!(tpl["items"].as_array().unwrap().len(), 2);
    let a = confirmed(&app, &t.token, &s, 0, 12).await;
    let r = post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{a}/checklist"),
        json!({}),
    )
    .await;
    assert_eq!(
        r["items"], 2,
        "the stage 1 audit uses the tenant's template"
    );
}

#[tokio::test]
async fn the_audit_report_is_served_by_the_api_to_staff_of_its_certification_body() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let other = app.tenant("other").await;
    let s = setup(&app, &t.token, "Report Robotics").await;
    let id = confirmed(&app, &t.token, &s, 1, 10).await;
    let c = new_checklist(&app, &t.token, &id).await;
    let item = c["items"][0]["id"].as_str().unwrap().to_string();
    post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{id}/checklist/items/{item}/nonconformities"),
        json!({"grade": "minor", "statement": "No review record", "evidence": "Asked for it"}),
    )
    .await;

    let r = get(&app, &t.token, &format!("/api/v1/audits/{id}/report")).await;
    assert_eq!(r["audit_id"], id.as_str());
    assert_eq!(r["certification_body"], "ACME Certification");
    assert_eq!(r["client"], "Report Robotics");
    assert_eq!(r["kind"], "stage_2");
    assert_eq!(r["standards"], json!(["ISO/IEC 42001:2023"]));
    assert_eq!(r["integrated"], false);
    assert_eq!(r["team"], json!([{"name": "Lea Lead", "role": "lead"}]));
    assert_eq!(r["starts_on"], day(10));
    assert_eq!(r["ends_on"], day(11));
    assert_eq!(r["total"], 81);
    assert!(r["answered"].as_u64().unwrap() < 81, "{r}");
    let ncs = r["nonconformities"].as_array().unwrap();
    assert_eq!(ncs.len(), 1);
    assert_eq!(ncs[0]["grade"], "minor");
    assert_eq!(ncs[0]["statement"], "No review record");
    assert_eq!(
        (r["majors"].as_u64(), r["minors"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(r["decision_blockers"].as_array().unwrap().len(), 1, "{r}");
    assert!(
        r["recommendation"]
            .as_str()
            .unwrap()
            .starts_with("No recommendation yet"),
        "{r}"
    );
    // The checklist names the same blockers, and the page shows the same report.
    let c = get(&app, &t.token, &format!("/api/v1/audits/{id}/checklist")).await;
    assert_eq!(c["decision_blockers"], r["decision_blockers"]);
    let staff = app.login(&t.admin_email, PASSWORD).await;
    let html = staff
        .client
        .get(app.url(&format!("/audits/{id}/report")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("1 nonconformities: 0 major, 1 minor"),
        "{html}"
    );
    assert!(html.contains("Lea Lead (lead)"), "{html}");

    // Not for the client's own users, nor for another certification body.
    let (cu, _) = client_user(&app, &t.token, &s.client).await;
    let r = cu
        .client
        .get(app.url(&format!("/api/v1/audits/{id}/report")))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "audit_not_found").await;
    let r = api(
        &app,
        &other.token,
        Method::GET,
        &format!("/api/v1/audits/{id}/report"),
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::NOT_FOUND, "audit_not_found").await;
}
