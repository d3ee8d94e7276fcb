# Mails: a certificate passed its expiry date

mail-certificate-expired-title = Certificate expired
mail-certificate-expired-subject = Certificate { $number } of { $client } has expired
mail-certificate-expired-body = Certificate { $number } of { $client } reached its expiry date without renewal and is no longer valid. Certification can be restored within six months if recertification is completed.
