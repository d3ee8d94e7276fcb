# Pages: the settings of the certification body

settings-heading = Settings
settings-intro = Choices the rules leave to the certification body. See also the
settings-intro-sign-in = sign-in settings
settings-intro-sign-in-after = (single sign-on, second factor), the
settings-intro-tables = audit-time tables
settings-intro-and = and the
settings-intro-checklists = checklist templates

settings-audit-time-legend = Audit time (IAF MD 5)
settings-interpolate = Interpolate within a headcount band (the table's continuum note)
settings-stage1-numerator = Stage 1 share of the initial time: numerator
settings-stage1-denominator = Stage 1 share: denominator
settings-stage1-min-days = Least stage 1 time, days (whole half days)

settings-programme-legend = Programme (ISO/IEC 17021-1 9.1.3)
settings-expiry = Certificate expiry
settings-expiry-minus-one = decision date + 3 years − 1 day
settings-expiry-three-years = decision date + 3 years
settings-at-risk-days = Days before a due date from which an open audit is at risk

settings-teams-legend = Teams (ISO/IEC 17021-1 9.2)
settings-rotation-limit = Consecutive audits one lead may lead for a client before a rotation warning
settings-objection-days = Days the client has to object to a proposed team member

settings-findings-legend = Findings, evidence and mail
settings-nc-response-days = Days the client has to answer a nonconformity (ISO/IEC 17021-1 9.4.9)
settings-max-upload = Largest evidence file, MiB
settings-retention-years = Years a withdrawn evidence file is kept before it is deleted
settings-outbox-retention = Days a sent mail stays listed in the outbox before it is deleted

settings-certificates-legend = Certificates (ISO/IEC 17021-1 8.2)
settings-cert-address = Postal address printed on certificates
settings-cert-prefix = Number prefix (capital letters and digits; the body's short name when empty)
settings-cert-pattern = Numbering pattern ({ "{" }prefix{ "}" }, { "{" }standard{ "}" }, { "{" }year{ "}" } and { "{" }seq:05{ "}" }; revisions add /R1, /R2…)
settings-cert-integrated = One integrated certificate for an audit of several standards (otherwise one certificate per standard)
settings-cert-suspension = Longest suspension, in months (at most { $max })
settings-cert-accreditations = Accreditations, one per line: standard | accreditation body | accreditation number
settings-cert-accreditations-placeholder = ISO/IEC 42001:2023 | DAkkS | D-ZM-12345-01-00
settings-cert-public-directory = Appear in the public directory: anyone may search our certificates by the holder's name (each certificate is always found by its number at /verify/NUMBER; confidential clients are never listed)
settings-cert-contact = Contact address shown on the public certificate pages (optional)
settings-cert-verification-alert = Mail the administrators when the public verification answers more look-ups than this in a day of unknown or look-alike numbers, or of suspended or withdrawn certificates (0: never)
settings-save = Save settings
settings-admins-only = Only administrators change these settings.

settings-images-heading = Logo and accreditation mark
settings-images-help = Printed on certificates (ISO/IEC 17021-1 8.2): the logo in the heading, the accreditation mark next to the accreditation when the certificate's standard is accredited. PNG, JPEG or SVG, at most 1 MiB. Certificates already issued keep the images they were issued with.
settings-image-alt = { $image } printed on certificates ({ $format })
settings-image-missing = No { $image } yet: certificates are printed without it.
settings-image-upload-form = Upload the { $image }
settings-image-replace = Replace the { $image } (PNG, JPEG or SVG, at most 1 MiB)
settings-image-upload = Upload a { $image } (PNG, JPEG or SVG, at most 1 MiB)
settings-image-upload-submit = Upload
settings-image-remove = Remove the { $image }

settings-time-zone-heading = Time zone
settings-time-zone-form = Time zone of the certification body
settings-time-zone-label = Pages show times in this time zone, unless a member chose their own
settings-time-zone-save = Save the time zone

settings-certsearch-heading = IAF CertSearch
settings-certsearch-link = IAF CertSearch export
settings-certsearch-text = what is still missing, downloads, and sending to CertSearch.

settings-keys-heading = Signing keys
settings-keys-intro = Certificates are published as credentials signed with this key, so anyone can check them offline.
settings-keys-lookups-link = Verification look-ups
settings-keys-lookups-text = lists checks of unknown, look-alike, suspended and withdrawn numbers.
settings-keys-find = Verifiers find the keys in the
settings-keys-jwks = key set (JWKS)
settings-keys-and = and the
settings-keys-issuer = issuer document
settings-keys-retired-note = Retired keys stay published so that what they signed keeps verifying.
settings-keys-col-key = Key
settings-keys-col-status = Status
settings-keys-col-created = Created
settings-keys-col-retired = Retired
settings-key-active = active
settings-key-retired = retired
settings-rotate = Rotate the signing key
settings-rotate-help = Rotating makes a new key that signs from now on; the current key is retired but stays published, so certificates signed with it still verify.
settings-rotate-confirm = I understand that new credentials will be signed with a new key
settings-language-heading = Language
settings-language-form = Language of the certification body
settings-language-label = Pages and mails are in this language, unless a member chose their own
settings-language-save = Save the language
