# Pages: ask for a password reset link

forgot-heading = Reset your password
forgot-intro = Enter the email address of your account. If it exists, we send it a link to choose a new password.
forgot-email = Email
forgot-submit = Send the reset link
forgot-back = Back to sign in
