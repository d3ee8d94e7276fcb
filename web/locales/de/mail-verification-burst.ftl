# Mails: unusual activity on the public verification of certificates

mail-verification-burst-title = Ungewöhnliche Verifizierungsaktivität
mail-verification-burst-subject = Ungewöhnliche Verifizierungsaktivität: { $lookups } Abfragen zu prüfen
mail-verification-burst-body = Am { $day } hat die öffentliche Verifizierung von { $body_name } { $lookups } Abfragen nach Nummern beantwortet, die keine Zertifizierungsstelle vergeben hat, die Ihren aber ähneln, oder nach Ihren ausgesetzten oder zurückgezogenen Zertifikaten. Ihr Warnschwellenwert liegt bei { $threshold } pro Tag. Möglicherweise ist eine Zertifikatsnummer im Umlauf, die falsch abgetippt, verändert oder gefälscht wurde, oder ein ausgesetztes Zertifikat wird Kunden noch vorgelegt.
mail-verification-burst-most = Am häufigsten abgefragt:
mail-verification-burst-review-link = Verifizierungsabfragen prüfen
mail-verification-burst-review = Prüfen Sie sie:
mail-verification-burst-url = { $public_url }/settings/verification
