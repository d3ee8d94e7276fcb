# Pages: a scheduled audit (team, objections, plan, moving and cancelling)

scheduled-audit-applications = Anträge
scheduled-audit-programme-of = Auditprogramm von { $client }
scheduled-audit-glance = Auf einen Blick
scheduled-audit-link-workspace = Checkliste und Abweichungen
scheduled-audit-link-report = Auditbericht
scheduled-audit-link-file = Auditakte, Prüfung und Entscheidung

scheduled-audit-client = Kunde
scheduled-audit-standards = Normen
scheduled-audit-areas = Technische Bereiche
scheduled-audit-areas-none = keine angegeben
scheduled-audit-status = Status
scheduled-audit-override = Trotz Befunden bestätigt, weil
scheduled-audit-objections-until = Einsprüche des Kunden bis

scheduled-audit-team-heading = Auditteam
scheduled-audit-col-name = Name
scheduled-audit-col-role = Rolle
scheduled-audit-col-days = Tage
scheduled-audit-no-team = Noch kein Auditteam vorgeschlagen.
scheduled-audit-checks = Prüfungen des vorgeschlagenen Auditteams:
scheduled-audit-blocking = Blockierend:
scheduled-audit-warning = Warnung:
scheduled-audit-checks-pass = Alle Prüfungen des Auditteams bestanden: Kompetenz, Qualifikation der Auditleitung, Unparteilichkeit, Verfügbarkeit.

scheduled-audit-objections-heading = Einsprüche des Kunden
scheduled-audit-objections-table = Einsprüche
scheduled-audit-col-member = Mitglied
scheduled-audit-col-reason = Grund
scheduled-audit-col-raised-by = Erhoben von
scheduled-audit-col-decision = Entscheidung
scheduled-audit-decide-form = Über den Einspruch gegen { $member } entscheiden
scheduled-audit-upheld = stattgegeben (Mitglied ersetzen)
scheduled-audit-dismissed = abgelehnt
scheduled-audit-why = Begründung
scheduled-audit-decide = Entscheiden
scheduled-audit-decide-hidden = über den Einspruch gegen { $member }
scheduled-audit-no-objections = Keine Einsprüche.
scheduled-audit-may-object = Der Kunde kann bis { $deadline } über den mit dem Vorschlag versandten Link Einspruch erheben.
scheduled-audit-record-form = Einspruch erfassen
scheduled-audit-record-heading = Telefonisch oder schriftlich eingegangenen Einspruch erfassen
scheduled-audit-record-submit = Einspruch erfassen

scheduled-audit-plan-heading = Auditplan
scheduled-audit-plan-sites = Standorte
scheduled-audit-plan-remote = Remote (IKT)
scheduled-audit-remote = { $remote ->
        [none] keine
        [partial] teilweise
        [full] vollständig
       *[other] { $remote }
    }
scheduled-audit-plan-ict = IKT-Risiken und ihre Behandlung
scheduled-audit-agenda = Ablauf
scheduled-audit-col-date = Datum
scheduled-audit-col-time = Uhrzeit
scheduled-audit-col-activity = Tätigkeit
scheduled-audit-no-plan = Noch kein Auditplan.
scheduled-audit-sites-visited = Besuchte Standorte
scheduled-audit-no-sites = Der Kunde hat noch keine Standorte.
scheduled-audit-remote-label = Remote-Auditierung mit Informations- und Kommunikationstechnik (IAF MD 4)
scheduled-audit-ict-label = IKT-Risiken und ihre Behandlung (bei Remote-Auditierung erforderlich)
scheduled-audit-agenda-label = Ablauf, eine Zeile je Punkt: JJJJ-MM-TT HH:MM Tätigkeit
scheduled-audit-save-plan = Auditplan speichern

scheduled-audit-propose-heading = Auditteam vorschlagen
scheduled-audit-proposal-table = Vorschlag für das Auditteam
scheduled-audit-col-person = Person
scheduled-audit-person-n = Person { $n }
scheduled-audit-role-n = Rolle { $n }
scheduled-audit-days-n = Tage { $n }
scheduled-audit-propose-submit = Auditteam vorschlagen und prüfen

scheduled-audit-confirm-heading = Auditteam bestätigen
scheduled-audit-objection-warning = Der Kunde kann bis { $deadline } noch Einspruch gegen ein Mitglied des Auditteams erheben (ISO/IEC 17021-1 9.2.3). Wenn Sie jetzt bestätigen, werden die Einladungen vorher versandt; über einen später eingehenden Einspruch muss trotzdem entschieden werden, und er kann das Auditteam ändern.
scheduled-audit-confirm-early = Vor Ablauf der Einspruchsfrist des Kunden bestätigen
scheduled-audit-override-label = Begründung für die Übersteuerung (erforderlich, um trotz blockierender Befunde zu bestätigen; wird im Prüfpfad festgehalten)

scheduled-audit-move-heading = Audit verschieben oder absagen
scheduled-audit-move = Audit verschieben
scheduled-audit-first-day = Erster Tag
scheduled-audit-last-day = Letzter Tag
scheduled-audit-already-held = Das Audit fand an diesen Tagen statt (erster Tag in der Vergangenheit)
scheduled-audit-move-help = Das Auditteam und die Ansprechpartner des Kunden erhalten die aktualisierte Einladung.
scheduled-audit-cancel = Audit absagen
scheduled-audit-cancel-reason = Grund der Absage (wird dem Auditteam und dem Kunden mitgeteilt)
