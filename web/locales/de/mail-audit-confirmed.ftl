# Mails: an audit and its team are confirmed

mail-audit-confirmed-title = Audit bestätigt
mail-audit-confirmed-subject = Audit ({ $kind }) bei { $client } bestätigt: { $starts_on } bis { $ends_on }
mail-audit-confirmed-body = { $brand } bestätigt das
mail-audit-confirmed-body-end = bei { $client }:
mail-audit-confirmed-ics = Die angehängte Einladung (invitation.ics) trägt die Termine in Ihren Kalender ein.
