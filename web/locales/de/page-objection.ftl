# Pages: the client's form to object to a proposed audit team member (reached by a mailed link)

objection-heading = Vorgeschlagenes Auditteam für das Audit ({ $kind }) bei { $client }
objection-dates = Audittermine: { $days_html }.
objection-team = Vorgeschlagenes Auditteam
objection-col-name = Name
objection-col-role = Rolle
objection-raised = Erhobene Einsprüche
objection-form = Einspruch gegen ein Mitglied des Auditteams
objection-form-heading = Einspruch gegen ein Mitglied (bis { $deadline })
objection-form-help = Teilen Sie uns mit, wenn ein Mitglied einen Interessenkonflikt mit Ihrer Organisation hat oder ein anderer Grund dagegen spricht, dass es Sie auditiert (ISO/IEC 17021-1 9.2.3).
objection-member = Mitglied
objection-reason = Grund
objection-send = Einspruch senden
objection-closed-deadline = Einsprüche gegen diesen Vorschlag sind nicht mehr möglich (die Frist lief bis { $deadline }).
objection-closed = Einsprüche gegen diesen Vorschlag sind nicht mehr möglich.
