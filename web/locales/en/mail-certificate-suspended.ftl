# Mails: a certificate was suspended

mail-certificate-suspended-title = Certification suspended
mail-certificate-suspended-subject = Certificate { $number } of { $client } is suspended
mail-certificate-suspended-body = The certification of { $client } is suspended.
mail-certificate-suspended-body-until = The certification of { $client } is suspended until { $until }.
mail-certificate-suspended-rules = While it is suspended the certification is not valid, and the certificate and the certification mark must not be used to promote it.
