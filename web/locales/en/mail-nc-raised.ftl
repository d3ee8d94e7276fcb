# Mails: an audit raised a nonconformity

mail-nc-raised-title = Nonconformity raised
mail-nc-raised-subject = { $grade } nonconformity { $number } raised in the { $kind } audit of { $client }
mail-nc-raised-body = The { $kind } audit of { $client } found a nonconformity.
mail-nc-raised-answer = Please answer by
mail-nc-raised-answer-end = with the correction, the root cause and your corrective-action plan (ISO/IEC 17021-1 9.4.9):
