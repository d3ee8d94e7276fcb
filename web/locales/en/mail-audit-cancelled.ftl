# Mails: an audit was cancelled

mail-audit-cancelled-title = Audit cancelled
mail-audit-cancelled-subject = { $kind } audit of { $client } on { $starts_on } to { $ends_on } cancelled
mail-audit-cancelled-body = { $brand } has cancelled the
mail-audit-cancelled-body-end = of { $client } planned from { $starts_on } to { $ends_on }.
mail-audit-cancelled-ics = The attached file (cancellation.ics) removes the audit from your calendar. { $brand } will contact you about new dates if the audit is still needed.
