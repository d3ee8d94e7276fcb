# Mails: a surveillance or recertification audit is due soon

mail-surveillance-due-title = Audit due
mail-surveillance-due-subject = { $kind } audit of { $client } due by { $due_by } ({ $days_left } days)
mail-surveillance-due-the = The
mail-surveillance-due-body = of { $client } is due by
mail-surveillance-due-body-end = , in { $days_left } days.
mail-surveillance-due-staff = Plan it with the client and confirm its team:
mail-surveillance-due-client = { $brand } will contact you to agree on the dates.
