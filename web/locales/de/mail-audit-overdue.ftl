# Mails: a programme audit is past its due date

mail-audit-overdue-title = Audit überfällig
mail-audit-overdue-subject = Überfällig: Audit ({ $kind }) bei { $client } (fällig bis { $due_by })
mail-audit-overdue-the = Das
mail-audit-overdue-body = bei { $client } war fällig bis zum
mail-audit-overdue-body-end = und wurde nicht durchgeführt. Nach diesem Datum kann die Zertifizierung nicht wie geplant aufrechterhalten werden (ISO/IEC 17021-1 9.6).
mail-audit-overdue-programme = Auditprogramm:
