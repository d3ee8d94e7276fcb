//! Public verification (ISO/IEC 17021-1 8.1): the public registry and its look-ups.
//!
//! Every change of a certificate copies what 8.1.2 lets the body publish into the
//! registry (`project`), in the same tenant transaction, so a suspension shows publicly
//! the moment it commits and never before. The body's choice to appear in the directory
//! and a client's confidentiality set whether the directory lists a certificate
//! (`relist_client`, `relist_tenant`); a look-up by number answers either way (the
//! status of a certificate is public information, 8.1.3).
//!
//! The public reads ([`lookup`], [`directory`]) need no login and no tenant: each is one
//! statement on the registry alone.

use super::certificates::CertificateContent;
use crate::{Ctx, ServiceError};
use base64::Engine;
use certa_domain::certification::CertificateSettings;
use certa_domain::public::{self as rules, PublicStatus};
use certa_domain::{ClientId, ErrorCode};
use certa_store::repo::certification::{self as repo, Certificate};
use certa_store::repo::clients;
use certa_store::repo::public::{self as registry, NewPublicCertificate, PublicCertificate};
use certa_store::{TenantTx, UniqueKey};

fn number_taken() -> ServiceError {
    ServiceError::conflict(
        ErrorCode::CertificateNumberTaken,
        "this certificate number is already used by another certification body: choose another number prefix in the settings",
    )
}

/// The contact address the body publishes, if any.
fn contact(s: &CertificateSettings) -> Option<String> {
    Some(s.contact_email.trim().to_string()).filter(|e| !e.is_empty())
}

/// The `as_of` of the registry as the public answers and the status assertions write it
/// (RFC 3339, UTC, whole seconds).
pub fn as_of_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Copies the published fields of `c`'s current revision into the registry, in `tx` (the
/// transaction that changed the certificate), with what the public endpoints serve besides:
/// the revision's credential (signed on its first projection, see
/// [`super::credentials::ensure_credential`]), the tenant's status lists brought in line
/// with the certificate's status, and a status assertion per revision, all signed with the
/// tenant's active key. A number that another body's certificate already holds is refused
/// as a conflict, and the caller's transaction then leaves nothing behind.
pub(crate) async fn project(ctx: &Ctx, tx: &TenantTx, c: &Certificate) -> Result<(), ServiceError> {
    use super::credentials;
    let revisions = repo::revisions(tx, c.id).await?;
    let current = revisions
        .iter()
        .find(|r| r.revision == c.revision)
        .ok_or_else(|| {
            ServiceError::not_found("certificate revision", ErrorCode::CertificateNotFound)
        })?;
    let content: CertificateContent = serde_json::from_value(current.content.clone())
        .map_err(|e| ServiceError::unexpected("certificate content", e))?;
    let settings = crate::settings::load(tx).await?.certificates;
    let confidential = clients::by_id(tx, ClientId(c.client_id))
        .await?
        .is_some_and(|x| x.confidential);
    let signer = crate::signing::signer(ctx, tx).await?;
    let (credential, credential_jwt, entry) =
        credentials::ensure_credential(ctx, tx, &signer, c.id, current, &content).await?;
    let mut entries: Vec<(i32, (i32, i32))> = revisions
        .iter()
        .filter(|r| r.revision != c.revision)
        .filter_map(|r| r.status_entry.map(|e| (r.revision, e)))
        .collect();
    entries.push((c.revision, entry));
    credentials::sync_status(ctx, tx, &signer, c.status, c.revision, &entries).await?;
    let as_of = certa_store::repo::now();
    let as_of_text = as_of_text(as_of);
    let status_assertions = (0..=c.revision)
        .map(|revision| {
            let status = if revision == c.revision {
                PublicStatus::Current(c.status)
            } else {
                PublicStatus::Superseded
            };
            signer.jws(
                &credentials::status_assertion_payload(
                    &c.number,
                    revision,
                    status.as_str(),
                    &as_of_text,
                ),
                Some(credentials::STATUS_ASSERTION_TYP),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let json = |v: serde_json::Result<serde_json::Value>| {
        v.map_err(|e| ServiceError::unexpected("public certificate", e))
    };
    let row = NewPublicCertificate {
        certificate_id: c.id,
        client_id: c.client_id,
        number: c.number.clone(),
        revision: c.revision,
        status: c.status,
        search_name: rules::search_name(&content.holder.name),
        holder_name: content.holder.name,
        holder_location: content.holder.location,
        sites: json(serde_json::to_value(&content.sites))?,
        scope: content.scope,
        standards: json(serde_json::to_value(&content.standards))?,
        effective_date: c.effective_date,
        expiry_date: c.expiry_date,
        original_date: c.original_date,
        body_name: content.certification_body.name,
        body_address: content.certification_body.address,
        body_email: contact(&settings),
        accreditations: json(serde_json::to_value(&content.accreditations))?,
        confidential,
        listed: settings.public_directory && !confidential,
        as_of,
        credential: Some(credential),
        credential_jwt: Some(credential_jwt),
        status_assertions,
    };
    registry::put(tx, row).await.map_err(|e| {
        if e.violates(UniqueKey::CertificateNumber) {
            number_taken()
        } else {
            ServiceError::from(e)
        }
    })?;
    super::cache::announce(ctx, tx, &c.number).await
}

/// Certificates republished per transaction by [`republish`].
const REPUBLISH_CHUNK: u64 = 100;

/// Writes the registry row of every certificate of the body whose slug is `slug` again,
/// signing the credential of each current revision that has none yet and bringing the
/// status lists in line: for certificates issued before public verification existed, or
/// loaded in bulk. Runs in transactions of a hundred certificates; safe to repeat
/// (a signed credential is kept as it is). Answers how many certificates it wrote.
pub async fn republish(ctx: &Ctx, slug: &str) -> Result<u64, ServiceError> {
    let tenant = crate::admin::tenant_by_slug(ctx, slug).await?;
    let scope = certa_store::TenantScope::system(
        certa_domain::TenantId(tenant.id),
        certa_store::SystemAccess::Signing,
    );
    let mut done = 0;
    loop {
        let tx = ctx.db.tenant(scope).await?;
        let (page, _) = repo::list(&tx, &repo::Filter::default(), done, REPUBLISH_CHUNK).await?;
        if page.is_empty() {
            tx.commit().await?;
            return Ok(done);
        }
        for c in &page {
            project(ctx, &tx, c).await?;
        }
        tx.commit().await?;
        done += page.len() as u64;
    }
}

/// A client's confidentiality changed: its certificates leave the directory or come back.
pub(crate) async fn relist_client(
    ctx: &Ctx,
    tx: &TenantTx,
    client: uuid::Uuid,
    confidential: bool,
) -> Result<(), ServiceError> {
    let publishes = crate::settings::load(tx)
        .await?
        .certificates
        .public_directory;
    if registry::relist_client(tx, client, confidential, publishes).await? > 0 {
        super::cache::announce(ctx, tx, super::cache::ALL).await?;
    }
    Ok(())
}

/// The body's directory choice or contact address changed (`before` → `after`): every
/// certificate of the body follows. Nothing is written when neither changed.
pub(crate) async fn relist_tenant(
    ctx: &Ctx,
    tx: &TenantTx,
    before: &CertificateSettings,
    after: &CertificateSettings,
) -> Result<(), ServiceError> {
    if before.public_directory == after.public_directory && contact(before) == contact(after) {
        return Ok(());
    }
    if registry::relist_tenant(tx, after.public_directory, contact(after)).await? > 0 {
        super::cache::announce(ctx, tx, super::cache::ALL).await?;
    }
    Ok(())
}

/// What a look-up by number answers.
#[derive(Debug, Clone)]
pub struct PublicView {
    /// The registry's row (the current revision).
    pub record: std::sync::Arc<PublicCertificate>,
    /// The revision asked for (the current one unless a `/R{n}` suffix named another).
    pub revision: i32,
    /// The status: the certificate's own, or `superseded` for an earlier revision.
    pub status: PublicStatus,
}

impl PublicView {
    /// The number of the revision asked for, as printed (`NUMBER/R2`).
    pub fn display_number(&self) -> String {
        certa_domain::certification::display_number(&self.record.number, self.revision)
    }

    /// The number of the current revision, as printed.
    pub fn current_display_number(&self) -> String {
        certa_domain::certification::display_number(&self.record.number, self.record.revision)
    }

    /// An entity tag of the answer: it changes whenever the row or the revision asked for
    /// does (`as_of` moves with every write of the row).
    pub fn etag(&self, representation: &str) -> String {
        tag(&[
            representation,
            &self.record.number,
            &self.revision.to_string(),
            &self.record.revision.to_string(),
            self.status.as_str(),
            &self.record.as_of.timestamp_micros().to_string(),
            self.record.body_email.as_deref().unwrap_or(""),
        ])
    }
}

/// A strong entity tag over `parts` (quoted, as HTTP sends it).
pub fn tag(parts: &[&str]) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    format!("\"{}\"", hex::encode(&h.finalize()[..16]))
}

/// A path for a certificate number: each character outside the unreserved set and `/` is
/// percent-encoded.
pub fn number_path(number: &str) -> String {
    let mut out = String::with_capacity(number.len());
    for b in number.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unknown() -> ServiceError {
    ServiceError::not_found("certificate", ErrorCode::CertificateNotFound)
}

/// The registry rows of `numbers`, from this process's cache where it has them, the rest in
/// one statement (whose answer the cache then keeps, absences included).
async fn cached_rows(
    ctx: &Ctx,
    numbers: &[&str],
) -> Result<Vec<std::sync::Arc<PublicCertificate>>, ServiceError> {
    let cache = &ctx.public_cache;
    cache.follow_other_processes();
    let generation = cache.generation();
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for n in numbers {
        match cache.get(n) {
            Some(Some(r)) => rows.push(r),
            Some(None) => {}
            None => missing.push(*n),
        }
    }
    if missing.is_empty() {
        return Ok(rows);
    }
    let read = registry::by_numbers(&ctx.db, &missing).await?;
    for n in missing {
        let found = read
            .iter()
            .find(|r| r.number == n)
            .cloned()
            .map(std::sync::Arc::new);
        cache.insert(generation, n, found.clone());
        rows.extend(found);
    }
    Ok(rows)
}

/// Looks a certificate up by its number as printed (`NUMBER` or `NUMBER/R{n}`), in any
/// body: one statement, none when this process's cache holds the answer. A number no body
/// holds answers not found, whatever else exists. Look-ups of unknown numbers and of
/// suspended or withdrawn certificates are noted for the bodies' analytics, with the
/// network of `from` (see [`super::verification`]).
pub async fn lookup(
    ctx: &Ctx,
    number: &str,
    from: Option<std::net::IpAddr>,
) -> Result<PublicView, ServiceError> {
    let v = find(ctx, number).await;
    match &v {
        Err(ServiceError::NotFound { .. }) => {
            if let Some(asked) = rules::parse_number(number) {
                ctx.lookup_log
                    .note(None, rules::LookupKind::Unknown, &asked.full, from);
            }
        }
        Ok(v) => {
            let kind = match v.status {
                PublicStatus::Current(
                    certa_domain::certification::CertificateStatus::Suspended,
                ) => Some(rules::LookupKind::Suspended),
                PublicStatus::Current(
                    certa_domain::certification::CertificateStatus::Withdrawn,
                ) => Some(rules::LookupKind::Withdrawn),
                _ => None,
            };
            if let Some(kind) = kind {
                ctx.lookup_log
                    .note(Some(v.record.tenant_id), kind, &v.record.number, from);
            }
        }
        Err(_) => {}
    }
    v
}

/// [`lookup`] without noting anything.
async fn find(ctx: &Ctx, number: &str) -> Result<PublicView, ServiceError> {
    let asked = rules::parse_number(number).ok_or_else(unknown)?;
    let mut numbers = vec![asked.full.as_str()];
    if let Some((base, _)) = &asked.base {
        numbers.push(base.as_str());
    }
    let rows = cached_rows(ctx, &numbers).await?;
    // The number exactly as given wins (a base number may itself end in `/R…`).
    if let Some(r) = rows.iter().find(|r| r.number == asked.full) {
        return Ok(PublicView {
            revision: r.revision,
            status: PublicStatus::Current(r.status),
            record: r.clone(),
        });
    }
    let (base, revision) = asked.base.ok_or_else(unknown)?;
    let r = rows
        .into_iter()
        .find(|r| r.number == base)
        .ok_or_else(unknown)?;
    let status = match revision.cmp(&r.revision) {
        std::cmp::Ordering::Equal => PublicStatus::Current(r.status),
        std::cmp::Ordering::Less if revision >= 0 => PublicStatus::Superseded,
        _ => return Err(unknown()),
    };
    Ok(PublicView {
        record: r,
        revision,
        status,
    })
}

/// The current revision's credential of a certificate, by its number as printed (the
/// current revision, with or without its `/R{n}`): one statement. An earlier revision's
/// credential is not published (it was revoked when a later revision replaced it), nor
/// is a credential not signed yet.
pub async fn credential(
    ctx: &Ctx,
    number: &str,
    from: Option<std::net::IpAddr>,
) -> Result<PublicView, ServiceError> {
    let v = lookup(ctx, number, from).await?;
    if v.status == PublicStatus::Superseded {
        return Err(ServiceError::not_found(
            "credential",
            ErrorCode::CertificateNotFound,
        ));
    }
    if v.record.credential.is_none() || v.record.credential_jwt.is_none() {
        return Err(unknown());
    }
    Ok(v)
}

/// A published status list of the tenant whose slug is `slug`: its signed credential.
/// Unknown slugs, purposes and lists are not found alike.
pub async fn status_list(
    ctx: &Ctx,
    slug: &str,
    purpose: &str,
    list: &str,
) -> Result<certa_store::repo::status_lists::PublishedList, ServiceError> {
    let missing = || ServiceError::not_found("status list", ErrorCode::NotFound);
    let purpose = rules::StatusPurpose::parse(purpose).ok_or_else(missing)?;
    let list: i32 = list
        .parse()
        .ok()
        .filter(|n| *n >= 0 && list.len() <= 9 && !list.starts_with('+'))
        .ok_or_else(missing)?;
    let g = ctx.db.global().await?;
    let tenant = certa_store::repo::tenants::by_slug(&g, slug).await?;
    g.commit().await?;
    let tenant = tenant.ok_or_else(missing)?;
    certa_store::repo::status_lists::public(&ctx.db, tenant.id, purpose.as_str(), list)
        .await?
        .ok_or_else(missing)
}

/// A page of the directory.
#[derive(Debug, Clone)]
pub struct DirectoryPage {
    pub items: Vec<PublicView>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

fn invalid(field: &'static str, code: ErrorCode, message: impl Into<String>) -> ServiceError {
    ServiceError::Invalid {
        field,
        code,
        message: message.into(),
    }
}

fn cursor_of(r: &PublicCertificate) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("{}\n{}", r.search_name, r.number))
}

fn read_cursor(c: &str) -> Result<(String, String), ServiceError> {
    let bad = || {
        invalid(
            "cursor",
            ErrorCode::InvalidCursor,
            "the cursor is not one this directory gave",
        )
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c.trim())
        .map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let (name, number) = text.split_once('\n').ok_or_else(bad)?;
    if name.chars().any(char::is_control) || rules::parse_number(number).is_none() {
        return Err(bad());
    }
    Ok((name.to_string(), number.to_string()))
}

/// The directory search by holder name (at least three characters, without regard to case
/// or accents), over the certificates the bodies list, [`rules::DEFAULT_PAGE`] a page by
/// default and at most [`rules::MAX_PAGE`]: one statement.
pub async fn directory(
    ctx: &Ctx,
    q: &str,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<DirectoryPage, ServiceError> {
    if q.chars().any(char::is_control) {
        return Err(invalid(
            "q",
            ErrorCode::InvalidText,
            "the search may not hold control characters",
        ));
    }
    if q.chars().count() > rules::MAX_SEARCH_CHARS {
        return Err(invalid(
            "q",
            ErrorCode::SearchTooLong,
            format!("search at most {} characters", rules::MAX_SEARCH_CHARS),
        ));
    }
    let fragment = rules::search_name(q);
    if fragment.chars().count() < rules::MIN_SEARCH_CHARS {
        return Err(invalid(
            "q",
            ErrorCode::SearchTooShort,
            format!(
                "search at least {} characters of the holder's name",
                rules::MIN_SEARCH_CHARS
            ),
        ));
    }
    let limit = limit.unwrap_or(rules::DEFAULT_PAGE);
    if !(1..=rules::MAX_PAGE).contains(&limit) {
        return Err(invalid(
            "limit",
            ErrorCode::InvalidNumber,
            format!("limit must be 1-{}", rules::MAX_PAGE),
        ));
    }
    let after = cursor
        .filter(|c| !c.trim().is_empty())
        .map(read_cursor)
        .transpose()?;
    let mut rows = registry::directory(
        &ctx.db,
        &fragment,
        after.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
        limit + 1,
    )
    .await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(cursor_of)
    } else {
        None
    };
    Ok(DirectoryPage {
        items: rows
            .into_iter()
            .map(|r| PublicView {
                revision: r.revision,
                status: PublicStatus::Current(r.status),
                record: std::sync::Arc::new(r),
            })
            .collect(),
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_refuse_anything_else() {
        let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode("muller & sohne\nACME-9001-00001");
        assert_eq!(
            read_cursor(&enc).unwrap(),
            ("muller & sohne".into(), "ACME-9001-00001".into())
        );
        for bad in ["", "!!", "bm8gbmV3bGluZQ"] {
            assert!(read_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tags_differ_by_every_part() {
        assert_ne!(tag(&["a", "b"]), tag(&["ab", ""]));
        assert!(tag(&["x"]).starts_with('"') && tag(&["x"]).ends_with('"'));
    }
}
