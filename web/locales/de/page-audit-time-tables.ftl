# Pages: the audit-time tables (IAF MD 5 and others) and this certification body's changes to them

audit-time-tables-heading = Auditzeit-Tabellen
audit-time-tables-intro = Die Tabellen, die der Auditzeit-Rechner verwendet. Werte, die in den veröffentlichten Tabellen (IAF MD 5, ISO/IEC 27006-1, ISO/IEC 42006) bestätigt sind, sind als verifiziert gekennzeichnet; Werte, die dort nicht bestätigt sind, und jede Zeile, die diese Zertifizierungsstelle hinzufügt oder ändert, werden als
audit-time-tables-intro-end = gekennzeichnet, und jede Berechnung, die sie verwendet, weist darauf hin.
audit-time-tables-unverified = nicht verifiziert
audit-time-tables-verified = verifiziert
audit-time-tables-changed = von dieser Zertifizierungsstelle geändert
audit-time-tables-facts = Normen: { $standards }. Regel: { $clause }. Quelle: { $source }.
audit-time-tables-unverified-rows = { $count } nicht verifizierte Zeile(n).
audit-time-tables-derivation = So werden die Zeilen über die veröffentlichten hinaus abgeleitet: { $derivation }.
audit-time-tables-col-personnel = Effektive Mitarbeiterzahl
audit-time-tables-column-unverified = (nicht verifiziert)
audit-time-tables-col-row = Zeile

audit-time-tables-add-label = Größenklasse zu { $name } hinzufügen
audit-time-tables-add-heading = Größenklasse hinzufügen
audit-time-tables-add-hidden = zu { $name }
audit-time-tables-add-from = Von (effektive Mitarbeiterzahl)
audit-time-tables-add-to = Bis
audit-time-tables-add-days = Tage, einer je Spalte, durch Kommas getrennt
audit-time-tables-add-submit = Größenklasse hinzufügen
audit-time-tables-revert-label = { $name } zurücksetzen
audit-time-tables-revert-submit = Wieder die eingebaute Tabelle verwenden
audit-time-tables-revert-hidden = für { $name }
