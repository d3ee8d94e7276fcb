//! Tenant signing keys and the issuer documents: one active key per tenant even under
//! concurrent first use, rotation that keeps old keys published, per-tenant JWKS and
//! controller documents, permissions, and `certa verify-credential` on both securings.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .send()
        .await
        .unwrap()
}

async fn jwks(app: &TestApp, slug: &str) -> Value {
    let r = get(app, &format!("/t/{slug}/.well-known/jwks.json")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "public, max-age=300");
    assert_eq!(r.headers()["content-type"], "application/jwk-set+json");
    r.json().await.unwrap()
}

fn kids(set: &Value) -> Vec<String> {
    set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn concurrent_first_uses_create_exactly_one_active_key() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let mut tasks = Vec::new();
    for i in 0..6 {
        let ctx = app.ctx.clone();
        let tenant = certa_domain::TenantId(t.id);
        tasks.push(tokio::spawn(async move {
            certa_service::signing::sign_credential(
                &ctx,
                tenant,
                json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
                    "type": ["VerifiableCredential"],
                    "credentialSubject": {"name": format!("Holder {i}")}}),
            )
            .await
            .expect("sign")
        }));
    }
    let mut signed = Vec::new();
    for task in tasks {
        signed.push(task.await.unwrap());
    }
    let set = jwks(&app, &t.slug).await;
    let keys = kids(&set);
    assert_eq!(keys.len(), 1, "one key after concurrent first uses: {set}");
    for s in &signed {
        let method = s.data_integrity["proof"]["verificationMethod"]
            .as_str()
            .unwrap();
        assert!(
            method.ends_with(&format!("/t/acme/issuer#{}", keys[0])),
            "{method}"
        );
    }
    let listed: Value = api(&app, &t.token, reqwest::Method::GET, "/api/v1/signing-keys")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let active: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["status"] == "active")
        .collect();
    assert_eq!(active.len(), 1, "{listed}");
}

#[tokio::test]
async fn rotation_keeps_the_old_key_published_and_is_in_the_trail() {
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    let first = kids(&jwks(&app, &a.slug).await);
    assert_eq!(first.len(), 1);

    // A viewer may see the keys but not rotate them.
    let viewer = app.member(&a, "viewer@alpha.test.example", "viewer").await;
    let r = api(&app, &viewer, reqwest::Method::GET, "/api/v1/signing-keys")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let listed: Value = r.json().await.unwrap();
    assert!(
        listed[0].get("sealed_key").is_none() && !listed.to_string().contains("sealed"),
        "{listed}"
    );
    let r = api(
        &app,
        &viewer,
        reqwest::Method::POST,
        "/api/v1/signing-keys/rotate",
    )
    .send()
    .await
    .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "forbidden").await;

    let r = api(
        &app,
        &a.token,
        reqwest::Method::POST,
        "/api/v1/signing-keys/rotate",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let keys: Value = r.json().await.unwrap();
    assert_eq!(keys.as_array().unwrap().len(), 2);
    assert_eq!(keys[0]["status"], "active");
    assert_ne!(keys[0]["kid"], first[0].as_str());
    assert_eq!(keys[1]["status"], "retired");
    assert_eq!(keys[1]["kid"], first[0].as_str());
    assert!(keys[1]["retired_at"].is_string());
    let new_kid = keys[0]["kid"].as_str().unwrap().to_string();

    // Both keys stay published, in the key set and in the controller document.
    let set = jwks(&app, &a.slug).await;
    assert_eq!(kids(&set), vec![new_kid.clone(), first[0].clone()]);
    for k in set["keys"].as_array().unwrap() {
        assert_eq!(k["kty"], "OKP");
        assert_eq!(k["crv"], "Ed25519");
        assert_eq!(k["alg"], "EdDSA");
        assert_eq!(k["use"], "sig");
        assert!(k.get("d").is_none(), "no private part: {k}");
    }
    let r = get(&app, "/t/alpha/issuer").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "public, max-age=300");
    let doc: Value = r.json().await.unwrap();
    let issuer = format!("{}/t/alpha/issuer", app.settings.public_url);
    assert_eq!(doc["id"], issuer);
    assert_eq!(
        doc["@context"],
        json!([
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1"
        ])
    );
    let methods = doc["verificationMethod"].as_array().unwrap();
    assert_eq!(methods.len(), 2);
    for (m, kid) in methods.iter().zip([&new_kid, &first[0]]) {
        assert_eq!(m["id"], format!("{issuer}#{kid}"));
        assert_eq!(m["type"], "Multikey");
        assert_eq!(m["controller"], issuer);
        assert!(
            m["publicKeyMultibase"]
                .as_str()
                .unwrap()
                .starts_with("z6Mk")
        );
    }
    assert_eq!(
        doc["assertionMethod"],
        json!([
            format!("{issuer}#{new_kid}"),
            format!("{issuer}#{}", first[0])
        ])
    );

    // B's documents show B's key only; an unknown slug is 404 problem+json.
    let b_set = jwks(&app, &b.slug).await;
    assert_eq!(b_set["keys"].as_array().unwrap().len(), 1);
    assert!(!kids(&b_set).iter().any(|k| k == &new_kid || k == &first[0]));
    let b_doc = get(&app, "/t/beta/issuer").await.text().await.unwrap();
    assert!(!b_doc.contains(&new_kid) && !b_doc.contains(&first[0]));
    for path in ["/t/nobody/.well-known/jwks.json", "/t/nobody/issuer"] {
        assert_problem(get(&app, path).await, StatusCode::NOT_FOUND, "not_found").await;
    }

    // The rotation is in A's audit trail.
    let events: Value = api(
        &app,
        &a.token,
        reqwest::Method::GET,
        "/api/v1/audit-events?limit=20",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let rotated = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "signing_key.rotated")
        .unwrap_or_else(|| panic!("no rotation in the trail: {events}"));
    assert!(rotated.to_string().contains(&new_kid), "{rotated}");

    // The settings page lists the keys with the rotate button for admins.
    let s = app.login_into(&a.admin_email, PASSWORD, a.id).await;
    let html = s
        .client
        .get(app.url("/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Signing keys") && html.contains(&new_kid),
        "{html}"
    );
    assert!(html.contains("Rotate the signing key"));
    assert!(html.contains("/t/alpha/.well-known/jwks.json"));
    let r = s
        .client
        .post(app.url("/settings/signing-keys/rotate"))
        .form(&[("csrf", s.csrf.as_str()), ("confirm", "1")])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_redirection() || r.status().is_success(),
        "{}",
        r.status()
    );
    assert_eq!(kids(&jwks(&app, &a.slug).await).len(), 3);
}

// Multi-threaded: the command runs while the test server (on this runtime) answers its
// request for the key set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_credential_checks_both_securings_offline_and_online() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let signed = certa_service::signing::sign_credential(
        &app.ctx,
        certa_domain::TenantId(t.id),
        json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "credentialSubject": {"name": "Müller Präzision GmbH", "certificateNumber": "ACME-1"}}),
    )
    .await
    .unwrap();
    assert_eq!(
        signed.data_integrity["issuer"],
        format!("{}/t/acme", app.settings.public_url)
    );
    let dir = TempDir::new();
    let write = |name: &str, text: &str| {
        let p = dir.0.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().to_string()
    };
    let set = get(&app, "/t/acme/.well-known/jwks.json")
        .await
        .text()
        .await
        .unwrap();
    let kid = kids(&serde_json::from_str(&set).unwrap())[0].clone();
    let jwks_file = write("jwks.json", &set);
    let di = write(
        "credential.json",
        &serde_json::to_string_pretty(&signed.data_integrity).unwrap(),
    );
    let jwt = write("credential.jwt", &signed.jwt);
    let run = |args: &[&str]| {
        let out = tokio::task::block_in_place(|| certa_cli(&app, args));
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        )
    };
    let issuer = format!("{}/t/acme", app.settings.public_url);
    for (file, format) in [
        (&di, "data integrity proof (eddsa-jcs-2022)"),
        (&jwt, "JWS (vc+jwt)"),
    ] {
        let expected =
            format!("valid: {format}, key {kid}, issuer {issuer}, subject Müller Präzision GmbH");
        // Offline, against the key set file.
        assert_eq!(
            run(&["verify-credential", file, "--jwks", &jwks_file]),
            (Some(0), expected.clone())
        );
        // Online, against the key set the issuer publishes.
        assert_eq!(run(&["verify-credential", file]), (Some(0), expected));
    }

    // A tampered credential fails, in either securing.
    let mut tampered = signed.data_integrity.clone();
    tampered["credentialSubject"]["name"] = json!("Someone Else Ltd");
    let bad_di = write("tampered.json", &tampered.to_string());
    let (code, line) = run(&["verify-credential", &bad_di, "--jwks", &jwks_file]);
    assert_eq!(code, Some(1), "{line}");
    assert!(line.starts_with("invalid: "), "{line}");
    let parts: Vec<&str> = signed.jwt.split('.').collect();
    let payload = {
        use base64::Engine as _;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut v: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
        v["credentialSubject"]["name"] = json!("Someone Else Ltd");
        engine.encode(v.to_string())
    };
    let bad_jwt = write(
        "tampered.jwt",
        &format!("{}.{payload}.{}", parts[0], parts[2]),
    );
    let (code, line) = run(&["verify-credential", &bad_jwt]);
    assert_eq!(code, Some(1), "{line}");
    assert!(line.starts_with("invalid: "), "{line}");

    // After a rotation the old credential still verifies against the published keys.
    let r = api(
        &app,
        &t.token,
        reqwest::Method::POST,
        "/api/v1/signing-keys/rotate",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(run(&["verify-credential", &jwt]).0, Some(0));
}
