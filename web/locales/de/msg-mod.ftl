# Wörter der gemeinsamen Antworten der Seiten: Fehlerseiten, abgelaufene Formulare, abgelehnte Dateien.

msg-mod-render-failed = Die Seite konnte nicht angezeigt werden; der Fehler wurde protokolliert.
msg-mod-forbidden-title = Nicht erlaubt
msg-mod-forbidden = Ihre Rollen in dieser Zertifizierungsstelle erlauben das nicht.
msg-mod-failed-title = Etwas ist schiefgelaufen
msg-mod-failed = Bei uns ist etwas schiefgelaufen; der Fehler wurde protokolliert.
msg-mod-unavailable-title = Vorübergehend nicht verfügbar
msg-mod-unavailable = Certa erreicht seine Datenbank gerade nicht. Versuchen Sie es in ein paar Sekunden erneut.
msg-mod-csrf-title = Formular abgelaufen
msg-mod-csrf = Das Formular war zu alt oder stammte nicht von Certa. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
msg-mod-refused-title = Das hat nicht funktioniert
msg-mod-invalid-rows =
    Die Datei hat { $count ->
        [one] ein Problem
       *[other] { $count } Probleme
    }; nichts wurde importiert.

## Was es nicht gibt ($what: das Ding auf Englisch, für Dinge ohne eigene Nachricht)

msg-mod-not-found =
    { $what ->
       *[other] Das Gesuchte existiert nicht.
    }
msg-mod-not-found-ai-system = Das KI-System existiert nicht.
msg-mod-not-found-absence = Die Abwesenheit existiert nicht.
msg-mod-not-found-accreditation-mark = Das Akkreditierungszeichen existiert nicht.
msg-mod-not-found-application = Der Antrag existiert nicht.
msg-mod-not-found-audit = Das Audit existiert nicht.
msg-mod-not-found-audit-time-table = Die Auditzeit-Tabelle existiert nicht.
msg-mod-not-found-audit-time-table-of-this-certification-body = Die Auditzeit-Tabelle dieser Zertifizierungsstelle existiert nicht.
msg-mod-not-found-auditor = Der Auditor existiert nicht.
msg-mod-not-found-batch = Der Exportstapel existiert nicht.
msg-mod-not-found-certificate = Das Zertifikat existiert nicht.
msg-mod-not-found-certificate-revision = Die Revision des Zertifikats existiert nicht.
msg-mod-not-found-certification-body = Die Zertifizierungsstelle existiert nicht.
msg-mod-not-found-checklist-item = Der Checklistenpunkt existiert nicht.
msg-mod-not-found-checklist-template = Die Checklistenvorlage existiert nicht.
msg-mod-not-found-client = Der Kunde existiert nicht.
msg-mod-not-found-conflict = Der Interessenkonflikt existiert nicht.
msg-mod-not-found-contact = Der Kontakt existiert nicht.
msg-mod-not-found-credential = Der digitale Nachweis des Zertifikats existiert nicht.
msg-mod-not-found-evidence = Der Nachweis existiert nicht.
msg-mod-not-found-evidence-target = Das, wofür der Nachweis bestimmt ist, existiert nicht.
msg-mod-not-found-invitation = Die Einladung existiert nicht.
msg-mod-not-found-issuer = Der Aussteller existiert nicht.
msg-mod-not-found-logo = Das Logo existiert nicht.
msg-mod-not-found-mail = Die E-Mail existiert nicht.
msg-mod-not-found-member = Das Mitglied existiert nicht.
msg-mod-not-found-nonconformity = Die Abweichung existiert nicht.
msg-mod-not-found-object = Das Objekt existiert nicht.
msg-mod-not-found-objection = Der Einspruch existiert nicht.
msg-mod-not-found-programme = Das Auditprogramm existiert nicht.
msg-mod-not-found-qualification = Die Qualifikation existiert nicht.
msg-mod-not-found-report = Der Bericht existiert nicht.
msg-mod-not-found-scope = Der Geltungsbereich existiert nicht.
msg-mod-not-found-session = Die Sitzung existiert nicht.
msg-mod-not-found-single-sign-on = Das Single Sign-on existiert nicht.
msg-mod-not-found-site = Der Standort existiert nicht.
msg-mod-not-found-status-list = Die Statusliste existiert nicht.
msg-mod-not-found-tenant = Die Zertifizierungsstelle existiert nicht.
msg-mod-not-found-token = Das API-Token existiert nicht.
msg-mod-not-found-upload = Der Upload existiert nicht.
msg-mod-not-found-user = Der Benutzer existiert nicht.
