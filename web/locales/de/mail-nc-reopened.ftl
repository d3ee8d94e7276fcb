# Mails: a nonconformity is open again (corrective action not effective)

mail-nc-reopened-title = Abweichung wieder geöffnet
mail-nc-reopened-subject = Abweichung { $number } ist wieder offen (Antwort bis { $response_due })
mail-nc-reopened-body = Bei der Verifizierung wurde die Korrekturmaßnahme von { $client } als nicht wirksam befunden.
