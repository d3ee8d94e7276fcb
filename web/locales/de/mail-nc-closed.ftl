# Mails: a nonconformity was verified effective and closed

mail-nc-closed-title = Abweichung geschlossen
mail-nc-closed-subject = Abweichung { $number } ist geschlossen
mail-nc-closed-body = Die Korrekturmaßnahme von { $client } wurde als wirksam verifiziert; die Abweichung ist geschlossen.
