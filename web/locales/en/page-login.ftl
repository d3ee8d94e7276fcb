# Pages: sign in (e-mail first, then password or single sign-on)

login-heading = Sign in to Certa
login-email = Email
login-other-email = Use another e-mail address
login-continue-sso-of = Continue with { $name }'s single sign-on
login-or-password = Or sign in with your Certa password:
login-password = Password
login-submit = Log in
login-continue = Continue
login-use-password = Use my Certa password
login-continue-hint = If your organisation signs in to Certa with its own account system, Continue takes you there.
login-forgot = Forgot your password?
login-sso-heading = Sign in with your certification body
login-slug = Certification body's short name
login-continue-sso = Continue with single sign-on
