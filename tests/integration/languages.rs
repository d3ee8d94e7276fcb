//! Pages and mails in the reader's language: the body's (settings), a person's own
//! (account), the browser's on pages nobody is signed in to.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::json;

/// The body chooses German: its pages, its field problems and its mails speak German; a
/// member who chose English keeps English; a language Certa does not speak is refused at
/// its field.
#[tokio::test]
async fn the_bodys_language_and_a_persons_own_choose_the_words_of_pages_and_mails() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let s = app.login_into(&t.admin_email, PASSWORD, t.id).await;
    let get = |path: &'static str| {
        let c = s.client.clone();
        let url = app.url(path);
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let post = |path: &'static str, field: &'static str, value: &'static str| {
        s.client
            .post(app.url(path))
            .form(&[("csrf", s.csrf.as_str()), (field, value)])
            .send()
    };
    // English until chosen.
    let html = get("/").await;
    assert!(
        html.contains(r#"<html lang="en">"#) && html.contains(">Dashboard<"),
        "{html}"
    );
    // A language Certa does not speak: refused at its field, nothing changed.
    let r = post("/settings/language", "language", "fr").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/settings").await;
    assert!(
        html.contains(r#"id="body-language-err""#) && html.contains("English (en) or German (de)"),
        "{html}"
    );
    assert!(get("/").await.contains(r#"<html lang="en">"#));
    // German for the body: the notice, the navigation and the pages.
    let r = post("/settings/language", "language", "de").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/settings").await;
    assert!(
        html.contains(r#"<html lang="de">"#)
            && html.contains("Seiten und E-Mails der Zertifizierungsstelle sind jetzt auf Deutsch")
            && html.contains(">Übersicht<")
            && html.contains(">Abmelden<")
            && !html.contains(">Dashboard<"),
        "{html}"
    );
    assert!(
        html.contains(r#"<option value="de" lang="de" selected>Deutsch</option>"#),
        "the chosen language is selected: {html}"
    );
    // A refused field says what is wrong in German, at its field, with what was typed.
    let r = post("/settings/time-zone", "time_zone", "Mars/Olympus")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/settings").await;
    assert!(
        html.contains(r#"id="tz-err""#)
            && html.contains("muss der Name einer Zeitzone sein")
            && html.contains("Nichts wurde gespeichert")
            && html.contains(r#"value="Mars/Olympus""#),
        "{html}"
    );
    // Mails to someone without an account follow the body: an invitation in German.
    let r = api(&app, &t.token, reqwest::Method::POST, "/api/v1/members")
        .json(&json!({"email": "neu@example.org", "roles": ["auditor"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    app.dispatch().await;
    let mails = app.wait_for_mails("neu@example.org", 1).await;
    assert!(
        mails[0].subject.contains("hat Sie zu")
            && mails[0].text.contains("Guten Tag")
            && mails[0]
                .text
                .contains("mit folgenden Rollen anzuschließen: Auditor"),
        "{} / {}",
        mails[0].subject,
        mails[0].text
    );
    // A person's own choice wins over the body's; cleared, the body's is back.
    let r = post("/account/language", "language", "en").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/account/security").await;
    assert!(
        html.contains(r#"<html lang="en">"#)
            && html.contains("Pages and mails are now in English for you")
            && html.contains(">Dashboard<"),
        "{html}"
    );
    let r = post("/account/language", "language", "").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/").await;
    assert!(html.contains(r#"<html lang="de">"#), "{html}");
    // The choice is in the audit trail.
    let events = api(&app, &t.token, reqwest::Method::GET, "/api/v1/audit-events")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(events.contains("settings.language_set") && events.contains(r#""de""#));
}

/// Nobody signed in: the sign-in page speaks the browser's language when Certa speaks
/// it, English otherwise.
#[tokio::test]
async fn pages_nobody_is_signed_in_to_follow_the_browser() {
    let app = TestApp::spawn().await;
    let page = |lang: &'static str| {
        let url = app.url("/login");
        async move {
            browser()
                .get(url)
                .header("accept-language", lang)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let de = page("de-DE,de;q=0.9,en;q=0.8").await;
    assert!(
        de.contains(r#"<html lang="de">"#) && de.contains("Bei Certa anmelden"),
        "{de}"
    );
    let fr = page("fr-FR,fr;q=0.9").await;
    assert!(
        fr.contains(r#"<html lang="en">"#) && !fr.contains("Bei Certa anmelden"),
        "{fr}"
    );
    let en = page("en-GB,de;q=0.5").await;
    assert!(en.contains(r#"<html lang="en">"#), "{en}");
    // A refused sign-in says why in German.
    let c = browser();
    let login = c
        .get(app.url("/login"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&login, "csrf").unwrap();
    let html = c
        .post(app.url("/login"))
        .header("accept-language", "de")
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "nobody@example.org"),
            ("password", "not-the-password"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("E-Mail-Adresse oder Passwort ist nicht korrekt.")
            && !html.contains("The email or password is not correct."),
        "{html}"
    );
    // The not-found page too.
    let r = browser()
        .get(app.url("/no/such/page"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Unter dieser Adresse gibt es nichts")
    );
}

/// The API reads and changes the body's time zone and language, and a person's own: both
/// are checked before either changes; a viewer may read but not change the body's.
#[tokio::test]
async fn the_api_sets_the_bodys_and_a_persons_time_zone_and_language() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let call = |m: reqwest::Method, path: &'static str, body: Option<serde_json::Value>| {
        let r = api(&app, &t.token, m, path);
        match body {
            Some(b) => r.json(&b).send(),
            None => r.send(),
        }
    };
    let get = || async {
        call(reqwest::Method::GET, "/api/v1/settings/locale", None)
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()
    };
    assert_eq!(get().await, json!({"time_zone": "UTC", "language": "en"}));
    // One bad member refuses the whole change, naming each field.
    let r = call(
        reqwest::Method::PUT,
        "/api/v1/settings/locale",
        Some(json!({"time_zone": "Mars/Olympus", "language": "fr"})),
    )
    .await
    .unwrap();
    let p = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_time_zone").await;
    let codes: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["invalid_time_zone", "invalid_language"], "{p}");
    let r = call(
        reqwest::Method::PUT,
        "/api/v1/settings/locale",
        Some(json!({"time_zone": "Europe/Berlin", "language": "fr"})),
    )
    .await
    .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_language").await;
    assert_eq!(get().await["time_zone"], "UTC", "nothing changed");
    let r = call(
        reqwest::Method::PUT,
        "/api/v1/settings/locale",
        Some(json!({"time_zone": "Europe/Berlin", "language": "de"})),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        get().await,
        json!({"time_zone": "Europe/Berlin", "language": "de"})
    );
    // Only the language: the zone stays.
    let r = call(
        reqwest::Method::PUT,
        "/api/v1/settings/locale",
        Some(json!({"language": "en"})),
    )
    .await
    .unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap(),
        json!({"time_zone": "Europe/Berlin", "language": "en"})
    );
    let r = call(
        reqwest::Method::PUT,
        "/api/v1/settings/locale",
        Some(json!({"colour": "blue"})),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A viewer reads the body's but may not change it.
    let viewer = app.member(&t, "viewer@acme.example", "viewer").await;
    let r = api(
        &app,
        &viewer,
        reqwest::Method::GET,
        "/api/v1/settings/locale",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = api(
        &app,
        &viewer,
        reqwest::Method::PUT,
        "/api/v1/settings/locale",
    )
    .json(&json!({"language": "de"}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A person's own choices: set, read back on /me, cleared.
    let me = |body| call(reqwest::Method::PUT, "/api/v1/me/preferences", Some(body));
    let r = me(json!({"time_zone": "Asia/Tokyo", "language": "xx"}))
        .await
        .unwrap();
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_language").await;
    let r = me(json!({"time_zone": "Asia/Tokyo", "language": "de"}))
        .await
        .unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap(),
        json!({"time_zone": "Asia/Tokyo", "language": "de"})
    );
    let who: serde_json::Value = call(reqwest::Method::GET, "/api/v1/me", None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (who["time_zone"].as_str(), who["language"].as_str()),
        (Some("Asia/Tokyo"), Some("de"))
    );
    let r = me(json!({"language": null})).await.unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap(),
        json!({"time_zone": "Asia/Tokyo", "language": null})
    );
}
