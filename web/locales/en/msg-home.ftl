# Words the dashboard and the choice of certification body build in Rust: titles, charts, cards

msg-home-tenants-title = Choose a certification body
msg-home-no-such-body = No such certification body.

## What an answer to a nonconformity waits for (card "Answers to review")

msg-home-waits-verification = verification
msg-home-waits-plan-review = review of the plan

## The chart of audits per month

msg-home-load-title = Audits per month
msg-home-load-axis = Month
msg-home-load-empty = No audits were held or are planned in these months.

## The nonconformity charts

msg-home-ncs-status-title = Nonconformities by status and grade
msg-home-ncs-status-axis = Status
msg-home-ncs-status-empty = No nonconformity is open or was closed in the last twelve months.
msg-home-ncs-close-title = Days to close, nonconformities closed in the last twelve months
msg-home-ncs-close-axis = Days to close
msg-home-ncs-close-empty = No nonconformity was closed in the last twelve months.
# Statuses short enough to stand under a bar
msg-home-bar-open = Open
msg-home-bar-answered = Answered
msg-home-bar-rejected = Rejected
msg-home-bar-accepted = Accepted
msg-home-bar-done = Done
msg-home-bar-closed = Closed
# Bands of days to close
msg-home-band-up-to = up to { $to } days
msg-home-band-between = { $from }–{ $to } days
msg-home-band-over = over { $days } days
# Ends the sentence "Half of them were closed within …"
msg-home-median = { $days ->
        [0] the day they were raised
        [one] a day
       *[other] { $days } days
    }
msg-home-series-held = held
msg-home-series-planned = planned

## Card "Evidence uploaded since your last visit": what a file answers

msg-home-arrived-item = { $reference } { $title }
msg-home-arrived-nc = Nonconformity { $number } ({ $reference })

## Card "Suspensions nearing their limit": when the suspension ends

msg-home-suspension-ends-today = ends today
msg-home-suspension-ends-in = { $days ->
        [one] ends tomorrow
       *[other] ends in { $days } days
    }
msg-home-suspension-ended = { $days ->
        [one] ended yesterday
       *[other] ended { $days } days ago
    }
