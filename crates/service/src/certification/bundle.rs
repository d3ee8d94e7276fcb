//! The sealed audit file of a programme, for accreditation assessments (ISO/IEC 17021-1
//! 9.9 client records, ISO/IEC 17011 assessments of the certification body).
//!
//! One ZIP archive holds the whole programme file in readable JSON, one file per record:
//! the programme and its client, each audit with its team, the audit reports with every
//! revision and review, the nonconformities with the client's responses and their
//! verification, the evidence metadata and the bytes of every version kept, the
//! certification decisions with their inputs and reasons, the certificates with their
//! history, every revision's content and stored PDF, and the audit-trail events that
//! concern the programme, its application, audits, nonconformities, evidence and
//! certificates, with their hashes. `manifest.json` lists every other file with its size
//! and SHA-256; `manifest.sig` is a detached JWS (RFC 7515 appendix F, EdDSA, `kid`) over
//! its exact bytes, made with the body's active signing key; `issuer-jwks.json` is a copy of
//! the body's key set for convenience. [`certa_credentials::bundle::verify_bundle`] (and
//! `certa verify-bundle`) checks it offline.
//!
//! The database is read in one transaction, committed before any file is fetched from
//! object storage; the archive is written by a blocking task into an unnamed temporary file
//! (never whole in memory), in a fixed order of paths. The manifest is signed, and the
//! export recorded in the audit trail (`programme.audit_file_exported`, with the manifest's
//! SHA-256), in a second short transaction.

use crate::{Ctx, Principal, ServiceError};
use bytes::Bytes;
use certa_credentials::bundle::{
    FORMAT, FORMAT_VERSION, ISSUER_JWKS_PATH, MANIFEST_PATH, ManifestFile, SIGNATURE_PATH,
};
use certa_domain::evidence::TargetKind;
use certa_domain::{Action, AuditId, ClientId, ErrorCode, ProgrammeId};
use certa_storage::ObjectKey;
use certa_store::repo::certification as cert_repo;
use certa_store::repo::evidence::{self as ev, status};
use certa_store::repo::{
    applications, audit, audits, clients, fieldwork as fw, personnel, signing_keys, tenants,
};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::{Seek, Write};

/// A sealed audit file, ready to send: an unnamed temporary file (gone when dropped), its
/// size and a file name to offer.
#[derive(Debug)]
pub struct SealedAuditFile {
    /// The archive, positioned at its start.
    pub file: std::fs::File,
    /// Its size in bytes.
    pub size: u64,
    /// `audit-file-{client}-{date}.zip`, ASCII only.
    pub filename: String,
}

/// Where the bytes of a file of the archive come from.
enum Source {
    /// A record rendered as JSON (or a short text).
    Bytes(Vec<u8>),
    /// A stored object (evidence, a certificate PDF), fetched after the transaction.
    Object { key: ObjectKey, size: u64 },
    /// A certificate revision's PDF that was never stored: rendered and stored first, as
    /// its first download would.
    RenderPdf {
        certificate: uuid::Uuid,
        revision: i32,
    },
}

fn not_found() -> ServiceError {
    ServiceError::not_found("programme", ErrorCode::ProgrammeNotFound)
}

fn unexpected(what: &'static str) -> impl FnOnce(std::io::Error) -> ServiceError {
    move |e| ServiceError::unexpected(what, e)
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Adds a record as pretty JSON.
fn put(files: &mut BTreeMap<String, Source>, path: String, v: Value) {
    files.insert(path, Source::Bytes(pretty(&v)));
}

fn time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A file name for a stored file inside the archive: ASCII letters, digits, `.`, `-` and
/// `_`, at most 80 characters, never empty nor only dots.
fn safe_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.len() > 80 {
        // Keep the extension.
        let ext: String = out
            .rsplit_once('.')
            .map(|(_, e)| e.chars().take(10).collect())
            .unwrap_or_default();
        out.truncate(80 - ext.len().min(79) - 1);
        if !ext.is_empty() {
            out.push('.');
            out.push_str(&ext);
        }
    }
    if out.trim_matches('.').is_empty() {
        return "file".into();
    }
    out
}

/// A lowercase, ASCII-only slug of a name for the archive's file name.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "client".into() } else { out }
}

/// What the archive explains about itself.
fn readme(issuer: &str) -> String {
    format!(
        "Sealed audit file\n\
         =================\n\n\
         This archive holds the records of one certification programme as the certification \
         body kept them: the audits and their teams, the audit reports with every revision and \
         review, the nonconformities with the client's responses, the evidence with every \
         version kept, the certification decisions, the certificates with every revision and \
         its PDF, and the audit-trail events that concern them.\n\n\
         manifest.json lists every other file with its size and SHA-256. manifest.sig is a \
         detached JWS (RFC 7515 appendix F, EdDSA) over the exact bytes of manifest.json, made \
         with the certification body's signing key named by its kid.\n\n\
         To check the archive, verify the signature with the key set the certification body \
         publishes at {issuer}/.well-known/jwks.json, then compare each file with the manifest; \
         `certa verify-bundle FILE` does both and names the first file that does not match. \
         issuer-jwks.json is a copy of that key set for convenience only: trust comes from the \
         published key set, not from the copy inside the archive.\n\n\
         Each audit-trail event carries the hash of the event before it in the body's whole \
         trail (prev_hash) and its own hash; the extract lists only the events of this \
         programme, so consecutive events here need not link.\n"
    )
}

/// Collects every record of the programme in one transaction. Answers the files to write
/// (by path), and what the manifest says about the programme.
struct Collected {
    files: BTreeMap<String, Source>,
    issuer: String,
    tenant_name: String,
    tenant_slug: String,
    programme: Value,
    client_id: uuid::Uuid,
    client_name: String,
}

async fn collect(
    ctx: &Ctx,
    tx: &certa_store::TenantTx,
    id: ProgrammeId,
) -> Result<Collected, ServiceError> {
    let (programme, planned) = applications::programme(tx, id)
        .await?
        .ok_or_else(not_found)?;
    let tenant = tenants::by_id(tx, tx.tenant())
        .await?
        .ok_or_else(not_found)?;
    let issuer = crate::signing::issuer_id(ctx, &tenant.slug);
    let client = clients::by_id(tx, ClientId(programme.client_id)).await?;
    let client_name = client
        .as_ref()
        .map(|c| c.legal_name.clone())
        .unwrap_or_default();
    let names: HashMap<uuid::Uuid, String> = personnel::list(tx)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let scheduled = audits::of_programme(tx, programme.id).await?;

    let mut files: BTreeMap<String, Source> = BTreeMap::new();
    let mut subjects = vec![
        format!("programme:{}", programme.id),
        format!("application:{}", programme.application_id),
    ];

    put(
        &mut files,
        "programme.json".into(),
        json!({
            "programme": {
                "id": programme.id, "application_id": programme.application_id,
                "status": programme.status, "standards": programme.standards,
                "decision_date": programme.decision_date, "expiry_date": programme.expiry_date,
                "created_at": time(&programme.created_at),
            },
            "client": client.as_ref().map(|c| json!({
                "id": c.id, "reference": c.reference, "legal_name": c.legal_name,
                "trading_name": c.trading_name, "registration_number": c.registration_number,
                "website": c.website, "consultancy_by": c.consultancy_by,
                "consultancy_until": c.consultancy_until,
                "outsourced_processes": c.outsourced_processes,
            })),
            "planned_audits": planned.iter().map(|a| json!({
                "id": a.id, "kind": a.kind, "position": a.position, "window_start": a.window_start,
                "due_by": a.due_by, "status": a.status,
            })).collect::<Vec<_>>(),
            "audits": scheduled.iter().map(|a| json!({
                "id": a.id, "kind": a.kind, "starts_on": a.starts_on, "ends_on": a.ends_on,
                "status": a.status, "file": format!("audits/{}/audit.json", a.id),
            })).collect::<Vec<_>>(),
        }),
    );

    // Evidence items, each once, with every target it is linked to.
    let mut evidence: BTreeMap<uuid::Uuid, (ev::EvidenceItem, Vec<ev::Version>, Vec<Value>)> =
        BTreeMap::new();
    for a in &scheduled {
        subjects.push(format!("audit:{}", a.id));
        let team = audits::team(tx, AuditId(a.id)).await?;
        put(
            &mut files,
            format!("audits/{}/audit.json", a.id),
            json!({
                "id": a.id, "programme_id": a.programme_id, "programme_audit_id": a.programme_audit_id,
                "client_id": a.client_id, "kind": a.kind, "standards": a.standards,
                "technical_areas": a.technical_areas, "starts_on": a.starts_on, "ends_on": a.ends_on,
                "status": a.status, "override_justification": a.override_justification,
                "created_at": time(&a.created_at), "updated_at": time(&a.updated_at),
                "team": team.iter().map(|m| json!({
                    "auditor_id": m.auditor_id, "name": names.get(&m.auditor_id),
                    "role": m.role, "days": m.days,
                })).collect::<Vec<_>>(),
            }),
        );
        let mut reports = cert_repo::reports(tx, a.id).await?;
        reports.reverse();
        if !reports.is_empty() {
            put(
                &mut files,
                format!("audits/{}/report.json", a.id),
                json!({
                    "audit_id": a.id,
                    "revisions": reports.iter().map(|r| json!({
                        "revision": r.revision, "status": r.status,
                        "recommendation": r.recommendation, "summary": r.summary,
                        "response_to_review": r.response, "lead_auditor_id": r.lead_auditor_id,
                        "submitted_by": r.submitted_by, "submitted_at": time(&r.submitted_at),
                        "review": r.reviewed_at.map(|at| json!({
                            "reviewer_id": r.reviewer_id, "reviewed_by": r.reviewed_by,
                            "reviewed_at": time(&at),
                            "comments": r.review_comments.as_deref().map(|c|
                                serde_json::from_str::<Value>(c).unwrap_or_else(|_| Value::String(c.to_owned()))),
                        })),
                        "content": r.content,
                    })).collect::<Vec<_>>(),
                }),
            );
        }
        let ncs = fw::ncs_of_audit(tx, a.id).await?;
        for nc in &ncs {
            subjects.push(format!("nonconformity:{}", nc.id));
            put(
                &mut files,
                format!("audits/{}/nonconformities/{}.json", a.id, nc.id),
                json!({
                    "id": nc.id, "number": nc.number, "audit_id": nc.audit_id,
                    "checklist_item_id": nc.checklist_item_id, "grade": nc.grade,
                    "reference": nc.reference, "statement": nc.statement, "evidence": nc.evidence,
                    "site_id": nc.site_id, "status": nc.status, "response_due": nc.response_due,
                    "raised_by": nc.raised_by, "created_at": time(&nc.created_at),
                    "response": {
                        "correction": nc.correction, "root_cause": nc.root_cause,
                        "corrective_action": nc.corrective_action, "planned_date": nc.planned_date,
                        "responded_by": nc.responded_by,
                        "responded_at": nc.responded_at.as_ref().map(time),
                    },
                    "review_comment": nc.review_comment, "implementation": nc.implementation,
                    "verification_method": nc.verification_method,
                    "verification_comment": nc.verification_comment,
                    "escalation_reason": nc.escalation_reason,
                    "updated_at": time(&nc.updated_at),
                    "closed_at": nc.closed_at.as_ref().map(time),
                }),
            );
        }
        let items: Vec<uuid::Uuid> = fw::items(tx, a.id).await?.iter().map(|i| i.id).collect();
        let nc_ids: Vec<uuid::Uuid> = ncs.iter().map(|n| n.id).collect();
        for (kind, ids) in [
            (TargetKind::ChecklistItem, items),
            (TargetKind::Nonconformity, nc_ids),
        ] {
            if ids.is_empty() {
                continue;
            }
            for (link, item, versions) in ev::for_targets(tx, kind, &ids).await? {
                let target = json!({"audit_id": a.id, "kind": kind, "id": link.target_id,
                    "linked_at": time(&link.created_at)});
                evidence
                    .entry(item.id)
                    .or_insert_with(|| (item, versions, Vec::new()))
                    .2
                    .push(target);
            }
        }
    }
    for (id, (item, versions, links)) in &evidence {
        subjects.push(format!("evidence:{id}"));
        let mut listed = Vec::new();
        let mut versions = versions.clone();
        versions.sort_by_key(|v| v.version);
        for v in &versions {
            let kept = v.status == status::AVAILABLE && item.withdrawn_at.is_none();
            let key = v.object_key.parse::<ObjectKey>().ok().filter(|_| kept);
            let path = key
                .as_ref()
                .map(|_| format!("evidence/{id}/v{}-{}", v.version, safe_name(&v.filename)));
            if let (Some(key), Some(path)) = (key, &path) {
                files.insert(
                    path.clone(),
                    Source::Object {
                        key,
                        size: u64::try_from(v.size).unwrap_or(0),
                    },
                );
            }
            listed.push(json!({
                "id": v.id, "version": v.version, "filename": v.filename, "size": v.size,
                "sha256": v.sha256, "content_type": v.content_type, "status": v.status,
                "reject_reason": v.reject_reason, "uploaded_by": v.uploaded_by,
                "effective_date": v.effective_date, "valid_until": v.valid_until,
                "created_at": time(&v.created_at), "completed_at": v.completed_at.as_ref().map(time),
                "file": path,
            }));
        }
        files.insert(
            format!("evidence/{id}/item.json"),
            Source::Bytes(pretty(&json!({
                "id": item.id, "client_id": item.client_id, "audit_id": item.audit_id,
                "title": item.title, "classification": item.classification,
                "created_by": item.created_by, "created_at": time(&item.created_at),
                "attached_by_client": item.created_by_client.is_some(),
                "withdrawn": item.withdrawn_at.map(|at| json!({
                    "at": time(&at), "by": item.withdrawn_by, "reason": item.withdrawn_reason,
                    "note": "the files of withdrawn evidence are not included",
                })),
                "linked_to": links,
                "versions": listed,
            }))),
        );
    }

    for d in cert_repo::decisions_of_programme(tx, programme.id).await? {
        files.insert(
            format!("decisions/{}.json", d.id),
            Source::Bytes(pretty(&json!({
                "id": d.id, "programme_id": d.programme_id, "client_id": d.client_id,
                "kind": d.kind, "decided_on": d.decided_on, "effective_date": d.effective_date,
                "decision_maker_id": d.decision_maker_id, "decided_by": d.decided_by,
                "reasons": d.reasons, "application_confirmed": d.application_confirmed,
                "inputs": d.inputs, "created_at": time(&d.created_at),
            }))),
        );
    }

    for c in cert_repo::of_programme(tx, programme.id).await? {
        subjects.push(format!("certificate:{}", c.id));
        let history = cert_repo::events(tx, c.id).await?;
        let mut revisions = cert_repo::revisions(tx, c.id).await?;
        revisions.reverse();
        let dir = format!("certificates/{}", c.id);
        files.insert(
            format!("{dir}/certificate.json"),
            Source::Bytes(pretty(&json!({
                "id": c.id, "number": c.number, "status": c.status, "revision": c.revision,
                "holder": c.holder, "scope": c.scope, "standards": c.standards,
                "soa_version": c.soa_version, "original_date": c.original_date,
                "decision_date": c.decision_date, "effective_date": c.effective_date,
                "expiry_date": c.expiry_date, "suspended_on": c.suspended_on,
                "suspended_until": c.suspended_until, "status_reason": c.status_reason,
                "created_at": time(&c.created_at), "updated_at": time(&c.updated_at),
                "history": history.iter().map(|e| json!({
                    "id": e.id, "event": e.event, "from_status": e.from_status,
                    "to_status": e.to_status, "revision": e.revision, "reason": e.reason,
                    "until": e.until, "decision_id": e.decision_id, "actor": e.actor,
                    "at": time(&e.at),
                })).collect::<Vec<_>>(),
            }))),
        );
        for r in &revisions {
            let pdf = format!("{dir}/revision-{}.pdf", r.revision);
            let stored = r
                .pdf_key
                .as_deref()
                .and_then(|k| k.parse::<ObjectKey>().ok());
            files.insert(
                pdf.clone(),
                match stored {
                    // The stored size is not recorded; the manifest takes the bytes read.
                    Some(key) => Source::Object { key, size: 0 },
                    None => Source::RenderPdf {
                        certificate: c.id,
                        revision: r.revision,
                    },
                },
            );
            files.insert(
                format!("{dir}/revision-{}.json", r.revision),
                Source::Bytes(pretty(&json!({
                    "certificate_id": r.certificate_id, "revision": r.revision,
                    "reason": r.reason, "decision_id": r.decision_id,
                    "effective_date": r.effective_date, "expiry_date": r.expiry_date,
                    "issued_on": r.issued_on, "superseded_at": r.superseded_at.as_ref().map(time),
                    "created_at": time(&r.created_at),
                    "pdf": {"file": pdf, "sha256_recorded": r.pdf_sha256},
                    "content": r.content,
                }))),
            );
        }
    }

    let trail = audit::concerning(tx, &subjects).await?;
    files.insert(
        "audit-trail.json".into(),
        Source::Bytes(pretty(&json!({
            "subjects": subjects,
            "events": trail.iter().map(|e| json!({
                "seq": e.seq, "id": e.id, "occurred_at": time(&e.occurred_at),
                "actor_id": e.actor_id, "actor_label": e.actor_label, "action": e.action,
                "subject": e.subject, "data": e.data, "prev_hash": e.prev_hash, "hash": e.hash,
            })).collect::<Vec<_>>(),
        }))),
    );

    // The key set as published (the first key is created if the body has none yet).
    crate::signing::active_key(ctx, tx).await?;
    let mut set = certa_credentials::Jwks { keys: Vec::new() };
    for row in signing_keys::all(tx).await? {
        let view = crate::signing::KeyView::from(&row);
        set.keys.push(certa_credentials::Jwk::from_public_key(
            &crate::signing::public_key(&view)?,
        ));
    }
    files.insert(
        ISSUER_JWKS_PATH.into(),
        Source::Bytes(pretty(
            &serde_json::to_value(&set).map_err(|e| ServiceError::unexpected("key set", e))?,
        )),
    );
    files.insert(
        "README.txt".into(),
        Source::Bytes(readme(&issuer).into_bytes()),
    );

    Ok(Collected {
        files,
        issuer,
        tenant_name: tenant.name,
        tenant_slug: tenant.slug,
        programme: json!({"id": programme.id, "standards": programme.standards,
            "status": programme.status, "decision_date": programme.decision_date,
            "expiry_date": programme.expiry_date}),
        client_id: programme.client_id,
        client_name,
    })
}

/// What the archive writer is asked to do, in order.
enum Op {
    /// Start a file; `listed` files go into the manifest.
    Start {
        path: String,
        listed: bool,
        large: bool,
    },
    Data(Bytes),
    End,
    /// Answer the manifest entries of the files written so far.
    Listed(tokio::sync::oneshot::Sender<Vec<ManifestFile>>),
}

/// The blocking writer: a ZIP into `file`, hashing every file as it goes. Ends when the
/// sender is dropped; answers the finished file.
fn write_zip(
    file: std::fs::File,
    modified: zip::DateTime,
    mut ops: tokio::sync::mpsc::Receiver<Op>,
) -> Result<std::fs::File, ServiceError> {
    let zip_error =
        |e: zip::result::ZipError| ServiceError::unexpected("writing the audit file", e);
    let io_error = unexpected("writing the audit file");
    let mut w = zip::ZipWriter::new(std::io::BufWriter::with_capacity(256 * 1024, file));
    let mut listed: Vec<ManifestFile> = Vec::new();
    let mut current: Option<(String, bool, Sha256, u64)> = None;
    while let Some(op) = ops.blocking_recv() {
        match op {
            Op::Start {
                path,
                listed: l,
                large,
            } => {
                let method = if path.ends_with(".json") || path.ends_with(".txt") {
                    zip::CompressionMethod::Deflated
                } else {
                    // PDFs and most evidence are compressed already.
                    zip::CompressionMethod::Stored
                };
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(method)
                    .last_modified_time(modified)
                    .large_file(large)
                    .unix_permissions(0o644);
                w.start_file(path.as_str(), options).map_err(zip_error)?;
                current = Some((path, l, Sha256::new(), 0));
            }
            Op::Data(chunk) => {
                let Some((_, _, hasher, size)) = current.as_mut() else {
                    continue;
                };
                hasher.update(&chunk);
                *size += chunk.len() as u64;
                w.write_all(&chunk)
                    .map_err(unexpected("writing the audit file"))?;
            }
            Op::End => {
                if let Some((path, true, hasher, size)) = current.take() {
                    listed.push(ManifestFile {
                        path,
                        sha256: hex::encode(hasher.finalize()),
                        size,
                    });
                }
            }
            Op::Listed(answer) => {
                let _ = answer.send(listed.clone());
            }
        }
    }
    let mut file = w
        .finish()
        .map_err(zip_error)?
        .into_inner()
        .map_err(|e| io_error(e.into_error()))?;
    file.flush().map_err(unexpected("writing the audit file"))?;
    file.rewind()
        .map_err(unexpected("writing the audit file"))?;
    Ok(file)
}

/// The writer's end of the channel: a closed channel means the writer stopped on an error,
/// which the caller reads from the writer's task.
struct Feed(tokio::sync::mpsc::Sender<Op>);

impl Feed {
    async fn send(&self, op: Op) -> Result<(), ServiceError> {
        self.0
            .send(op)
            .await
            .map_err(|_| ServiceError::Unexpected(anyhow::anyhow!("the audit file writer stopped")))
    }

    async fn bytes(&self, path: &str, listed: bool, bytes: Vec<u8>) -> Result<(), ServiceError> {
        self.send(Op::Start {
            path: path.to_owned(),
            listed,
            large: false,
        })
        .await?;
        self.send(Op::Data(Bytes::from(bytes))).await?;
        self.send(Op::End).await
    }
}

/// Exports the programme `id` as a sealed audit file (see the module documentation), for
/// the roles that may read its whole file. Recorded in the audit trail.
pub async fn export(
    ctx: &Ctx,
    p: &Principal,
    id: ProgrammeId,
) -> Result<SealedAuditFile, ServiceError> {
    let t = p.authorize(Action::ExportAuditFile)?;
    let created_at = Utc::now();
    let tx = ctx.db.tenant(t.scope()).await?;
    let collected = collect(ctx, &tx, id).await?;
    tx.commit().await?;

    let modified = {
        use chrono::{Datelike, Timelike};
        zip::DateTime::from_date_and_time(
            u16::try_from(created_at.year()).unwrap_or(1980),
            created_at.month() as u8,
            created_at.day() as u8,
            created_at.hour() as u8,
            created_at.minute() as u8,
            created_at.second() as u8,
        )
        .unwrap_or_default()
    };
    let file = tokio::task::spawn_blocking(tempfile::tempfile)
        .await
        .map_err(|e| ServiceError::unexpected("creating a temporary file", e))?
        .map_err(unexpected("creating a temporary file"))?;
    let (sender, receiver) = tokio::sync::mpsc::channel::<Op>(16);
    let writer = tokio::task::spawn_blocking(move || write_zip(file, modified, receiver));
    let feed = Feed(sender);

    let written = write_files(ctx, t.scope(), &feed, collected.files).await;
    let sealed = match written {
        Ok(()) => {
            seal(
                ctx,
                p,
                &feed,
                id,
                created_at,
                &collected.issuer,
                &collected.tenant_name,
                &collected.tenant_slug,
                &collected.programme,
                collected.client_id,
                &collected.client_name,
            )
            .await
        }
        Err(e) => Err(e),
    };
    drop(feed);
    let finished = writer
        .await
        .map_err(|e| ServiceError::unexpected("writing the audit file", e))?;
    // The writer's own error explains a closed channel better than the feed's.
    let mut file = match (sealed, finished) {
        (Ok(()), Ok(file)) => file,
        (_, Err(e)) | (Err(e), Ok(_)) => return Err(e),
    };
    let size = tokio::task::spawn_blocking(move || {
        let size = file.seek(std::io::SeekFrom::End(0))?;
        file.rewind()?;
        Ok::<_, std::io::Error>((file, size))
    })
    .await
    .map_err(|e| ServiceError::unexpected("writing the audit file", e))?
    .map_err(unexpected("writing the audit file"))?;
    let (file, size) = size;
    Ok(SealedAuditFile {
        file,
        size,
        filename: format!(
            "audit-file-{}-{}.zip",
            slug(&collected.client_name),
            created_at.format("%Y-%m-%d")
        ),
    })
}

/// Writes every collected file, in the order of their paths, fetching stored objects
/// (outside any transaction) as streams.
async fn write_files(
    ctx: &Ctx,
    scope: certa_store::TenantScope,
    feed: &Feed,
    files: BTreeMap<String, Source>,
) -> Result<(), ServiceError> {
    for (path, source) in files {
        match source {
            Source::Bytes(b) => feed.bytes(&path, true, b).await?,
            Source::RenderPdf {
                certificate,
                revision,
            } => {
                let (bytes, _) =
                    super::documents::store_pdf(ctx, scope, certificate, revision).await?;
                feed.bytes(&path, true, bytes).await?;
            }
            Source::Object { key, size } => {
                let mut stream = ctx
                    .storage
                    .get_stream(&key)
                    .await
                    .map_err(ServiceError::Storage)?;
                feed.send(Op::Start {
                    path,
                    listed: true,
                    large: size >= u64::from(u32::MAX),
                })
                .await?;
                while let Some(chunk) = stream
                    .try_next()
                    .await
                    .map_err(unexpected("reading a stored file"))?
                {
                    feed.send(Op::Data(chunk)).await?;
                }
                feed.send(Op::End).await?;
            }
        }
    }
    Ok(())
}

/// Writes `manifest.json` over the files written, signs it with the body's active key
/// and records the export, in one short transaction, then writes `manifest.sig`.
#[allow(clippy::too_many_arguments)]
async fn seal(
    ctx: &Ctx,
    p: &Principal,
    feed: &Feed,
    id: ProgrammeId,
    created_at: DateTime<Utc>,
    issuer: &str,
    tenant_name: &str,
    tenant_slug: &str,
    programme: &Value,
    client_id: uuid::Uuid,
    client_name: &str,
) -> Result<(), ServiceError> {
    let (answer, listed) = tokio::sync::oneshot::channel();
    feed.send(Op::Listed(answer)).await?;
    let files = listed
        .await
        .map_err(|_| ServiceError::Unexpected(anyhow::anyhow!("the audit file writer stopped")))?;
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let kid = crate::signing::active_key(ctx, &tx).await?.kid;
    let manifest = pretty(&json!({
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "issuer": issuer,
        "kid": kid,
        "created_at": time(&created_at),
        "certification_body": {"name": tenant_name, "slug": tenant_slug, "issuer": issuer},
        "programme": programme,
        "client": {"id": client_id, "name": client_name},
        "exported_by": p.actor().label,
        "files": files,
    }));
    let (signed_with, signature) = crate::signing::sign_detached(ctx, &tx, &manifest).await?;
    if signed_with != kid {
        return Err(ServiceError::conflict(
            ErrorCode::Conflict,
            "the signing key was rotated during the export; export again",
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "programme.audit_file_exported",
        &format!("programme:{id}"),
        json!({"files": files.len(), "manifest_sha256": hex::encode(Sha256::digest(&manifest)),
            "kid": kid}),
    )
    .await?;
    tx.commit().await?;
    feed.bytes(MANIFEST_PATH, false, manifest).await?;
    feed.bytes(SIGNATURE_PATH, false, signature.into_bytes())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_archive_are_safe() {
        assert_eq!(safe_name("policy.pdf"), "policy.pdf");
        assert_eq!(
            safe_name("Prüfbericht 2026/..\\x.pdf"),
            "Pr_fbericht_2026_.._x.pdf"
        );
        assert_eq!(safe_name(".."), "file");
        assert_eq!(safe_name(""), "file");
        let long = format!("{}.pdf", "a".repeat(200));
        let s = safe_name(&long);
        assert!(s.len() <= 80 && s.ends_with(".pdf"), "{s}");
        for name in ["policy.pdf", "Prüfbericht 2026/..\\x.pdf", "..", &long] {
            let path = format!("evidence/x/v1-{}", safe_name(name));
            assert!(certa_credentials::bundle::valid_path(&path), "{path}");
        }
        assert_eq!(slug("Müller Präzision GmbH"), "m-ller-pr-zision-gmbh");
        assert_eq!(slug("—"), "client");
    }
}
