# Words the server builds for the pages from the audit file to the certificate: titles, notices, states and exports.

## Shared

msg-certification-dates = { $from } bis { $to }
msg-certification-export-failed-title = Etwas ist schiefgegangen
msg-certification-export-failed = Der Export konnte nicht geschrieben werden; der Fehler wurde protokolliert.

## The work queue

msg-certification-queue-title = Wartende Auditakten

## The audit file

msg-certification-file-title = Auditakte: Audit ({ $kind }) bei { $client }
msg-certification-file-decided = Auf dieser Auditakte beruht eine Zertifizierungsentscheidung.
msg-certification-file-not-submitted = Die Auditleitung hat den Bericht noch nicht eingereicht.
msg-certification-file-submitted = Revision { $revision } wartet auf die technische Prüfung.
msg-certification-file-returned = Revision { $revision } wurde an die Auditleitung zurückgegeben; eine neue Revision beantwortet die Kommentare.
msg-certification-file-passed = Revision { $revision } hat die technische Prüfung bestanden und wartet auf die Zertifizierungsentscheidung.
msg-certification-file-progress = { $answered } von { $total } Checklistenpunkten beantwortet
msg-certification-file-ncs-none = Keine festgestellt
msg-certification-file-ncs = { $count } ({ $majors } Haupt-, { $minors } Nebenabweichungen)
msg-certification-section-report = Bericht und Empfehlung
msg-certification-section-checklist = Checkliste
msg-certification-section-nonconformities = Abweichungen, Korrekturen, Grundursachen und Maßnahmenpläne
msg-certification-section-evidence = Nachweise
msg-certification-section-general = Allgemein
msg-certification-report-submitted = Revision { $revision } des Berichts ist eingereicht und gesperrt; sie wartet auf die technische Prüfung
msg-certification-review-returned = Die Akte ist mit Ihren Kommentaren an die Auditleitung zurückgegeben
msg-certification-review-passed = Die Akte hat die technische Prüfung bestanden; sie wartet auf die Zertifizierungsentscheidung

## The decision

msg-certification-decide-title = Zertifizierungsentscheidung: { $client }
msg-certification-audit-decided = entschieden
msg-certification-audit-no-report-needed = kein Bericht nötig: Die Entscheidung beruht auf Stufe 2
msg-certification-audit-not-submitted = Bericht nicht eingereicht
msg-certification-audit-submitted = Revision { $revision } wartet auf die technische Prüfung
msg-certification-audit-returned = Revision { $revision } an die Auditleitung zurückgegeben
msg-certification-audit-passed = Revision { $revision } hat die technische Prüfung bestanden; Empfehlung des Auditteams: { $recommendation }
msg-certification-choose-audits = Wählen Sie die Audits aus der Liste
msg-certification-choose-certificate = Wählen Sie ein Zertifikat aus der Liste
msg-certification-granted = Zertifizierung erteilt: Zertifikat { $number } ist ausgestellt und die Kundenorganisation informiert
msg-certification-renewed = Zertifizierung erneuert: Zertifikat { $number } ist ausgestellt und die Kundenorganisation informiert
msg-certification-decided-certificate = Entscheidung getroffen ({ $decision }): Zertifikat { $number }
msg-certification-decided = Entscheidung getroffen: { $decision }

## The register and its exports

msg-certification-register-title = Zertifikate
msg-certification-expiring-within-invalid = „Läuft ab innerhalb von“ muss eine ganze Zahl von Tagen sein, 0–3650
msg-certification-page-invalid = Die Seite muss eine ganze Zahl sein
msg-certification-export-sheet = Zertifikate
msg-certification-export-number = Nummer
msg-certification-export-revision = Revision
msg-certification-export-status = Status
msg-certification-export-holder = Inhaber
msg-certification-export-location = Ort
msg-certification-export-standards = Normen
msg-certification-export-scope = Geltungsbereich
msg-certification-export-sites = Standorte
msg-certification-export-original = Erstzertifizierung
msg-certification-export-decision = Entscheidung
msg-certification-export-effective = Gültig ab
msg-certification-export-expiry = Gültig bis
msg-certification-export-suspended-until = Ausgesetzt bis
msg-certification-export-accreditation = Akkreditierung

## The certificate page

msg-certification-certificate-title = Zertifikat { $number }
msg-certification-event-issued = Ausgestellt
msg-certification-event-suspended = Ausgesetzt
msg-certification-event-restored = Wiederhergestellt
msg-certification-event-withdrawn = Zurückgezogen
msg-certification-event-expired = Abgelaufen
msg-certification-event-scope-extended = Geltungsbereich erweitert
msg-certification-event-scope-reduced = Geltungsbereich eingeschränkt
msg-certification-event-renewed = Erneuert
msg-certification-suspended-until = Zertifikat { $number } ist bis { $until } ausgesetzt; die Kundenorganisation ist informiert
msg-certification-suspended = Zertifikat { $number } ist ausgesetzt; die Kundenorganisation ist informiert
msg-certification-restored = Zertifikat { $number } ist wiederhergestellt; die Kundenorganisation ist informiert
msg-certification-withdrawn = Zertifikat { $number } ist zurückgezogen; die Kundenorganisation ist informiert
