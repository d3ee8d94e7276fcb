//! Personnel pages: the list and each record with qualifications, conflicts of interest
//! and unavailability.

use super::{Done, Fields, Flash, NoFields, SessionForm, Signed, blank_none, page, redirect};
use crate::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::ErrorCode;
use certa_domain::personnel::AuditorStatus;
use certa_domain::personnel::{Function, KNOWN_STANDARDS};
use certa_domain::{AbsenceId, Action, AuditorId, ConflictId, QualificationId};
use certa_service::personnel::{self, AuditorInput, QualificationInput};
use certa_service::{Principal, ServiceError, clients};
use serde::Deserialize;
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
            code: ErrorCode::UnknownMember,
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
    let tr = super::tr(&st, &req, Some(&p));
    let rows: Vec<_> = list
        .into_iter()
        .map(|a| json!({"id": a.id, "name": a.name, "email": a.email, "status": tr.label(a.status), "linked": a.membership_id.is_some()}))
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/auditors",
        &tr.t("msg-auditors-title"),
        "auditors",
        json!({"auditors": rows, "can_manage": can_manage(&p)}),
    )
}

/// `POST /auditors`: create a record.
#[post("/auditors")]
pub async fn create(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = match auditor_input(&f) {
        Ok(i) => personnel::create(&st.ctx, &p, i).await,
        Err(e) => Err(e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/auditors", result, |a| {
        Done::to(
            format!("/auditors/{}", a.id),
            tr.f("msg-auditors-created", &[("name", a.name.into())]),
        )
    })
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
    let tr = super::tr(&st, &req, Some(&p));
    let client_options: Vec<_> = if manage {
        super::panel(
            "client options",
            clients::search(&st.ctx, &p, None, None, None, clients::MAX_PAGE).await,
        )
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
            "auditor": {"id": a.id, "membership_id": a.membership_id, "name": a.name, "email": a.email, "status": tr.label(a.status), "notes": a.notes,
                "active": a.status == AuditorStatus::Active},
            "qualifications": f.qualifications.iter().map(|q| json!({"id": q.id, "standard": q.standard_code, "area": q.technical_area,
                "function": tr.label(q.function), "from": q.valid_from, "until": q.valid_until, "evidence": q.evidence})).collect::<Vec<_>>(),
            "conflicts": f.conflicts.iter().map(|(c, name)| json!({"id": c.id, "client": name, "kind": tr.label(c.kind), "ended_on": c.ended_on, "note": c.note})).collect::<Vec<_>>(),
            "absences": f.absences.iter().map(|b| json!({"id": b.id, "from": b.starts_on, "to": b.ends_on, "reason": b.reason})).collect::<Vec<_>>(),
            "can_manage": manage,
            "standards": KNOWN_STANDARDS,
            "functions": Function::ALL.iter().map(|&f| json!({"value": f.as_str(), "label": tr.label(f)})).collect::<Vec<_>>(),
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
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/auditors/{}", *id);
    let result = match auditor_input(&f) {
        Ok(i) => personnel::update(&st.ctx, &p, AuditorId(*id), i).await,
        Err(e) => Err(e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |_| {
        tr.t("msg-auditors-details-saved")
    })
}

/// A qualification.
#[derive(Deserialize)]
pub struct QualificationForm {
    #[serde(default)]
    standard_code: String,
    #[serde(default)]
    technical_area: String,
    #[serde(default)]
    function: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default, deserialize_with = "blank_none")]
    valid_until: Option<String>,
    #[serde(default, deserialize_with = "blank_none")]
    evidence: Option<String>,
}

/// `POST /auditors/{id}/qualifications`.
#[post("/auditors/{id}/qualifications")]
pub async fn add_qualification(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<QualificationForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/auditors/{}", *id);
    let q = QualificationInput {
        standard_code: f.standard_code,
        technical_area: f.technical_area,
        function: f.function,
        valid_from: f.valid_from,
        valid_until: f.valid_until,
        evidence: f.evidence,
    };
    let result = personnel::add_qualification(&st.ctx, &p, AuditorId(*id), q).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |_| {
        tr.t("msg-auditors-qualification-added")
    })
}

/// `POST /auditors/{id}/qualifications/{qualification_id}/remove`.
#[post("/auditors/{id}/qualifications/{qualification_id}/remove")]
pub async fn remove_qualification(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let (a, q) = path.into_inner();
    let back = format!("/auditors/{a}");
    let result =
        personnel::remove_qualification(&st.ctx, &p, AuditorId(a), QualificationId(q)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |()| {
        tr.t("msg-auditors-qualification-removed")
    })
}

/// A declared conflict of interest.
#[derive(Deserialize)]
pub struct ConflictForm {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default, deserialize_with = "blank_none")]
    ended_on: Option<String>,
    #[serde(default, deserialize_with = "blank_none")]
    note: Option<String>,
}

/// `POST /auditors/{id}/conflicts`.
#[post("/auditors/{id}/conflicts")]
pub async fn add_conflict(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<ConflictForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/auditors/{}", *id);
    let tr = super::tr(&st, &req, Some(&p));
    let Ok(client) = f.client_id.parse::<uuid::Uuid>() else {
        return redirect(
            &st,
            &back,
            Some(Flash::err(tr.t("msg-auditors-choose-client"))),
        );
    };
    {
        let result = personnel::add_conflict(
            &st.ctx,
            &p,
            AuditorId(*id),
            client,
            &f.kind,
            f.ended_on.as_deref(),
            f.note.as_deref(),
        )
        .await;
        super::outcome(&st, &req, &p, &back, result, |_| {
            tr.t("msg-auditors-conflict-recorded")
        })
    }
}

/// `POST /auditors/{id}/conflicts/{conflict_id}/remove`.
#[post("/auditors/{id}/conflicts/{conflict_id}/remove")]
pub async fn remove_conflict(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let (a, c) = path.into_inner();
    let back = format!("/auditors/{a}");
    let result = personnel::remove_conflict(&st.ctx, &p, AuditorId(a), ConflictId(c)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |()| {
        tr.t("msg-auditors-conflict-removed")
    })
}

/// A period of unavailability.
#[derive(Deserialize)]
pub struct AbsenceForm {
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default, deserialize_with = "blank_none")]
    reason: Option<String>,
}

/// `POST /auditors/{id}/absences`.
#[post("/auditors/{id}/absences")]
pub async fn add_absence(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<AbsenceForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/auditors/{}", *id);
    {
        let result = personnel::add_absence(
            &st.ctx,
            &p,
            AuditorId(*id),
            &f.starts_on,
            &f.ends_on,
            f.reason.as_deref(),
        )
        .await;
        let tr = super::tr(&st, &req, Some(&p));
        super::outcome(&st, &req, &p, &back, result, |_| {
            tr.t("msg-auditors-absence-recorded")
        })
    }
}

/// `POST /auditors/{id}/absences/{absence_id}/remove`.
#[post("/auditors/{id}/absences/{absence_id}/remove")]
pub async fn remove_absence(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let (a, b) = path.into_inner();
    let back = format!("/auditors/{a}");
    let result = personnel::remove_absence(&st.ctx, &p, AuditorId(a), AbsenceId(b)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |()| {
        tr.t("msg-auditors-absence-removed")
    })
}
