# Pages: the second factor at sign-in

second-factor-heading = Zweiter Faktor
second-factor-intro = Öffnen Sie Ihre Authenticator-App und geben Sie den aktuellen Code für Certa ein. Wenn Sie Ihr Gerät verloren haben, geben Sie einen Ihrer Wiederherstellungscodes ein.
second-factor-code = Code
second-factor-submit = Bestätigen
second-factor-start-again = Von vorn beginnen
