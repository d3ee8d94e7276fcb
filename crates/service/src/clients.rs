//! Client organisations: register, search, edit; their sites and contacts.
//! Every change is an audit event in the same transaction.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::clients::{ImpactLevel, SystemAiRole};
use certa_domain::clients::{
    SiteKind, country, optional_text, org_name, reference, site_numbers, website,
};
use certa_domain::values::display_name;
use certa_domain::{Action, ClientId, ContactId, Email, SiteId};
use certa_domain::{ErrorCode, Problems};
use certa_store::repo::audit;
use certa_store::repo::clients::{
    self, Client, ClientFields, ClientQuery, Contact, ContactFields, Site, SiteFields,
};
use serde_json::json;

/// Largest page of a client listing.
pub const MAX_PAGE: u64 = 200;

/// Client input as received (API or form), validated by `ClientInput::validate`.
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
    /// Found in the public registry by certificate number only, not listed in the
    /// directory; unchanged (or false for a new client) when absent.
    pub confidential: Option<bool>,
}

impl ClientInput {
    fn validate(
        self,
        generated_ref: impl FnOnce() -> String,
    ) -> Result<ClientFields, ServiceError> {
        self.validate_keeping(generated_ref, false)
    }

    /// Validates, keeping `confidential` as it was when the input does not set it.
    fn validate_keeping(
        self,
        generated_ref: impl FnOnce() -> String,
        confidential: bool,
    ) -> Result<ClientFields, ServiceError> {
        use certa_domain::clients::optional_name;
        // Every field is checked: a refusal names all that are wrong.
        let mut v = Problems::default();
        let reference = match self
            .reference
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(r) => v.check(reference(r)),
            None => Some(generated_ref()),
        };
        let consultancy_until = match self
            .consultancy_until
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(d) => v
                .check(certa_domain::values::parse_date("consultancy_until", d))
                .map(|d| Some(d.to_string())),
            None => Some(None),
        };
        let legal_name = v.check(org_name("legal_name", &self.legal_name));
        let trading_name = v.check(optional_name("trading_name", self.trading_name.as_deref()));
        let registration_number = v.check(optional_name(
            "registration_number",
            self.registration_number.as_deref(),
        ));
        let site = v.check(website(self.website.as_deref()));
        let consultancy_by = v.check(optional_name(
            "consultancy_by",
            self.consultancy_by.as_deref(),
        ));
        let outsourced = v.check(optional_text(
            "outsourced_processes",
            self.outsourced_processes.as_deref(),
        ));
        let notes = v.check(optional_text("notes", self.notes.as_deref()));
        v.finish()?;
        let (
            Some(reference),
            Some(legal_name),
            Some(trading_name),
            Some(registration_number),
            Some(website),
            Some(consultancy_by),
            Some(consultancy_until),
            Some(outsourced_processes),
            Some(notes),
        ) = (
            reference,
            legal_name,
            trading_name,
            registration_number,
            site,
            consultancy_by,
            consultancy_until,
            outsourced,
            notes,
        )
        else {
            return Err(ServiceError::unexpected_state("client fields"));
        };
        Ok(ClientFields {
            reference,
            legal_name,
            trading_name,
            registration_number,
            website,
            consultancy_by,
            consultancy_until,
            outsourced_processes,
            notes,
            confidential: self.confidential.unwrap_or(confidential),
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
    /// Every problem of the input (none when it would be accepted), without saving.
    pub fn problems(&self) -> Vec<certa_domain::FieldProblem> {
        self.clone()
            .validate()
            .err()
            .map(|e| e.field_problems())
            .unwrap_or_default()
    }

    fn validate(self) -> Result<SiteFields, ServiceError> {
        let mut v = Problems::default();
        let name = v.check(display_name("name", &self.name));
        let address = v.check(optional_text("address", self.address.as_deref()));
        let city = v.check(certa_domain::clients::optional_name(
            "city",
            self.city.as_deref(),
        ));
        let country = v.check(country(&self.country));
        let kind = v.check(SiteKind::parse(&self.kind));
        let numbers = v.check(site_numbers(self.headcount, self.shifts));
        let processes = v.check(optional_text("processes", self.processes.as_deref()));
        v.finish()?;
        let (
            Some(name),
            Some(address),
            Some(city),
            Some(country),
            Some(kind),
            Some((headcount, shifts)),
            Some(processes),
        ) = (name, address, city, country, kind, numbers, processes)
        else {
            return Err(ServiceError::unexpected_state("site fields"));
        };
        Ok(SiteFields {
            name,
            address,
            city,
            country,
            kind,
            headcount,
            shifts,
            central_function: self.central_function,
            processes,
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
    pub ai_systems: Vec<certa_store::repo::clients::AiSystem>,
    /// The requested scope per standard, with its technical-area codes.
    pub scopes: Vec<certa_store::repo::clients::Scope>,
}

/// A row of a client listing.
#[derive(Debug, Clone)]
pub struct ClientRow {
    pub client: Client,
    pub sites: i64,
    pub headcount: i64,
}

fn not_found() -> ServiceError {
    ServiceError::not_found("client", ErrorCode::ClientNotFound)
}

fn reference_taken(r: &str) -> ServiceError {
    ServiceError::conflict(
        ErrorCode::ReferenceTaken,
        format!("another client already has the reference {r}"),
    )
}

/// Registers a client. Without a reference, the next free `CL-NNNNN` is used.
pub async fn create(ctx: &Ctx, p: &Principal, input: ClientInput) -> Result<Client, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let n = clients::count(&tx).await?;
    let fields = input.validate(|| format!("CL-{:05}", n + 1))?;
    let reference = fields.reference.clone();
    let c = clients::create(&tx, fields).await.map_err(|e| {
        if e.violates(certa_store::UniqueKey::ClientReference) {
            reference_taken(&reference)
        } else {
            e.into()
        }
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let c = clients::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let current = c.reference.clone();
    let was_confidential = c.confidential;
    let fields = input.validate_keeping(|| current, was_confidential)?;
    let reference = fields.reference.clone();
    let before = json!({"reference": c.reference, "legal_name": c.legal_name,
        "confidential": c.confidential});
    let c = clients::update(&tx, c, fields).await.map_err(|e| {
        if e.violates(certa_store::UniqueKey::ClientReference) {
            reference_taken(&reference)
        } else {
            e.into()
        }
    })?;
    if c.confidential != was_confidential {
        crate::certification::public::relist_client(ctx, &tx, c.id, c.confidential).await?;
    }
    audit::append(
        &tx,
        &p.actor(),
        "client.updated",
        &format!("client:{id}"),
        json!({"before": before, "after": {"reference": c.reference, "legal_name": c.legal_name,
            "confidential": c.confidential}}),
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
    let text = certa_domain::values::search_text("q", text.as_deref())?;
    let country_filter = match country_filter
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(country(c)?),
        None => None,
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    let after_name = match after {
        Some(a) => {
            let c = clients::by_id(&tx, a).await?.ok_or(ServiceError::Invalid {
                field: "after",
                code: ErrorCode::InvalidCursor,
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let client = clients::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let sites = clients::sites(&tx, id).await?;
    let contacts = clients::contacts(&tx, id).await?;
    let ai_systems = clients::ai_systems(&tx, id).await?;
    let scopes = clients::scopes(&tx, id).await?;
    tx.commit().await?;
    Ok(ClientFile {
        client,
        sites,
        contacts,
        ai_systems,
        scopes,
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
            ErrorCode::CentralFunctionTaken,
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
    let tx = ctx.db.tenant(t.scope()).await?;
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let s = clients::site(&tx, client, id)
        .await?
        .ok_or(ServiceError::not_found("site", ErrorCode::SiteNotFound))?;
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let s = clients::site(&tx, client, id)
        .await?
        .ok_or(ServiceError::not_found("site", ErrorCode::SiteNotFound))?;
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
    let mut v = Problems::default();
    let name = v.check(display_name("name", &input.name));
    let email = v.check(Email::parse(&input.email));
    let phone = v.check(certa_domain::clients::optional_name(
        "phone",
        input.phone.as_deref(),
    ));
    let role = v.check(certa_domain::clients::optional_name(
        "role",
        input.role.as_deref(),
    ));
    v.finish()?;
    let (Some(name), Some(email), Some(phone), Some(role)) = (name, email, phone, role) else {
        return Err(ServiceError::unexpected_state("contact fields"));
    };
    let fields = ContactFields {
        name,
        email: email.as_str().to_string(),
        phone,
        role,
        receives_mail: input.receives_mail,
    };
    let tx = ctx.db.tenant(t.scope()).await?;
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let c = clients::contact(&tx, client, id)
        .await?
        .ok_or(ServiceError::not_found(
            "contact",
            ErrorCode::ContactNotFound,
        ))?;
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

/// Most data rows a CSV import may hold.
pub const IMPORT_MAX_ROWS: usize = 10_000;

/// The columns a client CSV may have (header names, any order, case-insensitive).
/// Rows sharing a `client_reference` describe one client with several sites; a row
/// without a reference is a client of its own (its reference is generated).
pub const IMPORT_COLUMNS: &[&str] = &[
    "client_reference",
    "legal_name",
    "trading_name",
    "registration_number",
    "website",
    "consultancy_until",
    "site_name",
    "site_address",
    "site_city",
    "site_country",
    "site_kind",
    "site_headcount",
    "site_shifts",
    "site_central_function",
];

/// What an import created.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportSummary {
    pub clients: usize,
    pub sites: usize,
}

struct PlannedClient {
    line: u64,
    fields: ClientFields,
    explicit_reference: bool,
    sites: Vec<(u64, SiteFields)>,
}

fn row_error(line: u64, column: &str, e: ServiceError) -> crate::error::RowError {
    let (code, message) = match e {
        ServiceError::Invalid { code, message, .. } | ServiceError::Conflict { code, message } => {
            (code, message)
        }
        other => (ErrorCode::Invalid, other.to_string()),
    };
    crate::error::RowError {
        line,
        column: column.to_string(),
        code,
        message,
    }
}

/// The line on which a quoted field opens and never closes, if any (RFC 4180 2.5–2.7: a
/// quoted field ends at a quote that is not doubled). A CSV reader would otherwise take
/// the rest of the file as that one field.
fn unterminated_quote(text: &str) -> Option<u64> {
    let (mut line, mut opened_on) = (1u64, 0u64);
    let (mut in_quotes, mut field_start) = (false, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => in_quotes = false,
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if field_start => {
                in_quotes = true;
                opened_on = line;
                field_start = false;
            }
            ',' => field_start = true,
            '\n' => {
                line += 1;
                field_start = true;
            }
            _ => field_start = false,
        }
    }
    in_quotes.then_some(opened_on)
}

/// Imports clients and sites from CSV, all or nothing: the whole file is validated
/// first and every problem is reported by line and column; only a file without any
/// problem is written, in one transaction (one audit event per client).
pub async fn import_csv(
    ctx: &Ctx,
    p: &Principal,
    text: &str,
) -> Result<ImportSummary, ServiceError> {
    use crate::error::RowError;
    let t = p.authorize(Action::ManageClients)?;
    if let Some(line) = unterminated_quote(text) {
        return Err(ServiceError::InvalidRows {
            errors: vec![RowError {
                line,
                column: String::new(),
                code: ErrorCode::UnterminatedQuote,
                message: "a quoted value opens here and is never closed".into(),
            }],
        });
    }
    let mut errors: Vec<RowError> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            return Err(ServiceError::InvalidRows {
                errors: vec![RowError {
                    line: 1,
                    column: String::new(),
                    code: ErrorCode::CsvUnreadable,
                    message: e.to_string(),
                }],
            });
        }
    };
    for h in &headers {
        if !IMPORT_COLUMNS.contains(&h.as_str()) {
            errors.push(RowError {
                line: 1,
                column: h.clone(),
                code: ErrorCode::UnknownColumn,
                message: format!(
                    "unknown column '{h}'; expected some of {}",
                    IMPORT_COLUMNS.join(", ")
                ),
            });
        }
    }
    if !headers.iter().any(|h| h == "legal_name") {
        errors.push(RowError {
            line: 1,
            column: "legal_name".into(),
            code: ErrorCode::MissingColumn,
            message: "the column legal_name is required".into(),
        });
    }
    if !errors.is_empty() {
        return Err(ServiceError::InvalidRows { errors });
    }
    let col = |rec: &csv::StringRecord, name: &str| -> Option<String> {
        headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| rec.get(i))
            .map(str::to_string)
            .filter(|v| !v.is_empty())
    };
    let mut planned: Vec<PlannedClient> = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i as u64 + 2;
        if i >= IMPORT_MAX_ROWS {
            errors.push(RowError {
                line,
                column: String::new(),
                code: ErrorCode::TooManyRows,
                message: format!("at most {IMPORT_MAX_ROWS} rows per import"),
            });
            break;
        }
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(RowError {
                    line,
                    column: String::new(),
                    code: ErrorCode::CsvMalformed,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let reference_in = col(&rec, "client_reference");
        let existing = reference_in.as_ref().and_then(|r| {
            planned
                .iter()
                .position(|c| c.explicit_reference && &c.fields.reference == r)
        });
        let target = match existing {
            Some(idx) => {
                if let Some(name) = col(&rec, "legal_name")
                    && name != planned[idx].fields.legal_name
                {
                    errors.push(RowError {
                        line,
                        column: "legal_name".into(),
                        code: ErrorCode::ConflictingLegalName,
                        message: format!(
                            "client {} was named '{}' on line {}",
                            planned[idx].fields.reference,
                            planned[idx].fields.legal_name,
                            planned[idx].line
                        ),
                    });
                }
                idx
            }
            None => {
                let input = ClientInput {
                    reference: reference_in.clone(),
                    legal_name: col(&rec, "legal_name").unwrap_or_default(),
                    trading_name: col(&rec, "trading_name"),
                    registration_number: col(&rec, "registration_number"),
                    website: col(&rec, "website"),
                    consultancy_until: col(&rec, "consultancy_until"),
                    ..Default::default()
                };
                match input.validate(String::new) {
                    Ok(fields) => {
                        planned.push(PlannedClient {
                            line,
                            fields,
                            explicit_reference: reference_in.is_some(),
                            sites: Vec::new(),
                        });
                        planned.len() - 1
                    }
                    Err(e) => {
                        let field = match &e {
                            ServiceError::Invalid { field, .. } => *field,
                            _ => "",
                        };
                        let column = if field == "reference" {
                            "client_reference".to_string()
                        } else {
                            field.to_string()
                        };
                        errors.push(row_error(line, &column, e));
                        continue;
                    }
                }
            }
        };
        if let Some(site_name) = col(&rec, "site_name") {
            let number = |name: &'static str, default: Option<i32>| -> Result<i32, RowError> {
                match col(&rec, name) {
                    Some(v) => v.parse().map_err(|_| RowError {
                        line,
                        column: name.into(),
                        code: ErrorCode::InvalidNumber,
                        message: format!("{name} must be a whole number"),
                    }),
                    None => default.ok_or(RowError {
                        line,
                        column: name.into(),
                        code: ErrorCode::Required,
                        message: format!("{name} is required for a site"),
                    }),
                }
            };
            let (headcount, shifts) = match (
                number("site_headcount", None),
                number("site_shifts", Some(1)),
            ) {
                (Ok(h), Ok(s)) => (h, s),
                (h, s) => {
                    errors.extend(h.err());
                    errors.extend(s.err());
                    continue;
                }
            };
            let central = col(&rec, "site_central_function").is_some_and(|v| {
                matches!(
                    v.to_ascii_lowercase().as_str(),
                    "yes" | "true" | "1" | "y" | "x"
                )
            });
            let input = SiteInput {
                name: site_name,
                address: col(&rec, "site_address"),
                city: col(&rec, "site_city"),
                country: col(&rec, "site_country").unwrap_or_default(),
                kind: col(&rec, "site_kind").unwrap_or_else(|| "permanent".into()),
                headcount,
                shifts,
                central_function: central,
                processes: None,
            };
            match input.validate() {
                Ok(site) => {
                    let c = &mut planned[target];
                    if site.central_function && c.sites.iter().any(|(_, s)| s.central_function) {
                        errors.push(RowError {
                            line,
                            column: "site_central_function".into(),
                            code: ErrorCode::CentralFunctionTaken,
                            message: "only one site of a client may host the central function"
                                .into(),
                        });
                    } else {
                        c.sites.push((line, site));
                    }
                }
                Err(e) => {
                    let field = match &e {
                        ServiceError::Invalid { field, .. } => format!("site_{field}"),
                        _ => String::new(),
                    };
                    errors.push(row_error(line, &field, e));
                }
            }
        }
    }
    if planned.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 2,
            column: String::new(),
            code: ErrorCode::EmptyFile,
            message: "the file has no data rows".into(),
        });
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    // References already used in the tenant.
    for c in planned.iter().filter(|c| c.explicit_reference) {
        if clients::by_reference(&tx, &c.fields.reference)
            .await?
            .is_some()
        {
            errors.push(RowError {
                line: c.line,
                column: "client_reference".into(),
                code: ErrorCode::ReferenceTaken,
                message: format!(
                    "a client with the reference {} already exists",
                    c.fields.reference
                ),
            });
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(ServiceError::InvalidRows { errors });
    }
    let mut next = clients::count(&tx).await? + 1;
    let mut summary = ImportSummary {
        clients: 0,
        sites: 0,
    };
    for mut c in planned {
        if !c.explicit_reference {
            loop {
                let candidate = format!("CL-{next:05}");
                next += 1;
                if clients::by_reference(&tx, &candidate).await?.is_none() {
                    c.fields.reference = candidate;
                    break;
                }
            }
        }
        let created = clients::create(&tx, c.fields).await?;
        let id = ClientId(created.id);
        for (_, s) in c.sites {
            clients::add_site(&tx, id, s).await?;
            summary.sites += 1;
        }
        audit::append(
            &tx,
            &p.actor(),
            "client.imported",
            &format!("client:{}", created.id),
            json!({"reference": created.reference, "legal_name": created.legal_name, "line": c.line}),
        )
        .await?;
        summary.clients += 1;
    }
    tx.commit().await?;
    Ok(summary)
}

/// An AI system as received.
#[derive(Debug, Clone)]
pub struct AiSystemInput {
    pub name: String,
    pub purpose: String,
    /// The organisation's role for this system (ISO/IEC 42006 audit time depends on it):
    /// producer, developer, provider or user.
    pub ai_role: String,
    pub data_used: Option<String>,
    pub decisions_influenced: Option<String>,
    /// low, medium or high.
    pub impact_level: String,
}

/// Adds an AI system to a client's inventory.
pub async fn add_ai_system(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    input: AiSystemInput,
) -> Result<certa_store::repo::clients::AiSystem, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let ai_role: SystemAiRole =
        input
            .ai_role
            .trim()
            .parse()
            .map_err(|_| ServiceError::Invalid {
                field: "ai_role",
                code: ErrorCode::InvalidAiRole,
                message: "ai_role must be producer, developer, provider or user".into(),
            })?;
    let impact_level: ImpactLevel =
        input
            .impact_level
            .trim()
            .parse()
            .map_err(|_| ServiceError::Invalid {
                field: "impact_level",
                code: ErrorCode::InvalidImpactLevel,
                message: "impact_level must be low, medium or high".into(),
            })?;
    let fields = certa_store::repo::clients::AiSystemFields {
        name: display_name("name", &input.name)?,
        purpose: optional_text("purpose", Some(&input.purpose))?.ok_or(ServiceError::Invalid {
            field: "purpose",
            code: ErrorCode::Required,
            message: "purpose is required".into(),
        })?,
        ai_role,
        data_used: optional_text("data_used", input.data_used.as_deref())?,
        decisions_influenced: optional_text(
            "decisions_influenced",
            input.decisions_influenced.as_deref(),
        )?,
        impact_level,
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    clients::by_id(&tx, client).await?.ok_or_else(not_found)?;
    let s = clients::add_ai_system(&tx, client, fields).await?;
    audit::append(
        &tx,
        &p.actor(),
        "client.ai_system_added",
        &format!("client:{client}/ai_system:{}", s.id),
        json!({"name": s.name, "ai_role": s.ai_role, "impact_level": s.impact_level}),
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Removes an AI system from a client's inventory.
pub async fn remove_ai_system(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    id: uuid::Uuid,
) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    if !clients::remove_ai_system(&tx, client, id).await? {
        return Err(ServiceError::not_found(
            "AI system",
            ErrorCode::AiSystemNotFound,
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "client.ai_system_removed",
        &format!("client:{client}/ai_system:{id}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The requested scope for one standard.
#[derive(Debug, Clone)]
pub struct ScopeInput {
    pub standard: String,
    pub scope: String,
    /// Technical-area codes (IAF codes, NACE, or the tenant's own), e.g. "IAF 33".
    pub technical_areas: Vec<String>,
}

/// Sets the requested scope of a client for one standard (replacing the earlier text for
/// that standard). The scope is what the client asks to have certified (17021-1 9.1.1);
/// its technical areas decide the competence the team needs (17021-1 7.1.2).
pub async fn put_scope(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    input: ScopeInput,
) -> Result<ClientFile, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let standard = certa_domain::personnel::standard_code(&input.standard)?;
    let scope = certa_domain::clients::required_text("scope", &input.scope)?;
    let mut areas = input
        .technical_areas
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(|a| certa_domain::personnel::technical_area(a))
        .collect::<Result<Vec<_>, _>>()?;
    areas.sort();
    areas.dedup();
    if areas.iter().any(|a| a.contains(',')) {
        return Err(ServiceError::Invalid {
            field: "technical_areas",
            code: ErrorCode::InvalidTechnicalArea,
            message: "a technical-area code cannot contain a comma".into(),
        });
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    clients::by_id(&tx, client).await?.ok_or_else(not_found)?;
    clients::put_scope(&tx, client, &standard, &scope, &areas).await?;
    audit::append(
        &tx,
        &p.actor(),
        "client.scope_set",
        &format!("client:{client}"),
        json!({"standard": standard, "scope": scope, "technical_areas": areas}),
    )
    .await?;
    tx.commit().await?;
    get(ctx, p, client).await
}

/// Removes the requested scope of a client for one standard.
pub async fn remove_scope(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
    standard: &str,
) -> Result<ClientFile, ServiceError> {
    let t = p.authorize(Action::ManageClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    clients::by_id(&tx, client).await?.ok_or_else(not_found)?;
    if !clients::remove_scope(&tx, client, standard.trim()).await? {
        return Err(ServiceError::not_found("scope", ErrorCode::ScopeNotFound));
    }
    audit::append(
        &tx,
        &p.actor(),
        "client.scope_removed",
        &format!("client:{client}"),
        json!({"standard": standard.trim()}),
    )
    .await?;
    tx.commit().await?;
    get(ctx, p, client).await
}

#[cfg(test)]
mod tests {
    use super::unterminated_quote;

    #[test]
    fn an_unclosed_quote_is_found_on_its_line() {
        assert_eq!(
            unterminated_quote("legal_name\nAcme\n\"Beta, Ltd\"\n"),
            None
        );
        assert_eq!(unterminated_quote("a,b\n\"x \"\"quoted\"\" y\",2\n"), None);
        assert_eq!(unterminated_quote("a,b\n\"multi\nline\",2\n"), None);
        assert_eq!(
            unterminated_quote("legal_name\nAcme\n\"Beta, Ltd\nGamma\n"),
            Some(3)
        );
        assert_eq!(unterminated_quote("a,b\nx,\"y\"\"\n"), Some(2));
        assert_eq!(
            unterminated_quote("a,b\nx,ab\"c\n"),
            None,
            "a quote inside a value is text"
        );
    }
}
