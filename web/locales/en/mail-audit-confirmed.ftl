# Mails: an audit and its team are confirmed

mail-audit-confirmed-title = Audit confirmed
mail-audit-confirmed-subject = { $kind } audit of { $client } confirmed: { $starts_on } to { $ends_on }
mail-audit-confirmed-body = { $brand } confirms the
mail-audit-confirmed-body-end = of { $client }:
mail-audit-confirmed-ics = The attached invitation (invitation.ics) adds the dates to your calendar.
