//! Login, sessions, CSRF, throttling, tenant switching, password reset.

use crate::support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn login_sets_a_hardened_session_cookie_and_rotates_it() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let client = browser();
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let login = |c: reqwest::Client, csrf: String| {
        let app_url = app.url("/login");
        let email = t.admin_email.clone();
        async move {
            c.post(app_url)
                .form(&[
                    ("email", email.as_str()),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let r1 = login(client.clone(), csrf.clone()).await;
    assert_eq!(r1.status(), StatusCode::SEE_OTHER);
    // One tenant: straight to the dashboard.
    assert_eq!(r1.headers()["location"], "/");
    let set = r1
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("certa_session="))
        .unwrap();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Lax"), "{set}");
    assert!(
        !set.contains("Secure"),
        "plain-http public URL must not set Secure: {set}"
    );
    let first = set.split(';').next().unwrap().to_string();

    // Logging in again from the same browser gives a new session id and ends the old one.
    let r2 = login(client.clone(), csrf).await;
    let second = r2
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("certa_session="))
        .unwrap();
    let second = second.split(';').next().unwrap().to_string();
    assert_ne!(first, second);
    let old = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = old
        .get(app.url("/"))
        .header("cookie", first)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login");
    let r = old
        .get(app.url("/"))
        .header("cookie", second)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_and_unknown_account_answer_alike_then_throttle() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let client = browser();
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let attempt = |email: String, pw: &'static str| {
        let c = client.clone();
        let url = app.url("/login");
        let csrf = csrf.clone();
        async move {
            let r = c
                .post(url)
                .form(&[("email", email.as_str()), ("password", pw), ("csrf", &csrf)])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (s1, b1) = attempt(t.admin_email.clone(), "wrong password!").await;
    let (s2, b2) = attempt("nobody@acme.test.example".into(), "wrong password!").await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s2, StatusCode::UNAUTHORIZED);
    assert!(b1.contains("The email or password is not correct."));
    assert!(b2.contains("The email or password is not correct."));
    for _ in 0..4 {
        attempt(t.admin_email.clone(), "wrong password!").await;
        attempt("nobody@acme.test.example".into(), "wrong password!").await;
    }
    // Five failures per account: the sixth is refused even with the right password,
    // and an unknown account is throttled the same way.
    let (s, b) = attempt(t.admin_email.clone(), PASSWORD).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(b.contains("Too many failed sign-in attempts"), "{b}");
    let (_, b) = attempt("nobody@acme.test.example".into(), "wrong password!").await;
    assert!(b.contains("Too many failed sign-in attempts"), "{b}");
    // Another account from the same IP still works (per-IP limit is higher).
    let other = "auditor@acme.test.example";
    app.member(&t, other, "auditor").await;
    app.login(other, PASSWORD).await;
}

#[tokio::test]
async fn forms_without_the_session_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let r = s
        .client
        .post(app.url("/members/invite"))
        .form(&[
            ("email", "x@y.example"),
            ("roles", "viewer"),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .client
        .post(app.url("/members/invite"))
        .form(&[("email", "x@y.example"), ("roles", "viewer")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Nothing was written.
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/invitations"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<serde_json::Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // The session used on the API must send the CSRF header for unsafe methods.
    let r = s
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({"label": "x"}))
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "csrf_failed").await;
    let r = s
        .client
        .post(app.url("/api/v1/tokens"))
        .header("x-csrf-token", &s.csrf)
        .json(&serde_json::json!({"label": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // And the login form needs its own token.
    let r = browser()
        .post(app.url("/login"))
        .form(&[
            ("email", t.admin_email.as_str()),
            ("password", PASSWORD),
            ("csrf", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_member_of_two_tenants_picks_and_switches() {
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    app.member(&b, &a.admin_email, "auditor").await;
    let s = app.login(&a.admin_email, PASSWORD).await;
    let page = s
        .client
        .get(app.url("/tenants"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&a.name) && page.contains(&b.name));
    // No tenant yet: the dashboard sends to the picker.
    let r = s.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/tenants");
    for (t, role) in [(&b, "auditor"), (&a, "admin")] {
        let r = s
            .client
            .post(app.url("/tenants/switch"))
            .form(&[("tenant_id", t.id.to_string().as_str()), ("csrf", &s.csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let me: serde_json::Value = s
            .client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let current: Vec<_> = me["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["current"] == true)
            .collect();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0]["tenant_id"], t.id.to_string());
        assert_eq!(current[0]["roles"][0], role);
        let dash = s
            .client
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(dash.contains(&format!("<h1>{}</h1>", t.name)));
    }
    // A tenant the user is not in: not found, and the session stays where it was.
    let c = app.tenant("gamma").await;
    let r = s
        .client
        .post(app.url("/tenants/switch"))
        .form(&[("tenant_id", c.id.to_string().as_str()), ("csrf", &s.csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let dash = s
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dash.contains(&format!("<h1>{}</h1>", a.name)));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let r = s
        .client
        .post(app.url("/logout"))
        .form(&[("csrf", &s.csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/login");
    let page = s
        .client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("You have been logged out."));
    let r = s.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/login");
    let r = s.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_problem(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn password_reset_by_mail_works_once_and_ends_old_sessions() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let old = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let c = browser();
    let page = c
        .get(app.url("/password/forgot"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    for email in [t.admin_email.as_str(), "nobody@acme.test.example"] {
        let r = c
            .post(app.url("/password/forgot"))
            .form(&[("email", email), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "same answer for known and unknown accounts"
        );
    }
    app.dispatch().await;
    let mails = app.wait_for_mails(&t.admin_email, 1).await;
    assert_eq!(mails.len(), 1);
    assert!(app.mails_to("nobody@acme.test.example").await.is_empty());
    let link = mails[0]
        .link(&app.url("/password/reset?token="))
        .expect("reset link in the mail");
    let page = c.get(&link).send().await.unwrap().text().await.unwrap();
    let token = hidden(&page, "token").unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let new_pw = "an entirely new password";
    let r = c
        .post(app.url("/password/reset"))
        .form(&[
            ("token", token.as_str()),
            ("password", "short"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/password/reset")
    );
    let r = c
        .post(app.url("/password/reset"))
        .form(&[
            ("token", token.as_str()),
            ("password", new_pw),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/login");
    let r = c
        .post(app.url("/password/reset"))
        .form(&[
            ("token", token.as_str()),
            ("password", "yet another password"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::BAD_REQUEST,
        "a reset link works once"
    );
    // The old session is over; the new password works, the old one does not.
    let r = old.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/login");
    app.login(&t.admin_email, new_pw).await;
    let events: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/audit-events"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "user.password_reset")
    );
}

#[tokio::test]
async fn idle_and_absolute_session_expiry_end_the_session() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let idle = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let old = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    // Age the sessions directly in the database: one idle for 3 hours (idle limit 2 h),
    // the other created 13 hours ago but active (absolute limit 12 h).
    let db = owner_connection(&app).await;
    use sea_orm::ConnectionTrait;
    let pg = app.pg.is_some();
    let ago = |h: i64| {
        let t = (chrono::Utc::now() - chrono::Duration::hours(h)).to_rfc3339();
        if pg {
            format!("'{t}'::timestamptz")
        } else {
            format!("'{t}'")
        }
    };
    let sessions = db
        .query_all(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "select id from sessions order by created_at".to_string(),
        ))
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    let id_of = |i: usize| -> uuid::Uuid { sessions[i].try_get("", "id").unwrap() };
    let (first, second) = (id_of(0), id_of(1));
    let lit = |u: uuid::Uuid| {
        if pg {
            format!("'{u}'")
        } else {
            format!("x'{}'", u.simple())
        }
    };
    db.execute_unprepared(&format!(
        "update sessions set last_seen_at = {} where id = {}",
        ago(3),
        lit(first)
    ))
    .await
    .unwrap();
    db.execute_unprepared(&format!(
        "update sessions set expires_at = {} where id = {}",
        ago(1),
        lit(second)
    ))
    .await
    .unwrap();
    db.close().await.ok();
    for s in [&idle, &old] {
        let r = s.client.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/login");
    }
}

#[tokio::test]
async fn failures_from_one_ip_are_throttled_across_accounts() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let c = browser();
    let page = c
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    // 50 failures per IP in the window, spread over many accounts (4 each, under the
    // per-account limit).
    for i in 0..50 {
        let email = format!("guess{}@acme.test.example", i / 4);
        let r = c
            .post(app.url("/login"))
            .form(&[
                ("email", email.as_str()),
                ("password", "nope nope nope"),
                ("csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
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
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Too many failed sign-in attempts")
    );
}
