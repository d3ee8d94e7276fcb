//! Calendars:
//!
//! - `GET /calendar?month=YYYY-MM`: the month grid of every scheduled audit of the
//!   tenant, Monday-first, each day listing its audits;
//! - `GET /auditors/{id}/calendar?month=YYYY-MM`: the same grid for one person, with
//!   their unavailability;
//! - `GET /calendar/{secret}.ics`: an auditor's calendar behind a secret address, for
//!   calendar apps that cannot send a token. Unknown or replaced secrets answer 404.

use super::{Signed, capitalised, page, page_with_status};
use crate::AppState;
use crate::render::Tr;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use certa_domain::AuditorId;
use certa_domain::month::Month;
use certa_service::Principal;
use certa_service::audits::{self, MonthCalendar};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::{Value, json};

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
            if let Some(inner) = e.internal() {
                crate::error::log_unexpected(inner);
            }
            HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .body("no such calendar")
        }
    }
}

/// `?month=YYYY-MM` (absent or empty: the current month).
#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The month asked for, or why the address names none.
fn month_of(tr: &Tr<'_>, q: &MonthQuery) -> Result<Month, String> {
    match q.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => Ok(Month::of(today())),
        Some(m) => Month::parse(m).map_err(|e| {
            tr.f(
                "msg-calendar-bad-month",
                &[
                    ("problem", capitalised(e.message()).into()),
                    ("asked", m.into()),
                ],
            )
        }),
    }
}

/// The 400 page for a month that is not one.
fn bad_month(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    tr: &Tr<'_>,
    message: &str,
) -> HttpResponse {
    page_with_status(
        st,
        req,
        Some(p),
        StatusCode::BAD_REQUEST,
        &tr.t("msg-calendar-not-a-month"),
        message,
    )
}

/// A month's name in the reader's language (`March`).
fn month_name(tr: &Tr<'_>, d: NaiveDate) -> String {
    tr.t(&format!("msg-calendar-month-{}", d.month()))
}

/// A month with its year in the reader's language (`March 2026`): the words of
/// [`Month::label`], by the month's key.
pub fn month_label(tr: &Tr<'_>, month: Month) -> String {
    let first = month.first_day();
    tr.f(
        "msg-calendar-month-year",
        &[
            ("month", month_name(tr, first).into()),
            ("year", first.year().to_string().into()),
        ],
    )
}

/// A day as a calendar cell names it for screen readers (`Monday 7 December`).
fn day_label(tr: &Tr<'_>, d: NaiveDate) -> String {
    tr.f(
        "msg-calendar-day",
        &[
            (
                "weekday",
                tr.t(&format!(
                    "msg-calendar-weekday-{}",
                    d.weekday().number_from_monday()
                ))
                .into(),
            ),
            ("day", d.day().to_string().into()),
            ("month", month_name(tr, d).into()),
        ],
    )
}

/// The grid: weeks as rows, each day with what happens on it. `entry` renders one audit,
/// `extra` adds whatever else a day holds (a person's unavailability).
fn grid(
    tr: &Tr<'_>,
    cal: &MonthCalendar,
    entry: impl Fn(&audits::MonthAudit) -> Value,
    extra: impl Fn(NaiveDate) -> Vec<Value>,
) -> Vec<Value> {
    let month = cal.month;
    let weeks = month.weeks();
    let Some(start) = weeks.first().map(|w| w[0]) else {
        return Vec::new();
    };
    let mut per_day: Vec<Vec<Value>> = vec![Vec::new(); weeks.len() * 7];
    for a in &cal.audits {
        let (Ok(from), Ok(to)) = (
            NaiveDate::parse_from_str(&a.audit.starts_on, "%Y-%m-%d"),
            NaiveDate::parse_from_str(&a.audit.ends_on, "%Y-%m-%d"),
        ) else {
            continue;
        };
        let rendered = entry(a);
        let mut d = from.max(month.first_day());
        while d <= to.min(month.last_day()) {
            if let Some(cell) = usize::try_from((d - start).num_days())
                .ok()
                .and_then(|i| per_day.get_mut(i))
            {
                cell.push(rendered.clone());
            }
            d += chrono::Duration::days(1);
        }
    }
    let today = today();
    weeks
        .iter()
        .enumerate()
        .map(|(w, days)| {
            let cells: Vec<Value> = days
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let in_month = month.contains(*d);
                    let audits = if in_month {
                        std::mem::take(&mut per_day[w * 7 + i])
                    } else {
                        Vec::new()
                    };
                    json!({
                        "day": d.format("%-d").to_string(),
                        "date": d.to_string(),
                        "label": day_label(tr, *d),
                        "in_month": in_month,
                        "today": *d == today,
                        "audits": audits,
                        "absences": if in_month { extra(*d) } else { Vec::new() },
                    })
                })
                .collect();
            json!({"days": cells})
        })
        .collect()
}

/// The month navigation: the template writes `{base}?month={key}` links.
fn nav(tr: &Tr<'_>, base: &str, month: Month) -> Value {
    let current = Month::of(today());
    json!({
        "base": base,
        "label": month_label(tr, month),
        "previous": month.previous().key(),
        "previous_label": month_label(tr, month.previous()),
        "next": month.next().key(),
        "next_label": month_label(tr, month.next()),
        "current": current.key(),
        "is_current": month == current,
    })
}

fn audit_entry(tr: &Tr<'_>, a: &audits::MonthAudit) -> Value {
    json!({
        "id": a.audit.id,
        "client": a.audit.client_name,
        "kind": tr.label(*a.audit.kind),
        "status": tr.label(*a.audit.status),
        "team": a.team.iter().map(|m| format!("{} ({})", m.name, tr.label(*m.role))).collect::<Vec<_>>().join(", "),
    })
}

/// `GET /calendar`: the tenant's month.
#[get("/calendar")]
pub async fn month_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    q: web::Query<MonthQuery>,
) -> HttpResponse {
    let tr = super::tr(&st, &req, Some(&p));
    let month = match month_of(&tr, &q) {
        Ok(m) => m,
        Err(message) => return bad_month(&st, &req, &p, &tr, &message),
    };
    let cal = match audits::month_calendar(&st.ctx, &p, month).await {
        Ok(c) => c,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let weeks = grid(&tr, &cal, |a| audit_entry(&tr, a), |_| Vec::new());
    let label = month_label(&tr, month);
    page(
        &st,
        &req,
        Some(&p),
        "pages/calendar_month",
        &tr.f("msg-calendar-title", &[("month", label.as_str().into())]),
        "calendar",
        json!({
            "heading": tr.f("msg-calendar-heading", &[("month", label.into())]),
            "month": nav(&tr, "/calendar", month),
            "weeks": weeks,
            "count": cal.audits.len(),
        }),
    )
}

/// `GET /auditors/{id}/calendar`: one person's month.
#[get("/auditors/{id}/calendar")]
pub async fn auditor_month_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
    q: web::Query<MonthQuery>,
) -> HttpResponse {
    let tr = super::tr(&st, &req, Some(&p));
    let month = match month_of(&tr, &q) {
        Ok(m) => m,
        Err(message) => return bad_month(&st, &req, &p, &tr, &message),
    };
    let m = match audits::auditor_month(&st.ctx, &p, AuditorId(*id), month).await {
        Ok(m) => m,
        Err(e) => return super::service_error(&st, &req, &p, "/auditors", e),
    };
    let absences: Vec<(NaiveDate, NaiveDate, Value)> = m
        .absences
        .iter()
        .filter_map(|b| {
            let from = NaiveDate::parse_from_str(&b.starts_on, "%Y-%m-%d").ok()?;
            let to = NaiveDate::parse_from_str(&b.ends_on, "%Y-%m-%d").ok()?;
            Some((
                from,
                to,
                json!({"from": b.starts_on, "to": b.ends_on, "reason": b.reason}),
            ))
        })
        .collect();
    let weeks = grid(
        &tr,
        &m.calendar,
        |a| {
            let mut e = audit_entry(&tr, a);
            e["role"] = json!(
                a.team
                    .iter()
                    .map(|t| tr.label(*t.role))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            e["team"] = Value::Null;
            e
        },
        |d| {
            absences
                .iter()
                .filter(|(from, to, _)| *from <= d && d <= *to)
                .map(|(_, _, v)| v.clone())
                .collect()
        },
    );
    let a = &m.auditor;
    let label = month_label(&tr, month);
    let args = [("name", a.name.as_str().into()), ("month", label.into())];
    page(
        &st,
        &req,
        Some(&p),
        "pages/calendar_month",
        &tr.f("msg-calendar-auditor-title", &args),
        "auditors",
        json!({
            "heading": tr.f("msg-calendar-auditor-heading", &args),
            "auditor": {"id": a.id, "name": a.name},
            "month": nav(&tr, &format!("/auditors/{}/calendar", a.id), month),
            "weeks": weeks,
            "count": m.calendar.audits.len(),
            "absence_count": m.absences.len(),
        }),
    )
}
