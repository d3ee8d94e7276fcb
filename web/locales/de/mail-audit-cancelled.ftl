# Mails: an audit was cancelled

mail-audit-cancelled-title = Audit abgesagt
mail-audit-cancelled-subject = Audit ({ $kind }) bei { $client } vom { $starts_on } bis { $ends_on } abgesagt
mail-audit-cancelled-body = { $brand } hat das
mail-audit-cancelled-body-end = bei { $client }, geplant vom { $starts_on } bis { $ends_on }, abgesagt.
mail-audit-cancelled-ics = Die angehängte Datei (cancellation.ics) entfernt das Audit aus Ihrem Kalender. { $brand } meldet sich wegen neuer Termine bei Ihnen, falls das Audit weiterhin nötig ist.
