# Mails: a confirmed audit moved to new dates

mail-audit-rescheduled-title = Audit moved
mail-audit-rescheduled-subject = { $kind } audit of { $client } moved: now { $starts_on } to { $ends_on }
mail-audit-rescheduled-body = { $brand } has moved the
mail-audit-rescheduled-body-end = of { $client } to new dates:
mail-audit-rescheduled-ics = The attached invitation (invitation.ics) updates the event already in your calendar.
