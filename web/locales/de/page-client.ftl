# Pages: the client file

client-all-clients = Alle Kunden
client-glance = Auf einen Blick
client-confidential-chip = vertraulich
client-next-audit = Nächstes Audit:
client-sections = Abschnitte der Kundenakte
client-nav-scope = Geltungsbereich
client-nav-ai-systems = KI-Systeme
client-nav-portal-users = Portalnutzer

client-audits-heading = Audits
client-audits-scrollable = Audits des Kunden, scrollbar
client-audits-table = Audits des Kunden
client-no-audits = Noch kein Audit geplant.

client-ncs-heading = Abweichungen
client-ncs-table = Abweichungen des Kunden
client-nc-link = Abweichung { $number }
client-no-ncs = Keine Abweichungen.

client-certificates-heading = Zertifikate
client-certificates-scrollable = Zertifikate des Kunden, scrollbar
client-certificates-table = Zertifikate des Kunden
client-suspended-until = bis { $date }
client-no-certificates = Kein Zertifikat erteilt.

client-applications-heading = Anträge
client-no-applications = Noch keine Anträge.
client-apply-summary = Antrag erfassen (ISO/IEC 17021-1 9.1.1)
client-apply-form = Antrag erfassen
client-apply-scope = Beantragter Geltungsbereich
client-apply-personnel = Effektive Mitarbeiterzahl
client-apply-consultancy = Beratung erhalten von (optional)
client-apply-submit = Antrag erfassen

client-col-dates = Termine
client-col-audit = Audit
client-col-standards = Normen
client-col-standard = Norm
client-col-status = Status
client-col-nc-number = Nr.
client-col-grade = Einstufung
client-col-reference = Referenz
client-col-statement = Feststellung
client-col-answer-due = Antwort fällig
client-col-number = Nummer
client-col-effective = Gültig ab
client-col-expires = Gültig bis
client-col-received = Eingegangen
client-col-name = Name
client-col-location = Ort
client-col-kind = Art
client-col-headcount = Mitarbeiterzahl
client-col-shifts = Schichten
client-col-central = Zentrale Funktion
client-col-actions = Aktionen
client-col-email = E-Mail
client-col-phone = Telefon
client-col-role = Funktion
client-col-receives-mail = Erhält E-Mails
client-col-scope = Geltungsbereich
client-col-areas = Technische Bereiche
client-col-purpose = Zweck
client-col-ai-role = Rolle der Organisation
client-col-data-used = Verwendete Daten
client-col-decisions = Beeinflusste Entscheidungen
client-col-impact = Auswirkung

client-yes = ja
client-no = nein
client-edit = Bearbeiten
client-remove = Entfernen

client-sites-heading = Standorte
client-no-sites = Noch keine Standorte.
client-add-site-summary = Standort hinzufügen
client-add-site = Standort hinzufügen

client-contacts-heading = Ansprechpartner
client-no-contacts = Noch keine Ansprechpartner.
client-add-contact-summary = Ansprechpartner hinzufügen
client-contact-phone = Telefon (optional)
client-contact-role = Funktion (optional)
client-contact-role-placeholder = z. B. Qualitätsmanagementbeauftragte(r)
client-contact-receives-mail = Erhält die E-Mails von Certa zu diesem Kunden
client-add-contact = Ansprechpartner hinzufügen

client-scope-heading = Beantragter Geltungsbereich
client-remove-scope-of = Geltungsbereich für { $standard }
client-no-scope = Noch kein Geltungsbereich beantragt.
client-set-scope-summary = Beantragten Geltungsbereich festlegen
client-scope-areas = Codes der technischen Bereiche, durch Kommas getrennt (z. B. IAF 33, IAF 35)
client-save-scope = Geltungsbereich speichern

client-ai-heading = KI-Systeme (Inventar nach ISO/IEC 42001)
client-no-ai-systems = Keine KI-Systeme erfasst.
client-add-ai-summary = KI-System hinzufügen
client-ai-role = Rolle der Organisation (ISO/IEC 42006)
client-ai-role-producer = Hersteller
client-ai-role-developer = Entwickler
client-ai-role-provider = Anbieter
client-ai-role-user = Nutzer
client-ai-data = Verwendete Daten (optional)
client-ai-decisions = Beeinflusste Entscheidungen (optional)
client-ai-impact = Auswirkungsgrad
client-impact-low = niedrig
client-impact-medium = mittel
client-impact-high = hoch
client-add-ai = KI-System hinzufügen

client-portal-users-heading = Nutzer des Kundenportals
client-invite-summary = Nutzer des Kunden einladen
client-invite-email = E-Mail-Adresse einer Person beim Kunden
client-invite-submit = Zum Kundenportal einladen

client-details-heading = Angaben
client-trading-name = Handelsname
client-registration-number = Registernummer
client-website = Website
client-consultancy = Erhaltene Beratung
client-consultancy-until = { $by } bis { $date }
client-consultancy-none = keine angegeben
client-outsourced = Ausgelagerte Prozesse
client-total-headcount = Mitarbeiterzahl gesamt
client-public-directory = Öffentliches Verzeichnis
client-directory-confidential = vertraulich: Zertifikate sind nur über ihre Nummer auffindbar
client-directory-listed = aufgeführt, sobald die Zertifizierungsstelle im Verzeichnis veröffentlicht
client-edit-summary = Kundenangaben bearbeiten
client-legal-name = Firmenname
client-edit-consultancy = Beratung erhalten von (ISO/IEC 17021-1 9.1.1)
client-edit-consultancy-until = Beratung beendet am
client-notes = Notizen
client-edit-confidential = Vertraulich: Zertifikate werden nur über ihre Nummer gefunden und nie im öffentlichen Verzeichnis aufgeführt (ISO/IEC 17021-1 8.1.3)
client-save-details = Angaben speichern
