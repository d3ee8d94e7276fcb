//! Personnel pages: the list and each record with qualifications, conflicts of interest
//! and unavailability.

use super::clients::Fields;
use super::{Flash, SessionForm, Signed, page, redirect};
use crate::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::personnel::AuditorStatus;
use certa_domain::personnel::{Function, KNOWN_STANDARDS};
use certa_domain::{AbsenceId, Action, AuditorId, ConflictId, QualificationId};
use certa_service::personnel::{self, AuditorInput, QualificationInput};
use certa_service::{Principal, ServiceError, clients};
use serde_json::json;

fn can_manage(p: &Principal) -> bool {
    p.tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ManagePersonnel))
}

fn auditor_input(f: &Fields) -> Result<AuditorInput, ServiceError> {
    let membership_id = match f.opt("membership_id") {
        Some(m) => Some(m.parse().map_err(|_| ServiceError::Invalid {
            field: "membership_id",
            code: "unknown_member",
            message: "choose a member from the list".into(),
        })?),
        None => None,
    };
    Ok(AuditorInput {
        membership_id,
        name: f.get("name"),
        email: f.get("email"),
        status: f.opt("status"),
        notes: f.opt("notes"),
    })
}

/// `GET /auditors`.
#[get("/auditors")]
pub async fn list_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    let list = match personnel::list(&st.ctx, &p).await {
        Ok(l) => l,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let rows: Vec<_> = list
        .into_iter()
        .map(|a| json!({"id": a.id, "name": a.name, "email": a.email, "status": a.status, "linked": a.membership_id.is_some()}))
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/auditors",
        "Auditors",
        "auditors",
        json!({"auditors": rows, "can_manage": can_manage(&p)}),
    )
}

/// `POST /auditors`: create a record.
#[post("/auditors")]
pub async fn create(st: web::Data<AppState>, req: HttpRequest, form: SessionForm) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = match auditor_input(&f) {
        Ok(i) => personnel::create(&st.ctx, &p, i).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(a) => redirect(
            &st,
            &format!("/auditors/{}", a.id),
            Some(Flash::ok(format!("Record for {} created", a.name))),
        ),
        Err(e) => super::service_error(&st, &req, &p, "/auditors", e),
    }
}

/// `GET /auditors/{id}`.
#[get("/auditors/{id}")]
pub async fn file(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    let f = match personnel::get(&st.ctx, &p, AuditorId(*id)).await {
        Ok(f) => f,
        Err(e) => return super::service_error(&st, &req, &p, "/auditors", e),
    };
    let manage = can_manage(&p);
    let client_options: Vec<_> = if manage {
        clients::search(&st.ctx, &p, None, None, None, clients::MAX_PAGE)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|r| json!({"id": r.client.id, "name": format!("{} ({})", r.client.legal_name, r.client.reference)}))
            .collect()
    } else {
        Vec::new()
    };
    let a = &f.auditor;
    page(
        &st,
        &req,
        Some(&p),
        "pages/auditor",
        &a.name,
        "auditors",
        json!({
            "auditor": {"id": a.id, "membership_id": a.membership_id, "name": a.name, "email": a.email, "status": a.status, "notes": a.notes,
                "active": a.status == AuditorStatus::Active},
            "qualifications": f.qualifications.iter().map(|q| json!({"id": q.id, "standard": q.standard_code, "area": q.technical_area,
                "function": q.function.label(), "from": q.valid_from, "until": q.valid_until, "evidence": q.evidence})).collect::<Vec<_>>(),
            "conflicts": f.conflicts.iter().map(|(c, name)| json!({"id": c.id, "client": name, "kind": c.kind, "ended_on": c.ended_on, "note": c.note})).collect::<Vec<_>>(),
            "absences": f.absences.iter().map(|b| json!({"id": b.id, "from": b.starts_on, "to": b.ends_on, "reason": b.reason})).collect::<Vec<_>>(),
            "can_manage": manage,
            "standards": KNOWN_STANDARDS,
            "functions": Function::ALL.iter().map(|f| json!({"value": f.as_str(), "label": f.label()})).collect::<Vec<_>>(),
            "client_options": client_options,
        }),
    )
}

/// `POST /auditors/{id}`: edit the details.
#[post("/auditors/{id}")]
pub async fn update(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/auditors/{}", *id);
    let result = match auditor_input(&f) {
        Ok(i) => personnel::update(&st.ctx, &p, AuditorId(*id), i).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => redirect(&st, &back, Some(Flash::ok("Details saved"))),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

/// `POST /auditors/{id}/qualifications`.
#[post("/auditors/{id}/qualifications")]
pub async fn add_qualification(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/auditors/{}", *id);
    let q = QualificationInput {
        standard_code: f.get("standard_code"),
        technical_area: f.get("technical_area"),
        function: f.get("function"),
        valid_from: f.get("valid_from"),
        valid_until: f.opt("valid_until"),
        evidence: f.opt("evidence"),
    };
    let result = personnel::add_qualification(&st.ctx, &p, AuditorId(*id), q).await;
    super::outcome(&st, &req, &p, &back, result, |_| {
        "Qualification added".to_string()
    })
}

/// `POST /auditors/{id}/qualifications/{qualification_id}/remove`.
#[post("/auditors/{id}/qualifications/{qualification_id}/remove")]
pub async fn remove_qualification(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, .. } = form;
    let (a, q) = path.into_inner();
    let back = format!("/auditors/{a}");
    match personnel::remove_qualification(&st.ctx, &p, AuditorId(a), QualificationId(q)).await {
        Ok(()) => redirect(&st, &back, Some(Flash::ok("Qualification removed"))),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

/// `POST /auditors/{id}/conflicts`.
#[post("/auditors/{id}/conflicts")]
pub async fn add_conflict(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/auditors/{}", *id);
    let Ok(client) = f.get("client_id").parse::<uuid::Uuid>() else {
        return redirect(
            &st,
            &back,
            Some(Flash::err("Choose the client the conflict concerns.")),
        );
    };
    {
        let result = personnel::add_conflict(
            &st.ctx,
            &p,
            AuditorId(*id),
            client,
            &f.get("kind"),
            f.opt("ended_on").as_deref(),
            f.opt("note").as_deref(),
        )
        .await;
        super::outcome(&st, &req, &p, &back, result, |_| {
            "Conflict of interest recorded".to_string()
        })
    }
}

/// `POST /auditors/{id}/conflicts/{conflict_id}/remove`.
#[post("/auditors/{id}/conflicts/{conflict_id}/remove")]
pub async fn remove_conflict(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, .. } = form;
    let (a, c) = path.into_inner();
    let back = format!("/auditors/{a}");
    match personnel::remove_conflict(&st.ctx, &p, AuditorId(a), ConflictId(c)).await {
        Ok(()) => redirect(&st, &back, Some(Flash::ok("Conflict declaration removed"))),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

/// `POST /auditors/{id}/absences`.
#[post("/auditors/{id}/absences")]
pub async fn add_absence(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/auditors/{}", *id);
    {
        let result = personnel::add_absence(
            &st.ctx,
            &p,
            AuditorId(*id),
            &f.get("starts_on"),
            &f.get("ends_on"),
            f.opt("reason").as_deref(),
        )
        .await;
        super::outcome(&st, &req, &p, &back, result, |_| {
            "Unavailability recorded".to_string()
        })
    }
}

/// `POST /auditors/{id}/absences/{absence_id}/remove`.
#[post("/auditors/{id}/absences/{absence_id}/remove")]
pub async fn remove_absence(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, .. } = form;
    let (a, b) = path.into_inner();
    let back = format!("/auditors/{a}");
    match personnel::remove_absence(&st.ctx, &p, AuditorId(a), AbsenceId(b)).await {
        Ok(()) => redirect(&st, &back, Some(Flash::ok("Unavailability removed"))),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}
