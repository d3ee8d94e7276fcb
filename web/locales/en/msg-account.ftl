# Words of signing in and out, password resets and accepting an invitation.

msg-account-login-title = Sign in
msg-account-form-expired = The form expired. Please try again.
msg-account-too-many-title = Too many attempts
msg-account-email-invalid = Enter your e-mail address, like name@example.com.
msg-account-logged-out = You have been logged out.
msg-account-forgot-title = Reset your password
msg-account-reset-sent = If an account exists for that address, a reset link is on its way.
msg-account-reset-title = Choose a new password
msg-account-password-changed = Your password has been changed. You were signed out everywhere ({ $sessions } session(s) ended) and all your API tokens were revoked ({ $tokens } token(s)); create new ones after you sign in. Sign in with your new password now.
msg-account-accept-title = Accept your invitation
# $body: the certification body's name
msg-account-welcome = Welcome to { $body }.
msg-account-welcome-sign-in = Welcome to { $body }. Sign in with your email and password.
