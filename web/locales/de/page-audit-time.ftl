# Pages: the audit-time calculator

audit-time-heading = Auditzeit-Rechner
audit-time-intro = Die Regeln von IAF MD 5 (mit ISO/IEC 27006-1 und ISO/IEC 42006 für deren Normen), die Stichprobenregeln von IAF MD 1 und die Integration nach IAF MD 11, mit den Tabellen und Einstellungen dieser Zertifizierungsstelle
audit-time-tables-link = Tabellen
audit-time-settings-link = Einstellungen
audit-time-nothing-stored = Es wird nichts gespeichert; um eine Berechnung bei einem Antrag festzuhalten, verwenden Sie das Formular auf der Seite des Antrags.
audit-time-calculate = Berechnen
