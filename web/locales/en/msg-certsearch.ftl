# Words the IAF CertSearch export page builds in Rust: title, notices, the dry run's fields and where to complete them

msg-certsearch-title = IAF CertSearch export
msg-certsearch-saved = CertSearch connection saved
# $result: CertSearch's answer
msg-certsearch-sent = Sent to CertSearch: { $result }
msg-certsearch-not-sent = Not sent: { $result }

## The dry run: where to complete a missing field

msg-certsearch-fix-settings = Certificate settings
msg-certsearch-fix-client = Client { $client }
# A CertSearch field in words; $field is its CertSearch name
msg-certsearch-field = { $field ->
        [certificate_number] Certificate number
        [certification_status] Status
        [certificate_accreditation_status] Accreditation
        [certification_type] Certification type
        [certification_issue_date] Issue date
        [certification_expiry_date] Expiry date
        [certified_entity_name] Holder's name
        [certified_entity_unique_id] Holder's id
        [certified_entity_street] Holder's street address
        [certified_entity_city] Holder's city
        [certified_entity_country] Holder's country
        [accreditation_body_name] Accreditation body name
        [accreditation_body_acronym_name] Accreditation body acronym
        [schemes] Standards
       *[other] Other field
    }
