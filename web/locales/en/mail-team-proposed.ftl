# Mails: an audit team is proposed to the client

mail-team-proposed-title = Proposed audit team
mail-team-proposed-subject = { $kind } audit of { $client }: proposed team, objections until { $deadline }
mail-team-proposed-body = { $brand } proposes this team for the
mail-team-proposed-body-end = of { $client } ({ $starts_on } to { $ends_on }):
mail-team-proposed-object = If you have a reason to object to a member (for example a conflict of interest), tell us by
mail-team-proposed-no-objection = Without an objection by then, the team will be confirmed.
