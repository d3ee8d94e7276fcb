# Mails: a link to reset the password

mail-password-reset-title = Reset your password
mail-password-reset-subject = Reset your Certa password
mail-password-reset-asked = Someone (hopefully you) asked to reset your Certa password.
mail-password-reset-button = Choose a new password
mail-password-reset-link-note = The link works once and expires at { $expires_at }. If the button does not work, copy this address into your browser:
mail-password-reset-open = Open this link to choose a new one (it works once and expires at { $expires_at }):
mail-password-reset-ignore = If you did not ask for this, ignore this mail: your password stays as it is.
