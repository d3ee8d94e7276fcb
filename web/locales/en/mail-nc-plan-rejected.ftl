# Mails: the client's corrective-action plan was rejected

mail-nc-plan-rejected-title = Plan rejected
mail-nc-plan-rejected-subject = Your plan for nonconformity { $number } needs another answer (by { $response_due })
mail-nc-plan-rejected-body = The corrective-action plan of { $client } for this nonconformity was not accepted:
