# Pages: the error page

error-back = Zurück zur Startseite
