# Mails: a suspension reaches the body's limit soon

mail-suspension-ending-title = Suspension ending
mail-suspension-ending-subject = The suspension of certificate { $number } ends in { $days_left } days
mail-suspension-ending-body = The suspension of certificate { $number } of { $client } reaches its limit on { $until }, in { $days_left } days. Restore the certification if the cause is resolved; otherwise withdraw it or reduce its scope.
