# Words the server builds for the settings pages, the audit-time tables and calculator, and the verification look-ups.

## Titles

msg-settings-title = Settings
msg-settings-calculator-title = Audit-time calculator
msg-settings-tables-title = Audit-time tables
msg-settings-verification-title = Verification look-ups

## Numbers typed in a form, and the fields they belong to

msg-settings-not-a-number = { $field } must be a number
msg-settings-adjustment-not-a-number = the adjustment must be a number of percent
msg-settings-field-effective-personnel = Effective personnel
msg-settings-field-sites = Sites
msg-settings-field-integration-reduction = The integration reduction
msg-settings-field-stage1-share = The stage 1 share
msg-settings-field-stage1-min-days = The least stage 1 time
msg-settings-field-at-risk-days = At-risk days
msg-settings-field-rotation-limit = The rotation limit
msg-settings-field-objection-days = The objection period
msg-settings-field-nc-response-days = The time to answer a nonconformity
msg-settings-field-max-upload = The largest evidence file
msg-settings-field-retention = The retention of withdrawn evidence
msg-settings-field-outbox-retention = The outbox retention
msg-settings-field-address = The address
msg-settings-field-prefix = The number prefix
msg-settings-field-number-pattern = The numbering pattern
msg-settings-field-suspension = The longest suspension
msg-settings-field-suspension-months = The longest suspension, in months,
msg-settings-field-contact-email = The contact address
msg-settings-field-alert = The alert threshold
msg-settings-field-alert-per-day = The alert threshold, in look-ups a day,
msg-settings-accreditation-line = Accreditation line { $line } must read: standard | accreditation body | number

## Notices

msg-settings-saved = Settings saved
msg-settings-time-zone-set = Times are shown in { $zone }
msg-settings-key-rotated-new = Signing key rotated: the new key is { $kid }
msg-settings-key-rotated = Signing key rotated
msg-settings-audit-time-kept = Audit time kept with the application: { $initial } days initial ({ $stage1 } stage 1, { $stage2 } stage 2)
msg-settings-band-limits-invalid = the band's limits must be whole numbers
msg-settings-band-days-invalid = days must be numbers separated by commas, one per column
msg-settings-band-added = Band added to { $table }; it is flagged unverified
msg-settings-table-reverted = The built-in table applies again

## Images printed on certificates

msg-settings-image-logo = Logo
msg-settings-image-logo-lower = logo
msg-settings-image-accreditation-mark = Accreditation mark
msg-settings-image-accreditation-mark-lower = accreditation mark
msg-settings-image-refused-title = The form was refused
msg-settings-image-after-csrf = the form must send the image after its CSRF token
msg-settings-image-unreadable = the form could not be read
msg-settings-image-missing = choose an image to upload
msg-settings-image-too-large = the { $image } is larger than { $mib } MiB
msg-settings-image-saved = { $image } saved: certificates issued from now on show it
msg-settings-image-removed = { $image } removed: certificates issued from now on are printed without it

## Kinds of public look-ups

msg-settings-lookup-unknown = Unknown number
msg-settings-lookup-look-alike = Look-alike number
msg-settings-lookup-suspended = Suspended certificate
msg-settings-lookup-withdrawn = Withdrawn certificate

# Columns of the audit-time tables (complexity or AI role)
msg-settings-column-days = days
msg-settings-column-high = high
msg-settings-column-medium = medium
msg-settings-column-low = low
msg-settings-column-limited = limited
msg-settings-column-producer = producer
msg-settings-column-developer = developer
msg-settings-column-provider = provider
msg-settings-column-user = user
msg-settings-column-multiple = multiple
