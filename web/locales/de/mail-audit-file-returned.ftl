# Mails: the technical review returned an audit file

mail-audit-file-returned-title = Auditakte zurückgegeben
mail-audit-file-returned-subject = Die Auditakte von { $client } wurde mit Anmerkungen zurückgegeben
mail-audit-file-returned-body = Die technische Prüfung hat die Akte des Audits ({ $kind }) bei { $client } (Berichtsrevision { $revision }) mit diesen Anmerkungen zurückgegeben:
mail-audit-file-returned-again = Bitte beantworten Sie sie und reichen Sie den Bericht erneut ein:
mail-audit-file-returned-url = { $public_url }/audits/{ $audit_id }/file
