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
    // Accepting signs the new member in, into the body.
    assert_eq!(r.headers()["location"], "/");
    let me: serde_json::Value = c
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "Ina Invitee");
    let home = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK, "in the tenant at once");
    // Later sign-ins work with the new password, with the invited role.
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

/// Answers still held back by a [`SlowSmtp`]: the Message-ID of each message received in
/// full, and what releases its `250`.
type Held = Arc<std::sync::Mutex<Vec<(String, tokio::sync::oneshot::Sender<()>)>>>;

/// A real SMTP peer on a socket that receives each message in full, then holds its answer
/// until the test releases it (a slow or overloaded server), and records the Message-ID
/// of every message it received.
struct SlowSmtp {
    port: u16,
    received: Arc<std::sync::Mutex<Vec<String>>>,
    held: Held,
    /// Counts the messages whose answer was held: changes with each one.
    arrivals: tokio::sync::watch::Receiver<usize>,
}

impl SlowSmtp {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(std::sync::Mutex::new(Vec::new()));
        let held: Held = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (log, hold) = (received.clone(), held.clone());
        let (count, arrivals) = tokio::sync::watch::channel(0usize);
        let count = Arc::new(count);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(Self::serve(
                    stream,
                    log.clone(),
                    hold.clone(),
                    count.clone(),
                ));
            }
        });
        Self {
            port,
            received,
            held,
            arrivals,
        }
    }

    async fn serve(
        stream: TcpStream,
        log: Arc<std::sync::Mutex<Vec<String>>>,
        held: Held,
        arrivals: Arc<tokio::sync::watch::Sender<usize>>,
    ) {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        if write.write_all(b"220 slow.test ESMTP\r\n").await.is_err() {
            return;
        }
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let verb = line.trim_end().to_ascii_uppercase();
            let answer: &[u8] = if verb.starts_with("EHLO") || verb.starts_with("HELO") {
                b"250 slow.test\r\n"
            } else if verb == "DATA" {
                if write.write_all(b"354 go ahead\r\n").await.is_err() {
                    return;
                }
                let mut message_id = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    if line.to_ascii_lowercase().starts_with("message-id:") {
                        message_id = line["message-id:".len()..].trim().to_string();
                    }
                }
                // The whole message is here: it counts as received, however the
                // client fares while the server holds its answer.
                log.lock().unwrap().push(message_id.clone());
                let (release, released) = tokio::sync::oneshot::channel();
                held.lock().unwrap().push((message_id, release));
                arrivals.send_modify(|n| *n += 1);
                let _ = released.await;
                b"250 queued\r\n"
            } else if verb == "QUIT" {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            } else {
                b"250 ok\r\n"
            };
            if write.write_all(answer).await.is_err() {
                return;
            }
        }
    }
}

/// The tenant's outbox rows as the admin API lists them.
async fn outbox_rows(app: &TestApp, t: &TenantFixture) -> Vec<serde_json::Value> {
    let rows: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/outbox"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    rows.as_array().unwrap().clone()
}

#[tokio::test]
async fn two_workers_and_a_slow_smtp_server_deliver_each_mail_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    // The server holds each answer until the sender's lease has been renewed past its
    // first expiry: without renewal another worker would claim the row and send again.
    let smtp = SlowSmtp::start().await;
    let lease = chrono::Duration::milliseconds(1000);
    let mut s = app.settings.clone();
    s.smtp_url = Some(format!("smtp://127.0.0.1:{}", smtp.port).into());
    s.worker.lease = std::time::Duration::from_millis(1000);
    let to: Vec<String> = (0..3).map(|i| unique_email(&format!("slow{i}"))).collect();
    for e in &to {
        invite(&app, &t, e).await;
    }
    let ids: Vec<String> = outbox_rows(&app, &t)
        .await
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    // Two workers as `certa worker` runs them: their own loop, stopped at the end.
    let mut stops = Vec::new();
    let mut workers = Vec::new();
    for _ in 0..2 {
        let w = certa_app::startup::worker(&s, app.ctx.clone()).unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        stops.push(stop);
        workers.push(tokio::spawn(w.run(async move {
            let _ = stopped.await;
        })));
    }
    // When each row's lease was first seen to end.
    let mut first_end: std::collections::HashMap<String, chrono::DateTime<chrono::Utc>> =
        std::collections::HashMap::new();
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(50));
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        tick.tick().await;
        let rows = outbox_rows(&app, &t).await;
        if rows.iter().all(|r| r["status"] == "sent") {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not all sent in time: {rows:?}"
        );
        let received = smtp.received.lock().unwrap().clone();
        for id in &ids {
            let copies = received.iter().filter(|m| m.contains(id.as_str())).count();
            assert!(copies <= 1, "mail {id} sent again while the server held it");
        }
        let mut renewed = Vec::new();
        for r in &rows {
            let (Some(id), Some(next)) = (r["id"].as_str(), r["next_attempt_at"].as_str()) else {
                continue;
            };
            let Ok(next) = chrono::DateTime::parse_from_rfc3339(next) else {
                continue;
            };
            let next = next.with_timezone(&chrono::Utc);
            let first = *first_end.entry(id.to_string()).or_insert(next);
            if next >= first + lease + lease {
                renewed.push(id.to_string());
            }
        }
        let mut held = smtp.held.lock().unwrap();
        let (release, keep): (Vec<_>, Vec<_>) = held
            .drain(..)
            .partition(|(mid, _)| renewed.iter().any(|id| mid.contains(id.as_str())));
        *held = keep;
        drop(held);
        for (_, r) in release {
            let _ = r.send(());
        }
    }
    for stop in stops {
        let _ = stop.send(());
    }
    for w in workers {
        w.await.unwrap();
    }
    let received = smtp.received.lock().unwrap().clone();
    for id in &ids {
        let copies = received.iter().filter(|m| m.contains(id.as_str())).count();
        assert_eq!(copies, 1, "mail {id} received {copies} times: {received:?}");
    }
    assert_eq!(received.len(), 3, "{received:?}");
}

/// The stored payload of an outbox row, read directly from the database.
async fn stored_payload(app: &TestApp, tenant: uuid::Uuid, id: &str) -> Option<String> {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let db = owner_connection(app).await;
    let tx = db.begin().await.unwrap();
    let backend = tx.get_database_backend();
    let id = uuid::Uuid::parse_str(id).unwrap();
    let sql = if app.pg.is_some() {
        tx.execute(sea_orm::Statement::from_sql_and_values(
            backend,
            "select set_config('app.tenant_id', $1, true)",
            [tenant.to_string().into()],
        ))
        .await
        .unwrap();
        format!("select cast(payload as text) as p from outbox where id = '{id}'")
    } else {
        format!(
            "select cast(payload as text) as p from outbox where id = x'{}'",
            id.simple()
        )
    };
    let row = tx
        .query_one(sea_orm::Statement::from_string(backend, sql))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.close().await.ok();
    row.map(|r| r.try_get::<String>("", "p").unwrap())
}

#[tokio::test]
async fn a_sent_mail_keeps_no_link_secret_in_the_outbox() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let to = unique_email("secret");
    invite(&app, &t, &to).await;
    let id = outbox_rows(&app, &t).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = stored_payload(&app, t.id, &id).await.unwrap();
    assert!(before.contains("/invitations/accept?token="), "{before}");
    app.dispatch().await;
    let mails = app.wait_for_mails(&to, 1).await;
    let link = mails[0]
        .link(&app.url("/invitations/accept?token="))
        .expect("the mail carries the link");
    let token = link.split("token=").nth(1).unwrap();
    let after = stored_payload(&app, t.id, &id).await.unwrap();
    assert!(
        !after.contains(token),
        "the token stays in the outbox: {after}"
    );
    assert!(!after.contains("/invitations/accept"), "{after}");
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(after["link_removed"], true);
    // What the admin page needs is still there.
    let row = &outbox_rows(&app, &t).await[0];
    assert_eq!(row["status"], "sent");
    assert_eq!(row["recipient"], to);
    assert_eq!(row["kind"], "invitation");
    // The link still works: only the outbox forgot it.
    let page = browser()
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("Join {}", t.name)));
}

#[tokio::test]
async fn sent_mail_is_purged_after_the_retention_period() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let (old, recent) = (unique_email("old"), unique_email("recent"));
    invite(&app, &t, &old).await;
    invite(&app, &t, &recent).await;
    app.dispatch().await;
    let rows = outbox_rows(&app, &t).await;
    assert!(rows.iter().all(|r| r["status"] == "sent"), "{rows:?}");
    let id_of = |email: &str| {
        rows.iter().find(|r| r["recipient"] == email).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let pg = app.pg.is_some();
    let age = |id: String, days: i64| {
        let at = (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339();
        let id = uuid::Uuid::parse_str(&id).unwrap();
        if pg {
            format!("update outbox set sent_at = '{at}'::timestamptz where id = '{id}'")
        } else {
            format!(
                "update outbox set sent_at = '{at}' where id = x'{}'",
                id.simple()
            )
        }
    };
    // Default retention: 90 days.
    assert_eq!(owner_exec(&app, t.id, &age(id_of(&old), 91)).await, 1);
    assert_eq!(owner_exec(&app, t.id, &age(id_of(&recent), 89)).await, 1);
    let w = certa_app::startup::worker(&app.settings, app.ctx.clone()).unwrap();
    let purged = w.purge().await.unwrap();
    assert_eq!(purged.tenant_rows, 1);
    let left: Vec<_> = outbox_rows(&app, &t)
        .await
        .iter()
        .map(|r| r["recipient"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(left, vec![recent.clone()]);
    // A tenant that keeps mail for 30 days loses the 89-day-old one too.
    let settings = certa_domain::settings::TenantSettings {
        outbox_retention_days: 30,
        ..Default::default()
    };
    let tx = app
        .ctx
        .db
        .tenant(certa_store::TenantScope::system(
            certa_domain::TenantId(t.id),
            certa_store::SystemAccess::Test,
        ))
        .await
        .unwrap();
    certa_store::repo::settings::put(&tx, serde_json::to_string(&settings).unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let purged = w.purge().await.unwrap();
    assert_eq!(purged.tenant_rows, 1);
    assert!(outbox_rows(&app, &t).await.is_empty());
    // Mail of no tenant (a password reset) goes after the configured default.
    certa_service::auth::request_password_reset(&app.ctx, &t.admin_email)
        .await
        .unwrap();
    let with_link = "update outbox set kind = kind where tenant_id is null \
                     and cast(payload as text) like '%token=%'";
    assert_eq!(
        unscoped_exec(&app, with_link).await,
        1,
        "the link is there to send"
    );
    app.dispatch().await;
    assert_eq!(
        unscoped_exec(&app, with_link).await,
        0,
        "the link left the outbox when the mail was sent"
    );
    let at = |days: i64| (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339();
    let aged = if pg {
        format!(
            "update outbox set sent_at = '{}'::timestamptz where tenant_id is null and status = 'sent'",
            at(91)
        )
    } else {
        format!(
            "update outbox set sent_at = '{}' where tenant_id is null and status = 'sent'",
            at(91)
        )
    };
    assert_eq!(unscoped_exec(&app, &aged).await, 1);
    let purged = w.purge().await.unwrap();
    assert_eq!(purged.global_rows, 1);
    assert_eq!(w.purge().await.unwrap(), Default::default());
}

/// Runs SQL on the test database past row-level security (the PostgreSQL superuser; the
/// SQLite file has none): rows of no tenant are visible to no application role.
async fn unscoped_exec(app: &TestApp, sql: &str) -> u64 {
    use sea_orm::ConnectionTrait;
    let db = match &app.pg {
        Some(pg) => {
            let mut u = url::Url::parse(&pg.admin_url).unwrap();
            u.set_path(&format!("/{}", pg.name));
            sea_orm::Database::connect(u.as_str()).await.unwrap()
        }
        None => owner_connection(app).await,
    };
    let n = db.execute_unprepared(sql).await.unwrap().rows_affected();
    db.close().await.ok();
    n
}

#[tokio::test]
async fn a_worker_that_lost_its_lease_cannot_record_the_outcome() {
    use certa_store::repo::outbox;
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    invite(&app, &t, &unique_email("lease")).await;
    // Worker A claims the row with a lease that has already run out (it stalled)...
    let sys = app.ctx.db.system().await.unwrap();
    let past = certa_store::repo::now() - chrono::Duration::seconds(1);
    let a = outbox::claim(&sys, 10, past).await.unwrap();
    sys.commit().await.unwrap();
    assert_eq!(a.rows.len(), 1);
    // ...so worker B takes it over.
    let sys = app.ctx.db.system().await.unwrap();
    let future = certa_store::repo::now() + chrono::Duration::minutes(5);
    let b = outbox::claim(&sys, 10, future).await.unwrap();
    sys.commit().await.unwrap();
    assert_eq!(b.rows.len(), 1);
    let row = &a.rows[0];
    let sys = app.ctx.db.system().await.unwrap();
    assert!(!outbox::renew(&sys, row.id, a.lease, future).await.unwrap());
    assert!(!outbox::mark_sent(&sys, row, a.lease, 1).await.unwrap());
    assert!(
        !outbox::mark_failed(&sys, row.id, a.lease, 1, "late", None)
            .await
            .unwrap()
    );
    sys.commit().await.unwrap();
    let rows = outbox_rows(&app, &t).await;
    assert_eq!(rows[0]["status"], "pending", "A changed nothing: {rows:?}");
    assert_eq!(rows[0]["attempts"], 0);
    // The holder records the outcome.
    let sys = app.ctx.db.system().await.unwrap();
    assert!(
        outbox::mark_sent(&sys, &b.rows[0], b.lease, 1)
            .await
            .unwrap()
    );
    sys.commit().await.unwrap();
    assert_eq!(outbox_rows(&app, &t).await[0]["status"], "sent");
}

#[tokio::test]
async fn a_row_that_is_no_mail_of_this_version_is_a_dead_letter() {
    use certa_domain::outbox::MailKind;
    use certa_store::repo::outbox;
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    // The database refuses a kind that is no mail (CHECK constraint); a row whose fields
    // are not its kind's (written by another version) is what can still be met.
    let mismatched = unique_email("other-structure");
    let partial = unique_email("missing-field");
    let tx = app
        .ctx
        .db
        .tenant(certa_store::TenantScope::system(
            certa_domain::TenantId(t.id),
            certa_store::SystemAccess::Test,
        ))
        .await
        .unwrap();
    outbox::enqueue(
        &tx,
        MailKind::PasswordChanged,
        &mismatched,
        serde_json::json!({"name": ["Ada"], "sessions_ended": "all", "tokens_revoked": null}),
    )
    .await
    .unwrap();
    outbox::enqueue(
        &tx,
        MailKind::Invitation,
        &partial,
        serde_json::json!({"inviter": "Ada"}),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(app.dispatch().await, 2);
    let rows = outbox_rows(&app, &t).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    for row in &rows {
        assert_eq!(row["status"], "dead", "{row:?}");
        assert_eq!(row["attempts"], 1, "{row:?}");
        assert!(
            row["last_error"]
                .as_str()
                .unwrap()
                .contains("does not decode"),
            "{row:?}"
        );
    }
    assert!(app.mails_to(&mismatched).await.is_empty());
    assert!(app.mails_to(&partial).await.is_empty());
}

/// The rows of the tenant's outbox still due later than `slack` from now (leased).
fn leased(rows: &[serde_json::Value], slack: chrono::Duration) -> usize {
    let later = chrono::Utc::now() + slack;
    rows.iter()
        .filter(|r| r["status"] == "pending")
        .filter_map(|r| r["next_attempt_at"].as_str())
        .filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .filter(|t| t.with_timezone(&chrono::Utc) > later)
        .count()
}

/// Waits (bounded) until the slow server holds the answer to `n` messages; woken by each
/// message that arrives.
async fn held_answers(smtp: &SlowSmtp, n: usize) {
    let mut arrivals = smtp.arrivals.clone();
    let held = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        arrivals.wait_for(|_| smtp.held.lock().unwrap().len() >= n),
    )
    .await;
    assert!(held.is_ok_and(|r| r.is_ok()), "the worker never sent");
}

#[tokio::test]
async fn a_stopping_worker_finishes_the_mail_being_sent_and_releases_the_rest_of_its_batch() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let smtp = SlowSmtp::start().await;
    let mut s = app.settings.clone();
    s.smtp_url = Some(format!("smtp://127.0.0.1:{}", smtp.port).into());
    s.worker.lease = std::time::Duration::from_secs(300);
    s.worker.shutdown_grace = std::time::Duration::from_secs(30);
    for i in 0..4 {
        invite(&app, &t, &unique_email(&format!("stop{i}"))).await;
    }
    let w = certa_app::startup::worker(&s, app.ctx.clone()).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(w.run(async move {
        let _ = stopped.await;
    }));
    // The first mail is at the server, whose answer is held: the worker is mid-send, and
    // holds the whole batch under its five-minute lease.
    held_answers(&smtp, 1).await;
    assert_eq!(
        leased(&outbox_rows(&app, &t).await, chrono::Duration::minutes(4)),
        4
    );
    let _ = stop.send(());
    // While the server holds the answer the worker does not stop (a stop would end this
    // wait at once).
    let mut running = running;
    assert!(
        tokio::time::timeout(std::time::Duration::from_millis(300), &mut running)
            .await
            .is_err(),
        "the mail being sent is finished first"
    );
    let (_, answer) = smtp.held.lock().unwrap().pop().unwrap();
    let _ = answer.send(());
    tokio::time::timeout(std::time::Duration::from_secs(10), running)
        .await
        .expect("the worker stops once its mail is sent")
        .unwrap();
    let rows = outbox_rows(&app, &t).await;
    assert_eq!(
        rows.iter().filter(|r| r["status"] == "sent").count(),
        1,
        "{rows:?}"
    );
    assert_eq!(
        leased(&rows, chrono::Duration::zero()),
        0,
        "the rest is due again at once, not in five minutes: {rows:?}"
    );
    assert!(
        rows.iter().all(|r| r["attempts"].as_i64() <= Some(1)),
        "{rows:?}"
    );
    assert_eq!(smtp.received.lock().unwrap().len(), 1);
    // Another worker sends them now.
    assert_eq!(app.dispatch().await, 3);
    let rows = outbox_rows(&app, &t).await;
    assert!(rows.iter().all(|r| r["status"] == "sent"), "{rows:?}");
}

#[tokio::test]
async fn a_worker_out_of_time_at_shutdown_releases_its_whole_batch() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let smtp = SlowSmtp::start().await;
    let mut s = app.settings.clone();
    s.smtp_url = Some(format!("smtp://127.0.0.1:{}", smtp.port).into());
    s.worker.lease = std::time::Duration::from_secs(300);
    s.worker.shutdown_grace = std::time::Duration::from_millis(500);
    for i in 0..3 {
        invite(&app, &t, &unique_email(&format!("late{i}"))).await;
    }
    let w = certa_app::startup::worker(&s, app.ctx.clone()).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(w.run(async move {
        let _ = stopped.await;
    }));
    held_answers(&smtp, 1).await;
    let _ = stop.send(());
    // The server never answers: the worker gives up after its grace period.
    tokio::time::timeout(std::time::Duration::from_secs(10), running)
        .await
        .expect("the worker gives up in time")
        .unwrap();
    let rows = outbox_rows(&app, &t).await;
    assert!(rows.iter().all(|r| r["status"] == "pending"), "{rows:?}");
    assert_eq!(
        leased(&rows, chrono::Duration::zero()),
        0,
        "nothing stays leased: {rows:?}"
    );
    drop(smtp);
}
