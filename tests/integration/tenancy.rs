//! Tenant isolation: every route with an id refuses another tenant's ids with 404 and
//! changes nothing; the database refuses cross-tenant references; on PostgreSQL, forced
//! row-level security holds even when the application forgets to filter.

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// What a route's id refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Membership,
    Invitation,
    Token,
    Outbox,
    Client,
    Site,
    Contact,
    Auditor,
    Qualification,
    Conflict,
    Absence,
    Application,
    Programme,
    Audit,
    AiSystem,
    Objection,
    Template,
    Item,
    Nonconformity,
    EvidenceItem,
    Certificate,
    /// An available evidence version (downloads).
    EvidenceVersion,
    /// A pending direct upload (completion).
    PendingUpload,
    /// A name the tenant gives its own data (an audit-time table id, a certificate image):
    /// the same name in another tenant is that tenant's own. Checked by A's snapshot
    /// staying unchanged.
    TenantScopedName,
    /// The id travels in the form body (tenant switch).
    TenantInBody,
    /// A tenant's public issuer document, named by its slug: an unknown slug answers 404
    /// problem+json, and A's slug shows A's keys and never B's.
    IssuerSlug,
    /// Not tenant data (static assets): listed so the walk knows it was considered.
    NotTenantData,
    /// The public registry (a certificate number): anyone may look a certificate up, so
    /// another tenant's number answers, with the published fields only; a withdrawn or
    /// confidential one still answers by number but is not listed in the directory.
    PublicRegistry,
    /// A certificate's signed credential (a certificate number): public like the registry;
    /// A's credential names A as issuer and carries no private id.
    PublicCredential,
    /// A tenant's status list, named by its slug: an unknown slug answers 404
    /// problem+json, A's slug serves A's list, and B's slug never serves A's.
    StatusList,
    /// A tenant's single sign-on, named by its slug: an unknown slug and a body without a
    /// provider answer the 404 page, and nothing is stored.
    SsoSlug,
    /// One of the signed-in user's own sessions (user data, not tenant data): B's user
    /// ending A's user's session answers 404 and A's session goes on.
    OwnSession,
    /// A register of the signed-in member's tenant (no id in the path, ids in its
    /// filters): B's member sees none of A's rows, not even when filtering by A's ids.
    TenantRegister,
}

/// Every route that takes an id. The test fails when a route is added without a row here.
const ROUTES: &[(&str, &str, Target)] = &[
    ("PATCH", "/api/v1/members/{id}", Target::Membership),
    ("DELETE", "/api/v1/members/{id}", Target::Membership),
    ("DELETE", "/api/v1/invitations/{id}", Target::Invitation),
    ("DELETE", "/api/v1/tokens/{id}", Target::Token),
    ("POST", "/api/v1/outbox/{id}/retry", Target::Outbox),
    ("POST", "/members/{id}/roles", Target::Membership),
    ("POST", "/members/{id}/remove", Target::Membership),
    (
        "POST",
        "/members/{id}/second-factor/reset",
        Target::Membership,
    ),
    ("GET", "/sso/{slug}", Target::SsoSlug),
    (
        "POST",
        "/account/security/sessions/{id}/end",
        Target::OwnSession,
    ),
    ("POST", "/invitations/{id}/revoke", Target::Invitation),
    ("POST", "/tokens/{id}/revoke", Target::Token),
    ("POST", "/outbox/{id}/retry", Target::Outbox),
    ("GET", "/api/v1/clients/{id}", Target::Client),
    ("PUT", "/api/v1/clients/{id}", Target::Client),
    ("POST", "/api/v1/clients/{id}/sites", Target::Client),
    ("PUT", "/api/v1/clients/{id}/sites/{site_id}", Target::Site),
    (
        "DELETE",
        "/api/v1/clients/{id}/sites/{site_id}",
        Target::Site,
    ),
    ("POST", "/api/v1/clients/{id}/contacts", Target::Client),
    (
        "DELETE",
        "/api/v1/clients/{id}/contacts/{contact_id}",
        Target::Contact,
    ),
    ("GET", "/clients/{id}", Target::Client),
    ("POST", "/clients/{id}", Target::Client),
    ("POST", "/clients/{id}/sites", Target::Client),
    ("GET", "/clients/{id}/sites/{site_id}", Target::Site),
    ("POST", "/clients/{id}/sites/{site_id}", Target::Site),
    ("POST", "/clients/{id}/sites/{site_id}/remove", Target::Site),
    ("POST", "/clients/{id}/contacts", Target::Client),
    (
        "POST",
        "/clients/{id}/contacts/{contact_id}/remove",
        Target::Contact,
    ),
    ("GET", "/api/v1/auditors/{id}", Target::Auditor),
    ("PUT", "/api/v1/auditors/{id}", Target::Auditor),
    (
        "POST",
        "/api/v1/auditors/{id}/qualifications",
        Target::Auditor,
    ),
    (
        "DELETE",
        "/api/v1/auditors/{id}/qualifications/{qualification_id}",
        Target::Qualification,
    ),
    ("POST", "/api/v1/auditors/{id}/conflicts", Target::Auditor),
    (
        "DELETE",
        "/api/v1/auditors/{id}/conflicts/{conflict_id}",
        Target::Conflict,
    ),
    ("POST", "/api/v1/auditors/{id}/absences", Target::Auditor),
    (
        "DELETE",
        "/api/v1/auditors/{id}/absences/{absence_id}",
        Target::Absence,
    ),
    ("GET", "/auditors/{id}", Target::Auditor),
    ("POST", "/auditors/{id}", Target::Auditor),
    ("POST", "/auditors/{id}/qualifications", Target::Auditor),
    (
        "POST",
        "/auditors/{id}/qualifications/{qualification_id}/remove",
        Target::Qualification,
    ),
    ("POST", "/auditors/{id}/conflicts", Target::Auditor),
    (
        "POST",
        "/auditors/{id}/conflicts/{conflict_id}/remove",
        Target::Conflict,
    ),
    ("POST", "/auditors/{id}/absences", Target::Auditor),
    (
        "POST",
        "/auditors/{id}/absences/{absence_id}/remove",
        Target::Absence,
    ),
    ("POST", "/api/v1/clients/{id}/applications", Target::Client),
    ("GET", "/api/v1/applications/{id}", Target::Application),
    (
        "POST",
        "/api/v1/applications/{id}/accept",
        Target::Application,
    ),
    (
        "POST",
        "/api/v1/applications/{id}/decline",
        Target::Application,
    ),
    ("POST", "/clients/{id}/applications", Target::Client),
    ("GET", "/applications/{id}", Target::Application),
    ("POST", "/applications/{id}/accept", Target::Application),
    ("POST", "/applications/{id}/decline", Target::Application),
    ("GET", "/api/v1/programmes/{id}", Target::Programme),
    (
        "GET",
        "/api/v1/programmes/{id}/audit-file.zip",
        Target::Programme,
    ),
    ("POST", "/api/v1/audits/{id}/report/submit", Target::Audit),
    (
        "POST",
        "/api/v1/audits/{id}/technical-review",
        Target::Audit,
    ),
    (
        "POST",
        "/api/v1/programmes/{id}/decisions",
        Target::Programme,
    ),
    (
        "GET",
        "/api/v1/programmes/{id}/decisions",
        Target::Programme,
    ),
    ("GET", "/api/v1/certificates/{id}", Target::Certificate),
    ("GET", "/api/v1/certificates/{id}/pdf", Target::Certificate),
    ("GET", "/api/v1/audits/{id}/report.pdf", Target::Audit),
    (
        "POST",
        "/api/v1/certificates/{id}/suspend",
        Target::Certificate,
    ),
    (
        "POST",
        "/api/v1/certificates/{id}/restore",
        Target::Certificate,
    ),
    (
        "POST",
        "/api/v1/certificates/{id}/withdraw",
        Target::Certificate,
    ),
    ("GET", "/api/v1/audits/{id}", Target::Audit),
    ("GET", "/api/v1/auditors/{id}/calendar.ics", Target::Auditor),
    (
        "POST",
        "/api/v1/auditors/{id}/calendar-link",
        Target::Auditor,
    ),
    // A capability address: its secret, not a session, names the tenant (tested in
    // scheduling: unknown and replaced secrets answer 404).
    ("GET", "/calendar/{secret}.ics", Target::NotTenantData),
    ("GET", "/auditors/{id}/calendar", Target::Auditor),
    ("PUT", "/api/v1/audits/{id}/team", Target::Audit),
    ("POST", "/api/v1/audits/{id}/confirm", Target::Audit),
    ("GET", "/audits/{id}", Target::Audit),
    ("POST", "/audits/{id}/team", Target::Audit),
    ("POST", "/audits/{id}/confirm", Target::Audit),
    ("POST", "/audits/{id}/dates", Target::Audit),
    ("POST", "/audits/{id}/cancel", Target::Audit),
    ("POST", "/api/v1/clients/{id}/ai-systems", Target::Client),
    (
        "DELETE",
        "/api/v1/clients/{id}/ai-systems/{system_id}",
        Target::AiSystem,
    ),
    ("POST", "/clients/{id}/ai-systems", Target::Client),
    (
        "POST",
        "/clients/{id}/ai-systems/{system_id}/remove",
        Target::AiSystem,
    ),
    ("PUT", "/api/v1/audits/{id}/plan", Target::Audit),
    ("PUT", "/api/v1/audits/{id}/dates", Target::Audit),
    ("POST", "/api/v1/audits/{id}/cancel", Target::Audit),
    ("POST", "/api/v1/audits/{id}/objections", Target::Audit),
    (
        "POST",
        "/api/v1/audits/{id}/objections/{objection_id}/resolve",
        Target::Objection,
    ),
    ("POST", "/audits/{id}/plan", Target::Audit),
    ("POST", "/audits/{id}/objections", Target::Audit),
    (
        "POST",
        "/audits/{id}/objections/{objection_id}/resolve",
        Target::Objection,
    ),
    // Capability addresses mailed to client contacts: the secret names the tenant
    // (tested in planning: unknown secrets answer 404).
    ("GET", "/objections/{secret}", Target::NotTenantData),
    ("POST", "/objections/{secret}", Target::NotTenantData),
    ("PUT", "/api/v1/clients/{id}/scopes", Target::Client),
    ("DELETE", "/api/v1/clients/{id}/scopes", Target::Client),
    ("POST", "/clients/{id}/scopes", Target::Client),
    ("POST", "/clients/{id}/scopes/remove", Target::Client),
    (
        "POST",
        "/api/v1/applications/{id}/audit-time",
        Target::Application,
    ),
    ("POST", "/applications/{id}/audit-time", Target::Application),
    (
        "PUT",
        "/api/v1/audit-time/tables/{id}",
        Target::TenantScopedName,
    ),
    (
        "DELETE",
        "/api/v1/audit-time/tables/{id}",
        Target::TenantScopedName,
    ),
    (
        "POST",
        "/settings/audit-time-tables/{id}/bands",
        Target::TenantScopedName,
    ),
    (
        "POST",
        "/settings/audit-time-tables/{id}/revert",
        Target::TenantScopedName,
    ),
    (
        "PUT",
        "/api/v1/settings/certificate-images/{image}",
        Target::TenantScopedName,
    ),
    (
        "GET",
        "/api/v1/settings/certificate-images/{image}",
        Target::TenantScopedName,
    ),
    (
        "DELETE",
        "/api/v1/settings/certificate-images/{image}",
        Target::TenantScopedName,
    ),
    (
        "POST",
        "/settings/certificate-images/{image}",
        Target::TenantScopedName,
    ),
    (
        "POST",
        "/settings/certificate-images/{image}/remove",
        Target::TenantScopedName,
    ),
    ("GET", "/api/v1/checklist-templates/{id}", Target::Template),
    ("PUT", "/api/v1/checklist-templates/{id}", Target::Template),
    ("POST", "/api/v1/audits/{id}/checklist", Target::Audit),
    ("GET", "/api/v1/audits/{id}/checklist", Target::Audit),
    (
        "PATCH",
        "/api/v1/audits/{id}/checklist/items/{item_id}",
        Target::Item,
    ),
    (
        "POST",
        "/api/v1/audits/{id}/checklist/answers",
        Target::Audit,
    ),
    (
        "POST",
        "/api/v1/audits/{id}/checklist/items/{item_id}/nonconformities",
        Target::Item,
    ),
    ("GET", "/api/v1/audits/{id}/nonconformities", Target::Audit),
    ("GET", "/api/v1/audits/{id}/report", Target::Audit),
    (
        "GET",
        "/api/v1/clients/{id}/nonconformities",
        Target::Client,
    ),
    ("GET", "/api/v1/nonconformities/{id}", Target::Nonconformity),
    (
        "POST",
        "/api/v1/nonconformities/{id}/response",
        Target::Nonconformity,
    ),
    (
        "POST",
        "/api/v1/nonconformities/{id}/review",
        Target::Nonconformity,
    ),
    (
        "POST",
        "/api/v1/nonconformities/{id}/implementation",
        Target::Nonconformity,
    ),
    (
        "POST",
        "/api/v1/nonconformities/{id}/verification",
        Target::Nonconformity,
    ),
    (
        "POST",
        "/api/v1/nonconformities/{id}/escalation",
        Target::Nonconformity,
    ),
    ("POST", "/api/v1/clients/{id}/users", Target::Client),
    ("GET", "/audits/{id}/workspace", Target::Audit),
    ("POST", "/audits/{id}/checklist", Target::Audit),
    ("POST", "/audits/{id}/answers", Target::Audit),
    (
        "GET",
        "/audits/{id}/items/{item_id}/nonconformity",
        Target::Item,
    ),
    (
        "POST",
        "/audits/{id}/items/{item_id}/nonconformity",
        Target::Item,
    ),
    ("GET", "/nonconformities", Target::TenantRegister),
    ("GET", "/nonconformities/{id}", Target::Nonconformity),
    (
        "POST",
        "/nonconformities/{id}/{step}",
        Target::Nonconformity,
    ),
    ("GET", "/audits/{id}/report", Target::Audit),
    ("GET", "/audits/{id}/report.pdf", Target::Audit),
    ("GET", "/audits/{id}/file", Target::Audit),
    ("POST", "/audits/{id}/file/submit", Target::Audit),
    ("POST", "/audits/{id}/file/review", Target::Audit),
    ("GET", "/programmes/{id}/decide", Target::Programme),
    ("GET", "/programmes/{id}/audit-file.zip", Target::Programme),
    ("POST", "/programmes/{id}/decide", Target::Programme),
    ("GET", "/certificates/{id}", Target::Certificate),
    ("GET", "/certificates/{id}/pdf", Target::Certificate),
    ("POST", "/certificates/{id}/{action}", Target::Certificate),
    ("POST", "/clients/{id}/users", Target::Client),
    ("GET", "/checklist-templates/{id}", Target::Template),
    ("POST", "/checklist-templates/{id}", Target::Template),
    (
        "GET",
        "/api/v1/evidence/versions/{id}/download",
        Target::EvidenceVersion,
    ),
    (
        "GET",
        "/evidence/versions/{id}/download",
        Target::EvidenceVersion,
    ),
    (
        "POST",
        "/api/v1/evidence/items/{id}/withdraw",
        Target::EvidenceItem,
    ),
    (
        "POST",
        "/evidence/items/{id}/withdraw",
        Target::EvidenceItem,
    ),
    (
        "POST",
        "/api/v1/evidence/uploads/{id}/complete",
        Target::PendingUpload,
    ),
    (
        "POST",
        "/evidence/uploads/{id}/complete",
        Target::PendingUpload,
    ),
    // The signed upload address of the local store: its token names the tenant and the
    // upload (tested in evidence: wrong, reused and expired tokens are refused).
    ("PUT", "/uploads/{tenant}/{id}", Target::NotTenantData),
    ("POST", "/tenants/switch", Target::TenantInBody),
    ("GET", "/static/{path:.*}", Target::NotTenantData),
    (
        "GET",
        "/api/v1/public/certificates/{number:.+}",
        Target::PublicRegistry,
    ),
    ("GET", "/verify/{number:.+}", Target::PublicRegistry),
    (
        "GET",
        "/api/v1/public/certificates/{number:.+}/credential",
        Target::PublicCredential,
    ),
    (
        "GET",
        "/api/v1/public/certificates/{number:.+}/credential.jwt",
        Target::PublicCredential,
    ),
    (
        "GET",
        "/t/{slug}/status/{purpose}/{list}",
        Target::StatusList,
    ),
    ("GET", "/t/{slug}/.well-known/jwks.json", Target::IssuerSlug),
    ("GET", "/t/{slug}/issuer", Target::IssuerSlug),
];

/// Reads every `#[get("…")]`-style route attribute in the API crate's sources.
fn discovered_routes() -> BTreeSet<(String, String)> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api/src");
    let mut out = BTreeSet::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let src = std::fs::read_to_string(&p).unwrap();
            let prefix = if p.strip_prefix(&root).unwrap().starts_with("v1") {
                "/api/v1"
            } else {
                ""
            };
            for line in src.lines() {
                let l = line.trim();
                for m in ["get", "post", "patch", "delete", "put"] {
                    let open = format!("#[{m}(\"");
                    let qualified = format!("#[actix_web::{m}(\"");
                    if let Some(rest) = l.strip_prefix(&open).or_else(|| l.strip_prefix(&qualified))
                    {
                        let path = rest.split('"').next().unwrap();
                        out.insert((m.to_uppercase(), format!("{prefix}{path}")));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn the_route_table_lists_every_route_with_an_id() {
    let all = discovered_routes();
    assert!(all.len() > 20, "route discovery found too little: {all:?}");
    let with_ids: BTreeSet<(String, String)> =
        all.into_iter().filter(|(_, p)| p.contains('{')).collect();
    let listed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .filter(|(_, p, _)| p.contains('{'))
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = with_ids.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&with_ids).collect();
    assert!(
        missing.is_empty(),
        "routes with ids missing from the cross-tenant table: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "routes in the table that no longer exist: {stale:?}"
    );
}

struct Ids {
    membership: String,
    invitation: String,
    token: String,
    outbox: String,
    client: String,
    site: String,
    contact: String,
    auditor: String,
    qualification: String,
    conflict: String,
    absence: String,
    application: String,
    programme: String,
    audit: String,
    ai_system: String,
    objection: String,
    template: String,
    item: String,
    nc: String,
    certificate: String,
    evidence_item: String,
    evidence_version: String,
    pending_upload: String,
}

/// A valid body for each API route, so that only tenancy can make it fail.
fn api_body(method: &str, path: &str) -> Option<Value> {
    match (method, path) {
        ("PATCH", "/api/v1/members/{id}") => Some(json!({"roles": ["viewer"]})),
        ("PUT", "/api/v1/clients/{id}") => Some(json!({"legal_name": "Hijacked"})),
        ("POST", "/api/v1/clients/{id}/sites")
        | ("PUT", "/api/v1/clients/{id}/sites/{site_id}") => {
            Some(json!({"name": "Hijacked", "country": "DE", "kind": "permanent", "headcount": 1}))
        }
        ("POST", "/api/v1/clients/{id}/contacts") => {
            Some(json!({"name": "Hijacked", "email": "h@x.example"}))
        }
        ("PUT", "/api/v1/auditors/{id}") => {
            Some(json!({"name": "Hijacked", "email": "h@x.example"}))
        }
        ("POST", "/api/v1/auditors/{id}/qualifications") => {
            Some(json!({"standard_code": "ISO 9001:2015",
            "technical_area": "all", "function": "auditor", "valid_from": "2026-01-01"}))
        }
        ("POST", "/api/v1/auditors/{id}/conflicts") => {
            Some(json!({"client_id": uuid::Uuid::now_v7(), "kind": "other"}))
        }
        ("POST", "/api/v1/auditors/{id}/absences") => {
            Some(json!({"starts_on": "2026-01-01", "ends_on": "2026-01-02"}))
        }
        ("POST", "/api/v1/clients/{id}/applications") => {
            Some(json!({"standards": ["ISO 9001:2015"],
            "scope": "Hijacked", "effective_personnel": 5}))
        }
        ("POST", "/api/v1/applications/{id}/accept") => Some(json!({"competences_needed": "x"})),
        ("POST", "/api/v1/applications/{id}/decline") => Some(json!({"reason": "x"})),
        ("POST", "/api/v1/audits/{id}/report/submit") => {
            Some(json!({"recommendation": "recommend", "summary": "Hijacked"}))
        }
        ("POST", "/api/v1/audits/{id}/technical-review") => Some(json!({"outcome": "passed"})),
        ("POST", "/api/v1/programmes/{id}/decisions") => {
            Some(json!({"kind": "refuse", "reasons": "Hijacked"}))
        }
        ("POST", "/api/v1/certificates/{id}/suspend") => Some(json!({"reason": "Hijacked",
            "until": (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string()})),
        ("POST", "/api/v1/certificates/{id}/restore") => Some(json!({})),
        ("POST", "/api/v1/certificates/{id}/withdraw") => Some(json!({"reason": "Hijacked"})),
        ("PUT", "/api/v1/audits/{id}/team") => Some(json!({"members": []})),
        ("POST", "/api/v1/clients/{id}/ai-systems") => {
            Some(json!({"name": "Hijacked", "purpose": "x",
            "ai_role": "user", "impact_level": "low"}))
        }
        ("POST", "/api/v1/audits/{id}/confirm") => Some(json!({"override_justification": "x"})),
        ("PUT", "/api/v1/audits/{id}/dates") => {
            Some(json!({"starts_on": "2026-01-01", "ends_on": "2026-01-02"}))
        }
        ("POST", "/api/v1/audits/{id}/cancel") => Some(json!({"reason": "Hijacked"})),
        ("PUT", "/api/v1/audits/{id}/plan") => {
            Some(json!({"site_ids": [uuid::Uuid::now_v7()], "remote": "none"}))
        }
        ("POST", "/api/v1/audits/{id}/objections") => {
            Some(json!({"auditor_id": uuid::Uuid::now_v7(), "reason": "x", "raised_by": "x"}))
        }
        ("POST", "/api/v1/audits/{id}/objections/{objection_id}/resolve") => {
            Some(json!({"decision": "dismissed", "note": "x"}))
        }
        ("PUT", "/api/v1/clients/{id}/scopes") => {
            Some(json!({"standard": "ISO 9001:2015", "scope": "Hijacked"}))
        }
        ("POST", "/api/v1/applications/{id}/audit-time") => {
            Some(json!({"standards": [{"code": "ISO 9001:2015"}], "effective_personnel": 5}))
        }
        ("PUT", "/api/v1/audit-time/tables/{id}") => Some(hijack_table()),
        ("PUT", "/api/v1/checklist-templates/{id}") => Some(json!({"name": "Hijacked",
            "items": [{"section": "clause", "reference": "4.1", "title": "x", "question": "x?"}]})),
        ("PATCH", "/api/v1/audits/{id}/checklist/items/{item_id}") => {
            Some(json!({"result": "conforming"}))
        }
        ("POST", "/api/v1/audits/{id}/checklist/answers") => Some(json!([])),
        ("POST", "/api/v1/audits/{id}/checklist/items/{item_id}/nonconformities") => {
            Some(json!({"grade": "minor", "statement": "x", "evidence": "x"}))
        }
        ("POST", "/api/v1/nonconformities/{id}/response") => Some(json!({"correction": "x",
            "root_cause": "x", "corrective_action": "x", "planned_date": "2027-01-01"})),
        ("POST", "/api/v1/nonconformities/{id}/review") => Some(json!({"decision": "accept"})),
        ("POST", "/api/v1/nonconformities/{id}/implementation") => Some(json!({"statement": "x"})),
        ("POST", "/api/v1/nonconformities/{id}/verification") => {
            Some(json!({"method": "x", "effective": true}))
        }
        ("POST", "/api/v1/nonconformities/{id}/escalation") => Some(json!({"reason": "x"})),
        ("POST", "/api/v1/clients/{id}/users") => Some(json!({"email": "h@x.example"})),
        ("POST", "/api/v1/evidence/items/{id}/withdraw") => Some(json!({"reason": "x"})),
        _ => None,
    }
}

/// B's own version of the QMS table (a valid table with the id A also uses).
fn hijack_table() -> Value {
    json!({"id": "iaf_md5_qms_1", "name": "Hijacked", "clause": "x", "source": "x",
        "standards": ["ISO 9001:2015"], "dimension": "single",
        "columns": [{"column": "days", "verified": true}],
        "rows": [{"min": 1, "max": 100000, "days": [1.0], "verified": true}],
        "beyond_last_band": "refuse"})
}

/// Valid form fields for every page route (unused ones are ignored).
const FORM: &[(&str, &str)] = &[
    ("roles", "viewer"),
    ("legal_name", "Hijacked"),
    ("name", "Hijacked"),
    ("country", "DE"),
    ("headcount", "1"),
    ("shifts", "1"),
    ("email", "h@x.example"),
    ("standard_code", "ISO 9001:2015"),
    ("technical_area", "all"),
    ("function", "auditor"),
    ("valid_from", "2026-01-01"),
    ("starts_on", "2026-01-01"),
    ("ends_on", "2026-01-02"),
    ("standards", "ISO 9001:2015"),
    ("scope", "Hijacked"),
    ("effective_personnel", "5"),
    ("competences_needed", "x"),
    ("reason", "x"),
    ("purpose", "x"),
    ("ai_role", "user"),
    ("impact_level", "low"),
    ("certification_decision_date", "2026-01-15"),
    ("remote", "none"),
    ("site_ids", "01900000-0000-7000-8000-000000000001"),
    ("auditor_id", "01900000-0000-7000-8000-000000000002"),
    ("raised_by", "x"),
    ("decision", "dismissed"),
    ("note", "x"),
    ("standard", "ISO 9001:2015"),
    ("min", "1000001"),
    ("max", "2000000"),
    ("days", "900"),
    ("grade", "minor"),
    ("statement", "x"),
    ("evidence", "x"),
    ("correction", "x"),
    ("root_cause", "x"),
    ("corrective_action", "x"),
    ("planned_date", "2027-01-01"),
    ("method", "x"),
    ("effective", "yes"),
];

/// Page forms use `kind` for a site kind and for a conflict kind.
fn page_form(path: &str) -> Vec<(&'static str, &'static str)> {
    let kind = if path.contains("/conflicts") {
        "other"
    } else {
        "permanent"
    };
    let mut f: Vec<(&str, &str)> = FORM.to_vec();
    f.push(("kind", kind));
    f.push(("client_id", "01900000-0000-7000-8000-000000000000"));
    f
}

async fn get_json(app: &TestApp, token: &str, path: &str) -> Value {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Everything of tenant A the walk must leave as it was.
async fn snapshot(app: &TestApp, a: &TenantFixture) -> Value {
    json!({
        "members": get_json(app, &a.token, "/api/v1/members").await,
        "invitations": get_json(app, &a.token, "/api/v1/invitations").await,
        "tokens": get_json(app, &a.token, "/api/v1/tokens").await,
        "outbox": get_json(app, &a.token, "/api/v1/outbox").await,
        "audit": get_json(app, &a.token, "/api/v1/audit-events/verify").await,
        "clients": get_json(app, &a.token, "/api/v1/clients").await,
        "auditors": get_json(app, &a.token, "/api/v1/auditors").await,
        "applications": get_json(app, &a.token, "/api/v1/applications").await,
        "tables": get_json(app, &a.token, "/api/v1/audit-time/tables").await,
        "settings": get_json(app, &a.token, "/api/v1/settings").await,
        "locale": get_json(app, &a.token, "/api/v1/settings/locale").await,
        "certificates": get_json(app, &a.token, "/api/v1/certificates").await,
    })
}

#[tokio::test]
async fn another_tenants_ids_answer_404_and_change_nothing() {
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    let auditor_token = app
        .member(&a, "auditor@alpha.test.example", "auditor")
        .await;
    let c = reqwest::Client::new();
    let inv: Value = c
        .post(app.url("/api/v1/members"))
        .bearer_auth(&a.token)
        .json(&json!({"email": "x@alpha.test.example", "roles": ["viewer"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let members = get_json(&app, &a.token, "/api/v1/members").await;
    let tokens = get_json(&app, &auditor_token, "/api/v1/tokens").await;
    let outbox = get_json(&app, &a.token, "/api/v1/outbox").await;
    let client: Value = c
        .post(app.url("/api/v1/clients"))
        .bearer_auth(&a.token)
        .json(&json!({"legal_name": "Alpha Client"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cid = client["id"].as_str().unwrap().to_string();
    let site: Value = c.post(app.url(&format!("/api/v1/clients/{cid}/sites"))).bearer_auth(&a.token)
        .json(&json!({"name": "HQ", "country": "FR", "kind": "permanent", "headcount": 40, "central_function": true}))
        .send().await.unwrap().json().await.unwrap();
    let contact: Value = c
        .post(app.url(&format!("/api/v1/clients/{cid}/contacts")))
        .bearer_auth(&a.token)
        .json(&json!({"name": "Quality Lead", "email": "ql@alpha-client.example"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let aud: Value = c
        .post(app.url("/api/v1/auditors"))
        .bearer_auth(&a.token)
        .json(&json!({"name": "Alma Auditor", "email": "alma@alpha.test.example"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let aid = aud["id"].as_str().unwrap().to_string();
    let post_json = |path: String, body: Value| {
        let c = c.clone();
        let url = app.url(&path);
        let token = a.token.clone();
        async move {
            let r: Value = c
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r["id"].as_str().unwrap().to_string()
        }
    };
    let qualification = post_json(
        format!("/api/v1/auditors/{aid}/qualifications"),
        json!({"standard_code": "ISO/IEC 42001:2023",
        "technical_area": "all", "function": "lead_auditor", "valid_from": "2025-01-01"}),
    )
    .await;
    let conflict = post_json(
        format!("/api/v1/auditors/{aid}/conflicts"),
        json!({"client_id": cid, "kind": "consultancy", "ended_on": "2025-06-30"}),
    )
    .await;
    let absence = post_json(
        format!("/api/v1/auditors/{aid}/absences"),
        json!({"starts_on": "2026-12-20", "ends_on": "2027-01-03"}),
    )
    .await;
    let application = post_json(
        format!("/api/v1/clients/{cid}/applications"),
        json!({"standards": ["ISO/IEC 42001:2023"],
        "scope": "AI-enabled inspection", "effective_personnel": 40}),
    )
    .await;
    // A second application, accepted, gives a programme.
    let accepted = post_json(
        format!("/api/v1/clients/{cid}/applications"),
        json!({"standards": ["ISO 9001:2015"],
        "scope": "Assembly", "effective_personnel": 40}),
    )
    .await;
    let accepted: Value = c
        .post(app.url(&format!("/api/v1/applications/{accepted}/accept")))
        .bearer_auth(&a.token)
        .json(&json!({"competences_needed": "QMS lead auditor"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let programme = accepted["programme"]["id"].as_str().unwrap().to_string();
    let stage1 = accepted["programme"]["audits"][0]["id"].as_str().unwrap();
    let audit = post_json(
        "/api/v1/audits".into(),
        json!({"programme_audit_id": stage1, "starts_on": in_days(7),
        "ends_on": in_days(8), "technical_areas": ["IAF 18"]}),
    )
    .await;
    let r = c
        .put(app.url(&format!("/api/v1/audits/{audit}/team")))
        .bearer_auth(&a.token)
        .json(&json!({"members": [{"auditor_id": aid, "role": "lead", "days": 1.5}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let ai_system = post_json(
        format!("/api/v1/clients/{cid}/ai-systems"),
        json!({"name": "Vision QA",
        "purpose": "Detect defects", "ai_role": "developer", "impact_level": "medium"}),
    )
    .await;
    let with_objection: Value = c
        .post(app.url(&format!("/api/v1/audits/{audit}/objections")))
        .bearer_auth(&a.token)
        .json(&json!({"auditor_id": aid, "reason": "Worked for our parent company", "raised_by": "Quality Lead, by phone"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let objection = with_objection["objections"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // A's own version of the QMS table (one band added), which B's requests must not touch.
    let mut qms: Value = get_json(&app, &a.token, "/api/v1/audit-time/tables")
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "iaf_md5_qms_1")
        .unwrap()
        .clone();
    let last_max = qms["rows"].as_array().unwrap().last().unwrap()["max"]
        .as_u64()
        .unwrap();
    qms["rows"].as_array_mut().unwrap().push(
        json!({"min": last_max + 1, "max": last_max + 1000, "days": [999.0], "verified": true}),
    );
    let r = c
        .put(app.url("/api/v1/audit-time/tables/iaf_md5_qms_1"))
        .bearer_auth(&a.token)
        .json(&qms)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let tpl = post_json(
        "/api/v1/checklist-templates".into(),
        json!({"standard": "ISO 9001:2015", "audit_type": "stage_1"}),
    )
    .await;
    let r = c
        .post(app.url(&format!("/api/v1/audits/{audit}/checklist")))
        .bearer_auth(&a.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let checklist = get_json(&app, &a.token, &format!("/api/v1/audits/{audit}/checklist")).await;
    let item = checklist["items"][0]["id"].as_str().unwrap().to_string();
    let nc = post_json(
        format!("/api/v1/audits/{audit}/checklist/items/{item}/nonconformities"),
        json!({"grade": "minor", "statement": "Alpha's finding", "evidence": "seen"}),
    )
    .await;
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let stored: Value = c
        .post(app.url(&format!(
            "/api/v1/evidence?target_kind=nonconformity&target_id={nc}&filename=policy.pdf"
        )))
        .bearer_auth(&a.token)
        .body(pdf.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pending: Value = c
        .post(app.url("/api/v1/evidence/uploads"))
        .bearer_auth(&a.token)
        .json(
            &json!({"filename": "later.pdf", "size": pdf.len(), "content_type": "application/pdf",
            "sha256": "0".repeat(64), "target": {"kind": "nonconformity", "id": nc}}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (certified, certificate) = crate::certification::granted(&app, &a).await;
    // The certified client is confidential and its certificate withdrawn: the public
    // registry answers it by number only.
    let r = c
        .put(app.url(&format!("/api/v1/clients/{}", certified.s.client)))
        .bearer_auth(&a.token)
        .json(&json!({"legal_name": "Helios Robotics", "confidential": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = c
        .post(app.url(&format!("/api/v1/certificates/{certificate}/withdraw")))
        .bearer_auth(&a.token)
        .json(&json!({"reason": "Contract ended"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let certificate_number = get_json(
        &app,
        &a.token,
        &format!("/api/v1/certificates/{certificate}"),
    )
    .await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let ids = Ids {
        certificate,
        evidence_item: stored["item_id"].as_str().unwrap().to_string(),
        evidence_version: stored["id"].as_str().unwrap().to_string(),
        pending_upload: pending["id"].as_str().unwrap().to_string(),
        template: tpl,
        item,
        nc,
        objection,
        ai_system,
        audit,
        programme,
        application,
        auditor: aid.clone(),
        qualification,
        conflict,
        absence,
        client: cid.clone(),
        site: site["id"].as_str().unwrap().to_string(),
        contact: contact["id"].as_str().unwrap().to_string(),
        membership: members
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["email"] == "auditor@alpha.test.example")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string(),
        invitation: inv["id"].as_str().unwrap().to_string(),
        token: tokens[0]["id"].as_str().unwrap().to_string(),
        outbox: outbox[0]["id"].as_str().unwrap().to_string(),
    };
    // Alpha's logo: B's image routes name B's own.
    let r = crate::certificate_images::put_image(
        &app,
        &a.token,
        "logo",
        "image/png",
        crate::certificate_images::png(4, 4, [1, 2, 3]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    // A session of A's admin (made before the snapshot: signing in is recorded).
    let a_session = app.login(&a.admin_email, PASSWORD).await;
    let page = a_session
        .client
        .get(app.url("/account/security"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let a_session_id = page
        .split("/account/security/sessions/")
        .nth(1)
        .and_then(|x| x.split('/').next())
        .unwrap()
        .to_string();
    let before = snapshot(&app, &a).await;
    assert!(before["settings"]["certificates"]["logo"].is_object());
    // Alpha's client, and the certified one.
    assert_eq!(before["clients"]["clients"].as_array().unwrap().len(), 2);
    assert_eq!(before["certificates"]["total"], 1);
    let b_session = app.login_into(&b.admin_email, PASSWORD, b.id).await;

    for (method, path, target) in ROUTES {
        let id = match target {
            Target::Membership => &ids.membership,
            Target::Invitation => &ids.invitation,
            Target::Token => &ids.token,
            Target::Outbox => &ids.outbox,
            Target::Client | Target::Site | Target::Contact => &ids.client,
            Target::Auditor | Target::Qualification | Target::Conflict | Target::Absence => {
                &ids.auditor
            }
            Target::Application => &ids.application,
            Target::Programme => &ids.programme,
            Target::Audit => &ids.audit,
            Target::AiSystem => &ids.client,
            Target::Objection | Target::Item => &ids.audit,
            Target::Template => &ids.template,
            Target::Nonconformity => &ids.nc,
            Target::Certificate => &ids.certificate,
            Target::EvidenceItem => &ids.evidence_item,
            Target::EvidenceVersion => &ids.evidence_version,
            Target::PendingUpload => &ids.pending_upload,
            Target::TenantScopedName => {
                let url = app.url(
                    &path
                        .replace("{id}", "iaf_md5_qms_1")
                        .replace("{image}", "logo"),
                );
                let m = Method::from_bytes(method.as_bytes()).unwrap();
                let r = if path.starts_with("/api/v1/settings/certificate-images/") {
                    // B's own logo: uploaded, read and removed without touching A's.
                    let mut req = c.request(m, &url).bearer_auth(&b.token);
                    if *method == "PUT" {
                        req = req
                            .header("content-type", "image/png")
                            .body(crate::certificate_images::png(2, 2, [9, 9, 9]));
                    }
                    let r = req.send().await.unwrap();
                    assert!(r.status().is_success(), "{method} {path}: {}", r.status());
                    r
                } else if path.starts_with("/api/") {
                    let mut req = c.request(m, &url).bearer_auth(&b.token);
                    if let Some(body) = api_body(method, path) {
                        req = req.json(&body);
                    }
                    req.send().await.unwrap()
                } else {
                    let mut form = page_form(path);
                    form.push(("csrf", b_session.csrf.as_str()));
                    b_session
                        .client
                        .request(m, &url)
                        .form(&form)
                        .send()
                        .await
                        .unwrap()
                };
                assert!(
                    !r.status().is_server_error(),
                    "{method} {path}: {}",
                    r.status()
                );
                continue;
            }
            Target::TenantInBody => {
                let r = b_session
                    .client
                    .post(app.url(path))
                    .form(&[
                        ("tenant_id", a.id.to_string().as_str()),
                        ("csrf", &b_session.csrf),
                    ])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path}");
                continue;
            }
            Target::IssuerSlug => {
                let r = c
                    .get(app.url(&path.replace("{slug}", "no-such-body")))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path}");
                assert_eq!(r.headers()["content-type"], "application/problem+json");
                let b_keys: Value = c
                    .get(app.url(&format!("/t/{}/.well-known/jwks.json", b.slug)))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let b_kid = b_keys["keys"][0]["kid"].as_str().unwrap().to_string();
                let a_doc = c
                    .get(app.url(&path.replace("{slug}", &a.slug)))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                assert!(
                    !a_doc.contains(&b_kid),
                    "{path}: A's document shows B's key"
                );
                assert!(
                    a_doc.contains("Ed25519") || a_doc.contains("z6Mk"),
                    "{a_doc}"
                );
                continue;
            }
            Target::NotTenantData => continue,
            Target::SsoSlug => {
                for slug in ["no-such-body", a.slug.as_str()] {
                    let r = c
                        .get(app.url(&path.replace("{slug}", slug)))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path} {slug}");
                    assert!(
                        r.text().await.unwrap().contains("sso_not_configured"),
                        "{path}"
                    );
                }
                continue;
            }
            Target::OwnSession => {
                let r = b_session
                    .client
                    .post(app.url(&path.replace("{id}", &a_session_id)))
                    .form(&[("csrf", &b_session.csrf)])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path}");
                let r = a_session
                    .client
                    .get(app.url("/api/v1/me"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::OK, "A's session goes on");
                continue;
            }
            Target::TenantRegister => {
                for q in [
                    String::new(),
                    "?status=all".to_string(),
                    format!("?status=all&client={}", ids.client),
                    format!("?grade=minor&client={}&mine=1", ids.client),
                ] {
                    let r = b_session
                        .client
                        .get(app.url(&format!("{path}{q}")))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), StatusCode::OK, "{method} {path}{q}");
                    let body = r.text().await.unwrap();
                    // The page repeats the filter it was given (A's client id), nothing else.
                    let named = body.replace(&ids.client, "");
                    for private in [
                        ids.nc.as_str(),
                        ids.audit.as_str(),
                        ids.client.as_str(),
                        "Alpha&#x27;s finding",
                        "Alpha Client",
                    ] {
                        let seen = if q.contains(private) { &named } else { &body };
                        assert!(!seen.contains(private), "{path}{q} leaks {private}");
                    }
                }
                // A's own register lists the finding (the walk looks at a real row).
                let r = a_session
                    .client
                    .get(app.url(&format!("{path}?status=all")))
                    .send()
                    .await
                    .unwrap();
                let body = r.text().await.unwrap();
                assert!(
                    body.contains("Alpha&#x27;s finding") && body.contains(ids.nc.as_str()),
                    "{body}"
                );
                continue;
            }
            Target::PublicCredential => {
                let url = app.url(&path.replace("{number:.+}", &certificate_number));
                let r = c.get(&url).bearer_auth(&b.token).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::OK, "{method} {path}");
                let body = r.text().await.unwrap();
                let text = if body.starts_with('{') {
                    body.clone()
                } else {
                    use base64::Engine as _;
                    String::from_utf8(
                        base64::engine::general_purpose::URL_SAFE_NO_PAD
                            .decode(body.split('.').nth(1).unwrap())
                            .unwrap(),
                    )
                    .unwrap()
                };
                assert!(
                    text.contains(&format!("/t/{}\"", a.slug)),
                    "{path}: A is the issuer"
                );
                for private in [
                    ids.certificate.as_str(),
                    ids.client.as_str(),
                    certified.s.client.as_str(),
                    &a.id.to_string(),
                    "Contract ended",
                ] {
                    assert!(!text.contains(private), "{path} leaks {private}");
                }
                continue;
            }
            Target::StatusList => {
                let list = |slug: &str| {
                    app.url(
                        &path
                            .replace("{slug}", slug)
                            .replace("{purpose}", "revocation")
                            .replace("{list}", "0"),
                    )
                };
                let r = c.get(list("no-such-body")).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path}");
                assert_eq!(r.headers()["content-type"], "application/problem+json");
                let r = c.get(list(&a.slug)).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::OK, "{method} {path}");
                // B has issued nothing: B's slug serves no list, least of all A's.
                let r = c
                    .get(list(&b.slug))
                    .bearer_auth(&b.token)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path}");
                continue;
            }
            Target::PublicRegistry => {
                let url = app.url(&path.replace("{number:.+}", &certificate_number));
                let r = if path.starts_with("/api/") {
                    c.get(&url).bearer_auth(&b.token).send().await.unwrap()
                } else {
                    b_session.client.get(&url).send().await.unwrap()
                };
                assert_eq!(r.status(), StatusCode::OK, "{method} {path}");
                let body = r.text().await.unwrap();
                assert!(
                    body.contains("withdrawn") || body.contains("Withdrawn"),
                    "{path}: the status is public"
                );
                for private in [
                    ids.certificate.as_str(),
                    ids.client.as_str(),
                    certified.s.client.as_str(),
                    &a.id.to_string(),
                    "Contract ended",
                ] {
                    assert!(!body.contains(private), "{path} leaks {private}");
                }
                let listed: Value = c
                    .get(app.url("/api/v1/public/certificates?q=helios"))
                    .bearer_auth(&b.token)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                assert_eq!(listed["items"], json!([]), "not listed: {listed}");
                continue;
            }
        };
        let url = app.url(
            &path
                .replace("{id}", id)
                .replace("{site_id}", &ids.site)
                .replace("{contact_id}", &ids.contact)
                .replace("{qualification_id}", &ids.qualification)
                .replace("{conflict_id}", &ids.conflict)
                .replace("{absence_id}", &ids.absence)
                .replace("{system_id}", &ids.ai_system)
                .replace("{objection_id}", &ids.objection)
                .replace("{item_id}", &ids.item)
                .replace("{step}", "review")
                .replace("{action}", "suspend"),
        );
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        if path.starts_with("/api/") {
            let mut req = c.request(m, &url).bearer_auth(&b.token);
            if let Some(body) = api_body(method, path) {
                req = req.json(&body);
            }
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path}");
            assert_eq!(r.headers()["content-type"], "application/problem+json");
            let body: Value = r.json().await.unwrap();
            assert!(
                body["code"].as_str().unwrap().ends_with("not_found"),
                "{method} {path}: {body}"
            );
        } else {
            let mut form = page_form(path);
            form.push(("csrf", b_session.csrf.as_str()));
            let r = if *method == "GET" {
                b_session.client.get(&url).send().await.unwrap()
            } else {
                b_session
                    .client
                    .request(m, &url)
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            };
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path}");
        }
    }
    let prog = get_json(
        &app,
        &a.token,
        &format!("/api/v1/programmes/{}", ids.programme),
    )
    .await;
    assert!(
        prog["decision_date"].is_null(),
        "B could not plan A's programme"
    );
    let nc = get_json(
        &app,
        &a.token,
        &format!("/api/v1/nonconformities/{}", ids.nc),
    )
    .await;
    assert_eq!(nc["status"], "open", "B could not move A's nonconformity");
    let evidence = get_json(
        &app,
        &a.token,
        &format!(
            "/api/v1/evidence?target_kind=nonconformity&target_id={}",
            ids.nc
        ),
    )
    .await;
    assert_eq!(
        evidence.as_array().unwrap().len(),
        1,
        "B could not withdraw A's evidence"
    );
    let checklist = get_json(
        &app,
        &a.token,
        &format!("/api/v1/audits/{}/checklist", ids.audit),
    )
    .await;
    assert_eq!(checklist["progress"]["answered"], 1, "B answered nothing");
    let tpl = get_json(
        &app,
        &a.token,
        &format!("/api/v1/checklist-templates/{}", ids.template),
    )
    .await;
    assert_ne!(tpl["name"], "Hijacked");
    let aud = get_json(&app, &a.token, &format!("/api/v1/audits/{}", ids.audit)).await;
    assert_eq!(
        aud["status"], "team_proposed",
        "B could not confirm or change A's audit"
    );
    assert_eq!(aud["team"].as_array().unwrap().len(), 1);
    // Ids carried in a body name nothing in another tenant either.
    let r = c
        .post(app.url("/api/v1/audits"))
        .bearer_auth(&b.token)
        .json(
            &json!({"programme_audit_id": stage1, "starts_on": in_days(7), "ends_on": in_days(8)}),
        )
        .send()
        .await
        .unwrap();
    assert_problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_programme_audit",
    )
    .await;
    // B's own client with A's site or contact id is not found either.
    let own: Value = c
        .post(app.url("/api/v1/clients"))
        .bearer_auth(&b.token)
        .json(&json!({"legal_name": "Beta Client"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let own = own["id"].as_str().unwrap();
    let r = c
        .delete(app.url(&format!("/api/v1/clients/{own}/sites/{}", ids.site)))
        .bearer_auth(&b.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = c
        .delete(app.url(&format!("/api/v1/clients/{own}/contacts/{}", ids.contact)))
        .bearer_auth(&b.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let after = snapshot(&app, &a).await;
    assert_eq!(
        before, after,
        "tenant A's data, outbox and audit trail are unchanged"
    );
}

#[tokio::test]
async fn the_database_refuses_cross_tenant_references() {
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    let b_members = get_json(&app, &b.token, "/api/v1/members").await;
    let b_membership = b_members[0]["id"].as_str().unwrap();
    // A token row in tenant A that points at tenant B's membership: the composite
    // foreign key (tenant_id, membership_id) has no such target.
    let db = owner_connection(&app).await;
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let tx = db.begin().await.unwrap();
    let pg = app.pg.is_some();
    if pg {
        tx.execute_unprepared(&format!(
            "select set_config('app.tenant_id', '{}', true)",
            a.id
        ))
        .await
        .unwrap();
    }
    let (a_id, m_id) = if pg {
        (format!("'{}'", a.id), format!("'{b_membership}'"))
    } else {
        // SQLite stores UUIDs as 16-byte blobs.
        (
            format!("x'{}'", a.id.simple()),
            format!(
                "x'{}'",
                uuid::Uuid::parse_str(b_membership).unwrap().simple()
            ),
        )
    };
    let sql = format!(
        "insert into api_tokens (tenant_id, id, membership_id, label, token_prefix, token_hash, created_at) \
         values ({a_id}, {}, {m_id}, 'x', 'x', 'cross-tenant', '2026-01-01T00:00:00Z')",
        if pg {
            format!("'{}'", uuid::Uuid::now_v7())
        } else {
            format!("x'{}'", uuid::Uuid::now_v7().simple())
        }
    );
    let err = tx
        .execute_unprepared(&sql)
        .await
        .expect_err("a cross-tenant reference must be refused");
    let msg = err.to_string().to_lowercase();
    assert!(msg.contains("foreign key"), "{msg}");
}

#[tokio::test]
async fn postgres_row_level_security_is_forced_and_fails_closed() {
    let app = TestApp::spawn().await;
    let Some(pg) = &app.pg else {
        eprintln!("row-level security exists only on PostgreSQL; this test runs in services mode");
        return;
    };
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    reqwest::Client::new()
        .post(app.url("/api/v1/members"))
        .bearer_auth(&a.token)
        .json(&json!({"email": "x@alpha.test.example", "roles": ["viewer"]}))
        .send()
        .await
        .unwrap();
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement, TransactionTrait};
    let db = Database::connect(pg.app_url.as_str()).await.unwrap();
    let q = |sql: &str| Statement::from_string(DbBackend::Postgres, sql.to_string());

    // Every table with a tenant_id column has RLS enabled and forced.
    let rows = db
        .query_all(q("select c.relname::text as t, c.relrowsecurity as rls, c.relforcerowsecurity as forced \
                       from pg_class c join pg_attribute a on a.attrelid = c.oid \
                       where a.attname = 'tenant_id' and c.relkind = 'r' and c.relnamespace = 'public'::regnamespace"))
        .await
        .unwrap();
    let mut tables = BTreeSet::new();
    for r in &rows {
        let t: String = r.try_get("", "t").unwrap();
        let rls: bool = r.try_get("", "rls").unwrap();
        let forced: bool = r.try_get("", "forced").unwrap();
        assert!(rls && forced, "{t}: rls={rls} forced={forced}");
        tables.insert(t);
    }
    let expected: BTreeSet<String> = certa_migrations::TENANT_TABLES
        .iter()
        .chain(certa_migrations::PUBLIC_TABLES)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(tables, expected);

    // The application role is neither superuser, nor BYPASSRLS, nor owner of anything.
    let r = db
        .query_one(q(
            "select rolsuper, rolbypassrls from pg_roles where rolname = current_user",
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(!r.try_get::<bool>("", "rolsuper").unwrap());
    assert!(!r.try_get::<bool>("", "rolbypassrls").unwrap());
    let r = db.query_one(q("select count(*)::bigint as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = current_user")).await.unwrap().unwrap();
    assert_eq!(r.try_get::<i64>("", "n").unwrap(), 0);

    // Without a tenant in the transaction, every tenant table reads empty (there is data).
    for t in certa_migrations::TENANT_TABLES {
        let r = db
            .query_one(q(&format!("select count(*)::bigint as n from {t}")))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            r.try_get::<i64>("", "n").unwrap(),
            0,
            "{t} leaks rows without tenant context"
        );
    }
    // With tenant A set, A's rows are visible and B's are not.
    let tx = db.begin().await.unwrap();
    tx.execute(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "select set_config('app.tenant_id', $1, true)",
        [a.id.to_string().into()],
    ))
    .await
    .unwrap();
    let r = tx.query_one(q("select count(*)::bigint as n, count(*) filter (where tenant_id <> current_setting('app.tenant_id')::uuid)::bigint as foreign_rows from memberships")).await.unwrap().unwrap();
    assert_eq!(r.try_get::<i64>("", "n").unwrap(), 1);
    assert_eq!(r.try_get::<i64>("", "foreign_rows").unwrap(), 0);
    // Writing a row for tenant B from tenant A's context is refused by the policy.
    let b_user: Value = get_json(&app, &b.token, "/api/v1/me").await;
    let err = tx
        .execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "insert into memberships (tenant_id, id, user_id, created_at, updated_at) values ($1, $2, $3, now(), now())",
            [b.id.into(), uuid::Uuid::now_v7().into(), uuid::Uuid::parse_str(b_user["id"].as_str().unwrap()).unwrap().into()],
        ))
        .await
        .expect_err("cross-tenant insert must be refused");
    assert!(err.to_string().contains("row-level security"), "{err}");
    tx.rollback().await.unwrap();

    // The public registry: anyone reads it, no one writes another tenant's rows, and
    // nothing is written without a tenant.
    for (tenant, what) in [
        (Some(a.id), "another tenant's row"),
        (None, "a row without tenant"),
    ] {
        let tx = db.begin().await.unwrap();
        if let Some(t) = tenant {
            tx.execute(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "select set_config('app.tenant_id', $1, true)",
                [t.to_string().into()],
            ))
            .await
            .unwrap();
        }
        let err = tx
            .execute(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "insert into public_certificates (tenant_id, certificate_id, client_id, number, status,                  holder_name, holder_location, sites, scope, standards, effective_date, expiry_date,                  original_date, body_name, body_address, accreditations, search_name, as_of)                  values ($1, $2, $2, 'X-1', 'active', 'x', 'x', '[]', 'x', '[]', '2026-01-01',                  '2029-01-01', '2026-01-01', 'x', 'x', '[]', 'x', now())",
                [b.id.into(), uuid::Uuid::now_v7().into()],
            ))
            .await
            .expect_err(what);
        assert!(
            err.to_string().contains("row-level security"),
            "{what}: {err}"
        );
        tx.rollback().await.unwrap();
    }
    let r = db
        .query_one(q("select count(*)::bigint as n from public_certificates"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        r.try_get::<i64>("", "n").is_ok(),
        "readable without a tenant"
    );

    // The audit trail is append-only for the application role.
    for sql in [
        "update audit_events set action = 'x'",
        "delete from audit_events",
    ] {
        let tx = db.begin().await.unwrap();
        tx.execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "select set_config('app.tenant_id', $1, true)",
            [a.id.to_string().into()],
        ))
        .await
        .unwrap();
        let err = tx
            .execute_unprepared(sql)
            .await
            .expect_err("audit events are append-only");
        assert!(
            err.to_string().contains("permission denied"),
            "{sql}: {err}"
        );
        tx.rollback().await.unwrap();
    }
    db.close().await.ok();
}
