# Mails: a certificate or a new revision of it was issued

mail-certificate-issued-title = Zertifikat ausgestellt
mail-certificate-issued-subject = Zertifikat { $number } für { $client } ausgestellt
mail-certificate-issued-body = { $brand } hat das Zertifikat { $number } für { $client } ausgestellt. Das Zertifikat ist als PDF angehängt.
mail-certificate-issued-body-reason = { $brand } hat das Zertifikat { $number } für { $client } ausgestellt ({ $reason }). Das Zertifikat ist als PDF angehängt.
