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
    // Five failures per account: the sixth is refused (429) even with the right
    // password, and an unknown account is throttled the same way.
    let (s, b) = attempt(t.admin_email.clone(), PASSWORD).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(b.contains("Too many failed sign-in attempts"), "{b}");
    let (s, b) = attempt("nobody@acme.test.example".into(), "wrong password!").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
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
    let fresh = app.login_into(&t.admin_email, new_pw, t.id).await;
    let events: serde_json::Value = fresh
        .client
        .get(app.url("/api/v1/audit-events"))
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
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Too many failed sign-in attempts")
    );
}

/// The sign-in form, its anonymous CSRF token and a client that carries its cookie.
async fn login_form(app: &TestApp) -> (reqwest::Client, String) {
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
    (c, csrf)
}

#[tokio::test]
async fn parallel_wrong_passwords_evaluate_at_most_the_limit() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let limit = app.ctx.config.throttle_per_account;
    let (c, csrf) = login_form(&app).await;
    let attempts = (0..40).map(|_| {
        let c = c.clone();
        let url = app.url("/login");
        let form = [
            ("email", t.admin_email.clone()),
            ("password", "wrong password!".to_string()),
            ("csrf", csrf.clone()),
        ];
        async move { c.post(url).form(&form).send().await.unwrap().status() }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let evaluated = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(evaluated + throttled, 40, "{statuses:?}");
    assert!(
        evaluated <= usize::try_from(limit).unwrap(),
        "{evaluated} of 40 parallel attempts were evaluated; the limit is {limit}"
    );
    // The right password is throttled too, within the window.
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
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= app.ctx.config.throttle_window.num_seconds());
}

#[tokio::test]
async fn successful_sign_ins_do_not_use_up_the_address() {
    // An office behind one address signs in all day: only failures count against it.
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let per_ip = app.ctx.config.throttle_per_ip;
    for _ in 0..=per_ip {
        let (c, csrf) = login_form(&app).await;
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
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
}

/// Posts the new-password form with `token` from a fresh anonymous client.
async fn post_reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
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
    c.post(app.url("/password/reset"))
        .form(&[("token", token), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_reset_form_is_throttled_per_address() {
    let app = TestApp::spawn().await;
    for i in 0..certa_service::auth::RESET_ATTEMPTS_PER_IP {
        let r = post_reset(&app, &format!("guessed-{i}"), "a long enough password").await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "attempt {i}");
    }
    let r = post_reset(&app, "guessed-again", "a long enough password").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Too many password reset attempts")
    );
}

#[tokio::test]
async fn an_invalid_reset_link_is_refused_before_any_hashing() {
    let app = TestApp::spawn().await;
    // Every hashing permit is taken: any Argon2 work would wait until they are given back.
    let permits = u32::try_from(certa_service::hashing_permits()).unwrap();
    let held = app
        .ctx
        .hashing
        .clone()
        .acquire_many_owned(permits)
        .await
        .unwrap();
    let r = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        post_reset(&app, "no-such-link", "a long enough password"),
    )
    .await
    .expect("an invalid link is answered without waiting for a hashing permit");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("invalid, expired or already used")
    );
    drop(held);
}

#[tokio::test]
async fn a_password_reset_revokes_the_api_tokens_of_every_tenant() {
    let app = TestApp::spawn().await;
    let acme = app.tenant("acme").await;
    let beta = app.tenant("beta").await;
    let email = format!(
        "auditor-{}@acme.test.example",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let in_acme = app.member(&acme, &email, "auditor").await;
    let in_beta = app.member(&beta, &email, "auditor").await;
    let session = app.login_into(&email, PASSWORD, acme.id).await;
    for token in [&in_acme, &in_beta] {
        let r = api(&app, token, reqwest::Method::GET, "/api/v1/me")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let link = app.reset_link(&email).await;
    let new_pw = "an entirely new password";
    let c = browser();
    let r = app.complete_reset(&c, &link, new_pw).await;
    assert_eq!(r.headers()["location"], "/login");
    // The confirmation says what happened.
    let page = c
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("signed out everywhere"), "{page}");
    assert!(
        page.contains("API tokens were revoked (2 token(s))"),
        "{page}"
    );
    // Tokens made before the reset no longer work, in either tenant; nor the session.
    for token in [&in_acme, &in_beta] {
        let r = api(&app, token, reqwest::Method::GET, "/api/v1/me")
            .send()
            .await
            .unwrap();
        assert_problem(r, StatusCode::UNAUTHORIZED, "invalid_token").await;
    }
    let r = session.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/login");
    // The user is told by mail, too.
    app.dispatch().await;
    let mails = app
        .wait_for_mails_until(&email, |m| {
            m.iter().any(|m| m.subject.contains("password was changed"))
        })
        .await;
    let changed = mails
        .iter()
        .find(|m| m.subject.contains("password was changed"))
        .expect("a password-changed mail");
    assert!(changed.text.contains("every API token you had was revoked"));
    assert!(changed.text.contains("(2 token(s))"), "{}", changed.text);
    // Signing in with the new password works, and a new token does.
    let fresh = app.login_into(&email, new_pw, acme.id).await;
    let r = fresh
        .client
        .post(app.url("/api/v1/tokens"))
        .header("x-csrf-token", &fresh.csrf)
        .json(&serde_json::json!({"label": "after the reset"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn disabling_a_user_revokes_their_tokens_and_ends_their_sessions() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let email = format!(
        "leaver-{}@acme.test.example",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let token = app.member(&t, &email, "auditor").await;
    let session = app.login_into(&email, PASSWORD, t.id).await;
    // The operator disables the account with the CLI.
    let out = certa_cli(&app, &["admin", "disable-user", "--email", &email]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("1 session(s) ended, 1 API token(s) revoked"),
        "{said}"
    );
    let r = api(&app, &token, reqwest::Method::GET, "/api/v1/me")
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let r = session.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/login");
    // Enabled again: the old token and session stay revoked; they do not come back.
    certa_service::admin::enable_user(&app.ctx, &email)
        .await
        .unwrap();
    let r = api(&app, &token, reqwest::Method::GET, "/api/v1/me")
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let r = session.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/login");
    let tokens: serde_json::Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let revoked = tokens
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| !x["revoked_at"].is_null())
        .count();
    assert_eq!(revoked, 1, "{tokens}");
    app.login(&email, PASSWORD).await;
}

#[tokio::test]
async fn confirming_an_invitation_with_a_password_shares_the_sign_in_throttle() {
    // Someone who has an account confirms an invitation with their password: that check
    // is a sign-in and must not be a way around the throttle.
    let app = TestApp::spawn().await;
    let acme = app.tenant("acme").await;
    let beta = app.tenant("beta").await;
    let email = format!(
        "existing-{}@beta.test.example",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    app.member(&beta, &email, "auditor").await;
    let r = api(&app, &acme.token, reqwest::Method::POST, "/api/v1/members")
        .json(&serde_json::json!({"email": email, "roles": ["auditor"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    app.dispatch().await;
    let mails = app.wait_for_mails(&email, 1).await;
    let link = mails[0]
        .link(&app.url("/invitations/accept?token="))
        .expect("accept link");
    let c = browser();
    let page = c.get(&link).send().await.unwrap().text().await.unwrap();
    let token = hidden(&page, "token").unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let accept = |password: &'static str| {
        c.post(app.url("/invitations/accept"))
            .form(&[
                ("token", token.as_str()),
                ("name", ""),
                ("password", password),
                ("csrf", csrf.as_str()),
            ])
            .send()
    };
    for _ in 0..app.ctx.config.throttle_per_account {
        let r = accept("not my password").await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/invitations/accept")
        );
    }
    let r = accept(PASSWORD).await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    // And the sign-in form counts the same attempts.
    let (c, csrf) = login_form(&app).await;
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", email.as_str()),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_deep_link_survives_sign_in_and_malformed_ids_get_the_html_page() {
    let app = TestApp::spawn().await;
    let t = app.tenant("deep").await;
    let c = browser();
    // A bookmark of a page, opened signed out: the sign-in page brings it back.
    let r = c.get(app.url("/clients?q=acme")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let login = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(login, "/login?next=%2Fclients%3Fq%3Dacme");
    let page = c
        .get(app.url(&login))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // (HTML-escaped in the attribute, as the browser reads it back.)
    assert_eq!(
        hidden(&page, "next")
            .map(|n| n.replace("&#x3D;", "="))
            .as_deref(),
        Some("/clients?q=acme")
    );
    let csrf = hidden(&page, "csrf").unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", t.admin_email.as_str()),
            ("password", PASSWORD),
            ("next", "/clients?q=acme"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/clients?q=acme");
    // Another site is never a target.
    let r = browser()
        .get(app.url("/login?next=//evil.example"))
        .send()
        .await
        .unwrap();
    let page = r.text().await.unwrap();
    assert_eq!(hidden(&page, "next"), None);
    // A malformed id on a page route: the HTML not-found page, not JSON.
    let r = c.get(app.url("/clients/not-an-id")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    // The API keeps its problem+json.
    let r = api(
        &app,
        &t.token,
        reqwest::Method::GET,
        "/api/v1/clients/not-an-id",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}
