# Mails: the audit team asks the client for evidence

mail-evidence-requested-title = Nachweise angefordert
mail-evidence-requested-subject = { $client }: Nachweise für das Audit ({ $kind }) angefordert
mail-evidence-requested-body = Für das Audit ({ $kind }) bei { $client } bittet das Auditteam um folgende Nachweise:
mail-evidence-requested-upload = Laden Sie sie im Kundenportal hoch:
