# Mails: the technical review returned an audit file

mail-audit-file-returned-title = Audit file returned
mail-audit-file-returned-subject = The audit file of { $client } was returned with comments
mail-audit-file-returned-body = The technical review returned the file of the { $kind } audit of { $client } (report revision { $revision }) with these comments:
mail-audit-file-returned-again = Please answer them and submit the report again:
mail-audit-file-returned-url = { $public_url }/audits/{ $audit_id }/file
