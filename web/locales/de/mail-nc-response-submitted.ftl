# Mails: the client answered a nonconformity

mail-nc-response-submitted-title = Abweichung beantwortet
mail-nc-response-submitted-subject = { $client } hat Abweichung { $number } beantwortet (Audit { $kind })
mail-nc-response-submitted-body = { $client } hat eine Antwort zu einer Abweichung aus dem Audit ({ $kind }) gesendet; bitte prüfen Sie sie.
