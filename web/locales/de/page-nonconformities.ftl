# Pages: the register of nonconformities across clients and audits, with its filters

nonconformities-heading = Register der Abweichungen
nonconformities-intro = Alle Abweichungen aus den Audits Ihrer Kunden: überfällige Antworten zuerst, danach nach dem Tag, an dem die Antwort fällig ist.
nonconformities-filter-label = Abweichungen filtern
nonconformities-filter-status = Status
nonconformities-filter-not-closed = Nicht geschlossen
nonconformities-filter-all-statuses = Alle, auch geschlossene
nonconformities-filter-grade = Einstufung
nonconformities-filter-any-grade = Jede Einstufung
nonconformities-filter-client = Kunde
nonconformities-filter-any-client = Alle Kunden
nonconformities-filter-overdue = Antwort überfällig
nonconformities-filter-mine = Wartet auf meine Prüfung
nonconformities-filter-submit = Anzeigen
nonconformities-filter-clear = Filter zurücksetzen
nonconformities-filter-ignored = Einige Filterwerte wurden nicht verstanden und bleiben unberücksichtigt.
nonconformities-counts-label = Abweichungen nach Status
nonconformities-count = { $status }: { $count }
nonconformities-total =
    { $count ->
        [one] Eine Abweichung.
       *[other] { $count } Abweichungen.
    }
nonconformities-showing = Angezeigt werden { $from }–{ $to } von { $total } Abweichungen.
nonconformities-table = Abweichungen
nonconformities-col-number = Nr.
nonconformities-col-grade = Einstufung
nonconformities-col-status = Status
nonconformities-col-client = Kunde
nonconformities-col-audit = Audit
nonconformities-col-reference = Referenz
nonconformities-col-statement = Feststellung
nonconformities-col-due = Antwort fällig
nonconformities-col-raised-by = Festgestellt von
nonconformities-nc-label = Abweichung { $number }, { $client }
nonconformities-audit = { $kind }, { $dates_html }
nonconformities-overdue = überfällig
nonconformities-pager-label = Seiten des Registers
nonconformities-pager-previous = Vorherige Seite
nonconformities-pager-next = Nächste Seite
nonconformities-pager-page = Seite { $page } von { $pages }
nonconformities-none-match = Keine Abweichung entspricht diesen Filtern.
nonconformities-none-open = Es ist keine Abweichung offen.
nonconformities-show-all = Alle anzeigen, auch geschlossene
