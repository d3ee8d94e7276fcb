# Words the calendar pages build in Rust: titles and headings, month and day names, the page for an address that names no month.

msg-calendar-title = Calendar, { $month }
msg-calendar-heading = Audits in { $month }
msg-calendar-auditor-title = { $name }: calendar, { $month }
msg-calendar-auditor-heading = { $name } in { $month }
msg-calendar-not-a-month = Not a month
# $problem: what is wrong with the month (a sentence); $asked: what the address asked for
msg-calendar-bad-month = { $problem } (the address asked for “{ $asked }”).

## Months and days

# A month with its year: March 2026
msg-calendar-month-year = { $month } { $year }
# A day of the grid, for screen readers: Monday 7 December
msg-calendar-day = { $weekday } { $day } { $month }
msg-calendar-month-1 = January
msg-calendar-month-2 = February
msg-calendar-month-3 = March
msg-calendar-month-4 = April
msg-calendar-month-5 = May
msg-calendar-month-6 = June
msg-calendar-month-7 = July
msg-calendar-month-8 = August
msg-calendar-month-9 = September
msg-calendar-month-10 = October
msg-calendar-month-11 = November
msg-calendar-month-12 = December
msg-calendar-weekday-1 = Monday
msg-calendar-weekday-2 = Tuesday
msg-calendar-weekday-3 = Wednesday
msg-calendar-weekday-4 = Thursday
msg-calendar-weekday-5 = Friday
msg-calendar-weekday-6 = Saturday
msg-calendar-weekday-7 = Sunday
