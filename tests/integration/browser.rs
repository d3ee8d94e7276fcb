//! A browser journey in headless Chromium (Playwright): log in, choose and switch tenant,
//! invite a member, log out.

use crate::support::*;
use std::path::PathBuf;

#[tokio::test]
async fn log_in_switch_tenant_invite_and_log_out() {
    let chromium =
        std::env::var("CERTA_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser/journey.mjs");
    let modules = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/browser/node_modules/playwright-core");
    if !PathBuf::from(&chromium).exists() || !modules.exists() {
        assert!(
            !strict(),
            "CI=true: Chromium ({chromium}) and tests/browser/node_modules (npm ci) are required"
        );
        eprintln!(
            "skipping the browser journey: needs Chromium and `npm ci --prefix tests/browser`"
        );
        return;
    }
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    app.member(&b, &a.admin_email, "admin").await;
    let invitee = format!(
        "browser-{}@journey.test.example",
        uuid::Uuid::new_v4().simple()
    );
    let shots =
        std::env::temp_dir().join(format!("certa-journey-{}", uuid::Uuid::new_v4().simple()));
    let out = tokio::process::Command::new("node")
        .arg(&script)
        .env("BASE_URL", &app.base)
        .env("EMAIL", &a.admin_email)
        .env("PASSWORD", PASSWORD)
        .env("TENANT_A_NAME", &a.name)
        .env("TENANT_B_NAME", &b.name)
        .env("INVITEE_EMAIL", &invitee)
        .env("CHROMIUM", &chromium)
        .env("SCREENSHOT_DIR", &shots)
        .output()
        .await
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("journey ok"),
        "journey failed:\n{stdout}\n{stderr}"
    );
    // The invitation really happened in tenant B, by A's admin.
    let inv: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/invitations"))
        .bearer_auth(&b.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inv[0]["email"], invitee);
    assert_eq!(inv[0]["roles"], serde_json::json!(["auditor"]));
}
