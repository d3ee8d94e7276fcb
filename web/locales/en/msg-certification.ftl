# Words the server builds for the pages from the audit file to the certificate: titles, notices, states and exports.

## Shared

msg-certification-dates = { $from } to { $to }
msg-certification-export-failed-title = Something went wrong
msg-certification-export-failed = The export could not be written; it has been logged.

## The work queue

msg-certification-queue-title = Audit files waiting

## The audit file

msg-certification-file-title = Audit file: { $kind } audit of { $client }
msg-certification-file-decided = A certification decision rests on this audit file.
msg-certification-file-not-submitted = The lead auditor has not submitted the report yet.
msg-certification-file-submitted = Revision { $revision } waits for the technical review.
msg-certification-file-returned = Revision { $revision } was returned to the lead auditor; a new revision answers the comments.
msg-certification-file-passed = Revision { $revision } passed the technical review and waits for the certification decision.
msg-certification-file-progress = { $answered } of { $total } checklist items answered
msg-certification-file-ncs-none = None raised
msg-certification-file-ncs = { $count } ({ $majors } major, { $minors } minor)
msg-certification-section-report = Report and recommendation
msg-certification-section-checklist = Checklist
msg-certification-section-nonconformities = Nonconformities, corrections, causes and action plans
msg-certification-section-evidence = Evidence
msg-certification-section-general = General
msg-certification-report-submitted = Revision { $revision } of the report is submitted and locked; it waits for the technical review
msg-certification-review-returned = The file is returned to the lead auditor with your comments
msg-certification-review-passed = The file passed the technical review; it waits for the certification decision

## The decision

msg-certification-decide-title = Certification decision: { $client }
msg-certification-audit-decided = decided
msg-certification-audit-no-report-needed = no report needed: the decision rests on stage 2
msg-certification-audit-not-submitted = report not submitted
msg-certification-audit-submitted = revision { $revision } waits for the technical review
msg-certification-audit-returned = revision { $revision } returned to the lead auditor
msg-certification-audit-passed = revision { $revision } passed the technical review; team recommendation: { $recommendation }
msg-certification-choose-audits = Choose the audits from the list
msg-certification-choose-certificate = Choose a certificate from the list
msg-certification-granted = Certification granted: certificate { $number } is issued and the client informed
msg-certification-renewed = Certification renewed: certificate { $number } is issued and the client informed
msg-certification-decided-certificate = Decision taken ({ $decision }): certificate { $number }
msg-certification-decided = Decision taken: { $decision }

## The register and its exports

msg-certification-register-title = Certificates
msg-certification-expiring-within-invalid = Expiring within must be a whole number of days, 0-3650
msg-certification-page-invalid = The page must be a whole number
msg-certification-export-sheet = Certificates
msg-certification-export-number = Number
msg-certification-export-revision = Revision
msg-certification-export-status = Status
msg-certification-export-holder = Holder
msg-certification-export-location = Location
msg-certification-export-standards = Standards
msg-certification-export-scope = Scope
msg-certification-export-sites = Sites
msg-certification-export-original = Original certification
msg-certification-export-decision = Decision
msg-certification-export-effective = Effective
msg-certification-export-expiry = Expiry
msg-certification-export-suspended-until = Suspended until
msg-certification-export-accreditation = Accreditation

## The certificate page

msg-certification-certificate-title = Certificate { $number }
msg-certification-event-issued = Issued
msg-certification-event-suspended = Suspended
msg-certification-event-restored = Restored
msg-certification-event-withdrawn = Withdrawn
msg-certification-event-expired = Expired
msg-certification-event-scope-extended = Scope extended
msg-certification-event-scope-reduced = Scope reduced
msg-certification-event-renewed = Renewed
msg-certification-suspended-until = Certificate { $number } is suspended until { $until }; the client is informed
msg-certification-suspended = Certificate { $number } is suspended; the client is informed
msg-certification-restored = Certificate { $number } is restored; the client is informed
msg-certification-withdrawn = Certificate { $number } is withdrawn; the client is informed
