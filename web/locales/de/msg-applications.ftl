# Words the application pages build in Rust: titles, notices, the status of an application

msg-applications-title = Anträge
msg-applications-review-title = Antrag von { $client }
# The status in the list, on the review page and on the client file; $status is the stored value
msg-applications-status = { $status ->
        [submitted] eingereicht
        [accepted] angenommen
        [declined] abgelehnt
       *[other] { $status }
    }

## Notices after a form

msg-applications-registered = Antrag registriert; er wartet auf Prüfung
msg-applications-accepted = Antrag angenommen; das Auditprogramm ist angelegt und der Kunde informiert
msg-applications-declined = Antrag abgelehnt; die Begründung wurde dem Kunden per E-Mail gesendet
