# Partials: the result of an audit-time calculation and its breakdown

partial-audit-time-result-heading = Ergebnis
partial-audit-time-result-table = Tabellenwert
partial-audit-time-result-days = { $days } Tage
partial-audit-time-result-adjusted = Nach Anpassungen
partial-audit-time-result-initial = Erstzertifizierungsaudit
partial-audit-time-result-initial-days = { $days } Tage (Stufe 1: { $stage1 }, Stufe 2: { $stage2 })
partial-audit-time-result-surveillance = Überwachungsaudit
partial-audit-time-result-recertification = Rezertifizierung
partial-audit-time-result-onsite = Mindestzeit vor Ort
partial-audit-time-result-verified = Nur aus verifizierten Tabellenwerten
partial-audit-time-result-verified-yes = ja
partial-audit-time-result-verified-no = nein: eine nicht verifizierte Zeile oder Spalte wurde verwendet
partial-audit-time-result-breakdown = Aufschlüsselung
partial-audit-time-result-col-step = Schritt
partial-audit-time-result-col-standard = Norm
partial-audit-time-result-col-detail = Vorgehen
partial-audit-time-result-col-days = Tage
partial-audit-time-result-col-rule = Regel
