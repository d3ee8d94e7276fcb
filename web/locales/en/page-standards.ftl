# Pages: the standard editions Certa certifies against

standards-heading = Standards
standards-intro = The editions Certa certifies against, with their clause numbers and titles (no requirement text). The audit-time tables and checklists use these codes.
standards-table = Standards
standards-col-code = Code
standards-col-title = Title
standards-col-clauses = Clauses
standards-col-controls = Annex A controls
