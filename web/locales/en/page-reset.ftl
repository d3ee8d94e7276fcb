# Pages: choose a new password from a reset link

reset-heading = Choose a new password
reset-password = New password
reset-password-help = At least 12 characters.
reset-submit = Set the password
reset-invalid = This reset link is invalid, expired or already used.
reset-ask-new = Ask for a new one
