//! Dashboard and the tenant picker.

use super::{SessionForm, page, redirect, to_login};
use crate::AppState;
use crate::extract::MaybeSession;
use crate::render::{Lang, Tr, format};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::outbox::OutboxStatus;
use certa_domain::{Action, TenantId};
use certa_service::{auth, members, trail};
use serde::Deserialize;
use serde_json::json;

/// `GET /`: the tenant's dashboard.
#[get("/")]
pub async fn dashboard(st: web::Data<AppState>, req: HttpRequest, s: MaybeSession) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    let Some(t) = &p.tenant else {
        if let Some(r) = super::security::gate_redirect(&st, &p) {
            return r;
        }
        return redirect(&st, "/tenants", None);
    };
    if t.client.is_some() {
        return redirect(&st, "/portal", None);
    }
    let tr = super::tr(&st, &req, Some(&p));
    let roles: Vec<String> = t.roles.iter().map(|r| tr.label(r)).collect();
    let mut data = json!({"roles": roles.join(", ")});
    if t.roles.allows(Action::ViewMembers)
        && let Some(m) = super::panel_opt("member count", members::list(&st.ctx, &p).await)
    {
        data["member_count"] = json!(m.len());
    }
    if t.roles.allows(Action::ViewAuditTrail)
        && let Some(ev) =
            super::panel_opt("recent events", trail::events(&st.ctx, &p, None, 5).await)
    {
        data["recent"] = json!(
            ev.into_iter()
                .map(
                    |e| json!({"seq": e.seq, "action": action_words(&e.action), "actor": e.actor_label,
                    "at": super::when(&p, e.occurred_at)})
                )
                .collect::<Vec<_>>()
        );
    }
    // The member's own coming audits, as lead or member, with their role.
    if t.roles.allows(Action::ConductAudits)
        && let Some(mine) = super::panel_opt(
            "my next audits",
            certa_service::audits::my_next_audits(&st.ctx, &p, 90).await,
        )
    {
        let can_open = t.roles.allows(Action::ViewClients);
        data["my_audits"] = json!(
            mine.iter()
                .map(|m| json!({
                    "id": m.audit.id,
                    "client": m.audit.client_name,
                    "kind": tr.label(*m.audit.kind),
                    "starts_on": m.audit.starts_on,
                    "ends_on": m.audit.ends_on,
                    "status": tr.label(*m.audit.status),
                    "role": m.team.first().map(|r| tr.label(*r.role)).unwrap_or_default(),
                    "can_open": can_open,
                }))
                .collect::<Vec<_>>()
        );
    }
    // Evidence client users uploaded since the auditor last looked, on audits they are on
    // the team of; reading it records this visit.
    if t.roles.allows(Action::ConductAudits)
        && let Some(a) = super::panel_opt(
            "evidence arrived",
            certa_service::evidence::arrived_since_last_visit(&st.ctx, &p).await,
        )
        && a.on_team
    {
        data["arrived"] = json!({
            "since": a.since.map(|s| super::when(&p, s)),
            "days": certa_service::evidence::FIRST_VISIT_DAYS,
            "more": a.more.then_some(a.items.len()),
            "items": a.items.iter().map(|x| arrived_row(&tr, &p, x)).collect::<Vec<_>>(),
        });
    }
    // The programme manager's queue: applications to review, teams to confirm.
    if t.roles.allows(Action::ScheduleAudits)
        && let (Some(submitted), Some(proposals)) = (
            super::panel_opt(
                "applications waiting",
                certa_service::applications::list(&st.ctx, &p, Some("submitted"), None).await,
            ),
            super::panel_opt(
                "team proposals waiting",
                certa_service::audits::proposals_waiting(&st.ctx, &p).await,
            ),
        )
    {
        // Objections the client raised block a proposal's confirmation until resolved:
        // those proposals come first.
        let objections = super::panel(
            "open objections",
            certa_service::audits::open_objections(&st.ctx, &p).await,
        );
        let mut proposals = proposals;
        proposals.sort_by_key(|a| (!objections.contains_key(&a.id), a.starts_on.clone()));
        data["planning"] = json!({
            "applications": submitted.len(),
            "proposals": proposals.iter().take(5).map(|a| json!({
                "id": a.id, "client": a.client_name, "kind": tr.label(*a.kind), "starts_on": a.starts_on,
                "objections": objections.get(&a.id).copied().unwrap_or(0),
            })).collect::<Vec<_>>(),
            "proposal_count": proposals.len(),
            "objection_count": objections.values().sum::<i64>(),
            "blocked": proposals.iter().filter(|a| objections.contains_key(&a.id)).count(),
        });
    }
    // Audits per month, held and planned: the last five months and the next six.
    if t.roles.allows(Action::ScheduleAudits)
        && let Some(load) = super::panel_opt(
            "audits per month",
            certa_service::audits::monthly_load(&st.ctx, &p, 5, 6).await,
        )
    {
        use super::charts::{Bar, Chart, Series, stacked_bars};
        let bars: Vec<Bar> = load
            .iter()
            .map(|l| Bar {
                label: month_short(tr.lang(), l.month.first_day()),
                name: month_name(tr.lang(), l.month.first_day()),
                values: vec![l.held, l.planned],
            })
            .collect();
        let (title, axis, empty, held, planned) = (
            tr.t("msg-home-load-title"),
            tr.t("msg-home-load-axis"),
            tr.t("msg-home-load-empty"),
            tr.t("msg-home-series-held"),
            tr.t("msg-home-series-planned"),
        );
        data["load_chart"] = json!(stacked_bars(
            &Chart {
                id: "load",
                title: &title,
                axis: &axis,
                empty: &empty,
                caption: false,
            },
            &[
                Series {
                    name: &held,
                    class: "s-held",
                },
                Series {
                    name: &planned,
                    class: "s-planned",
                },
            ],
            &bars,
        ));
    }
    if t.roles.allows(Action::ViewClients)
        && let Some(due) = super::panel_opt(
            "audits due",
            certa_service::programmes::due_soon(&st.ctx, &p).await,
        )
    {
        data["due"] = json!(due
            .into_iter()
            .map(|d| json!({"client": d.client_name, "kind": tr.label(d.audit.kind), "due_by": d.audit.due_by,
                "days_left": d.days_left, "flag": tr.label(d.flag), "alert": d.flag.alerts(),
                "application": d.programme.application_id}))
            .collect::<Vec<_>>());
    }
    if (t.roles.allows(Action::ReviewAuditFiles) || t.roles.allows(Action::DecideCertification))
        && let Some(files) = super::panel_opt(
            "audit files waiting",
            certa_service::certification::reports::pending(&st.ctx, &p).await,
        )
    {
        let reviews = files.iter().filter(|f| f.waiting_for == "review").count();
        data["files"] = json!({"reviews": reviews, "decisions": files.len() - reviews});
    }
    if t.roles.allows(Action::ViewCertificates) {
        use certa_service::certification::certificates::{self as certs, ListQuery};
        let count = |status: &str, expiring_within: Option<i64>| ListQuery {
            status: Some(status.to_string()),
            expiring_within,
            page: 1,
            per_page: 1,
            ..Default::default()
        };
        let (expiring, suspended) = (
            super::panel_opt(
                "certificates expiring",
                certs::count(&st.ctx, &p, count("active", Some(EXPIRY_DAYS))).await,
            ),
            super::panel_opt(
                "certificates suspended",
                certs::count(&st.ctx, &p, count("suspended", None)).await,
            ),
        );
        // Reviewers and decision makers (and administrators) act on what expires and on
        // suspensions running out; everyone else who sees the register gets the counts.
        if t.roles.allows(Action::ReviewAuditFiles) || t.roles.allows(Action::DecideCertification) {
            if let Some(n) = expiring {
                data["expiring"] = json!({"count": n, "days": EXPIRY_DAYS});
            }
            if let Some(list) = super::panel_opt(
                "suspensions nearing their limit",
                certs::suspensions_nearing_limit(&st.ctx, &p, SUSPENSION_DAYS).await,
            ) {
                let today = chrono::Utc::now().date_naive();
                data["suspensions"] = json!({
                    "days": SUSPENSION_DAYS,
                    "suspended": suspended,
                    "items": list.iter().filter_map(|c| {
                        let until = c.suspended_until?;
                        Some(json!({
                            "id": c.id, "client": c.holder,
                            "number": certa_domain::certification::display_number(&c.number, c.revision),
                            "until": until.to_string(),
                            "left": days_left(&tr, (until - today).num_days()),
                            "passed": until < today,
                        }))
                    }).collect::<Vec<_>>(),
                });
            }
        } else if let (Some(expiring), Some(suspended)) = (expiring, suspended) {
            data["certs"] = json!({"expiring": expiring, "suspended": suspended});
        }
    }
    if t.roles.allows(Action::ManageOutbox)
        && let Some(rows) = super::panel_opt(
            "dead mails",
            trail::outbox(&st.ctx, &p, Some(OutboxStatus::Dead.as_str())).await,
        )
    {
        data["dead_mails"] = json!(rows.len());
    }
    if t.roles.allows(Action::ManageMembers)
        && let Some(inv) = super::panel_opt(
            "invitations pending",
            members::pending_invitations(&st.ctx, &p).await,
        )
    {
        data["invitations"] = json!(inv.len());
    }
    if t.roles.allows(Action::ViewAuditTrail)
        && let Some(i) = super::panel_opt("trail integrity", trail::verify(&st.ctx, &p).await)
    {
        use certa_service::records::Integrity;
        data["integrity"] = match i {
            Integrity::Intact { events } => json!({"intact": true, "events": events}),
            Integrity::Broken { seq, .. } => json!({"intact": false, "seq": seq}),
        };
    }
    // Answers waiting for the auditor: responses to accept or reject, implementations to
    // verify, on audits where they are on the team.
    if t.roles.allows(Action::ConductAudits)
        && let Some(l) = super::panel_opt(
            "answers to review",
            certa_service::fieldwork::ncs_to_review(&st.ctx, &p).await,
        )
    {
        data["to_review"] = json!({
            "count": l.len(),
            "items": l.iter().take(8).map(|r| json!({
                "id": r.nc.id, "number": r.nc.number, "client": r.client_name,
                "grade": tr.label(r.nc.grade), "reference": r.nc.reference,
                "waits_for": if r.nc.status == certa_domain::nonconformity::Status::Implemented {
                    tr.t("msg-home-waits-verification")
                } else {
                    tr.t("msg-home-waits-plan-review")
                },
                "since": format::long_day(tr.lang(), r.nc.updated_at.date_naive()),
            })).collect::<Vec<_>>(),
        });
    }
    if t.roles.allows(Action::ViewClients)
        && let Some(sum) = super::panel_opt(
            "nonconformity summary",
            certa_service::fieldwork::nc_summary(&st.ctx, &p).await,
        )
    {
        data["ncs"] = nc_charts(&tr, &sum);
    }
    let title = t.tenant.name.clone();
    page(
        &st,
        &req,
        Some(&p),
        "pages/dashboard",
        &title,
        "dashboard",
        data,
    )
}

/// The register's "expiring within" for the dashboard's count.
const EXPIRY_DAYS: i64 = 90;

/// Suspensions that end within this many days (or have ended) are listed.
const SUSPENSION_DAYS: i64 = 30;

/// How long until a suspension ends, in words: `ends in 5 days`, `ends today`, `ended 3
/// days ago`.
fn days_left(tr: &Tr<'_>, days: i64) -> String {
    match days {
        0 => tr.t("msg-home-suspension-ends-today"),
        d if d > 0 => tr.f("msg-home-suspension-ends-in", &[("days", d.into())]),
        d => tr.f("msg-home-suspension-ended", &[("days", (-d).into())]),
    }
}

/// A row of "Evidence uploaded since your last visit": what it answers, and where it is
/// reviewed (the checklist item in the audit's workspace, or the nonconformity's page).
fn arrived_row(
    tr: &Tr<'_>,
    p: &certa_service::Principal,
    x: &certa_service::evidence::Arrived,
) -> serde_json::Value {
    use certa_domain::evidence::TargetKind;
    let (answers, href) = match x.target_kind {
        TargetKind::Nonconformity => (
            tr.f(
                "msg-home-arrived-nc",
                &[
                    ("number", x.nc_number.unwrap_or_default().into()),
                    (
                        "reference",
                        x.nc_reference.clone().unwrap_or_default().into(),
                    ),
                ],
            ),
            format!("/nonconformities/{}", x.target_id),
        ),
        TargetKind::ChecklistItem => {
            let reference = x.item_reference.clone().unwrap_or_default();
            let query = serde_urlencoded::to_string([("reference", reference.as_str())])
                .unwrap_or_default();
            (
                tr.f(
                    "msg-home-arrived-item",
                    &[
                        ("reference", reference.as_str().into()),
                        ("title", x.item_title.clone().unwrap_or_default().into()),
                    ],
                ),
                format!(
                    "/audits/{}/workspace?{query}#item-{}",
                    x.audit_id, x.target_id
                ),
            )
        }
    };
    json!({
        "client": x.client_name, "kind": tr.label(x.audit_kind), "starts_on": x.audit_starts_on,
        "answers": answers, "file": x.filename,
        "at": super::when(p, x.completed_at), "href": href,
    })
}

/// `GET /tenants`: choose the certification body to work in.
#[get("/tenants")]
pub async fn tenant_picker(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    let tenants = match auth::tenants_of(&st.ctx, p.user_id()).await {
        Ok(t) => t,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    let current = p.tenant.as_ref().map(|t| t.tenant.id);
    let list: Vec<_> = tenants
        .into_iter()
        .map(|t| json!({"id": t.id, "name": t.name, "slug": t.slug, "current": Some(t.id) == current}))
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/tenants",
        &tr.t("msg-home-tenants-title"),
        "tenants",
        json!({"tenants": list}),
    )
}

/// The switch form.
#[derive(Deserialize)]
pub struct SwitchForm {
    tenant_id: String,
}

/// `POST /tenants/switch`.
#[post("/tenants/switch")]
pub async fn switch_tenant(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<SwitchForm>,
) -> HttpResponse {
    let SessionForm { p, f: form } = form;
    let Ok(id) = form.tenant_id.parse::<TenantId>() else {
        let tr = super::tr(&st, &req, Some(&p));
        return super::page_with_status(
            &st,
            &req,
            Some(&p),
            actix_web::http::StatusCode::NOT_FOUND,
            &tr.t("msg-not-found-title"),
            &tr.t("msg-home-no-such-body"),
        );
    };
    match auth::switch_tenant(&st.ctx, &p, id).await {
        Ok(_) => redirect(&st, "/", None),
        Err(e) => super::service_error(&st, &req, &p, "/tenants", e),
    }
}

/// The dashboard's two nonconformity charts (by status, days to close), each stacked by
/// grade, and the median days to close.
fn nc_charts(tr: &Tr<'_>, sum: &certa_domain::nonconformity::Summary) -> serde_json::Value {
    use super::charts::{Bar, Chart, Series, stacked_bars};
    use certa_domain::nonconformity::CLOSE_BANDS;
    let (major, minor) = (
        tr.label(certa_domain::nonconformity::Grade::Major),
        tr.label(certa_domain::nonconformity::Grade::Minor),
    );
    let grades = [
        Series {
            name: &major,
            class: "s-major",
        },
        Series {
            name: &minor,
            class: "s-minor",
        },
    ];
    let by_status: Vec<Bar> = sum
        .by_status
        .iter()
        .map(|(status, n)| {
            let name = super::capitalised(&tr.label(*status));
            Bar {
                label: short_status(tr, *status),
                name,
                values: n.to_vec(),
            }
        })
        .collect();
    let to_close: Vec<Bar> = CLOSE_BANDS
        .iter()
        .zip(&sum.to_close)
        .map(|(band, n)| Bar {
            label: match band.1 {
                Some(to) => format!("≤{to}"),
                None => format!(">{}", band.0 - 1),
            },
            name: band_words(tr, *band),
            values: n.to_vec(),
        })
        .collect();
    let (status_title, status_axis, status_empty) = (
        tr.t("msg-home-ncs-status-title"),
        tr.t("msg-home-ncs-status-axis"),
        tr.t("msg-home-ncs-status-empty"),
    );
    let (close_title, close_axis, close_empty) = (
        tr.t("msg-home-ncs-close-title"),
        tr.t("msg-home-ncs-close-axis"),
        tr.t("msg-home-ncs-close-empty"),
    );
    json!({
        "by_status": stacked_bars(
            &Chart {
                id: "nc-status",
                title: &status_title,
                axis: &status_axis,
                empty: &status_empty,
                caption: true,
            },
            &grades,
            &by_status,
        ),
        "to_close": stacked_bars(
            &Chart {
                id: "nc-close",
                title: &close_title,
                axis: &close_axis,
                empty: &close_empty,
                caption: true,
            },
            &grades,
            &to_close,
        ),
        "median": sum.median_days.map(|d| tr.f("msg-home-median", &[("days", d.into())])),
    })
}

/// A band of days to close in words: `up to 30 days`, `31–60 days`, `over 90 days`.
fn band_words(tr: &Tr<'_>, band: (i64, Option<i64>)) -> String {
    match band {
        (0, Some(to)) => tr.f("msg-home-band-up-to", &[("to", to.into())]),
        (from, Some(to)) => tr.f(
            "msg-home-band-between",
            &[("from", from.into()), ("to", to.into())],
        ),
        (from, None) => tr.f("msg-home-band-over", &[("days", (from - 1).into())]),
    }
}

/// A status short enough to stand under a bar.
fn short_status(tr: &Tr<'_>, s: certa_domain::nonconformity::Status) -> String {
    use certa_domain::nonconformity::Status as S;
    tr.t(match s {
        S::Open => "msg-home-bar-open",
        S::ResponseSubmitted => "msg-home-bar-answered",
        S::PlanRejected => "msg-home-bar-rejected",
        S::PlanAccepted => "msg-home-bar-accepted",
        S::Implemented => "msg-home-bar-done",
        S::Closed => "msg-home-bar-closed",
    })
}

/// A month's short name under a bar (`Dec` / `Dez.`), taken from the day as `lang`
/// writes it.
fn month_short(lang: Lang, first: chrono::NaiveDate) -> String {
    let day = format::day(lang, first);
    day.split_once(' ')
        .and_then(|(_, rest)| rest.rsplit_once(' '))
        .map(|(month, _)| month.to_string())
        .unwrap_or(day)
}

/// A month with its year in full (`December 2026` / `Dezember 2026`).
fn month_name(lang: Lang, first: chrono::NaiveDate) -> String {
    let day = format::long_day(lang, first);
    day.split_once(' ')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or(day)
}

/// An audit-trail action in words: `client.contact_added` → "Client: contact added".
fn action_words(action: &str) -> String {
    let words = |s: &str| s.replace(['_', '.'], " ");
    match action.split_once('.') {
        Some((what, done)) => {
            format!("{}: {}", super::capitalised(&words(what)), words(done))
        }
        None => words(action),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn actions_read_as_words() {
        assert_eq!(
            super::action_words("client.contact_added"),
            "Client: contact added"
        );
        assert_eq!(
            super::action_words("audit_file.review.done"),
            "Audit file: review done"
        );
        assert_eq!(super::action_words("login"), "login");
    }

    #[test]
    fn bands_and_medians_read_as_before_in_english() {
        use crate::render::{Catalogue, Lang};
        use certa_domain::nonconformity::{CLOSE_BANDS, band_label};
        let cat = Catalogue::load().unwrap();
        let tr = cat.tr(Lang::En);
        for band in CLOSE_BANDS {
            assert_eq!(super::band_words(&tr, band), band_label(band));
        }
        let median = |d: i64| tr.f("msg-home-median", &[("days", d.into())]);
        assert_eq!(median(0), "the day they were raised");
        assert_eq!(median(1), "a day");
        assert_eq!(median(12), "12 days");
    }

    #[test]
    fn the_end_of_a_suspension_reads_as_words_in_each_language() {
        use crate::render::{Catalogue, Lang};
        let cat = Catalogue::load().unwrap();
        let (en, de) = (cat.tr(Lang::En), cat.tr(Lang::De));
        let words = |tr, d: &[i64]| -> Vec<String> {
            d.iter().map(|d| super::days_left(&tr, *d)).collect()
        };
        assert_eq!(
            words(en, &[5, 1, 0, -1, -3]),
            [
                "ends in 5 days",
                "ends tomorrow",
                "ends today",
                "ended yesterday",
                "ended 3 days ago"
            ]
        );
        assert_eq!(
            words(de, &[5, 1, 0, -1, -3]),
            [
                "endet in 5 Tagen",
                "endet morgen",
                "endet heute",
                "seit gestern abgelaufen",
                "seit 3 Tagen abgelaufen"
            ]
        );
    }

    #[test]
    fn months_read_as_each_language_writes_them() {
        use crate::render::Lang;
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(super::month_short(Lang::En, d), "Mar");
        assert_eq!(super::month_name(Lang::En, d), "March 2026");
        assert_eq!(super::month_short(Lang::De, d), "März");
        assert_eq!(super::month_name(Lang::De, d), "März 2026");
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(super::month_short(Lang::De, d), "Dez.");
    }
}
