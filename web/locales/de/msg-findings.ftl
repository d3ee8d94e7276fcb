# Ergebnisse der Teamprüfung auf der Auditseite, nach ihrem Code.

msg-finding-lead-missing = Das Team hat keine Auditleitung.
msg-finding-several-leads = Das Team hat mehrere Auditleitungen; wählen Sie eine aus.
msg-finding-lead-not-qualified = { $member } ist an den Audittagen nicht als Auditleitung für eine Norm des Audits qualifiziert.
msg-finding-rotation = { $member } hat die letzten Audits dieses Kunden geleitet; erwägen Sie einen Wechsel der Auditleitung.
msg-finding-standard-not-covered = Kein Auditor des Teams ist für eine Norm des Audits qualifiziert.
msg-finding-technical-area-not-covered = Niemand im Team deckt einen technischen Bereich des Audits ab.
msg-finding-days-invalid = { $member }: Die Tage müssen ein positives Vielfaches eines halben Tages sein.
msg-finding-conflict-of-interest = { $member } hat einen Interessenkonflikt mit diesem Kunden.
msg-finding-unavailable = { $member } ist während des Audits nicht verfügbar.
msg-finding-double-booked = { $member } ist im selben Zeitraum für ein anderes Audit eingeplant.
msg-finding-client-objection = Der Kunde hat Einspruch gegen { $member } erhoben.
msg-finding-dates-unusable = Die gespeicherten Audittermine sind nicht verwendbar; legen Sie neue Termine fest.
