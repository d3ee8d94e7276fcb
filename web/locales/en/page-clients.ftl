# Pages: the list of clients, its search, and registering a client

clients-heading = Clients
clients-import-link = Import clients from CSV
clients-search-label = Search clients
clients-search-query = Name, reference or registration number
clients-search-country = Country
clients-search-country-help = two letters, e.g. DE
clients-search-submit = Search
clients-table = Clients
clients-col-reference = Reference
clients-col-legal-name = Legal name
clients-col-trading-name = Trading name
clients-col-sites = Sites
clients-col-headcount = Headcount
clients-next = Next clients
clients-none = No clients.
clients-none-match = No clients match “{ $query }”.

clients-new-heading = Register a client
clients-new-legal-name = Legal name
clients-new-trading-name = Trading name (optional)
clients-new-reference = Reference (optional; generated when empty)
clients-new-registration-number = Registration number (optional)
clients-new-website = Website (optional)
clients-new-website-example = https://
clients-new-submit = Register client
