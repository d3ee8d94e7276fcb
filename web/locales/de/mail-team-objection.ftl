# Mails: the client objected to a member of the proposed team

mail-team-objection-title = Einspruch gegen ein Teammitglied
mail-team-objection-subject = Einspruch gegen { $member } für das Audit ({ $kind }) bei { $client }
mail-team-objection-body = { $raised_by } hat Einspruch gegen
mail-team-objection-body-end = im vorgeschlagenen Auditteam für das Audit ({ $kind }) bei { $client } erhoben:
mail-team-objection-decide = Entscheiden Sie über den Einspruch, bevor Sie das Auditteam bestätigen:
mail-team-objection-url = { $public_url }/audits/{ $audit_id }
