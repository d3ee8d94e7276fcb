//! The OpenAPI 3.1 document.

use actix_web::{HttpResponse, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Certa's API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Certa API",
        description = "Multi-tenant platform for certification bodies. Errors are RFC 9457 problem+json with a stable `code`. Authenticate with `Authorization: Bearer <token>` (create tokens with `certa admin create-token` or on the API tokens page)."
    ),
    components(schemas(
        crate::error::Problem,
        ErrorCode,
        StandardCode,
        RoleName,
        TechnicalArea
    ))
)]
pub struct ApiDoc;

/// The document: [`ApiDoc`] with the paths (and their schemas) of every handler that
/// [`super::register`] registers, then the security scheme and the problem answers.
/// Built once.
pub fn openapi() -> &'static utoipa::openapi::OpenApi {
    static DOC: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        use utoipa_actix_web::AppExt;
        let (_, mut doc) = actix_web::App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .configure(super::register)
            .split_for_parts();
        Bearer.modify(&mut doc);
        Problems.modify(&mut doc);
        doc
    })
}

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// Every error answer of every operation, documented as what the server sends: RFC 9457
/// `application/problem+json` with the [`Problem`](crate::error::Problem) schema. Besides
/// the answers an operation declares, each gets the ones the edge gives to any request:
/// 400 (malformed query or body), 401 and 403 (operations that need a token), 404 (an
/// unknown id in the path), 409 (operations that change something, when the resource's
/// state does not allow it), 413 and 415 (operations with a body), 422 (anything validated).
struct Problems;

impl Problems {
    fn answer(description: &str) -> utoipa::openapi::Response {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        ResponseBuilder::new()
            .description(description)
            .content(
                crate::error::PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
    }

    fn operation(op: &mut utoipa::openapi::path::Operation, has_path_params: bool, changes: bool) {
        use utoipa::openapi::RefOr;
        for (status, answer) in op.responses.responses.iter_mut() {
            if status.as_str() >= "400"
                && let RefOr::T(r) = answer
            {
                r.content.clear();
                r.content.insert(
                    crate::error::PROBLEM_JSON.to_string(),
                    utoipa::openapi::ContentBuilder::new()
                        .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
                        .build(),
                );
            }
        }
        let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
        let has_body = op.request_body.is_some();
        let mut add = |status: &str, description: &str| {
            op.responses
                .responses
                .entry(status.to_string())
                .or_insert_with(|| RefOr::T(Self::answer(description)));
        };
        add("400", "The query string or the body is malformed.");
        if secured {
            add("401", "No valid bearer token or session.");
            add("403", "The caller's roles do not allow this.");
        }
        if has_path_params || secured {
            add(
                "404",
                "No such resource in the caller's certification body.",
            );
        }
        if changes {
            add("409", "The resource's state does not allow this now.");
        }
        if has_body {
            add("413", "The body is larger than allowed.");
            add("415", "The body is not of a supported media type.");
        }
        add("422", "A value was refused; `field` names it.");
    }
}

impl Modify for Problems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_path_params = path.contains('{');
            if let Some(op) = item.get.as_mut() {
                Self::operation(op, has_path_params, false);
            }
            for op in [
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                Self::operation(op, has_path_params, true);
            }
        }
    }
}

/// `GET /api/v1/openapi.json`.
#[get("/openapi.json")]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(openapi())
}

/// One documented path: its segments (`None` for a parameter, or the literal text around
/// it) and its methods.
struct Route {
    segments: Vec<(String, Option<String>)>,
    methods: String,
}

fn routes() -> &'static [Route] {
    static ROUTES: std::sync::OnceLock<Vec<Route>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| {
        openapi()
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .split('/')
                    .map(|seg| match (seg.find('{'), seg.find('}')) {
                        // `{id}` or `{secret}.ics`: what stands before and after the parameter.
                        (Some(a), Some(b)) if a < b => {
                            (seg[..a].to_string(), Some(seg[b + 1..].to_string()))
                        }
                        _ => (seg.to_string(), None),
                    })
                    .collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter(|(_, on)| *on)
                .map(|(m, _)| m)
                .collect::<Vec<_>>()
                .join(", ");
                Route { segments, methods }
            })
            .collect()
    })
}

/// The methods of the documented API path that `path` matches (`GET, POST`), for
/// the `Allow` header of a 405; `None` when no documented path matches.
pub fn methods_of(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    routes()
        .iter()
        .find(|r| {
            r.segments.len() == parts.len()
                && r.segments
                    .iter()
                    .zip(&parts)
                    .all(|((lit, param), part)| match param {
                        None => lit == part,
                        Some(suffix) => {
                            part.len() > lit.len() + suffix.len()
                                && part.starts_with(lit.as_str())
                                && part.ends_with(suffix.as_str())
                        }
                    })
        })
        .map(|r| r.methods.clone())
        .filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::methods_of;

    #[test]
    fn documented_paths_answer_their_methods() {
        assert_eq!(methods_of("/api/v1/clients").as_deref(), Some("GET, POST"));
        let one = methods_of("/api/v1/clients/0192a4b2-0000-7000-8000-000000000000");
        assert!(one.is_some_and(|m| m.contains("PUT") && !m.contains("POST")));
        assert_eq!(methods_of("/api/v1/nothing-here"), None);
        assert_eq!(methods_of("/api/v1/clients//"), None);
    }

    /// The whole document as served at `GET /api/v1/openapi.json`, against its reviewed
    /// snapshot: a change of the API shows in review. After a deliberate change:
    /// `cargo insta review` (or `INSTA_UPDATE=always cargo test -p certa-api`) and
    /// commit the `.snap` file.
    #[test]
    fn the_document_is_as_reviewed() {
        insta::assert_json_snapshot!("openapi", super::openapi());
    }
}

/// A standard edition of the catalogue (documentation of string fields that name one).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub enum StandardCode {
    #[serde(rename = "ISO 9001:2015")]
    Iso9001,
    #[serde(rename = "ISO 14001:2015")]
    Iso14001,
    #[serde(rename = "ISO 45001:2018")]
    Iso45001,
    #[serde(rename = "ISO/IEC 27001:2022")]
    Iso27001,
    #[serde(rename = "ISO/IEC 42001:2023")]
    Iso42001,
}

/// A role of a membership (documentation of string fields that name one).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    Admin,
    Scheduler,
    Auditor,
    Reviewer,
    Client,
    Viewer,
}

/// Every stable `code` an error answer carries (the `code` of a problem, of a refused
/// field, of a refused row): [`certa_domain::ErrorCode`].
pub struct ErrorCode;

impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(
                certa_domain::ErrorCode::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>(),
            ))
            .description(Some(
                "Stable machine code of an error (snake_case); new codes may be added.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for ErrorCode {}

/// A technical-area code: an IAF/EA sector such as `IAF 19`, a NACE code such as `62.01`,
/// or `all` for standards without sectors; 1–40 printable characters.
pub struct TechnicalArea;

impl utoipa::PartialSchema for TechnicalArea {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(TECHNICAL_AREA_PATTERN))
            .description(Some("IAF 19, 62.01 or all: 1-40 printable characters"))
            .into()
    }
}

impl utoipa::ToSchema for TechnicalArea {}

/// What [`TechnicalArea`] documents: 1–40 printable characters once trimmed (a blank
/// entry names nothing and is left out).
pub const TECHNICAL_AREA_PATTERN: &str = "^\\s*([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]{0,38}[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?\\s*$";
