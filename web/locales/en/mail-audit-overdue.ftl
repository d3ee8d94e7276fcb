# Mails: a programme audit is past its due date

mail-audit-overdue-title = Audit overdue
mail-audit-overdue-subject = Overdue: { $kind } audit of { $client } (due by { $due_by })
mail-audit-overdue-the = The
mail-audit-overdue-body = of { $client } was due by
mail-audit-overdue-body-end = and is not done. Past this date the certification cannot be maintained as planned (ISO/IEC 17021-1 9.6).
mail-audit-overdue-programme = Programme:
