# Pages: one standard edition with its clauses and Annex A controls

standard-all = Alle Normen
standard-clauses-heading = Abschnitte
standard-clauses-table = Abschnitte
standard-col-clause = Abschnitt
standard-col-title = Titel
standard-controls-table = Maßnahmen nach Anhang A
standard-col-control = Maßnahme
standard-col-group = Gruppe
