# Mails: a certificate was suspended

mail-certificate-suspended-title = Zertifizierung ausgesetzt
mail-certificate-suspended-subject = Zertifikat { $number } von { $client } ist ausgesetzt
mail-certificate-suspended-body = Die Zertifizierung von { $client } ist ausgesetzt.
mail-certificate-suspended-body-until = Die Zertifizierung von { $client } ist bis { $until } ausgesetzt.
mail-certificate-suspended-rules = Während der Aussetzung ist die Zertifizierung nicht gültig, und weder das Zertifikat noch das Zertifizierungszeichen dürfen für Werbung mit der Zertifizierung verwendet werden.
