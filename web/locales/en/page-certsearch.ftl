# Pages: the IAF CertSearch export (dry run, downloads, connection, sending)

certsearch-heading = IAF CertSearch export
certsearch-intro = Accredited certification bodies publish their accredited certifications on IAF CertSearch and update them at least once a month (IAF MD 28). Certa maps each certificate to the CertSearch fields; a certificate is exported once every mandatory field is filled.
certsearch-last-export = Last export: { $when }.
certsearch-never-exported = Nothing has been exported yet.

certsearch-missing-heading = What is still missing
certsearch-summary = { $certificates } certificates in the register: { $ready } ready for export, { $held_back } held back.
certsearch-problems-region = Certificates held back, scrollable
certsearch-problems-caption = Certificates held back and the fields to complete
certsearch-col-certificate = Certificate
certsearch-col-holder = Holder
certsearch-col-missing = Missing field
certsearch-col-todo = What to do
certsearch-col-where = Where
certsearch-all-complete = Every certificate has all the mandatory fields.

certsearch-download-heading = Download
certsearch-download-intro = For an upload on the CertSearch site, or to check before sending. Each download counts as an export.
certsearch-download-xlsx = Workbook (XLSX), every record
certsearch-download-batch = JSON batch { $batch }
certsearch-download-batch-size = (at most 100 records)

certsearch-link-heading = Connection to CertSearch
certsearch-endpoint = Upload address
certsearch-endpoint-example = https://api.iafcertsearch.org/api/client/v1/cb/upload-cert
certsearch-api-key = API key
certsearch-api-key-stored = API key (one is stored; leave empty to keep it)
certsearch-api-key-remove = Remove the stored API key
certsearch-link-submit = Save the connection

certsearch-push-heading = Send to CertSearch
certsearch-last-push-ok = Last sent { $when }: succeeded, { $result }.
certsearch-last-push-failed = Last sent { $when }: failed, { $result }.
certsearch-push-submit = Send { $count } records to CertSearch
certsearch-push-unconfigured = Save the upload address and API key to send the export directly.
