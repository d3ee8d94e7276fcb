# Mails: words every mail shares (the frame, the signature, the greeting, the certificate, audit and nonconformity blocks)

mail-common-signature = { $brand } · versendet mit Certa
mail-common-hello = Guten Tag,
mail-common-hello-name = Guten Tag { $name },
mail-common-reason = Grund:
mail-common-kind-audit = Audit ({ $kind })
mail-common-certificate = Zertifikat { $number }
mail-common-scope = Geltungsbereich: { $scope }
mail-common-valid = Gültig vom { $effective_date } bis { $expiry_date }
mail-common-open-certificate = Zertifikat öffnen
mail-common-open-portal = Ihr Portal öffnen
mail-common-public-verification = Öffentliche Verifizierung
mail-common-nc = Abweichung { $number } ({ $grade }), { $reference }
mail-common-answer-again = Bitte antworten Sie erneut bis zum
mail-common-portal-invitation = Sie haben noch kein Konto im Portal. Nehmen Sie zuerst diese Einladung an, um eines anzulegen (der Link funktioniert nur einmal):
mail-common-audit-dates = Termine
mail-common-audit-standards = Normen
mail-common-audit-team = Auditteam
mail-common-audit-sites = Standorte
mail-common-audit-remote = Remote
mail-common-audit-agenda = Ablauf
mail-common-audit-date-range = { $starts_on } bis { $ends_on }

## The audit in text mails: labels padded to one column

mail-common-audit-dates-line = Termine:   { $starts_on } bis { $ends_on }
mail-common-audit-standards-line = Normen:    { $standards }
mail-common-audit-team-line = Auditteam: { $team }
mail-common-audit-sites-line = Standorte:{ " " }
mail-common-audit-remote-line = Remote:    { $remote } (Informations- und Kommunikationstechnik, siehe Auditplan)

## Addresses shown as text (the same in every language)

mail-common-url-nc = { $public_url }/nonconformities/{ $nc_id }
mail-common-url-certificate = { $public_url }/certificates/{ $certificate_id }
mail-common-url-portal = { $public_url }/portal
mail-common-url-verify = { $public_url }/verify/{ $base_number }
mail-common-url-programme = { $public_url }/programmes/{ $programme_id }
