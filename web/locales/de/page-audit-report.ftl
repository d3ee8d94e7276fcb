# Pages: the printable audit report (ISO/IEC 17021-1 9.4.8)

audit-report-heading = Auditbericht
audit-report-print-help = ISO/IEC 17021-1 9.4.8. Drucken Sie diese Seite (die Navigation wird nicht gedruckt).
audit-report-cb = Zertifizierungsstelle
audit-report-client = Kunde
audit-report-representative = Vertreter des Kunden
audit-report-not-recorded = nicht erfasst
audit-report-type = Auditart
audit-report-integrated = (integriertes Audit, IAF MD 11)
audit-report-criteria = Auditkriterien
audit-report-objectives = Auditziele
audit-report-scope = Geltungsbereich
audit-report-scope-as-applied = wie im Antrag
audit-report-team = Auditteam
audit-report-dates = Termine
audit-report-places = Orte
audit-report-places-see-plan = siehe Auditplan
audit-report-remote = (remote: { $remote })
audit-report-deviations = Änderungen gegenüber dem Auditplan
audit-report-deviations-none = keine erfasst
audit-report-checklist = Checkliste

audit-report-findings-heading = Feststellungen
audit-report-col-reference = Referenz
audit-report-col-item = Punkt
audit-report-col-finding = Feststellung
audit-report-col-notes = Nachweise und Notizen
audit-report-findings-none = Keine Abweichungen, Beobachtungen oder Verbesserungspotenziale erfasst.

audit-report-ncs-heading = Abweichungen
audit-report-ncs-table = Übersicht der Abweichungen
audit-report-col-number = Nr.
audit-report-col-grade = Einstufung
audit-report-col-statement = Feststellung
audit-report-col-status = Status

audit-report-carried-heading = Verifizierung früherer Korrekturmaßnahmen
audit-report-not-verified = noch nicht verifiziert
audit-report-carried-none = Keine aus früheren Audits übernommen.
audit-report-conclusion-heading = Schlussfolgerung und Empfehlung
audit-report-sampling-note = Auditieren beruht auf Stichproben der verfügbaren Informationen; die Feststellungen sagen nicht aus, dass keine weiteren Abweichungen bestehen (ISO/IEC 17021-1 9.4.8 o).
