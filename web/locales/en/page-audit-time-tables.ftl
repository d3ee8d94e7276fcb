# Pages: the audit-time tables (IAF MD 5 and others) and this certification body's changes to them

audit-time-tables-heading = Audit-time tables
audit-time-tables-intro = The tables the audit-time calculator uses. Values confirmed in the published tables (IAF MD 5, ISO/IEC 27006-1, ISO/IEC 42006) are marked verified; values not confirmed there, and every row this certification body adds or changes, are flagged
audit-time-tables-intro-end = and every calculation that uses them says so.
audit-time-tables-unverified = unverified
audit-time-tables-verified = verified
audit-time-tables-changed = changed by this certification body
audit-time-tables-facts = Standards: { $standards }. Rule: { $clause }. Source: { $source }.
audit-time-tables-unverified-rows = { $count } unverified row(s).
audit-time-tables-derivation = How the rows beyond the published ones are derived: { $derivation }.
audit-time-tables-col-personnel = Effective personnel
audit-time-tables-column-unverified = (unverified)
audit-time-tables-col-row = Row

audit-time-tables-add-label = Add a band to { $name }
audit-time-tables-add-heading = Add a band
audit-time-tables-add-hidden = to { $name }
audit-time-tables-add-from = From (effective personnel)
audit-time-tables-add-to = To
audit-time-tables-add-days = Days, one per column, separated by commas
audit-time-tables-add-submit = Add band
audit-time-tables-revert-label = Revert { $name }
audit-time-tables-revert-submit = Use the built-in table again
audit-time-tables-revert-hidden = for { $name }
