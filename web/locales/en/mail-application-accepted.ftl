# Mails: an application for certification was accepted

mail-application-accepted-title = Application accepted
mail-application-accepted-subject = { $brand } accepted your application for { $standards }
mail-application-accepted-body = { $brand } has reviewed and accepted the application of
mail-application-accepted-body-end = for certification to { $standards }.
mail-application-accepted-scope = Scope applied for:
mail-application-accepted-next = We will now plan the audit programme and propose the audit team; you will hear from us with the dates of the stage 1 audit.
