# Words the application pages build in Rust: titles, notices, the status of an application

msg-applications-title = Applications
msg-applications-review-title = Application of { $client }
# The status in the list, on the review page and on the client file; $status is the stored value
msg-applications-status = { $status ->
        [submitted] submitted
        [accepted] accepted
        [declined] declined
       *[other] { $status }
    }

## Notices after a form

msg-applications-registered = Application registered; it waits for review
msg-applications-accepted = Application accepted; the programme is created and the client informed
msg-applications-declined = Application declined; the reason was mailed to the client
