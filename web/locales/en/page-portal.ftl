# Pages: the client portal (what the client has to do, certificates, audits, evidence, nonconformities)

portal-heading = { $client }: client portal
portal-todo-label = What needs you
portal-next-audit-heading = Next audit
portal-next-audit = { $kind }: { $dates_html }.
portal-all-audits = All audits
portal-next-audit-none = None scheduled.
portal-evidence-heading = Evidence to send
portal-evidence-waiting = request(s) without a file
portal-first-due = the first due { $date_html }.
portal-nothing-waits = Nothing waits for you.
portal-ncs-to-answer-heading = Nonconformities to answer
portal-ncs-waiting = waiting for your answer

portal-certificates-heading = Certificates
portal-certificates-region = Certificates, scrollable
portal-certificates-col-number = Number
portal-certificates-col-standards = Standards
portal-certificates-col-status = Status
portal-certificates-col-effective = Effective
portal-certificates-col-expires = Expires
portal-certificates-col-document = Document
portal-suspended-until = until { $date }
portal-certificate-pdf = PDF
portal-certificate-pdf-hidden = of certificate { $number }
portal-certificates-none = No certificate issued yet.

portal-audits-heading = Audits
portal-audits-region = Audits, scrollable
portal-audits-col-audit = Audit
portal-audits-col-dates = Dates
portal-audits-col-status = Status
portal-audits-none = No audits scheduled.

portal-requests-heading = Evidence requested
portal-request-heading = { $reference } { $title } (due { $due })
portal-evidence-region = Evidence, scrollable
portal-evidence-table = Evidence
portal-evidence-col-evidence = Evidence
portal-evidence-col-file = File
portal-evidence-col-size = Size
portal-evidence-col-uploaded = Uploaded
portal-evidence-version = { $title } (version { $version }, by { $by })
portal-requests-none = Nothing requested.

portal-ncs-heading = Nonconformities
portal-ncs-region = Nonconformities, scrollable
portal-ncs-col-number = No.
portal-ncs-col-grade = Grade
portal-ncs-col-statement = Statement
portal-ncs-col-status = Status
portal-ncs-col-due = Answer due
portal-nc-label = Nonconformity { $number }
portal-ncs-none = No nonconformities.
