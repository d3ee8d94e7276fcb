# Words the dashboard and the choice of certification body build in Rust: titles, charts, cards

msg-home-tenants-title = Zertifizierungsstelle wählen
msg-home-no-such-body = Diese Zertifizierungsstelle gibt es nicht.

## What an answer to a nonconformity waits for (card "Answers to review")

msg-home-waits-verification = Verifizierung
msg-home-waits-plan-review = Prüfung des Plans

## The chart of audits per month

msg-home-load-title = Audits pro Monat
msg-home-load-axis = Monat
msg-home-load-empty = In diesen Monaten wurden keine Audits durchgeführt und sind keine geplant.

## The nonconformity charts

msg-home-ncs-status-title = Abweichungen nach Status und Grad
msg-home-ncs-status-axis = Status
msg-home-ncs-status-empty = Keine Abweichung ist offen oder wurde in den letzten zwölf Monaten geschlossen.
msg-home-ncs-close-title = Tage bis zum Abschluss der in den letzten zwölf Monaten geschlossenen Abweichungen
msg-home-ncs-close-axis = Tage bis zum Abschluss
msg-home-ncs-close-empty = In den letzten zwölf Monaten wurde keine Abweichung geschlossen.
# Statuses short enough to stand under a bar
msg-home-bar-open = Offen
msg-home-bar-answered = Beantwortet
msg-home-bar-rejected = Abgelehnt
msg-home-bar-accepted = Angenommen
msg-home-bar-done = Umgesetzt
msg-home-bar-closed = Geschlossen
# Bands of days to close
msg-home-band-up-to = bis { $to } Tage
msg-home-band-between = { $from }–{ $to } Tage
msg-home-band-over = über { $days } Tage
# Ends the sentence "Die Hälfte davon wurde innerhalb von … abgeschlossen."
msg-home-median = { $days ->
        [0] weniger als einem Tag
        [one] einem Tag
       *[other] { $days } Tagen
    }
msg-home-series-held = durchgeführt
msg-home-series-planned = geplant

## Card "Evidence uploaded since your last visit": what a file answers

msg-home-arrived-item = { $reference } { $title }
msg-home-arrived-nc = Abweichung { $number } ({ $reference })

## Card "Suspensions nearing their limit": when the suspension ends

msg-home-suspension-ends-today = endet heute
msg-home-suspension-ends-in = { $days ->
        [one] endet morgen
       *[other] endet in { $days } Tagen
    }
msg-home-suspension-ended = { $days ->
        [one] seit gestern abgelaufen
       *[other] seit { $days } Tagen abgelaufen
    }
