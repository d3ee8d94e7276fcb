//! The daily jobs (reminders, sweeps, purges) run tenant by tenant: one tenant's failure
//! is recorded and retried without stopping the others, and no transaction is held while
//! object storage is called.

use crate::fieldwork::{confirmed, new_checklist};
use crate::scheduling::{post, setup};
use crate::support::*;
use certa_domain::TenantId;
use certa_storage::{
    ObjectKey, ObjectStore, ObjectStream, PresignedRequest, StorageError, Stored, UploadConstraints,
};
use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncRead;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

/// The configured store, except that deleting any object of one tenant fails. While a
/// delete is asked, it checks that the database still takes a write from elsewhere (on
/// SQLite a transaction held open across the call would block it).
struct FailingDeletes {
    inner: Arc<dyn ObjectStore>,
    failing: uuid::Uuid,
    db: certa_store::Db,
    probe_tenant: uuid::Uuid,
    /// Whether each probe write went through.
    probes: Mutex<Vec<bool>>,
    fail: bool,
}

impl std::fmt::Debug for FailingDeletes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FailingDeletes")
    }
}

impl FailingDeletes {
    async fn probe(&self) -> bool {
        let write = async {
            let tx = self
                .db
                .tenant(certa_store::TenantScope::system(
                    TenantId(self.probe_tenant),
                    certa_store::SystemAccess::Test,
                ))
                .await
                .ok()?;
            certa_store::repo::settings::claim_reminder(
                &tx,
                certa_domain::outbox::MailKind::AuditOverdue,
                &format!("probe-{}", uuid::Uuid::new_v4()),
                "2000-01-01",
            )
            .await
            .ok()?;
            // Not committed: the probe leaves nothing behind.
            drop(tx);
            Some(())
        };
        matches!(
            tokio::time::timeout(Duration::from_secs(5), write).await,
            Ok(Some(()))
        )
    }
}

#[async_trait::async_trait]
impl ObjectStore for FailingDeletes {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    async fn put_stream(
        &self,
        key: &ObjectKey,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        limit: u64,
    ) -> Result<Stored, StorageError> {
        self.inner.put_stream(key, reader, limit).await
    }
    async fn head(&self, key: &ObjectKey) -> Result<Option<u64>, StorageError> {
        self.inner.head(key).await
    }
    async fn get_stream(&self, key: &ObjectKey) -> Result<ObjectStream, StorageError> {
        self.inner.get_stream(key).await
    }
    async fn read_prefix(&self, key: &ObjectKey, n: usize) -> Result<Vec<u8>, StorageError> {
        self.inner.read_prefix(key, n).await
    }
    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        let ok = self.probe().await;
        self.probes.lock().unwrap().push(ok);
        if self.fail && key.tenant() == self.failing {
            return Err(StorageError::Io(std::io::Error::other(
                "the store is unreachable",
            )));
        }
        self.inner.delete(key).await
    }
    async fn copy(&self, from: &ObjectKey, to: &ObjectKey) -> Result<(), StorageError> {
        self.inner.copy(from, to).await
    }
    fn supports_presign(&self) -> bool {
        self.inner.supports_presign()
    }
    async fn presign_put_at(
        &self,
        key: &ObjectKey,
        signed_at: DateTime<Utc>,
        ttl: Duration,
        upload: &UploadConstraints,
    ) -> Result<PresignedRequest, StorageError> {
        self.inner.presign_put_at(key, signed_at, ttl, upload).await
    }
    async fn presign_get_at(
        &self,
        key: &ObjectKey,
        signed_at: DateTime<Utc>,
        ttl: Duration,
        filename: &str,
        content_type: &str,
    ) -> Result<PresignedRequest, StorageError> {
        self.inner
            .presign_get_at(key, signed_at, ttl, filename, content_type)
            .await
    }
}

/// Uploads a file as evidence of the first checklist item of a confirmed audit and
/// withdraws it; returns the version id.
async fn withdrawn_evidence(app: &TestApp, t: &TenantFixture) -> String {
    let s = setup(app, &t.token, "Archive Works").await;
    let audit = confirmed(app, &t.token, &s, 0, 10).await;
    let c = new_checklist(app, &t.token, &audit).await;
    let item = c["items"][0]["id"].as_str().unwrap().to_string();
    let r = reqwest::Client::new()
        .post(app.url(&format!(
            "/api/v1/evidence?target_kind=checklist_item&target_id={item}&filename=old.pdf"
        )))
        .bearer_auth(&t.token)
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let v: Value = r.json().await.unwrap();
    let r = api(
        app,
        &t.token,
        Method::POST,
        &format!(
            "/api/v1/evidence/items/{}/withdraw",
            v["item_id"].as_str().unwrap()
        ),
    )
    .json(&json!({"reason": "superseded"}))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    v["id"].as_str().unwrap().to_string()
}

async fn object_exists(app: &TestApp, tenant: uuid::Uuid, version: &str) -> bool {
    app.evidence_object_exists(tenant, version).await
}

#[tokio::test]
async fn one_tenants_failure_does_not_stop_the_others_and_is_retried() {
    let app = TestApp::spawn().await;
    // "AAA" comes first in the run (tenants are taken by name).
    let a = app.tenant("aaa").await;
    let b = app.tenant("bbb").await;
    let version = withdrawn_evidence(&app, &a).await;
    // The day the run is for: past the retention period of the withdrawn file.
    let day = Utc::now()
        .date_naive()
        .checked_add_months(chrono::Months::new(6 * 12 + 1))
        .unwrap();
    // B has a qualification expiring soon after that day: a reminder to send.
    let sb = setup(&app, &b.token, "Busy Robotics").await;
    post(
        &app,
        &b.token,
        &format!("/api/v1/auditors/{}/qualifications", sb.lea),
        json!({"standard_code": "ISO 9001:2015", "technical_area": "all", "function": "auditor",
            "valid_from": "2024-01-01", "valid_until": (day + chrono::Duration::days(40)).to_string()}),
    )
    .await;

    // Round 1: A's object store fails.
    let store = Arc::new(FailingDeletes {
        inner: app.ctx.storage.clone(),
        failing: a.id,
        db: app.ctx.db.clone(),
        probe_tenant: b.id,
        probes: Mutex::new(Vec::new()),
        fail: true,
    });
    let failing = certa_service::Ctx {
        storage: store.clone(),
        ..app.ctx.clone()
    };
    let r1 = certa_service::reminders::run_daily(&failing, day)
        .await
        .unwrap();
    assert_eq!(r1.failed, vec![TenantId(a.id)], "{r1:?}");
    assert_eq!(r1.tenants, 2);
    assert!(r1.qualifications >= 1, "B's reminders ran: {r1:?}");
    assert_eq!(r1.purged, 0);
    assert!(!r1.settled());
    let probes = store.probes.lock().unwrap().clone();
    assert!(!probes.is_empty(), "the purge asked the store");
    assert!(
        probes.iter().all(|ok| *ok),
        "the database took writes while the store was called: {probes:?}"
    );
    assert!(object_exists(&app, a.id, &version).await);
    // B's reminder goes out.
    app.dispatch().await;
    let to_b = app
        .wait_for_mails_until(&b.admin_email, |m| {
            m.iter()
                .any(|m| m.subject.contains("Qualification of Lea Lead expires"))
        })
        .await;
    assert!(
        to_b.iter()
            .any(|m| m.subject.contains("Qualification of Lea Lead expires")),
        "{:?}",
        to_b.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );

    // Round 2, the store is back: only what failed runs again.
    let r2 = certa_service::reminders::run_daily(&app.ctx, day)
        .await
        .unwrap();
    assert!(r2.failed.is_empty(), "{r2:?}");
    assert_eq!(r2.purged, 1, "{r2:?}");
    assert_eq!(r2.mails, 0, "reminders are not sent twice: {r2:?}");
    assert!(r2.settled());
    assert!(!object_exists(&app, a.id, &version).await);
    // Round 3: the day is done for everyone.
    let r3 = certa_service::reminders::run_daily(&app.ctx, day)
        .await
        .unwrap();
    assert_eq!((r3.purged, r3.mails, r3.failed.len()), (0, 0, 0), "{r3:?}");
    assert!(r3.settled());
}

#[tokio::test]
async fn two_workers_run_each_tenants_jobs_once() {
    let app = TestApp::spawn().await;
    let a = app.tenant("aaa").await;
    let b = app.tenant("bbb").await;
    let day = Utc::now().date_naive();
    for t in [&a, &b] {
        let s = setup(&app, &t.token, "Twice Robotics").await;
        post(
            &app,
            &t.token,
            &format!("/api/v1/auditors/{}/qualifications", s.lea),
            json!({"standard_code": "ISO 9001:2015", "technical_area": "all", "function": "auditor",
                "valid_from": "2024-01-01", "valid_until": (day + chrono::Duration::days(40)).to_string()}),
        )
        .await;
    }
    let (r1, r2) = tokio::join!(
        certa_service::reminders::run_daily(&app.ctx, day),
        certa_service::reminders::run_daily(&app.ctx, day)
    );
    let (r1, r2) = (r1.unwrap(), r2.unwrap());
    assert!(r1.failed.is_empty() && r2.failed.is_empty());
    assert_eq!(
        r1.qualifications + r2.qualifications,
        2,
        "one reminder per tenant: {r1:?} {r2:?}"
    );
    let again = certa_service::reminders::run_daily(&app.ctx, day)
        .await
        .unwrap();
    assert_eq!(again.mails, 0);
    assert!(again.settled());

    // The register keeps a month: older completed days go when a job is next claimed.
    let run = |d: chrono::NaiveDate| certa_service::reminders::run_daily(&app.ctx, d);
    let (old, recent) = (
        day - chrono::Duration::days(40),
        day - chrono::Duration::days(3),
    );
    assert_eq!(run(old).await.unwrap().ran, 6, "three jobs for each tenant");
    assert_eq!(
        run(old).await.unwrap().ran,
        0,
        "a done day is in the register"
    );
    assert_eq!(run(recent).await.unwrap().ran, 6);
    assert_eq!(
        run(old).await.unwrap().ran,
        6,
        "a day more than a month before the claimed one was forgotten"
    );
    assert_eq!(run(recent).await.unwrap().ran, 0, "a recent day is kept");
}

/// A tenant's daily job as a worker claims it: in a transaction of its own, committed.
async fn claim(
    app: &TestApp,
    tenant: uuid::Uuid,
    job: &str,
    day: &str,
    lease: chrono::Duration,
) -> certa_store::repo::settings::JobClaim {
    let scope = certa_store::TenantScope::system(TenantId(tenant), certa_store::SystemAccess::Test);
    let tx = app.ctx.db.tenant(scope).await.unwrap();
    let c = certa_store::repo::settings::claim_job(&tx, job, day, certa_store::repo::now() + lease)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    c
}

#[tokio::test]
async fn a_dead_workers_daily_job_is_taken_over_once_its_lease_ends_and_only_the_holder_renews_it()
{
    use certa_service::reminders::{JOB_REMINDERS, Steering, run_daily, run_daily_steered};
    use certa_store::repo::settings::{JobClaim, release_job, renew_job};
    let app = TestApp::spawn().await;
    let a = app.tenant("aaa").await;
    let day = Utc::now().date_naive();
    let d = day.to_string();
    // A worker claimed A's reminders for a short while and died.
    let dead = claim(
        &app,
        a.id,
        JOB_REMINDERS,
        &d,
        chrono::Duration::milliseconds(800),
    )
    .await;
    assert_eq!(dead, JobClaim::Claimed { attempt: 1 });
    assert_eq!(
        claim(&app, a.id, JOB_REMINDERS, &d, chrono::Duration::minutes(2)).await,
        JobClaim::Busy
    );
    // The next round of a living worker runs the other jobs and leaves that one...
    let r = run_daily(&app.ctx, day).await.unwrap();
    assert_eq!((r.busy, r.ran), (1, 2), "{r:?}");
    assert!(
        !r.settled(),
        "a job another worker holds is not settled: {r:?}"
    );
    // ...until the lease ends (moved into the past rather than waited for): then it takes
    // it over.
    let scope = certa_store::TenantScope::system(TenantId(a.id), certa_store::SystemAccess::Test);
    let tx = app.ctx.db.tenant(scope).await.unwrap();
    let past = certa_store::repo::now() - chrono::Duration::seconds(1);
    assert!(renew_job(&tx, JOB_REMINDERS, &d, 1, past).await.unwrap());
    tx.commit().await.unwrap();
    let r = run_daily(&app.ctx, day).await.unwrap();
    assert_eq!((r.busy, r.ran), (0, 1), "{r:?}");
    assert!(r.settled(), "{r:?}");
    assert_eq!(run_daily(&app.ctx, day).await.unwrap().ran, 0, "done once");

    // The fencing: the claim taken over (attempt 2) renews and releases; the dead one's
    // claim number (attempt 1) does neither.
    let other = "fencing_probe";
    // A claim whose lease has already ended.
    claim(&app, a.id, other, &d, chrono::Duration::seconds(-1)).await;
    let taken = claim(&app, a.id, other, &d, chrono::Duration::minutes(2)).await;
    assert_eq!(taken, JobClaim::Claimed { attempt: 2 });
    let scope = certa_store::TenantScope::system(TenantId(a.id), certa_store::SystemAccess::Test);
    let tx = app.ctx.db.tenant(scope).await.unwrap();
    let later = certa_store::repo::now() + chrono::Duration::minutes(5);
    assert!(!renew_job(&tx, other, &d, 1, later).await.unwrap());
    assert!(renew_job(&tx, other, &d, 2, later).await.unwrap());
    release_job(&tx, other, &d, 1).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        claim(&app, a.id, other, &d, chrono::Duration::minutes(2)).await,
        JobClaim::Busy,
        "a stale holder cannot end the new holder's lease"
    );
    let tx = app.ctx.db.tenant(scope).await.unwrap();
    release_job(&tx, other, &d, 2).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        claim(&app, a.id, other, &d, chrono::Duration::minutes(2)).await,
        JobClaim::Claimed { attempt: 3 },
        "released by its holder: the next worker claims it at once"
    );

    // A stopping worker starts no further job, and holds none afterwards.
    let tomorrow = day + chrono::Duration::days(1);
    let steering = Steering::new();
    steering.stop();
    let r = run_daily_steered(&app.ctx, tomorrow, &steering)
        .await
        .unwrap();
    assert_eq!((r.ran, r.skipped), (0, 3), "{r:?}");
    assert!(!r.settled());
    assert!(!steering.release_held(&app.ctx).await.unwrap());
    assert_eq!(run_daily(&app.ctx, tomorrow).await.unwrap().ran, 3);
}
