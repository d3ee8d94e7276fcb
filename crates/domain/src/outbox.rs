//! Where a queued mail stands.

use crate::stored::stored_enum;

stored_enum! {
    /// Where a queued mail stands.
    pub enum OutboxStatus ("outbox status") {
        /// Waiting to be sent (or tried again).
        Pending = "pending", "pending";
        /// Sent.
        Sent = "sent", "sent";
        /// Given up after the last attempt.
        Dead = "dead", "dead";
    }
}
