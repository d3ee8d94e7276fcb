# Layout: the frame around every page (title, navigation, footer)

layout-title = { $title } · Certa
layout-skip = Skip to main content
layout-brand = Certa
layout-nav-main = Main
layout-nav-dashboard = Dashboard
layout-nav-clients = Clients
layout-nav-applications = Applications
layout-nav-calendar = Calendar
layout-nav-decisions = Decisions
layout-nav-certificates = Certificates
layout-nav-auditors = Auditors
layout-nav-portal = Portal
layout-nav-audit-time = Audit time
layout-nav-settings = Settings
layout-nav-members = Members
layout-nav-tokens = API tokens
layout-nav-audit-trail = Audit trail
layout-nav-outbox = Outbox
layout-nav-standards = Standards
layout-nav-switch-body = Switch certification body
layout-nav-api = API
layout-nav-security = Account security
layout-log-out = Log out
layout-footer = Certa · multi-tenant certification-body platform
layout-api-reference = API reference
layout-table-scroll = { $name } (scrolls sideways)
