# Mails: a nonconformity is open again (corrective action not effective)

mail-nc-reopened-title = Nonconformity reopened
mail-nc-reopened-subject = Nonconformity { $number } is open again (answer by { $response_due })
mail-nc-reopened-body = The verification found the corrective action of { $client } not effective.
