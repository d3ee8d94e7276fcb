# Pages: importing clients and their sites from CSV

clients-import-all = All clients
clients-import-heading = Import clients
clients-import-paste = Paste a CSV with a header row. Columns (any order):
clients-import-required = Only { $column_html } is required.
clients-import-rows = Rows with the same { $column_html } add sites to one client.
clients-import-all-or-nothing = The import is all or nothing: if any row has a problem, nothing is imported and every problem is listed.
clients-import-failed = Nothing was imported. Correct these problems and import again:
clients-import-problems = Import problems
clients-import-col-line = Line
clients-import-col-column = Column
clients-import-col-problem = Problem
clients-import-form = Import clients
clients-import-csv = CSV

## The column names are codes: the same in every language

clients-import-csv-placeholder = client_reference,legal_name,site_name,site_country,site_kind,site_headcount,site_central_function
clients-import-submit = Import
