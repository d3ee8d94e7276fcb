# Mails: a certificate expires soon and no recertification audit is scheduled

mail-certificate-expiring-title = Certificate expiring
mail-certificate-expiring-subject = Certificate { $number } of { $client } expires in { $days_left } days
mail-certificate-expiring-body = Certificate { $number } of { $client } expires on { $expiry_date }, in { $days_left } days, and no recertification audit is scheduled. Recertification must be completed and decided before the expiry date.
