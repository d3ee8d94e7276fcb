# Pages: the API tokens of the signed-in member

tokens-heading = API-Token
tokens-created = Token „{ $label }“ erstellt. Kopieren Sie es jetzt: Es wird nur einmal angezeigt.
tokens-new-token = Neues Token
tokens-intro = Token handeln in dieser Zertifizierungsstelle in Ihrem Namen über die
tokens-intro-api = API
tokens-intro-send = Senden Sie
tokens-header = Authorization: Bearer
tokens-header-token = Token
tokens-create-label = Token erstellen
tokens-label = Bezeichnung
tokens-label-example = z. B. Skript für den Registerexport
tokens-create-submit = Token erstellen
tokens-table = Token
tokens-col-label = Bezeichnung
tokens-col-prefix = Beginnt mit
tokens-col-created = Erstellt
tokens-col-last-used = Zuletzt verwendet
tokens-col-status = Status
tokens-never-used = nie
tokens-revoked = widerrufen am { $when }
tokens-revoke = Widerrufen
tokens-none = Noch keine Token.
