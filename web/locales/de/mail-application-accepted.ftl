# Mails: an application for certification was accepted

mail-application-accepted-title = Antrag angenommen
mail-application-accepted-subject = { $brand } hat Ihren Antrag für { $standards } angenommen
mail-application-accepted-body = { $brand } hat den Antrag von
mail-application-accepted-body-end = auf Zertifizierung nach { $standards } geprüft und angenommen.
mail-application-accepted-scope = Beantragter Geltungsbereich:
mail-application-accepted-next = Wir planen nun das Auditprogramm und schlagen das Auditteam vor; Sie erhalten von uns die Termine des Stufe-1-Audits.
