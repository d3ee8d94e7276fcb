//! Applications for certification and their review (ISO/IEC 17021-1 9.1.1–9.1.2):
//! registered for a client, then accepted — recording the competences the team and the
//! decision need, and creating the programme — or declined with reasons that are mailed
//! to the client's contacts. Each step is an audit event; mails go through the outbox in
//! the same transaction.

use crate::mail::Mail;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::applications::{ApplicationStatus, headcount};
use certa_domain::clients::optional_text;
use certa_domain::personnel::standard_code;
use certa_domain::{Action, ApplicationId, ClientId};
use certa_store::repo::applications::{self, Application, Programme, ProgrammeAudit};
use certa_store::repo::{audit, clients};
use serde_json::json;

/// Largest page of applications.
pub const MAX_PAGE: u64 = 200;

/// An application with its client's name and, once accepted, its programme.
#[derive(Debug, Clone)]
pub struct ApplicationFile {
    pub application: Application,
    pub client_name: String,
    pub programme: Option<(Programme, Vec<ProgrammeAudit>)>,
}

fn not_found() -> ServiceError {
    ServiceError::not_found("application", ErrorCode::ApplicationNotFound)
}

fn required_text(field: &'static str, s: &str) -> Result<String, certa_domain::DomainError> {
    optional_text(field, Some(s))?.ok_or(certa_domain::DomainError::invalid(
        field,
        ErrorCode::Required,
        format!("{field} is required"),
    ))
}

/// Registers an application for a client.
pub async fn submit(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    standards: &[String],
    scope: &str,
    effective_personnel: i32,
    consultancy_by: Option<&str>,
) -> Result<Application, ServiceError> {
    let t = p.authorize(Action::ReviewApplications)?;
    // Every field is checked: a refusal names all that are wrong.
    let mut v = certa_domain::Problems::default();
    let mut codes = Vec::new();
    for s in standards {
        let code = standard_code(s)
            .map_err(|e| certa_domain::DomainError::invalid("standards", e.code(), e.message()));
        if let Some(c) = v.check(code)
            && !codes.contains(&c)
        {
            codes.push(c);
        }
    }
    if codes.is_empty() && !v.has("standards") {
        v.add(
            "standards",
            ErrorCode::StandardsEmpty,
            "choose at least one standard",
        );
    }
    let scope = v.check(required_text("scope", scope));
    let effective_personnel = v.check(headcount(effective_personnel));
    let consultancy_by = v.check(certa_domain::clients::optional_name(
        "consultancy_by",
        consultancy_by,
    ));
    v.finish()?;
    let (Some(scope), Some(effective_personnel), Some(consultancy_by)) =
        (scope, effective_personnel, consultancy_by)
    else {
        return Err(ServiceError::unexpected_state("application fields"));
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    let c = clients::by_id(&tx, client)
        .await?
        .ok_or(ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
    let a = applications::create(
        &tx,
        client,
        &codes,
        scope,
        effective_personnel,
        consultancy_by,
    )
    .await?;
    audit::append(
        &tx,
        &p.actor(),
        "application.submitted",
        &format!("application:{}", a.id),
        json!({"client": c.reference, "standards": codes, "effective_personnel": effective_personnel}),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

/// Lists applications, newest first.
pub async fn list(
    ctx: &Ctx,
    p: &Principal,
    status: Option<&str>,
    client: Option<ClientId>,
) -> Result<Vec<(Application, String)>, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    if let Some(s) = status {
        ApplicationStatus::parse(s)?;
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = applications::list(&tx, status, client, MAX_PAGE).await?;
    let mut out = Vec::new();
    for a in list {
        let name = clients::by_id(&tx, ClientId(a.client_id))
            .await?
            .map(|c| c.legal_name)
            .unwrap_or_default();
        out.push((a, name));
    }
    tx.commit().await?;
    Ok(out)
}

/// An application with its client's name and programme.
pub async fn get(
    ctx: &Ctx,
    p: &Principal,
    id: ApplicationId,
) -> Result<ApplicationFile, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let application = applications::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let client_name = clients::by_id(&tx, ClientId(application.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let programme = applications::programme_of(&tx, id).await?;
    tx.commit().await?;
    Ok(ApplicationFile {
        application,
        client_name,
        programme,
    })
}

async fn reviewable(
    tx: &certa_store::TenantTx,
    id: ApplicationId,
) -> Result<Application, ServiceError> {
    let a = applications::by_id(tx, id).await?.ok_or_else(not_found)?;
    let status = a.status;
    if !status.can_become(ApplicationStatus::Accepted) {
        return Err(ServiceError::conflict(
            ErrorCode::ApplicationAlreadyReviewed,
            format!("the application was already {}", status.as_str()),
        ));
    }
    Ok(a)
}

async fn mail_contacts(
    tx: &certa_store::TenantTx,
    client: ClientId,
    mail: &Mail,
) -> Result<usize, ServiceError> {
    let mut n = 0;
    for c in clients::contacts(tx, client)
        .await?
        .into_iter()
        .filter(|c| c.receives_mail)
    {
        crate::mail::enqueue(tx, &c.email, mail).await?;
        n += 1;
    }
    Ok(n)
}

/// Accepts an application: records the competences needed (9.1.2), creates the
/// programme with its stage 1 and stage 2 audits, and mails the client's contacts.
pub async fn accept(
    ctx: &Ctx,
    p: &Principal,
    id: ApplicationId,
    competences_needed: &str,
    note: Option<&str>,
) -> Result<ApplicationFile, ServiceError> {
    let t = p.authorize(Action::ReviewApplications)?;
    let competences = required_text("competences_needed", competences_needed)?;
    let note = optional_text("review_note", note)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = reviewable(&tx, id).await?;
    if !applications::review(
        &tx,
        id,
        ApplicationStatus::Accepted,
        Some(competences.clone()),
        note,
        None,
        p.user.name.clone(),
    )
    .await?
    {
        return Err(ServiceError::conflict(
            ErrorCode::ApplicationAlreadyReviewed,
            "the application was reviewed meanwhile",
        ));
    }
    let (programme, audits) = applications::create_programme(&tx, &a).await?;
    let client = clients::by_id(&tx, ClientId(a.client_id))
        .await?
        .ok_or(ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
    let mailed = mail_contacts(
        &tx,
        ClientId(a.client_id),
        &Mail::ApplicationAccepted {
            client_name: client.legal_name.clone(),
            standards: a.standards.join(", "),
            scope: a.scope.clone(),
        },
    )
    .await?;
    audit::append(
        &tx,
        &p.actor(),
        "application.accepted",
        &format!("application:{id}"),
        json!({"client": client.reference, "competences_needed": competences, "programme": programme.id, "contacts_mailed": mailed}),
    )
    .await?;
    let application = applications::by_id(&tx, id).await?.ok_or_else(not_found)?;
    tx.commit().await?;
    ctx.ring();
    Ok(ApplicationFile {
        application,
        client_name: client.legal_name,
        programme: Some((programme, audits)),
    })
}

/// Declines an application with its reasons, which are mailed to the client's contacts.
pub async fn decline(
    ctx: &Ctx,
    p: &Principal,
    id: ApplicationId,
    reason: &str,
) -> Result<Application, ServiceError> {
    let t = p.authorize(Action::ReviewApplications)?;
    let reason = required_text("reason", reason)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = reviewable(&tx, id).await?;
    if !applications::review(
        &tx,
        id,
        ApplicationStatus::Declined,
        None,
        None,
        Some(reason.clone()),
        p.user.name.clone(),
    )
    .await?
    {
        return Err(ServiceError::conflict(
            ErrorCode::ApplicationAlreadyReviewed,
            "the application was reviewed meanwhile",
        ));
    }
    let client = clients::by_id(&tx, ClientId(a.client_id))
        .await?
        .ok_or(ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
    let mailed = mail_contacts(
        &tx,
        ClientId(a.client_id),
        &Mail::ApplicationDeclined {
            client_name: client.legal_name.clone(),
            standards: a.standards.join(", "),
            reason: reason.clone(),
        },
    )
    .await?;
    audit::append(
        &tx,
        &p.actor(),
        "application.declined",
        &format!("application:{id}"),
        json!({"client": client.reference, "reason": reason, "contacts_mailed": mailed}),
    )
    .await?;
    let a = applications::by_id(&tx, id).await?.ok_or_else(not_found)?;
    tx.commit().await?;
    ctx.ring();
    Ok(a)
}
