# Mails: the client's corrective-action plan was accepted

mail-nc-plan-accepted-title = Plan angenommen
mail-nc-plan-accepted-subject = Ihr Plan zu Abweichung { $number } ist angenommen
mail-nc-plan-accepted-body = Der Korrekturmaßnahmenplan von { $client } zu dieser Abweichung ist angenommen.
mail-nc-plan-accepted-comment = Kommentar: { $comment }
mail-nc-plan-accepted-report = Melden Sie die Umsetzung mit Nachweisen, sobald sie erfolgt ist:
