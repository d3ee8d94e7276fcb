# Pages: the register of certificates, its filters and exports

certificates-heading = Zertifikate
certificates-filter-label = Zertifikate filtern
certificates-filter-status = Status
certificates-filter-any = Alle
certificates-filter-standard = Norm
certificates-filter-expiring = Läuft ab innerhalb von (Tagen)
certificates-filter-query = Inhaber oder Nummer
certificates-filter-submit = Filtern
certificates-filter-clear = Filter zurücksetzen

certificates-count = { $count } Zertifikat(e).
certificates-count-filtered = { $count } Zertifikat(e) entsprechen den Filtern.
certificates-export-all = Alle exportieren:
certificates-export-them = Diese exportieren:
certificates-export-csv = CSV
certificates-export-xlsx = Excel (XLSX)
certificates-export-certsearch = Export nach IAF CertSearch

certificates-region = Zertifikate, scrollbar
certificates-table = Zertifikate
certificates-col-number = Nummer
certificates-col-holder = Inhaber
certificates-col-standards = Normen
certificates-col-status = Status
certificates-col-effective = Gültig ab
certificates-col-expires = Gültig bis
certificates-col-since = Zertifiziert seit
certificates-suspended-until = bis { $date }
certificates-pager-label = Seiten des Registers
certificates-pager-previous = Vorherige Seite
certificates-pager-page = Seite { $page } von { $pages }
certificates-pager-next = Nächste Seite

certificates-none-match = Kein Zertifikat entspricht den Filtern.
certificates-none = Noch kein Zertifikat ausgestellt. Zertifikate entstehen mit der Entscheidung, die Zertifizierung zu erteilen; diese treffen Sie bei den
certificates-none-link = wartenden Auditakten
