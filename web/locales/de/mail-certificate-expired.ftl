# Mails: a certificate passed its expiry date

mail-certificate-expired-title = Zertifikat abgelaufen
mail-certificate-expired-subject = Zertifikat { $number } von { $client } ist abgelaufen
mail-certificate-expired-body = Zertifikat { $number } von { $client } hat sein Ablaufdatum ohne Erneuerung erreicht und ist nicht mehr gültig. Die Zertifizierung kann innerhalb von sechs Monaten wiederhergestellt werden, wenn die Rezertifizierung abgeschlossen wird.
