//! Each tenant's signing keys: Ed25519 keys that sign its credentials and status lists.
//!
//! - A tenant has exactly one `active` key, created on first use ([`active_key`]); rotation
//!   ([`rotate`], admins) makes a new active key and keeps the old one `retired` and
//!   published, so what it signed keeps verifying.
//! - Private keys are stored only sealed ([`certa_credentials::seal()`]) under a key derived
//!   from the configured master secret ([`MasterKey`]) and the tenant id, so a key sealed
//!   for one tenant cannot be opened as another's. They are opened in memory only to sign
//!   ([`sign_jws`], [`add_proof`], [`sign_credential`]) and wiped when dropped; no function
//!   answers one, and nothing logs one.
//! - The issuer of a tenant is `{public_url}/t/{slug}`; its key set is published at
//!   `{issuer}/.well-known/jwks.json` and its controller document at `{issuer}/issuer`, where
//!   each key is the verification method `{issuer}/issuer#{kid}` ([`public_keys`]).

use crate::{Ctx, Principal, ServiceError};
use base64::Engine as _;
use certa_credentials::proof::ProofOptions;
use certa_credentials::{PublicKey, SigningKey};
use certa_domain::{Action, ErrorCode, TenantId};
use certa_store::repo::signing_keys::{self, SigningKeyRow};
use certa_store::repo::{audit, tenants};
use certa_store::{SystemAccess, TenantScope, TenantTx};
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::Arc;
use zeroize::Zeroizing;

/// The platform's master secret (`CERTA_SECRET_KEY`), from which the keys that seal the
/// tenants' private keys are derived. Its bytes are wiped when the last copy is dropped, and
/// `Debug` never shows them.
#[derive(Clone)]
pub struct MasterKey(Arc<Zeroizing<Vec<u8>>>);

impl MasterKey {
    /// The master key of the configured secret.
    pub fn new(secret: Vec<u8>) -> Self {
        Self(Arc::new(Zeroizing::new(secret)))
    }

    pub(crate) fn expose(&self) -> &[u8] {
        self.0.as_slice()
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

/// A key as shown to staff and published: never its private part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct KeyView {
    /// The key identifier (base64url of the first 16 bytes of SHA-256 of the public key).
    pub kid: String,
    /// `publicKeyMultibase` (`z6Mk…`).
    pub public_key_multibase: String,
    /// `active` (signs) or `retired` (kept published so what it signed still verifies).
    pub status: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub retired_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<&SigningKeyRow> for KeyView {
    fn from(r: &SigningKeyRow) -> Self {
        Self {
            kid: r.kid.clone(),
            public_key_multibase: r.public_key.clone(),
            status: r.status.clone(),
            created_at: r.created_at,
            retired_at: r.retired_at,
        }
    }
}

/// The issuer of a tenant: `{public_url}/t/{slug}`.
pub fn issuer_id(ctx: &Ctx, slug: &str) -> String {
    format!("{}/t/{slug}", ctx.config.public_url)
}

/// The context a tenant's keys are sealed for: its id.
fn seal_context(tenant: TenantId) -> String {
    tenant.0.to_string()
}

fn crypto(what: &'static str) -> impl FnOnce(certa_credentials::Error) -> ServiceError {
    move |e| ServiceError::unexpected(what, e)
}

/// A new key, sealed for the tenant of `tx`: its row values (kid, multibase, sealed).
fn new_sealed_key(ctx: &Ctx, tx: &TenantTx) -> Result<(String, String, String), ServiceError> {
    let key = SigningKey::generate().map_err(crypto("cannot generate a signing key"))?;
    let sealed = certa_credentials::seal(
        ctx.master_key.expose(),
        &seal_context(tx.tenant()),
        &key.to_seed(),
    )
    .map_err(crypto("cannot seal a signing key"))?;
    Ok((
        key.kid(),
        key.public_key().to_multibase(),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sealed),
    ))
}

/// The tenant's active key, created if the tenant has none yet. Safe under concurrency: of
/// several first uses at once (in this process or on other replicas) one insert wins on the
/// unique index of active keys, the others lose without error and read the winner's key.
pub async fn active_key(ctx: &Ctx, tx: &TenantTx) -> Result<SigningKeyRow, ServiceError> {
    if let Some(k) = signing_keys::active(tx).await? {
        return Ok(k);
    }
    let (kid, public, sealed) = new_sealed_key(ctx, tx)?;
    if signing_keys::insert_active(tx, &kid, &public, &sealed).await? {
        tracing::info!(kid = %kid, "first signing key of the tenant created");
    }
    signing_keys::active(tx).await?.ok_or_else(|| {
        ServiceError::Unexpected(anyhow::anyhow!("no active signing key after creating one"))
    })
}

/// Opens the private key of `row` (sealed for the tenant of `tx`) in memory; it is wiped
/// when dropped.
fn open_key(ctx: &Ctx, tx: &TenantTx, row: &SigningKeyRow) -> Result<SigningKey, ServiceError> {
    let sealed = Zeroizing::new(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&row.sealed_key)
            .map_err(|e| ServiceError::unexpected("a sealed signing key is not base64url", e))?,
    );
    let seed = certa_credentials::open(
        ctx.master_key.expose(),
        &seal_context(tx.tenant()),
        &sealed,
    )
    .map_err(crypto(
        "cannot open the tenant's signing key (is CERTA_SECRET_KEY the one it was sealed with?)",
    ))?;
    let key = SigningKey::from_seed(&seed);
    if key.kid() != row.kid {
        return Err(ServiceError::Unexpected(anyhow::anyhow!(
            "the opened signing key does not match its kid"
        )));
    }
    Ok(key)
}

/// The tenant of `tx`.
async fn tenant_of(tx: &TenantTx) -> Result<certa_store::repo::tenants::Tenant, ServiceError> {
    tenants::by_id(tx, tx.tenant())
        .await?
        .ok_or(ServiceError::NotFound {
            what: "tenant",
            code: ErrorCode::NotFound,
        })
}

/// The tenant's active key, opened for the work of one transaction, with the tenant's
/// issuer. Wiped when dropped; `Debug` shows only the key id.
pub struct Signer {
    key: SigningKey,
    kid: String,
    /// The tenant's slug.
    pub slug: String,
    /// The issuer id, `{public_url}/t/{slug}`.
    pub issuer: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("kid", &self.kid)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// The key id of the key that signs.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Signs `payload` as a compact JWS (EdDSA, `kid` header, `typ` if given).
    pub fn jws(&self, payload: &Value, typ: Option<&str>) -> Result<String, ServiceError> {
        certa_credentials::sign_compact(payload, &self.key, typ)
            .map_err(crypto("cannot sign a JWS"))
    }

    /// Adds an `eddsa-jcs-2022` Data Integrity proof (purpose `assertionMethod`, verification
    /// method `{issuer}/issuer#{kid}`).
    pub fn proof(&self, doc: Value) -> Result<Value, ServiceError> {
        let options = ProofOptions::assertion(
            certa_credentials::verify::verification_method_id(&self.issuer, &self.kid),
            chrono::Utc::now(),
        );
        certa_credentials::add_proof(doc, &options, &self.key).map_err(crypto("cannot add a proof"))
    }

    /// Secures `doc` (a credential) both ways; its `issuer` is set to the tenant's.
    pub fn credential(&self, doc: Value) -> Result<SignedCredential, ServiceError> {
        let Value::Object(mut doc) = doc else {
            return Err(ServiceError::Invalid {
                field: "credential",
                code: ErrorCode::InvalidJson,
                message: "a credential is a JSON object".into(),
            });
        };
        doc.insert("issuer".into(), Value::String(self.issuer.clone()));
        let doc = Value::Object(doc);
        let jwt = self.jws(&doc, Some(certa_credentials::verify::VC_JWT_TYP))?;
        let data_integrity = self.proof(doc)?;
        Ok(SignedCredential {
            data_integrity,
            jwt,
        })
    }
}

/// Opens the active key of the tenant of `tx` (created if it has none) for signing.
pub async fn signer(ctx: &Ctx, tx: &TenantTx) -> Result<Signer, ServiceError> {
    let tenant = tenant_of(tx).await?;
    let row = active_key(ctx, tx).await?;
    let key = open_key(ctx, tx, &row)?;
    Ok(Signer {
        key,
        kid: row.kid,
        issuer: issuer_id(ctx, &tenant.slug),
        slug: tenant.slug,
    })
}

/// Signs `payload` as a compact JWS (EdDSA, `kid` header, `typ` if given) with the tenant's
/// active key.
pub async fn sign_jws(
    ctx: &Ctx,
    tx: &TenantTx,
    payload: &Value,
    typ: Option<&str>,
) -> Result<String, ServiceError> {
    signer(ctx, tx).await?.jws(payload, typ)
}

/// Signs the exact bytes `payload` as a JWS with a detached payload (`header..signature`,
/// EdDSA, `kid` header) with the tenant's active key; answers the key id and the JWS.
pub async fn sign_detached(
    ctx: &Ctx,
    tx: &TenantTx,
    payload: &[u8],
) -> Result<(String, String), ServiceError> {
    let row = active_key(ctx, tx).await?;
    let key = open_key(ctx, tx, &row)?;
    let jws = certa_credentials::sign_detached(payload, &key)
        .map_err(crypto("cannot sign a detached JWS"))?;
    Ok((row.kid, jws))
}

/// Adds an `eddsa-jcs-2022` Data Integrity proof (purpose `assertionMethod`, verification
/// method `{issuer}/issuer#{kid}`) made with the tenant's active key.
pub async fn add_proof(ctx: &Ctx, tx: &TenantTx, doc: Value) -> Result<Value, ServiceError> {
    signer(ctx, tx).await?.proof(doc)
}

/// A credential in its two securings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignedCredential {
    /// The credential with an `eddsa-jcs-2022` Data Integrity proof.
    pub data_integrity: Value,
    /// The same credential as a compact JWS (`vc+jwt`).
    pub jwt: String,
}

/// Secures `doc` (a credential without `issuer` or with the tenant's issuer id) both ways
/// with the tenant's active key, in the tenant's transaction `tx`. The `issuer` is set to
/// the tenant's issuer id.
pub async fn sign_credential_in(
    ctx: &Ctx,
    tx: &TenantTx,
    doc: Value,
) -> Result<SignedCredential, ServiceError> {
    signer(ctx, tx).await?.credential(doc)
}

/// Secures `doc` for `tenant` (see [`sign_credential_in`]) in a transaction of its own, for
/// work no user stands behind.
pub async fn sign_credential(
    ctx: &Ctx,
    tenant: TenantId,
    doc: Value,
) -> Result<SignedCredential, ServiceError> {
    let tx = ctx
        .db
        .tenant(TenantScope::system(tenant, SystemAccess::Signing))
        .await?;
    let out = sign_credential_in(ctx, &tx, doc).await?;
    tx.commit().await?;
    Ok(out)
}

/// The published keys of the tenant whose slug is `slug` (active first, then retired, newest
/// first), with the tenant's issuer id; the first key is created if the tenant has none.
/// An unknown slug is not found.
pub async fn public_keys(ctx: &Ctx, slug: &str) -> Result<(String, Vec<KeyView>), ServiceError> {
    let not_found = ServiceError::NotFound {
        what: "issuer",
        code: ErrorCode::NotFound,
    };
    let g = ctx.db.global().await?;
    let tenant = tenants::by_slug(&g, slug).await?;
    g.commit().await?;
    let tenant = tenant.ok_or(not_found)?;
    let tx = ctx
        .db
        .tenant(TenantScope::system(
            TenantId(tenant.id),
            SystemAccess::PublicKeys,
        ))
        .await?;
    active_key(ctx, &tx).await?;
    let keys = sorted(signing_keys::all(&tx).await?);
    tx.commit().await?;
    Ok((issuer_id(ctx, &tenant.slug), keys))
}

/// Active key first, then the retired ones, newest first.
fn sorted(rows: Vec<SigningKeyRow>) -> Vec<KeyView> {
    let mut keys: Vec<KeyView> = rows.iter().map(KeyView::from).collect();
    keys.sort_by(|a, b| {
        (a.status != signing_keys::ACTIVE)
            .cmp(&(b.status != signing_keys::ACTIVE))
            .then(b.created_at.cmp(&a.created_at))
    });
    keys
}

/// The tenant's keys for staff who may see the settings (the first key is created if the
/// tenant has none), active first.
pub async fn list(ctx: &Ctx, p: &Principal) -> Result<Vec<KeyView>, ServiceError> {
    let t = p.authorize(Action::ViewSettings)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    active_key(ctx, &tx).await?;
    let keys = sorted(signing_keys::all(&tx).await?);
    tx.commit().await?;
    Ok(keys)
}

/// Rotates the tenant's signing key (admins): a new key becomes the active one and the
/// previous one is retired, kept and still published. Recorded in the audit trail. Answers
/// every key, the new active one first. A rotation racing another one fails with a conflict
/// instead of leaving two active keys.
pub async fn rotate(ctx: &Ctx, p: &Principal) -> Result<Vec<KeyView>, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let raced = || ServiceError::Conflict {
        code: ErrorCode::Conflict,
        message: "the signing key was rotated at the same time; reload and try again".into(),
    };
    let old = signing_keys::active(&tx).await?;
    if let Some(old) = &old
        && !signing_keys::retire(&tx, &old.kid).await?
    {
        return Err(raced());
    }
    let (kid, public, sealed) = new_sealed_key(ctx, &tx)?;
    if !signing_keys::insert_active(&tx, &kid, &public, &sealed).await? {
        return Err(raced());
    }
    audit::append(
        &tx,
        &p.actor(),
        "signing_key.rotated",
        "signing_keys",
        json!({"active": kid, "retired": old.as_ref().map(|k| k.kid.clone())}),
    )
    .await?;
    let keys = sorted(signing_keys::all(&tx).await?);
    tx.commit().await?;
    tracing::info!(kid = %kid, "signing key rotated");
    Ok(keys)
}

/// The public key of a stored key (for the key sets).
pub fn public_key(view: &KeyView) -> Result<PublicKey, ServiceError> {
    PublicKey::from_multibase(&view.public_key_multibase)
        .map_err(crypto("a stored public key does not parse"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_only_for_its_tenant() {
        let master = vec![7u8; 32];
        let a = TenantId::new();
        let b = TenantId::new();
        let key = SigningKey::generate().unwrap();
        let sealed = certa_credentials::seal(&master, &seal_context(a), &key.to_seed()).unwrap();
        let opened = certa_credentials::open(&master, &seal_context(a), &sealed).unwrap();
        assert_eq!(SigningKey::from_seed(&opened).kid(), key.kid());
        assert!(certa_credentials::open(&master, &seal_context(b), &sealed).is_err());
        assert!(certa_credentials::open(&[8u8; 32], &seal_context(a), &sealed).is_err());
    }

    #[test]
    fn the_master_key_is_never_shown() {
        let m = MasterKey::new(b"a-very-secret-master-key-of-32-bytes".to_vec());
        assert_eq!(format!("{m:?}"), "MasterKey(…)");
    }
}
