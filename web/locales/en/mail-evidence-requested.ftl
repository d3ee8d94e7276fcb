# Mails: the audit team asks the client for evidence

mail-evidence-requested-title = Evidence requested
mail-evidence-requested-subject = { $client }: evidence requested for the { $kind } audit
mail-evidence-requested-body = For the { $kind } audit of { $client }, the audit team asks for this evidence:
mail-evidence-requested-upload = Upload it in the client portal:
