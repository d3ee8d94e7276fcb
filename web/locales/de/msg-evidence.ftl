# Wörter des Hochladens von Nachweisen ohne JavaScript und des Zurückziehens: Hinweise und abgelehnte Formulare.

msg-evidence-withdrawn = Nachweis zurückgezogen; der Eintrag bleibt erhalten
# $size: die Größe der Datei in Byte
msg-evidence-uploaded = { $filename } hochgeladen ({ $size } Byte), geprüft und gespeichert
msg-evidence-no-target = Das Formular nennt keine Nachweisanforderung
msg-evidence-no-file = Wählen Sie eine Datei zum Hochladen

## Ein abgelehntes Upload-Formular

msg-evidence-refused-title = Das Formular wurde abgelehnt
msg-evidence-unreadable = Das Formular konnte nicht gelesen werden
msg-evidence-fields-too-long = Die Felder des Formulars sind länger, als das Upload-Formular sie sendet
msg-evidence-not-text = Ein Formularfeld ist kein UTF-8-Text
msg-evidence-csrf-first = Das Formular muss mit seinem CSRF-Token beginnen
msg-evidence-no-name = Ein Formularfeld hat keinen Namen
msg-evidence-too-many-fields = Das Formular hat mehr Felder, als das Upload-Formular sendet
msg-evidence-field-repeated = Ein Formularfeld kommt mehrfach vor
