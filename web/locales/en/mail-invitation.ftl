# Mails: an invitation to join a certification body on Certa

mail-invitation-title = Invitation to { $brand }
mail-invitation-subject = { $inviter } invited you to { $brand } on Certa
mail-invitation-body = { $inviter } invited you to join
mail-invitation-body-end = on Certa with the role(s): { $roles }.
mail-invitation-accept = Accept the invitation
mail-invitation-link-note = The link works once and expires on { $expires_at }. If the button does not work, copy this address into your browser:
mail-invitation-open = Open this link to accept and set your password (it works once and expires on { $expires_at }):
mail-invitation-ignore = If you did not expect this invitation, ignore this mail.
