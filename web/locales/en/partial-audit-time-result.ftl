# Partials: the result of an audit-time calculation and its breakdown

partial-audit-time-result-heading = Result
partial-audit-time-result-table = Table value
partial-audit-time-result-days = { $days } days
partial-audit-time-result-adjusted = After adjustments
partial-audit-time-result-initial = Initial audit
partial-audit-time-result-initial-days = { $days } days (stage 1: { $stage1 }, stage 2: { $stage2 })
partial-audit-time-result-surveillance = Surveillance
partial-audit-time-result-recertification = Recertification
partial-audit-time-result-onsite = Least on-site time
partial-audit-time-result-verified = Taken from verified table values only
partial-audit-time-result-verified-yes = yes
partial-audit-time-result-verified-no = no: an unverified row or column was used
partial-audit-time-result-breakdown = Breakdown
partial-audit-time-result-col-step = Step
partial-audit-time-result-col-standard = Standard
partial-audit-time-result-col-detail = What was done
partial-audit-time-result-col-days = Days
partial-audit-time-result-col-rule = Rule
