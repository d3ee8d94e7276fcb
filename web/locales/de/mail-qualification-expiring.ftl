# Mails: an auditor's qualification expires soon

mail-qualification-expiring-title = Qualifikation läuft ab
mail-qualification-expiring-subject = Qualifikation von { $auditor } läuft am { $valid_until } ab
mail-qualification-expiring-body = Die Qualifikation von
mail-qualification-expiring-body-area = als { $function } für { $standard } (technischer Bereich { $technical_area }) gilt nur noch bis
mail-qualification-expiring-body-no-area = als { $function } für { $standard } gilt nur noch bis
mail-qualification-expiring-body-end = , also noch { $days_left ->
    [one] einen Tag
   *[other] { $days_left } Tage
}. Für Teams nach diesem Datum zählt sie nicht mehr.
mail-qualification-expiring-record = Personalakte:
mail-qualification-expiring-url = { $public_url }/auditors/{ $auditor_id }
