//! iCalendar (RFC 5545) for audit dates: invitations attached to confirmation mails and
//! auditors' calendar feeds. All-day events (`VALUE=DATE`, exclusive end date), CRLF
//! line ends, lines folded at 75 octets, text escaped (RFC 5545 3.1, 3.3.11).

use chrono::{DateTime, NaiveDate, Utc};

/// One all-day event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Globally unique, stable id (RFC 5545 3.8.4.7); the same audit keeps it.
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub starts_on: NaiveDate,
    /// Last day (inclusive); written as the exclusive `DTEND` the next day.
    pub ends_on: NaiveDate,
    pub location: Option<String>,
    /// Incremented when the event changes, so calendars replace it.
    pub sequence: u32,
    /// The event was cancelled (`STATUS:CANCELLED`; sent with `METHOD:CANCEL`).
    pub cancelled: bool,
}

/// Escapes a TEXT value (RFC 5545 3.3.11).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1).
pub fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

/// A calendar with the given events. `method` is `Some("REQUEST")` for an invitation
/// attached to a mail, `Some("CANCEL")` for its cancellation, `None` for a subscribed
/// feed.
pub fn calendar(name: &str, method: Option<&str>, events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |s: String| out.push_str(&fold(&s));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Certa//Audit calendar//EN".into());
    line("CALSCALE:GREGORIAN".into());
    if let Some(m) = method {
        line(format!("METHOD:{m}"));
    }
    line(format!("X-WR-CALNAME:{}", escape(name)));
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        let end = e.ends_on.succ_opt().unwrap_or(e.ends_on);
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", e.uid));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("SEQUENCE:{}", e.sequence));
        line(format!(
            "STATUS:{}",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ));
        line(format!(
            "DTSTART;VALUE=DATE:{}",
            e.starts_on.format("%Y%m%d")
        ));
        line(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        line(format!("SUMMARY:{}", escape(&e.summary)));
        line(format!("DESCRIPTION:{}", escape(&e.description)));
        if let Some(l) = &e.location {
            line(format!("LOCATION:{}", escape(l)));
        }
        line("TRANSP:OPAQUE".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_invitation_has_the_required_properties_and_exclusive_end() {
        let e = Event {
            uid: "audit-1@certa".into(),
            summary: "Stage 1 audit, Müller; GmbH".into(),
            description: "Team: Lea (lead)\nScope: robots, arms".into(),
            starts_on: d("2026-12-07"),
            ends_on: d("2026-12-08"),
            location: None,
            sequence: 0,
            cancelled: false,
        };
        let c = calendar(
            "Certa",
            Some("REQUEST"),
            &[e],
            DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        );
        assert!(c.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(c.contains("METHOD:REQUEST\r\n"));
        assert!(c.contains("DTSTART;VALUE=DATE:20261207\r\n"));
        assert!(c.contains("DTEND;VALUE=DATE:20261209\r\n"), "exclusive end");
        assert!(c.contains("SUMMARY:Stage 1 audit\\, Müller\\; GmbH\r\n"));
        assert!(c.contains("DESCRIPTION:Team: Lea (lead)\\nScope: robots\\, arms\r\n"));
        assert!(c.ends_with("END:VCALENDAR\r\n"));
        assert!(!c.replace("\r\n", "").contains('\n'), "only CRLF line ends");
    }

    #[test]
    fn a_cancellation_carries_its_sequence_and_status() {
        let e = Event {
            uid: "audit-1@certa".into(),
            summary: "Stage 1 audit".into(),
            description: String::new(),
            starts_on: d("2026-12-07"),
            ends_on: d("2026-12-08"),
            location: None,
            sequence: 4,
            cancelled: true,
        };
        let c = calendar("Certa", Some("CANCEL"), &[e], DateTime::UNIX_EPOCH);
        assert!(c.contains("METHOD:CANCEL\r\n"));
        assert!(c.contains("SEQUENCE:4\r\n"));
        assert!(c.contains("STATUS:CANCELLED\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = folded.replace("\r\n ", "").replace("\r\n", "");
        assert_eq!(unfolded, long);
    }
}
