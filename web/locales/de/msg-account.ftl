# Wörter der An- und Abmeldung, des Zurücksetzens von Passwörtern und der Annahme einer Einladung.

msg-account-login-title = Anmelden
msg-account-form-expired = Das Formular ist abgelaufen. Bitte versuchen Sie es erneut.
msg-account-too-many-title = Zu viele Versuche
msg-account-email-invalid = Geben Sie Ihre E-Mail-Adresse ein, etwa name@example.com.
msg-account-logged-out = Sie wurden abgemeldet.
msg-account-forgot-title = Passwort zurücksetzen
msg-account-reset-sent = Wenn es für diese Adresse ein Konto gibt, ist ein Link zum Zurücksetzen unterwegs.
msg-account-reset-title = Neues Passwort wählen
msg-account-password-changed =
    Ihr Passwort wurde geändert. Sie wurden überall abgemeldet ({ $sessions ->
        [one] eine Sitzung beendet
       *[other] { $sessions } Sitzungen beendet
    }) und alle Ihre API-Token wurden widerrufen ({ $tokens ->
        [one] ein Token
       *[other] { $tokens } Token
    }); erstellen Sie nach der Anmeldung neue. Melden Sie sich jetzt mit Ihrem neuen Passwort an.
msg-account-accept-title = Einladung annehmen
# $body: der Name der Zertifizierungsstelle
msg-account-welcome = Willkommen bei { $body }.
msg-account-welcome-sign-in = Willkommen bei { $body }. Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.
