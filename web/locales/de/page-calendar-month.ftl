# Pages: the month calendar of audits (of the body or of one auditor)

calendar-month-back = Zurück zu { $name }
calendar-month-nav = Monate
calendar-month-this-month = Dieser Monat
calendar-month-summary = { $count ->
    [one] { $count } Audit
   *[other] { $count } Audits
} in diesem Monat.
calendar-month-summary-absences = { $count ->
    [one] { $count } Audit
   *[other] { $count } Audits
} und { $absence_count ->
    [one] { $absence_count } Abwesenheit
   *[other] { $absence_count } Abwesenheiten
} in diesem Monat.
calendar-month-monday = Montag
calendar-month-tuesday = Dienstag
calendar-month-wednesday = Mittwoch
calendar-month-thursday = Donnerstag
calendar-month-friday = Freitag
calendar-month-saturday = Samstag
calendar-month-sunday = Sonntag
calendar-month-unavailable = Nicht verfügbar
calendar-month-unavailable-reason = Nicht verfügbar: { $reason }
calendar-month-other-month = { $label }, anderer Monat
calendar-month-monday-short = Mo
calendar-month-tuesday-short = Di
calendar-month-wednesday-short = Mi
calendar-month-thursday-short = Do
calendar-month-friday-short = Fr
calendar-month-saturday-short = Sa
calendar-month-sunday-short = So
