# Pages: ask for a password reset link

forgot-heading = Passwort zurücksetzen
forgot-intro = Geben Sie die E-Mail-Adresse Ihres Kontos ein. Falls es existiert, senden wir an diese Adresse einen Link, mit dem Sie ein neues Passwort wählen können.
forgot-email = E-Mail
forgot-submit = Link zum Zurücksetzen senden
forgot-back = Zurück zur Anmeldung
