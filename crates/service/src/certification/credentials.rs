//! Certificates as W3C Verifiable Credentials 2.0 that verify offline, and the status lists
//! that say whether they still hold.
//!
//! - Each certificate revision is issued once as a credential ([`certificate_credential`])
//!   in two securings made with the tenant's active key: an `eddsa-jcs-2022` Data Integrity
//!   proof and a compact JWS (`vc+jwt`). Its `credentialSubject` carries what ISO/IEC
//!   17021-1 8.2 prints and 8.1.2 lets the body publish.
//! - Each revision gets one entry in the tenant's status lists (W3C Bitstring Status List
//!   v1.0): list number `n` and an index, the same in the revocation and the suspension list
//!   `n`. Entries are handed out by an atomic per-tenant counter, at most [`LIST_ENTRIES`] a
//!   list, and the counter's value is shuffled by a key derived from the master secret and
//!   the tenant, so that indexes repeat never and reveal no order.
//! - The lists are rewritten and re-signed in the transaction that changes a certificate
//!   (`sync_status`), under a row lock, so a suspension is in the published list the
//!   moment it commits.

use super::certificates::CertificateContent;
use crate::signing::Signer;
use crate::{Ctx, ServiceError};
use certa_credentials::StatusList;
use certa_credentials::status_list::{MIN_ENTRIES, index_key, shuffled_index};
use certa_domain::certification::{self as cert, CertificateStatus};
use certa_domain::public::{StatusPurpose, credential_status};
use certa_store::TenantTx;
use certa_store::repo::certification::{self as repo, Revision};
use certa_store::repo::status_lists;
use serde_json::{Value, json};

/// Entries of each status list: the minimum the specification asks (§2.2), 16 KiB.
pub const LIST_ENTRIES: usize = MIN_ENTRIES;

/// How long a verifier may keep a status list before fetching it again, in milliseconds
/// (Bitstring Status List v1.0 §2.2, `ttl`).
pub const STATUS_LIST_TTL_MS: u64 = 60_000;

/// The `type` of a certificate credential, after `VerifiableCredential`.
pub const CREDENTIAL_TYPE: &str = "CertificationCredential";

/// The address of a tenant's status list.
pub fn status_list_url(public_url: &str, slug: &str, purpose: StatusPurpose, list: i32) -> String {
    format!("{public_url}/t/{slug}/status/{}/{list}", purpose.as_str())
}

/// A date as the start of that day in UTC (`validFrom`).
fn day_start(d: chrono::NaiveDate) -> String {
    format!("{d}T00:00:00Z")
}

/// A date as the end of that day in UTC (`validUntil`: a certificate holds on its expiry
/// date).
fn day_end(d: chrono::NaiveDate) -> String {
    format!("{d}T23:59:59Z")
}

/// The credential of a certificate revision, before it is secured (the signer sets its
/// `issuer`).
pub fn certificate_credential(
    public_url: &str,
    slug: &str,
    content: &CertificateContent,
    revision: i32,
    entry: (i32, i32),
) -> Value {
    let number = cert::display_number(&content.number, revision);
    let page = format!(
        "{public_url}/verify/{}",
        crate::certification::public::number_path(&number)
    );
    let status: Vec<Value> = StatusPurpose::ALL
        .iter()
        .map(|p| {
            let list = status_list_url(public_url, slug, *p, entry.0);
            json!({
                "id": format!("{list}#{}", entry.1),
                "type": "BitstringStatusListEntry",
                "statusPurpose": p.as_str(),
                "statusListIndex": entry.1.to_string(),
                "statusListCredential": list,
            })
        })
        .collect();
    let mut subject = json!({
        "type": "CertifiedOrganization",
        "name": content.holder.name,
        "location": content.holder.location,
        "certificateNumber": number,
        "revision": revision,
        "sites": content.sites,
        "scope": content.scope,
        "standards": content.standards,
        "effectiveDate": content.effective_date,
        "expiryDate": content.expiry_date,
        "originalDate": content.original_date,
        "certificationBody": content.certification_body,
        "accreditation": content.accreditations,
        "verificationPage": page,
    });
    if let (Some(v), Value::Object(m)) = (&content.soa_version, &mut subject) {
        m.insert("statementOfApplicabilityVersion".into(), json!(v));
    }
    json!({
        "@context": [certa_credentials::verify::CREDENTIALS_V2_CONTEXT],
        "id": page,
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "name": format!("Certificate {number}"),
        "description": format!(
            "{} is certified to {} by {}.",
            content.holder.name,
            content.standards.iter().map(|s| s.code.as_str()).collect::<Vec<_>>().join(", "),
            content.certification_body.name
        ),
        "validFrom": day_start(content.effective_date),
        "validUntil": day_end(content.expiry_date),
        "credentialSubject": subject,
        "credentialStatus": status,
    })
}

/// The status list credential of a list, before it is secured.
pub fn status_list_credential(
    public_url: &str,
    slug: &str,
    purpose: StatusPurpose,
    list: i32,
    encoded: &str,
) -> Value {
    let url = status_list_url(public_url, slug, purpose, list);
    json!({
        "@context": [certa_credentials::verify::CREDENTIALS_V2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "validFrom": certa_store::repo::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose.as_str(),
            "encodedList": encoded,
            "ttl": STATUS_LIST_TTL_MS,
        },
    })
}

fn crypto(what: &'static str) -> impl FnOnce(certa_credentials::Error) -> ServiceError {
    move |e| ServiceError::unexpected(what, e)
}

/// A new entry in the tenant's status lists: list number and index.
async fn allocate_entry(ctx: &Ctx, tx: &TenantTx) -> Result<(i32, i32), ServiceError> {
    let n = repo::next_counter(tx, "status_entry").await? - 1;
    let per_list = i64::try_from(LIST_ENTRIES).unwrap_or(i64::MAX);
    let list = i32::try_from(n / per_list)
        .map_err(|e| ServiceError::unexpected("status list number", e))?;
    let position = u32::try_from(n % per_list)
        .map_err(|e| ServiceError::unexpected("status list position", e))?;
    let key = index_key(
        ctx.master_key.expose(),
        &format!("status-index/{}", tx.tenant().0),
    )
    .map_err(crypto("status list key"))?;
    let index = shuffled_index(&key, position).map_err(crypto("status list index"))?;
    let index = i32::try_from(index).map_err(|e| ServiceError::unexpected("status index", e))?;
    Ok((list, index))
}

/// The credential of `revision` of `c`, signed and recorded when the revision has none yet:
/// `(credential with its proof, JWS)`.
pub(crate) async fn ensure_credential(
    ctx: &Ctx,
    tx: &TenantTx,
    signer: &Signer,
    certificate: uuid::Uuid,
    revision: &Revision,
    content: &CertificateContent,
) -> Result<(Value, String, (i32, i32)), ServiceError> {
    if let (Some(c), Some(j), Some(e)) = (
        &revision.credential,
        &revision.credential_jwt,
        revision.status_entry,
    ) {
        return Ok((c.clone(), j.clone(), e));
    }
    let entry = allocate_entry(ctx, tx).await?;
    let doc = certificate_credential(
        &ctx.config.public_url,
        &signer.slug,
        content,
        revision.revision,
        entry,
    );
    let signed = signer.credential(doc)?;
    // The certificate row was claimed by this transaction's change, so no other one signs
    // this revision at the same time.
    repo::set_revision_credential(
        tx,
        certificate,
        revision.revision,
        entry,
        signed.data_integrity.clone(),
        signed.jwt.clone(),
    )
    .await?;
    Ok((signed.data_integrity, signed.jwt, entry))
}

/// Brings the tenant's status lists in line with a certificate now `status` at revision
/// `current`, for every revision of it that has an entry: each list concerned is locked,
/// its bits set or cleared as [`credential_status`] says, and re-signed when a bit changed
/// or it was never signed. Lists no bit of which changes are left as they are.
pub(crate) async fn sync_status(
    ctx: &Ctx,
    tx: &TenantTx,
    signer: &Signer,
    status: CertificateStatus,
    current: i32,
    entries: &[(i32, (i32, i32))],
) -> Result<(), ServiceError> {
    let mut lists: Vec<i32> = entries.iter().map(|(_, (list, _))| *list).collect();
    lists.sort_unstable();
    lists.dedup();
    // Always in the same order (list, then purpose), so two transactions never wait on
    // each other's locks crosswise.
    for list in lists {
        for purpose in StatusPurpose::ALL {
            let locked = status_lists::lock(tx, purpose.as_str(), list, LIST_ENTRIES / 8).await?;
            let mut bits = StatusList::from_bytes(locked.bits).map_err(crypto("status list"))?;
            let mut changed = false;
            for (revision, (l, index)) in entries {
                if *l != list {
                    continue;
                }
                let (revoked, suspended) = credential_status(status, *revision, current);
                let want = match purpose {
                    StatusPurpose::Revocation => revoked,
                    StatusPurpose::Suspension => suspended,
                };
                let i = usize::try_from(*index)
                    .map_err(|e| ServiceError::unexpected("status index", e))?;
                if bits.get(i).map_err(crypto("status list"))? != want {
                    bits.set(i, want).map_err(crypto("status list"))?;
                    changed = true;
                }
            }
            if changed || !locked.signed {
                let encoded = bits.encode().map_err(crypto("status list"))?;
                let doc = status_list_credential(
                    &ctx.config.public_url,
                    &signer.slug,
                    purpose,
                    list,
                    &encoded,
                );
                let mut doc = doc;
                if let Value::Object(m) = &mut doc {
                    m.insert("issuer".into(), Value::String(signer.issuer.clone()));
                }
                let jwt = signer.jws(&doc, Some(certa_credentials::verify::VC_JWT_TYP))?;
                status_lists::write(tx, purpose.as_str(), list, bits.into_bytes(), jwt).await?;
            }
        }
    }
    Ok(())
}

/// The payload of a status assertion: `{number, revision, status, as_of}`.
pub fn status_assertion_payload(number: &str, revision: i32, status: &str, as_of: &str) -> Value {
    json!({"number": number, "revision": revision, "status": status, "as_of": as_of})
}

/// The media type of a status assertion's JWS header `typ`.
pub const STATUS_ASSERTION_TYP: &str = "certificate-status+jwt";
