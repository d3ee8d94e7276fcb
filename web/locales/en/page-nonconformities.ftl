# Pages: the register of nonconformities across clients and audits, with its filters

nonconformities-heading = Nonconformity register
nonconformities-intro = Every nonconformity of your clients' audits: answers overdue first, then by the day the answer is due.
nonconformities-filter-label = Filter the nonconformities
nonconformities-filter-status = Status
nonconformities-filter-not-closed = Not closed
nonconformities-filter-all-statuses = All, closed ones too
nonconformities-filter-grade = Grade
nonconformities-filter-any-grade = Any grade
nonconformities-filter-client = Client
nonconformities-filter-any-client = Any client
nonconformities-filter-overdue = Answer overdue
nonconformities-filter-mine = Waiting for my review
nonconformities-filter-submit = Show
nonconformities-filter-clear = Clear the filters
nonconformities-filter-ignored = Some filter values were not understood and are left out.
nonconformities-counts-label = Nonconformities by status
nonconformities-count = { $status }: { $count }
nonconformities-total =
    { $count ->
        [one] One nonconformity.
       *[other] { $count } nonconformities.
    }
nonconformities-showing = Showing { $from }–{ $to } of { $total } nonconformities.
nonconformities-table = Nonconformities
nonconformities-col-number = No.
nonconformities-col-grade = Grade
nonconformities-col-status = Status
nonconformities-col-client = Client
nonconformities-col-audit = Audit
nonconformities-col-reference = Reference
nonconformities-col-statement = Statement
nonconformities-col-due = Answer due
nonconformities-col-raised-by = Raised by
nonconformities-nc-label = Nonconformity { $number }, { $client }
nonconformities-audit = { $kind }, { $dates_html }
nonconformities-overdue = overdue
nonconformities-pager-label = Pages of the register
nonconformities-pager-previous = Previous page
nonconformities-pager-next = Next page
nonconformities-pager-page = Page { $page } of { $pages }
nonconformities-none-match = No nonconformity matches these filters.
nonconformities-none-open = No nonconformity is open.
nonconformities-show-all = Show all, closed ones too
