# Pages: the list of auditors (personnel records)

auditors-heading = Auditors
auditors-intro = Personnel records of this certification body: qualifications per standard, technical area and function, conflicts of interest and unavailability (ISO/IEC 17021-1 7.1, 7.4, 5.2).
auditors-table = Auditors
auditors-col-name = Name
auditors-col-email = Email
auditors-col-status = Status
auditors-col-login = Has a login
auditors-yes = yes
auditors-no = no
auditors-empty = No personnel records yet.
auditors-new-heading = Create a record
auditors-new-form = Create a personnel record
auditors-name = Name
auditors-email = Email
auditors-create = Create record
