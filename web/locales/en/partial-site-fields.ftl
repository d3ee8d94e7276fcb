# Partials: the fields of a client site (IAF MD 1)

partial-site-fields-name = Site name
partial-site-fields-address = Address
partial-site-fields-city = City
partial-site-fields-country = Country (ISO 3166 two letters)
partial-site-fields-kind = Kind
partial-site-fields-headcount = Headcount
partial-site-fields-shifts = Shifts
partial-site-fields-central = Hosts the central function (IAF MD 1)
partial-site-fields-processes = Processes at this site
