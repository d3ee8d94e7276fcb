# Pages: one standard edition with its clauses and Annex A controls

standard-all = All standards
standard-clauses-heading = Clauses
standard-clauses-table = Clauses
standard-col-clause = Clause
standard-col-title = Title
standard-controls-table = Annex A controls
standard-col-control = Control
standard-col-group = Group
