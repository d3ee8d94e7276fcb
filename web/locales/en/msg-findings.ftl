# Findings of the team checks on the audit page, by their code (pages in English show the checks' own, more detailed sentence).

msg-finding-lead-missing = The team has no lead auditor.
msg-finding-several-leads = The team has several leads; choose one.
msg-finding-lead-not-qualified = { $member } is not qualified as lead auditor for a standard of the audit on its dates.
msg-finding-rotation = { $member } has led this client's last audits; consider rotating the lead.
msg-finding-standard-not-covered = No auditor of the team is qualified for a standard of the audit.
msg-finding-technical-area-not-covered = Nobody in the team covers a technical area of the audit.
msg-finding-days-invalid = { $member }: days must be a positive multiple of half a day.
msg-finding-conflict-of-interest = { $member } has a conflict of interest with this client.
msg-finding-unavailable = { $member } is unavailable during the audit.
msg-finding-double-booked = { $member } is booked on another audit at the same time.
msg-finding-client-objection = The client objected to { $member }.
msg-finding-dates-unusable = The audit's dates cannot be used; set new dates.
