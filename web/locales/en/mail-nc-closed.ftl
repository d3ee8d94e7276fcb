# Mails: a nonconformity was verified effective and closed

mail-nc-closed-title = Nonconformity closed
mail-nc-closed-subject = Nonconformity { $number } is closed
mail-nc-closed-body = The corrective action of { $client } was verified effective; the nonconformity is closed.
