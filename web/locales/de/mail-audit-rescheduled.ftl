# Mails: a confirmed audit moved to new dates

mail-audit-rescheduled-title = Audit verschoben
mail-audit-rescheduled-subject = Audit ({ $kind }) bei { $client } verschoben: jetzt { $starts_on } bis { $ends_on }
mail-audit-rescheduled-body = { $brand } hat das
mail-audit-rescheduled-body-end = bei { $client } auf neue Termine verschoben:
mail-audit-rescheduled-ics = Die angehängte Einladung (invitation.ics) aktualisiert den Termin, der bereits in Ihrem Kalender steht.
