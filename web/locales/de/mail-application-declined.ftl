# Mails: an application for certification was declined

mail-application-declined-title = Antrag abgelehnt
mail-application-declined-subject = { $brand } kann Ihren Antrag für { $standards } nicht annehmen
mail-application-declined-body = { $brand } hat den Antrag von
mail-application-declined-body-end = auf Zertifizierung nach { $standards } geprüft und kann ihn aus folgendem Grund nicht annehmen:
mail-application-declined-again = Wenn sich der Grund beheben lässt, können Sie gerne erneut einen Antrag stellen. Antworten Sie bei Fragen einfach auf diese Mail.
