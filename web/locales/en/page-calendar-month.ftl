# Pages: the month calendar of audits (of the body or of one auditor)

calendar-month-back = Back to { $name }
calendar-month-nav = Months
calendar-month-this-month = This month
calendar-month-summary = { $count } audit(s) this month.
calendar-month-summary-absences = { $count } audit(s) and { $absence_count } period(s) of unavailability this month.
calendar-month-monday = Monday
calendar-month-tuesday = Tuesday
calendar-month-wednesday = Wednesday
calendar-month-thursday = Thursday
calendar-month-friday = Friday
calendar-month-saturday = Saturday
calendar-month-sunday = Sunday
calendar-month-unavailable = Unavailable
calendar-month-unavailable-reason = Unavailable: { $reason }
calendar-month-other-month = { $label }, another month
calendar-month-monday-short = Mon
calendar-month-tuesday-short = Tue
calendar-month-wednesday-short = Wed
calendar-month-thursday-short = Thu
calendar-month-friday-short = Fri
calendar-month-saturday-short = Sat
calendar-month-sunday-short = Sun
