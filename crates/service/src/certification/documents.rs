//! Certificate and report documents (temporary: rendering comes with the documents crate).
use crate::{Ctx, ServiceError};
use certa_store::TenantScope;

/// Renders and stores the PDF of a certificate revision, once.
pub async fn store_pdf(
    _ctx: &Ctx,
    _scope: TenantScope,
    _certificate: uuid::Uuid,
    _revision: i32,
) -> Result<(), ServiceError> {
    Ok(())
}
