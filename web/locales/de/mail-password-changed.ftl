# Mails: the password was changed with a reset link

mail-password-changed-title = Ihr Passwort wurde geändert
mail-password-changed-subject = Ihr Certa-Passwort wurde geändert
mail-password-changed-body = Ihr Certa-Passwort wurde soeben über einen Link zum Zurücksetzen geändert.
mail-password-changed-signed-out = Damit niemand mit dem alten Passwort Zugriff behält, wurden Sie überall abgemeldet ({ $sessions_ended ->
    [one] { $sessions_ended } Sitzung
   *[other] { $sessions_ended } Sitzungen
} beendet) und alle Ihre API-Token wurden widerrufen ({ $tokens_revoked } API-Token). Melden Sie sich mit dem neuen Passwort an und erstellen Sie neue API-Token, wo Sie sie brauchen.
mail-password-changed-not-you = Wenn Sie Ihr Passwort nicht geändert haben, fordern Sie sofort unter
mail-password-changed-not-you-end = einen neuen Link zum Zurücksetzen an und informieren Sie die Administration Ihrer Zertifizierungsstelle.
mail-password-changed-url = { $public_url }/password/forgot
