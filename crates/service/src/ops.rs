//! Operations: readiness, the outbox figures for metrics, SQL statement counting.

use crate::{Ctx, ServiceError};

pub use certa_store::count_statements;

/// Checks that the database answers (the readiness probe).
pub async fn ready(ctx: &Ctx) -> Result<(), ServiceError> {
    ctx.db.ping().await?;
    Ok(())
}

/// Outbox messages per status (`pending`, `sent`, `dead`), across tenants.
pub async fn outbox_counts(ctx: &Ctx) -> Result<Vec<(String, i64)>, ServiceError> {
    let sys = ctx.db.system().await?;
    let counts = certa_store::repo::outbox::counts(&sys).await?;
    sys.commit().await?;
    Ok(counts)
}
