//! sea-orm entities, one module per table. Kept free of behaviour: queries live in
//! `repo/`.

pub mod api_token;
pub mod application;
pub mod audit_event;
pub mod audit_head;
pub mod audit_plan;
pub mod audit_plan_site;
pub mod audit_team_member;
pub mod audit_time_table;
pub mod auditor;
pub mod auditor_absence;
pub mod auditor_conflict;
pub mod auditor_qualification;
pub mod calendar_link;
pub mod client;
pub mod client_ai_system;
pub mod client_contact;
pub mod client_scope;
pub mod client_site;
pub mod invitation;
pub mod login_attempt;
pub mod membership;
pub mod objection_link;
pub mod outbox;
pub mod password_reset;
pub mod programme;
pub mod programme_audit;
pub mod reminder_sent;
pub mod scheduled_audit;
pub mod scheduler_run;
pub mod session;
pub mod team_objection;
pub mod tenant;
pub mod tenant_setting;
pub mod user;
