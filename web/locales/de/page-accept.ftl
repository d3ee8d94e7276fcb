# Pages: accept an invitation to a certification body

accept-heading = { $body } beitreten
accept-invited-as = Sie wurden als
accept-invited-roles = mit der Rolle bzw. den Rollen { $roles } eingeladen.
accept-existing = Sie haben bereits ein Certa-Konto. Bestätigen Sie mit dessen Passwort, um beizutreten.
accept-password = Passwort
accept-name = Ihr Name
accept-choose-password = Passwort wählen
accept-password-help = Mindestens 12 Zeichen.
accept-submit = Einladung annehmen
accept-invalid-heading = Einladung ungültig
accept-invalid = Dieser Einladungslink ist ungültig, abgelaufen oder wurde bereits verwendet. Bitten Sie einen Administrator der Zertifizierungsstelle, Sie erneut einzuladen.
