# Pages: raising a nonconformity on a checklist item

nc-raise-checklist = Checkliste
nc-raise-heading = Abweichung zu { $reference } feststellen
nc-raise-form = Abweichung feststellen
nc-raise-grade = Einstufung (ISO/IEC 17021-1 3.12, 3.13)
nc-raise-minor = Nebenabweichung: beeinträchtigt nicht die Fähigkeit des Managementsystems, die beabsichtigten Ergebnisse zu erzielen
nc-raise-major = Hauptabweichung: beeinträchtigt diese Fähigkeit (oder systemisches Versagen)
nc-raise-reference = Normabschnitt oder Maßnahme
nc-raise-statement = Feststellung der Abweichung
nc-raise-evidence = Objektiver Nachweis
nc-raise-submit = Abweichung erfassen
