# Pages: the sign-in settings (single sign-on, passwords, second factor)

sign-in-settings-heading = Anmeldeeinstellungen
sign-in-settings-back = Zurück zu den Einstellungen
sign-in-settings-test-ok = Verbindungstest: alles hat funktioniert
sign-in-settings-test-failed = Verbindungstest: ein Problem wurde gefunden
sign-in-settings-check-ok = OK
sign-in-settings-check-failed = Fehlgeschlagen

sign-in-settings-sso-legend = Single Sign-on (OpenID Connect)
sign-in-settings-enabled = Mitglieder melden sich über unseren Identitätsanbieter an
sign-in-settings-register = Registrieren Sie beim Anbieter diese Adressen für Certa: Weiterleitung
sign-in-settings-register-logout = nach der Abmeldung
sign-in-settings-issuer = Aussteller (Issuer)
sign-in-settings-issuer-placeholder = https://login.example.com/realms/cb
sign-in-settings-client-id = Client-ID
sign-in-settings-client-secret = Client-Secret
sign-in-settings-secret-stored = Ein Secret ist gespeichert (es wird nie angezeigt). Leer lassen, um es zu behalten.
sign-in-settings-secret-none = Noch kein Secret gespeichert.
sign-in-settings-scopes = Scopes neben openid
sign-in-settings-scopes-placeholder = email profile groups
sign-in-settings-email-domains = E-Mail-Domains, die sich über den Anbieter anmelden
sign-in-settings-email-domains-placeholder = example.com

sign-in-settings-roles-legend = Rollen vom Anbieter
sign-in-settings-role-claim = Rollen-Claim
sign-in-settings-role-claim-placeholder = groups
sign-in-settings-role-map = Claim-Werte und Rollen (eine je Zeile: Wert = admin, scheduler, auditor, reviewer, viewer oder client)
sign-in-settings-client-claim = Claim der Kundenorganisation (sein Wert ist die Referenz des Kunden)
sign-in-settings-jit = Konten bei der ersten Anmeldung anlegen
sign-in-settings-link-by-email = Eine erste Anmeldung mit einem bestehenden Konto mit derselben bestätigten E-Mail-Adresse verknüpfen

sign-in-settings-passwords-legend = Passwörter
sign-in-settings-require-sso = Single Sign-on verlangen (Anmeldung mit Passwort wird abgelehnt)
sign-in-settings-break-glass = Notfall-Administratoren, die weiterhin ein Passwort verwenden dürfen (E-Mail-Adressen)
sign-in-settings-mfa-legend = Zweiter Faktor erforderlich bei Anmeldung mit Passwort für
sign-in-settings-save = Anmeldeeinstellungen speichern
sign-in-settings-test = Verbindung testen
