//! `GET /calendar/{secret}.ics`: an auditor's calendar behind a secret address, for
//! calendar apps that cannot send a token. Unknown or replaced secrets answer 404.

use crate::AppState;
use actix_web::{HttpResponse, get, web};

/// The feed.
#[get("/calendar/{secret}.ics")]
pub async fn feed(st: web::Data<AppState>, secret: web::Path<String>) -> HttpResponse {
    match certa_service::audits::calendar_by_secret(&st.ctx, &secret).await {
        Ok(Some(ics)) => HttpResponse::Ok()
            .content_type("text/calendar; charset=utf-8")
            .insert_header(("cache-control", "private, no-store"))
            .body(ics),
        Ok(None) => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("no such calendar"),
        Err(e) => {
            if let certa_service::ServiceError::Unexpected(inner) = &e {
                crate::error::log_unexpected(inner);
            }
            HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .body("no such calendar")
        }
    }
}
