# Pages: the list of applications for certification

applications-heading = Anträge
applications-filter-label = Anträge filtern
applications-filter-status = Status
applications-filter-all = alle
applications-filter-submit = Filtern
applications-table = Anträge
applications-col-received = Eingegangen
applications-col-client = Kunde
applications-col-standards = Normen
applications-col-personnel = Mitarbeiter
applications-col-status = Status
applications-none = Keine Anträge.
applications-none-with-status = Keine Anträge mit diesem Status.
applications-register-hint = Erfassen Sie einen Antrag in der
applications-register-hint-link = Akte eines Kunden
