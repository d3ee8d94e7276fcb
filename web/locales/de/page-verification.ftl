# Pages: the verification look-ups the certification body should know about

verification-heading = Verifizierungsabfragen
verification-intro = Zertifikate werden auf der öffentlichen Verifizierungsseite und über deren API geprüft. Hier stehen die Abfragen, von denen Ihre Zertifizierungsstelle wissen sollte: Nummern, die keine Zertifizierungsstelle vergeben hat, die aber wie Ihre aufgebaut sind, Nummern, die sich nur in einem Zeichen von einem Ihrer Zertifikate unterscheiden (oft eine vertippte oder veränderte Nummer), und Abfragen Ihrer ausgesetzten oder zurückgezogenen Zertifikate. Die Zahlen erscheinen innerhalb von etwa zehn Sekunden. Von der prüfenden Person wird nur das Netz ihrer Adresse gespeichert.
verification-period = Zeitraum
verification-last-days = Letzte { $days } Tage
verification-show = Anzeigen
verification-totals = Summen im Zeitraum
verification-table-scrollable = Abfragen nach Tag, scrollbar
verification-table = Abfragen nach Tag
verification-col-day = Tag
verification-col-what = Art
verification-col-number = Abgefragte Nummer
verification-col-resembles = Ähnelt
verification-col-lookups = Abfragen
verification-col-network = Letztes Netz
verification-nothing = In den letzten { $days } Tagen gibt es nichts zu melden.
