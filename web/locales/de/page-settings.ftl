# Pages: the settings of the certification body

settings-heading = Einstellungen
settings-intro = Entscheidungen, die die Regeln der Zertifizierungsstelle überlassen. Siehe auch die
settings-intro-sign-in = Anmeldeeinstellungen
settings-intro-sign-in-after = (Single Sign-on, zweiter Faktor), die
settings-intro-tables = Auditzeit-Tabellen
settings-intro-and = und die
settings-intro-checklists = Checklistenvorlagen

settings-audit-time-legend = Auditzeit (IAF MD 5)
settings-interpolate = Innerhalb einer Spanne der Mitarbeiterzahl interpolieren (Hinweis der Tabelle zum Kontinuum)
settings-stage1-numerator = Anteil von Stufe 1 an der Auditzeit der Erstzertifizierung: Zähler
settings-stage1-denominator = Anteil von Stufe 1: Nenner
settings-stage1-min-days = Mindestzeit für Stufe 1 in Tagen (ganze halbe Tage)

settings-programme-legend = Auditprogramm (ISO/IEC 17021-1 9.1.3)
settings-expiry = Ablauf des Zertifikats
settings-expiry-minus-one = Entscheidungsdatum + 3 Jahre − 1 Tag
settings-expiry-three-years = Entscheidungsdatum + 3 Jahre
settings-at-risk-days = Tage vor einem Fälligkeitsdatum, ab denen ein offenes Audit als gefährdet gilt

settings-teams-legend = Auditteams (ISO/IEC 17021-1 9.2)
settings-rotation-limit = Aufeinanderfolgende Audits, die dieselbe Auditleitung bei einem Kunden leiten darf, bevor vor fehlender Rotation gewarnt wird
settings-objection-days = Frist in Tagen für Einsprüche des Kunden gegen ein vorgeschlagenes Mitglied des Auditteams

settings-findings-legend = Befunde, Nachweise und E-Mails
settings-nc-response-days = Frist in Tagen für die Antwort des Kunden auf eine Abweichung (ISO/IEC 17021-1 9.4.9)
settings-max-upload = Größte Nachweisdatei, MiB
settings-retention-years = Jahre, die eine zurückgezogene Nachweisdatei aufbewahrt wird, bevor sie gelöscht wird
settings-outbox-retention = Tage, die eine versandte E-Mail im Postausgang aufgeführt bleibt, bevor sie gelöscht wird

settings-certificates-legend = Zertifikate (ISO/IEC 17021-1 8.2)
settings-cert-address = Postanschrift auf den Zertifikaten
settings-cert-prefix = Nummernpräfix (Großbuchstaben und Ziffern; wenn leer, der Kurzname der Stelle)
settings-cert-pattern = Nummernschema ({ "{" }prefix{ "}" }, { "{" }standard{ "}" }, { "{" }year{ "}" } und { "{" }seq:05{ "}" }; Revisionen erhalten /R1, /R2…)
settings-cert-integrated = Ein integriertes Zertifikat für ein Audit mehrerer Normen (sonst ein Zertifikat je Norm)
settings-cert-suspension = Längste Aussetzung in Monaten (höchstens { $max })
settings-cert-accreditations = Akkreditierungen, eine je Zeile: Norm | Akkreditierungsstelle | Akkreditierungsnummer
settings-cert-accreditations-placeholder = ISO/IEC 42001:2023 | DAkkS | D-ZM-12345-01-00
settings-cert-public-directory = Im öffentlichen Verzeichnis erscheinen: Jeder kann unsere Zertifikate nach dem Namen des Inhabers suchen (jedes Zertifikat ist immer über seine Nummer unter /verify/NUMMER auffindbar; vertrauliche Kunden werden nie aufgeführt)
settings-cert-contact = Kontaktadresse auf den öffentlichen Zertifikatsseiten (optional)
settings-cert-verification-alert = Die Administratoren per E-Mail benachrichtigen, wenn die öffentliche Verifizierung an einem Tag mehr Abfragen als diese Zahl zu unbekannten oder ähnlichen Nummern oder zu ausgesetzten oder zurückgezogenen Zertifikaten beantwortet (0: nie)
settings-save = Einstellungen speichern
settings-admins-only = Nur Administratoren können diese Einstellungen ändern.

settings-images-heading = Logo und Akkreditierungszeichen
settings-images-help = Auf die Zertifikate gedruckt (ISO/IEC 17021-1 8.2): das Logo im Kopf, das Akkreditierungszeichen neben der Akkreditierung, wenn die Norm des Zertifikats akkreditiert ist. PNG, JPEG oder SVG, höchstens 1 MiB. Bereits erteilte Zertifikate behalten die Bilder, mit denen sie erteilt wurden.
settings-image-alt = { $image }, auf die Zertifikate gedruckt ({ $format })
settings-image-missing = { $image } fehlt noch: Zertifikate werden ohne dieses Bild gedruckt.
settings-image-upload-form = { $image } hochladen
settings-image-replace = { $image } ersetzen (PNG, JPEG oder SVG, höchstens 1 MiB)
settings-image-upload = { $image } hochladen (PNG, JPEG oder SVG, höchstens 1 MiB)
settings-image-upload-submit = Hochladen
settings-image-remove = { $image } entfernen

settings-time-zone-heading = Zeitzone
settings-time-zone-form = Zeitzone der Zertifizierungsstelle
settings-time-zone-label = Seiten zeigen Uhrzeiten in dieser Zeitzone, sofern ein Mitglied keine eigene gewählt hat
settings-time-zone-save = Zeitzone speichern

settings-certsearch-heading = IAF CertSearch
settings-certsearch-link = Export für IAF CertSearch
settings-certsearch-text = was noch fehlt, Downloads und Übermittlung an CertSearch.

settings-keys-heading = Signaturschlüssel
settings-keys-intro = Zertifikate werden als mit diesem Schlüssel signierte Nachweise veröffentlicht, sodass jeder sie offline prüfen kann.
settings-keys-lookups-link = Verifizierungsabfragen
settings-keys-lookups-text = listet Prüfungen unbekannter, ähnlicher, ausgesetzter und zurückgezogener Nummern auf.
settings-keys-find = Wer Zertifikate prüft, findet die Schlüssel im
settings-keys-jwks = Schlüsselsatz (JWKS)
settings-keys-and = und im
settings-keys-issuer = Ausstellerdokument
settings-keys-retired-note = Ausgemusterte Schlüssel bleiben veröffentlicht, damit alles, was sie signiert haben, weiterhin verifizierbar ist.
settings-keys-col-key = Schlüssel
settings-keys-col-status = Status
settings-keys-col-created = Erstellt
settings-keys-col-retired = Ausgemustert
settings-key-active = aktiv
settings-key-retired = ausgemustert
settings-rotate = Signaturschlüssel wechseln
settings-rotate-help = Beim Wechsel entsteht ein neuer Schlüssel, der ab sofort signiert; der bisherige Schlüssel wird ausgemustert, bleibt aber veröffentlicht, sodass damit signierte Zertifikate weiterhin verifizierbar sind.
settings-rotate-confirm = Mir ist bewusst, dass neue Nachweise mit einem neuen Schlüssel signiert werden
settings-language-heading = Sprache
settings-language-form = Sprache der Zertifizierungsstelle
settings-language-label = Seiten und E-Mails erscheinen in dieser Sprache, sofern ein Mitglied keine eigene gewählt hat
settings-language-save = Sprache speichern
