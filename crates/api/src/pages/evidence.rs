//! Pages and browser endpoints for evidence: the upload script's JSON calls (session and
//! CSRF like every form), the signed upload address of the local store, downloads and
//! withdrawal.

use super::{Fields, Flash, NoFields, SessionForm, SessionQuery, Signed, redirect};
use crate::AppState;
use crate::v1::evidence::{download_response, ticket_json, upload_error, version_json};
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use certa_domain::ErrorCode;
use certa_service::evidence::{self, Target};
use serde::Deserialize;

fn json_error(e: certa_service::ServiceError) -> HttpResponse {
    actix_web::ResponseError::error_response(&upload_error(e))
}

/// `POST /evidence/uploads`: the script asks where to send a file (direct upload).
#[post("/evidence/uploads")]
pub async fn start(st: web::Data<AppState>, form: SessionForm<Fields>) -> HttpResponse {
    let SessionForm { p, f } = form;
    let target = match uuid::Uuid::parse_str(&f.get("target_id"))
        .ok()
        .map(|id| Target::parse(&f.get("target_kind"), id))
    {
        Some(Ok(t)) => t,
        Some(Err(e)) => return json_error(e),
        None => {
            return json_error(certa_service::ServiceError::Invalid {
                field: "target_id",
                code: ErrorCode::InvalidTarget,
                message: "the upload names no target".into(),
            });
        }
    };
    let r = evidence::UploadRequest {
        filename: f.get("filename"),
        size: f.get("size").parse().unwrap_or(0),
        sha256: f.get("sha256"),
        content_type: f
            .opt("content_type")
            .unwrap_or_else(|| "application/octet-stream".into()),
        target,
        item_id: f
            .opt("item_id")
            .and_then(|s| uuid::Uuid::parse_str(&s).ok()),
        title: f.opt("title"),
        effective_date: f.opt("effective_date"),
        valid_until: f.opt("valid_until"),
    };
    match evidence::start_upload(&st.ctx, &p, r).await {
        Ok(t) => HttpResponse::Created().json(ticket_json(&t)),
        Err(e) => json_error(e),
    }
}

/// `POST /evidence/uploads/{id}/complete`.
#[post("/evidence/uploads/{id}/complete")]
pub async fn complete(
    st: web::Data<AppState>,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    match evidence::complete_upload(&st.ctx, &form.p, *id).await {
        Ok(v) => HttpResponse::Ok().json(version_json(&v)),
        Err(e) => json_error(e),
    }
}

/// Where a streamed browser upload goes.
#[derive(Deserialize)]
pub struct StreamQuery {
    pub target_kind: String,
    pub target_id: uuid::Uuid,
    pub filename: String,
    pub title: Option<String>,
}

/// `POST /evidence/stream?…&csrf=`: the script streams the file through Certa (the body
/// is the file; the CSRF token travels in the query because the body is not a form).
#[post("/evidence/stream")]
pub async fn stream(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionQuery<StreamQuery>,
    payload: web::Payload,
) -> HttpResponse {
    let SessionQuery { p, q } = form;
    let target = match Target::parse(&q.target_kind, q.target_id) {
        Ok(t) => t,
        Err(e) => return json_error(e),
    };
    let announced = crate::body::exact_length(&req);
    let r = evidence::StreamRequest {
        filename: q.filename,
        target,
        item_id: None,
        title: q.title,
        effective_date: None,
        valid_until: None,
        announced_size: announced,
    };
    match crate::v1::evidence::stream_into(&st, &p, r, payload).await {
        Ok(v) => HttpResponse::Created().json(version_json(&v)),
        Err(e) => json_error(e),
    }
}

/// The signed address's query.
#[derive(Deserialize)]
pub struct TokenQuery {
    pub token: String,
}

/// `PUT /uploads/{tenant}/{id}?token=`: the bytes of a direct upload to the local store.
/// The signed, single-use address stands in for the session (like a presigned URL).
#[put("/uploads/{tenant}/{id}")]
pub async fn receive(
    st: web::Data<AppState>,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    q: web::Query<TokenQuery>,
    payload: web::Payload,
) -> HttpResponse {
    let (tenant, id) = path.into_inner();
    let (tx, reader) = crate::body::channel();
    let token = q.into_inner().token;
    let store = async move {
        let mut reader = reader;
        evidence::receive_local_upload(&st.ctx, tenant, id, &token, &mut reader).await
    };
    let (result, ()) = tokio::join!(store, crate::body::pump(payload, tx));
    match result {
        Ok(()) => HttpResponse::Ok().finish(),
        Err(e) => json_error(e),
    }
}

/// `GET /evidence/versions/{id}/download`.
#[get("/evidence/versions/{id}/download")]
pub async fn download(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    match evidence::download(&st.ctx, &p, *id).await {
        Ok(d) => download_response(d),
        Err(e) => super::service_error(&st, &req, &p, "/", e),
    }
}

/// The withdrawal form: the reason, and the page to go back to.
#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    reason: String,
    back: Option<String>,
}

/// `POST /evidence/items/{id}/withdraw`: withdraw, back to the page given in `back`.
#[post("/evidence/items/{id}/withdraw")]
pub async fn withdraw(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<WithdrawForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = super::local_path_or(f.back.as_deref(), "/");
    let result = evidence::withdraw(&st.ctx, &p, *id, &f.reason).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |()| {
        tr.t("msg-evidence-withdrawn")
    })
}

/// Text fields the upload form may send before its file (it sends five).
pub const FORM_FIELDS_MAX: usize = 8;
/// Bytes of one text field, at most.
pub const FORM_FIELD_MAX: usize = 4 * 1024;
/// Bytes of all text fields together, at most.
pub const FORM_FIELDS_TOTAL_MAX: usize = 8 * 1024;

/// Why the text part of the upload form was refused (each with the id of its message).
enum FormRefusal {
    /// Not a form Certa sent (400).
    Malformed(&'static str),
    /// More fields, or longer ones, than the form has (413).
    TooLarge(&'static str),
}

/// The messages of [`FormRefusal`]s.
const UNREADABLE: &str = "msg-evidence-unreadable";
const NO_NAME: &str = "msg-evidence-no-name";

fn form_refused(
    st: &AppState,
    req: &HttpRequest,
    p: &certa_service::Principal,
    r: FormRefusal,
) -> HttpResponse {
    use actix_web::http::StatusCode;
    let (status, message) = match r {
        FormRefusal::Malformed(m) => (StatusCode::BAD_REQUEST, m),
        FormRefusal::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, m),
    };
    let tr = super::tr(st, req, Some(p));
    super::page_with_status(
        st,
        req,
        Some(p),
        status,
        &tr.t("msg-evidence-refused-title"),
        &tr.t(message),
    )
}

/// Reads one text field within what is left of the budget.
async fn text_field(
    field: &mut actix_multipart::Field,
    budget: usize,
) -> Result<String, FormRefusal> {
    use futures_util::StreamExt;
    let mut value = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| FormRefusal::Malformed(UNREADABLE))?;
        if value.len() + chunk.len() > FORM_FIELD_MAX.min(budget) {
            return Err(FormRefusal::TooLarge("msg-evidence-fields-too-long"));
        }
        value.extend_from_slice(&chunk);
    }
    String::from_utf8(value).map_err(|_| FormRefusal::Malformed("msg-evidence-not-text"))
}

/// The upload form without JavaScript, signed in, whose first field is the session's
/// CSRF token (checked as soon as it is read, before anything else of the body); the
/// rest of the form follows in `form`.
pub struct SessionMultipart {
    pub p: certa_service::Principal,
    /// The token, as the first of the form's text fields.
    pub csrf: String,
    pub form: actix_multipart::Multipart,
}

impl actix_web::FromRequest for SessionMultipart {
    type Error = actix_web::Error;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        use futures_util::StreamExt;
        let req = req.clone();
        let signed = Signed::from_request(&req, &mut actix_web::dev::Payload::None);
        let mut form = actix_multipart::Multipart::new(req.headers(), payload.take());
        Box::pin(async move {
            let Signed(p) = signed.await?;
            let st = super::app_state(&req)?;
            let refuse = |r: FormRefusal| {
                actix_web::error::InternalError::from_response(
                    "form refused",
                    form_refused(&st, &req, &p, r),
                )
                .into()
            };
            let begin = "msg-evidence-csrf-first";
            let mut field = match form.next().await {
                None => return Err(refuse(FormRefusal::Malformed(begin))),
                Some(Err(_)) => return Err(refuse(FormRefusal::Malformed(UNREADABLE))),
                Some(Ok(field)) => field,
            };
            match field.name() {
                None => return Err(refuse(FormRefusal::Malformed(NO_NAME))),
                Some("csrf") => {}
                Some(_) => return Err(refuse(FormRefusal::Malformed(begin))),
            }
            let csrf = text_field(&mut field, FORM_FIELDS_TOTAL_MAX)
                .await
                .map_err(refuse)?;
            drop(field);
            super::form::require_csrf(&st, &req, &p, &csrf)?;
            Ok(SessionMultipart { p, csrf, form })
        })
    }
}

/// `POST /evidence/form-upload`: the upload form without JavaScript (multipart). The
/// text fields come first, the CSRF token before any other ([`SessionMultipart`]), at most [`FORM_FIELDS_MAX`] of them within [`FORM_FIELD_MAX`] bytes each and
/// [`FORM_FIELDS_TOTAL_MAX`] in all; then the file, which is streamed through Certa in
/// bounded memory with the limit kept while reading. Past a bound the answer is 413, a
/// form that does not begin with its token 400, without reading further.
#[post("/evidence/form-upload")]
pub async fn form_upload(
    st: web::Data<AppState>,
    req: HttpRequest,
    upload: SessionMultipart,
) -> HttpResponse {
    use futures_util::StreamExt;
    let SessionMultipart { p, csrf, mut form } = upload;
    let tr = super::tr(&st, &req, Some(&p));
    let mut total = csrf.len();
    let mut fields: Vec<(String, String)> = vec![("csrf".into(), csrf)];
    let get = |fields: &[(String, String)], k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    while let Some(field) = form.next().await {
        let Ok(mut field) = field else {
            return form_refused(&st, &req, &p, FormRefusal::Malformed(UNREADABLE));
        };
        let Some(name) = field.name().map(str::to_string) else {
            return form_refused(&st, &req, &p, FormRefusal::Malformed(NO_NAME));
        };
        if name != "file" {
            if fields.len() >= FORM_FIELDS_MAX {
                return form_refused(
                    &st,
                    &req,
                    &p,
                    FormRefusal::TooLarge("msg-evidence-too-many-fields"),
                );
            }
            if fields.iter().any(|(n, _)| *n == name) {
                return form_refused(
                    &st,
                    &req,
                    &p,
                    FormRefusal::Malformed("msg-evidence-field-repeated"),
                );
            }
            let value = match text_field(&mut field, FORM_FIELDS_TOTAL_MAX - total).await {
                Ok(v) => v,
                Err(r) => return form_refused(&st, &req, &p, r),
            };
            total += value.len();
            fields.push((name, value));
            continue;
        }
        let back = super::local_path_or(Some(&get(&fields, "back")), "/");
        let target = match uuid::Uuid::parse_str(&get(&fields, "target_id"))
            .ok()
            .map(|id| Target::parse(&get(&fields, "target_kind"), id))
        {
            Some(Ok(t)) => t,
            _ => {
                return redirect(&st, &back, Some(Flash::err(tr.t("msg-evidence-no-target"))));
            }
        };
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .unwrap_or("file")
            .to_string();
        let title = Some(get(&fields, "title")).filter(|t| !t.trim().is_empty());
        let r = evidence::StreamRequest {
            filename,
            target,
            item_id: None,
            title,
            effective_date: None,
            valid_until: None,
            announced_size: None,
        };
        let (tx, reader) = crate::body::channel();
        let (ctx, principal) = (&st.ctx, &p);
        let store = async move {
            let mut reader = reader;
            evidence::upload_stream(ctx, principal, r, &mut reader).await
        };
        let (result, ()) = tokio::join!(store, crate::body::pump(&mut field, tx));
        return match result {
            Ok(v) => redirect(
                &st,
                &back,
                Some(Flash::ok(tr.f(
                    "msg-evidence-uploaded",
                    &[("filename", (&v.filename).into()), ("size", v.size.into())],
                ))),
            ),
            Err(
                certa_service::ServiceError::Invalid { message, .. }
                | certa_service::ServiceError::TooLarge { message, .. },
            ) => redirect(&st, &back, Some(Flash::err(message))),
            Err(e) => json_error(e),
        };
    }
    let back = super::local_path_or(Some(&get(&fields, "back")), "/");
    redirect(&st, &back, Some(Flash::err(tr.t("msg-evidence-no-file"))))
}
