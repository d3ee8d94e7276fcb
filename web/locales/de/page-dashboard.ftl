# Pages: the dashboard (start page of a certification body)

dashboard-signed-in = Angemeldet als { $name } ({ $email }) mit der Rolle/den Rollen { $roles }.
dashboard-planning = Planung
dashboard-applications-waiting = { $count ->
        [one] { $count } Antrag wartet
       *[other] { $count } Anträge warten
    } auf Prüfung
dashboard-proposals-waiting = { $count ->
        [one] { $count } vorgeschlagenes Auditteam wartet
       *[other] { $count } vorgeschlagene Auditteams warten
    } auf Bestätigung:
dashboard-proposals-none = Kein vorgeschlagenes Auditteam wartet auf Bestätigung.
dashboard-proposal = { $client }, { $kind } ab { $day_html }
dashboard-files = Auditakten
dashboard-files-reviews = Akte(n) warten auf die technische Prüfung,
dashboard-files-reviews-none = Keine Akte wartet auf die technische Prüfung,
dashboard-files-decisions = auf die Zertifizierungsentscheidung.
dashboard-files-decisions-none = keine auf die Zertifizierungsentscheidung.
dashboard-files-open = Arbeitsliste öffnen
dashboard-certificates = Zertifikate
dashboard-certificates-expiring = { $count ->
        [one] { $count } läuft
       *[other] { $count } laufen
    } innerhalb von 90 Tagen ab
dashboard-certificates-suspended = { $count } ausgesetzt
dashboard-review = Zu prüfende Antworten
dashboard-review-count = Antwort(en) auf Abweichungen warten auf Sie.
dashboard-review-item = Abweichung { $number }, { $client }
dashboard-review-waits = { $waits_for } seit { $since }
dashboard-review-register = Im Register der Abweichungen ansehen
dashboard-members = Mitglieder
dashboard-members-count = { $count ->
        [one] { $count } Mitglied
       *[other] { $count } Mitglieder
    }
dashboard-members-invitations = Einladung(en) noch nicht angenommen
dashboard-members-manage = Mitglieder verwalten
dashboard-trail = Prüfpfad
dashboard-trail-intact = { $count ->
        [one] Intakt: Das eine Ereignis stimmt mit seinem Hash überein.
       *[other] Intakt: Alle { $count } Ereignisse sind miteinander verknüpft und stimmen mit ihren Hashes überein.
    }
dashboard-trail-broken = Unterbrochen bei Ereignis { $seq }.
dashboard-trail-open = Prüfpfad öffnen
dashboard-mail = E-Mail
dashboard-mail-failed = { $count ->
        [one] { $count } E-Mail ist fehlgeschlagen.
       *[other] { $count } E-Mails sind fehlgeschlagen.
    }
dashboard-mail-none = Keine fehlgeschlagenen E-Mails.
dashboard-mail-open = Postausgang öffnen
dashboard-api = API
dashboard-api-token = API-Token erstellen
dashboard-api-reference = API-Referenz
dashboard-mine = Meine nächsten Audits
dashboard-col-dates = Termine
dashboard-col-client = Kunde
dashboard-col-audit = Audit
dashboard-col-role = Meine Rolle
dashboard-col-status = Status
dashboard-col-open = Öffnen
dashboard-mine-checklist = Checkliste
dashboard-mine-checklist-of = zum Audit ({ $kind }) bei { $client }
dashboard-mine-audit = Audit
dashboard-mine-audit-of = bei { $client }, { $day_html }
dashboard-load = Audits pro Monat
dashboard-load-calendar = Kalender öffnen
dashboard-ncs = Abweichungen
dashboard-ncs-median = Die Hälfte davon wurde innerhalb von { $median } abgeschlossen.
dashboard-ncs-register = Alle noch nicht geschlossenen Abweichungen
dashboard-ncs-overdue = Überfällige Antworten
dashboard-due = In den nächsten 90 Tagen fällige, gefährdete oder überfällige Audits
dashboard-due-table = Fällige Audits
dashboard-col-due-by = Fällig bis
dashboard-col-days-left = Verbleibende Tage
dashboard-col-state = Stand
dashboard-due-none = In den nächsten 90 Tagen ist nichts fällig.
dashboard-recent = Letzte Aktivitäten
dashboard-recent-trail = Der gesamte Prüfpfad
dashboard-arrived = Seit Ihrem letzten Besuch hochgeladene Nachweise
dashboard-arrived-since = Von Kunden seit Ihrem letzten Besuch am { $when } hochgeladen, zu Audits, in deren Auditteam Sie sind:
dashboard-arrived-first = Von Kunden in den letzten { $days } Tagen hochgeladen, zu Audits, in deren Auditteam Sie sind:
dashboard-arrived-none-since = Seit Ihrem letzten Besuch am { $when } hat kein Kunde Nachweise zu Ihren Audits hochgeladen.
dashboard-arrived-none-first = In den letzten { $days } Tagen hat kein Kunde Nachweise zu Ihren Audits hochgeladen.
dashboard-arrived-more = Nur die neuesten { $count } sind aufgeführt; die Checklisten der Audits zeigen alle.
dashboard-arrived-audit = { $kind } ab { $day_html }
dashboard-arrived-review = Prüfen
dashboard-arrived-review-of = { $file } von { $client }
dashboard-col-uploaded = Hochgeladen
dashboard-col-answers = Zu
dashboard-col-file = Datei
dashboard-expiring = Innerhalb von { $days } Tagen ablaufende Zertifikate
dashboard-expiring-count = { $count ->
        [one] { $count } aktives Zertifikat läuft
       *[other] { $count } aktive Zertifikate laufen
    } innerhalb von { $days } Tagen ab.
dashboard-expiring-none = Kein aktives Zertifikat läuft innerhalb von { $days } Tagen ab.
dashboard-suspensions = Aussetzungen kurz vor Fristende
dashboard-suspensions-intro = Ausgesetzte Zertifikate, deren Aussetzung innerhalb von { $days } Tagen endet oder bereits abgelaufen ist:
dashboard-suspensions-none = Keine Aussetzung endet innerhalb von { $days } Tagen oder ist bereits abgelaufen.
dashboard-suspensions-all = Alle ausgesetzten Zertifikate ({ $count })
dashboard-col-certificate = Zertifikat
dashboard-col-suspended-until = Ausgesetzt bis
dashboard-objections-open = { $count ->
    [one] 1 Einspruch eines Kunden ist zu entscheiden (stattgeben oder abweisen)
   *[other] { $count } Einsprüche von Kunden sind zu entscheiden (stattgeben oder abweisen)
}: { $blocked ->
    [one] 1 vorgeschlagenes Team kann bis dahin nicht bestätigt werden.
   *[other] { $blocked } vorgeschlagene Teams können bis dahin nicht bestätigt werden.
}
dashboard-proposal-blocked = { $count ->
    [one] blockiert: 1 Einspruch offen
   *[other] blockiert: { $count } Einsprüche offen
}
