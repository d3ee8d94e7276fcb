# Pages: public verification of a certificate number that is not published

verify-unknown-heading = No such certificate
verify-unknown-text = No certificate with the number { $number } is published here. Check the number as printed on the certificate, including any revision suffix such as /R1.
