//! The certification body's settings and audit-time tables: read by every use case that
//! calculates (audit time, programmes, team checks, objection deadlines), changed by
//! admins with an audit-trail event.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::Action;
use certa_domain::ErrorCode;
use certa_domain::audit_time::tables::{AuditTimeTable, Tables};
use certa_domain::certification::CertificateImage;
use certa_domain::settings::{TenantSettings, flag_tenant_rows, tenant_tables};
use certa_store::TenantTx;
use certa_store::repo::{audit, settings};
use serde_json::json;

/// A table as the tenant uses it, with where it comes from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TableView {
    /// `builtin` or `tenant` (the tenant's version replaces the built-in one).
    pub origin: &'static str,
    #[serde(flatten)]
    pub table: AuditTimeTable,
}

/// The tenant's settings (defaults where nothing was saved). A stored document that no
/// longer parses falls back to the defaults and is logged: calculations keep working and
/// the admin sees the defaults on the settings page.
pub async fn load(tx: &TenantTx) -> Result<TenantSettings, ServiceError> {
    Ok(parse(settings::get(tx).await?))
}

/// The tenant's settings, read to be changed in the same transaction: no other change of
/// the settings runs until it ends (see [`settings::get_for_update`]).
pub(crate) async fn load_for_update(tx: &TenantTx) -> Result<TenantSettings, ServiceError> {
    Ok(parse(settings::get_for_update(tx).await?))
}

fn parse(stored: Option<String>) -> TenantSettings {
    match stored {
        Some(s) => serde_json::from_str(&s).unwrap_or_else(|e| {
            tracing::error!(error = %e, "stored tenant settings do not parse; using defaults");
            TenantSettings::default()
        }),
        None => TenantSettings::default(),
    }
}

/// Refuses a patch that names a certificate image with another value than the stored
/// one (repeating the stored value, as a client that sends back what it read does, is
/// allowed). The images change only through [`crate::certification::images`], which
/// checks them and keeps their objects while the settings or a certificate name them.
fn refuse_image_changes(
    patch: &serde_json::Value,
    before: &TenantSettings,
) -> Result<(), ServiceError> {
    let Some(certificates) = patch.get("certificates").and_then(|c| c.as_object()) else {
        return Ok(());
    };
    for which in CertificateImage::ALL {
        let Some(sent) = certificates.get(which.as_str()) else {
            continue;
        };
        let stored = serde_json::to_value(before.certificates.image(which))
            .map_err(|e| ServiceError::unexpected("settings", e))?;
        if *sent != stored {
            return Err(ServiceError::Invalid {
                field: which.as_str(),
                code: ErrorCode::SettingReadOnly,
                message: format!(
                    "the {} changes only through /api/v1/settings/certificate-images/{}",
                    which.label(),
                    which.as_str()
                ),
            });
        }
    }
    Ok(())
}

/// Keeps the stored certificate images in `after`, whatever it says.
fn keep_images(after: &mut TenantSettings, before: &TenantSettings) {
    for which in CertificateImage::ALL {
        *after.certificates.image_mut(which) = before.certificates.image(which).cloned();
    }
}

/// The tenant's own table versions.
async fn own_tables(tx: &TenantTx) -> Result<Vec<AuditTimeTable>, ServiceError> {
    let mut out = Vec::new();
    for (id, json) in settings::tables(tx).await? {
        match serde_json::from_str::<AuditTimeTable>(&json) {
            Ok(t) => out.push(t),
            Err(e) => {
                tracing::error!(table = %id, error = %e, "stored audit-time table does not parse; ignored")
            }
        }
    }
    Ok(out)
}

/// The tables the tenant calculates with (built-in ones replaced by the tenant's).
pub async fn load_tables(tx: &TenantTx) -> Result<Tables, ServiceError> {
    let own = own_tables(tx).await?;
    if own.is_empty() {
        return Ok(Tables::builtin());
    }
    tenant_tables(own).map_err(|e| ServiceError::Invalid {
        field: "tables",
        code: ErrorCode::TableInvalid,
        message: e.to_string(),
    })
}

/// The tenant's settings.
pub async fn get(ctx: &Ctx, p: &Principal) -> Result<TenantSettings, ServiceError> {
    let t = p.authorize_or_hide(
        Action::ViewSettings,
        "settings",
        ErrorCode::SettingsNotFound,
    )?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let s = load(&tx).await?;
    tx.commit().await?;
    Ok(s)
}

/// Replaces the tenant's settings (validated as a whole). The certificate images stay as
/// stored: they change only through [`crate::certification::images`].
pub async fn put(
    ctx: &Ctx,
    p: &Principal,
    mut s: TenantSettings,
) -> Result<TenantSettings, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    s.validate()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let before = load_for_update(&tx).await?;
    keep_images(&mut s, &before);
    let doc = serde_json::to_string(&s).map_err(|e| ServiceError::Invalid {
        field: "settings",
        code: ErrorCode::SettingsInvalid,
        message: e.to_string(),
    })?;
    settings::put(&tx, doc).await?;
    crate::certification::public::relist_tenant(ctx, &tx, &before.certificates, &s.certificates)
        .await?;
    audit::append(
        &tx,
        &p.actor(),
        "settings.changed",
        "settings",
        json!({"before": before, "after": s}),
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Changes the settings `patch` names and keeps the others: `patch` is a JSON object whose
/// members replace the current values (nested objects are merged the same way). An empty
/// patch, an unknown setting or a value out of range is refused, and so is a certificate
/// image (they change only through [`crate::certification::images`]); the result is
/// validated as a whole, and read, changed and written in one transaction.
pub async fn update(
    ctx: &Ctx,
    p: &Principal,
    patch: serde_json::Value,
) -> Result<TenantSettings, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let invalid = |code: certa_domain::ErrorCode, message: String| ServiceError::Invalid {
        field: "settings",
        code,
        message,
    };
    match &patch {
        serde_json::Value::Object(m) if !m.is_empty() => {}
        _ => {
            return Err(invalid(
                ErrorCode::SettingsEmpty,
                "name at least one setting to change".into(),
            ));
        }
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let before = load_for_update(&tx).await?;
    refuse_image_changes(&patch, &before)?;
    let mut doc = serde_json::to_value(&before)
        .map_err(|e| invalid(ErrorCode::SettingsInvalid, e.to_string()))?;
    merge(&mut doc, patch);
    let mut after: TenantSettings =
        serde_json::from_value(doc).map_err(|e| invalid(ErrorCode::InvalidJson, e.to_string()))?;
    keep_images(&mut after, &before);
    after.validate()?;
    let stored = serde_json::to_string(&after)
        .map_err(|e| invalid(ErrorCode::SettingsInvalid, e.to_string()))?;
    settings::put(&tx, stored).await?;
    crate::certification::public::relist_tenant(
        ctx,
        &tx,
        &before.certificates,
        &after.certificates,
    )
    .await?;
    audit::append(
        &tx,
        &p.actor(),
        "settings.changed",
        "settings",
        json!({"before": before, "after": after}),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Merges `patch` into `doc`: object members recursively, anything else replaced.
fn merge(doc: &mut serde_json::Value, patch: serde_json::Value) {
    match (doc, patch) {
        (serde_json::Value::Object(d), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                match d.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        d.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// Every table the tenant uses, with its origin.
pub async fn tables(ctx: &Ctx, p: &Principal) -> Result<Vec<TableView>, ServiceError> {
    let t = p.authorize_or_hide(
        Action::ViewSettings,
        "settings",
        ErrorCode::SettingsNotFound,
    )?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let own = own_tables(&tx).await?;
    tx.commit().await?;
    let mut out: Vec<TableView> = Tables::builtin()
        .tables()
        .iter()
        .map(|b| match own.iter().find(|o| o.id == b.id) {
            Some(o) => TableView {
                origin: "tenant",
                table: o.clone(),
            },
            None => TableView {
                origin: "builtin",
                table: b.clone(),
            },
        })
        .collect();
    for o in own {
        if !out.iter().any(|v| v.table.id == o.id) {
            out.push(TableView {
                origin: "tenant",
                table: o,
            });
        }
    }
    Ok(out)
}

/// Stores the tenant's version of a table (replacing the built-in one of the same id,
/// or adding a table for a standard no other table covers). Rows that are not exactly
/// built-in rows are flagged unverified.
pub async fn put_table(
    ctx: &Ctx,
    p: &Principal,
    id: &str,
    mut table: AuditTimeTable,
) -> Result<TableView, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    if table.id != id {
        return Err(ServiceError::Invalid {
            field: "id",
            code: ErrorCode::TableIdMismatch,
            message: format!(
                "the table's id '{}' differs from the address's '{id}'",
                table.id
            ),
        });
    }
    if id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(ServiceError::Invalid {
            field: "id",
            code: ErrorCode::TableIdInvalid,
            message: "a table id is 1–64 characters of a–z, 0–9 and _".into(),
        });
    }
    let builtin = Tables::builtin();
    flag_tenant_rows(&mut table, builtin.tables().iter().find(|b| b.id == id));
    let tx = ctx.db.tenant(t.scope()).await?;
    let mut own: Vec<AuditTimeTable> = own_tables(&tx)
        .await?
        .into_iter()
        .filter(|o| o.id != id)
        .collect();
    own.push(table.clone());
    tenant_tables(own).map_err(|e| ServiceError::Invalid {
        field: "table",
        code: ErrorCode::TableInvalid,
        message: e.message,
    })?;
    let doc = serde_json::to_string(&table).map_err(|e| ServiceError::Invalid {
        field: "table",
        code: ErrorCode::TableInvalid,
        message: e.to_string(),
    })?;
    settings::put_table(&tx, id, doc).await?;
    audit::append(
        &tx,
        &p.actor(),
        "audit_time_table.saved",
        &format!("audit_time_table:{id}"),
        json!({"rows": table.rows.len(), "unverified_rows": table.rows.iter().filter(|r| !r.verified).count()}),
    )
    .await?;
    tx.commit().await?;
    Ok(TableView {
        origin: "tenant",
        table,
    })
}

/// Drops the tenant's version of a table (the built-in one applies again).
pub async fn delete_table(ctx: &Ctx, p: &Principal, id: &str) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    if !settings::delete_table(&tx, id).await? {
        return Err(ServiceError::not_found(
            "audit-time table of this certification body",
            ErrorCode::TableNotFound,
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "audit_time_table.reverted",
        &format!("audit_time_table:{id}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds one band at the end of a table (the page's "add a band" form): the tenant's
/// version is created from the built-in one when there is none yet.
pub async fn add_band(
    ctx: &Ctx,
    p: &Principal,
    id: &str,
    min: u64,
    max: u64,
    days: Vec<f64>,
) -> Result<TableView, ServiceError> {
    let current = tables(ctx, p)
        .await?
        .into_iter()
        .find(|v| v.table.id == id)
        .ok_or(ServiceError::not_found(
            "audit-time table",
            ErrorCode::TableNotFound,
        ))?;
    let mut table = current.table;
    table.rows.push(certa_domain::audit_time::tables::TableRow {
        min,
        max,
        days,
        verified: false,
    });
    put_table(ctx, p, id, table).await
}

/// Calculates audit time with the tenant's tables and settings; nothing is stored.
pub async fn calculate(
    ctx: &Ctx,
    p: &Principal,
    req: &certa_domain::audit_time::Request,
) -> Result<certa_domain::audit_time::Calculation, ServiceError> {
    let t = p.authorize_or_hide(
        Action::ViewSettings,
        "settings",
        ErrorCode::SettingsNotFound,
    )?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let (s, tables) = (load(&tx).await?, load_tables(&tx).await?);
    tx.commit().await?;
    Ok(
        certa_domain::audit_time::calculate(req, &tables, &s.audit_time)
            .map_err(certa_domain::DomainError::from)?,
    )
}

/// Calculates audit time for an application and keeps the request, the result and its
/// breakdown with it: the justification shown to the client (IAF MD 5).
pub async fn keep_with_application(
    ctx: &Ctx,
    p: &Principal,
    application: certa_domain::ApplicationId,
    req: &certa_domain::audit_time::Request,
) -> Result<certa_domain::audit_time::Calculation, ServiceError> {
    let t = p.authorize(Action::ReviewApplications)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    certa_store::repo::applications::by_id(&tx, application)
        .await?
        .ok_or(ServiceError::not_found(
            "application",
            ErrorCode::ApplicationNotFound,
        ))?;
    let (s, tables) = (load(&tx).await?, load_tables(&tx).await?);
    let c = certa_domain::audit_time::calculate(req, &tables, &s.audit_time)
        .map_err(certa_domain::DomainError::from)?;
    let doc = json!({
        "request": req,
        "result": c,
        "calculated_at": chrono::Utc::now().to_rfc3339(),
        "calculated_by": p.actor().label,
    });
    certa_store::repo::applications::set_audit_time(&tx, application, doc.to_string()).await?;
    audit::append(
        &tx,
        &p.actor(),
        "application.audit_time_calculated",
        &format!("application:{application}"),
        json!({"initial_days": c.initial_days, "stage1_days": c.stage1_days, "stage2_days": c.stage2_days}),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// Sets the certification body's time zone (an IANA name such as `Europe/Berlin`), in
/// which its pages show times to members who did not choose their own.
pub async fn set_time_zone(ctx: &Ctx, p: &Principal, zone: &str) -> Result<String, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tz = certa_domain::values::time_zone("time_zone", zone)?;
    let name = tz.name().to_string();
    let tx = ctx.db.tenant(t.scope()).await?;
    certa_store::repo::tenants::set_time_zone(&tx, certa_domain::TenantId(t.tenant.id), &name)
        .await?;
    audit::append(
        &tx,
        &p.actor(),
        "settings.time_zone_set",
        &format!("tenant:{}", t.tenant.id),
        json!({"time_zone": name}),
    )
    .await?;
    tx.commit().await?;
    Ok(name)
}

/// Sets the certification body's time zone and language together (either may be left
/// as it is): both are checked before either changes, and both change in one
/// transaction. Answers the body's time zone and language after the change.
pub async fn set_locale(
    ctx: &Ctx,
    p: &Principal,
    zone: Option<&str>,
    lang: Option<&str>,
) -> Result<(String, &'static str), ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let mut problems = certa_domain::Problems::default();
    let zone = zone
        .and_then(|z| problems.check(certa_domain::values::time_zone("time_zone", z)))
        .map(|z| z.name().to_string());
    let lang = lang.and_then(|l| problems.check(certa_domain::values::language("language", l)));
    problems.finish()?;
    let id = certa_domain::TenantId(t.tenant.id);
    let tx = ctx.db.tenant(t.scope()).await?;
    if let Some(z) = &zone {
        certa_store::repo::tenants::set_time_zone(&tx, id, z).await?;
        audit::append(
            &tx,
            &p.actor(),
            "settings.time_zone_set",
            &format!("tenant:{}", id.0),
            json!({"time_zone": z}),
        )
        .await?;
    }
    if let Some(l) = lang {
        certa_store::repo::tenants::set_language(&tx, id, l).await?;
        audit::append(
            &tx,
            &p.actor(),
            "settings.language_set",
            &format!("tenant:{}", id.0),
            json!({"language": l}),
        )
        .await?;
    }
    tx.commit().await?;
    let zone = zone.unwrap_or_else(|| t.tenant.time_zone.clone());
    let lang = lang
        .or_else(|| certa_domain::values::language("language", &t.tenant.language).ok())
        .unwrap_or("en");
    Ok((zone, lang))
}

/// A person's own choices: the time zone and language their pages and mails use instead
/// of their certification body's. `None` leaves a choice as it is; `Some("")` clears it.
/// Both are checked before either changes. Answers both choices after the change.
pub async fn set_own_preferences(
    ctx: &Ctx,
    p: &Principal,
    zone: Option<&str>,
    lang: Option<&str>,
) -> Result<(Option<String>, Option<&'static str>), ServiceError> {
    let t = p.tenant()?;
    let mut problems = certa_domain::Problems::default();
    let zone: Option<Option<String>> = match zone.map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(z) => problems
            .check(certa_domain::values::time_zone("time_zone", z))
            .map(|z| Some(z.name().to_string())),
    };
    let lang: Option<Option<&'static str>> = match lang.map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(l) => problems
            .check(certa_domain::values::language("language", l))
            .map(Some),
    };
    problems.finish()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    if let Some(z) = &zone {
        certa_store::repo::users::set_time_zone(&tx, p.user_id(), z.as_deref()).await?;
    }
    if let Some(l) = lang {
        certa_store::repo::users::set_language(&tx, p.user_id(), l).await?;
    }
    tx.commit().await?;
    Ok((
        zone.unwrap_or_else(|| p.user.time_zone.clone()),
        lang.unwrap_or_else(|| {
            p.user
                .language
                .as_deref()
                .and_then(|l| certa_domain::values::language("language", l).ok())
        }),
    ))
}

/// Sets the certification body's language (`en`, `de`): the language of its pages and
/// mails for members and contacts who did not choose their own.
pub async fn set_language(
    ctx: &Ctx,
    p: &Principal,
    lang: &str,
) -> Result<&'static str, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let lang = certa_domain::values::language("language", lang)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    certa_store::repo::tenants::set_language(&tx, certa_domain::TenantId(t.tenant.id), lang)
        .await?;
    audit::append(
        &tx,
        &p.actor(),
        "settings.language_set",
        &format!("tenant:{}", t.tenant.id),
        json!({"language": lang}),
    )
    .await?;
    tx.commit().await?;
    Ok(lang)
}

/// Sets (or, with an empty `lang`, clears) the signed-in person's own language, which wins
/// over the body's on every page they see and in every mail they get.
pub async fn set_own_language(
    ctx: &Ctx,
    p: &Principal,
    lang: &str,
) -> Result<Option<&'static str>, ServiceError> {
    let t = p.tenant()?;
    let lang = match lang.trim() {
        "" => None,
        l => Some(certa_domain::values::language("language", l)?),
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    certa_store::repo::users::set_language(&tx, p.user_id(), lang).await?;
    tx.commit().await?;
    Ok(lang)
}

/// Sets (or, with an empty `zone`, clears) the signed-in person's own time zone, which
/// wins over the body's on every page they see.
pub async fn set_own_time_zone(
    ctx: &Ctx,
    p: &Principal,
    zone: &str,
) -> Result<Option<String>, ServiceError> {
    let t = p.tenant()?;
    let name = match zone.trim() {
        "" => None,
        z => Some(
            certa_domain::values::time_zone("time_zone", z)?
                .name()
                .to_string(),
        ),
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    certa_store::repo::users::set_time_zone(&tx, p.user_id(), name.as_deref()).await?;
    tx.commit().await?;
    Ok(name)
}
