//! Public verification without an account (ISO/IEC 17021-1 8.1): the public JSON and page
//! of a certificate follow every change at once (grant, suspension, restoration, a scope
//! reduction that supersedes the first revision, withdrawal, expiry); the directory finds
//! holders without regard to case or accents, lists only what the bodies publish and what
//! clients allow, and pages with a cursor; numbers are unique across bodies; answers carry
//! entity tags and are limited per client address; each look-up is one SQL statement.

use crate::certification::{granted, ready};
use crate::fieldwork::get;
use crate::scheduling::post;
use crate::support::*;
use reqwest::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// An anonymous GET (no token, no cookie).
async fn public_get(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .send()
        .await
        .unwrap()
}

fn statements(r: &reqwest::Response) -> u64 {
    r.headers()["x-certa-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// The public JSON of `number`, asserting 200, the caching headers and one statement.
async fn public_json(app: &TestApp, number: &str) -> Value {
    let r = public_get(app, &format!("/api/v1/public/certificates/{number}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{number}");
    assert_eq!(r.headers()[CACHE_CONTROL], "public, max-age=60");
    assert!(r.headers().get(ETAG).is_some());
    assert!(statements(&r) <= 1, "at most one SQL statement per look-up");
    r.json().await.unwrap()
}

/// The public page of `number`, asserting 200 and one statement.
async fn public_page(app: &TestApp, number: &str) -> String {
    let r = public_get(app, &format!("/verify/{number}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{number}");
    assert_eq!(r.headers()[CACHE_CONTROL], "public, max-age=60");
    assert!(statements(&r) <= 1, "at most one SQL statement per page");
    r.text().await.unwrap()
}

/// The directory's answer for `query` (the part after `?`), asserting one statement.
async fn directory(app: &TestApp, query: &str) -> Value {
    let r = public_get(app, &format!("/api/v1/public/certificates?{query}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    assert_eq!(statements(&r), 1, "one SQL statement per search");
    r.json().await.unwrap()
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap().to_string())
        .collect()
}

fn counting() -> Options {
    Options {
        sql_count_header: true,
        ..Options::default()
    }
}

async fn decide(app: &TestApp, token: &str, programme: &str, body: Value) -> Value {
    post(
        app,
        token,
        &format!("/api/v1/programmes/{programme}/decisions"),
        body,
    )
    .await
}

#[tokio::test]
async fn the_public_json_and_page_follow_every_change_of_a_certificate() {
    let app = TestApp::spawn_with(counting()).await;
    let t = app.tenant("acme").await;
    let (r, id) = granted(&app, &t).await;
    let c = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    let number = c["number"].as_str().unwrap().to_string();
    let today = chrono::Utc::now().date_naive().to_string();

    // Granted: every published field, and nothing private.
    let j = public_json(&app, &number).await;
    assert_eq!(j["number"], number);
    assert_eq!(j["revision"], 0);
    assert_eq!(j["status"], "active");
    assert_eq!(j["holder"]["name"], "Helios Robotics");
    assert!(j["holder"]["location"].is_string());
    assert!(j["sites"].is_array());
    assert_eq!(j["scope"], c["scope"]);
    assert_eq!(j["standards"][0]["code"], "ISO/IEC 42001:2023");
    assert!(j["standards"][0]["title"].as_str().unwrap().len() > 5);
    assert_eq!(j["effective_date"], today);
    assert_eq!(j["original_date"], today);
    assert_eq!(j["expiry_date"], c["expiry_date"]);
    assert_eq!(j["certification_body"]["name"], t.name);
    assert!(j["certification_body"].get("email").is_none());
    assert_eq!(j["accreditation"], json!([]));
    assert_eq!(j["page"], app.url(&format!("/verify/{number}")));
    let as_of = chrono::DateTime::parse_from_rfc3339(j["as_of"].as_str().unwrap()).unwrap();
    assert_eq!(as_of.offset().local_minus_utc(), 0, "as_of is UTC");
    assert!(j["as_of"].as_str().unwrap().ends_with('Z'));
    assert!(j["status_assertion"].as_str().unwrap().split('.').count() == 3);
    let text = j.to_string();
    for private in [id.as_str(), &r.s.client, &t.id.to_string(), &r.programme] {
        assert!(!text.contains(private), "{private} leaked: {text}");
    }
    // The tag answers 304 while nothing changed.
    let tag = public_get(&app, &format!("/api/v1/public/certificates/{number}"))
        .await
        .headers()[ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let r304 = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/public/certificates/{number}")))
        .header(IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(r304.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(r304.headers()[ETAG].to_str().unwrap(), tag);
    assert_eq!(statements(&r304), 0, "served from the cache");
    assert!(r304.bytes().await.unwrap().is_empty());

    // The page: the status in words and colour, the fields, the body, the time; no
    // navigation of the signed-in pages.
    let html = public_page(&app, &number).await;
    assert!(
        html.contains("class=\"chip active\">Valid</span>"),
        "{html}"
    );
    for want in [
        number.as_str(),
        "Helios Robotics",
        "ISO/IEC 42001:2023",
        t.name.as_str(),
        "As of <time datetime=\"",
        "Certified since",
        "Expires",
    ] {
        assert!(html.contains(want), "{want} missing from the page");
    }
    assert!(!html.contains("Log out") && !html.contains("aria-label=\"Main\""));
    let page_tag = public_get(&app, &format!("/verify/{number}"))
        .await
        .headers()[ETAG]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(page_tag, tag, "the page and the JSON are tagged apart");
    let r304 = reqwest::Client::new()
        .get(app.url(&format!("/verify/{number}")))
        .header(IF_NONE_MATCH, &page_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(r304.status(), StatusCode::NOT_MODIFIED);

    // Suspended: at once, in the JSON and on the page; a new tag.
    let path = |a: &str| format!("/api/v1/certificates/{id}/{a}");
    let until = (chrono::Utc::now().date_naive() + chrono::Months::new(2)).to_string();
    post(
        &app,
        &r.decider_token,
        &path("suspend"),
        json!({"reason": "Surveillance refused", "until": until}),
    )
    .await;
    let j = public_json(&app, &number).await;
    assert_eq!(j["status"], "suspended");
    assert!(
        !j.to_string().contains("Surveillance refused"),
        "the reason is not published"
    );
    let html = public_page(&app, &number).await;
    assert!(html.contains("class=\"chip suspended\">Suspended</span>"));
    let stale = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/public/certificates/{number}")))
        .header(IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        stale.status(),
        StatusCode::OK,
        "the old tag no longer matches"
    );

    // Restored.
    post(&app, &r.decider_token, &path("restore"), json!({})).await;
    assert_eq!(public_json(&app, &number).await["status"], "active");

    // The client is renamed and gets a site; a scope reduction issues revision 1, whose
    // content the registry shows; revision 0 is superseded.
    let client = &r.s.client;
    let x = api(
        &app,
        &t.token,
        Method::PUT,
        &format!("/api/v1/clients/{client}"),
    )
    .json(&json!({"legal_name": "Hélios Robotik Müller & Söhne"}))
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    post(
        &app,
        &t.token,
        &format!("/api/v1/clients/{client}/sites"),
        json!({"name": "Werk Zürich", "address": "Hardstrasse 1", "city": "Zürich", "country": "CH",
            "kind": "permanent", "headcount": 40, "central_function": true}),
    )
    .await;
    decide(
        &app,
        &r.decider_token,
        &r.programme,
        json!({"kind": "reduce_scope", "reasons": "Robot line B closed",
            "scope": "AI inspection robots, line A", "certificate_id": id}),
    )
    .await;
    let j = public_json(&app, &number).await;
    assert_eq!(
        (j["revision"].as_i64(), j["status"].as_str()),
        (Some(1), Some("active"))
    );
    assert_eq!(j["scope"], "AI inspection robots, line A");
    assert_eq!(j["holder"]["name"], "Hélios Robotik Müller & Söhne");
    assert_eq!(j["holder"]["location"], "Hardstrasse 1, Zürich, CH");
    assert_eq!(
        j["sites"],
        json!([{"name": "Werk Zürich", "location": "Hardstrasse 1, Zürich, CH",
            "scope": "AI inspection robots, line A"}])
    );
    assert_eq!(
        public_json(&app, &format!("{number}/R1")).await["revision"],
        1
    );
    let old = public_json(&app, &format!("{number}/R0")).await;
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["revision"], 0);
    assert_eq!(old["current"]["revision"], 1);
    assert_eq!(old["current"]["number"], format!("{number}/R1"));
    assert_eq!(
        old["current"]["url"],
        app.url(&format!("/api/v1/public/certificates/{number}/R1"))
    );
    assert!(old.get("scope").is_none() && old.get("holder").is_none());
    let html = public_page(&app, &format!("{number}/R0")).await;
    assert!(html.contains("class=\"chip superseded\">Superseded</span>"));
    assert!(html.contains(&format!("href=\"/verify/{number}/R1\"")));
    let r = public_get(&app, &format!("/api/v1/public/certificates/{number}/R2")).await;
    assert_problem(r, StatusCode::NOT_FOUND, "certificate_not_found").await;

    // The directory finds the holder by a lowercase fragment without accents, in any case.
    for q in ["helios", "MULLER", "sohne", "robotik%20m%C3%BCller"] {
        assert_eq!(
            numbers(&directory(&app, &format!("q={q}")).await),
            vec![number.clone()],
            "{q}"
        );
    }
    assert_eq!(
        directory(&app, "q=zzz-nothing").await,
        json!({"items": [], "next": null})
    );
    let r = public_get(&app, "/api/v1/public/certificates?q=he").await;
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "search_too_short").await;
    assert_eq!(p["field"], "q");
    let r = public_get(&app, "/api/v1/public/certificates?q=helios&limit=51").await;
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_number").await;
    let r = public_get(&app, "/api/v1/public/certificates?q=helios&cursor=xyz").await;
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor").await;

    // Withdrawn (an admin may withdraw): still answered by number (the status is
    // public), no longer valid.
    let x = api(&app, &t.token, Method::POST, &path("withdraw"))
        .json(&json!({"reason": "Contract ended"}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(public_json(&app, &number).await["status"], "withdrawn");
    let html = public_page(&app, &number).await;
    assert!(html.contains("class=\"chip withdrawn\">Withdrawn</span>"));

    // Unknown numbers: 404 problem+json, and a page that names nothing else.
    let r = public_get(&app, "/api/v1/public/certificates/ACME-42001-99999").await;
    assert_eq!(statements(&r), 1, "an uncached look-up is one statement");
    let p = assert_problem(r, StatusCode::NOT_FOUND, "certificate_not_found").await;
    assert!(!p.to_string().contains(&number));
    let r = public_get(&app, "/verify/NOPE-1").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(html.contains("No such certificate") && !html.contains(&number));
}

#[tokio::test]
async fn look_ups_are_served_from_the_cache_until_the_certificate_changes() {
    let app = TestApp::spawn_with(counting()).await;
    let t = app.tenant("acme").await;
    let (r, id) = granted(&app, &t).await;
    let c = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    let number = c["number"].as_str().unwrap().to_string();
    let json_path = format!("/api/v1/public/certificates/{number}");
    let look = |path: String| {
        let app = &app;
        async move {
            let r = public_get(app, &path).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let n = statements(&r);
            (n, r.text().await.unwrap())
        }
    };
    // The first look-up reads the registry; the next ones, the JSON and the page alike,
    // are served from memory.
    let (first, _) = look(json_path.clone()).await;
    assert_eq!(first, 1);
    assert_eq!(look(json_path.clone()).await.0, 0);
    assert_eq!(look(format!("/verify/{number}")).await.0, 0);
    assert_eq!(look(format!("{json_path}/credential.jwt")).await.0, 0);
    // An unknown number: read once, then its absence is remembered too.
    let unknown = "/api/v1/public/certificates/ACME-42001-77777";
    assert_eq!(statements(&public_get(&app, unknown).await), 1);
    assert_eq!(statements(&public_get(&app, unknown).await), 0);
    // A change drops the cached answer when it commits: the next look-up reads it.
    let until = (chrono::Utc::now().date_naive() + chrono::Months::new(2)).to_string();
    post(
        &app,
        &r.decider_token,
        &format!("/api/v1/certificates/{id}/suspend"),
        json!({"reason": "Surveillance refused", "until": until}),
    )
    .await;
    let (n, body) = look(json_path.clone()).await;
    assert_eq!(n, 1);
    assert!(body.contains("\"status\":\"suspended\""), "{body}");
    let (n, body) = look(json_path.clone()).await;
    assert_eq!(n, 0);
    assert!(body.contains("\"status\":\"suspended\""), "{body}");
    // Listing choices drop everything (a contact address shows in every answer).
    let x = api(&app, &t.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"certificates": {"contact_email": "certificates@acme.example"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK, "{}", x.text().await.unwrap());
    let (n, body) = look(json_path).await;
    assert_eq!(n, 1);
    assert!(body.contains("certificates@acme.example"), "{body}");
}

#[tokio::test]
async fn the_directory_lists_what_bodies_publish_and_clients_allow() {
    let app = TestApp::spawn_with(counting()).await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    let (ra, ida) = granted(&app, &a).await;
    let (_, idb) = granted(&app, &b).await;
    let na = get(&app, &a.token, &format!("/api/v1/certificates/{ida}")).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let nb = get(&app, &b.token, &format!("/api/v1/certificates/{idb}")).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(na, nb);
    let mut both = vec![na.clone(), nb.clone()];
    both.sort();
    let page = directory(&app, "q=helios").await;
    let mut found = numbers(&page);
    found.sort();
    assert_eq!(found, both);
    assert_eq!(page["next"], Value::Null);
    // Each body's own name is on its own certificates.
    for item in page["items"].as_array().unwrap() {
        let body = item["certification_body"]["name"].as_str().unwrap();
        let own = if item["number"] == na {
            &a.name
        } else {
            &b.name
        };
        assert_eq!(body, own);
    }

    // A page at a time: the cursor follows on, the last page has none.
    let first = directory(&app, "q=helios&limit=1").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let cursor = first["next"].as_str().unwrap().to_string();
    let second = directory(&app, &format!("q=helios&limit=1&cursor={cursor}")).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next"], Value::Null);
    let mut paged = [numbers(&first), numbers(&second)].concat();
    paged.sort();
    assert_eq!(paged, both);

    // A confidential client: looked up by number, not listed.
    let client = &ra.s.client;
    let x = api(
        &app,
        &a.token,
        Method::PUT,
        &format!("/api/v1/clients/{client}"),
    )
    .json(&json!({"legal_name": "Helios Robotics", "confidential": true}))
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(x.json::<Value>().await.unwrap()["confidential"], true);
    assert_eq!(
        numbers(&directory(&app, "q=helios").await),
        vec![nb.clone()]
    );
    assert_eq!(public_json(&app, &na).await["status"], "active");
    // A replace that does not name it keeps it.
    let x = api(
        &app,
        &a.token,
        Method::PUT,
        &format!("/api/v1/clients/{client}"),
    )
    .json(&json!({"legal_name": "Helios Robotics", "notes": "Asked for confidentiality"}))
    .send()
    .await
    .unwrap();
    assert_eq!(x.json::<Value>().await.unwrap()["confidential"], true);
    assert_eq!(
        numbers(&directory(&app, "q=helios").await),
        vec![nb.clone()]
    );

    // A body that does not publish in the directory: not searched, still answered by number.
    let x = api(&app, &b.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"certificates": {"public_directory": false, "contact_email": "registry@beta.test.example"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(directory(&app, "q=helios").await["items"], json!([]));
    let j = public_json(&app, &nb).await;
    assert_eq!(j["status"], "active");
    assert_eq!(
        j["certification_body"]["email"],
        "registry@beta.test.example"
    );
    let x = api(&app, &b.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"certificates": {"contact_email": "not an address"}}))
        .send()
        .await
        .unwrap();
    let p = assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email").await;
    assert_eq!(p["field"], "contact_email");

    // Both come back.
    let x = api(&app, &b.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"certificates": {"public_directory": true}}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let x = api(
        &app,
        &a.token,
        Method::PUT,
        &format!("/api/v1/clients/{client}"),
    )
    .json(&json!({"legal_name": "Helios Robotics", "confidential": false}))
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let mut found = numbers(&directory(&app, "q=helios").await);
    found.sort();
    assert_eq!(found, both);

    // The client page's checkbox sets it too, and the settings page's the directory.
    let s = app.login_into(&a.admin_email, PASSWORD, a.id).await;
    let r = s
        .client
        .post(app.url(&format!("/clients/{client}")))
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("legal_name", "Helios Robotics"),
            ("reference", "CL-00001"),
            ("confidential_shown", "1"),
            ("confidential", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        numbers(&directory(&app, "q=helios").await),
        vec![nb.clone()]
    );
    let page = s
        .client
        .get(app.url("/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"cert_public_directory\" value=\"1\" checked"));

    // The daily expiry: the registry shows it the moment the job commits.
    let expiry = chrono::NaiveDate::parse_from_str(
        public_json(&app, &nb).await["expiry_date"]
            .as_str()
            .unwrap(),
        "%Y-%m-%d",
    )
    .unwrap();
    certa_service::reminders::send_due(&app.ctx, expiry + chrono::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(public_json(&app, &nb).await["status"], "expired");
    assert_eq!(public_json(&app, &na).await["status"], "expired");
}

#[tokio::test]
async fn a_number_another_body_holds_is_refused_and_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let a = app.tenant("acme").await;
    let b = app.tenant("beta").await;
    let (_, ida) = granted(&app, &a).await;
    let na = get(&app, &a.token, &format!("/api/v1/certificates/{ida}")).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    // Beta chooses Acme's prefix: its first number is Acme's.
    let x = api(&app, &b.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"certificates": {"prefix": "ACME"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let r = ready(&app, &b).await;
    let audit = r.audit.as_str();
    post(
        &app,
        &r.lead_token,
        &format!("/api/v1/audits/{audit}/report/submit"),
        json!({"recommendation": "recommend", "summary": "Effective."}),
    )
    .await;
    post(
        &app,
        &r.decider_token,
        &format!("/api/v1/audits/{audit}/technical-review"),
        json!({"outcome": "passed"}),
    )
    .await;
    let grant = json!({"kind": "grant", "audit_ids": [audit], "application_confirmed": true,
        "soa_version": "SoA v1"});
    let decide_path = format!("/api/v1/programmes/{}/decisions", r.programme);
    let x = api(&app, &r.decider_token, Method::POST, &decide_path)
        .json(&grant)
        .send()
        .await
        .unwrap();
    let p = assert_problem(x, StatusCode::CONFLICT, "certificate_number_taken").await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("choose another number prefix"),
        "{p}"
    );
    // Nothing of Beta's decision remains; Acme's record is untouched.
    assert_eq!(
        get(&app, &b.token, "/api/v1/certificates").await["total"],
        0
    );
    assert_eq!(get(&app, &b.token, &decide_path).await["items"], json!([]));
    let j = public_json_plain(&app, &na).await;
    assert_eq!(j["certification_body"]["name"], a.name);
    // Another prefix: the grant goes through, with the sequence number not used up.
    let x = api(&app, &b.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"certificates": {"prefix": "BETA"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let out = decide(&app, &r.decider_token, &r.programme, grant).await;
    let nb = out["certificate"]["number"].as_str().unwrap();
    assert_eq!(nb, na.replacen("ACME", "BETA", 1));
    assert_eq!(
        public_json_plain(&app, nb).await["certification_body"]["name"],
        b.name
    );
}

async fn public_json_plain(app: &TestApp, number: &str) -> Value {
    let r = public_get(app, &format!("/api/v1/public/certificates/{number}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{number}");
    r.json().await.unwrap()
}

/// A public look-up from `client` as a proxy on 127.0.0.1 forwards it.
async fn forwarded_for(app: &TestApp, client: &str) -> StatusCode {
    reqwest::Client::new()
        .get(app.url("/api/v1/public/certificates/NOPE-1"))
        .header("x-forwarded-for", client)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_limit_counts_the_forwarded_client() {
    let app = TestApp::spawn_with(Options {
        public_rate_per_minute: Some(2),
        trusted_proxies: Some("127.0.0.1"),
        ..Options::default()
    })
    .await;
    let one = "203.0.113.7";
    for _ in 0..2 {
        assert_eq!(forwarded_for(&app, one).await, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        forwarded_for(&app, one).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client behind the same proxy has its own count; so has a chain whose
    // rightmost untrusted hop is another client (the left part is the client's to forge).
    assert_eq!(
        forwarded_for(&app, "198.51.100.9").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        forwarded_for(&app, &format!("{one}, 192.0.2.44")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        forwarded_for(&app, &format!("192.0.2.44, {one}")).await,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Without trusted proxies the header is ignored: the peer is counted, whatever it says.
    let plain = TestApp::spawn_with(Options {
        public_rate_per_minute: Some(2),
        ..Options::default()
    })
    .await;
    for (i, status) in [
        StatusCode::NOT_FOUND,
        StatusCode::NOT_FOUND,
        StatusCode::TOO_MANY_REQUESTS,
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(
            forwarded_for(&plain, &format!("198.51.100.{i}")).await,
            status
        );
    }
}

#[tokio::test]
async fn public_routes_answer_429_past_the_limit_per_address() {
    let app = TestApp::spawn_with(Options {
        public_rate_per_minute: Some(3),
        ..Options::default()
    })
    .await;
    for path in [
        "/api/v1/public/certificates/NOPE-1",
        "/verify/NOPE-2",
        "/api/v1/public/certificates?q=nobody",
    ] {
        let r = public_get(&app, path).await;
        assert_ne!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
    }
    for path in [
        "/api/v1/public/certificates/NOPE-1",
        "/verify/NOPE-2",
        "/api/v1/public/certificates?q=nobody",
    ] {
        let r = public_get(&app, path).await;
        let retry: u64 = r.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry), "{retry}");
        assert_problem(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    }
    // Signed-in routes are not limited by it.
    let t = app.tenant("acme").await;
    let x = api(&app, &t.token, Method::GET, "/api/v1/me")
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
}
