# Mails: the client's corrective-action plan was accepted

mail-nc-plan-accepted-title = Plan accepted
mail-nc-plan-accepted-subject = Your plan for nonconformity { $number } is accepted
mail-nc-plan-accepted-body = The corrective-action plan of { $client } for this nonconformity is accepted.
mail-nc-plan-accepted-comment = Comment: { $comment }
mail-nc-plan-accepted-report = Report the implementation, with evidence, when it is done:
