# Mails: a suspension was lifted

mail-certificate-restored-title = Zertifizierung wiederhergestellt
mail-certificate-restored-subject = Zertifikat { $number } von { $client } ist wiederhergestellt
mail-certificate-restored-body = Die Aussetzung der Zertifizierung von { $client } ist aufgehoben: Das Zertifikat ist wieder gültig.
