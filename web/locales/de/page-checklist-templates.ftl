# Pages: the checklist templates of the certification body and the built-in ones

checklist-templates-heading = Checklistenvorlagen
checklist-templates-intro = Audits übernehmen ihre Checkliste aus der Vorlage dieser Zertifizierungsstelle für die Norm und Auditart, sofern es eine gibt, sonst aus der eingebauten Vorlage. Eingebaute Vorlagen führen die Abschnitte und Maßnahmen nach Anhang A mit Nummer und Titel auf, ergänzt um Certas eigene Leitfragen.
checklist-templates-table = Checklistenvorlagen
checklist-templates-col-template = Vorlage
checklist-templates-col-standard = Norm
checklist-templates-col-audit-type = Auditart
checklist-templates-col-items = Punkte
checklist-templates-col-actions = Aktionen
checklist-templates-built-in = { $name } (eingebaut)
checklist-templates-copy = Zum Bearbeiten kopieren
