//! Pages: the register of nonconformities, every one of the certification body across its
//! clients and audits, with filters that work as a plain GET form (staff; client users
//! answer theirs in the portal).

use super::{Fields, Signed, page, redirect};
use crate::AppState;
use crate::render::Tr;
use actix_web::{HttpRequest, HttpResponse, get, web};
use certa_domain::ClientId;
use certa_domain::nonconformity::{Grade, STATUSES, Status};
use certa_service::fieldwork::{self as fw, RegisterQuery, StatusChoice};
use serde_json::{Value, json};

/// Characters of a statement the register shows; the nonconformity's page has it all.
const STATEMENT_CHARS: usize = 120;

/// The register's filters as the query string gives them, and whether a value was not
/// understood (it is then left out, and the page says so).
fn query_of(f: &Fields) -> (RegisterQuery, bool) {
    let mut ignored = false;
    let status = match f.opt("status").as_deref().map(str::trim) {
        None => StatusChoice::NotClosed,
        Some("all") => StatusChoice::All,
        Some(s) => Status::parse(s).map_or_else(
            || {
                ignored = true;
                StatusChoice::NotClosed
            },
            StatusChoice::Only,
        ),
    };
    let grade = f.opt("grade").and_then(|g| {
        let g = Grade::parse(&g).ok();
        ignored |= g.is_none();
        g
    });
    let client = f.opt("client").and_then(|c| {
        let c = uuid::Uuid::parse_str(c.trim()).ok().map(ClientId);
        ignored |= c.is_none();
        c
    });
    let page = f.opt("page").map_or(1, |p| match p.trim().parse::<u64>() {
        Ok(n) if n >= 1 => n,
        _ => {
            ignored = true;
            1
        }
    });
    let q = RegisterQuery {
        status,
        grade,
        client,
        overdue: f.checked("overdue"),
        to_review: f.checked("mine"),
        page,
    };
    (q, ignored)
}

/// The register's address with the filters of `q`, the status `status` and the page
/// `page` (the defaults left out).
fn link(q: &RegisterQuery, status: StatusChoice, page: u64) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    match status {
        StatusChoice::NotClosed => {}
        StatusChoice::All => pairs.push(("status", "all".into())),
        StatusChoice::Only(s) => pairs.push(("status", s.as_str().into())),
    }
    if let Some(g) = q.grade {
        pairs.push(("grade", g.as_str().into()));
    }
    if let Some(c) = q.client {
        pairs.push(("client", c.0.to_string()));
    }
    if q.overdue {
        pairs.push(("overdue", "1".into()));
    }
    if q.to_review {
        pairs.push(("mine", "1".into()));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    match serde_urlencoded::to_string(&pairs).unwrap_or_default() {
        qs if qs.is_empty() => "/nonconformities".into(),
        qs => format!("/nonconformities?{qs}"),
    }
}

/// A statement cut to about `max` characters at a word, with an ellipsis when cut.
fn shortened(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–".contains(c))
    )
}

/// The counts above the table: not closed, each status, all; each a link to the register
/// showing them with the other filters kept.
fn count_links(tr: &Tr<'_>, q: &RegisterQuery, counts: &[(Status, u64)]) -> Vec<Value> {
    let sum = |c: StatusChoice| -> u64 {
        counts
            .iter()
            .filter(|(s, _)| c.includes(*s))
            .map(|(_, n)| n)
            .sum()
    };
    let entry = |c: StatusChoice, label: String, key: &str| json!({"label": label, "n": sum(c), "key": key, "href": link(q, c, 1), "current": q.status == c});
    let mut out = vec![entry(
        StatusChoice::NotClosed,
        super::capitalised(&tr.t("msg-register-not-closed")),
        "not-closed",
    )];
    out.extend(STATUSES.iter().map(|s| {
        entry(
            StatusChoice::Only(*s),
            super::capitalised(&tr.label(*s)),
            s.as_str(),
        )
    }));
    out.push(entry(
        StatusChoice::All,
        super::capitalised(&tr.t("msg-register-all")),
        "all",
    ));
    out
}

/// `GET /nonconformities`: the register of nonconformities.
#[get("/nonconformities")]
pub async fn register_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    // A client user's nonconformities are in the portal.
    if let Some(t) = &p.tenant
        && t.client.is_some()
    {
        return redirect(&st, "/portal", None);
    }
    let (q, ignored) = query_of(&Fields::parse(req.query_string().as_bytes()));
    let r = match fw::register(&st.ctx, &p, &q).await {
        Ok(r) => r,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    let rows: Vec<Value> = r
        .rows
        .iter()
        .map(|x| {
            let n = &x.nc;
            json!({"id": n.id, "number": n.number,
                "grade": tr.label(n.grade), "grade_key": n.grade.as_str(),
                "status": tr.label(n.status), "status_key": n.status.as_str(),
                "client": x.client_name, "client_id": n.client_id,
                "audit_id": n.audit_id, "audit_kind": super::capitalised(&tr.label(x.audit_kind)),
                "starts_on": x.audit_starts_on, "ends_on": x.audit_ends_on,
                "reference": n.reference, "statement": shortened(&n.statement, STATEMENT_CHARS),
                "due": n.response_due, "overdue": fw::answer_overdue(n, r.today),
                "raised_by": n.raised_by})
        })
        .collect();
    let pages = r.total.div_ceil(r.per_page).max(1);
    let from = (r.page - 1) * r.per_page + 1;
    let status_options: Vec<Value> = STATUSES
        .iter()
        .map(|s| {
            json!({"value": s.as_str(), "label": super::capitalised(&tr.label(*s)),
            "selected": q.status == StatusChoice::Only(*s)})
        })
        .collect();
    let grade_options: Vec<Value> = [Grade::Major, Grade::Minor]
        .iter()
        .map(|g| {
            json!({"value": g.as_str(), "label": super::capitalised(&tr.label(*g)),
            "selected": q.grade == Some(*g)})
        })
        .collect();
    let client_options: Vec<Value> = r
        .clients
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name, "selected": q.client == Some(ClientId(*id))}))
        .collect();
    let filtered = q.status != StatusChoice::NotClosed
        || q.grade.is_some()
        || q.client.is_some()
        || q.overdue
        || q.to_review;
    page(
        &st,
        &req,
        Some(&p),
        "pages/nonconformities",
        &tr.t("msg-register-title"),
        "nonconformities",
        json!({
            "rows": rows,
            "counts": count_links(&tr, &q, &r.counts),
            "total": r.total,
            "from": from, "to": from + r.rows.len() as u64 - 1,
            "paged": r.total > r.per_page,
            "page": r.page, "pages": pages,
            "prev": (r.page > 1).then(|| link(&q, q.status, r.page - 1)),
            "next": (r.page < pages).then(|| link(&q, q.status, r.page + 1)),
            "status_all": q.status == StatusChoice::All,
            "status_options": status_options,
            "grade_options": grade_options,
            "client_options": client_options,
            "overdue": q.overdue,
            "mine": q.to_review,
            "can_review": r.can_review,
            "filtered": filtered,
            "ignored": ignored,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_left_out_and_said_so() {
        let q = |s: &str| query_of(&Fields::parse(s.as_bytes()));
        let (r, ignored) = q("");
        assert_eq!(r.status, StatusChoice::NotClosed);
        assert!(!ignored && r.page == 1 && r.grade.is_none() && r.client.is_none());
        let (r, ignored) = q("status=closed&grade=major&overdue=1&mine=1&page=3");
        assert_eq!(r.status, StatusChoice::Only(Status::Closed));
        assert_eq!(r.grade, Some(Grade::Major));
        assert!(!ignored && r.overdue && r.to_review && r.page == 3);
        assert_eq!(q("status=all").0.status, StatusChoice::All);
        for bad in [
            "status=nonsense",
            "grade=huge",
            "client=not-a-uuid",
            "page=0",
            "page=-1",
            "page=99999999999999999999999",
            "status=%00",
        ] {
            let (r, ignored) = q(bad);
            assert!(ignored, "{bad}");
            assert_eq!(r.status, StatusChoice::NotClosed, "{bad}");
            assert!(
                r.client.is_none() && r.grade.is_none() && r.page == 1,
                "{bad}"
            );
        }
    }

    #[test]
    fn links_keep_the_filters_and_leave_the_defaults_out() {
        let (q, _) = query_of(&Fields::parse(
            b"grade=minor&client=01900000-0000-7000-8000-000000000000&overdue=on",
        ));
        assert_eq!(
            link(&q, StatusChoice::All, 2),
            "/nonconformities?status=all&grade=minor&client=01900000-0000-7000-8000-000000000000&overdue=1&page=2"
        );
        assert_eq!(
            link(&RegisterQuery::default(), StatusChoice::NotClosed, 1),
            "/nonconformities"
        );
    }

    #[test]
    fn statements_are_cut_at_a_word() {
        assert_eq!(shortened("  Short\n statement ", 120), "Short statement");
        let long = "word ".repeat(40);
        let s = shortened(&long, 20);
        assert!(s.ends_with("word…") && s.chars().count() <= 21, "{s}");
        let s = shortened(&"x".repeat(50), 10);
        assert_eq!(s, format!("{}…", "x".repeat(10)));
    }

    #[test]
    fn the_words_built_here_exist_in_every_language() {
        use crate::render::{Catalogue, Lang};
        let cat = Catalogue::load().unwrap();
        for id in [
            "msg-register-title",
            "msg-register-not-closed",
            "msg-register-all",
        ] {
            for &lang in Lang::ALL {
                assert!(cat.has(lang, id), "{lang:?} {id}");
            }
        }
    }
}
