# Mails: a certificate was withdrawn

mail-certificate-withdrawn-title = Certification withdrawn
mail-certificate-withdrawn-subject = Certificate { $number } of { $client } is withdrawn
mail-certificate-withdrawn-body = The certification of { $client } is withdrawn. The certificate and the certification mark must no longer be used.
