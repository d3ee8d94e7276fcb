# Partials: the fields of a client site (IAF MD 1)

partial-site-fields-name = Name des Standorts
partial-site-fields-address = Adresse
partial-site-fields-city = Ort
partial-site-fields-country = Land (ISO 3166, zwei Buchstaben)
partial-site-fields-kind = Art
partial-site-fields-headcount = Mitarbeiterzahl
partial-site-fields-shifts = Schichten
partial-site-fields-central = Sitz der zentralen Funktion (IAF MD 1)
partial-site-fields-processes = Prozesse an diesem Standort
