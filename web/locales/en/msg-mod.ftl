# Words of the pages' common answers: error pages, expired forms, refused files.

msg-mod-render-failed = The page could not be rendered; the error has been logged.
msg-mod-forbidden-title = Not allowed
msg-mod-forbidden = Your roles in this certification body do not allow this.
msg-mod-failed-title = Something went wrong
msg-mod-failed = Something went wrong on our side; it has been logged.
msg-mod-unavailable-title = Temporarily unavailable
msg-mod-unavailable = Certa cannot reach its database right now. Try again in a few seconds.
msg-mod-csrf-title = Form expired
msg-mod-csrf = The form was too old or did not come from Certa. Go back, reload the page and try again.
msg-mod-refused-title = That did not work
msg-mod-invalid-rows = The file has { $count } problem(s); nothing was imported.

## What does not exist ($what: the thing in English, for things without a message of their own)

msg-mod-not-found = The { $what } does not exist.
msg-mod-not-found-ai-system = The AI system does not exist.
msg-mod-not-found-absence = The absence does not exist.
msg-mod-not-found-accreditation-mark = The accreditation mark does not exist.
msg-mod-not-found-application = The application does not exist.
msg-mod-not-found-audit = The audit does not exist.
msg-mod-not-found-audit-time-table = The audit-time table does not exist.
msg-mod-not-found-audit-time-table-of-this-certification-body = The audit-time table of this certification body does not exist.
msg-mod-not-found-auditor = The auditor does not exist.
msg-mod-not-found-batch = The batch does not exist.
msg-mod-not-found-certificate = The certificate does not exist.
msg-mod-not-found-certificate-revision = The certificate revision does not exist.
msg-mod-not-found-certification-body = The certification body does not exist.
msg-mod-not-found-checklist-item = The checklist item does not exist.
msg-mod-not-found-checklist-template = The checklist template does not exist.
msg-mod-not-found-client = The client does not exist.
msg-mod-not-found-conflict = The conflict does not exist.
msg-mod-not-found-contact = The contact does not exist.
msg-mod-not-found-credential = The credential does not exist.
msg-mod-not-found-evidence = The evidence does not exist.
msg-mod-not-found-evidence-target = The evidence target does not exist.
msg-mod-not-found-invitation = The invitation does not exist.
msg-mod-not-found-issuer = The issuer does not exist.
msg-mod-not-found-logo = The logo does not exist.
msg-mod-not-found-mail = The mail does not exist.
msg-mod-not-found-member = The member does not exist.
msg-mod-not-found-nonconformity = The nonconformity does not exist.
msg-mod-not-found-object = The object does not exist.
msg-mod-not-found-objection = The objection does not exist.
msg-mod-not-found-programme = The programme does not exist.
msg-mod-not-found-qualification = The qualification does not exist.
msg-mod-not-found-report = The report does not exist.
msg-mod-not-found-scope = The scope does not exist.
msg-mod-not-found-session = The session does not exist.
msg-mod-not-found-single-sign-on = The single sign-on does not exist.
msg-mod-not-found-site = The site does not exist.
msg-mod-not-found-status-list = The status list does not exist.
msg-mod-not-found-tenant = The tenant does not exist.
msg-mod-not-found-token = The token does not exist.
msg-mod-not-found-upload = The upload does not exist.
msg-mod-not-found-user = The user does not exist.
