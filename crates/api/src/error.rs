//! RFC 9457 problem details with a stable snake_case `code`.
//!
//! Every API error leaves through [`ApiError`]. A 500 says nothing about its cause; the
//! log holds the whole chain once, here at the edge.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use certa_domain::ErrorCode;
use certa_service::ServiceError;
use serde::Serialize;
use std::fmt;

/// Media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem+json error.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` style, under Certa's docs).
    #[serde(rename = "type")]
    pub type_: String,
    /// Short summary of the problem type.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Human explanation of this occurrence.
    pub detail: String,
    /// Stable machine code (snake_case).
    #[schema(value_type = crate::v1::openapi::ErrorCode)]
    pub code: String,
    /// The field at fault, for validation errors (the first one when several are).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem: of a refused input, each field as `{field, code, message}` (all of
    /// them, not only the first); of a refused document (CSV import), each place as
    /// `{line, column, code, message}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub errors: Option<serde_json::Value>,
}

/// The edge error.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: certa_domain::ErrorCode,
    pub detail: String,
    pub field: Option<&'static str>,
    pub retry_after: Option<i64>,
    pub errors: Option<serde_json::Value>,
}

impl ApiError {
    /// A new error.
    pub fn new(
        status: StatusCode,
        code: certa_domain::ErrorCode,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            field: None,
            retry_after: None,
            errors: None,
        }
    }

    /// 404 with a code.
    pub fn not_found(code: certa_domain::ErrorCode, what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, format!("{what} not found"))
    }

    /// The response.
    pub fn into_response(self) -> HttpResponse {
        self.error_response()
    }

    /// The body.
    pub fn problem(&self) -> Problem {
        Problem {
            type_: format!("https://certa.example/problems/{}", self.code),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_string(),
            field: self.field.map(str::to_string),
            errors: self.errors.clone(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut b = HttpResponse::build(self.status);
        b.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        if self.status == StatusCode::UNAUTHORIZED {
            b.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        if let Some(s) = self.retry_after {
            b.insert_header((header::RETRY_AFTER, s.to_string()));
        }
        b.body(serde_json::to_string(&self.problem()).unwrap_or_else(|_| "{}".into()))
    }
}

/// Writes a service error's whole cause chain to the log (once, here).
pub fn log_unexpected(e: &dyn std::error::Error) {
    let mut chain = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        cur = s.source();
    }
    tracing::error!(error.chain = %chain, "unexpected error");
}

/// Seconds a client is asked to wait when the database cannot be reached.
pub const UNAVAILABLE_RETRY_AFTER_SECS: i64 = 5;

/// The answer when the database cannot be reached (down, restarting, no connection free
/// within the pool's wait): 503 `database_unavailable` with `Retry-After`, logged as a
/// warning with its cause (the operator sees the outage; nothing is wrong with the
/// request).
pub fn unavailable(e: &ServiceError) -> ApiError {
    if let Some(inner) = e.internal() {
        let mut chain = inner.to_string();
        let mut cur = inner.source();
        while let Some(s) = cur {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            cur = s.source();
        }
        tracing::warn!(error.chain = %chain, "the database cannot be reached; answered 503");
    }
    ApiError {
        retry_after: Some(UNAVAILABLE_RETRY_AFTER_SECS),
        ..ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::DatabaseUnavailable,
            "the service cannot reach its database right now; try again in a few seconds",
        )
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Unauthorized { code, message } => {
                ApiError::new(StatusCode::UNAUTHORIZED, code, message)
            }
            ServiceError::Forbidden => ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "your roles do not allow this",
            ),
            ServiceError::NotFound { what, code } => ApiError::not_found(code, what),
            ServiceError::Invalid {
                field,
                code,
                message,
            } => ApiError {
                field: Some(field),
                errors: serde_json::to_value([certa_domain::FieldProblem {
                    field,
                    code,
                    message: message.clone(),
                }])
                .ok(),
                ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
            },
            ServiceError::Fields { errors } => {
                let first = errors.first().cloned();
                let detail = errors
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                ApiError {
                    field: first.as_ref().map(|p| p.field),
                    errors: serde_json::to_value(&errors).ok(),
                    ..ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        first.map_or(ErrorCode::Invalid, |p| p.code),
                        detail,
                    )
                }
            }
            ServiceError::Conflict { code, message } => {
                ApiError::new(StatusCode::CONFLICT, code, message)
            }
            ServiceError::Throttled {
                message,
                retry_after_secs,
            } => ApiError {
                retry_after: Some(retry_after_secs),
                ..ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorCode::TooManyAttempts,
                    message,
                )
            },
            ServiceError::InvalidRows { errors } => ApiError {
                errors: serde_json::to_value(&errors).ok(),
                ..ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::CsvInvalid,
                    format!(
                        "the file has {} problem(s); nothing was imported",
                        errors.len()
                    ),
                )
            },
            ServiceError::NoTenant => ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::NoTenantSelected,
                "choose a certification body first",
            ),
            ServiceError::TooLarge { field, message } => ApiError {
                field: Some(field),
                ..ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::FileTooLarge,
                    message,
                )
            },
            e if e.is_unavailable() => unavailable(&e),
            e @ (ServiceError::Storage(_) | ServiceError::Unexpected(_)) => {
                if let Some(inner) = e.internal() {
                    log_unexpected(inner);
                }
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::InternalError,
                    "something went wrong on our side; it has been logged",
                )
            }
        }
    }
}

/// Maps JSON body errors: wrong content type → 415, too large → 413, not JSON → 400,
/// JSON of the wrong shape (unknown or missing fields, wrong types) → 422.
pub fn json_error(err: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    let e = match &err {
        J::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "send the body as application/json",
        ),
        J::OverflowKnownLength { .. } | J::Overflow { .. } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BodyTooLarge,
            format!("the body is larger than {} bytes", crate::JSON_LIMIT),
        ),
        J::Deserialize(de) if de.is_data() => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            de.to_string(),
        ),
        J::Deserialize(de) => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {de}"),
        ),
        other => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadBody,
            other.to_string(),
        ),
    };
    e.into()
}

/// An id in the path that does not parse cannot name an object: 404. When the path is
/// another documented resource that does not answer this method (`GET
/// /api/v1/programmes/preview` reaching `GET /api/v1/programmes/{id}`): 405 with `Allow`.
pub fn path_error(_err: actix_web::error::PathError, req: &HttpRequest) -> actix_web::Error {
    if let Some(allow) = crate::v1::openapi::methods_of(req.path())
        && !allow.split(", ").any(|m| m == req.method().as_str())
    {
        return MethodNotAllowed(allow).into();
    }
    // A page's address: the not-found page, not a JSON answer.
    if !req.path().starts_with("/api/")
        && let Some(st) = req.app_data::<actix_web::web::Data<crate::AppState>>()
    {
        return actix_web::error::InternalError::from_response(
            "no such page",
            crate::pages::not_found_page(st, req),
        )
        .into();
    }
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "no such resource",
    )
    .into()
}

/// 405 with the methods the resource answers.
#[derive(Debug)]
pub struct MethodNotAllowed(pub String);

impl MethodNotAllowed {
    fn error(&self) -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            format!("this resource answers {}", self.0),
        )
    }
}

impl fmt::Display for MethodNotAllowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error().fmt(f)
    }
}

impl ResponseError for MethodNotAllowed {
    fn status_code(&self) -> StatusCode {
        StatusCode::METHOD_NOT_ALLOWED
    }

    fn error_response(&self) -> HttpResponse {
        let mut r = self.error().error_response();
        if let Ok(v) = HeaderValue::from_str(&self.0) {
            r.headers_mut().insert(header::ALLOW, v);
        }
        r
    }
}

/// Bad query parameters.
pub fn query_error(
    err: actix_web::error::QueryPayloadError,
    _req: &HttpRequest,
) -> actix_web::Error {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidQuery,
        err.to_string(),
    )
    .into()
}

/// Bad form bodies (pages): plain 400 with a readable message.
pub fn form_error(err: actix_web::error::UrlencodedError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::UrlencodedError as U;
    let e = match &err {
        U::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "send the form as application/x-www-form-urlencoded",
        ),
        U::Overflow { .. } | U::UnknownLength => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BodyTooLarge,
            "the form is too large",
        ),
        other => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidForm,
            other.to_string(),
        ),
    };
    e.into()
}
