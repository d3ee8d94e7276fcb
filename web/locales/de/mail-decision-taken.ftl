# Mails: a certification decision was taken

mail-decision-taken-title = Zertifizierungsentscheidung
mail-decision-taken-subject = Zertifizierungsentscheidung für { $client }: { $decision }
mail-decision-taken-body = { $brand } hat am { $decided_on } eine Zertifizierungsentscheidung für { $client } getroffen:
mail-decision-taken-reasons = Begründung:
