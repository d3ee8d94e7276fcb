# Pages: the audit workspace (checklist, evidence and nonconformities of an audit)

workspace-audit-link = Audit
workspace-report-link = Bericht
workspace-submit-link = Bericht einreichen
workspace-heading = Checkliste: Audit { $kind } bei { $client }
workspace-blockers = Vor einer Zertifizierungsentscheidung:

workspace-filter-label = Checkliste filtern
workspace-filter-result = Ergebnis
workspace-filter-all = alle
workspace-filter-unanswered = unbeantwortet
workspace-filter-reference = Abschnitt oder Maßnahme
workspace-filter-site = Standort
workspace-filter-submit = Filtern
workspace-filter-clear = Alle Punkte anzeigen

workspace-answers-label = Antworten der Checkliste
workspace-progress = { $answered } von { $total } Punkten beantwortet
workspace-counts-label = Bisherige Ergebnisse
workspace-shown = { $count } Punkt(e) entsprechen dem Filter.
workspace-save = Antworten speichern
workspace-save-end = (Ende der Checkliste)
workspace-save-help = Nur geänderte Punkte werden gespeichert. Tastatur: Tab wechselt zwischen den Feldern, Buchstaben wählen ein Ergebnis, Alt+S speichert von überall.
workspace-group-count = { $answered } von { $total } beantwortet
workspace-group-count-ncs = { $answered } von { $total } beantwortet, { $ncs } Abweichung(en)

workspace-item-result = Ergebnis
workspace-item-for = zu { $reference }
workspace-item-notes-evidence = Notizen und objektive Nachweise
workspace-item-site = Standort
workspace-item-evidence-requested = Nachweis angefordert
workspace-item-due-date = Fälligkeitsdatum
workspace-item-raise = Erfassen
workspace-item-raise-hidden = einer Abweichung zu { $reference }
workspace-item-not-answered = nicht beantwortet
workspace-item-notes = Notizen
workspace-item-evidence = Nachweis
workspace-item-requested-by = angefordert bis { $due }

workspace-no-checklist = Dieses Audit hat noch keine Checkliste.
workspace-create-label = Checkliste anlegen
workspace-create-submit = Checkliste aus den Vorlagen anlegen

workspace-evidence-heading = Nachweise
workspace-evidence-table = Nachweise dieses Audits
workspace-evidence-col-for = Zu
workspace-evidence-col-evidence = Nachweis
workspace-evidence-col-file = Datei
workspace-evidence-col-size = Größe
workspace-evidence-col-uploaded = Hochgeladen
workspace-evidence-version = { $title } (v{ $version }, von { $by })
workspace-evidence-none = Noch keine Nachweise hochgeladen.

workspace-ncs-heading = Abweichungen dieses Audits
workspace-ncs-table = Abweichungen
workspace-ncs-col-number = Nr.
workspace-ncs-col-grade = Einstufung
workspace-ncs-col-reference = Referenz
workspace-ncs-col-statement = Feststellung
workspace-ncs-col-status = Status
workspace-ncs-col-due = Antwort fällig
workspace-nc-label = Abweichung { $number }
workspace-ncs-none = Keine erfasst.
