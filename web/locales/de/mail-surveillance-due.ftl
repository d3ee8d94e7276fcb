# Mails: a surveillance or recertification audit is due soon

mail-surveillance-due-title = Audit fällig
mail-surveillance-due-subject = Audit ({ $kind }) bei { $client } fällig bis { $due_by } ({ $days_left ->
    [one] noch einen Tag
   *[other] noch { $days_left } Tage
})
mail-surveillance-due-the = Das
mail-surveillance-due-body = bei { $client } ist fällig bis zum
mail-surveillance-due-body-end = , also in { $days_left ->
    [one] einem Tag
   *[other] { $days_left } Tagen
}.
mail-surveillance-due-staff = Planen Sie es mit dem Kunden und bestätigen Sie sein Auditteam:
mail-surveillance-due-client = { $brand } meldet sich bei Ihnen, um die Termine abzustimmen.
