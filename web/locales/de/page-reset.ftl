# Pages: choose a new password from a reset link

reset-heading = Neues Passwort wählen
reset-password = Neues Passwort
reset-password-help = Mindestens 12 Zeichen.
reset-submit = Passwort festlegen
reset-invalid = Dieser Link zum Zurücksetzen ist ungültig, abgelaufen oder wurde bereits verwendet.
reset-ask-new = Neuen Link anfordern
