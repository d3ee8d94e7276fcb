# Words the personnel pages build in Rust: the page title and the notices of the auditor records.

msg-auditors-title = Auditoren
msg-auditors-created = Akte für { $name } angelegt
msg-auditors-details-saved = Angaben gespeichert
msg-auditors-qualification-added = Qualifikation hinzugefügt
msg-auditors-qualification-removed = Qualifikation entfernt
msg-auditors-choose-client = Wählen Sie den Kunden, den der Interessenkonflikt betrifft.
msg-auditors-conflict-recorded = Interessenkonflikt erfasst
msg-auditors-conflict-removed = Erklärung zum Interessenkonflikt entfernt
msg-auditors-absence-recorded = Abwesenheit erfasst
msg-auditors-absence-removed = Abwesenheit entfernt
