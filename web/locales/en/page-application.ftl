# Pages: one application for certification, its review, programme and audit time

application-all-link = All applications
application-heading = Application of { $client }
application-standards = Standards
application-scope = Scope
application-personnel = Effective personnel
application-consultancy = Consultancy received
application-consultancy-none = none declared
application-status = Status
application-reviewed = Reviewed
application-reviewed-by = by { $by }, { $at }
application-competences = Competences needed
application-review-note = Review note
application-decline-reason = Reason for declining

application-programme-heading = Programme
application-programme-cycle = Cycle from the certification decision of { $decision_date }; the certificate expires on { $expiry_date }.
application-programme-no-decision = The surveillance and recertification dates follow from the certification decision date, set when certification is granted.
application-programme-table = Programme audits
application-programme-col-audit = Audit
application-programme-col-window = Window opens
application-programme-col-due = Due by
application-programme-col-today = Today
application-programme-col-scheduling = Scheduling
application-programme-days-left = ({ $count } days)
application-schedule-label = Schedule the { $kind } audit
application-schedule-from = From
application-schedule-to = To
application-schedule-areas = Technical areas
application-schedule-areas-example = e.g. IAF 19
application-schedule-held = Already held (dates in the past)
application-schedule-submit = Schedule
application-schedule-submit-hidden = the { $kind } audit
application-decision-date = The certification decision date is set by the decision to grant or renew certification.
application-decision-date-intro = The certification decision date is set by the decision to grant or renew certification:
application-decide-link = take a decision on this programme
application-audit-file-link = Download sealed audit file
application-audit-file-explained = every report, decision, nonconformity, evidence file, certificate revision and audit-trail event of this programme in one ZIP archive, signed by this certification body so that an accreditation assessor can check offline that nothing was changed.

application-review-heading = Review (ISO/IEC 17021-1 9.1.2)
application-review-help = Confirm that the information suffices to plan the audit programme, that this certification body has the competence and capacity, and that scope, sites, time, language and impartiality threats were considered.
application-accept-label = Accept the application
application-accept-competences = Competences the audit team and the decision need
application-accept-note = Review note (optional)
application-accept-submit = Accept and create the programme
application-decline-label = Decline the application
application-decline-reason-field = Reason for declining (mailed to the client)
application-decline-submit = Decline

application-time-heading = Audit time
application-time-calculated = Calculated on { $at } by { $by }; this breakdown is the justification kept with the application.
application-time-none = Not calculated yet.
application-time-calculate-heading = Calculate and keep with the application
application-time-submit = Calculate and keep
application-glance = At a glance
application-chip-expiry = certificate cycle until { $day_html }
application-chip-alerts = { $count ->
    [one] 1 audit overdue or at risk
   *[other] { $count } audits overdue or at risk
}
application-next-audit = Next audit:
application-next-due = Next: the { $kind } audit, due by { $day_html }
application-sections = Sections of the application
application-facts-heading = Application
