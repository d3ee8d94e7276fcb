# Mails: the client's corrective-action plan was rejected

mail-nc-plan-rejected-title = Plan abgelehnt
mail-nc-plan-rejected-subject = Ihr Plan zu Abweichung { $number } braucht eine neue Antwort (bis { $response_due })
mail-nc-plan-rejected-body = Der Korrekturmaßnahmenplan von { $client } zu dieser Abweichung wurde nicht angenommen:
