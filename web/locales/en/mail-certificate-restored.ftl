# Mails: a suspension was lifted

mail-certificate-restored-title = Certification restored
mail-certificate-restored-subject = Certificate { $number } of { $client } is restored
mail-certificate-restored-body = The suspension of the certification of { $client } is lifted: the certificate is active again.
