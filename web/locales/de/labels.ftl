# Bezeichnungen von Status, Arten, Graden und Rollen: eine je gespeichertem Wert, benannt {kind}-{value}.

## ApplicationStatus (Antragsstatus)
application-status-submitted = wartet auf Prüfung
application-status-accepted = angenommen
application-status-declined = abgelehnt

## AuditStatus (Auditstatus)
audit-status-planned = geplant
audit-status-team-proposed = Team vorgeschlagen
audit-status-confirmed = bestätigt
audit-status-cancelled = abgesagt

## Remote (Remote-Anteil)
remote-use-none = vor Ort
remote-use-partial = teilweise remote
remote-use-full = vollständig remote

## Recommendation (Empfehlung)
recommendation-recommend = zur Zertifizierung empfohlen
recommendation-do-not-recommend = nicht empfohlen

## ReportStatus (Berichtsstatus)
report-status-submitted = wartet auf technische Prüfung
report-status-returned = an die Auditleitung zurückgegeben
report-status-passed = geprüft

## ReviewOutcome (Prüfergebnis)
review-outcome-passed = bestanden
review-outcome-returned = zurückgegeben

## DecisionKind (Entscheidung)
decision-grant = Zertifizierung erteilen
decision-refuse = Zertifizierung verweigern
decision-maintain = Zertifizierung aufrechterhalten
decision-renew = Zertifizierung erneuern
decision-extend-scope = Geltungsbereich erweitern
decision-reduce-scope = Geltungsbereich einschränken
decision-suspend = Zertifizierung aussetzen
decision-restore = Zertifizierung wiederherstellen
decision-withdraw = Zertifizierung zurückziehen

## CertificateStatus (Zertifikatsstatus)
certificate-status-active = aktiv
certificate-status-suspended = ausgesetzt
certificate-status-withdrawn = zurückgezogen
certificate-status-expired = abgelaufen

## RevisionReason (Grund der Revision)
revision-reason-issued = Erstausstellung
revision-reason-renewed = Erneuerung
revision-reason-scope-extended = Geltungsbereich erweitert
revision-reason-scope-reduced = Geltungsbereich eingeschränkt
revision-reason-restored = nach Ablauf wiederhergestellt

## ItemSection (Abschnitt eines Checklistenpunkts)
checklist-item-section-readiness = Bereitschaft
checklist-item-section-clause = Abschnitt
checklist-item-section-control = Maßnahme
checklist-item-section-follow-up = Nachverfolgung

## ItemResult (Checklistenergebnis)
checklist-result-conforming = konform
checklist-result-minor-nc = Nebenabweichung
checklist-result-major-nc = Hauptabweichung
checklist-result-observation = Beobachtung
checklist-result-ofi = Verbesserungspotenzial
checklist-result-not-applicable = nicht anwendbar

## AuditType (Checklistentyp)
checklist-type-stage-1 = Stufe 1
checklist-type-stage-2 = Stufe 2

## Section (Checklistenabschnitt)
checklist-section-readiness = Bereitschaft
checklist-section-clause = Abschnitt
checklist-section-control = Maßnahme

## SystemAiRole (KI-Rolle)
ai-role-producer = Produzent
ai-role-developer = Entwickler
ai-role-provider = Anbieter
ai-role-user = Nutzer

## ImpactLevel (Auswirkungsstufe)
impact-level-low = niedrig
impact-level-medium = mittel
impact-level-high = hoch

## SiteKind (Standortart)
site-kind-permanent = ständig
site-kind-temporary = temporär
site-kind-virtual = virtuell

## VersionStatus (Nachweisstatus)
evidence-status-pending = ausstehend
evidence-status-receiving = wird empfangen
evidence-status-received = empfangen
evidence-status-available = verfügbar
evidence-status-rejected = abgelehnt
evidence-status-expired = abgelaufen
evidence-status-purged = gelöscht

## Classification (Klassifizierung des Nachweises)
evidence-classification-client-confidential = kundenvertraulich

## TargetKind (Bezug des Nachweises)
evidence-target-checklist-item = Checklistenpunkt
evidence-target-nonconformity = Abweichung

## Grade (Grad der Abweichung)
nonconformity-grade-minor = Nebenabweichung
nonconformity-grade-major = Hauptabweichung

## Status (Status der Abweichung)
nonconformity-status-open = offen
nonconformity-status-response-submitted = Antwort eingereicht
nonconformity-status-plan-rejected = Plan abgelehnt
nonconformity-status-plan-accepted = Plan angenommen
nonconformity-status-implemented = umgesetzt
nonconformity-status-closed = geschlossen

## OutboxStatus (Status im Postausgang)
outbox-status-pending = ausstehend
outbox-status-sent = gesendet
outbox-status-dead = unzustellbar

## MailKind (Mailart)
mail-kind-invitation = Einladung
mail-kind-password-reset = Passwort zurücksetzen
mail-kind-password-changed = Passwort geändert
mail-kind-application-accepted = Antrag angenommen
mail-kind-application-declined = Antrag abgelehnt
mail-kind-audit-confirmed = Audit bestätigt
mail-kind-audit-rescheduled = Audit verschoben
mail-kind-audit-cancelled = Audit abgesagt
mail-kind-team-proposed = Team vorgeschlagen
mail-kind-team-objection = Einspruch gegen das Team
mail-kind-surveillance-due = Überwachungsaudit fällig
mail-kind-audit-overdue = Audit überfällig
mail-kind-qualification-expiring = Qualifikation läuft ab
mail-kind-evidence-requested = Nachweise angefordert
mail-kind-evidence-uploaded = Nachweise hochgeladen
mail-kind-nc-raised = Abweichung festgestellt
mail-kind-nc-response-submitted = Antwort zur Abweichung eingereicht
mail-kind-nc-plan-accepted = Plan zur Abweichung angenommen
mail-kind-nc-plan-rejected = Plan zur Abweichung abgelehnt
mail-kind-nc-closed = Abweichung geschlossen
mail-kind-nc-reopened = Abweichung wieder geöffnet
mail-kind-nc-escalated = Abweichung eskaliert
mail-kind-nc-response-due = Antwort zur Abweichung fällig
mail-kind-audit-file-returned = Auditakte zurückgegeben
mail-kind-decision-taken = Zertifizierungsentscheidung
mail-kind-certificate-issued = Zertifikat ausgestellt
mail-kind-certificate-suspended = Zertifikat ausgesetzt
mail-kind-certificate-restored = Zertifikat wiederhergestellt
mail-kind-certificate-withdrawn = Zertifikat zurückgezogen
mail-kind-certificate-expired = Zertifikat abgelaufen
mail-kind-certificate-expiring = Zertifikat läuft ab
mail-kind-suspension-ending = Aussetzung endet
mail-kind-certsearch-export-due = CertSearch-Export fällig
mail-kind-verification-burst = ungewöhnliche Verifizierungsaktivität

## Role (Rolle)
role-admin = Admin
role-scheduler = Planer
role-auditor = Auditor
role-reviewer = Prüfer
role-client = Kunde
role-viewer = Betrachter

## AuditorStatus (Auditorstatus)
auditor-status-active = aktiv
auditor-status-inactive = inaktiv

## Function (Funktion)
function-auditor = Auditor
function-lead-auditor = Auditleitung
function-technical-expert = Fachexperte
function-reviewer = Prüfer
function-decision-maker = Entscheider

## ConflictKind (Art des Interessenkonflikts)
conflict-kind-consultancy = Beratung
conflict-kind-employment = Anstellung
conflict-kind-other = Sonstiges

## DueFlag (Fälligkeitskennzeichen)
due-flag-due = fällig
due-flag-at-risk = gefährdet
due-flag-overdue = überfällig

## EntryKind (Auditart)
audit-kind-stage-1 = Stufe 1
audit-kind-stage-2 = Stufe 2
audit-kind-surveillance-1 = Überwachung 1
audit-kind-surveillance-2 = Überwachung 2
audit-kind-recertification = Rezertifizierung

## EntryStatus (Status des Programmeintrags)
programme-entry-status-planned = geplant
programme-entry-status-scheduled = terminiert

## ProgrammeStatus (Programmstatus)
programme-status-planning = in Planung
programme-status-active = aktiv

## DueStatus (Fälligkeitsstatus)
due-status-completed = abgeschlossen
due-status-completed-late = verspätet abgeschlossen
due-status-upcoming = anstehend
due-status-in-window = im Zeitfenster
due-status-at-risk = gefährdet
due-status-overdue = überfällig

## TeamRole (Rolle im Team)
team-role-lead = Auditleitung
team-role-auditor = Auditor
team-role-technical-expert = Fachexperte
team-role-observer = Beobachter

## ObjectionStatus (Status des Einspruchs)
objection-status-open = offen
objection-status-upheld = stattgegeben
objection-status-dismissed = abgewiesen
