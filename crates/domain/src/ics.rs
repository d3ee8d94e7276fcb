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
    /// Who sends the invitation (RFC 5546 requires it with `METHOD:REQUEST` and
    /// `METHOD:CANCEL`; calendar apps apply an update or a cancellation only from the
    /// organizer they know).
    pub organizer: Option<Person>,
    /// Who is invited (the team and the client's contacts).
    pub attendees: Vec<Person>,
}

/// A calendar user: a display name and a mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

impl Person {
    /// Reads `Name <address>` or a bare address (the sender setting's form).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (name, email) = match (s.rfind('<'), s.ends_with('>')) {
            (Some(i), true) => (s[..i].trim().trim_matches('"'), &s[i + 1..s.len() - 1]),
            _ => ("", s),
        };
        let email = email.trim();
        (email.contains('@') && !email.chars().any(|c| c.is_whitespace() || c.is_control())).then(
            || Self {
                name: name.to_string(),
                email: email.to_string(),
            },
        )
    }

    /// The property value with its `CN` parameter (RFC 5545 3.2.2, 3.3.3): the name
    /// quoted, without the characters a quoted parameter cannot hold.
    fn property(&self, name: &str, params: &str) -> String {
        let cn: String = self
            .name
            .chars()
            .filter(|c| *c != '"' && !c.is_control())
            .collect();
        let cn = if cn.is_empty() {
            String::new()
        } else {
            format!(";CN=\"{cn}\"")
        };
        format!("{name}{cn}{params}:mailto:{}", self.email)
    }
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
        if let Some(o) = &e.organizer {
            line(o.property("ORGANIZER", ""));
        }
        for a in &e.attendees {
            line(a.property(
                "ATTENDEE",
                ";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE",
            ));
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
            organizer: None,
            attendees: Vec::new(),
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
            organizer: Person::parse("Certa Demo <certa@cb.example>"),
            attendees: vec![Person {
                name: "Lea \"the\" Lead".into(),
                email: "lea@cb.example".into(),
            }],
        };
        let c = calendar("Certa", Some("CANCEL"), &[e], DateTime::UNIX_EPOCH);
        assert!(c.contains("METHOD:CANCEL\r\n"));
        assert!(c.contains("SEQUENCE:4\r\n"));
        assert!(c.contains("STATUS:CANCELLED\r\n"));
        assert!(
            c.contains("ORGANIZER;CN=\"Certa Demo\":mailto:certa@cb.example\r\n"),
            "{c}"
        );
        let unfolded = c.replace("\r\n ", "");
        assert!(
            unfolded.contains("ATTENDEE;CN=\"Lea the Lead\";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:lea@cb.example\r\n"),
            "{c}"
        );
    }

    #[test]
    fn senders_parse_with_or_without_a_name() {
        let p = Person::parse("\"Certa\" <certa@cb.example>").unwrap();
        assert_eq!(
            (p.name.as_str(), p.email.as_str()),
            ("Certa", "certa@cb.example")
        );
        let p = Person::parse("certa@cb.example").unwrap();
        assert_eq!(
            (p.name.as_str(), p.email.as_str()),
            ("", "certa@cb.example")
        );
        assert_eq!(Person::parse("Certa <not an address>"), None);
        assert_eq!(Person::parse(""), None);
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
