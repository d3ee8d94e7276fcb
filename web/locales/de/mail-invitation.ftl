# Mails: an invitation to join a certification body on Certa

mail-invitation-title = Einladung zu { $brand }
mail-invitation-subject = { $inviter } hat Sie zu { $brand } auf Certa eingeladen
mail-invitation-body = { $inviter } hat Sie eingeladen, sich
mail-invitation-body-end = auf Certa mit folgenden Rollen anzuschließen: { $roles }.
mail-invitation-accept = Einladung annehmen
mail-invitation-link-note = Der Link funktioniert nur einmal und gilt bis { $expires_at }. Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:
mail-invitation-open = Öffnen Sie diesen Link, um die Einladung anzunehmen und Ihr Passwort festzulegen (er funktioniert nur einmal und gilt bis { $expires_at }):
mail-invitation-ignore = Wenn Sie diese Einladung nicht erwartet haben, ignorieren Sie diese Mail.
