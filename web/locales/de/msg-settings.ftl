# Words the server builds for the settings pages, the audit-time tables and calculator, and the verification look-ups.

## Titles

msg-settings-title = Einstellungen
msg-settings-calculator-title = Auditzeit-Rechner
msg-settings-tables-title = Auditzeit-Tabellen
msg-settings-verification-title = Verifizierungsabfragen

## Numbers typed in a form, and the fields they belong to

msg-settings-not-a-number = { $field } muss eine Zahl sein
msg-settings-adjustment-not-a-number = Die Anpassung muss eine Zahl in Prozent sein
msg-settings-field-effective-personnel = Die effektive Mitarbeiterzahl
msg-settings-field-sites = Die Anzahl der Standorte
msg-settings-field-integration-reduction = Die Reduzierung für Integration
msg-settings-field-stage1-share = Der Anteil von Stufe 1
msg-settings-field-stage1-min-days = Die Mindestzeit für Stufe 1
msg-settings-field-at-risk-days = Die Frist für „gefährdet“
msg-settings-field-rotation-limit = Die Rotationsgrenze
msg-settings-field-objection-days = Die Einspruchsfrist
msg-settings-field-nc-response-days = Die Frist für die Antwort auf eine Abweichung
msg-settings-field-max-upload = Die größte Nachweisdatei
msg-settings-field-retention = Die Aufbewahrung zurückgezogener Nachweise
msg-settings-field-outbox-retention = Die Aufbewahrung im Postausgang
msg-settings-field-address = Die Anschrift
msg-settings-field-prefix = Das Nummernpräfix
msg-settings-field-number-pattern = Das Nummernschema
msg-settings-field-suspension = Die längste Aussetzung
msg-settings-field-suspension-months = Die längste Aussetzung in Monaten
msg-settings-field-contact-email = Die Kontaktadresse
msg-settings-field-alert = Die Warnschwelle
msg-settings-field-alert-per-day = Die Warnschwelle in Abfragen pro Tag
msg-settings-accreditation-line = Akkreditierung in Zeile { $line } muss lauten: Norm | Akkreditierungsstelle | Akkreditierungsnummer

## Notices

msg-settings-saved = Einstellungen gespeichert
msg-settings-time-zone-set = Uhrzeiten werden in { $zone } angezeigt
msg-settings-key-rotated-new = Signaturschlüssel gewechselt: Der neue Schlüssel ist { $kid }
msg-settings-key-rotated = Signaturschlüssel gewechselt
msg-settings-audit-time-kept = Auditzeit beim Antrag gespeichert: Erstzertifizierung { $initial } Tage (Stufe 1: { $stage1 }, Stufe 2: { $stage2 })
msg-settings-band-limits-invalid = Die Grenzen der Spanne müssen ganze Zahlen sein
msg-settings-band-days-invalid = Die Tage müssen durch Kommas getrennte Zahlen sein, eine je Spalte
msg-settings-band-added = Spanne zu { $table } hinzugefügt; sie ist als ungeprüft markiert
msg-settings-table-reverted = Die eingebaute Tabelle gilt wieder

## Images printed on certificates

msg-settings-image-logo = Logo
msg-settings-image-logo-lower = Logo
msg-settings-image-accreditation-mark = Akkreditierungszeichen
msg-settings-image-accreditation-mark-lower = Akkreditierungszeichen
msg-settings-image-refused-title = Das Formular wurde abgelehnt
msg-settings-image-after-csrf = Das Formular muss das Bild nach seinem CSRF-Token senden
msg-settings-image-unreadable = Das Formular konnte nicht gelesen werden
msg-settings-image-missing = Wählen Sie ein Bild zum Hochladen
msg-settings-image-too-large = Das { $image } ist größer als { $mib } MiB
msg-settings-image-saved = { $image } gespeichert: Ab jetzt erteilte Zertifikate zeigen es
msg-settings-image-removed = { $image } entfernt: Ab jetzt erteilte Zertifikate werden ohne es gedruckt

## Kinds of public look-ups

msg-settings-lookup-unknown = Unbekannte Nummer
msg-settings-lookup-look-alike = Ähnliche Nummer
msg-settings-lookup-suspended = Ausgesetztes Zertifikat
msg-settings-lookup-withdrawn = Zurückgezogenes Zertifikat

# Spalten der Auditzeit-Tabellen (Komplexität oder KI-Rolle)
msg-settings-column-days = Tage
msg-settings-column-high = hoch
msg-settings-column-medium = mittel
msg-settings-column-low = niedrig
msg-settings-column-limited = begrenzt
msg-settings-column-producer = Hersteller
msg-settings-column-developer = Entwickler
msg-settings-column-provider = Anbieter
msg-settings-column-user = Nutzer
msg-settings-column-multiple = mehrere Rollen
