# Mails: a link to reset the password

mail-password-reset-title = Passwort zurücksetzen
mail-password-reset-subject = Ihr Certa-Passwort zurücksetzen
mail-password-reset-asked = Jemand (hoffentlich Sie) hat angefordert, Ihr Certa-Passwort zurückzusetzen.
mail-password-reset-button = Neues Passwort wählen
mail-password-reset-link-note = Der Link funktioniert nur einmal und gilt bis { $expires_at }. Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:
mail-password-reset-open = Öffnen Sie diesen Link, um ein neues zu wählen (er funktioniert nur einmal und gilt bis { $expires_at }):
mail-password-reset-ignore = Wenn Sie das nicht angefordert haben, ignorieren Sie diese Mail: Ihr Passwort bleibt unverändert.
