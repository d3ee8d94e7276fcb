# Pages: the certification decision of a programme

decide-files-waiting = Wartende Auditakten
decide-application = Antrag und Auditprogramm
decide-heading = Zertifizierungsentscheidung: { $client }
decide-standards = Normen
decide-decision-date = Datum der Zertifizierungsentscheidung
decide-decision-date-value = { $date } (Zertifikat gültig bis { $expiry })
decide-decision-date-none = noch keines: wird durch die Entscheidung über die Erteilung der Zertifizierung gesetzt
decide-audits = Audits des Auditprogramms
decide-audits-scroll = Audits des Auditprogramms, scrollbar
decide-col-audit = Audit
decide-col-dates = Termine
decide-col-file = Auditakte
decide-col-blockers = Steht der Entscheidung entgegen
decide-on-my-team = Sie waren im Auditteam
decide-blockers-none = Nichts
decide-audits-none = In diesem Auditprogramm ist noch kein Audit geplant.
decide-decide = Entscheiden
decide-help = Erteilung, Aufrechterhaltung, Erneuerung und Erweiterung des Geltungsbereichs beruhen auf Auditakten, die die technische Prüfung bestanden haben. Ablehnung, Einschränkung des Geltungsbereichs, Aussetzung und Zurückziehung sind zu begründen, ebenso eine Entscheidung gegen die Empfehlung des Auditteams (ISO/IEC 17021-1 9.5, 9.6.5).
decide-kind = Entscheidung
decide-choose = Bitte wählen…
decide-audits-legend = Auditakten, auf denen die Entscheidung beruht
decide-none-ready = Keine Auditakte dieses Auditprogramms hat die technische Prüfung bestanden und wartet noch auf eine Entscheidung: Derzeit können nur Aussetzung, Wiederherstellung, Zurückziehung, Ablehnung und Einschränkung des Geltungsbereichs entschieden werden.
decide-application-confirmed = Ich bestätige, dass die Angaben im Antrag weiterhin zutreffen (ISO/IEC 17021-1 9.5.1.1)
decide-effective-date = Gültigkeitsbeginn des Zertifikats (Erteilung, Erneuerung, Änderung des Geltungsbereichs; leer: heute; nie vor der Entscheidung)
decide-soa-version = Version der Erklärung zur Anwendbarkeit, auf die sich das Zertifikat bezieht
decide-soa-version-placeholder = z. B. SoA v3, 2026-11-02
decide-scope-summary = Erweiterung oder Einschränkung des Geltungsbereichs
decide-scope = Neuer Geltungsbereich (leer: der erfasste Geltungsbereich)
decide-certificate = Betroffenes Zertifikat (Aussetzung, Wiederherstellung, Zurückziehung, Änderung des Geltungsbereichs)
decide-certificate-all = Alle Zertifikate des Auditprogramms, für die die Entscheidung gilt
decide-suspension = Aussetzung
decide-suspended-until = Ausgesetzt bis (höchstens { $months } { $months ->
        [one] Monat
       *[other] Monate
    }, spätestens { $date })
decide-reasons = Begründung
decide-record = Entscheidung erfassen
decide-certificates = Zertifikate des Auditprogramms
decide-certificates-scroll = Zertifikate des Auditprogramms, scrollbar
decide-col-number = Nummer
decide-col-status = Status
decide-col-expires = Gültig bis
decide-certificates-none = Noch keine ausgestellt.
decide-history = Getroffene Entscheidungen
decide-history-scroll = Getroffene Entscheidungen, scrollbar
decide-col-date = Datum
decide-col-by = Von
decide-col-effective = Gültig ab
decide-history-none = Noch keine Entscheidung.
