# Pages: editing one checklist template

checklist-template-all = Checklistenvorlagen
checklist-template-summary = { $standard }, { $audit_type }: { $count ->
    [one] { $count } Punkt
   *[other] { $count } Punkte
}. Neue Audits dieser Norm und Auditart verwenden diese Vorlage.
checklist-template-form = Vorlage bearbeiten
checklist-template-name = Name

## The section names readiness, clause and control are codes: keep them

checklist-template-items = Punkte, einer pro Zeile: Abschnitt | Referenz | Titel | Frage (Abschnitt: readiness, clause oder control)
checklist-template-save = Vorlage speichern
