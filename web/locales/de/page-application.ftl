# Pages: one application for certification, its review, programme and audit time

application-all-link = Alle Anträge
application-heading = Antrag von { $client }
application-standards = Normen
application-scope = Geltungsbereich
application-personnel = Effektive Mitarbeiterzahl
application-consultancy = In Anspruch genommene Beratung
application-consultancy-none = keine angegeben
application-status = Status
application-reviewed = Geprüft
application-reviewed-by = von { $by }, { $at }
application-competences = Benötigte Kompetenzen
application-review-note = Prüfvermerk
application-decline-reason = Grund der Ablehnung

application-programme-heading = Auditprogramm
application-programme-cycle = Zyklus ab der Zertifizierungsentscheidung vom { $decision_date }; das Zertifikat läuft am { $expiry_date } ab.
application-programme-no-decision = Die Termine der Überwachungsaudits und der Rezertifizierung ergeben sich aus dem Datum der Zertifizierungsentscheidung, das bei Erteilung der Zertifizierung festgelegt wird.
application-programme-table = Audits des Auditprogramms
application-programme-col-audit = Audit
application-programme-col-window = Zeitfenster ab
application-programme-col-due = Fällig bis
application-programme-col-today = Heute
application-programme-col-scheduling = Planung
application-programme-days-left = ({ $count } Tage)
application-schedule-label = Audit { $kind } planen
application-schedule-from = Von
application-schedule-to = Bis
application-schedule-areas = Technische Bereiche
application-schedule-areas-example = z. B. IAF 19
application-schedule-held = Bereits durchgeführt (Termine in der Vergangenheit)
application-schedule-submit = Planen
application-schedule-submit-hidden = (Audit { $kind })
application-decision-date = Das Datum der Zertifizierungsentscheidung wird durch die Entscheidung über die Erteilung oder Erneuerung der Zertifizierung festgelegt.
application-decision-date-intro = Das Datum der Zertifizierungsentscheidung wird durch die Entscheidung über die Erteilung oder Erneuerung der Zertifizierung festgelegt:
application-decide-link = über dieses Auditprogramm entscheiden
application-audit-file-link = Versiegelte Auditakte herunterladen
application-audit-file-explained = alle Berichte, Entscheidungen, Abweichungen, Nachweisdateien, Zertifikatsrevisionen und Ereignisse des Prüfpfads dieses Auditprogramms in einem ZIP-Archiv, signiert von dieser Zertifizierungsstelle, damit ein Begutachter der Akkreditierungsstelle offline prüfen kann, dass nichts verändert wurde.

application-review-heading = Antragsprüfung (ISO/IEC 17021-1 9.1.2)
application-review-help = Bestätigen Sie, dass die Angaben zur Planung des Auditprogramms ausreichen, dass diese Zertifizierungsstelle über die nötige Kompetenz und Kapazität verfügt und dass Geltungsbereich, Standorte, Auditzeit, Sprache und Gefährdungen der Unparteilichkeit berücksichtigt wurden.
application-accept-label = Antrag annehmen
application-accept-competences = Kompetenzen, die das Auditteam und die Entscheidung benötigen
application-accept-note = Prüfvermerk (optional)
application-accept-submit = Annehmen und Auditprogramm anlegen
application-decline-label = Antrag ablehnen
application-decline-reason-field = Grund der Ablehnung (wird dem Kunden per E-Mail mitgeteilt)
application-decline-submit = Ablehnen

application-time-heading = Auditzeit
application-time-calculated = Berechnet am { $at } von { $by }; diese Aufschlüsselung ist die beim Antrag aufbewahrte Begründung.
application-time-none = Noch nicht berechnet.
application-time-calculate-heading = Berechnen und beim Antrag aufbewahren
application-time-submit = Berechnen und aufbewahren
application-glance = Auf einen Blick
application-chip-expiry = Zertifizierungszyklus bis { $day_html }
application-chip-alerts = { $count ->
    [one] 1 Audit überfällig oder gefährdet
   *[other] { $count } Audits überfällig oder gefährdet
}
application-next-audit = Nächstes Audit:
application-next-due = Als Nächstes: Audit ({ $kind }), fällig bis { $day_html }
application-sections = Abschnitte des Antrags
application-facts-heading = Antrag
