# Words the fieldwork pages build in Rust: the checklist, nonconformities, the audit report, the client portal and checklist templates.

msg-fieldwork-workspace-title = Checklist: { $kind } audit of { $client }
msg-fieldwork-evidence-about-nc = nonconformity { $number }

## Checklist groups (by top-level clause or Annex A control group)

msg-fieldwork-group-readiness = Stage 1 readiness
msg-fieldwork-group-follow-up = Carried from earlier audits
msg-fieldwork-group-clause-titled = Clause { $clause } { $title }
msg-fieldwork-group-clause = Clause { $clause }
msg-fieldwork-group-other-clauses = Other clauses
msg-fieldwork-group-annex = Annex A, { $group }
msg-fieldwork-clause-4 = Context of the organization
msg-fieldwork-clause-5 = Leadership
msg-fieldwork-clause-6 = Planning
msg-fieldwork-clause-7 = Support
msg-fieldwork-clause-8 = Operation
msg-fieldwork-clause-9 = Performance evaluation
msg-fieldwork-clause-10 = Improvement

## Notices

msg-fieldwork-checklist-created = Checklist created with { $count } items
msg-fieldwork-nothing-changed = Nothing changed
msg-fieldwork-answers-saved = { $count } answer(s) saved
msg-fieldwork-raised = Nonconformity { $number } raised; the client is told
msg-fieldwork-nc-now = Nonconformity { $number } is now { $status }
msg-fieldwork-client-invited = { $email } is invited to the client portal
msg-fieldwork-template-copied = Template copied; edit it below
msg-fieldwork-template-bad-line = line { $line }: write section | reference | title | question, with section readiness, clause or control
msg-fieldwork-template-saved = Template saved with { $count } items

## Page titles

msg-fieldwork-raise-title = Raise a nonconformity
msg-fieldwork-nc-title = Nonconformity { $number }
msg-fieldwork-report-title = Audit report
msg-fieldwork-portal-title = Portal of { $client }
msg-fieldwork-templates-title = Checklist templates

## The audit report

msg-fieldwork-report-dates = { $from } to { $to }
msg-fieldwork-report-nc-summary = { $count } nonconformities: { $majors } major, { $minors } minor
msg-fieldwork-report-progress = { $answered } of { $total } checklist items answered
msg-fieldwork-report-objectives-stage-1 = Stage 1 (ISO/IEC 17021-1 9.3.1.2): review the management-system documentation, the site conditions and the client's readiness for stage 2, and plan stage 2.
msg-fieldwork-report-objectives = Evaluate the implementation and effectiveness of the management system against the audit criteria (ISO/IEC 17021-1 9.3.1.3, 9.6).
msg-fieldwork-report-not-yet = No recommendation yet: { $answered } of { $total } checklist items answered.
msg-fieldwork-report-recommends = The audit team recommends the certification decision (ISO/IEC 17021-1 9.4.8 p).
msg-fieldwork-report-blocked = No recommendation until: { $blockers }.
