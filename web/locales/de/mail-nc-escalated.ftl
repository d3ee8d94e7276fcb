# Mails: a minor nonconformity was escalated to major

mail-nc-escalated-title = Abweichung eskaliert
mail-nc-escalated-subject = Abweichung { $number } ist jetzt eine Hauptabweichung
mail-nc-escalated-body = Eine Nebenabweichung von { $client } wurde zur Hauptabweichung hochgestuft (wiederholt oder nicht behoben). Bei einer Hauptabweichung muss die Wirksamkeit der Korrekturmaßnahme vor einer Zertifizierungsentscheidung verifiziert sein.
