# Mails: the client uploaded evidence

mail-evidence-uploaded-title = Evidence uploaded
mail-evidence-uploaded-subject = { $client } uploaded evidence for the { $kind } audit: { $title }
mail-evidence-uploaded-body = { $client } uploaded evidence for the { $kind } audit:
mail-evidence-uploaded-review = Review it in the audit workspace:
mail-evidence-uploaded-url = { $public_url }/audits/{ $audit_id }/workspace
