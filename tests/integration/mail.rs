//! Mail through the outbox: the invitation arrives (at the real SMTP server in services
//! mode, as an .eml file embedded), its link works once, and an SMTP outage delays
//! delivery without losing or duplicating the mail.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::net::{TcpListener, TcpStream};

async fn invite(app: &TestApp, t: &TenantFixture, email: &str) {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/members"))
        .bearer_auth(&t.token)
        .json(&json!({"email": email, "roles": ["auditor"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}

fn unique_email(tag: &str) -> String {
    format!("{tag}-{}@mail.test.example", uuid::Uuid::new_v4().simple())
}

#[tokio::test]
async fn invitation_mail_arrives_and_its_link_works_once() {
    // The in-process worker delivers it, as in `certa serve`.
    let app = TestApp::spawn_with(Options {
        background_worker: true,
        ..Default::default()
    })
    .await;
    let t = app.tenant("acme").await;
    let to = unique_email("invitee");
    invite(&app, &t, &to).await;
    let mails = app.wait_for_mails(&to, 1).await;
    assert_eq!(mails.len(), 1, "exactly one invitation mail");
    let m = &mails[0];
    assert!(
        m.subject.contains(&t.name),
        "tenant branding in the subject: {}",
        m.subject
    );
    assert!(
        m.message_id.starts_with("<outbox-") && m.message_id.ends_with("@test.certa.example>"),
        "{}",
        m.message_id
    );
    let link = m
        .link(&app.url("/invitations/accept?token="))
        .expect("accept link");

    let c = browser();
    let page = c.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("Join {}", t.name)));
    let token = hidden(&page, "token").unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let r = c
        .post(app.url("/invitations/accept"))
        .form(&[
            ("token", token.as_str()),
            ("name", "Ina Invitee"),
            ("password", "my brand new password"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login");
    // The new member signs in and lands in the tenant with the invited role.
    let s = app.login(&to, "my brand new password").await;
    let me: serde_json::Value = s
        .client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "Ina Invitee");
    assert_eq!(me["memberships"][0]["roles"], json!(["auditor"]));
    // Second use of the link: refused, and it creates nothing.
    let page = c.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("invalid, expired or already used"));
    let r = c
        .post(app.url("/invitations/accept"))
        .form(&[
            ("token", token.as_str()),
            ("name", "Mallory"),
            ("password", "another long password"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let members: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/members"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(members.as_array().unwrap().len(), 2);
    let events: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/audit-events"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let joined: Vec<_> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "member.joined")
        .collect();
    assert_eq!(joined.len(), 1);
    // The link token is in no event.
    assert!(!events.to_string().contains(&token));
}

/// A TCP forwarder in front of the SMTP server that can be taken down and brought back.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
}

impl Proxy {
    async fn start(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let flag = up.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    return;
                };
                if !flag.load(Ordering::SeqCst) {
                    // Down: the connection is dropped at once, like a crashed server.
                    drop(inbound);
                    continue;
                }
                let target = target.clone();
                tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self { port, up }
    }
}

#[tokio::test]
async fn smtp_outage_is_retried_and_the_mail_arrives_once() {
    let Mode::Services { smtp_url, .. } = mode() else {
        assert!(!strict() || std::env::var("CERTA_TEST_MODE").as_deref() == Ok("embedded"));
        eprintln!("embedded mode writes mail to files; the SMTP outage test runs in services mode");
        return;
    };
    let target = url::Url::parse(&smtp_url).unwrap();
    let proxy = Proxy::start(format!(
        "{}:{}",
        target.host_str().unwrap(),
        target.port().unwrap_or(25)
    ))
    .await;
    let app = TestApp::spawn_with(Options {
        smtp_override: Some(format!("smtp://127.0.0.1:{}", proxy.port)),
        ..Default::default()
    })
    .await;
    let t = app.tenant("acme").await;
    let to = unique_email("outage");
    proxy.up.store(false, Ordering::SeqCst);
    invite(&app, &t, &to).await;
    // Two rounds while the server is down: both fail, the row stays pending.
    app.dispatch().await;
    app.dispatch().await;
    let rows: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/outbox"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rows[0]["status"], "pending");
    assert!(rows[0]["attempts"].as_i64().unwrap() >= 2);
    assert!(rows[0]["last_error"].is_string());
    assert!(app.mails_to(&to).await.is_empty());
    // Back up: delivered, once, with the Message-ID derived from the outbox row.
    proxy.up.store(true, Ordering::SeqCst);
    app.dispatch().await;
    app.dispatch().await;
    let mails = app.wait_for_mails(&to, 1).await;
    assert_eq!(mails.len(), 1);
    let row_id = rows[0]["id"].as_str().unwrap();
    assert!(
        mails[0].message_id.contains(row_id),
        "{} vs {row_id}",
        mails[0].message_id
    );
    let rows: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/outbox"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rows[0]["status"], "sent");
}

#[test]
fn folded_headers_of_an_eml_file_are_read_whole() {
    // Long subjects are folded onto continuation lines that start with white space.
    let head = "From: Certa <certa@test.certa.example>\n\
        To: quality@client.test.example\n\
        Subject: minor nonconformity 1 raised in the stage 2 audit of Helios\n \
        Robotics and Autonomous Inspection\n\tSystems GmbH\n\
        Message-ID: <1@test.certa.example>\n\
        Date: Sun, 29 Nov 2026 01:40:00 +0000";
    assert_eq!(
        header(head, "subject").as_deref(),
        Some(
            "minor nonconformity 1 raised in the stage 2 audit of Helios Robotics and \
             Autonomous Inspection\tSystems GmbH"
        )
    );
    assert_eq!(
        header(head, "Message-ID").as_deref(),
        Some("<1@test.certa.example>")
    );
    assert_eq!(
        header(head, "To").as_deref(),
        Some("quality@client.test.example")
    );
    assert_eq!(header(head, "Cc"), None);
}
