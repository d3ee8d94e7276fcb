# Mails: the client objected to a member of the proposed team

mail-team-objection-title = Objection to a team member
mail-team-objection-subject = Objection to { $member } for the { $kind } audit of { $client }
mail-team-objection-body = { $raised_by } objected to
mail-team-objection-body-end = in the proposed team for the { $kind } audit of { $client }:
mail-team-objection-decide = Decide on the objection before confirming the team:
mail-team-objection-url = { $public_url }/audits/{ $audit_id }
