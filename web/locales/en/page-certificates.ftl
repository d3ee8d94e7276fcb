# Pages: the register of certificates, its filters and exports

certificates-heading = Certificates
certificates-filter-label = Filter the certificates
certificates-filter-status = Status
certificates-filter-any = Any
certificates-filter-standard = Standard
certificates-filter-expiring = Expiring within (days)
certificates-filter-query = Holder or number
certificates-filter-submit = Filter
certificates-filter-clear = Clear the filters

certificates-count = { $count } certificate(s).
certificates-count-filtered = { $count } certificate(s) match the filters.
certificates-export-all = Export all:
certificates-export-them = Export them:
certificates-export-csv = CSV
certificates-export-xlsx = Excel (XLSX)
certificates-export-certsearch = IAF CertSearch export

certificates-region = Certificates, scrollable
certificates-table = Certificates
certificates-col-number = Number
certificates-col-holder = Holder
certificates-col-standards = Standards
certificates-col-status = Status
certificates-col-effective = Effective
certificates-col-expires = Expires
certificates-col-since = Certified since
certificates-suspended-until = until { $date }
certificates-pager-label = Pages of the register
certificates-pager-previous = Previous page
certificates-pager-page = Page { $page } of { $pages }
certificates-pager-next = Next page

certificates-none-match = No certificate matches the filters.
certificates-none = No certificate issued yet. Certificates are issued by the decision to grant certification, from the
certificates-none-link = audit files waiting
