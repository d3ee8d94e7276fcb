# Pages: the audit files waiting for the technical review or the certification decision

decisions-heading = Wartende Auditakten
decisions-help = Auditakten gehen zur technischen Prüfung, sobald die Auditleitung den Bericht einreicht, und danach zur Zertifizierungsentscheidung. Beides darf niemand vornehmen, der dem Auditteam angehörte (ISO/IEC 17021-1 9.5.1.2).
decisions-col-client = Kunde
decisions-col-audit = Audit
decisions-col-standards = Normen
decisions-col-ended = Audit beendet
decisions-col-report = Bericht
decisions-col-recommendation = Empfehlung des Auditteams
decisions-col-open-points = Offene Punkte
decisions-col-blocking = Hindernisse für die Entscheidung
decisions-col-action = Aktion

decisions-review-heading = Warten auf die technische Prüfung ({ $count })
decisions-review-region = Auditakten, die auf die technische Prüfung warten, scrollbar
decisions-review-table = Auditakten, die auf die technische Prüfung warten
decisions-revision-submitted = Revision { $revision }, eingereicht am { $submitted }
decisions-open-points-none = Keine
decisions-review-file = Akte prüfen
decisions-open-file = Akte öffnen
decisions-file-hidden = (Audit { $kind } bei { $client })
decisions-review-none = Keine Auditakte wartet auf eine technische Prüfung.

decisions-decide-heading = Warten auf die Zertifizierungsentscheidung ({ $count })
decisions-decide-region = Auditakten, die auf die Zertifizierungsentscheidung warten, scrollbar
decisions-decide-table = Auditakten, die auf die Zertifizierungsentscheidung warten
decisions-revision = Revision { $revision }
decisions-revision-hidden = (Auditakte zum Audit { $kind } bei { $client })
decisions-blocking-none = Nichts
decisions-decide = Entscheiden
decisions-decide-hidden = (Audit { $kind } bei { $client })
decisions-decide-none = Keine Auditakte wartet auf eine Entscheidung.
