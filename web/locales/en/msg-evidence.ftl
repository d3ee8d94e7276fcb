# Words of evidence uploads without JavaScript and withdrawals: notices and refused forms.

msg-evidence-withdrawn = Evidence withdrawn; the record is kept
# $size: the file's size in bytes
msg-evidence-uploaded = { $filename } uploaded ({ $size } bytes), checked and kept
msg-evidence-no-target = the form names no evidence request
msg-evidence-no-file = choose a file to upload

## A refused upload form

msg-evidence-refused-title = The form was refused
msg-evidence-unreadable = the form could not be read
msg-evidence-fields-too-long = the form's fields are longer than the upload form sends
msg-evidence-not-text = a form field is not UTF-8 text
msg-evidence-csrf-first = the form must begin with its CSRF token
msg-evidence-no-name = a form field has no name
msg-evidence-too-many-fields = the form has more fields than the upload form sends
msg-evidence-field-repeated = a form field is repeated
