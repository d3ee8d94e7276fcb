# Mails: the certifications were not exported to IAF CertSearch for a month

mail-certsearch-export-due-title = Aktualisierung in IAF CertSearch fällig
mail-certsearch-export-due-subject = Aktualisieren Sie Ihre Zertifizierungen in IAF CertSearch
mail-certsearch-export-due-last = Ihre Zertifizierungen wurden zuletzt am { $last_export } für IAF CertSearch exportiert.
mail-certsearch-export-due-never = Ihre Zertifizierungen wurden noch nie für IAF CertSearch exportiert.
mail-certsearch-export-due-rule = Akkreditierte Zertifizierungsstellen aktualisieren IAF CertSearch mindestens einmal im Monat (IAF MD 28); in Ihrem Register { $certificates ->
    [one] steht { $certificates } Zertifikat
   *[other] stehen { $certificates } Zertifikate
}.
mail-certsearch-export-due-check = Prüfen Sie, was noch fehlt, und laden Sie dann den Export herunter oder senden Sie ihn
mail-certsearch-export-due-url = { $public_url }/certsearch
