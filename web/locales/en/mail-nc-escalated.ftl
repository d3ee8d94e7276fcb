# Mails: a minor nonconformity was escalated to major

mail-nc-escalated-title = Nonconformity escalated
mail-nc-escalated-subject = Nonconformity { $number } is now major
mail-nc-escalated-body = A minor nonconformity of { $client } was escalated to major (repeated or not addressed). A major must be verified effective before a certification decision.
