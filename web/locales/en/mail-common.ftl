# Mails: words every mail shares (the frame, the signature, the greeting, the certificate, audit and nonconformity blocks)

mail-common-signature = { $brand } · sent by Certa
mail-common-hello = Hello,
mail-common-hello-name = Hello { $name },
mail-common-reason = Reason:
mail-common-kind-audit = { $kind } audit
mail-common-certificate = Certificate { $number }
mail-common-scope = Scope: { $scope }
mail-common-valid = Valid from { $effective_date } until { $expiry_date }
mail-common-open-certificate = Open the certificate
mail-common-open-portal = Open your portal
mail-common-public-verification = Public verification
mail-common-nc = Nonconformity { $number } ({ $grade }), { $reference }
mail-common-answer-again = Please answer again by
mail-common-portal-invitation = You have no account on the portal yet. Accept this invitation first to create one (the link works once):
mail-common-audit-dates = Dates
mail-common-audit-standards = Standards
mail-common-audit-team = Team
mail-common-audit-sites = Sites
mail-common-audit-remote = Remote
mail-common-audit-agenda = Agenda
mail-common-audit-date-range = { $starts_on } to { $ends_on }

## The audit in text mails: labels padded to one column

mail-common-audit-dates-line = Dates:     { $starts_on } to { $ends_on }
mail-common-audit-standards-line = Standards: { $standards }
mail-common-audit-team-line = Team:      { $team }
mail-common-audit-sites-line = Sites:{ "     " }
mail-common-audit-remote-line = Remote:    { $remote } (information and communication technology, see the plan)

## Addresses shown as text (the same in every language)

mail-common-url-nc = { $public_url }/nonconformities/{ $nc_id }
mail-common-url-certificate = { $public_url }/certificates/{ $certificate_id }
mail-common-url-portal = { $public_url }/portal
mail-common-url-verify = { $public_url }/verify/{ $base_number }
mail-common-url-programme = { $public_url }/programmes/{ $programme_id }
