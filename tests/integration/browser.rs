//! Browser journeys in headless Chromium (Playwright), each a script under
//! `tests/browser/` run by node against the real server:
//! - log in, choose and switch tenant, invite a member, log out;
//! - a programme manager takes a client from registration to a confirmed stage 1 audit,
//!   seeing a conflicted expert refused on the way.

use crate::support::*;
use reqwest::Method;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// What a journey needs from the machine: Chromium and the npm packages.
struct Browser {
    chromium: String,
    scripts: PathBuf,
}

impl Browser {
    /// The browser set-up, or `None` (after saying why) when it is missing and skipping is
    /// allowed; under `CI=true` a missing set-up fails the test.
    fn find() -> Option<Self> {
        let chromium =
            std::env::var("CERTA_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let scripts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
        if !Path::new(&chromium).exists() || !scripts.join("node_modules/playwright-core").exists()
        {
            assert!(
                !strict(),
                "CI=true: Chromium ({chromium}) and tests/browser/node_modules (npm ci) are required"
            );
            eprintln!(
                "skipping the browser journey: needs Chromium and `npm ci --prefix tests/browser`"
            );
            return None;
        }
        Some(Self { chromium, scripts })
    }

    /// Runs `script` against `app` with `vars`; fails the test with node's output unless
    /// the journey reports success.
    async fn run(&self, app: &TestApp, script: &str, vars: &[(&str, &str)]) {
        let shots =
            std::env::temp_dir().join(format!("certa-journey-{}", uuid::Uuid::new_v4().simple()));
        let started = std::time::Instant::now();
        let out = tokio::process::Command::new("node")
            .arg(self.scripts.join(script))
            .env("BASE_URL", &app.base)
            .env("CHROMIUM", &self.chromium)
            .env("SCREENSHOT_DIR", &shots)
            .envs(vars.iter().copied())
            .output()
            .await
            .expect("run node");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.contains("journey ok"),
            "{script} failed:\n{stdout}\n{stderr}"
        );
        eprintln!("{script}: journey ok in {:.1?}", started.elapsed());
    }
}

#[tokio::test]
async fn log_in_switch_tenant_invite_and_log_out() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    app.member(&b, &a.admin_email, "admin").await;
    let invitee = format!(
        "browser-{}@journey.test.example",
        uuid::Uuid::new_v4().simple()
    );
    browser
        .run(
            &app,
            "journey.mjs",
            &[
                ("EMAIL", &a.admin_email),
                ("PASSWORD", PASSWORD),
                ("TENANT_A_NAME", &a.name),
                ("TENANT_B_NAME", &b.name),
                ("INVITEE_EMAIL", &invitee),
            ],
        )
        .await;
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

/// Creates a personnel record with one qualification for ISO/IEC 42001; returns its id.
async fn auditor(
    app: &TestApp,
    token: &str,
    name: &str,
    email: &str,
    area: &str,
    function: &str,
) -> String {
    let r = api(app, token, Method::POST, "/api/v1/auditors")
        .json(&json!({"name": name, "email": email}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "create {name}: {}", r.status());
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = api(
        app,
        token,
        Method::POST,
        &format!("/api/v1/auditors/{id}/qualifications"),
    )
    .json(
        &json!({"standard_code": "ISO/IEC 42001:2023", "technical_area": area,
        "function": function, "valid_from": "2025-01-01"}),
    )
    .send()
    .await
    .unwrap();
    assert!(r.status().is_success(), "qualify {name}: {}", r.status());
    id
}

#[tokio::test]
async fn a_programme_manager_schedules_and_confirms_an_audit_in_the_pages() {
    let Some(browser) = Browser::find() else {
        return;
    };
    // The in-process worker delivers the mails, as in `certa serve`.
    let app = TestApp::spawn_with(Options {
        background_worker: true,
        ..Default::default()
    })
    .await;
    let t = app.tenant("acme").await;
    // Unique addresses: the SMTP catcher is shared by the whole run (and earlier runs).
    let unique = |tag: &str| {
        format!(
            "{tag}-{}@journey.test.example",
            uuid::Uuid::new_v4().simple()
        )
    };
    let (lead_email, expert_email, contact) = (unique("lead"), unique("expert"), unique("quality"));
    let lead = auditor(
        &app,
        &t.token,
        "Lea Lead",
        &lead_email,
        "all",
        "lead_auditor",
    )
    .await;
    auditor(
        &app,
        &t.token,
        "Rosa Expert",
        &expert_email,
        "IAF 33",
        "technical_expert",
    )
    .await;
    // Dates from today: the audit in three weeks, the decision after it, and a
    // consultancy that ended half a year ago (inside the two-year cooling-off period).
    let today = chrono::Utc::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let (from, to) = (day(21), day(22));
    browser
        .run(
            &app,
            "scheduling.mjs",
            &[
                ("EMAIL", &t.admin_email),
                ("PASSWORD", PASSWORD),
                ("TENANT_NAME", &t.name),
                ("LEAD_NAME", "Lea Lead"),
                ("EXPERT_NAME", "Rosa Expert"),
                ("CLIENT_NAME", "Helios Robotics"),
                ("CLIENT_REFERENCE", "HEL-0001"),
                ("CONTACT_EMAIL", &contact),
                ("AUDIT_FROM", &from),
                ("AUDIT_TO", &to),
                ("DECISION_DATE", &day(90)),
                ("CONFLICT_ENDED_ON", &day(-180)),
            ],
        )
        .await;
    // The confirmation with its calendar invitation reached the lead and the client's
    // contact (who also got the acceptance of the application).
    for (who, expected) in [(lead_email.as_str(), 1), (contact.as_str(), 2)] {
        let mails = app.wait_for_mails(who, expected).await;
        let confirmations: Vec<_> = mails
            .iter()
            .filter(|m| {
                m.subject
                    .contains("stage 1 audit of Helios Robotics confirmed")
            })
            .collect();
        assert_eq!(confirmations.len(), 1, "{who}: {mails:?}");
        assert_eq!(confirmations[0].attachments, ["invitation.ics"], "{who}");
    }
    // The lead's calendar holds the audit on the dates chosen in the page, and the audit
    // was confirmed with the clean team, without an override.
    let ics = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/auditors/{lead}/calendar.ics"),
    )
    .send()
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(
        ics.contains(&format!("DTSTART;VALUE=DATE:{}", from.replace('-', "")))
            && ics.contains(&format!("DTEND;VALUE=DATE:{}", day(23).replace('-', ""))),
        "{ics}"
    );
    let audit_id = ics
        .split("UID:audit-")
        .nth(1)
        .and_then(|r| r.split('@').next())
        .expect("the event's UID names the audit");
    let a: Value = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/audits/{audit_id}"),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(a["status"], "confirmed");
    assert_eq!(a["ends_on"], to);
    assert_eq!(a["technical_areas"], json!(["IAF 33"]));
    assert!(a["override_justification"].is_null());
    assert_eq!(
        a["team"],
        json!([{"auditor_id": lead, "name": "Lea Lead", "role": "lead", "days": 1.5}])
    );
    assert_eq!(a["findings"], json!([]));
}
