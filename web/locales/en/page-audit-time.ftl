# Pages: the audit-time calculator

audit-time-heading = Audit-time calculator
audit-time-intro = The rules of IAF MD 5 (with ISO/IEC 27006-1 and ISO/IEC 42006 for their standards), IAF MD 1 sampling and IAF MD 11 integration, with this certification body's tables and settings
audit-time-tables-link = tables
audit-time-settings-link = settings
audit-time-nothing-stored = Nothing is stored; to keep a calculation with an application, use the form on the application's page.
audit-time-calculate = Calculate
