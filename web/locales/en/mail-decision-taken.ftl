# Mails: a certification decision was taken

mail-decision-taken-title = Certification decision
mail-decision-taken-subject = Certification decision for { $client }: { $decision }
mail-decision-taken-body = { $brand } took a certification decision for { $client } on { $decided_on }:
mail-decision-taken-reasons = Reasons:
