# Words of the sign-in's second step, single sign-on, the account security page and the sign-in settings.

msg-security-second-factor-title = Second factor
msg-security-sign-in-expired = Your sign-in expired. Please sign in again.
msg-security-form-expired = The form expired. Please try again.
msg-security-code-missing = Enter the code from your authenticator app, or a recovery code.
msg-security-gate-notice = { $tenant } requires a second factor for your role. Set one up to continue.

## Single sign-on

msg-security-sso-failed-title = Single sign-on did not work
msg-security-sso-not-offered = This certification body does not offer single sign-on. Sign in with your e-mail address instead.
msg-security-slug-invalid = Enter your certification body's short name (as in its web address).

## The account security page

msg-security-title = Account security
msg-security-gate = { $tenant } requires a second factor for your role: set one up below to continue.
msg-security-device-unknown = Unknown browser
msg-security-device-a-browser = A browser
# $browser: a browser's name (or "A browser"); $system: an operating system's name
msg-security-device-on = { $browser } on { $system }
msg-security-how-sso = Single sign-on
msg-security-how-otp = Password and authenticator code
msg-security-how-recovery = Password and recovery code
msg-security-how-password = Password
msg-security-zone-set = Times are shown to you in { $zone }
msg-security-zone-cleared = Times are shown to you in your certification body's time zone
msg-security-factor-on = Your second factor is on. Keep these recovery codes somewhere safe: each works once, and they are shown only now.
msg-security-factor-removed = Your second factor is removed.
msg-security-new-codes = New recovery codes: the old ones no longer work. Each works once, and they are shown only now.
msg-security-logged-out = You have been logged out.
msg-security-session-ended = The session is ended.
msg-security-factor-reset = { $name }'s second factor is reset; they set up a new one at their next sign-in.

## The sign-in settings

msg-security-sign-in-settings-title = Sign-in settings
msg-security-saved = The sign-in settings are saved.
msg-security-role-map-line = Write one mapping per line, like “certa-auditors = auditor” (not “{ $line }”).
# A problem in the error summary: the field's label, then the problem
msg-security-summary = { $field }: { $message }
msg-security-people-admin = Administrators
msg-security-people-scheduler = Programme managers
msg-security-people-auditor = Auditors
msg-security-people-reviewer = Reviewers and decision makers
msg-security-people-client = Client users
msg-security-people-viewer = Viewers
msg-security-field-issuer = Issuer
msg-security-field-client-id = Client id
msg-security-field-client-secret = Client secret
msg-security-field-scopes = Scopes
msg-security-field-email-domains = E-mail domains
msg-security-field-role-claim = Role claim
msg-security-field-role-map = Claim values and roles
msg-security-field-client-claim = Client organisation claim
msg-security-field-require-sso = Require single sign-on
msg-security-field-break-glass = Break-glass administrators
msg-security-field-mfa-roles = Second factor required for
msg-security-field-settings = Settings
