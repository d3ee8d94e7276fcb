# Words the audit pages build in Rust: scheduling, the team and its objections, the audit plan.

msg-audits-title = { $kind } audit of { $client }
msg-audits-team-size = { $count ->
    [one] { $count } person in the team
   *[other] { $count } people in the team
}

## Notices

msg-audits-choose-entry = Choose the programme audit to schedule.
msg-audits-scheduled = Audit scheduled; propose its team
msg-audits-team-proposed = Team proposed; all checks pass
msg-audits-team-proposed-findings = Team proposed with { $count } finding(s); see below
msg-audits-team-confirmed = Team confirmed
msg-audits-moved = Audit moved to { $from } – { $to }
msg-audits-cancelled = Audit cancelled; the team and the client are told
msg-audits-plan-saved = Audit plan saved
msg-audits-objection-recorded = Objection recorded
# $decision: the objection's new status (upheld, dismissed)
msg-audits-objection-resolved = Objection { $decision }

## The client contact's objection form (opened from a mailed link)

msg-audits-objection-title = Proposed audit team
msg-audits-link-not-valid-title = Link not valid
msg-audits-link-not-valid = This link is unknown or was replaced by a newer proposal.
msg-audits-choose-member = choose the member you object to
msg-audits-objection-sent = Your objection was sent; the certification body will answer it before confirming the team
