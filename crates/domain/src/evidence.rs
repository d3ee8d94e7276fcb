//! Evidence kept for an audit (ISO/IEC 17021-1 9.4.5 audit evidence, 9.9 records, 8.4
//! confidentiality): what an item is attached to, its classification and where each
//! uploaded version stands.

use crate::stored::stored_enum;

stored_enum! {
    /// Where an uploaded version stands.
    pub enum VersionStatus ("evidence status") {
        /// An upload address was issued; nothing received yet.
        Pending = "pending", "pending";
        /// The upload is being received.
        Receiving = "receiving", "receiving";
        /// Received; being checked.
        Received = "received", "received";
        /// Checked and visible.
        Available = "available", "available";
        /// Refused by the checks, with the reason.
        Rejected = "rejected", "rejected";
        /// The upload address expired before the upload completed.
        Expired = "expired", "expired";
        /// The content was removed; the record stays.
        Purged = "purged", "purged";
    }
}

stored_enum! {
    /// How an evidence item is classified (17021-1 8.4: client information is confidential).
    pub enum Classification ("evidence classification") {
        /// Confidential to the client and the certification body.
        ClientConfidential = "client_confidential", "client confidential";
    }
}

stored_enum! {
    /// What an evidence item is linked to.
    pub enum TargetKind ("evidence target") {
        /// A checklist item.
        ChecklistItem = "checklist_item", "checklist item";
        /// A nonconformity.
        Nonconformity = "nonconformity", "nonconformity";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        crate::stored::check_round_trip::<VersionStatus>();
        crate::stored::check_round_trip::<Classification>();
        crate::stored::check_round_trip::<TargetKind>();
    }
}
