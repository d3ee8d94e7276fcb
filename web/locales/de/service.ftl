# Sätze, die die Dienste auf Englisch schreiben (Entscheidungshindernisse und Ablehnungen, Planungshinweise, was CertSearch noch braucht), an ihrer Form erkannt und in der Sprache des Lesers wiedergegeben.

svc-blocker-nc = { $grade_label } { $number } ({ $reference }) ist { $status_label }
svc-blocker-verification = eine Hauptabweichung wurde nicht bis { $limit } verifiziert (6 Monate nach Stufe 2): Das Stufe-2-Audit muss wiederholt werden
svc-refusal-on-team = Sie waren im Team des Audits ({ $kind_label }): Eine darauf beruhende Entscheidung muss jemand treffen, der nicht daran beteiligt war (ISO/IEC 17021-1 9.5.1.2).
svc-refusal-no-record = Sie haben keinen Personaldatensatz, der Sie als Entscheider qualifiziert; bitten Sie einen Admin, Ihrer Mitgliedschaft einen zuzuordnen.
svc-refusal-admin = Sie haben keinen Personaldatensatz, der Sie als Entscheider qualifiziert: Als Admin dürfen Sie Zertifikate nur aussetzen, wiederherstellen oder zurückziehen.
svc-refusal-not-qualified = Sie sind nicht als Entscheider qualifiziert für { $missing }.
svc-notice-no-stage-1 = Für dieses Auditprogramm ist kein Stufe-1-Audit terminiert: Das Stufe-2-Audit folgt darauf (ISO/IEC 17021-1, 9.3.1).
svc-notice-stage-gap = Das Stufe-2-Audit beginnt mehr als { $months } Monate nach dem Ende des Stufe-1-Audits ({ $day }): Beurteilen Sie, ob die Schlussfolgerungen aus Stufe 1 noch gelten, dokumentieren Sie die Begründung und informieren Sie den Kunden.
svc-cs-no-standard = Das Zertifikat nennt keine Norm.
svc-cs-ab-name = Der vollständige Name der Akkreditierungsstelle ist nicht bekannt: Tragen Sie ihn in den Zertifikatseinstellungen als „Vollständiger Name (AKRONYM)“ ein.
svc-cs-ab-acronym = Das Akronym der Akkreditierungsstelle ist nicht bekannt: Tragen Sie es in den Zertifikatseinstellungen als „Vollständiger Name (AKRONYM)“ ein.
svc-cs-no-legal-name = Der Kunde hat keinen rechtlichen Namen.
svc-cs-no-street = Der Hauptsitz des Kunden hat keine Straßenadresse: Ergänzen Sie sie beim Standort des Kunden.
svc-cs-no-city = Der Hauptsitz des Kunden hat keinen Ort: Ergänzen Sie ihn beim Standort des Kunden.
svc-cs-no-country = Der Kunde hat keinen Standort mit Land: Fügen Sie dem Kunden einen Standort hinzu.
