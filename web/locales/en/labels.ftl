# Labels of statuses, kinds, grades and roles: one per stored value, named {kind}-{value}.

## ApplicationStatus (application status)
application-status-submitted = waiting for review
application-status-accepted = accepted
application-status-declined = declined

## AuditStatus (audit status)
audit-status-planned = planned
audit-status-team-proposed = team proposed
audit-status-confirmed = confirmed
audit-status-cancelled = cancelled

## Remote (remote use)
remote-use-none = on site
remote-use-partial = partly remote
remote-use-full = fully remote

## Recommendation (recommendation)
recommendation-recommend = recommended for certification
recommendation-do-not-recommend = not recommended

## ReportStatus (report status)
report-status-submitted = waiting for technical review
report-status-returned = returned to the lead auditor
report-status-passed = reviewed

## ReviewOutcome (review outcome)
review-outcome-passed = passed
review-outcome-returned = returned

## DecisionKind (decision)
decision-grant = grant certification
decision-refuse = refuse certification
decision-maintain = maintain certification
decision-renew = renew certification
decision-extend-scope = extend the scope
decision-reduce-scope = reduce the scope
decision-suspend = suspend certification
decision-restore = restore certification
decision-withdraw = withdraw certification

## CertificateStatus (certificate status)
certificate-status-active = active
certificate-status-suspended = suspended
certificate-status-withdrawn = withdrawn
certificate-status-expired = expired

## RevisionReason (revision reason)
revision-reason-issued = first issue
revision-reason-renewed = renewal
revision-reason-scope-extended = scope extended
revision-reason-scope-reduced = scope reduced
revision-reason-restored = restored after expiry

## ItemSection (checklist item section)
checklist-item-section-readiness = readiness
checklist-item-section-clause = clause
checklist-item-section-control = control
checklist-item-section-follow-up = follow up

## ItemResult (checklist result)
checklist-result-conforming = conforming
checklist-result-minor-nc = minor NC
checklist-result-major-nc = major NC
checklist-result-observation = observation
checklist-result-ofi = opportunity for improvement
checklist-result-not-applicable = not applicable

## AuditType (checklist type)
checklist-type-stage-1 = stage 1
checklist-type-stage-2 = stage 2

## Section (checklist section)
checklist-section-readiness = readiness
checklist-section-clause = clause
checklist-section-control = control

## SystemAiRole (AI role)
ai-role-producer = producer
ai-role-developer = developer
ai-role-provider = provider
ai-role-user = user

## ImpactLevel (impact level)
impact-level-low = low
impact-level-medium = medium
impact-level-high = high

## SiteKind (site kind)
site-kind-permanent = permanent
site-kind-temporary = temporary
site-kind-virtual = virtual

## VersionStatus (evidence status)
evidence-status-pending = pending
evidence-status-receiving = receiving
evidence-status-received = received
evidence-status-available = available
evidence-status-rejected = rejected
evidence-status-expired = expired
evidence-status-purged = purged

## Classification (evidence classification)
evidence-classification-client-confidential = client confidential

## TargetKind (evidence target)
evidence-target-checklist-item = checklist item
evidence-target-nonconformity = nonconformity

## Grade (nonconformity grade)
nonconformity-grade-minor = minor
nonconformity-grade-major = major

## Status (nonconformity status)
nonconformity-status-open = open
nonconformity-status-response-submitted = response submitted
nonconformity-status-plan-rejected = plan rejected
nonconformity-status-plan-accepted = plan accepted
nonconformity-status-implemented = implemented
nonconformity-status-closed = closed

## OutboxStatus (outbox status)
outbox-status-pending = pending
outbox-status-sent = sent
outbox-status-dead = dead

## MailKind (mail kind)
mail-kind-invitation = invitation
mail-kind-password-reset = password reset
mail-kind-password-changed = password changed
mail-kind-application-accepted = application accepted
mail-kind-application-declined = application declined
mail-kind-audit-confirmed = audit confirmed
mail-kind-audit-rescheduled = audit rescheduled
mail-kind-audit-cancelled = audit cancelled
mail-kind-team-proposed = team proposed
mail-kind-team-objection = team objection
mail-kind-surveillance-due = surveillance due
mail-kind-audit-overdue = audit overdue
mail-kind-qualification-expiring = qualification expiring
mail-kind-evidence-requested = evidence requested
mail-kind-evidence-uploaded = evidence uploaded
mail-kind-nc-raised = nonconformity raised
mail-kind-nc-response-submitted = nonconformity response submitted
mail-kind-nc-plan-accepted = nonconformity plan accepted
mail-kind-nc-plan-rejected = nonconformity plan rejected
mail-kind-nc-closed = nonconformity closed
mail-kind-nc-reopened = nonconformity reopened
mail-kind-nc-escalated = nonconformity escalated
mail-kind-nc-response-due = nonconformity response due
mail-kind-audit-file-returned = audit file returned
mail-kind-decision-taken = certification decision
mail-kind-certificate-issued = certificate issued
mail-kind-certificate-suspended = certificate suspended
mail-kind-certificate-restored = certificate restored
mail-kind-certificate-withdrawn = certificate withdrawn
mail-kind-certificate-expired = certificate expired
mail-kind-certificate-expiring = certificate expiring
mail-kind-suspension-ending = suspension ending
mail-kind-certsearch-export-due = CertSearch export due
mail-kind-verification-burst = unusual verification activity

## Role (role)
role-admin = admin
role-scheduler = scheduler
role-auditor = auditor
role-reviewer = reviewer
role-client = client
role-viewer = viewer

## AuditorStatus (auditor status)
auditor-status-active = active
auditor-status-inactive = inactive

## Function (function)
function-auditor = auditor
function-lead-auditor = lead auditor
function-technical-expert = technical expert
function-reviewer = reviewer
function-decision-maker = decision maker

## ConflictKind (conflict kind)
conflict-kind-consultancy = consultancy
conflict-kind-employment = employment
conflict-kind-other = other

## DueFlag (due flag)
due-flag-due = due
due-flag-at-risk = at risk
due-flag-overdue = overdue

## EntryKind (audit kind)
audit-kind-stage-1 = stage 1
audit-kind-stage-2 = stage 2
audit-kind-surveillance-1 = surveillance 1
audit-kind-surveillance-2 = surveillance 2
audit-kind-recertification = recertification

## EntryStatus (programme entry status)
programme-entry-status-planned = planned
programme-entry-status-scheduled = scheduled

## ProgrammeStatus (programme status)
programme-status-planning = planning
programme-status-active = active

## DueStatus (due status)
due-status-completed = completed
due-status-completed-late = completed late
due-status-upcoming = upcoming
due-status-in-window = in window
due-status-at-risk = at risk
due-status-overdue = overdue

## TeamRole (team role)
team-role-lead = lead
team-role-auditor = auditor
team-role-technical-expert = technical expert
team-role-observer = observer

## ObjectionStatus (objection status)
objection-status-open = open
objection-status-upheld = upheld
objection-status-dismissed = dismissed
