# Wörter, die der Server für Seiten bildet: Titel, Hinweise, Fehler, das öffentliche Register.

msg-not-found-title = Nicht gefunden
msg-not-found = Unter dieser Adresse gibt es nichts.

## Die öffentliche Prüfseite

msg-public-title = Zertifikat { $number }
msg-public-unknown-title = Kein solches Zertifikat
msg-public-status-active = Gültig
msg-public-status-suspended = Ausgesetzt
msg-public-status-withdrawn = Zurückgezogen
msg-public-status-expired = Abgelaufen
msg-public-status-superseded = Ersetzt
msg-public-status-active-meaning = Das Zertifikat ist gültig: Die zertifizierte Organisation darf auf ihre Zertifizierung verweisen.
msg-public-status-suspended-meaning = Die Zertifizierung ist vorübergehend ungültig: Die Organisation darf bis zur Wiederherstellung nicht mit ihr werben.
msg-public-status-withdrawn-meaning = Die Zertifizierung wurde zurückgezogen und ist nicht mehr gültig.
msg-public-status-expired-meaning = Das Zertifikat ist ohne Erneuerung abgelaufen und nicht mehr gültig.
msg-public-status-superseded-meaning = Diese Revision des Zertifikats wurde durch eine spätere ersetzt: Prüfen Sie die aktuelle Revision.

## Sprachwahl

msg-body-language-set = Seiten und E-Mails der Zertifizierungsstelle sind jetzt auf { $language }
msg-own-language-set = Seiten und E-Mails sind für Sie jetzt auf { $language }
msg-own-language-cleared = Seiten und E-Mails sind für Sie in der Sprache Ihrer Zertifizierungsstelle

## Abgelehnte Formulare

msg-refill-heading = Nichts wurde gespeichert: Es gibt ein Problem
