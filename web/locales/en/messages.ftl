# Words the server builds for pages: titles, notices, errors, the public register.

msg-not-found-title = Not found
msg-not-found = There is nothing at this address.

## The public verification page

msg-public-title = Certificate { $number }
msg-public-unknown-title = No such certificate
msg-public-status-active = Valid
msg-public-status-suspended = Suspended
msg-public-status-withdrawn = Withdrawn
msg-public-status-expired = Expired
msg-public-status-superseded = Superseded
msg-public-status-active-meaning = The certificate is valid: the certified organisation may refer to its certification.
msg-public-status-suspended-meaning = The certification is temporarily invalid: the organisation must not promote it until it is restored.
msg-public-status-withdrawn-meaning = The certification has been withdrawn and is no longer valid.
msg-public-status-expired-meaning = The certificate has passed its expiry date without renewal and is no longer valid.
msg-public-status-superseded-meaning = This revision of the certificate was replaced by a later one: check the current revision.

## Language choices

msg-body-language-set = Pages and mails of the certification body are now in { $language }
msg-own-language-set = Pages and mails are now in { $language } for you
msg-own-language-cleared = Pages and mails are in your certification body's language for you

## Refused forms

msg-refill-heading = Nothing was saved: there is a problem
