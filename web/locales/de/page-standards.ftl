# Pages: the standard editions Certa certifies against

standards-heading = Normen
standards-intro = Die Ausgaben, nach denen Certa zertifiziert, mit ihren Abschnittsnummern und -titeln (ohne Anforderungstext). Die Auditzeit-Tabellen und Checklisten verwenden diese Codes.
standards-table = Normen
standards-col-code = Code
standards-col-title = Titel
standards-col-clauses = Abschnitte
standards-col-controls = Maßnahmen nach Anhang A
