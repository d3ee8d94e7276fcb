# Words the calendar pages build in Rust: titles and headings, month and day names, the page for an address that names no month.

msg-calendar-title = Kalender, { $month }
msg-calendar-heading = Audits im { $month }
msg-calendar-auditor-title = { $name }: Kalender, { $month }
msg-calendar-auditor-heading = { $name } im { $month }
msg-calendar-not-a-month = Kein Monat
# $problem: what is wrong with the month (a sentence); $asked: what the address asked for
msg-calendar-bad-month = { $problem } (die Adresse nannte „{ $asked }“).

## Months and days

# A month with its year: März 2026
msg-calendar-month-year = { $month } { $year }
# A day of the grid, for screen readers: Montag, 7. Dezember
msg-calendar-day = { $weekday }, { $day }. { $month }
msg-calendar-month-1 = Januar
msg-calendar-month-2 = Februar
msg-calendar-month-3 = März
msg-calendar-month-4 = April
msg-calendar-month-5 = Mai
msg-calendar-month-6 = Juni
msg-calendar-month-7 = Juli
msg-calendar-month-8 = August
msg-calendar-month-9 = September
msg-calendar-month-10 = Oktober
msg-calendar-month-11 = November
msg-calendar-month-12 = Dezember
msg-calendar-weekday-1 = Montag
msg-calendar-weekday-2 = Dienstag
msg-calendar-weekday-3 = Mittwoch
msg-calendar-weekday-4 = Donnerstag
msg-calendar-weekday-5 = Freitag
msg-calendar-weekday-6 = Samstag
msg-calendar-weekday-7 = Sonntag
