# Words the server builds for the admin pages: the audit trail and the outbox.

msg-admin-trail-title = Audit trail
msg-admin-outbox-title = Outbox
msg-admin-outbox-retried = The mail is queued again
