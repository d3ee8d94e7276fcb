# Sentences the services write in English (decision blockers and refusals, scheduling notices, what CertSearch still needs), recognised by their shape to be worded in the reader's language.

svc-blocker-nc = { $grade_label } nonconformity { $number } ({ $reference }) is { $status_label }
svc-blocker-verification = a major nonconformity was not verified by { $limit } (6 months after stage 2): stage 2 must be repeated
svc-refusal-on-team = You were on the team of the { $kind_label } audit: a decision resting on it must be taken by someone who was not involved in it (ISO/IEC 17021-1 9.5.1.2).
svc-refusal-no-record = You have no personnel record qualifying you as decision maker; ask an administrator to link one to your membership.
svc-refusal-admin = You have no personnel record qualifying you as decision maker: as an administrator you may only suspend, restore or withdraw certificates.
svc-refusal-not-qualified = You are not qualified as decision maker for { $missing }.
svc-notice-no-stage-1 = No stage 1 audit of this programme is scheduled: stage 2 follows it (ISO/IEC 17021-1, 9.3.1).
svc-notice-stage-gap = Stage 2 starts more than { $months } months after stage 1 ended ({ $day }): judge whether the stage 1 conclusions still hold, record why, and tell the client.
svc-cs-no-standard = The certificate names no standard.
svc-cs-ab-name = The accreditation body's full name is not known: write it as "Full name (ACRONYM)" in the certificate settings.
svc-cs-ab-acronym = The accreditation body's acronym is not known: write it as "Full name (ACRONYM)" in the certificate settings.
svc-cs-no-legal-name = The client has no legal name.
svc-cs-no-street = The client's head office has no street address: add it to the client's site.
svc-cs-no-city = The client's head office has no city: add it to the client's site.
svc-cs-no-country = The client has no site with a country: add a site to the client.
