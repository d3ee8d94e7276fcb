# Pages: the verification look-ups the certification body should know about

verification-heading = Verification look-ups
verification-intro = People check certificates on the public verification page and through its API. Listed here are the look-ups your certification body should know about: numbers that no certification body holds but that are numbered like yours, numbers one character away from one of your certificates (often a mistyped or altered number), and look-ups of your suspended or withdrawn certificates. Counts appear within about ten seconds. Of the person checking, only the network of their address is kept.
verification-period = Period
verification-last-days = Last { $days } days
verification-show = Show
verification-totals = Totals over the period
verification-table-scrollable = Look-ups by day, scrollable
verification-table = Look-ups by day
verification-col-day = Day
verification-col-what = What
verification-col-number = Number looked up
verification-col-resembles = Resembles
verification-col-lookups = Look-ups
verification-col-network = Last network
verification-nothing = Nothing to report over the last { $days } days.
