//! The volume seed (`certa admin seed-bench`): synthetic data in an empty tenant, in
//! bulk, through the tenant's transaction.

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test]
async fn the_volume_seed_fills_an_empty_tenant_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant("vol").await;
    let other = app.tenant("untouched").await;
    let seed = |args: &[&str]| {
        let mut all = vec!["admin", "seed-bench"];
        all.extend_from_slice(args);
        certa_cli(&app, &all)
    };
    let out = seed(&[
        "--tenant",
        "vol",
        "--clients",
        "12",
        "--audits",
        "61",
        "--auditors",
        "3",
    ]);
    assert!(!out.status.success(), "more than five audits per client");
    assert!(
        stderr(&out).contains("at most 5 audits"),
        "{}",
        stderr(&out)
    );

    let out = seed(&[
        "--tenant",
        "vol",
        "--clients",
        "12",
        "--audits",
        "30",
        "--auditors",
        "3",
        "--certificates",
        "37",
    ]);
    assert!(
        !out.status.success(),
        "more than three certificates per client"
    );
    assert!(
        stderr(&out).contains("3 certificates per client"),
        "{}",
        stderr(&out)
    );

    let out = seed(&[
        "--tenant",
        "vol",
        "--clients",
        "12",
        "--audits",
        "30",
        "--auditors",
        "3",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("12 clients")
            && said.contains("30 audits")
            && said.contains("3 auditors")
            && said.contains("36 certificates"),
        "{said}"
    );
    let clients: Value = api(&app, &t.token, Method::GET, "/api/v1/clients?limit=200")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(clients["clients"].as_array().unwrap().len(), 12);
    assert!(
        clients["clients"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["site_count"] == 1)
    );
    let auditors: Value = api(&app, &t.token, Method::GET, "/api/v1/auditors")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(auditors.as_array().unwrap().len(), 3);
    // Nothing went to the other tenant.
    let theirs: Value = api(&app, &other.token, Method::GET, "/api/v1/clients")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(theirs["clients"].as_array().unwrap().is_empty());

    // A second seed would mix with the first.
    let out = seed(&[
        "--tenant",
        "vol",
        "--clients",
        "1",
        "--audits",
        "1",
        "--auditors",
        "1",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("already has clients"),
        "{}",
        stderr(&out)
    );

    // The seed is one event of an intact trail, and the pages read its data.
    let out = certa_cli(&app, &["admin", "verify-audit-log", "--tenant", "vol"]);
    assert!(out.status.success(), "{}", stdout(&out));
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    for path in [
        "/",
        "/calendar",
        "/clients?q=0000",
        "/auditors",
        "/certificates",
    ] {
        let r = s.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }

    // The register holds the certificates; the public registry answers for them, but a
    // bulk load signs nothing: publishing them signs each credential and the status lists.
    let listed: Value = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/certificates?per_page=100",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(listed["total"], 36, "{listed}");
    let items = listed["items"].as_array().unwrap();
    let suspended = items
        .iter()
        .find(|c| c["status"] == "suspended")
        .map(|c| c["number"].as_str().unwrap().to_string());
    let number = items[0]["number"].as_str().unwrap().to_string();
    let public = |path: String| {
        let app = &app;
        async move {
            reqwest::Client::new()
                .get(app.url(&path))
                .send()
                .await
                .unwrap()
        }
    };
    let base = format!("/api/v1/public/certificates/{number}");
    assert_eq!(public(base.clone()).await.status(), StatusCode::OK);
    assert_eq!(
        public(format!("{base}/credential")).await.status(),
        StatusCode::NOT_FOUND
    );
    let out = certa_cli(&app, &["admin", "publish-certificates", "--tenant", "vol"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("36 certificates published"),
        "{}",
        stdout(&out)
    );
    let keys = certa_credentials::Jwks::from_json(
        &public("/t/vol/.well-known/jwks.json".into())
            .await
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let jwt = public(format!("{base}/credential.jwt"))
        .await
        .text()
        .await
        .unwrap();
    let verified = certa_credentials::verify_credential(&jwt, &keys).unwrap();
    assert_eq!(
        verified.credential["credentialSubject"]["certificateNumber"],
        number
    );
    // A suspended certificate's bit is set in the suspension list (the volume has about
    // one in twenty suspended; twelve clients may have none).
    if let Some(n) = suspended {
        let jwt = public(format!("/api/v1/public/certificates/{n}/credential.jwt"))
            .await
            .text()
            .await
            .unwrap();
        let c = certa_credentials::verify_credential(&jwt, &keys)
            .unwrap()
            .credential;
        let entry = c["credentialStatus"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["statusPurpose"] == "suspension")
            .unwrap()
            .clone();
        let url = entry["statusListCredential"].as_str().unwrap();
        let index: usize = entry["statusListIndex"].as_str().unwrap().parse().unwrap();
        let list = public(url.strip_prefix(&app.url("")).unwrap().to_string())
            .await
            .text()
            .await
            .unwrap();
        let list = certa_credentials::verify_compact(&list, &keys)
            .unwrap()
            .payload;
        let bits = certa_credentials::StatusList::decode(
            list["credentialSubject"]["encodedList"].as_str().unwrap(),
        )
        .unwrap();
        assert!(bits.get(index).unwrap(), "the suspension is in the list");
    }
    // Publishing again changes nothing that was signed.
    let out = certa_cli(&app, &["admin", "publish-certificates", "--tenant", "vol"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        public(format!("{base}/credential.jwt"))
            .await
            .text()
            .await
            .unwrap(),
        jwt
    );
}
