# Words the fieldwork pages build in Rust: the checklist, nonconformities, the audit report, the client portal and checklist templates.

msg-fieldwork-workspace-title = Checkliste: Audit { $kind } bei { $client }
msg-fieldwork-evidence-about-nc = Abweichung { $number }

## Checklist groups (by top-level clause or Annex A control group)

msg-fieldwork-group-readiness = Bereitschaft (Stufe 1)
msg-fieldwork-group-follow-up = Aus früheren Audits übernommen
msg-fieldwork-group-clause-titled = Abschnitt { $clause } { $title }
msg-fieldwork-group-clause = Abschnitt { $clause }
msg-fieldwork-group-other-clauses = Weitere Abschnitte
msg-fieldwork-group-annex = Anhang A, { $group }
msg-fieldwork-clause-4 = Kontext der Organisation
msg-fieldwork-clause-5 = Führung
msg-fieldwork-clause-6 = Planung
msg-fieldwork-clause-7 = Unterstützung
msg-fieldwork-clause-8 = Betrieb
msg-fieldwork-clause-9 = Bewertung der Leistung
msg-fieldwork-clause-10 = Verbesserung

## Notices

msg-fieldwork-checklist-created = Checkliste mit { $count ->
    [one] { $count } Punkt
   *[other] { $count } Punkten
} angelegt
msg-fieldwork-nothing-changed = Nichts geändert
msg-fieldwork-answers-saved = { $count ->
    [one] { $count } Antwort gespeichert
   *[other] { $count } Antworten gespeichert
}
msg-fieldwork-raised = Abweichung { $number } erfasst; der Kunde wird benachrichtigt
msg-fieldwork-nc-now = Abweichung { $number } ist jetzt { $status }
msg-fieldwork-client-invited = { $email } ist zum Kundenportal eingeladen
msg-fieldwork-template-copied = Vorlage kopiert; bearbeiten Sie sie unten
msg-fieldwork-template-bad-line = Zeile { $line }: Schreiben Sie Bereich | Referenz | Titel | Frage, mit dem Bereich readiness, clause oder control
msg-fieldwork-template-saved = Vorlage mit { $count ->
    [one] { $count } Punkt
   *[other] { $count } Punkten
} gespeichert

## Page titles

msg-fieldwork-raise-title = Abweichung erfassen
msg-fieldwork-nc-title = Abweichung { $number }
msg-fieldwork-report-title = Auditbericht
msg-fieldwork-portal-title = Kundenportal von { $client }
msg-fieldwork-templates-title = Checklistenvorlagen

## The audit report

msg-fieldwork-report-dates = { $from } bis { $to }
msg-fieldwork-report-nc-summary = { $count ->
    [one] { $count } Abweichung
   *[other] { $count } Abweichungen
}: { $majors ->
    [one] { $majors } Hauptabweichung
   *[other] { $majors } Hauptabweichungen
}, { $minors ->
    [one] { $minors } Nebenabweichung
   *[other] { $minors } Nebenabweichungen
}
msg-fieldwork-report-progress = { $answered } von { $total } Checklistenpunkten beantwortet
msg-fieldwork-report-objectives-stage-1 = Stufe 1 (ISO/IEC 17021-1 9.3.1.2): die Dokumentation des Managementsystems, die Bedingungen am Standort und die Bereitschaft des Kunden für Stufe 2 prüfen und Stufe 2 planen.
msg-fieldwork-report-objectives = Umsetzung und Wirksamkeit des Managementsystems anhand der Auditkriterien bewerten (ISO/IEC 17021-1 9.3.1.3, 9.6).
msg-fieldwork-report-not-yet = Noch keine Empfehlung: { $answered } von { $total } Checklistenpunkten beantwortet.
msg-fieldwork-report-recommends = Das Auditteam empfiehlt die Zertifizierungsentscheidung (ISO/IEC 17021-1 9.4.8 p).
msg-fieldwork-report-blocked = Keine Empfehlung, solange Folgendes offen ist: { $blockers }.
