# Words the server builds for the admin pages: the audit trail and the outbox.

msg-admin-trail-title = Prüfpfad
msg-admin-outbox-title = Postausgang
msg-admin-outbox-retried = Die E-Mail steht wieder zum Versand an
