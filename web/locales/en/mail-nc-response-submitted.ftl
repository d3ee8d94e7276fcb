# Mails: the client answered a nonconformity

mail-nc-response-submitted-title = Nonconformity answered
mail-nc-response-submitted-subject = { $client } answered nonconformity { $number } ({ $kind } audit)
mail-nc-response-submitted-body = { $client } sent its answer to a nonconformity of the { $kind } audit; please review it.
