//! Signed certificate credentials that verify offline, and the status lists that follow the
//! certificate: the credential in both securings verifies against the body's published key
//! set and fails when tampered with; its entries name the body's revocation and suspension
//! lists, whose bits follow suspension, restoration, a new revision and withdrawal at once;
//! the public JSON carries a signed status assertion whose `as_of` is the JSON's; the PDF
//! carries the credential as the attached file `credential.jwt`.

use crate::certification::granted;
use crate::fieldwork::get;
use crate::scheduling::post;
use crate::support::*;
use certa_credentials::verify::CredentialFormat;
use certa_credentials::{Jwks, StatusList, verify_compact, verify_credential};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn public(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .send()
        .await
        .unwrap()
}

/// The body of a public GET, asserting 200 and the media type.
async fn fetch(app: &TestApp, path: &str, media: &str) -> String {
    let r = public(app, path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    assert_eq!(r.headers()[CONTENT_TYPE], media, "{path}");
    r.text().await.unwrap()
}

async fn key_set(app: &TestApp, slug: &str) -> Jwks {
    Jwks::from_json(
        &fetch(
            app,
            &format!("/t/{slug}/.well-known/jwks.json"),
            "application/jwk-set+json",
        )
        .await,
    )
    .unwrap()
}

/// An entry of a credential: (list URL, index) for `purpose`.
fn entry(credential: &Value, purpose: &str) -> (String, usize) {
    let e = credential["credentialStatus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["statusPurpose"] == purpose)
        .unwrap_or_else(|| panic!("no {purpose} entry in {credential}"));
    assert_eq!(e["type"], "BitstringStatusListEntry");
    let list = e["statusListCredential"].as_str().unwrap().to_string();
    let index: usize = e["statusListIndex"].as_str().unwrap().parse().unwrap();
    assert_eq!(e["id"], format!("{list}#{index}"));
    (list, index)
}

/// The bit of `index` in the status list at `url`, after checking the list's signature
/// and form.
async fn bit(app: &TestApp, keys: &Jwks, url: &str, purpose: &str, index: usize) -> bool {
    let path = url.strip_prefix(&app.url("")).unwrap();
    let jwt = fetch(app, path, "application/vc+jwt").await;
    let v = verify_compact(&jwt, keys).unwrap();
    assert_eq!(v.header.typ.as_deref(), Some("vc+jwt"));
    let c = v.payload;
    assert_eq!(
        c["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(c["id"], url);
    let s = &c["credentialSubject"];
    assert_eq!(s["type"], "BitstringStatusList");
    assert_eq!(s["statusPurpose"], purpose);
    assert!(s["ttl"].as_u64().unwrap() > 0);
    let list = StatusList::decode(s["encodedList"].as_str().unwrap()).unwrap();
    assert!(list.len() >= 131_072);
    list.get(index).unwrap()
}

/// The status assertion of a public answer, verified: its payload.
fn assertion(keys: &Jwks, j: &Value) -> Value {
    let v = verify_compact(j["status_assertion"].as_str().unwrap(), keys).unwrap();
    assert_eq!(
        v.payload["as_of"], j["as_of"],
        "the assertion names the answer's time"
    );
    v.payload
}

#[tokio::test]
async fn credentials_verify_offline_and_status_lists_follow_the_certificate() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let other = app.tenant("other").await;
    let (r, id) = granted(&app, &t).await;
    let c = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    let number = c["number"].as_str().unwrap().to_string();
    let keys = key_set(&app, &t.slug).await;
    let base = format!("/api/v1/public/certificates/{number}");

    // Both securings verify against the published keys and carry the same credential.
    let json_text = fetch(&app, &format!("{base}/credential"), "application/vc").await;
    let di = verify_credential(&json_text, &keys).unwrap();
    assert_eq!(di.format, CredentialFormat::DataIntegrity);
    let jwt = fetch(
        &app,
        &format!("{base}/credential.jwt"),
        "application/vc+jwt",
    )
    .await;
    let jws = verify_credential(&jwt, &keys).unwrap();
    assert_eq!(jws.format, CredentialFormat::Jws);
    assert_eq!(jws.kid, di.kid);
    let mut without_proof = di.credential.clone();
    without_proof.as_object_mut().unwrap().remove("proof");
    assert_eq!(jws.credential, without_proof);
    let cred = &di.credential;
    assert_eq!(cred["issuer"], app.url(&format!("/t/{}", t.slug)));
    assert_eq!(
        cred["type"],
        json!(["VerifiableCredential", "CertificationCredential"])
    );
    assert_eq!(cred["@context"][0], "https://www.w3.org/ns/credentials/v2");
    let subject = &cred["credentialSubject"];
    assert_eq!(subject["name"], "Helios Robotics");
    assert_eq!(subject["certificateNumber"], number);
    assert_eq!(subject["standards"][0]["code"], "ISO/IEC 42001:2023");
    assert_eq!(subject["scope"], c["scope"]);
    assert_eq!(
        cred["validUntil"],
        format!("{}T23:59:59Z", c["expiry_date"].as_str().unwrap())
    );
    assert_eq!(
        cred["proof"]["verificationMethod"],
        format!("{}/issuer#{}", cred["issuer"].as_str().unwrap(), di.kid)
    );

    // Tampered with, neither verifies.
    let forged = json_text.replace("Helios Robotics", "Helios Robotics Holding");
    assert_ne!(forged, json_text);
    assert!(verify_credential(&forged, &keys).is_err());
    let mut parts: Vec<String> = jwt.split('.').map(str::to_string).collect();
    let payload = unb64(&parts[1]).replace("Helios Robotics", "Helios Robotica");
    parts[1] = b64(&payload);
    assert!(verify_credential(&parts.join("."), &keys).is_err());
    // Another body's keys do not verify it.
    assert!(verify_credential(&jwt, &key_set(&app, &other.slug).await).is_err());

    // The same with independent implementations (Python: jwcrypto for the JWS; cryptography,
    // rfc8785 and base58 for the eddsa-jcs-2022 proof), against the published key set.
    let jwks_text = fetch(
        &app,
        &format!("/t/{}/.well-known/jwks.json", t.slug),
        "application/jwk-set+json",
    )
    .await;
    let dir = Scratch::new();
    let jwks_file = dir.write("jwks.json", &jwks_text);
    for (name, text, ok) in [
        ("credential.json", json_text.as_str(), true),
        ("credential.jwt", jwt.as_str(), true),
        ("forged.json", forged.as_str(), false),
        ("forged.jwt", parts.join(".").as_str(), false),
    ] {
        let out = independent(&[&jwks_file, &dir.write(name, text)]);
        assert_eq!(out.starts_with("OK "), ok, "{name}: {out}");
    }

    // The entries: the same index in the revocation and the suspension list, both signed
    // and published, nothing set yet.
    let (revocation, index) = entry(cred, "revocation");
    let (suspension, index_s) = entry(cred, "suspension");
    assert_eq!(index, index_s);
    assert_eq!(
        revocation,
        app.url(&format!("/t/{}/status/revocation/0", t.slug))
    );
    assert_eq!(
        suspension,
        app.url(&format!("/t/{}/status/suspension/0", t.slug))
    );
    assert!(!bit(&app, &keys, &revocation, "revocation", index).await);
    assert!(!bit(&app, &keys, &suspension, "suspension", index).await);

    // The public JSON: a status assertion signed by the same key, naming the answer.
    let j: Value = public(&app, &base).await.json().await.unwrap();
    assert_eq!(
        assertion(&keys, &j),
        json!({"number": number, "revision": 0, "status": "active", "as_of": j["as_of"]})
    );
    assert_eq!(j["credential_url"], app.url(&format!("{base}/credential")));

    // Suspended: the suspension bit is set, the assertion says so.
    let path = |a: &str| format!("/api/v1/certificates/{id}/{a}");
    let until = (chrono::Utc::now().date_naive() + chrono::Months::new(2)).to_string();
    post(
        &app,
        &r.decider_token,
        &path("suspend"),
        json!({"reason": "Surveillance refused", "until": until}),
    )
    .await;
    assert!(bit(&app, &keys, &suspension, "suspension", index).await);
    assert!(!bit(&app, &keys, &revocation, "revocation", index).await);
    let j: Value = public(&app, &base).await.json().await.unwrap();
    assert_eq!(assertion(&keys, &j)["status"], "suspended");
    // An independent decoder reads the same bits from the signed lists.
    for (url, purpose, want) in [
        (&suspension, "suspension", 1),
        (&revocation, "revocation", 0),
    ] {
        let list = fetch(
            &app,
            url.strip_prefix(&app.url("")).unwrap(),
            "application/vc+jwt",
        )
        .await;
        let out = independent(&[
            "--status",
            &jwks_file,
            &dir.write(&format!("{purpose}.jwt"), &list),
            &index.to_string(),
        ]);
        assert_eq!(
            out.trim(),
            format!("OK purpose={purpose} bit={want} length=131072")
        );
    }
    // The list's tag changed with it; a current tag answers 304.
    let list_path = suspension.strip_prefix(&app.url("")).unwrap().to_string();
    let tag = public(&app, &list_path).await.headers()[ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let r304 = reqwest::Client::new()
        .get(app.url(&list_path))
        .header(IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(r304.status(), StatusCode::NOT_MODIFIED);

    // Restored: cleared again.
    post(&app, &r.decider_token, &path("restore"), json!({})).await;
    assert!(!bit(&app, &keys, &suspension, "suspension", index).await);
    let r200 = reqwest::Client::new()
        .get(app.url(&list_path))
        .header(IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r200.status(),
        StatusCode::OK,
        "the old tag no longer matches"
    );

    // A scope reduction issues revision 1: its own credential and entry; revision 0's
    // credential is revoked, and only the current one is served.
    post(
        &app,
        &r.decider_token,
        &format!("/api/v1/programmes/{}/decisions", r.programme),
        json!({"kind": "reduce_scope", "reasons": "Robot line B closed",
            "scope": "AI inspection robots, line A", "certificate_id": id}),
    )
    .await;
    assert!(bit(&app, &keys, &revocation, "revocation", index).await);
    let rev1 = verify_credential(
        &fetch(&app, &format!("{base}/credential"), "application/vc").await,
        &keys,
    )
    .unwrap()
    .credential;
    assert_eq!(
        rev1["credentialSubject"]["certificateNumber"],
        format!("{number}/R1")
    );
    assert_eq!(
        rev1["credentialSubject"]["scope"],
        "AI inspection robots, line A"
    );
    let (revocation1, index1) = entry(&rev1, "revocation");
    assert_ne!(index1, index, "each revision has an entry of its own");
    assert!(!bit(&app, &keys, &revocation1, "revocation", index1).await);
    let x = public(&app, &format!("{base}/R0/credential")).await;
    assert_problem(x, StatusCode::NOT_FOUND, "certificate_not_found").await;
    assert_eq!(
        public(&app, &format!("{base}/R1/credential.jwt"))
            .await
            .status(),
        StatusCode::OK
    );
    let old: Value = public(&app, &format!("{base}/R0"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        assertion(&keys, &old),
        json!({"number": number, "revision": 0, "status": "superseded", "as_of": old["as_of"]})
    );
    assert!(old.get("credential_url").is_none());

    // The PDF of revision 1 carries its credential.
    let pdf = api(
        &app,
        &t.token,
        Method::GET,
        &format!("/api/v1/certificates/{id}/pdf"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    let pdf = pdf.bytes().await.unwrap();
    let attached = attached_credential(&pdf);
    assert_eq!(
        attached,
        fetch(
            &app,
            &format!("{base}/credential.jwt"),
            "application/vc+jwt"
        )
        .await
    );
    assert!(verify_credential(&attached, &keys).is_ok());

    // Withdrawn: revision 1 revoked for good.
    let x = api(&app, &t.token, Method::POST, &path("withdraw"))
        .json(&json!({"reason": "Contract ended"}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    assert!(bit(&app, &keys, &revocation1, "revocation", index1).await);
    let j: Value = public(&app, &base).await.json().await.unwrap();
    assert_eq!(assertion(&keys, &j)["status"], "withdrawn");

    // Another body, an unknown body, purpose or list: 404, no hint.
    for p in [
        format!("/t/{}/status/revocation/0", other.slug),
        "/t/nobody/status/revocation/0".to_string(),
        format!("/t/{}/status/expired/0", t.slug),
        format!("/t/{}/status/revocation/7", t.slug),
        format!("/t/{}/status/revocation/-1", t.slug),
        format!("/t/{}/status/revocation/x", t.slug),
    ] {
        assert_eq!(
            public(&app, &p).await.status(),
            StatusCode::NOT_FOUND,
            "{p}"
        );
    }
}

/// A folder of its own, removed afterwards.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("certa-vc-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// Writes `text` to `name`; answers the path.
    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the independent verifier (`crates/credentials/tests/independent.py`) and answers
/// what it printed; a missing Python module fails the test with the command that installs it.
fn independent(args: &[&str]) -> String {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../credentials/tests/independent.py"
    );
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_ne!(
        out.status.code(),
        Some(2),
        "the independent verifier cannot run: {text} (pip install jwcrypto cryptography rfc8785 base58)"
    );
    text
}

fn b64(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

fn unb64(s: &str) -> String {
    use base64::Engine as _;
    String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .unwrap(),
    )
    .unwrap()
}

/// The file `credential.jwt` attached to a PDF, read with poppler's `pdfdetach`.
fn attached_credential(pdf: &[u8]) -> String {
    let dir =
        std::env::temp_dir().join(format!("certa-attached-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("certificate.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = dir.join("credential.jwt");
    let status = std::process::Command::new("pdfdetach")
        .args(["-savefile", "credential.jwt", "-o"])
        .arg(&out)
        .arg(&file)
        .status()
        .expect("pdfdetach (poppler-utils) is installed");
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    text
}

/// The public status of `number` as `base` answers it.
async fn status_at(base: &str, number: &str) -> String {
    let j: Value = reqwest::Client::new()
        .get(format!("{base}/api/v1/public/certificates/{number}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    j["status"].as_str().unwrap_or_default().to_string()
}

/// Asks `base` until it answers `want` for `number`; answers how long that took, failing
/// past `limit`.
async fn seen_within(
    base: &str,
    number: &str,
    want: &str,
    limit: std::time::Duration,
) -> std::time::Duration {
    let started = std::time::Instant::now();
    loop {
        if status_at(base, number).await == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "{base} still does not answer {want} after {limit:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// Two replicas on one PostgreSQL database, each with its own cache of the registry: a
/// status change made through one shows on the other within a second (the change's notice
/// drops the other's cached answer), after both had cached the certificate.
#[tokio::test]
async fn a_status_change_reaches_every_replica_within_a_second() {
    let app = TestApp::spawn().await;
    if app.pg.is_none() {
        eprintln!(
            "embedded mode serves one process per database: the replicas test runs against PostgreSQL"
        );
        return;
    }
    let t = app.tenant("acme").await;
    let (r, id) = granted(&app, &t).await;
    let c = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    let number = c["number"].as_str().unwrap().to_string();
    let other = app.serve_process(TEST_SECRET_KEY).await;
    let second = std::time::Duration::from_secs(1);
    for base in [app.base.as_str(), other.base.as_str()] {
        // Read twice: the second answer comes from the replica's cache.
        assert_eq!(status_at(base, &number).await, "active");
        assert_eq!(status_at(base, &number).await, "active");
    }
    let path = |a: &str| format!("/api/v1/certificates/{id}/{a}");
    let until = (chrono::Utc::now().date_naive() + chrono::Months::new(2)).to_string();
    post(
        &app,
        &r.decider_token,
        &path("suspend"),
        json!({"reason": "Surveillance refused", "until": until}),
    )
    .await;
    let took = seen_within(&other.base, &number, "suspended", second).await;
    eprintln!("suspension seen by the other replica after {took:?}");
    assert_eq!(status_at(&app.base, &number).await, "suspended");
    post(&app, &r.decider_token, &path("restore"), json!({})).await;
    seen_within(&other.base, &number, "active", second).await;
    let x = api(&app, &t.token, Method::POST, &path("withdraw"))
        .json(&json!({"reason": "Contract ended"}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    seen_within(&other.base, &number, "withdrawn", second).await;
}

/// Look-ups of numbers no body holds are counted for the body whose certificate they are
/// one character away from, or whose numbering they follow; look-ups of suspended
/// certificates for their body; of the verifier only the network is kept; other bodies see
/// nothing of it, and only administrators see it.
#[tokio::test]
async fn verification_look_ups_are_counted_for_the_body_they_concern() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let other = app.tenant("beta").await;
    let (r, id) = granted(&app, &t).await;
    let c = get(&app, &t.token, &format!("/api/v1/certificates/{id}")).await;
    let number = c["number"].as_str().unwrap().to_string();
    // The administrators hear of five look-ups a day or more.
    let x = api(&app, &t.token, Method::PUT, "/api/v1/settings")
        .json(&json!({"certificates": {"verification_alert_per_day": 5}}))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK, "{}", x.text().await.unwrap());
    // One character changed at the end: a look-alike.
    let mut look_alike = number.clone();
    let last = look_alike.pop().unwrap();
    look_alike.push(if last == '9' { '8' } else { '9' });
    let prefix = number.split('-').next().unwrap();
    let numbered_alike = format!("{prefix}-9001-77777");
    for n in [
        look_alike.as_str(),
        numbered_alike.as_str(),
        "ZZZQ-1-424242",
    ] {
        let x = public(&app, &format!("/api/v1/public/certificates/{n}")).await;
        assert_eq!(x.status(), StatusCode::NOT_FOUND, "{n}");
    }
    // The page counts too.
    let x = public(&app, &format!("/verify/{look_alike}")).await;
    assert_eq!(x.status(), StatusCode::NOT_FOUND);
    post(
        &app,
        &r.decider_token,
        &format!("/api/v1/certificates/{id}/suspend"),
        json!({"reason": "Surveillance refused",
            "until": (chrono::Utc::now().date_naive() + chrono::Months::new(2)).to_string()}),
    )
    .await;
    for _ in 0..3 {
        let x = public(&app, &format!("/api/v1/public/certificates/{number}")).await;
        assert_eq!(x.status(), StatusCode::OK);
    }
    let flushed = certa_service::certification::verification::flush(&app.ctx)
        .await
        .unwrap();
    assert_eq!(flushed.unattributed, 1, "{flushed:?}");
    assert_eq!(
        flushed.alerts, 1,
        "one administrator, one alert: {flushed:?}"
    );
    app.dispatch().await;
    let alerts: Vec<_> = app
        .mails_to(&t.admin_email)
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Unusual verification activity"))
        .collect();
    assert_eq!(alerts.len(), 1);
    assert!(
        alerts[0].subject.contains("6 look-ups"),
        "{}",
        alerts[0].subject
    );
    assert!(
        alerts[0].text.contains(&look_alike) && alerts[0].text.contains("/settings/verification")
    );

    let rows: Value = api(&app, &t.token, Method::GET, "/api/v1/verification-lookups")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let find = |kind: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {rows}"))
            .clone()
    };
    let alike = find("look_alike");
    assert_eq!(alike["number"], look_alike.as_str());
    assert_eq!(alike["near_number"], number.as_str());
    assert_eq!(alike["lookups"], 2, "the JSON and the page");
    assert_eq!(alike["network"], "127.0.0.0/24");
    assert_eq!(find("unknown")["number"], numbered_alike.as_str());
    let suspended = find("suspended");
    assert_eq!(
        (suspended["number"].as_str(), suspended["lookups"].as_i64()),
        (Some(number.as_str()), Some(3))
    );
    assert_eq!(rows.as_array().unwrap().len(), 3, "{rows}");
    assert!(
        !rows.to_string().contains("ZZZQ"),
        "a number of no body is nobody's"
    );

    // Counts add up across flushes.
    public(&app, &format!("/api/v1/public/certificates/{number}")).await;
    certa_service::certification::verification::flush(&app.ctx)
        .await
        .unwrap();
    let rows: Value = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/verification-lookups?days=7",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "suspended" && r["lookups"] == 4),
        "{rows}"
    );

    // Another body sees nothing; a reviewer may not look; the period is bounded.
    let theirs: Value = api(
        &app,
        &other.token,
        Method::GET,
        "/api/v1/verification-lookups",
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(theirs, json!([]));
    let x = api(
        &app,
        &r.decider_token,
        Method::GET,
        "/api/v1/verification-lookups",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(x.status(), StatusCode::FORBIDDEN);
    let x = api(
        &app,
        &t.token,
        Method::GET,
        "/api/v1/verification-lookups?days=0",
    )
    .send()
    .await
    .unwrap();
    assert_problem(x, StatusCode::UNPROCESSABLE_ENTITY, "invalid_number").await;

    // The administrators' page.
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let html = s
        .client
        .get(app.url("/settings/verification"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for want in [
        "Look-alike number",
        look_alike.as_str(),
        number.as_str(),
        "127.0.0.0/24",
        "Suspended certificate: 4",
    ] {
        assert!(html.contains(want), "{want} missing from the page");
    }
}
