//! Browser journeys in headless Chromium (Playwright), each a script under
//! `tests/browser/` run by node against the real server:
//! - log in, choose and switch tenant, invite a member, log out;
//! - a programme manager takes a client from registration to a confirmed stage 1 audit,
//!   seeing a conflicted expert refused on the way;
//! - fieldwork: the lead auditor requests evidence and raises a minor nonconformity, the
//!   client user uploads the evidence and answers in the portal, the auditor accepts the
//!   plan, the client reports it implemented, the auditor verifies it effective (closed);
//!   once more with the portal uploading straight to the S3 bucket;
//! - certification: the lead auditor submits the report, the reviewer returns it with a
//!   comment, the auditor resubmits, the decision maker grants certification, the
//!   certificate shows in the register and the client's portal, its PDF downloads, and the
//!   mails arrive.

use crate::fieldwork::{client_user, confirmed, get, new_checklist};
use crate::scheduling::{post, setup};
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

/// A real 1×1 PNG, the client's evidence.
const PNG: &str = "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489\
    0000000d4944415478da636460f85f0f0002870180eb47ba920000000049454e44ae426082";

/// Waits (bounded) until mails to `to` include one whose subject contains each of
/// `subjects`; returns all the mails to `to`.
async fn wait_for_subjects(app: &TestApp, to: &str, subjects: &[&str]) -> Vec<Mail> {
    app.wait_for_mails_until(to, |m| {
        subjects
            .iter()
            .all(|s| m.iter().any(|x| x.subject.contains(s)))
    })
    .await
}

#[tokio::test]
async fn an_auditor_and_a_client_user_work_a_nonconformity_in_the_pages() {
    work_a_nonconformity_in_the_pages(false).await;
}

/// The same journey with `CERTA_S3_BROWSER_DIRECT`: the portal's script sends the file
/// straight to the real S3 server with the presigned `PUT` Certa hands out, then Certa
/// checks what was stored. The S3 server of the test set-up answers no CORS requests, so
/// Chromium runs with `--disable-web-security` here (the bucket's CORS rules are the
/// deployment's part; what this checks is that the browser's request, its headers and the
/// presigned address fit together). Needs the S3 backend: skipped embedded.
#[tokio::test]
async fn the_portal_uploads_straight_to_the_s3_bucket_when_allowed() {
    if test_s3(&mode()).is_none() {
        eprintln!("skipping: the S3 backend is configured only in services mode");
        return;
    }
    work_a_nonconformity_in_the_pages(true).await;
}

/// The fieldwork journey; `s3_direct` lets the portal upload straight to the S3 bucket.
async fn work_a_nonconformity_in_the_pages(s3_direct: bool) {
    let Some(browser) = Browser::find() else {
        return;
    };
    let app = TestApp::spawn_with(Options {
        s3_browser_direct: s3_direct,
        ..Options::default()
    })
    .await;
    let t = app.tenant("acme").await;
    // A long name: the mail subjects that carry it are folded over several header lines.
    let client_name = "Helios Robotics and Autonomous Inspection Systems GmbH";
    // The lead auditor signs in: a member with the auditor role, linked to the
    // personnel record that leads the audit.
    let lead_email = format!(
        "lead-{}@journey.test.example",
        uuid::Uuid::new_v4().simple()
    );
    app.member(&t, &lead_email, "auditor").await;
    let members = get(&app, &t.token, "/api/v1/members").await;
    let membership = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == lead_email.as_str())
        .unwrap()["id"]
        .clone();
    let lea = post(
        &app,
        &t.token,
        "/api/v1/auditors",
        json!({"membership_id": membership, "name": "Lea Lead", "email": lead_email}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    post(
        &app,
        &t.token,
        &format!("/api/v1/auditors/{lea}/qualifications"),
        json!({"standard_code": "ISO/IEC 42001:2023", "technical_area": "all",
            "function": "lead_auditor", "valid_from": "2025-01-01"}),
    )
    .await;
    let s = setup(&app, &t.token, client_name).await;
    assert_eq!(s.lea, lea, "the audit is led by the signed-in auditor");
    let audit = confirmed(&app, &t.token, &s, 1, 7).await;
    let c = new_checklist(&app, &t.token, &audit).await;
    let (evidence_item, nc_item) = (&c["items"][0], &c["items"][1]);
    let reference = |i: &Value| i["reference"].as_str().unwrap().to_string();
    let (evidence_ref, nc_ref) = (reference(evidence_item), reference(nc_item));
    let (_, client_email) = client_user(&app, &t.token, &s.client).await;

    let png = hex::decode(PNG).unwrap();
    let dir = TempDir::new();
    let file = dir.0.join("interested-parties-review.png");
    std::fs::write(&file, &png).unwrap();
    let today = chrono::Utc::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let (due, planned) = (day(14), day(45));
    // Embedded, the page sends the file to Certa's signed address; against S3 (without
    // CORS rules for the browser) it streams it through Certa. Same page either way.
    let route = match (app.ctx.storage.supports_presign(), s3_direct) {
        (false, _) => "direct",
        (true, true) => "bucket",
        (true, false) => "stream",
    };
    assert_eq!(
        certa_service::evidence::browser_direct(&app.ctx),
        route != "stream"
    );
    let chromium_args = if s3_direct {
        "--disable-web-security"
    } else {
        ""
    };
    browser
        .run(
            &app,
            "fieldwork.mjs",
            &[
                ("AUDITOR_EMAIL", &lead_email),
                ("AUDITOR_PASSWORD", PASSWORD),
                ("CLIENT_EMAIL", &client_email),
                ("CLIENT_PASSWORD", "a long client password"),
                ("CLIENT_NAME", client_name),
                ("EVIDENCE_REF", &evidence_ref),
                ("NC_REF", &nc_ref),
                ("EVIDENCE_DUE", &due),
                ("PLANNED_DATE", &planned),
                ("EVIDENCE_FILE", file.to_str().unwrap()),
                ("UPLOAD_ROUTE", route),
                ("CHROMIUM_ARGS", chromium_args),
            ],
        )
        .await;

    // The nonconformity went through the pages to an accepted plan, implemented, verified
    // effective: closed.
    let ncs = get(
        &app,
        &t.token,
        &format!("/api/v1/audits/{audit}/nonconformities"),
    )
    .await;
    let ncs = ncs.as_array().unwrap();
    assert_eq!(ncs.len(), 1, "{ncs:?}");
    let nc = &ncs[0];
    assert_eq!(nc["status"], "closed");
    assert!(nc["closed_at"].is_string(), "{nc}");
    assert_eq!(
        nc["implementation"],
        "Owner named in the role list; review held and minuted on the management review"
    );
    assert_eq!(nc["verification_method"], "document review of the minutes");
    assert_eq!(nc["grade"], "minor");
    assert_eq!(nc["number"], 1);
    assert_eq!(nc["reference"], nc_ref.as_str());
    assert_eq!(nc["checklist_item_id"], nc_item["id"]);
    assert_eq!(nc["responded_by"], "Clara Client");
    assert_eq!(nc["planned_date"], planned.as_str());
    assert_eq!(
        nc["review_comment"],
        "Plan accepted; effectiveness verified at surveillance 1"
    );
    let c = get(&app, &t.token, &format!("/api/v1/audits/{audit}/checklist")).await;
    assert_eq!(c["items"][0]["evidence_requested"], true);
    assert_eq!(c["items"][0]["evidence_due"], due.as_str());
    assert_eq!(c["items"][1]["result"], "minor_nc");
    assert_eq!(
        c["decision_blockers"],
        json!([]),
        "a closed minor blocks nothing"
    );

    // The evidence is kept, whole: listed with its size and SHA-256, stored, and the same
    // bytes come back.
    let listed = get(
        &app,
        &t.token,
        &format!(
            "/api/v1/evidence?target_kind=checklist_item&target_id={}",
            evidence_item["id"].as_str().unwrap()
        ),
    )
    .await;
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["title"], "Review record of interested parties");
    let v = &listed[0]["versions"][0];
    assert_eq!(v["filename"], "interested-parties-review.png");
    assert_eq!(v["size"], png.len());
    assert_eq!(
        v["sha256"],
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&png))
    );
    assert_eq!(v["uploaded_by"], "Clara Client");
    let version = v["id"].as_str().unwrap();
    let key = app.evidence_key(t.id, version).await;
    assert_eq!(
        app.ctx.storage.head(&key).await.unwrap(),
        Some(png.len() as u64)
    );
    let r = crate::support::browser()
        .get(app.url(&format!("/api/v1/evidence/versions/{version}/download")))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    let bytes = if r.status() == reqwest::StatusCode::SEE_OTHER {
        let to = r.headers()["location"].to_str().unwrap().to_string();
        reqwest::get(&to).await.unwrap().bytes().await.unwrap()
    } else {
        assert_eq!(r.status(), reqwest::StatusCode::OK);
        r.bytes().await.unwrap()
    };
    assert_eq!(&bytes[..], &png[..]);

    // The mails reached SMTP: the request and the finding to the client's contact and
    // user, the answer to the lead, the acceptance to the client.
    while app.dispatch().await > 0 {}
    let raised = format!("minor nonconformity 1 raised in the stage 2 audit of {client_name}");
    let requested = format!("{client_name}: evidence requested for the stage 2 audit");
    let accepted = "Your plan for nonconformity 1 is accepted";
    let closed = "Nonconformity 1 is closed";
    for who in [s.contact.as_str(), client_email.as_str()] {
        let mails = wait_for_subjects(&app, who, &[&requested, &raised, accepted, closed]).await;
        let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
        for want in [requested.as_str(), raised.as_str(), accepted, closed] {
            assert_eq!(
                subjects.iter().filter(|s| **s == want).count(),
                1,
                "{who}: {want:?} in {subjects:?}"
            );
        }
    }
    let answered = format!("{client_name} answered nonconformity 1 (stage 2 audit)");
    let mails = wait_for_subjects(&app, &lead_email, &[&answered]).await;
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert!(subjects.contains(&answered.as_str()), "{subjects:?}");
}

#[tokio::test]
async fn an_audit_file_becomes_a_certificate_in_the_pages() {
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
    let r = crate::certification::ready(&app, &t).await;
    let (_, client_email) = client_user(&app, &t.token, &r.s.client).await;
    let client_name =
        get(&app, &t.token, &format!("/api/v1/clients/{}", r.s.client)).await["legal_name"]
            .as_str()
            .unwrap()
            .to_string();
    browser
        .run(
            &app,
            "certification.mjs",
            &[
                ("LEAD_EMAIL", &r.lead_email),
                ("DECIDER_EMAIL", &r.decider_email),
                ("PASSWORD", PASSWORD),
                ("CLIENT_EMAIL", &client_email),
                ("CLIENT_PASSWORD", "a long client password"),
                ("CLIENT_NAME", &client_name),
            ],
        )
        .await;

    // What the pages did is what the API reads.
    let list = get(&app, &t.token, "/api/v1/certificates").await;
    assert_eq!(list["total"], 1, "{list}");
    let c = &list["items"][0];
    assert_eq!(c["status"], "active");
    assert_eq!(c["soa_version"], "SoA v3, 2026-11-20");
    let number = c["number"].as_str().unwrap();
    let report = get(
        &app,
        &t.token,
        &format!("/api/v1/audits/{}/report", r.audit),
    )
    .await;
    assert!(report.is_object());

    // The mails arrived at SMTP: the return to the lead auditor (with the link to the
    // file), the decision and the certificate (with its PDF) to the client's contact.
    let returned = wait_for_subjects(&app, &r.lead_email, &["returned with comments"]).await;
    let m = returned
        .iter()
        .find(|m| m.subject.contains("returned with comments"))
        .unwrap();
    assert!(
        m.text.contains(&format!("/audits/{}/file", r.audit)),
        "{}",
        m.text
    );
    let mails = wait_for_subjects(
        &app,
        &r.s.contact,
        &["Certification decision", &format!("Certificate {number}")],
    )
    .await;
    let issued = mails
        .iter()
        .find(|m| m.subject.contains(&format!("Certificate {number}")))
        .unwrap();
    assert!(
        issued.attachments.iter().any(|a| a.ends_with(".pdf")),
        "{:?}",
        issued.attachments
    );
}

#[tokio::test]
async fn a_new_auditor_signs_in_through_the_identity_provider_in_the_browser() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let app = TestApp::spawn().await;
    let accounts = json!({"ada": {"email": "ada@sso.example", "email_verified": true,
        "name": "Ada Lovelace", "groups": ["certa-auditors"]}});
    let Some(op) = crate::sso::Provider::start(&app, accounts).await else {
        return;
    };
    let t = app.tenant("ssoj").await;
    // The administrator connects the provider in the pages (the journey's first steps).
    browser
        .run(
            &app,
            "sso.mjs",
            &[
                ("ADMIN_EMAIL", t.admin_email.as_str()),
                ("PASSWORD", PASSWORD),
                ("ISSUER", op.issuer.as_str()),
                ("CLIENT_ID", crate::sso::CLIENT_ID),
                ("CLIENT_SECRET", crate::sso::CLIENT_SECRET),
                ("DOMAIN", "sso.example"),
                ("EMAIL", "ada@sso.example"),
                ("LOGIN", "ada"),
                ("TENANT_NAME", t.name.as_str()),
            ],
        )
        .await;
}

/// The German pages: the sign-in page follows the browser, the admin turns the body to
/// German, and every page of the navigation then speaks German, passes axe and fits a
/// phone's width.
#[tokio::test]
async fn the_pages_in_german_are_complete_accessible_and_fit_a_phone() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    browser
        .run(
            &app,
            "german.mjs",
            &[
                ("EMAIL", &t.admin_email),
                ("PASSWORD", PASSWORD),
                ("TENANT_NAME", &t.name),
            ],
        )
        .await;
}
