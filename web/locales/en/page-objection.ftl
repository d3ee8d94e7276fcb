# Pages: the client's form to object to a proposed audit team member (reached by a mailed link)

objection-heading = Proposed team for the { $kind } audit of { $client }
objection-dates = Audit dates: { $days_html }.
objection-team = Proposed team
objection-col-name = Name
objection-col-role = Role
objection-raised = Objections raised
objection-form = Object to a team member
objection-form-heading = Object to a member (until { $deadline })
objection-form-help = Tell us if a member has a conflict of interest with your organisation or another reason not to audit you (ISO/IEC 17021-1 9.2.3).
objection-member = Member
objection-reason = Reason
objection-send = Send objection
objection-closed-deadline = Objections are no longer possible for this proposal (the deadline was { $deadline }).
objection-closed = Objections are no longer possible for this proposal.
