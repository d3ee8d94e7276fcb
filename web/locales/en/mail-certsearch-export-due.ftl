# Mails: the certifications were not exported to IAF CertSearch for a month

mail-certsearch-export-due-title = IAF CertSearch update due
mail-certsearch-export-due-subject = Update your certifications on IAF CertSearch
mail-certsearch-export-due-last = Your certifications were last exported for IAF CertSearch on { $last_export }.
mail-certsearch-export-due-never = Your certifications have not been exported for IAF CertSearch yet.
mail-certsearch-export-due-rule = Accredited certification bodies update IAF CertSearch at least once a month (IAF MD 28); { $certificates } certificates are in your register.
mail-certsearch-export-due-check = Check what is still missing, then download the export or send it
mail-certsearch-export-due-url = { $public_url }/certsearch
