# Words the personnel pages build in Rust: the page title and the notices of the auditor records.

msg-auditors-title = Auditors
msg-auditors-created = Record for { $name } created
msg-auditors-details-saved = Details saved
msg-auditors-qualification-added = Qualification added
msg-auditors-qualification-removed = Qualification removed
msg-auditors-choose-client = Choose the client the conflict concerns.
msg-auditors-conflict-recorded = Conflict of interest recorded
msg-auditors-conflict-removed = Conflict declaration removed
msg-auditors-absence-recorded = Unavailability recorded
msg-auditors-absence-removed = Unavailability removed
