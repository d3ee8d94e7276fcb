# Pages: importing clients and their sites from CSV

clients-import-all = Alle Kunden
clients-import-heading = Kunden importieren
clients-import-paste = Fügen Sie eine CSV-Datei mit Kopfzeile ein. Spalten (in beliebiger Reihenfolge):
clients-import-required = Nur { $column_html } ist Pflicht.
clients-import-rows = Zeilen mit demselben Wert in { $column_html } ergeben Standorte desselben Kunden.
clients-import-all-or-nothing = Der Import gilt ganz oder gar nicht: Hat eine Zeile ein Problem, wird nichts importiert und jedes Problem aufgelistet.
clients-import-failed = Es wurde nichts importiert. Beheben Sie diese Probleme und importieren Sie erneut:
clients-import-problems = Probleme beim Import
clients-import-col-line = Zeile
clients-import-col-column = Spalte
clients-import-col-problem = Problem
clients-import-form = Kunden importieren
clients-import-csv = CSV

## The column names are codes: the same in every language

clients-import-csv-placeholder = client_reference,legal_name,site_name,site_country,site_kind,site_headcount,site_central_function
clients-import-submit = Importieren
