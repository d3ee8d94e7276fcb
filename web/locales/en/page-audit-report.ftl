# Pages: the printable audit report (ISO/IEC 17021-1 9.4.8)

audit-report-heading = Audit report
audit-report-print-help = ISO/IEC 17021-1 9.4.8. Print this page (the navigation is not printed).
audit-report-cb = Certification body
audit-report-client = Client
audit-report-representative = Client representative
audit-report-not-recorded = not recorded
audit-report-type = Audit type
audit-report-integrated = (integrated audit, IAF MD 11)
audit-report-criteria = Audit criteria
audit-report-objectives = Objectives
audit-report-scope = Scope
audit-report-scope-as-applied = as in the application
audit-report-team = Team
audit-report-dates = Dates
audit-report-places = Places
audit-report-places-see-plan = see the audit plan
audit-report-remote = (remote: { $remote })
audit-report-deviations = Deviations from the plan
audit-report-deviations-none = none recorded
audit-report-checklist = Checklist

audit-report-findings-heading = Findings
audit-report-col-reference = Reference
audit-report-col-item = Item
audit-report-col-finding = Finding
audit-report-col-notes = Evidence and notes
audit-report-findings-none = No nonconformities, observations or opportunities for improvement recorded.

audit-report-ncs-heading = Nonconformities
audit-report-ncs-table = Nonconformity summary
audit-report-col-number = No.
audit-report-col-grade = Grade
audit-report-col-statement = Statement
audit-report-col-status = Status

audit-report-carried-heading = Verification of earlier corrective actions
audit-report-not-verified = not yet verified
audit-report-carried-none = None carried from earlier audits.
audit-report-conclusion-heading = Conclusion and recommendation
audit-report-sampling-note = Auditing is based on sampling of the available information; the findings do not assert that no other nonconformity exists (ISO/IEC 17021-1 9.4.8 o).
