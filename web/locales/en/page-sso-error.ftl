# Pages: a failed single sign-on

sso-error-reference = Reference for your administrator:
sso-error-back = Back to sign-in
