# Mails: an application for certification was declined

mail-application-declined-title = Application declined
mail-application-declined-subject = { $brand } cannot accept your application for { $standards }
mail-application-declined-body = { $brand } has reviewed the application of
mail-application-declined-body-end = for certification to { $standards } and cannot accept it, for this reason:
mail-application-declined-again = If the reason can be addressed, you are welcome to apply again. Reply to this mail with any question.
