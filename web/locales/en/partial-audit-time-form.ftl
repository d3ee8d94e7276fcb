# Partials: the audit-time calculation form (IAF MD 5, MD 11, MD 1)

partial-audit-time-form-label = Audit-time calculation
partial-audit-time-form-standard = Standard
partial-audit-time-form-complexity = Complexity (EMS and OH&S tables)
partial-audit-time-form-not-applicable = not applicable
partial-audit-time-form-complexity-high = high
partial-audit-time-form-complexity-medium = medium
partial-audit-time-form-complexity-low = low
partial-audit-time-form-complexity-limited = limited
partial-audit-time-form-ai-role = AI role (ISO/IEC 42001)
partial-audit-time-form-ai-role-producer = producer
partial-audit-time-form-ai-role-developer = developer
partial-audit-time-form-ai-role-provider = provider
partial-audit-time-form-ai-role-user = user
partial-audit-time-form-ai-role-multiple = multiple
partial-audit-time-form-second-standard = Second standard of an integrated audit (optional)
partial-audit-time-form-none = none
partial-audit-time-form-second-complexity = Its complexity
partial-audit-time-form-second-ai-role = Its AI role
partial-audit-time-form-personnel = Effective personnel (IAF MD 5)
partial-audit-time-form-sites = Sites
partial-audit-time-form-sampling = Multi-site sampling allowed (IAF MD 1)
partial-audit-time-form-adjustment = Adjustment, percent (negative reduces; net reduction at most 30 %)
partial-audit-time-form-justification = Justification of the adjustment
partial-audit-time-form-integration = Integration reduction, percent (IAF MD 11, at most 20 %)
