# Pages: the outbox of mails sent and to send

outbox-heading = Outbox
outbox-filter-label = Filter mails
outbox-filter-status = Status
outbox-filter-all = all
outbox-filter-submit = Filter
outbox-table = Mails
outbox-col-created = Created
outbox-col-kind = Kind
outbox-col-to = To
outbox-col-status = Status
outbox-col-attempts = Attempts
outbox-col-details = Details
outbox-sent = sent { $when }
outbox-next-attempt = next attempt { $when }
outbox-retry = Retry
outbox-retry-hidden = the mail to { $recipient }
outbox-none = No mails.
outbox-none-with-status = No mails with status { $status }.
