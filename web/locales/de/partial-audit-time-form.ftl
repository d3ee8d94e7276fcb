# Partials: the audit-time calculation form (IAF MD 5, MD 11, MD 1)

partial-audit-time-form-label = Berechnung der Auditzeit
partial-audit-time-form-standard = Norm
partial-audit-time-form-complexity = Komplexität (Tabellen EMS und OH&S)
partial-audit-time-form-not-applicable = nicht zutreffend
partial-audit-time-form-complexity-high = hoch
partial-audit-time-form-complexity-medium = mittel
partial-audit-time-form-complexity-low = niedrig
partial-audit-time-form-complexity-limited = begrenzt
partial-audit-time-form-ai-role = KI-Rolle (ISO/IEC 42001)
partial-audit-time-form-ai-role-producer = Produzent
partial-audit-time-form-ai-role-developer = Entwickler
partial-audit-time-form-ai-role-provider = Anbieter
partial-audit-time-form-ai-role-user = Nutzer
partial-audit-time-form-ai-role-multiple = mehrere
partial-audit-time-form-second-standard = Zweite Norm eines integrierten Audits (optional)
partial-audit-time-form-none = keine
partial-audit-time-form-second-complexity = Komplexität der zweiten Norm
partial-audit-time-form-second-ai-role = KI-Rolle der zweiten Norm
partial-audit-time-form-personnel = Effektive Mitarbeiterzahl (IAF MD 5)
partial-audit-time-form-sites = Standorte
partial-audit-time-form-sampling = Stichproben bei mehreren Standorten zulässig (IAF MD 1)
partial-audit-time-form-adjustment = Anpassung in Prozent (negativ verringert; Nettoreduzierung höchstens 30 %)
partial-audit-time-form-justification = Begründung der Anpassung
partial-audit-time-form-integration = Reduzierung für Integration in Prozent (IAF MD 11, höchstens 20 %)
