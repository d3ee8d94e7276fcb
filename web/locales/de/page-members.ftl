# Pages: the members of a certification body, their roles and invitations

members-heading = Mitglieder
members-table = Mitglieder
members-col-name = Name
members-col-email = E-Mail
members-col-roles = Rollen
members-col-actions = Aktionen
members-col-expires = Läuft ab
members-you = Sie
members-second-factor-on = zweiter Faktor aktiv
members-roles-label = Rollen von { $name }
members-role-for = für { $name }
members-save-roles = Rollen speichern
members-save-roles-hidden = von { $name }
members-remove = Entfernen
members-reset-second-factor = Zweiten Faktor zurücksetzen
members-reset-second-factor-hidden = von { $name }

members-invite-heading = Mitglied einladen
members-invite-email = E-Mail
members-invite-roles = Rollen
members-invite-submit = Einladung senden

members-pending-heading = Offene Einladungen
members-expired = abgelaufen
members-revoke = Widerrufen
members-revoke-hidden = (Einladung an { $email })
members-pending-none = Keine offenen Einladungen.
