//! Processes that come and go: a server stopped with SIGTERM drains before it stops and
//! finishes what it serves, and an embedded (SQLite) database refuses a second server or
//! worker. (Several replicas on one PostgreSQL database: `credentials.rs` and
//! `evidence.rs`; workers sharing the outbox: `mail.rs`; the daily jobs: `jobs.rs`; the
//! whole set under faults and load: `tests/fault/run`.)

use crate::fieldwork::get;
use crate::support::*;
use reqwest::StatusCode;
use std::time::Duration;

/// The secret key the test's own server uses, for a process on the same database.
fn secret(app: &TestApp) -> String {
    app.settings
        .upload_secret()
        .expect("the test's secret key")
        .expose_secret()
        .to_string()
}

/// A JSON body sent in two parts (a slow client): `started` is notified once the first
/// part went out, and the second goes when `release` fires, so the request is under way
/// until the test lets it finish.
fn slow_body(
    json: String,
    started: std::sync::Arc<tokio::sync::Notify>,
    release: tokio::sync::oneshot::Receiver<()>,
) -> reqwest::Body {
    let (head, tail) = json.split_at(json.len() / 2);
    let (head, tail) = (head.to_string(), tail.to_string());
    let release = std::sync::Arc::new(tokio::sync::Mutex::new(Some(release)));
    let parts = futures_util::stream::unfold(0u8, move |step| {
        let (head, tail, started, release) =
            (head.clone(), tail.clone(), started.clone(), release.clone());
        async move {
            match step {
                0 => Some((Ok::<_, std::io::Error>(head), 1)),
                1 => {
                    started.notify_one();
                    if let Some(r) = release.lock().await.take() {
                        let _ = r.await;
                    }
                    Some((Ok(tail), 2))
                }
                _ => None,
            }
        }
    });
    reqwest::Body::wrap_stream(parts)
}

#[tokio::test]
async fn sigterm_turns_readiness_off_first_then_finishes_the_requests_under_way() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let mut p = app
        .serve_process_with(
            &secret(&app),
            &[
                ("CERTA_SHUTDOWN_DRAIN_SECS", "1"),
                ("CERTA_SHUTDOWN_TIMEOUT_SECS", "10"),
            ],
        )
        .await;
    let http = reqwest::Client::new();
    let ready = |http: reqwest::Client, base: String| async move {
        http.get(format!("{base}/readyz"))
            .timeout(Duration::from_secs(5))
            .send()
            .await
    };
    assert_eq!(
        ready(http.clone(), p.base.clone()).await.unwrap().status(),
        StatusCode::OK
    );

    // A client that sends its body slowly: its request is under way across the whole
    // drain and past the moment the server stops accepting.
    let body = serde_json::json!({"legal_name": "Slow Upload Robotics"}).to_string();
    let started = std::sync::Arc::new(tokio::sync::Notify::new());
    let (release, released) = tokio::sync::oneshot::channel();
    let slow = tokio::spawn(
        http.post(format!("{}/api/v1/clients", p.base))
            .bearer_auth(&t.token)
            .header("content-type", "application/json")
            .body(slow_body(body, started.clone(), released))
            .timeout(Duration::from_secs(20))
            .send(),
    );
    // The request is under way (its first part sent) before the signal.
    tokio::time::timeout(Duration::from_secs(10), started.notified())
        .await
        .expect("the slow request started");
    p.terminate();

    // Readiness turns 503 while the server still answers.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let mut seen = None;
    while tokio::time::Instant::now() < deadline {
        if let Ok(r) = ready(http.clone(), p.base.clone()).await
            && r.status() == StatusCode::SERVICE_UNAVAILABLE
        {
            seen = Some(r.text().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        seen.as_deref(),
        Some("shutting down"),
        "readiness never turned 503"
    );

    // The slow request finishes after the server stopped accepting.
    p.logs(
        "no longer accepting connections; finishing the requests under way",
        Duration::from_secs(10),
    )
    .await;
    let _ = release.send(());
    let r = slow
        .await
        .unwrap()
        .expect("the request under way is answered");
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let status = p.wait(Duration::from_secs(20)).await;
    assert!(status.success(), "exit status {status}");
    let log = p.log();
    for said in [
        "shutdown requested",
        "shutting down: /readyz answers 503 while load balancers drain this process",
        "no longer accepting connections; finishing the requests under way",
        "stopped",
    ] {
        assert!(log.iter().any(|m| m == said), "{said:?} not in {log:?}");
    }
    assert!(
        ready(http.clone(), p.base.clone()).await.is_err(),
        "nothing listens after the exit"
    );
    // The client it created is there.
    let clients = get(&app, &t.token, "/api/v1/clients").await;
    assert!(
        clients.to_string().contains("Slow Upload Robotics"),
        "{clients}"
    );
}

/// Runs a `certa` command to its end (bounded); its status and standard error.
async fn finished(mut c: tokio::process::Command) -> (std::process::ExitStatus, String) {
    let out = tokio::time::timeout(
        Duration::from_secs(60),
        c.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .output(),
    )
    .await
    .expect("the command ends in time")
    .expect("run certa");
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn an_embedded_database_refuses_a_second_server_or_worker() {
    let app = TestApp::spawn().await;
    if app.pg.is_some() {
        eprintln!(
            "PostgreSQL is shared by replicas: the single-instance check is the embedded mode's"
        );
        return;
    }
    let key = secret(&app);
    let _first = app.serve_process(&key).await;

    // A second server on the same file stops at once, saying why.
    let (status, err) = finished(app.certa_process(&["serve", "--no-worker"], &key)).await;
    assert!(!status.success());
    assert!(
        err.contains("`certa serve` already runs on the SQLite database")
            && err.contains("(process ")
            && err.contains("move to PostgreSQL"),
        "{err}"
    );
    // With its worker too.
    let (status, err) = finished(app.certa_process(&["serve"], &key)).await;
    assert!(!status.success());
    assert!(err.contains("already runs"), "{err}");

    // One worker beside `certa serve --no-worker` is fine; a second one is not.
    let mut worker = app
        .certa_process(&["worker"], &key)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start certa worker");
    // Its log is read to its end (a process whose standard error is closed cannot log).
    let (up, started) = tokio::sync::oneshot::channel();
    let stderr = worker.stderr.take().expect("stderr");
    tokio::spawn(async move {
        use tokio::io::AsyncBufReadExt;
        let mut lines = tokio::io::BufReader::new(stderr).lines();
        let mut up = Some(up);
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains("outbox worker started")
                && let Some(up) = up.take()
            {
                let _ = up.send(());
            }
        }
    });
    tokio::time::timeout(Duration::from_secs(60), started)
        .await
        .expect("the first worker starts in time")
        .expect("the first worker starts");
    let (status, err) = finished(app.certa_process(&["worker"], &key)).await;
    assert!(!status.success());
    assert!(
        err.contains(
            "an outbox worker (`certa worker`, or the one inside `certa serve`) already runs"
        ),
        "{err}"
    );

    // The command line shares the database with them.
    let out = certa_cli(
        &app,
        &[
            "admin",
            "create-tenant",
            "--slug",
            "beside",
            "--name",
            "Beside",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    worker.kill().await.ok();
}

/// A TCP relay to PostgreSQL that can be cut: every connection through it is dropped
/// and new ones are closed as soon as they open (a database going away), until restored.
struct PgRelay {
    port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    cut: tokio::sync::watch::Sender<u64>,
}

impl PgRelay {
    async fn start(upstream: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (cut, cuts) = tokio::sync::watch::channel(0u64);
        let open = up.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !open.load(std::sync::atomic::Ordering::SeqCst) {
                    continue;
                }
                let upstream = upstream.clone();
                let mut cuts = cuts.clone();
                cuts.borrow_and_update();
                tokio::spawn(async move {
                    let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {},
                        _ = cuts.changed() => {},
                    }
                });
            }
        });
        Self { port, up, cut }
    }

    fn set(&self, up: bool) {
        self.up.store(up, std::sync::atomic::Ordering::SeqCst);
        if !up {
            self.cut.send_modify(|n| *n += 1);
        }
    }
}

#[tokio::test]
async fn requests_fail_fast_with_503_while_the_database_is_unreachable_and_recover_after() {
    let app = TestApp::spawn().await;
    let Some(pg) = &app.pg else {
        eprintln!("the embedded database is a local file: the outage test runs against PostgreSQL");
        return;
    };
    let t = app.tenant("acme").await;
    let mut url = url::Url::parse(&pg.app_url).unwrap();
    let upstream = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let relay = PgRelay::start(upstream).await;
    url.set_port(Some(relay.port)).unwrap();
    // A replica of the test's server reaching the database through the relay.
    let mut s = app.settings.clone();
    s.database_url = url.to_string().into();
    s.bind = "127.0.0.1:0".into();
    s.public_url = "http://127.0.0.1:0".into();
    s.database_acquire_timeout = Duration::from_secs(1);
    let replica = certa_app::Application::build(&s, false).await.unwrap();
    let base = format!("http://127.0.0.1:{}", replica.port());
    let handle = replica.handle();
    tokio::spawn(replica.run_until_stopped());
    let http = reqwest::Client::new();
    let clients = || {
        http.get(format!("{base}/api/v1/clients"))
            .bearer_auth(&t.token)
            .timeout(Duration::from_secs(20))
            .send()
    };
    assert_eq!(clients().await.unwrap().status(), StatusCode::OK);

    relay.set(false);
    for _ in 0..3 {
        let started = std::time::Instant::now();
        let r = clients().await.unwrap();
        let took = started.elapsed();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(took < Duration::from_secs(4), "answered after {took:?}");
        assert_eq!(r.headers()["retry-after"], "5");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let p: serde_json::Value = r.json().await.unwrap();
        assert_eq!(p["code"], "database_unavailable", "{p}");
        assert_eq!(p["status"], 503);
    }
    let r = http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);

    // Back: the same process answers again, without a restart.
    relay.set(true);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let r = clients().await.unwrap();
        if r.status() == StatusCode::OK {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "still {} after the database came back",
            r.status()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    handle.stop(true).await;
}
