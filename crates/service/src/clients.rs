//! Client organisations: register, search, edit; their sites and contacts.
//! Every change is an audit event in the same transaction.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::clients::{
    SiteKind, country, optional_text, org_name, reference, site_numbers, website,
};
use certa_domain::values::display_name;
use certa_domain::{Action, ClientId, ContactId, Email, SiteId};
use certa_store::repo::audit;
use certa_store::repo::clients::{
    self, Client, ClientFields, ClientQuery, Contact, ContactFields, Site, SiteFields,
};
use serde_json::json;

/// Largest page of a client listing.
pub const MAX_PAGE: u64 = 200;

/// Client input as received (API or form), validated by [`ClientInput::validate`].
#[derive(Debug, Clone, Default)]
pub struct ClientInput {
    pub reference: Option<String>,
    pub legal_name: String,
    pub trading_name: Option<String>,
    pub registration_number: Option<String>,
    pub website: Option<String>,
    pub consultancy_by: Option<String>,
    /// `YYYY-MM-DD`: consultancy received until this date (ISO/IEC 17021-1 9.1.1).
    pub consultancy_until: Option<String>,
    pub outsourced_processes: Option<String>,
    pub notes: Option<String>,
}

impl ClientInput {
    fn validate(
        self,
        generated_ref: impl FnOnce() -> String,
    ) -> Result<ClientFields, ServiceError> {
        let reference = match self
            .reference
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(r) => reference(r)?,
            None => generated_ref(),
        };
        let consultancy_until = match self
            .consultancy_until
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(d) => Some(
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| ServiceError::Invalid {
                        field: "consultancy_until",
                        code: "invalid_date",
                        message: "consultancy_until must be a date YYYY-MM-DD".into(),
                    })?
                    .to_string(),
            ),
            None => None,
        };
        Ok(ClientFields {
            reference,
            legal_name: org_name("legal_name", &self.legal_name)?,
            trading_name: optional_text("trading_name", self.trading_name.as_deref())?,
            registration_number: optional_text(
                "registration_number",
                self.registration_number.as_deref(),
            )?,
            website: website(self.website.as_deref())?,
            consultancy_by: optional_text("consultancy_by", self.consultancy_by.as_deref())?,
            consultancy_until,
            outsourced_processes: optional_text(
                "outsourced_processes",
                self.outsourced_processes.as_deref(),
            )?,
            notes: optional_text("notes", self.notes.as_deref())?,
        })
    }
}

/// Site input as received.
#[derive(Debug, Clone)]
pub struct SiteInput {
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub kind: String,
    pub headcount: i32,
    pub shifts: i32,
    pub central_function: bool,
    pub processes: Option<String>,
}

impl SiteInput {
    fn validate(self) -> Result<SiteFields, ServiceError> {
        let (headcount, shifts) = site_numbers(self.headcount, self.shifts)?;
        Ok(SiteFields {
            name: display_name("name", &self.name)?,
            address: optional_text("address", self.address.as_deref())?,
            city: optional_text("city", self.city.as_deref())?,
            country: country(&self.country)?,
            kind: SiteKind::parse(&self.kind)?.as_str().to_string(),
            headcount,
            shifts,
            central_function: self.central_function,
            processes: optional_text("processes", self.processes.as_deref())?,
        })
    }
}

/// Contact input as received.
#[derive(Debug, Clone)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub role: Option<String>,
    pub receives_mail: bool,
}

/// A client with its sites and contacts.
#[derive(Debug, Clone)]
pub struct ClientFile {
    pub client: Client,
    pub sites: Vec<Site>,
    pub contacts: Vec<Contact>,
}

/// A row of a client listing.
#[derive(Debug, Clone)]
pub struct ClientRow {
    pub client: Client,
    pub sites: i64,
    pub headcount: i64,
}

fn not_found() -> ServiceError {
    ServiceError::not_found("client", "client_not_found")
}

fn reference_taken(r: &str) -> ServiceError {
    ServiceError::conflict(
        "reference_taken",
        format!("another client already has the reference {r}"),
    )
}

/// Registers a client. Without a reference, the next free `CL-NNNNN` is used.
pub async fn create(ctx: &Ctx, p: &Principal, input: ClientInput) -> Result<Client, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let n = clients::count(&tx).await?;
    let fields = input.validate(|| format!("CL-{:05}", n + 1))?;
    let reference = fields.reference.clone();
    let c = clients::create(&tx, fields).await.map_err(|e| match e {
        certa_store::StoreError::Conflict { .. } => reference_taken(&reference),
        other => other.into(),
    })?;
    audit::append(
        &tx,
        &p.actor(),
        "client.created",
        &format!("client:{}", c.id),
        json!({"reference": c.reference, "legal_name": c.legal_name}),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// Edits a client's details.
pub async fn update(
    ctx: &Ctx,
    p: &Principal,
    id: ClientId,
    input: ClientInput,
) -> Result<Client, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let c = clients::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let current = c.reference.clone();
    let fields = input.validate(|| current)?;
    let reference = fields.reference.clone();
    let before = json!({"reference": c.reference, "legal_name": c.legal_name});
    let c = clients::update(&tx, c, fields).await.map_err(|e| match e {
        certa_store::StoreError::Conflict { .. } => reference_taken(&reference),
        other => other.into(),
    })?;
    audit::append(
        &tx,
        &p.actor(),
        "client.updated",
        &format!("client:{id}"),
        json!({"before": before, "after": {"reference": c.reference, "legal_name": c.legal_name}}),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// Searches clients (name, trading name, reference, registration number; country).
pub async fn search(
    ctx: &Ctx,
    p: &Principal,
    text: Option<String>,
    country_filter: Option<String>,
    after: Option<ClientId>,
    limit: u64,
) -> Result<Vec<ClientRow>, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let country_filter = match country_filter
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(country(c)?),
        None => None,
    };
    let tx = ctx.db.tenant(t.id()).await?;
    let after_name = match after {
        Some(a) => {
            let c = clients::by_id(&tx, a).await?.ok_or(ServiceError::Invalid {
                field: "after",
                code: "invalid_cursor",
                message: "the cursor does not name a client".into(),
            })?;
            Some((c.legal_name_normalized, c.id))
        }
        None => None,
    };
    let list = clients::search(
        &tx,
        &ClientQuery {
            text,
            country: country_filter,
            after_name,
            limit: limit.clamp(1, MAX_PAGE),
        },
    )
    .await?;
    let ids: Vec<uuid::Uuid> = list.iter().map(|c| c.id).collect();
    let totals = clients::site_totals(&tx, &ids).await?;
    tx.commit().await?;
    Ok(list
        .into_iter()
        .map(|c| {
            let (sites, headcount) = totals
                .iter()
                .find(|(id, _, _)| *id == c.id)
                .map(|(_, n, h)| (*n, *h))
                .unwrap_or((0, 0));
            ClientRow {
                client: c,
                sites,
                headcount,
            }
        })
        .collect())
}

/// A client's file: details, sites, contacts.
pub async fn get(ctx: &Ctx, p: &Principal, id: ClientId) -> Result<ClientFile, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let client = clients::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let sites = clients::sites(&tx, id).await?;
    let contacts = clients::contacts(&tx, id).await?;
    tx.commit().await?;
    Ok(ClientFile {
        client,
        sites,
        contacts,
    })
}

/// Only one site may host the central function (IAF MD 1).
async fn check_central(
    tx: &certa_store::TenantTx,
    client: ClientId,
    except: Option<SiteId>,
    central: bool,
) -> Result<(), ServiceError> {
    if !central {
        return Ok(());
    }
    let others = clients::sites(tx, client).await?;
    if others
        .iter()
        .any(|s| s.central_function && Some(SiteId(s.id)) != except)
    {
        return Err(ServiceError::conflict(
            "central_function_taken",
            "another site already hosts the central function; unset it there first",
        ));
    }
    Ok(())
}

/// Adds a site to a client.
pub async fn add_site(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    input: SiteInput,
) -> Result<Site, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let fields = input.validate()?;
    let tx = ctx.db.tenant(t.id()).await?;
    clients::by_id(&tx, client).await?.ok_or_else(not_found)?;
    check_central(&tx, client, None, fields.central_function).await?;
    let s = clients::add_site(&tx, client, fields).await?;
    audit::append(
        &tx,
        &p.actor(),
        "client.site_added",
        &format!("client:{client}/site:{}", s.id),
        json!({"name": s.name, "country": s.country, "kind": s.kind, "headcount": s.headcount, "central_function": s.central_function}),
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Edits a site.
pub async fn update_site(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    id: SiteId,
    input: SiteInput,
) -> Result<Site, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let fields = input.validate()?;
    let tx = ctx.db.tenant(t.id()).await?;
    let s = clients::site(&tx, client, id)
        .await?
        .ok_or(ServiceError::not_found("site", "site_not_found"))?;
    check_central(&tx, client, Some(id), fields.central_function).await?;
    let s = clients::update_site(&tx, s, fields).await?;
    audit::append(
        &tx,
        &p.actor(),
        "client.site_updated",
        &format!("client:{client}/site:{id}"),
        json!({"name": s.name, "country": s.country, "kind": s.kind, "headcount": s.headcount, "central_function": s.central_function}),
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Removes a site.
pub async fn remove_site(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    id: SiteId,
) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let s = clients::site(&tx, client, id)
        .await?
        .ok_or(ServiceError::not_found("site", "site_not_found"))?;
    clients::remove_site(&tx, client, id).await?;
    audit::append(
        &tx,
        &p.actor(),
        "client.site_removed",
        &format!("client:{client}/site:{id}"),
        json!({"name": s.name}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a contact.
pub async fn add_contact(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    input: ContactInput,
) -> Result<Contact, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let fields = ContactFields {
        name: display_name("name", &input.name)?,
        email: Email::parse(&input.email)?.as_str().to_string(),
        phone: optional_text("phone", input.phone.as_deref())?,
        role: optional_text("role", input.role.as_deref())?,
        receives_mail: input.receives_mail,
    };
    let tx = ctx.db.tenant(t.id()).await?;
    clients::by_id(&tx, client).await?.ok_or_else(not_found)?;
    let c = clients::add_contact(&tx, client, fields).await?;
    audit::append(
        &tx,
        &p.actor(),
        "client.contact_added",
        &format!("client:{client}/contact:{}", c.id),
        json!({"name": c.name, "email": c.email, "receives_mail": c.receives_mail}),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// Removes a contact.
pub async fn remove_contact(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    id: ContactId,
) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let c = clients::contact(&tx, client, id)
        .await?
        .ok_or(ServiceError::not_found("contact", "contact_not_found"))?;
    clients::remove_contact(&tx, client, id).await?;
    audit::append(
        &tx,
        &p.actor(),
        "client.contact_removed",
        &format!("client:{client}/contact:{id}"),
        json!({"name": c.name, "email": c.email}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
