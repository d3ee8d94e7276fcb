# Wörter der Mitgliederseite: ihr Titel und die Hinweise zu Einladungen, Rollen und Entfernen.

msg-members-title = Mitglieder
msg-members-invited = Einladung an { $email } gesendet
msg-members-roles-updated = Rollen von { $name } aktualisiert
msg-members-removed = Mitglied entfernt
msg-members-revoked = Einladung widerrufen
