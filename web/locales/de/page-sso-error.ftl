# Pages: a failed single sign-on

sso-error-reference = Referenz für Ihren Administrator:
sso-error-back = Zurück zur Anmeldung
