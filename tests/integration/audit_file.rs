//! The sealed audit file of a programme: a programme taken to a certificate (with a
//! nonconformity answered and an evidence upload) is exported through the API, verified
//! with the library against the key set the body publishes, then tampered with; the
//! command `certa verify-bundle` agrees; only administrators and reviewers may export, and
//! every export is in the audit trail.

use crate::certification::ready;
use crate::fieldwork::{client_user, get};
use crate::scheduling::post;
use crate::support::*;
use certa_credentials::Jwks;
use certa_credentials::bundle::{MANIFEST_PATH, Problem, SIGNATURE_PATH, verify_bundle};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::io::{Cursor, Read, Write};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n% the AI policy, v1\n";

/// Every file of an archive, in its order.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut a = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..a.len())
        .map(|i| {
            let mut f = a.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

/// The archive rewritten with `change` applied to its files.
fn rewrite(zip: &[u8], change: impl Fn(&str, &mut Vec<u8>)) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, mut bytes) in entries(zip) {
        change(&name, &mut bytes);
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

// Multi-threaded: the command runs while the test server (on this runtime) answers its
// request for the key set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_programme_file_is_exported_sealed_and_any_change_is_named() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let r = ready(&app, &t).await;
    let audit = r.audit.as_str();

    // A nonconformity with evidence, answered and accepted; then report, review, grant.
    let checklist = get(&app, &t.token, &format!("/api/v1/audits/{audit}/checklist")).await;
    let item = checklist["items"][0]["id"].as_str().unwrap().to_string();
    let nc = post(
        &app,
        &t.token,
        &format!("/api/v1/audits/{audit}/checklist/items/{item}/nonconformities"),
        json!({"grade": "minor", "statement": "The AI policy is not communicated to contractors.",
            "evidence": "Two contractor interviews"}),
    )
    .await;
    let nc = nc["id"].as_str().unwrap().to_string();
    let up = reqwest::Client::new()
        .post(app.url(&format!(
            "/api/v1/evidence?target_kind=nonconformity&target_id={nc}&filename=AI%20policy%20(signed).pdf"
        )))
        .bearer_auth(&t.token)
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(up.status(), StatusCode::CREATED);
    post(&app, &t.token, &format!("/api/v1/nonconformities/{nc}/response"), json!({
        "correction": "Policy sent to the contractors", "root_cause": "No contractor onboarding step",
        "corrective_action": "Onboarding checklist includes the AI policy",
        "planned_date": (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string()}))
        .await;
    post(
        &app,
        &t.token,
        &format!("/api/v1/nonconformities/{nc}/review"),
        json!({"decision": "accept"}),
    )
    .await;
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
    let out = post(
        &app,
        &r.decider_token,
        &format!("/api/v1/programmes/{}/decisions", r.programme),
        json!({"kind": "grant", "audit_ids": [audit], "application_confirmed": true,
            "soa_version": "SoA v1"}),
    )
    .await;
    let certificate = out["certificate"]["id"].as_str().unwrap().to_string();
    let decision = out["decision"]["id"].as_str().unwrap().to_string();

    // The reviewer downloads the sealed file.
    let path = format!("/api/v1/programmes/{}/audit-file.zip", r.programme);
    let x = api(&app, &r.decider_token, Method::GET, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(x.headers()["content-type"], "application/zip");
    assert_eq!(x.headers()["cache-control"], "private, no-store");
    let disposition = x.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"audit-file-helios-robotics-{today}.zip\"")
    );
    let zip = x.bytes().await.unwrap().to_vec();

    // Deterministic order: the records by path, then the manifest and its signature.
    let files = entries(&zip);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let n = names.len();
    assert_eq!(&names[n - 2..], [MANIFEST_PATH, SIGNATURE_PATH]);
    let mut sorted = names[..n - 2].to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, names[..n - 2], "files in the order of their paths");
    let file = |name: &str| -> &Vec<u8> {
        &files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} in {names:?}"))
            .1
    };
    let json_of = |name: &str| -> Value { serde_json::from_slice(file(name)).unwrap() };
    for want in [
        "programme.json".to_string(),
        format!("audits/{audit}/audit.json"),
        format!("audits/{audit}/report.json"),
        format!("audits/{audit}/nonconformities/{nc}.json"),
        format!("decisions/{decision}.json"),
        format!("certificates/{certificate}/certificate.json"),
        format!("certificates/{certificate}/revision-0.json"),
        "audit-trail.json".to_string(),
        "issuer-jwks.json".to_string(),
        "README.txt".to_string(),
    ] {
        assert!(names.contains(&want.as_str()), "{want} in {names:?}");
    }
    let nc_record = json_of(&format!("audits/{audit}/nonconformities/{nc}.json"));
    assert_eq!(nc_record["grade"], "minor");
    assert_eq!(
        nc_record["response"]["root_cause"],
        "No contractor onboarding step"
    );
    let report = json_of(&format!("audits/{audit}/report.json"));
    assert_eq!(report["revisions"][0]["status"], "passed");
    assert!(report["revisions"][0]["review"]["reviewed_by"].is_string());
    let d = json_of(&format!("decisions/{decision}.json"));
    assert_eq!(d["kind"], "grant");
    assert!(d["inputs"].is_object() || d["inputs"].is_array(), "{d}");
    // The evidence bytes as uploaded, with their metadata.
    let evidence: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.starts_with("evidence/") && n.ends_with(".pdf"))
        .collect();
    assert_eq!(evidence.len(), 1, "{names:?}");
    let evidence_path = evidence[0].to_string();
    assert!(
        evidence_path.ends_with("/v1-AI_policy__signed_.pdf"),
        "{evidence_path}"
    );
    assert_eq!(file(&evidence_path), PDF);
    let item_json = json_of(&evidence_path.replace("v1-AI_policy__signed_.pdf", "item.json"));
    assert_eq!(
        item_json["versions"][0]["filename"],
        "AI policy (signed).pdf"
    );
    assert_eq!(item_json["versions"][0]["file"], evidence_path);
    assert_eq!(item_json["linked_to"][0]["id"], nc);
    // The certificate's stored PDF, as served.
    let pdf = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/certificates/{certificate}/pdf"),
    )
    .send()
    .await
    .unwrap()
    .bytes()
    .await
    .unwrap();
    assert_eq!(
        file(&format!("certificates/{certificate}/revision-0.pdf")),
        &pdf.to_vec()
    );
    // The audit-trail extract: this programme's events, with their hashes.
    let trail = json_of("audit-trail.json");
    let actions: Vec<&str> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for want in [
        "audit.scheduled",
        "nonconformity.raised",
        "evidence.uploaded",
        "report.submitted",
        "decision.taken",
        "certificate.issued",
    ] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    assert!(
        trail["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["hash"].as_str().is_some_and(|h| h.len() == 64)),
        "{trail}"
    );

    // The manifest names the issuer and key, and lists every other file.
    let manifest = json_of(MANIFEST_PATH);
    let issuer = format!("{}/t/acme", app.settings.public_url);
    assert_eq!(manifest["format"], "certa-audit-file");
    assert_eq!(manifest["version"], 1);
    assert_eq!(manifest["issuer"], issuer);
    assert_eq!(manifest["certification_body"]["name"], t.name);
    assert_eq!(manifest["programme"]["id"], r.programme);
    assert_eq!(manifest["client"]["name"], "Helios Robotics");
    assert_eq!(manifest["files"].as_array().unwrap().len(), n - 2);
    let sig = String::from_utf8(file(SIGNATURE_PATH).clone()).unwrap();
    assert_eq!(sig.split('.').nth(1), Some(""), "a detached JWS: {sig}");

    // Verified against the key set the body publishes.
    let published = reqwest::Client::new()
        .get(app.url("/t/acme/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let jwks = Jwks::from_json(&published).unwrap();
    let report = verify_bundle(Cursor::new(&zip), &jwks).unwrap();
    assert!(report.is_intact(), "{:?}", report.mismatch);
    assert_eq!(report.files, n - 2);
    assert_eq!(report.issuer.as_deref(), Some(issuer.as_str()));
    assert_eq!(report.kid.as_deref(), manifest["kid"].as_str());

    // One byte of the evidence changed: the report names that file.
    let tampered = rewrite(&zip, |name, bytes| {
        if name == evidence_path {
            bytes[10] ^= 0x20;
        }
    });
    let report = verify_bundle(Cursor::new(&tampered), &jwks).unwrap();
    let m = report.mismatch.expect("the change is found");
    assert_eq!(m.path, evidence_path);
    assert!(matches!(m.problem, Problem::DigestDiffers), "{m}");
    // A changed record and a changed manifest.
    let record = format!("decisions/{decision}.json");
    let tampered_record = rewrite(&zip, |name, bytes| {
        if name == record {
            *bytes = String::from_utf8(bytes.clone())
                .unwrap()
                .replace("\"grant\"", "\"renew\"")
                .into_bytes();
        }
    });
    let m = verify_bundle(Cursor::new(&tampered_record), &jwks)
        .unwrap()
        .mismatch
        .unwrap();
    assert_eq!(m.path, record);
    let tampered_manifest = rewrite(&zip, |name, bytes| {
        if name == MANIFEST_PATH {
            bytes.extend_from_slice(b" ");
        }
    });
    let m = verify_bundle(Cursor::new(&tampered_manifest), &jwks)
        .unwrap()
        .mismatch
        .unwrap();
    assert!(
        matches!(
            (m.path.as_str(), &m.problem),
            (MANIFEST_PATH, Problem::Signature(_))
        ),
        "{m}"
    );

    // The command line: online against the published key set, and offline.
    let dir = TempDir::new();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().to_string()
    };
    let good = write("audit-file.zip", &zip);
    let bad = write("tampered.zip", &tampered);
    let jwks_file = write("jwks.json", published.as_bytes());
    let run = |args: &[&str]| {
        let out = tokio::task::block_in_place(|| certa_cli(&app, args));
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        )
    };
    let (code, text) = run(&["verify-bundle", &good]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.starts_with(&format!(
            "intact: {} files match manifest.json, signed by {issuer} with key {}",
            n - 2,
            manifest["kid"].as_str().unwrap()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "taken from the key set the issuer publishes at {issuer}/.well-known/jwks.json"
        )),
        "{text}"
    );
    let (code, text) = run(&["verify-bundle", &good, "--jwks", &jwks_file]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(&["verify-bundle", &bad, "--jwks", &jwks_file]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        text,
        format!("mismatch: {evidence_path}: its SHA-256 differs from the manifest's")
    );
    let (code, text) = run(&["verify-bundle", &jwks_file, "--jwks", &jwks_file]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.starts_with("invalid: "), "{text}");

    // Each export is in the audit trail, with the manifest's digest.
    let events = get(&app, &t.token, "/api/v1/audit-events?limit=5").await;
    let exported = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "programme.audit_file_exported")
        .unwrap_or_else(|| panic!("{events}"));
    assert_eq!(exported["subject"], format!("programme:{}", r.programme));
    use sha2::Digest;
    assert_eq!(
        exported["data"]["manifest_sha256"],
        hex::encode(sha2::Sha256::digest(file(MANIFEST_PATH)))
    );
}

#[tokio::test]
async fn only_administrators_and_reviewers_export_and_the_page_offers_it() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let r = ready(&app, &t).await;
    let path = format!("/api/v1/programmes/{}/audit-file.zip", r.programme);

    // Staff who may not: 403 problem+json. The lead auditor is an auditor.
    let scheduler = app.member(&t, "sched@acme.test.example", "scheduler").await;
    let viewer = app.member(&t, "view@acme.test.example", "viewer").await;
    for token in [&r.lead_token, &scheduler, &viewer] {
        let x = api(&app, token, Method::GET, &path).send().await.unwrap();
        assert_problem(x, StatusCode::FORBIDDEN, "forbidden").await;
    }
    // A client user of the programme's own client: refused too, through the API and the page.
    let (client, _) = client_user(&app, &t.token, &r.s.client).await;
    let x = client.client.get(app.url(&path)).send().await.unwrap();
    assert!(
        matches!(x.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        x.status()
    );
    let page = format!("/programmes/{}/audit-file.zip", r.programme);
    let x = client.client.get(app.url(&page)).send().await.unwrap();
    assert!(
        matches!(x.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        x.status()
    );
    // An unknown programme: 404.
    let x = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/programmes/{}/audit-file.zip", uuid::Uuid::now_v7()),
    )
    .send()
    .await
    .unwrap();
    assert_problem(x, StatusCode::NOT_FOUND, "programme_not_found").await;

    // The programme's page offers the download to an administrator, not to an auditor.
    let programme = get(
        &app,
        &t.token,
        &format!("/api/v1/programmes/{}", r.programme),
    )
    .await;
    let application = programme["application_id"].as_str().unwrap();
    let admin = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = admin
        .client
        .get(app.url(&format!("/applications/{application}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!(
            "href=\"/programmes/{}/audit-file.zip\"",
            r.programme
        )) && html.contains("Download sealed audit file"),
        "{html}"
    );
    let lead = app.login_into(&r.lead_email, PASSWORD, t.id).await;
    let html = lead
        .client
        .get(app.url(&format!("/applications/{application}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Download sealed audit file"));
    // The page's link downloads it with the session; before any decision the file holds the
    // programme, the audit and the trail.
    let x = admin.client.get(app.url(&page)).send().await.unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(x.headers()["content-type"], "application/zip");
    let zip = x.bytes().await.unwrap().to_vec();
    let names: Vec<String> = entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"programme.json".to_string()), "{names:?}");
    assert!(
        names.contains(&format!("audits/{}/audit.json", r.audit)),
        "{names:?}"
    );
}
