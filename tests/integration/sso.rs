//! Single sign-on and second factors.
//!
//! - Against a real OpenID provider on loopback (npm `oidc-provider`, started from
//!   `tests/oidc/provider.mjs`): an admin connects and tests it, a new auditor signs in by
//!   e-mail domain and is provisioned with the mapped role; a replayed answer, a wrong
//!   `state`, a code from another sign-in (the wrong PKCE verifier), a code redeemed twice,
//!   a wrong or missing `iss` parameter are refused with their codes and no session; the
//!   provider refuses a token request without the verifier; "require single sign-on"
//!   refuses passwords except from break-glass administrators.
//! - Against a stub issuer serving ID tokens the test mints: wrong audience, wrong issuer,
//!   expired, `alg: none`, HS256 signed with the provider's public key, a key the key set
//!   does not hold, a wrong nonce — each refused with its code and nothing created; a good
//!   token signs in (so the refusals are the checks', not the stub's).
//! - TOTP: enrolment, sign-in with a code, the same code refused again, a recovery code
//!   working once, throttling after repeated wrong codes, the tenant policy that requires a
//!   second factor, and an administrator's reset (recorded).

use crate::support::*;
use base64::Engine as _;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "certa-test";
pub const CLIENT_SECRET: &str = "a test client secret of some length";

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// A running `tests/oidc/provider.mjs`; stopped when dropped.
pub struct Provider {
    pub issuer: String,
    _child: tokio::process::Child,
}

impl Provider {
    /// Starts the provider for `app` with `accounts`, or `None` (after saying why) when
    /// Node's packages are missing and skipping is allowed.
    pub async fn start(app: &TestApp, accounts: Value) -> Option<Self> {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        if !root
            .join("tests/browser/node_modules/oidc-provider")
            .exists()
        {
            assert!(
                !strict(),
                "CI=true: tests/browser/node_modules (npm ci) is required"
            );
            eprintln!("skipping: needs `npm ci --prefix tests/browser` (oidc-provider)");
            return None;
        }
        let mut child = tokio::process::Command::new("node")
            .arg(root.join("tests/oidc/provider.mjs"))
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
            .env("OIDC_REDIRECT_URIS", app.url("/sso/callback"))
            .env("OIDC_POST_LOGOUT_REDIRECT_URIS", app.url("/login"))
            .env("OIDC_ACCOUNTS", accounts.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start node");
        use tokio::io::AsyncBufReadExt;
        let mut lines = tokio::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        let line = tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line())
            .await
            .expect("the provider says it is ready within 30 s")
            .expect("read")
            .expect("a line");
        let ready: Value = serde_json::from_str(
            line.strip_prefix("oidc-provider ready ")
                .expect("the ready line"),
        )
        .expect("JSON");
        Some(Self {
            issuer: ready["issuer"].as_str().expect("issuer").to_string(),
            _child: child,
        })
    }
}

/// Connects `issuer` as the tenant's provider through the API, for `domain`, mapping the
/// `groups` claim's `certa-auditors` to auditor and `certa-admins` to admin.
pub async fn connect(app: &TestApp, token: &str, issuer: &str, domain: &str, extra: Value) {
    let mut body = json!({
        "enabled": true,
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": ["email", "profile", "groups"],
        "email_domains": [domain],
        "role_claim": "groups",
        "role_map": {"certa-auditors": "auditor", "certa-admins": "admin"},
        "jit_provisioning": true,
    });
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    let r = api(app, token, Method::PUT, "/api/v1/settings/sign-in")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["client_secret_set"], true);
    assert!(
        v.get("client_secret").is_none(),
        "the secret is never shown"
    );
}

fn location(r: &reqwest::Response) -> String {
    let l = r.headers()["location"].to_str().unwrap().to_string();
    url::Url::parse(r.url().as_str())
        .unwrap()
        .join(&l)
        .unwrap()
        .to_string()
}

fn query(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `url` with its query parameter `name` replaced by `value` (or removed).
fn with_query(url: &str, name: &str, value: Option<&str>) -> String {
    let mut u = url::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .chain(value.map(|v| (name.to_string(), v.to_string())))
        .collect();
    u.query_pairs_mut().clear().extend_pairs(pairs);
    u.to_string()
}

/// Follows the provider from its authorization address, signing in as `login`, to the
/// answer at Certa's redirect address (not followed).
async fn through_provider(
    app: &TestApp,
    c: &reqwest::Client,
    auth_url: &str,
    login: &str,
) -> String {
    let mut at = auth_url.to_string();
    for _ in 0..10 {
        if at.starts_with(&app.base) {
            return at;
        }
        let r = c.get(&at).send().await.unwrap();
        if r.status().is_redirection() {
            at = location(&r);
            continue;
        }
        assert_eq!(r.status(), StatusCode::OK, "at {at}");
        let page = r.text().await.unwrap();
        let action = page
            .split("action=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("the provider's login form");
        let post = url::Url::parse(&at).unwrap().join(action).unwrap();
        let r = c.post(post).form(&[("login", login)]).send().await.unwrap();
        assert!(
            r.status().is_redirection(),
            "login of {login}: {}",
            r.status()
        );
        at = location(&r);
    }
    panic!("the provider never answered Certa");
}

/// Starts a sign-in at Certa for `slug`: the provider's authorization address.
async fn start(app: &TestApp, c: &reqwest::Client, slug: &str) -> String {
    let r = c
        .get(app.url(&format!("/sso/{slug}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    location(&r)
}

/// Asserts the answer is the error page with `code`, and the browser has no session.
async fn refused(app: &TestApp, c: &reqwest::Client, r: reqwest::Response, code: &str) {
    let status = r.status();
    let body = r.text().await.unwrap();
    assert!(
        status == StatusCode::UNAUTHORIZED || status == StatusCode::BAD_GATEWAY,
        "{code}: {status}"
    );
    assert!(
        body.contains(&format!("<code>{code}</code>")),
        "expected {code}: {body}"
    );
    let me = c.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(
        me.status(),
        StatusCode::UNAUTHORIZED,
        "no session after {code}"
    );
}

async fn members(app: &TestApp, token: &str) -> Vec<Value> {
    api(app, token, Method::GET, "/api/v1/members")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn accounts() -> Value {
    json!({
        "ada": {"email": "ada@sso.example", "email_verified": true, "name": "Ada Lovelace", "groups": ["certa-auditors"]},
        "eve": {"email": "eve@sso.example", "email_verified": true, "name": "Eve", "groups": ["certa-auditors"]},
        "nobody": {"email": "nobody@sso.example", "email_verified": true, "name": "No Group", "groups": ["other"]},
        "outsider": {"email": "out@elsewhere.example", "email_verified": true, "name": "Outsider", "groups": ["certa-auditors"]},
        "lin": {"email": "lin@sso.example", "email_verified": true, "name": "Lin Local", "groups": ["certa-auditors"]},
        "cleo": {"email": "cleo@sso.example", "email_verified": true, "name": "Cleo Client", "groups": ["customers"], "organisation": "CL-00001"},
        "nora": {"email": "nora@sso.example", "email_verified": true, "name": "Nora Nowhere", "groups": ["customers"], "organisation": "CL-99999"},
    })
}

#[tokio::test]
async fn a_new_auditor_signs_in_through_the_provider_and_every_tampered_answer_is_refused() {
    let app = TestApp::spawn().await;
    let Some(op) = Provider::start(&app, accounts()).await else {
        return;
    };
    let t = app.tenant("ssoa").await;
    connect(&app, &t.token, &op.issuer, "sso.example", json!({})).await;

    // The admin's connection test: discovery, keys and a dry-run request all pass.
    let report: Value = api(
        &app,
        &t.token,
        Method::POST,
        "/api/v1/settings/sign-in/test",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["checks"].as_array().unwrap().len(), 4);

    // The login page asks for the address first; the domain leads to the provider.
    let c = browser();
    let page = c
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("name=\"password\""),
        "the e-mail comes first"
    );
    let csrf = hidden(&page, "csrf").unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[("email", "ada@sso.example"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let auth = location(&r);
    assert!(auth.starts_with(&op.issuer), "{auth}");
    assert_eq!(
        query(&auth, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert!(query(&auth, "nonce").is_some() && query(&auth, "state").is_some());
    assert_eq!(
        query(&auth, "login_hint").as_deref(),
        Some("ada@sso.example")
    );
    let answer = through_provider(&app, &c, &auth, "ada").await;
    assert_eq!(query(&answer, "iss").as_deref(), Some(op.issuer.as_str()));

    // Before it is used: a wrong state is refused, and spends nothing.
    let state = query(&answer, "state").unwrap();
    let wrong = with_query(&answer, "state", Some(&format!("{state}x")));
    let r = c.get(&wrong).send().await.unwrap();
    refused(&app, &c, r, "sso_state_invalid").await;
    // The answer in another browser (no state cookie) is refused too.
    let r = browser().get(&answer).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("<code>sso_state_invalid</code>")
    );

    // The real answer signs Ada in, provisioned as an auditor.
    let r = c.get(&answer).send().await.unwrap();
    signed_in_as(&app, &c, r, "ada@sso.example").await;
    let ms = members(&app, &t.token).await;
    let ada = ms
        .iter()
        .find(|m| m["email"] == "ada@sso.example")
        .expect("provisioned");
    assert_eq!(ada["roles"], json!(["auditor"]));
    let trail: Value = api(&app, &t.token, Method::GET, "/api/v1/audit-events")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        trail.to_string().contains("session.signed_in_sso"),
        "the sign-in is recorded"
    );
    // The same answer again: the sign-in is spent.
    let c2 = browser();
    let r = c.get(&answer).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("<code>sso_state_invalid</code>")
    );

    // Signing out goes through the provider's end-session address.
    let page = c
        .get(app.url("/tenants"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let r = c
        .post(app.url("/logout"))
        .form(&[("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let out = location(&r);
    assert!(out.starts_with(&op.issuer), "{out}");
    assert_eq!(
        query(&out, "post_logout_redirect_uri"),
        Some(app.url("/login"))
    );

    // Ada's code, redeemed already, replayed in a fresh sign-in: the provider refuses it.
    let c5 = browser();
    let fresh = start(&app, &c5, "ssoa").await;
    let fresh_answer = through_provider(&app, &c5, &fresh, "eve").await;
    let replayed = with_query(&fresh_answer, "code", query(&answer, "code").as_deref());
    let r = c5.get(&replayed).send().await.unwrap();
    refused(&app, &c5, r, "sso_token_exchange_failed").await;

    // A code from one sign-in injected into another (whose PKCE verifier does not match
    // it) is refused by the provider; the same code then redeemed in its own sign-in
    // works once, and a second redemption (with a fresh state) is refused.
    let a = start(&app, &c2, "ssoa").await;
    let answer_a = through_provider(&app, &c2, &a, "eve").await;
    let b = start(&app, &c2, "ssoa").await;
    let answer_b = through_provider(&app, &c2, &b, "eve").await;
    let code_a = query(&answer_a, "code").unwrap();
    let injected = with_query(&answer_b, "code", Some(&code_a));
    let r = c2.get(&injected).send().await.unwrap();
    refused(&app, &c2, r, "sso_token_exchange_failed").await;
    assert!(
        !members(&app, &t.token)
            .await
            .iter()
            .any(|m| m["email"] == "eve@sso.example"),
        "nothing created"
    );
    // The provider itself refuses a token request without the verifier.
    let r = reqwest::Client::new()
        .post(format!("{}/token", op.issuer))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code_a.as_str()),
            ("redirect_uri", app.url("/sso/callback").as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "PKCE is required");

    // A wrong or missing `iss` parameter (the provider announces it): refused.
    for iss in [Some("http://127.0.0.1:1/evil"), None] {
        let c3 = browser();
        let s = start(&app, &c3, "ssoa").await;
        let ans = through_provider(&app, &c3, &s, "eve").await;
        let r = c3.get(with_query(&ans, "iss", iss)).send().await.unwrap();
        refused(&app, &c3, r, "sso_issuer_mismatch").await;
    }

    // An account with no mapped group, and one outside the allowed domains: refused.
    for (login, code) in [
        ("nobody", "sso_no_role"),
        ("outsider", "sso_email_not_allowed"),
    ] {
        let c4 = browser();
        let s = start(&app, &c4, "ssoa").await;
        let ans = through_provider(&app, &c4, &s, login).await;
        let r = c4.get(&ans).send().await.unwrap();
        refused(&app, &c4, r, code).await;
    }
    assert_eq!(
        members(&app, &t.token).await.len(),
        2,
        "only the admin and Ada are members"
    );

    // A local account with the provider's address: not linked unless the body allows it,
    // then the same account signs in (and keeps its password).
    certa_service::admin::create_user(&app.ctx, "lin@sso.example", "Lin Local", PASSWORD)
        .await
        .unwrap();
    certa_service::admin::grant(&app.ctx, "ssoa", "lin@sso.example", "auditor")
        .await
        .unwrap();
    let c6 = browser();
    let s = start(&app, &c6, "ssoa").await;
    let ans = through_provider(&app, &c6, &s, "lin").await;
    let r = c6.get(&ans).send().await.unwrap();
    refused(&app, &c6, r, "sso_not_provisioned").await;
    connect(
        &app,
        &t.token,
        &op.issuer,
        "sso.example",
        json!({"link_by_email": true}),
    )
    .await;
    let s = start(&app, &c6, "ssoa").await;
    let ans = through_provider(&app, &c6, &s, "lin").await;
    let r = c6.get(&ans).send().await.unwrap();
    signed_in_as(&app, &c6, r, "lin@sso.example").await;
    assert_eq!(
        members(&app, &t.token).await.len(),
        3,
        "linked to the existing member, not a new one"
    );
}

#[tokio::test]
async fn requiring_single_sign_on_refuses_passwords_except_for_break_glass_admins() {
    let app = TestApp::spawn().await;
    let Some(op) = Provider::start(&app, accounts()).await else {
        return;
    };
    let t = app.tenant("ssob").await;
    // A local auditor with a password.
    let email = format!("local-{}@ssob.example", uuid::Uuid::new_v4().simple());
    certa_service::admin::create_user(&app.ctx, &email, "Local Auditor", PASSWORD)
        .await
        .unwrap();
    certa_service::admin::grant(&app.ctx, "ssob", &email, "auditor")
        .await
        .unwrap();
    // Requiring it without a break-glass admin is refused, at its field.
    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings/sign-in")
        .json(
            &json!({"enabled": true, "issuer": op.issuer, "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "require_sso": true}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["code"], "sso_settings_invalid");
    assert_eq!(v["field"], "break_glass", "{v}");
    // Several problems are all named at once, each at its field, in the API and the page.
    let several = json!({"enabled": true, "issuer": "http://id.ssob.example", "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET, "email_domains": ["not_a_domain"], "require_sso": true,
        "break_glass": ["nobody@ssob.example"]});
    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings/sign-in")
        .json(&several)
        .send()
        .await
        .unwrap();
    let v = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "sso_issuer_invalid").await;
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["issuer", "email_domains", "break_glass"], "{v}");
    let admin = app.login(&t.admin_email, PASSWORD).await;
    let r = admin
        .client
        .post(app.url("/settings/sign-in"))
        .form(&[
            ("csrf", admin.csrf.as_str()),
            ("enabled", "1"),
            ("issuer", "http://id.ssob.example"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("email_domains", "not_a_domain"),
            ("require_sso", "1"),
            ("break_glass", "nobody@ssob.example"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for id in ["issuer", "email_domains", "break_glass"] {
        assert!(
            html.contains(&format!(r#"aria-describedby="{id}-err""#)),
            "{id}: {html}"
        );
    }
    assert!(
        html.contains(r#"value="not_a_domain""#),
        "what was typed is kept"
    );
    assert!(!html.contains(CLIENT_SECRET), "never the secret");
    connect(
        &app,
        &t.token,
        &op.issuer,
        "sso.example",
        json!({"require_sso": true, "break_glass": [t.admin_email]}),
    )
    .await;

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
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("requires single sign-on"));
    let me = c.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    // The break-glass admin still signs in with the password and works.
    let s = app.login(&t.admin_email, PASSWORD).await;
    let r = s.client.get(app.url("/members")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // An address of the provider's domain is sent straight to the provider.
    let r = c
        .post(app.url("/login"))
        .form(&[("email", "ada@sso.example"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with(&op.issuer));
}

/// A stub issuer: discovery, an Ed25519 key set, and a token endpoint answering the ID
/// token the test set last.
struct Stub {
    issuer: String,
    next_token: Arc<Mutex<String>>,
    /// The key set it publishes (rotated by the test).
    jwks: Arc<Mutex<Value>>,
    key: ed25519_dalek::SigningKey,
    _handle: actix_web::dev::ServerHandle,
}

impl Stub {
    async fn start() -> Self {
        use actix_web::{App, HttpResponse, HttpServer, web};
        let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let jwks = Arc::new(Mutex::new(json!({"keys": [jwk("k1", &key)]})));
        let next_token = Arc::new(Mutex::new(String::new()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let (iss, tok, keys) = (issuer.clone(), next_token.clone(), jwks.clone());
        let server = HttpServer::new(move || {
            let iss = iss.clone();
            let tok = tok.clone();
            let keys = keys.clone();
            App::new()
                .route(
                    "/.well-known/openid-configuration",
                    web::get().to({
                        let iss = iss.clone();
                        move || {
                            let doc = discovery(&iss, &iss);
                            async move { HttpResponse::Ok().json(doc) }
                        }
                    }),
                )
                // A discovery document that redirects to one that would fit the issuer
                // `{stub}/moved`: Certa follows no redirects, so the issuer does not work.
                .route(
                    "/moved/.well-known/openid-configuration",
                    web::get().to(move || async move {
                        HttpResponse::Found()
                            .insert_header((
                                "location",
                                "/elsewhere/.well-known/openid-configuration",
                            ))
                            .finish()
                    }),
                )
                .route(
                    "/elsewhere/.well-known/openid-configuration",
                    web::get().to({
                        let iss = iss.clone();
                        move || {
                            let doc = discovery(&format!("{iss}/moved"), &iss);
                            async move { HttpResponse::Ok().json(doc) }
                        }
                    }),
                )
                .route(
                    "/jwks",
                    web::get().to(move || {
                        let set = keys.lock().unwrap().clone();
                        async move { HttpResponse::Ok().json(set) }
                    }),
                )
                .route(
                    "/token",
                    web::post().to(move || {
                        let id_token = tok.lock().unwrap().clone();
                        async move {
                            HttpResponse::Ok().json(json!({
                                "access_token": "opaque", "token_type": "Bearer",
                                "expires_in": 60, "id_token": id_token}))
                        }
                    }),
                )
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            issuer,
            next_token,
            jwks,
            key,
            _handle: handle,
        }
    }

    fn sign(&self, header: Value, claims: &Value) -> String {
        use ed25519_dalek::Signer;
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let sig = self.key.sign(input.as_bytes());
        format!("{input}.{}", b64(&sig.to_bytes()))
    }
}

/// The stub's discovery document for the issuer `issuer`, its endpoints under `base`.
fn discovery(issuer: &str, base: &str) -> Value {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{base}/auth"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["EdDSA", "HS256"],
        "authorization_response_iss_parameter_supported": true,
    })
}

/// The public JWK of an Ed25519 key.
fn jwk(kid: &str, key: &ed25519_dalek::SigningKey) -> Value {
    json!({"kty": "OKP", "crv": "Ed25519", "x": b64(key.verifying_key().as_bytes()),
        "kid": kid, "alg": "EdDSA", "use": "sig"})
}

/// A sign-in at Certa answered by the stub with the token `mint` makes for its nonce.
async fn stub_answer(
    app: &TestApp,
    c: &reqwest::Client,
    stub: &Stub,
    mint: &dyn Fn(&str) -> String,
) -> reqwest::Response {
    let auth = start(app, c, "ssoc").await;
    let nonce = query(&auth, "nonce").unwrap();
    let state = query(&auth, "state").unwrap();
    *stub.next_token.lock().unwrap() = mint(&nonce);
    c.get(app.url("/sso/callback"))
        .query(&[
            ("code", "c"),
            ("state", state.as_str()),
            ("iss", stub.issuer.as_str()),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn id_tokens_that_fail_a_check_are_refused_with_their_code() {
    use hmac::Mac;
    let app = TestApp::spawn().await;
    let stub = Stub::start().await;
    let t = app.tenant("ssoc").await;
    connect(&app, &t.token, &stub.issuer, "stub.example", json!({})).await;
    let now = chrono::Utc::now().timestamp();
    let claims = |nonce: &str| {
        json!({"iss": stub.issuer, "aud": CLIENT_ID, "sub": "u-1", "nonce": nonce,
            "iat": now, "exp": now + 300, "email": "una@stub.example", "email_verified": true,
            "name": "Una", "groups": ["certa-auditors"]})
    };
    let ok_header = json!({"alg": "EdDSA", "kid": "k1", "typ": "JWT"});
    type Case<'a> = (&'static str, Box<dyn Fn(&str) -> String + 'a>);
    let other_key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let public_key = *stub.key.verifying_key().as_bytes();
    let cases: Vec<Case<'_>> = vec![
        (
            "sso_wrong_audience",
            Box::new(|n| {
                let mut c = claims(n);
                c["aud"] = json!("someone-else");
                stub.sign(ok_header.clone(), &c)
            }),
        ),
        (
            "sso_wrong_issuer",
            Box::new(|n| {
                let mut c = claims(n);
                c["iss"] = json!("http://127.0.0.1:1");
                stub.sign(ok_header.clone(), &c)
            }),
        ),
        (
            "sso_token_expired",
            Box::new(|n| {
                let mut c = claims(n);
                c["exp"] = json!(now - 600);
                c["iat"] = json!(now - 900);
                stub.sign(ok_header.clone(), &c)
            }),
        ),
        (
            "sso_nonce_mismatch",
            Box::new(|_| stub.sign(ok_header.clone(), &claims("another nonce"))),
        ),
        (
            "sso_algorithm_refused",
            Box::new(|n| {
                format!(
                    "{}.{}.",
                    b64(json!({"alg": "none"}).to_string().as_bytes()),
                    b64(claims(n).to_string().as_bytes())
                )
            }),
        ),
        (
            "sso_algorithm_refused",
            Box::new(move |n| {
                let input = format!(
                    "{}.{}",
                    b64(json!({"alg": "HS256", "kid": "k1"}).to_string().as_bytes()),
                    b64(claims(n).to_string().as_bytes())
                );
                let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&public_key).unwrap();
                mac.update(input.as_bytes());
                format!("{input}.{}", b64(&mac.finalize().into_bytes()))
            }),
        ),
        (
            "sso_unknown_key",
            Box::new(|n| {
                use ed25519_dalek::Signer;
                let input = format!(
                    "{}.{}",
                    b64(json!({"alg": "EdDSA", "kid": "k2"}).to_string().as_bytes()),
                    b64(claims(n).to_string().as_bytes())
                );
                format!(
                    "{input}.{}",
                    b64(&other_key.sign(input.as_bytes()).to_bytes())
                )
            }),
        ),
    ];
    for (code, mint) in &cases {
        let c = browser();
        let r = stub_answer(&app, &c, &stub, mint.as_ref()).await;
        refused(&app, &c, r, code).await;
    }
    assert!(
        !members(&app, &t.token)
            .await
            .iter()
            .any(|m| m["email"] == "una@stub.example"),
        "nothing created"
    );
    // The same stub with a good token signs in: the refusals above are the checks'.
    let c = browser();
    let good = |n: &str| stub.sign(ok_header.clone(), &claims(n));
    let r = stub_answer(&app, &c, &stub, &good).await;
    signed_in_as(&app, &c, r, "una@stub.example").await;

    // A provider whose discovery document redirects is not followed: the test says so
    // (followed, the document it leads to would fit the issuer).
    let other = app.tenant("ssoc2").await;
    connect(
        &app,
        &other.token,
        &format!("{}/moved", stub.issuer),
        "moved.example",
        json!({}),
    )
    .await;
    let report: Value = api(
        &app,
        &other.token,
        Method::POST,
        "/api/v1/settings/sign-in/test",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(report["ok"], false, "{report}");
    assert_eq!(report["checks"][0]["label"], "Discovery document");
    assert_eq!(report["checks"][0]["ok"], false, "{report}");
    assert!(
        report["checks"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("302"),
        "{report}"
    );

    // The provider rotates to a new key: Certa's cached key set lacks it, so it reads the
    // set again and the new key's token signs in.
    stub.jwks.lock().unwrap()["keys"]
        .as_array_mut()
        .unwrap()
        .push(jwk("k2", &other_key));
    let c = browser();
    let rotated = |n: &str| {
        use ed25519_dalek::Signer;
        let input = format!(
            "{}.{}",
            b64(json!({"alg": "EdDSA", "kid": "k2"}).to_string().as_bytes()),
            b64(claims(n).to_string().as_bytes())
        );
        format!(
            "{input}.{}",
            b64(&other_key.sign(input.as_bytes()).to_bytes())
        )
    };
    let r = stub_answer(&app, &c, &stub, &rotated).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the rotated key is fetched"
    );
}

/// The provider's answer `r` signed the browser `c` in (a redirect onwards), as `email`.
async fn signed_in_as(app: &TestApp, c: &reqwest::Client, r: reqwest::Response, email: &str) {
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap_or_default()
    );
    let me: Value = c
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], email);
}

/// RFC 4648 base32 (the secret as shown, spaces allowed).
fn unbase32(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for ch in s.chars().filter(|c| !c.is_whitespace()) {
        let v = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".find(ch).expect("base32") as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buf >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    out
}

fn code_for(secret: &[u8], offset: i64) -> String {
    let step = (chrono::Utc::now().timestamp() / 30 + offset) as u64;
    certa_service::mfa::code_at(secret, step, totp_rs_alg(), 6).unwrap()
}

fn totp_rs_alg() -> certa_service::mfa::Algorithm {
    certa_service::mfa::Algorithm::SHA1
}

/// Signs in with the password; answers the client at the second step.
async fn password_step(app: &TestApp, email: &str) -> (reqwest::Client, String) {
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
    let r = c
        .post(app.url("/login"))
        .form(&[("email", email), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login/second-factor");
    let page = c
        .get(app.url("/login/second-factor"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    (c, csrf)
}

async fn second_step(
    app: &TestApp,
    c: &reqwest::Client,
    csrf: &str,
    code: &str,
) -> reqwest::Response {
    c.post(app.url("/login/second-factor"))
        .form(&[("code", code), ("csrf", csrf)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn totp_enrolment_sign_in_replay_recovery_codes_throttling_policy_and_reset() {
    let app = TestApp::spawn().await;
    let t = app.tenant("mfa").await;
    let email = format!("totp-{}@mfa.example", uuid::Uuid::new_v4().simple());
    certa_service::admin::create_user(&app.ctx, &email, "Tia Totp", PASSWORD)
        .await
        .unwrap();
    certa_service::admin::grant(&app.ctx, "mfa", &email, "auditor")
        .await
        .unwrap();
    // The tenant requires a second factor of auditors: a password session is sent to set
    // one up before anything else.
    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings/sign-in")
        .json(&json!({"mfa_roles": ["auditor"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let s = app.login(&email, PASSWORD).await;
    let r = s.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/account/security");
    let r = s.client.get(app.url("/clients")).send().await.unwrap();
    assert_ne!(
        r.status(),
        StatusCode::OK,
        "held back until a second factor is set up"
    );

    // Enrolment: the secret, then a wrong code is refused at its field, the right one
    // turns it on and shows ten recovery codes once.
    let page = s
        .client
        .post(app.url("/account/security/totp/start"))
        .form(&[("csrf", &s.csrf)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<svg"), "a QR code");
    let shown = page
        .split("<code class=\"secret\">")
        .nth(1)
        .and_then(|x| x.split('<').next())
        .unwrap()
        .to_string();
    let secret = unbase32(&shown);
    assert_eq!(secret.len(), 20);
    let r = s
        .client
        .post(app.url("/account/security/totp/confirm"))
        .form(&[("csrf", s.csrf.as_str()), ("code", "000000")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("aria-invalid=\"true\""));
    let page = s
        .client
        .post(app.url("/account/security/totp/confirm"))
        .form(&[("csrf", s.csrf.as_str()), ("code", &code_for(&secret, 0))])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let codes: Vec<String> = page
        .split("<li><code>")
        .skip(1)
        .map(|x| x.split('<').next().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    // This session now counts as having used the factor.
    let r = s.client.get(app.url("/clients")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // Sign-in: the password leads to the second step; the next step's code signs in.
    let (c, csrf) = password_step(&app, &email).await;
    let me = c.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(
        me.status(),
        StatusCode::UNAUTHORIZED,
        "no session before the code"
    );
    let code = code_for(&secret, 1);
    let r = second_step(&app, &c, &csrf, &code).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let me = c.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    // The same code again, in a new sign-in: refused.
    let (c, csrf) = password_step(&app, &email).await;
    let r = second_step(&app, &c, &csrf, &code).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A recovery code works once.
    let r = second_step(&app, &c, &csrf, &codes[0].to_uppercase()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (c, csrf) = password_step(&app, &email).await;
    let r = second_step(&app, &c, &csrf, &codes[0]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Throttled after repeated wrong codes (the first wrong attempt is counted above).
    let mut last = StatusCode::OK;
    for _ in 0..6 {
        last = second_step(&app, &c, &csrf, "123456").await.status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // Past the limit even the right code is not looked at.
    let r = second_step(&app, &c, &csrf, &code_for(&secret, 1)).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);

    // The admin resets the member's factor: recorded, and their sessions end.
    let ms = members(&app, &t.token).await;
    let id = ms.iter().find(|m| m["email"] == email.as_str()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let admin = app.login(&t.admin_email, PASSWORD).await;
    let r = admin
        .client
        .post(app.url(&format!("/members/{id}/second-factor/reset")))
        .form(&[("csrf", &admin.csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let me = s.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(
        me.status(),
        StatusCode::UNAUTHORIZED,
        "the member's sessions ended"
    );
    let trail: Value = api(&app, &t.token, Method::GET, "/api/v1/audit-events")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(trail.to_string().contains("member.second_factor_reset"));
    // Without a factor, the password signs in directly again (and the policy asks for
    // a new one).
    let s = app.login(&email, PASSWORD).await;
    let r = s.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/account/security");
}

#[tokio::test]
async fn a_client_user_is_provisioned_only_when_the_claim_names_their_organisation() {
    let app = TestApp::spawn().await;
    let Some(op) = Provider::start(&app, accounts()).await else {
        return;
    };
    let t = app.tenant("ssod").await;
    let client = crate::scheduling::post(
        &app,
        &t.token,
        "/api/v1/clients",
        json!({"legal_name": "Cleo Robotics"}),
    )
    .await;
    let reference = client["reference"].as_str().unwrap().to_string();
    assert_eq!(
        reference, "CL-00001",
        "the reference the provider's account names"
    );
    // Mapping a value to client users needs the organisation claim.
    let r = api(&app, &t.token, Method::PUT, "/api/v1/settings/sign-in")
        .json(
            &json!({"enabled": true, "issuer": op.issuer, "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "role_claim": "groups",
            "role_map": {"customers": "client"}}),
        )
        .send()
        .await
        .unwrap();
    let v = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "sso_settings_invalid").await;
    assert_eq!(v["field"], "client_claim");
    connect(
        &app,
        &t.token,
        &op.issuer,
        "sso.example",
        json!({"role_map": {"customers": "client"}, "client_claim": "organisation"}),
    )
    .await;
    // Cleo's claim names the organisation: a client user of it, in the portal.
    let c = browser();
    let s = start(&app, &c, "ssod").await;
    let ans = through_provider(&app, &c, &s, "cleo").await;
    let r = c.get(&ans).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let ms = members(&app, &t.token).await;
    let cleo = ms
        .iter()
        .find(|m| m["email"] == "cleo@sso.example")
        .unwrap();
    assert_eq!(cleo["roles"], json!(["client"]));
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/portal", "a client user's home");
    let portal = c.get(app.url("/portal")).send().await.unwrap();
    assert_eq!(portal.status(), StatusCode::OK);
    assert!(portal.text().await.unwrap().contains("Cleo Robotics"));
    // Nora's names no organisation of this body: no role, nothing created.
    let c = browser();
    let s = start(&app, &c, "ssod").await;
    let ans = through_provider(&app, &c, &s, "nora").await;
    let r = c.get(&ans).send().await.unwrap();
    refused(&app, &c, r, "sso_no_role").await;
    assert!(
        !members(&app, &t.token)
            .await
            .iter()
            .any(|m| m["email"] == "nora@sso.example")
    );
}
