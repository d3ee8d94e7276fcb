# Pages: the sign-in settings (single sign-on, passwords, second factor)

sign-in-settings-heading = Sign-in settings
sign-in-settings-back = Back to the settings
sign-in-settings-test-ok = Connection test: everything worked
sign-in-settings-test-failed = Connection test: a problem was found
sign-in-settings-check-ok = OK
sign-in-settings-check-failed = Failed

sign-in-settings-sso-legend = Single sign-on (OpenID Connect)
sign-in-settings-enabled = Members sign in through our identity provider
sign-in-settings-register = Register these addresses for Certa at the provider: redirect
sign-in-settings-register-logout = after sign-out
sign-in-settings-issuer = Issuer
sign-in-settings-issuer-placeholder = https://login.example.com/realms/cb
sign-in-settings-client-id = Client id
sign-in-settings-client-secret = Client secret
sign-in-settings-secret-stored = A secret is stored (it is never shown). Leave empty to keep it.
sign-in-settings-secret-none = No secret stored yet.
sign-in-settings-scopes = Scopes besides openid
sign-in-settings-scopes-placeholder = email profile groups
sign-in-settings-email-domains = E-mail domains that sign in through the provider
sign-in-settings-email-domains-placeholder = example.com

sign-in-settings-roles-legend = Roles from the provider
sign-in-settings-role-claim = Role claim
sign-in-settings-role-claim-placeholder = groups
sign-in-settings-role-map = Claim values and roles (one per line: value = admin, scheduler, auditor, reviewer, viewer or client)
sign-in-settings-client-claim = Client organisation claim (its value is the client's reference)
sign-in-settings-jit = Create accounts on first sign-in
sign-in-settings-link-by-email = Link a first sign-in to an existing account with the same verified e-mail address

sign-in-settings-passwords-legend = Passwords
sign-in-settings-require-sso = Require single sign-on (password sign-in refused)
sign-in-settings-break-glass = Break-glass administrators who may still use a password (e-mail addresses)
sign-in-settings-mfa-legend = Second factor required for password sign-in of
sign-in-settings-save = Save sign-in settings
sign-in-settings-test = Test connection
