# Words the audit pages build in Rust: scheduling, the team and its objections, the audit plan.

msg-audits-title = Audit ({ $kind }) bei { $client }
msg-audits-team-size = { $count ->
    [one] { $count } Person im Auditteam
   *[other] { $count } Personen im Auditteam
}

## Notices

msg-audits-choose-entry = Wählen Sie das Audit des Auditprogramms, das geplant werden soll.
msg-audits-scheduled = Audit geplant; schlagen Sie jetzt das Auditteam vor
msg-audits-team-proposed = Auditteam vorgeschlagen; alle Prüfungen bestanden
msg-audits-team-proposed-findings = Auditteam vorgeschlagen mit { $count ->
    [one] { $count } Befund
   *[other] { $count } Befunden
}; siehe unten
msg-audits-team-confirmed = Auditteam bestätigt
msg-audits-moved = Audit verschoben auf { $from } – { $to }
msg-audits-cancelled = Audit abgesagt; Auditteam und Kunde werden benachrichtigt
msg-audits-plan-saved = Auditplan gespeichert
msg-audits-objection-recorded = Einspruch erfasst
# $decision: the objection's new status (upheld, dismissed)
msg-audits-objection-resolved = Einspruch { $decision }

## The client contact's objection form (opened from a mailed link)

msg-audits-objection-title = Vorgeschlagenes Auditteam
msg-audits-link-not-valid-title = Link ungültig
msg-audits-link-not-valid = Dieser Link ist unbekannt oder wurde durch einen neueren Vorschlag ersetzt.
msg-audits-choose-member = Wählen Sie das Mitglied, gegen das Sie Einspruch erheben
msg-audits-objection-sent = Ihr Einspruch wurde gesendet; die Zertifizierungsstelle beantwortet ihn, bevor sie das Auditteam bestätigt
