# Mails: an audit team is proposed to the client

mail-team-proposed-title = Vorgeschlagenes Auditteam
mail-team-proposed-subject = Audit ({ $kind }) bei { $client }: vorgeschlagenes Auditteam, Einsprüche bis { $deadline }
mail-team-proposed-body = { $brand } schlägt für das
mail-team-proposed-body-end = bei { $client } ({ $starts_on } bis { $ends_on }) dieses Auditteam vor:
mail-team-proposed-object = Wenn Sie einen Grund haben, Einspruch gegen ein Mitglied zu erheben (zum Beispiel einen Interessenkonflikt), melden Sie sich bitte bis zum
mail-team-proposed-no-objection = Ohne Einspruch bis dahin wird das Auditteam bestätigt.
