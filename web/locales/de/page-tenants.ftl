# Pages: choosing the certification body to work in

tenants-heading = Zertifizierungsstelle auswählen
tenants-current = aktuell
tenants-none = Sie sind noch kein Mitglied einer Zertifizierungsstelle. Bitten Sie einen Administrator, Sie einzuladen.
