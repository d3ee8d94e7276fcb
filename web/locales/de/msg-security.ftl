# Wörter des zweiten Anmeldeschritts, des Single Sign-on, der Kontosicherheit und der Anmeldeeinstellungen.

msg-security-second-factor-title = Zweiter Faktor
msg-security-sign-in-expired = Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.
msg-security-form-expired = Das Formular ist abgelaufen. Bitte versuchen Sie es erneut.
msg-security-code-missing = Geben Sie den Code aus Ihrer Authenticator-App oder einen Wiederherstellungscode ein.
msg-security-gate-notice = { $tenant } verlangt für Ihre Rolle einen zweiten Faktor. Richten Sie einen ein, um fortzufahren.

## Single Sign-on

msg-security-sso-failed-title = Single Sign-on hat nicht funktioniert
msg-security-sso-not-offered = Diese Zertifizierungsstelle bietet kein Single Sign-on an. Melden Sie sich stattdessen mit Ihrer E-Mail-Adresse an.
msg-security-slug-invalid = Geben Sie den Kurznamen Ihrer Zertifizierungsstelle ein (wie in ihrer Webadresse).

## Die Seite Kontosicherheit

msg-security-title = Kontosicherheit
msg-security-gate = { $tenant } verlangt für Ihre Rolle einen zweiten Faktor: Richten Sie unten einen ein, um fortzufahren.
msg-security-device-unknown = Unbekannter Browser
msg-security-device-a-browser = Ein Browser
# $browser: der Name eines Browsers (oder „Ein Browser“); $system: der Name eines Betriebssystems
msg-security-device-on = { $browser } unter { $system }
msg-security-how-sso = Single Sign-on
msg-security-how-otp = Passwort und Authenticator-Code
msg-security-how-recovery = Passwort und Wiederherstellungscode
msg-security-how-password = Passwort
msg-security-zone-set = Zeiten werden Ihnen in { $zone } angezeigt
msg-security-zone-cleared = Zeiten werden Ihnen in der Zeitzone Ihrer Zertifizierungsstelle angezeigt
msg-security-factor-on = Ihr zweiter Faktor ist eingeschaltet. Bewahren Sie diese Wiederherstellungscodes sicher auf: Jeder funktioniert einmal, und sie werden nur jetzt angezeigt.
msg-security-factor-removed = Ihr zweiter Faktor ist entfernt.
msg-security-new-codes = Neue Wiederherstellungscodes: Die alten funktionieren nicht mehr. Jeder funktioniert einmal, und sie werden nur jetzt angezeigt.
msg-security-logged-out = Sie wurden abgemeldet.
msg-security-session-ended = Die Sitzung ist beendet.
msg-security-factor-reset = Der zweite Faktor von { $name } ist zurückgesetzt; bei der nächsten Anmeldung wird ein neuer eingerichtet.

## Die Anmeldeeinstellungen

msg-security-sign-in-settings-title = Anmeldeeinstellungen
msg-security-saved = Die Anmeldeeinstellungen sind gespeichert.
msg-security-role-map-line = Schreiben Sie eine Zuordnung pro Zeile, etwa „certa-auditors = auditor“ (nicht „{ $line }“).
# Ein Problem in der Fehlerübersicht: die Bezeichnung des Feldes, dann das Problem
msg-security-summary = { $field }: { $message }
msg-security-people-admin = Administratoren
msg-security-people-scheduler = Programmverantwortliche
msg-security-people-auditor = Auditoren
msg-security-people-reviewer = Prüfer und Entscheider
msg-security-people-client = Benutzer der Kunden
msg-security-people-viewer = Betrachter
msg-security-field-issuer = Aussteller (Issuer)
msg-security-field-client-id = Client-ID
msg-security-field-client-secret = Client-Secret
msg-security-field-scopes = Scopes
msg-security-field-email-domains = E-Mail-Domains
msg-security-field-role-claim = Rollen-Claim
msg-security-field-role-map = Claim-Werte und Rollen
msg-security-field-client-claim = Claim der Kundenorganisation
msg-security-field-require-sso = Single Sign-on verlangen
msg-security-field-break-glass = Notfall-Administratoren
msg-security-field-mfa-roles = Zweiter Faktor verlangt für
msg-security-field-settings = Einstellungen
