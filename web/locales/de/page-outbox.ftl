# Pages: the outbox of mails sent and to send

outbox-heading = Postausgang
outbox-filter-label = E-Mails filtern
outbox-filter-status = Status
outbox-filter-all = alle
outbox-filter-submit = Filtern
outbox-table = E-Mails
outbox-col-created = Erstellt
outbox-col-kind = Art
outbox-col-to = An
outbox-col-status = Status
outbox-col-attempts = Versuche
outbox-col-details = Details
outbox-sent = gesendet am { $when }
outbox-next-attempt = nächster Versuch am { $when }
outbox-retry = Erneut senden
outbox-retry-hidden = (E-Mail an { $recipient })
outbox-none = Keine E-Mails.
outbox-none-with-status = Keine E-Mails mit dem Status { $status }.
