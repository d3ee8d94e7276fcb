# Pages: the IAF CertSearch export (dry run, downloads, connection, sending)

certsearch-heading = Export nach IAF CertSearch
certsearch-intro = Akkreditierte Zertifizierungsstellen veröffentlichen ihre akkreditierten Zertifizierungen in IAF CertSearch und aktualisieren sie mindestens einmal im Monat (IAF MD 28). Certa ordnet jedes Zertifikat den CertSearch-Feldern zu; ein Zertifikat wird exportiert, sobald alle Pflichtfelder ausgefüllt sind.
certsearch-last-export = Letzter Export: { $when }.
certsearch-never-exported = Bisher wurde nichts exportiert.

certsearch-missing-heading = Was noch fehlt
certsearch-summary = { $certificates } Zertifikate im Register: { $ready } bereit für den Export, { $held_back } zurückgehalten.
certsearch-problems-region = Zurückgehaltene Zertifikate, scrollbar
certsearch-problems-caption = Zurückgehaltene Zertifikate und die auszufüllenden Felder
certsearch-col-certificate = Zertifikat
certsearch-col-holder = Inhaber
certsearch-col-missing = Fehlendes Feld
certsearch-col-todo = Was zu tun ist
certsearch-col-where = Wo
certsearch-all-complete = Alle Zertifikate haben sämtliche Pflichtfelder.

certsearch-download-heading = Herunterladen
certsearch-download-intro = Zum Hochladen auf der CertSearch-Website oder zur Kontrolle vor dem Senden. Jeder Download zählt als Export.
certsearch-download-xlsx = Arbeitsmappe (XLSX), alle Datensätze
certsearch-download-batch = JSON-Paket { $batch }
certsearch-download-batch-size = (höchstens 100 Datensätze)

certsearch-link-heading = Verbindung zu CertSearch
certsearch-endpoint = Upload-Adresse
certsearch-endpoint-example = https://api.iafcertsearch.org/api/client/v1/cb/upload-cert
certsearch-api-key = API-Schlüssel
certsearch-api-key-stored = API-Schlüssel (einer ist gespeichert; leer lassen, um ihn zu behalten)
certsearch-api-key-remove = Gespeicherten API-Schlüssel entfernen
certsearch-link-submit = Verbindung speichern

certsearch-push-heading = An CertSearch senden
certsearch-last-push-ok = Zuletzt gesendet am { $when }: erfolgreich, { $result }.
certsearch-last-push-failed = Zuletzt gesendet am { $when }: fehlgeschlagen, { $result }.
certsearch-push-submit = { $count } Datensätze an CertSearch senden
certsearch-push-unconfigured = Speichern Sie die Upload-Adresse und den API-Schlüssel, um den Export direkt zu senden.
