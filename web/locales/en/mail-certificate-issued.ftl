# Mails: a certificate or a new revision of it was issued

mail-certificate-issued-title = Certificate issued
mail-certificate-issued-subject = Certificate { $number } issued to { $client }
mail-certificate-issued-body = { $brand } issued certificate { $number } to { $client }. The certificate is attached as a PDF.
mail-certificate-issued-body-reason = { $brand } issued certificate { $number } to { $client } ({ $reason }). The certificate is attached as a PDF.
