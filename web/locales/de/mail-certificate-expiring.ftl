# Mails: a certificate expires soon and no recertification audit is scheduled

mail-certificate-expiring-title = Zertifikat läuft ab
mail-certificate-expiring-subject = Zertifikat { $number } von { $client } läuft in { $days_left ->
    [one] einem Tag
   *[other] { $days_left } Tagen
} ab
mail-certificate-expiring-body = Zertifikat { $number } von { $client } läuft am { $expiry_date } ab, also in { $days_left ->
    [one] einem Tag
   *[other] { $days_left } Tagen
}, und es ist kein Rezertifizierungsaudit geplant. Die Rezertifizierung muss vor dem Ablaufdatum abgeschlossen und entschieden sein.
