# Words the IAF CertSearch export page builds in Rust: title, notices, the dry run's fields and where to complete them

msg-certsearch-title = IAF-CertSearch-Export
msg-certsearch-saved = CertSearch-Verbindung gespeichert
# $result: CertSearch's answer
msg-certsearch-sent = An CertSearch gesendet: { $result }
msg-certsearch-not-sent = Nicht gesendet: { $result }

## The dry run: where to complete a missing field

msg-certsearch-fix-settings = Zertifikatseinstellungen
msg-certsearch-fix-client = Kunde { $client }
# A CertSearch field in words; $field is its CertSearch name
msg-certsearch-field = { $field ->
        [certificate_number] Zertifikatsnummer
        [certification_status] Status
        [certificate_accreditation_status] Akkreditierung
        [certification_type] Art der Zertifizierung
        [certification_issue_date] Ausstellungsdatum
        [certification_expiry_date] Ablaufdatum
        [certified_entity_name] Name des Zertifikatsinhabers
        [certified_entity_unique_id] Kennung des Zertifikatsinhabers
        [certified_entity_street] Straße des Zertifikatsinhabers
        [certified_entity_city] Ort des Zertifikatsinhabers
        [certified_entity_country] Land des Zertifikatsinhabers
        [accreditation_body_name] Name der Akkreditierungsstelle
        [accreditation_body_acronym_name] Kürzel der Akkreditierungsstelle
        [schemes] Normen
       *[other] Anderes Feld
    }
