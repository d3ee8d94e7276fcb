# Mails: the client uploaded evidence

mail-evidence-uploaded-title = Nachweise hochgeladen
mail-evidence-uploaded-subject = { $client } hat Nachweise für das Audit ({ $kind }) hochgeladen: { $title }
mail-evidence-uploaded-body = { $client } hat Nachweise für das Audit ({ $kind }) hochgeladen:
mail-evidence-uploaded-review = Prüfen Sie sie im Audit-Arbeitsbereich:
mail-evidence-uploaded-url = { $public_url }/audits/{ $audit_id }/workspace
