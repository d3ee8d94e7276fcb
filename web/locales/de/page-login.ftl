# Pages: sign in (e-mail first, then password or single sign-on)

login-heading = Bei Certa anmelden
login-email = E-Mail
login-other-email = Andere E-Mail-Adresse verwenden
login-continue-sso-of = Weiter mit dem Single Sign-on von { $name }
login-or-password = Oder melden Sie sich mit Ihrem Certa-Passwort an:
login-password = Passwort
login-submit = Anmelden
login-continue = Weiter
login-use-password = Mein Certa-Passwort verwenden
login-continue-hint = Wenn sich Ihre Organisation mit einem eigenen Kontosystem bei Certa anmeldet, führt „Weiter“ Sie dorthin.
login-forgot = Passwort vergessen?
login-sso-heading = Über Ihre Zertifizierungsstelle anmelden
login-slug = Kurzname der Zertifizierungsstelle
login-continue-sso = Weiter mit Single Sign-on
