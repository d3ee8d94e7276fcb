# Pages: the audit workspace (checklist, evidence and nonconformities of an audit)

workspace-audit-link = Audit
workspace-report-link = Report
workspace-submit-link = Submit the report
workspace-heading = Checklist: { $kind } audit of { $client }
workspace-blockers = Before a certification decision:

workspace-filter-label = Filter the checklist
workspace-filter-result = Result
workspace-filter-all = all
workspace-filter-unanswered = unanswered
workspace-filter-reference = Clause or control
workspace-filter-site = Site
workspace-filter-submit = Filter
workspace-filter-clear = Show every item

workspace-answers-label = Checklist answers
workspace-progress = { $answered } of { $total } items answered
workspace-counts-label = Results so far
workspace-shown = { $count } item(s) match the filter.
workspace-save = Save answers
workspace-save-end = (end of the checklist)
workspace-save-help = Only changed items are saved. Keyboard: Tab moves between fields, letters pick a result, Alt+S saves from anywhere.
workspace-group-count = { $answered } of { $total } answered
workspace-group-count-ncs = { $answered } of { $total } answered, { $ncs } nonconformity finding(s)

workspace-item-result = Result
workspace-item-for = for { $reference }
workspace-item-notes-evidence = Notes and objective evidence
workspace-item-site = Site
workspace-item-evidence-requested = Evidence requested
workspace-item-due-date = Due date
workspace-item-raise = Raise
workspace-item-raise-hidden = a nonconformity on { $reference }
workspace-item-not-answered = not answered
workspace-item-notes = Notes
workspace-item-evidence = Evidence
workspace-item-requested-by = requested by { $due }

workspace-no-checklist = This audit has no checklist yet.
workspace-create-label = Create the checklist
workspace-create-submit = Create the checklist from the templates

workspace-evidence-heading = Evidence
workspace-evidence-table = Evidence of this audit
workspace-evidence-col-for = For
workspace-evidence-col-evidence = Evidence
workspace-evidence-col-file = File
workspace-evidence-col-size = Size
workspace-evidence-col-uploaded = Uploaded
workspace-evidence-version = { $title } (v{ $version }, by { $by })
workspace-evidence-none = No evidence uploaded yet.

workspace-ncs-heading = Nonconformities of this audit
workspace-ncs-table = Nonconformities
workspace-ncs-col-number = No.
workspace-ncs-col-grade = Grade
workspace-ncs-col-reference = Reference
workspace-ncs-col-statement = Statement
workspace-ncs-col-status = Status
workspace-ncs-col-due = Answer due
workspace-nc-label = Nonconformity { $number }
workspace-ncs-none = None raised.
