# Mails: the answer to a nonconformity is due soon or overdue

mail-nc-response-due-title = Antwort fällig
mail-nc-response-due-subject-overdue = Überfällig: Antwort zu Abweichung { $number }, fällig am { $response_due }
mail-nc-response-due-subject-reminder = Erinnerung: Antwort zu Abweichung { $number } fällig am { $response_due }
mail-nc-response-due-overdue = Die Antwort von { $client } zu dieser Abweichung war fällig am
mail-nc-response-due-overdue-end = und ist nicht eingegangen. Versäumte Antwortfristen können zur Aussetzung führen.
mail-nc-response-due-due = Die Antwort von { $client } zu dieser Abweichung ist fällig am
mail-nc-response-due-due-end = , also in { $days_left ->
    [one] einem Tag
   *[other] { $days_left } Tagen
}.
