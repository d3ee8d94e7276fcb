# Pages: public verification of a certificate number that is not published

verify-unknown-heading = Zertifikat nicht gefunden
verify-unknown-text = Hier ist kein Zertifikat mit der Nummer { $number } veröffentlicht. Prüfen Sie die Nummer, wie sie auf dem Zertifikat gedruckt ist, einschließlich eines Revisionszusatzes wie /R1.
