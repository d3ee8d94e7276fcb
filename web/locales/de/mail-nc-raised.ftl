# Mails: an audit raised a nonconformity

mail-nc-raised-title = Abweichung festgestellt
mail-nc-raised-subject = Abweichung { $number } ({ $grade }) im Audit ({ $kind }) bei { $client } festgestellt
mail-nc-raised-body = Im Audit ({ $kind }) bei { $client } wurde eine Abweichung festgestellt.
mail-nc-raised-answer = Bitte antworten Sie bis zum
mail-nc-raised-answer-end = mit der Korrektur, der Grundursache und Ihrem Korrekturmaßnahmenplan (ISO/IEC 17021-1 9.4.9):
