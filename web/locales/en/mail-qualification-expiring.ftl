# Mails: an auditor's qualification expires soon

mail-qualification-expiring-title = Qualification expiring
mail-qualification-expiring-subject = Qualification of { $auditor } expires on { $valid_until }
mail-qualification-expiring-body = The qualification of
mail-qualification-expiring-body-area = as { $function } for { $standard } (technical area { $technical_area }) expires on
mail-qualification-expiring-body-no-area = as { $function } for { $standard } expires on
mail-qualification-expiring-body-end = , in { $days_left } days. Teams after that date will not count it.
mail-qualification-expiring-record = Personnel record:
mail-qualification-expiring-url = { $public_url }/auditors/{ $auditor_id }
