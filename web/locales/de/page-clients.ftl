# Pages: the list of clients, its search, and registering a client

clients-heading = Kunden
clients-import-link = Kunden aus CSV importieren
clients-search-label = Kunden suchen
clients-search-query = Name, Referenz oder Registernummer
clients-search-country = Land
clients-search-country-help = zwei Buchstaben, z. B. DE
clients-search-submit = Suchen
clients-table = Kunden
clients-col-reference = Referenz
clients-col-legal-name = Rechtlicher Name
clients-col-trading-name = Handelsname
clients-col-sites = Standorte
clients-col-headcount = Mitarbeiterzahl
clients-next = Weitere Kunden
clients-none = Keine Kunden.
clients-none-match = Keine Kunden gefunden für „{ $query }“.

clients-new-heading = Kunden erfassen
clients-new-legal-name = Rechtlicher Name
clients-new-trading-name = Handelsname (optional)
clients-new-reference = Referenz (optional; wird erzeugt, wenn leer)
clients-new-registration-number = Registernummer (optional)
clients-new-website = Website (optional)
clients-new-website-example = https://
clients-new-submit = Kunden erfassen
