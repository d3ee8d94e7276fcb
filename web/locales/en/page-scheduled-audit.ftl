# Pages: a scheduled audit (team, objections, plan, moving and cancelling)

scheduled-audit-applications = Applications
scheduled-audit-programme-of = Programme of { $client }
scheduled-audit-glance = At a glance
scheduled-audit-link-workspace = Checklist and nonconformities
scheduled-audit-link-report = Audit report
scheduled-audit-link-file = Audit file, review and decision

scheduled-audit-client = Client
scheduled-audit-standards = Standards
scheduled-audit-areas = Technical areas
scheduled-audit-areas-none = none given
scheduled-audit-status = Status
scheduled-audit-override = Confirmed over findings because
scheduled-audit-objections-until = Client objections until

scheduled-audit-team-heading = Team
scheduled-audit-col-name = Name
scheduled-audit-col-role = Role
scheduled-audit-col-days = Days
scheduled-audit-no-team = No team proposed yet.
scheduled-audit-checks = Checks of the proposed team:
scheduled-audit-blocking = Blocking:
scheduled-audit-warning = Warning:
scheduled-audit-checks-pass = All team checks pass: competence, lead qualification, impartiality, availability.

scheduled-audit-objections-heading = Objections of the client
scheduled-audit-objections-table = Objections
scheduled-audit-col-member = Member
scheduled-audit-col-reason = Reason
scheduled-audit-col-raised-by = Raised by
scheduled-audit-col-decision = Decision
scheduled-audit-decide-form = Decide the objection to { $member }
scheduled-audit-upheld = upheld (replace the member)
scheduled-audit-dismissed = dismissed
scheduled-audit-why = Why
scheduled-audit-decide = Decide
scheduled-audit-decide-hidden = on the objection to { $member }
scheduled-audit-no-objections = No objections.
scheduled-audit-may-object = The client may object until { $deadline } through the link mailed with the proposal.
scheduled-audit-record-form = Record an objection
scheduled-audit-record-heading = Record an objection received by phone or letter
scheduled-audit-record-submit = Record objection

scheduled-audit-plan-heading = Audit plan
scheduled-audit-plan-sites = Sites
scheduled-audit-plan-remote = Remote (ICT)
scheduled-audit-remote = { $remote ->
        [none] none
        [partial] partial
        [full] full
       *[other] { $remote }
    }
scheduled-audit-plan-ict = ICT risks and their handling
scheduled-audit-agenda = Agenda
scheduled-audit-col-date = Date
scheduled-audit-col-time = Time
scheduled-audit-col-activity = Activity
scheduled-audit-no-plan = No plan yet.
scheduled-audit-sites-visited = Sites visited
scheduled-audit-no-sites = The client has no sites yet.
scheduled-audit-remote-label = Remote auditing with information and communication technology (IAF MD 4)
scheduled-audit-ict-label = ICT risks and how they are handled (required when remote)
scheduled-audit-agenda-label = Agenda, one line each: YYYY-MM-DD HH:MM activity
scheduled-audit-save-plan = Save the plan

scheduled-audit-propose-heading = Propose the team
scheduled-audit-proposal-table = Team proposal
scheduled-audit-col-person = Person
scheduled-audit-person-n = Person { $n }
scheduled-audit-role-n = Role { $n }
scheduled-audit-days-n = Days { $n }
scheduled-audit-propose-submit = Propose and check the team

scheduled-audit-confirm-heading = Confirm the team
scheduled-audit-objection-warning = The client may still object to a team member until { $deadline } (ISO/IEC 17021-1 9.2.3). Confirming now sends the invitations before that; an objection that arrives later must still be decided, and may change the team.
scheduled-audit-confirm-early = Confirm before the client's objection deadline
scheduled-audit-override-label = Override justification (required to confirm over blocking findings; kept in the audit trail)

scheduled-audit-move-heading = Move or cancel the audit
scheduled-audit-move = Move the audit
scheduled-audit-first-day = First day
scheduled-audit-last-day = Last day
scheduled-audit-already-held = The audit was held on these dates (a first day in the past)
scheduled-audit-move-help = The team and the client's contacts receive the updated invitation.
scheduled-audit-cancel = Cancel the audit
scheduled-audit-cancel-reason = Why the audit is cancelled (told to the team and the client)
