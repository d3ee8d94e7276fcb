//! The register of nonconformities: every nonconformity of the certification body across
//! its clients and audits, for staff (client users see their own in the portal).

use super::today;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::nonconformity::{Grade, STATUSES, Status};
use certa_domain::{Action, ClientId};
use certa_store::repo::fieldwork::{self as fw, NcFilter};
use certa_store::repo::personnel;

pub use certa_store::repo::fieldwork::RegisterNc;

/// Which statuses the register shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusChoice {
    /// Every status but closed (the register's default).
    #[default]
    NotClosed,
    /// Every status.
    All,
    /// One status.
    Only(Status),
}

impl StatusChoice {
    /// Whether nonconformities in `s` are shown.
    pub fn includes(self, s: Status) -> bool {
        match self {
            StatusChoice::NotClosed => s != Status::Closed,
            StatusChoice::All => true,
            StatusChoice::Only(o) => o == s,
        }
    }

    fn statuses(self) -> Vec<Status> {
        match self {
            StatusChoice::All => Vec::new(),
            _ => STATUSES.into_iter().filter(|s| self.includes(*s)).collect(),
        }
    }
}

/// What the register is asked to show; every filter narrows.
#[derive(Debug, Clone, Default)]
pub struct RegisterQuery {
    pub status: StatusChoice,
    pub grade: Option<Grade>,
    pub client: Option<ClientId>,
    /// Only answers the client owes past their due date.
    pub overdue: bool,
    /// Only answers waiting for the signed-in member's review: on audits where they are on
    /// the team, as the dashboard's "Answers to review" counts them.
    pub to_review: bool,
    /// The page, from 1 (beyond the last: the last).
    pub page: u64,
}

/// Nonconformities on one page of the register.
pub const REGISTER_PER_PAGE: u64 = 50;

/// A page of the register.
#[derive(Debug, Clone)]
pub struct Register {
    /// Overdue answers first, then by answer due date.
    pub rows: Vec<RegisterNc>,
    /// Every status (in the order of the loop) with how many nonconformities the other
    /// filters select in it.
    pub counts: Vec<(Status, u64)>,
    /// How many nonconformities every filter selects.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// The clients with nonconformities, by name (the choices of the client filter).
    pub clients: Vec<(uuid::Uuid, String)>,
    /// Whether the member may ask for the answers waiting for their review.
    pub can_review: bool,
    /// The day overdue is judged on.
    pub today: chrono::NaiveDate,
}

/// The register of nonconformities for staff who may see clients (ISO/IEC 17021-1 9.4.9,
/// 9.4.10: who answers what by when). Client users are refused: their portal lists theirs.
/// A few statements whatever the number of rows: the counts by status, the page (with
/// clients and audits joined), the clients to filter by (and, for "waiting for my review",
/// the member's personnel record).
pub async fn register(
    ctx: &Ctx,
    p: &Principal,
    q: &RegisterQuery,
) -> Result<Register, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    if t.client.is_some() {
        return Err(ServiceError::Forbidden);
    }
    let can_review = t.roles.allows(Action::ConductAudits);
    let today = today();
    let tx = ctx.db.tenant(t.scope()).await?;
    let me = if q.to_review && can_review {
        personnel::by_membership(&tx, t.membership_id())
            .await?
            .map(|a| a.id)
    } else {
        None
    };
    let clients = fw::clients_with_ncs(&tx).await?;
    let filter = NcFilter {
        statuses: q.status.statuses(),
        grade: q.grade,
        client: q.client.map(|c| c.0),
        overdue_on: q.overdue.then(|| today.to_string()),
        to_review_by: me,
    };
    // Someone on no audit team (or who does not audit) has no answers to review.
    let found = if q.to_review && me.is_none() {
        Vec::new()
    } else {
        fw::nc_status_counts(&tx, &filter).await?
    };
    let counts: Vec<(Status, u64)> = STATUSES
        .into_iter()
        .map(|s| {
            let n = found.iter().find(|(f, _)| *f == s).map_or(0, |(_, n)| *n);
            (s, n)
        })
        .collect();
    let total: u64 = counts
        .iter()
        .filter(|(s, _)| q.status.includes(*s))
        .map(|(_, n)| n)
        .sum();
    let pages = total.div_ceil(REGISTER_PER_PAGE).max(1);
    let page = q.page.clamp(1, pages);
    let rows = if total == 0 {
        Vec::new()
    } else {
        fw::nc_register(
            &tx,
            &filter,
            &today.to_string(),
            (page - 1) * REGISTER_PER_PAGE,
            REGISTER_PER_PAGE,
        )
        .await?
    };
    tx.commit().await?;
    Ok(Register {
        rows,
        counts,
        total,
        page,
        per_page: REGISTER_PER_PAGE,
        clients,
        can_review,
        today,
    })
}

/// Whether the client still owes the answer of `nc` on `today`, past its due date.
pub fn answer_overdue(nc: &crate::records::Nonconformity, today: chrono::NaiveDate) -> bool {
    nc.status.awaits_client() && nc.response_due.as_str() < today.to_string().as_str()
}
