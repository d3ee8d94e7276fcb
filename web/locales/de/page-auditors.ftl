# Pages: the list of auditors (personnel records)

auditors-heading = Auditoren
auditors-intro = Personalakten dieser Zertifizierungsstelle: Qualifikationen je Norm, technischem Bereich und Funktion, Interessenkonflikte und Abwesenheiten (ISO/IEC 17021-1 7.1, 7.4, 5.2).
auditors-table = Auditoren
auditors-col-name = Name
auditors-col-email = E-Mail
auditors-col-status = Status
auditors-col-login = Hat ein Benutzerkonto
auditors-yes = ja
auditors-no = nein
auditors-empty = Noch keine Personalakten.
auditors-new-heading = Akte anlegen
auditors-new-form = Personalakte anlegen
auditors-name = Name
auditors-email = E-Mail
auditors-create = Akte anlegen
