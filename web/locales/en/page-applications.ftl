# Pages: the list of applications for certification

applications-heading = Applications
applications-filter-label = Filter applications
applications-filter-status = Status
applications-filter-all = all
applications-filter-submit = Filter
applications-table = Applications
applications-col-received = Received
applications-col-client = Client
applications-col-standards = Standards
applications-col-personnel = Personnel
applications-col-status = Status
applications-none = No applications.
applications-none-with-status = No applications with this status.
applications-register-hint = Register one from a
applications-register-hint-link = client's file
