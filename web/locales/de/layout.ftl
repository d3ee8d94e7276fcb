# Layout: the frame around every page (title, navigation, footer)

layout-title = { $title } · Certa
layout-skip = Zum Hauptinhalt springen
layout-brand = Certa
layout-nav-main = Hauptnavigation
layout-nav-dashboard = Übersicht
layout-nav-clients = Kunden
layout-nav-applications = Anträge
layout-nav-calendar = Kalender
layout-nav-decisions = Entscheidungen
layout-nav-certificates = Zertifikate
layout-nav-auditors = Auditoren
layout-nav-portal = Portal
layout-nav-audit-time = Auditzeit
layout-nav-settings = Einstellungen
layout-nav-members = Mitglieder
layout-nav-tokens = API-Token
layout-nav-audit-trail = Prüfpfad
layout-nav-outbox = Postausgang
layout-nav-standards = Normen
layout-nav-switch-body = Zertifizierungsstelle wechseln
layout-nav-api = API
layout-nav-security = Kontosicherheit
layout-log-out = Abmelden
layout-footer = Certa · mandantenfähige Plattform für Zertifizierungsstellen
layout-api-reference = API-Referenz
layout-table-scroll = { $name } (seitlich scrollbar)
