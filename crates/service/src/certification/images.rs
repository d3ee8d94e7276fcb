//! The certification body's logo and accreditation mark, printed on its certificates
//! (ISO/IEC 17021-1 8.2.1 g).
//!
//! An administrator uploads each image (PNG, JPEG or SVG, at most 1 MiB); it is checked
//! by its content and by typesetting a sample certificate with it before it is kept in
//! object storage, and the tenant's certificate settings name it ([`StoredImage`]). Each
//! certificate revision records the images in force when it is issued, and its PDF is
//! rendered with those: a later change of the images never changes an issued document.

use super::certificates::CertificateContent;
use super::documents::read_all;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::certification::{CertificateImage, ImageFormat, MAX_IMAGE_BYTES, StoredImage};
use certa_domain::{Action, ErrorCode};
use certa_storage::{ObjectKey, ObjectKind};
use certa_store::TenantScope;
use certa_store::repo::{audit, certification as repo, settings as settings_repo};
use serde_json::json;

fn invalid_image(message: impl Into<String>) -> ServiceError {
    ServiceError::Invalid {
        field: "image",
        code: ErrorCode::InvalidImage,
        message: message.into(),
    }
}

fn not_found(which: CertificateImage) -> ServiceError {
    ServiceError::not_found(which.label(), ErrorCode::ImageNotFound)
}

fn pdf_format(format: ImageFormat) -> certa_pdf::ImageFormat {
    match format {
        ImageFormat::Png => certa_pdf::ImageFormat::Png,
        ImageFormat::Jpeg => certa_pdf::ImageFormat::Jpeg,
        ImageFormat::Svg => certa_pdf::ImageFormat::Svg,
    }
}

fn domain_format(format: certa_pdf::ImageFormat) -> ImageFormat {
    match format {
        certa_pdf::ImageFormat::Png => ImageFormat::Png,
        certa_pdf::ImageFormat::Jpeg => ImageFormat::Jpeg,
        certa_pdf::ImageFormat::Svg => ImageFormat::Svg,
    }
}

/// Checks an image and answers its format: at most [`MAX_IMAGE_BYTES`], PNG, JPEG or SVG by
/// its content (as `declared`, when the sender named a type), and placed on a sample
/// certificate by Typst (in a blocking task).
async fn check(
    which: CertificateImage,
    declared: Option<ImageFormat>,
    bytes: &[u8],
) -> Result<ImageFormat, ServiceError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ServiceError::TooLarge {
            field: "image",
            message: format!(
                "the {} is larger than {} MiB",
                which.label(),
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
        });
    }
    if bytes.is_empty() {
        return Err(invalid_image("the file is empty"));
    }
    let copy = bytes.to_vec();
    let format = tokio::task::spawn_blocking(move || certa_pdf::check_image(&copy))
        .await
        .map_err(|e| ServiceError::unexpected("checking an image", e))?
        .map_err(|e| {
            if let certa_pdf::ImageError::Unplaceable(detail) = &e {
                tracing::info!(%detail, "an uploaded image could not be typeset");
            }
            invalid_image(e.to_string())
        })?;
    let format = domain_format(format);
    if let Some(declared) = declared
        && declared != format
    {
        return Err(invalid_image(format!(
            "the file is a {} image, but it was sent as {}",
            format.label(),
            declared.mime()
        )));
    }
    Ok(format)
}

/// Keeps an image as the body's logo or accreditation mark (admins). `declared` is the
/// format the sender named (the API's `Content-Type`), if any. The object is stored before
/// the settings name it; the image it replaces is deleted afterwards unless a
/// certificate revision refers to it (see `release`).
pub async fn put(
    ctx: &Ctx,
    p: &Principal,
    which: CertificateImage,
    declared: Option<ImageFormat>,
    bytes: Vec<u8>,
) -> Result<StoredImage, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let format = check(which, declared, &bytes).await?;
    let key = ObjectKey::generate(t.id().0, ObjectKind::Image);
    let stored = ctx
        .storage
        .put_stream(&key, &mut bytes.as_slice(), MAX_IMAGE_BYTES as u64)
        .await
        .map_err(ServiceError::Storage)?;
    let image = StoredImage {
        key: key.as_str().to_string(),
        format,
        sha256: stored.sha256_hex,
    };
    let recorded = record(ctx, p, t.scope(), which, Some(image.clone())).await;
    match recorded {
        Ok(old) => {
            if let Some(old) = old {
                release(ctx, t.scope(), &old).await;
            }
            Ok(image)
        }
        Err(e) => {
            // The settings do not name it: nothing else can.
            if let Err(err) = ctx.storage.delete(&key).await {
                tracing::warn!(error = %err, "an image that was not kept was not removed");
            }
            Err(e)
        }
    }
}

/// Removes the body's logo or accreditation mark (admins): certificates issued from now
/// on are printed without it; those already issued keep it.
pub async fn remove(ctx: &Ctx, p: &Principal, which: CertificateImage) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    match record(ctx, p, t.scope(), which, None).await? {
        Some(old) => {
            release(ctx, t.scope(), &old).await;
            Ok(())
        }
        None => Err(not_found(which)),
    }
}

/// Names `image` (or nothing) in the settings, in one transaction, with an audit-trail
/// event; answers the image it replaced. Nothing is written when there was none to
/// remove.
async fn record(
    ctx: &Ctx,
    p: &Principal,
    scope: TenantScope,
    which: CertificateImage,
    image: Option<StoredImage>,
) -> Result<Option<StoredImage>, ServiceError> {
    let tx = ctx.db.tenant(scope).await?;
    let mut s = crate::settings::load_for_update(&tx).await?;
    let slot = s.certificates.image_mut(which);
    if image.is_none() && slot.is_none() {
        tx.rollback().await?;
        return Ok(None);
    }
    let old = std::mem::replace(slot, image.clone());
    let doc = serde_json::to_string(&s).map_err(|e| ServiceError::unexpected("settings", e))?;
    settings_repo::put(&tx, doc).await?;
    let action = if image.is_some() {
        "settings.certificate_image_uploaded"
    } else {
        "settings.certificate_image_removed"
    };
    audit::append(
        &tx,
        &p.actor(),
        action,
        "settings",
        json!({"image": which.as_str(), "before": old, "after": image}),
    )
    .await?;
    tx.commit().await?;
    Ok(old)
}

/// Deletes the object of an image the settings no longer name, unless a certificate
/// revision refers to it: a revision's PDF is rendered from the images recorded in its
/// content (perhaps long after issue, on its first download), so those objects are kept
/// for as long as the revisions, that is for good. Only an image that never reached a
/// certificate is deleted.
///
/// No revision can come to refer to it after this check. Issuing a revision appends the
/// decision to the audit trail before it reads the settings, and [`record`] appends to
/// the audit trail before it commits; the audit trail's per-tenant lock orders the two:
/// either the revision was committed before the settings changed (and is seen here), or
/// it read the settings after the change (and names the new image).
///
/// Failures are logged, not answered: the change itself is done, and an object left
/// behind costs only its space.
async fn release(ctx: &Ctx, scope: TenantScope, old: &StoredImage) {
    let Ok(key) = old.key.parse::<ObjectKey>() else {
        tracing::warn!(key = %old.key, "a replaced image has no valid key; nothing removed");
        return;
    };
    let referenced = async {
        let tx = ctx.db.tenant(scope).await?;
        let referenced = repo::revisions_mention(&tx, key.as_str()).await?;
        tx.commit().await?;
        Ok::<bool, certa_store::StoreError>(referenced)
    }
    .await;
    match referenced {
        Ok(true) => {}
        Ok(false) => {
            if let Err(e) = ctx.storage.delete(&key).await {
                tracing::warn!(error = %e, "a replaced image was not removed");
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "a replaced image was kept: its references could not be checked");
        }
    }
}

/// The body's logo or accreditation mark, with its format (for the settings page's
/// preview); staff who see the settings.
pub async fn get(
    ctx: &Ctx,
    p: &Principal,
    which: CertificateImage,
) -> Result<(Vec<u8>, ImageFormat), ServiceError> {
    let t = p.authorize_or_hide(
        Action::ViewSettings,
        "settings",
        ErrorCode::SettingsNotFound,
    )?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let s = crate::settings::load(&tx).await?;
    tx.commit().await?;
    let image = s
        .certificates
        .image(which)
        .cloned()
        .ok_or_else(|| not_found(which))?;
    let bytes = load(ctx, t.id().0, &image).await?;
    Ok((bytes, image.format))
}

/// The bytes of a stored image of `tenant`, checked against its recorded SHA-256.
async fn load(ctx: &Ctx, tenant: uuid::Uuid, image: &StoredImage) -> Result<Vec<u8>, ServiceError> {
    let key = image
        .key
        .parse::<ObjectKey>()
        .ok()
        .filter(|k| k.tenant() == tenant && k.kind() == ObjectKind::Image)
        .ok_or_else(|| {
            ServiceError::Unexpected(anyhow::anyhow!(
                "a stored image has a key outside the tenant's images: {}",
                image.key
            ))
        })?;
    let bytes = read_all(ctx, &key).await?;
    if certa_pdf::sha256_hex(&bytes) != image.sha256 {
        return Err(ServiceError::Unexpected(anyhow::anyhow!(
            "the stored image {} does not match its SHA-256",
            image.key
        )));
    }
    Ok(bytes)
}

/// The images of a certificate revision as recorded in its content: the logo, and the
/// accreditation mark when the revision names an accreditation for its standards.
pub(crate) async fn assets(
    ctx: &Ctx,
    tenant: uuid::Uuid,
    content: &CertificateContent,
) -> Result<certa_pdf::Assets, ServiceError> {
    let mut assets = certa_pdf::Assets::default();
    if let Some(logo) = &content.logo {
        assets.logo = Some(certa_pdf::Image {
            bytes: load(ctx, tenant, logo).await?,
            format: pdf_format(logo.format),
        });
    }
    if let Some(mark) = &content.accreditation_mark
        && !content.accreditations.is_empty()
    {
        assets.accreditation_mark = Some(certa_pdf::Image {
            bytes: load(ctx, tenant, mark).await?,
            format: pdf_format(mark.format),
        });
    }
    Ok(assets)
}
