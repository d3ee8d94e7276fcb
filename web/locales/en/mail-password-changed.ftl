# Mails: the password was changed with a reset link

mail-password-changed-title = Your password was changed
mail-password-changed-subject = Your Certa password was changed
mail-password-changed-body = Your Certa password was just changed with a reset link.
mail-password-changed-signed-out = To keep whoever knew the old password out, you were signed out everywhere ({ $sessions_ended } session(s) ended) and every API token you had was revoked ({ $tokens_revoked } token(s)). Sign in with the new password and create new tokens where you need them.
mail-password-changed-not-you = If you did not change your password, ask for a new reset link at
mail-password-changed-not-you-end = at once and tell your certification body's administrator.
mail-password-changed-url = { $public_url }/password/forgot
