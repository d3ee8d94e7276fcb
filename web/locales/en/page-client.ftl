# Pages: the client file

client-all-clients = All clients
client-glance = At a glance
client-confidential-chip = confidential
client-next-audit = Next audit:
client-sections = Sections of the client file
client-nav-scope = Scope
client-nav-ai-systems = AI systems
client-nav-portal-users = Portal users

client-audits-heading = Audits
client-audits-scrollable = Audits of the client, scrollable
client-audits-table = Audits of the client
client-no-audits = No audit scheduled yet.

client-ncs-heading = Nonconformities
client-ncs-table = Nonconformities of the client
client-nc-link = Nonconformity { $number }
client-no-ncs = No nonconformities.

client-certificates-heading = Certificates
client-certificates-scrollable = Certificates of the client, scrollable
client-certificates-table = Certificates of the client
client-suspended-until = until { $date }
client-no-certificates = No certificate issued.

client-applications-heading = Applications
client-no-applications = No applications yet.
client-apply-summary = Register an application (ISO/IEC 17021-1 9.1.1)
client-apply-form = Register an application
client-apply-scope = Scope applied for
client-apply-personnel = Effective personnel
client-apply-consultancy = Consultancy received from (optional)
client-apply-submit = Register application

client-col-dates = Dates
client-col-audit = Audit
client-col-standards = Standards
client-col-standard = Standard
client-col-status = Status
client-col-nc-number = No.
client-col-grade = Grade
client-col-reference = Reference
client-col-statement = Statement
client-col-answer-due = Answer due
client-col-number = Number
client-col-effective = Effective
client-col-expires = Expires
client-col-received = Received
client-col-name = Name
client-col-location = Location
client-col-kind = Kind
client-col-headcount = Headcount
client-col-shifts = Shifts
client-col-central = Central function
client-col-actions = Actions
client-col-email = Email
client-col-phone = Phone
client-col-role = Role
client-col-receives-mail = Receives mail
client-col-scope = Scope
client-col-areas = Technical areas
client-col-purpose = Purpose
client-col-ai-role = Organisation's role
client-col-data-used = Data used
client-col-decisions = Decisions influenced
client-col-impact = Impact

client-yes = yes
client-no = no
client-edit = Edit
client-remove = Remove

client-sites-heading = Sites
client-no-sites = No sites yet.
client-add-site-summary = Add a site
client-add-site = Add site

client-contacts-heading = Contacts
client-no-contacts = No contacts yet.
client-add-contact-summary = Add a contact
client-contact-phone = Phone (optional)
client-contact-role = Role (optional)
client-contact-role-placeholder = e.g. quality manager
client-contact-receives-mail = Receives Certa's mails about this client
client-add-contact = Add contact

client-scope-heading = Requested scope
client-remove-scope-of = scope for { $standard }
client-no-scope = No scope requested yet.
client-set-scope-summary = Set the requested scope
client-scope-areas = Technical-area codes, separated by commas (e.g. IAF 33, IAF 35)
client-save-scope = Save scope

client-ai-heading = AI systems (ISO/IEC 42001 inventory)
client-no-ai-systems = No AI systems recorded.
client-add-ai-summary = Add an AI system
client-ai-role = The organisation's role (ISO/IEC 42006)
client-ai-role-producer = producer
client-ai-role-developer = developer
client-ai-role-provider = provider
client-ai-role-user = user
client-ai-data = Data used (optional)
client-ai-decisions = Decisions influenced (optional)
client-ai-impact = Impact level
client-impact-low = low
client-impact-medium = medium
client-impact-high = high
client-add-ai = Add AI system

client-portal-users-heading = Client portal users
client-invite-summary = Invite a client user
client-invite-email = Email of a person at the client
client-invite-submit = Invite to the client portal

client-details-heading = Details
client-trading-name = Trading name
client-registration-number = Registration number
client-website = Website
client-consultancy = Consultancy received
client-consultancy-until = { $by } until { $date }
client-consultancy-none = none declared
client-outsourced = Outsourced processes
client-total-headcount = Total headcount
client-public-directory = Public directory
client-directory-confidential = confidential: its certificates are found by number only
client-directory-listed = listed when the certification body publishes in the directory
client-edit-summary = Edit the client details
client-legal-name = Legal name
client-edit-consultancy = Consultancy received from (ISO/IEC 17021-1 9.1.1)
client-edit-consultancy-until = Consultancy ended on
client-notes = Notes
client-edit-confidential = Confidential: its certificates are looked up by number only, never listed in the public directory (ISO/IEC 17021-1 8.1.3)
client-save-details = Save details
