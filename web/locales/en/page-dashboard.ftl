# Pages: the dashboard (start page of a certification body)

dashboard-signed-in = Signed in as { $name } ({ $email }) with the role(s) { $roles }.
dashboard-planning = Planning
dashboard-applications-waiting = { $count } application(s) waiting for review
dashboard-proposals-waiting = { $count } proposed team(s) waiting for confirmation:
dashboard-proposals-none = No proposed team waits for confirmation.
dashboard-proposal = { $client }, { $kind } from { $day_html }
dashboard-files = Audit files
dashboard-files-reviews = file(s) waiting for the technical review,
dashboard-files-reviews-none = No file(s) waiting for the technical review,
dashboard-files-decisions = for the certification decision.
dashboard-files-decisions-none = none for the certification decision.
dashboard-files-open = Open the work queue
dashboard-certificates = Certificates
dashboard-certificates-expiring = { $count } expiring within 90 days
dashboard-certificates-suspended = { $count } suspended
dashboard-review = Answers to review
dashboard-review-count = nonconformity answer(s) wait for you.
dashboard-review-item = NC { $number }, { $client }
dashboard-review-waits = { $waits_for } since { $since }
dashboard-review-register = See them in the nonconformity register
dashboard-members = Members
dashboard-members-count = { $count } member(s)
dashboard-members-invitations = invitation(s) not yet accepted
dashboard-members-manage = Manage members
dashboard-trail = Audit trail
dashboard-trail-intact = Intact: all { $count } event(s) link to each other and match their hashes.
dashboard-trail-broken = Broken at event { $seq }.
dashboard-trail-open = Open the audit trail
dashboard-mail = Mail
dashboard-mail-failed = { $count } mail(s) failed.
dashboard-mail-none = No failed mail.
dashboard-mail-open = Open the outbox
dashboard-api = API
dashboard-api-token = Create an API token
dashboard-api-reference = API reference
dashboard-mine = My next audits
dashboard-col-dates = Dates
dashboard-col-client = Client
dashboard-col-audit = Audit
dashboard-col-role = My role
dashboard-col-status = Status
dashboard-col-open = Open
dashboard-mine-checklist = Checklist
dashboard-mine-checklist-of = of the { $kind } audit of { $client }
dashboard-mine-audit = Audit
dashboard-mine-audit-of = of { $client }, { $day_html }
dashboard-load = Audits per month
dashboard-load-calendar = Open the calendar
dashboard-ncs = Nonconformities
dashboard-ncs-median = Half of them were closed within { $median }.
dashboard-ncs-register = All nonconformities not yet closed
dashboard-ncs-overdue = Answers overdue
dashboard-due = Audits due in the next 90 days, at risk or overdue
dashboard-due-table = Audits due
dashboard-col-due-by = Due by
dashboard-col-days-left = Days left
dashboard-col-state = State
dashboard-due-none = Nothing due in the next 90 days.
dashboard-recent = Recent activity
dashboard-recent-trail = The whole audit trail
dashboard-arrived = Evidence uploaded since your last visit
dashboard-arrived-since = Uploaded by clients since your last visit on { $when }, for audits whose team you are on:
dashboard-arrived-first = Uploaded by clients in the last { $days } days, for audits whose team you are on:
dashboard-arrived-none-since = No client has uploaded evidence for your audits since your last visit on { $when }.
dashboard-arrived-none-first = No client has uploaded evidence for your audits in the last { $days } days.
dashboard-arrived-more = Only the latest { $count } are listed; the audits' checklists show them all.
dashboard-arrived-audit = { $kind } from { $day_html }
dashboard-arrived-review = Review
dashboard-arrived-review-of = { $file } from { $client }
dashboard-col-uploaded = Uploaded
dashboard-col-answers = For
dashboard-col-file = File
dashboard-expiring = Certificates expiring within { $days } days
dashboard-expiring-count = { $count ->
        [one] { $count } active certificate expires
       *[other] { $count } active certificates expire
    } within { $days } days.
dashboard-expiring-none = No active certificate expires within { $days } days.
dashboard-suspensions = Suspensions nearing their limit
dashboard-suspensions-intro = Suspended certificates whose suspension ends within { $days } days or has already ended:
dashboard-suspensions-none = No suspension ends within { $days } days or has already ended.
dashboard-suspensions-all = All suspended certificates ({ $count })
dashboard-col-certificate = Certificate
dashboard-col-suspended-until = Suspended until
dashboard-objections-open = { $count ->
    [one] 1 client objection to uphold or dismiss
   *[other] { $count } client objections to uphold or dismiss
}: { $blocked ->
    [one] 1 proposed team cannot be confirmed until then.
   *[other] { $blocked } proposed teams cannot be confirmed until then.
}
dashboard-proposal-blocked = { $count ->
    [one] blocked: 1 objection open
   *[other] blocked: { $count } objections open
}
