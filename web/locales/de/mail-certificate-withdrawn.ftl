# Mails: a certificate was withdrawn

mail-certificate-withdrawn-title = Zertifizierung zurückgezogen
mail-certificate-withdrawn-subject = Zertifikat { $number } von { $client } ist zurückgezogen
mail-certificate-withdrawn-body = Die Zertifizierung von { $client } ist zurückgezogen. Zertifikat und Zertifizierungszeichen dürfen nicht mehr verwendet werden.
