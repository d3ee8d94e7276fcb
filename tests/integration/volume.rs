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
        stderr(&out).contains("at most 5 audits per client"),
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
        said.contains("12 clients") && said.contains("30 audits") && said.contains("3 auditors"),
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
    for path in ["/", "/calendar", "/clients?q=0000", "/auditors"] {
        let r = s.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }
}
