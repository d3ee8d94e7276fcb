# Mails: the answer to a nonconformity is due soon or overdue

mail-nc-response-due-title = Answer due
mail-nc-response-due-subject-overdue = Overdue: answer to nonconformity { $number } due { $response_due }
mail-nc-response-due-subject-reminder = Reminder: answer to nonconformity { $number } due { $response_due }
mail-nc-response-due-overdue = The answer of { $client } to this nonconformity was due on
mail-nc-response-due-overdue-end = and has not arrived. Missing response deadlines can lead to suspension.
mail-nc-response-due-due = The answer of { $client } to this nonconformity is due on
mail-nc-response-due-due-end = , in { $days_left } day(s).
