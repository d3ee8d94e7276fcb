# Mails: a suspension reaches the body's limit soon

mail-suspension-ending-title = Aussetzung endet
mail-suspension-ending-subject = Die Aussetzung von Zertifikat { $number } endet in { $days_left ->
    [one] einem Tag
   *[other] { $days_left } Tagen
}
mail-suspension-ending-body = Die Aussetzung von Zertifikat { $number } von { $client } erreicht am { $until } ihre Höchstdauer, also in { $days_left ->
    [one] einem Tag
   *[other] { $days_left } Tagen
}. Stellen Sie die Zertifizierung wieder her, wenn die Ursache behoben ist; andernfalls ziehen Sie sie zurück oder schränken Sie ihren Geltungsbereich ein.
