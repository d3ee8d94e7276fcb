# Pages: the client portal (what the client has to do, certificates, audits, evidence, nonconformities)

portal-heading = { $client }: Kundenportal
portal-todo-label = Was Sie erledigen müssen
portal-next-audit-heading = Nächstes Audit
portal-next-audit = { $kind }: { $dates_html }.
portal-all-audits = Alle Audits
portal-next-audit-none = Keines geplant.
portal-evidence-heading = Zu sendende Nachweise
portal-evidence-waiting = Anforderung(en) ohne Datei
portal-first-due = die erste fällig am { $date_html }.
portal-nothing-waits = Nichts wartet auf Sie.
portal-ncs-to-answer-heading = Zu beantwortende Abweichungen
portal-ncs-waiting = warten auf Ihre Antwort

portal-certificates-heading = Zertifikate
portal-certificates-region = Zertifikate, scrollbar
portal-certificates-col-number = Nummer
portal-certificates-col-standards = Normen
portal-certificates-col-status = Status
portal-certificates-col-effective = Gültig ab
portal-certificates-col-expires = Gültig bis
portal-certificates-col-document = Dokument
portal-suspended-until = bis { $date }
portal-certificate-pdf = PDF
portal-certificate-pdf-hidden = des Zertifikats { $number }
portal-certificates-none = Noch kein Zertifikat ausgestellt.

portal-audits-heading = Audits
portal-audits-region = Audits, scrollbar
portal-audits-col-audit = Audit
portal-audits-col-dates = Termine
portal-audits-col-status = Status
portal-audits-none = Keine Audits geplant.

portal-requests-heading = Angeforderte Nachweise
portal-request-heading = { $reference } { $title } (fällig am { $due })
portal-evidence-region = Nachweise, scrollbar
portal-evidence-table = Nachweise
portal-evidence-col-evidence = Nachweis
portal-evidence-col-file = Datei
portal-evidence-col-size = Größe
portal-evidence-col-uploaded = Hochgeladen
portal-evidence-version = { $title } (Version { $version }, von { $by })
portal-requests-none = Nichts angefordert.

portal-ncs-heading = Abweichungen
portal-ncs-region = Abweichungen, scrollbar
portal-ncs-col-number = Nr.
portal-ncs-col-grade = Einstufung
portal-ncs-col-statement = Feststellung
portal-ncs-col-status = Status
portal-ncs-col-due = Antwort fällig
portal-nc-label = Abweichung { $number }
portal-ncs-none = Keine Abweichungen.
