//! Domain errors: a rule was broken or a value is invalid.

/// A value or rule violation detected without touching any IO.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// A field failed validation. `field` names it for the client, `code` is stable.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        code: ErrorCode,
        message: String,
    },
    /// Several fields failed validation at once (every problem of a form, not the first).
    #[error("{} fields are not valid", .0.len())]
    Fields(Vec<FieldProblem>),
}

impl DomainError {
    /// Shorthand for a validation failure on one field.
    pub fn invalid(field: &'static str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            code,
            message: message.into(),
        }
    }

    /// The code of the (first) problem.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid { code, .. } => *code,
            Self::Fields(all) => all.first().map_or(ErrorCode::Invalid, |p| p.code),
        }
    }

    /// The message of the (first) problem.
    pub fn message(&self) -> &str {
        match self {
            Self::Invalid { message, .. } => message,
            Self::Fields(all) => all.first().map_or("", |p| p.message.as_str()),
        }
    }

    /// Every field problem this error names, in order.
    pub fn into_problems(self) -> Vec<FieldProblem> {
        match self {
            Self::Invalid {
                field,
                code,
                message,
            } => vec![FieldProblem {
                field,
                code,
                message,
            }],
            Self::Fields(all) => all,
        }
    }
}

/// One refused field: the problem+json `errors` member lists these, a page shows each
/// next to its field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldProblem {
    /// The field's name in the request (the form field or the JSON member).
    pub field: &'static str,
    /// Stable machine code.
    pub code: ErrorCode,
    /// What is wrong, for a person.
    pub message: String,
}

/// Collects the problems of every field of an input, so that a refusal names all of them
/// at once instead of the first.
///
/// ```
/// use certa_domain::{DomainError, ErrorCode, Problems};
/// let mut p = Problems::default();
/// let a: Option<u8> = p.check(Err(DomainError::invalid("a", ErrorCode::Required, "a is required")));
/// let b = p.check(Ok::<_, DomainError>(2u8));
/// assert_eq!((a, b), (None, Some(2)));
/// assert_eq!(p.finish().unwrap_err().into_problems().len(), 1);
/// ```
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldProblem>);

impl Problems {
    /// The value of a field's check, or `None` with its problems kept.
    pub fn check<T>(&mut self, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.extend(e.into_problems());
                None
            }
        }
    }
    /// Adds a problem found by the caller.
    pub fn add(&mut self, field: &'static str, code: ErrorCode, message: impl Into<String>) {
        self.0.push(FieldProblem {
            field,
            code,
            message: message.into(),
        });
    }
    /// Whether a field already has a problem (later rules that depend on it are skipped).
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|p| p.field == field)
    }
    /// `Ok` when nothing was refused; one problem as [`DomainError::Invalid`], several as
    /// [`DomainError::Fields`].
    pub fn finish(mut self) -> Result<(), DomainError> {
        match self.0.len() {
            0 => Ok(()),
            1 => {
                let FieldProblem {
                    field,
                    code,
                    message,
                } = self.0.remove(0);
                Err(DomainError::Invalid {
                    field,
                    code,
                    message,
                })
            }
            _ => Err(DomainError::Fields(self.0)),
        }
    }
}

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// Every stable machine code an error answer carries: the `code` of a problem+json
        /// answer, of a refused field, of a refused row of an imported document. Serialised
        /// as its snake_case string; the OpenAPI document lists them all.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as clients see it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    /// The audit file has not been through the technical review yet.
    ReviewPending => "review_pending",
    /// The report is submitted and locked; a new revision follows a return.
    ReportLocked => "report_locked",
    /// The audit's report has not been submitted.
    ReportNotSubmitted => "report_not_submitted",
    /// The checklist is not complete.
    ChecklistIncomplete => "checklist_incomplete",
    /// Only the audit's lead auditor may do this.
    NotLeadAuditor => "not_lead_auditor",
    /// The person was on the team of an audit under review or decision (17021-1 9.5.1.2).
    NotIndependent => "not_independent",
    /// The person is not qualified as decision maker for the standard and technical areas.
    NotQualified => "not_qualified",
    /// A nonconformity or another rule blocks the decision.
    DecisionBlocked => "decision_blocked",
    /// The decision does not fit the programme's audits or certificates.
    DecisionNotApplicable => "decision_not_applicable",
    /// The effective date is before the decision date.
    EffectiveBeforeDecision => "effective_before_decision",
    /// A suspension beyond the body's limit or not after today.
    SuspensionTooLong => "suspension_too_long",
    /// A certificate numbering pattern or prefix that is not valid.
    InvalidNumberPattern => "invalid_number_pattern",
    /// An accreditation without body or number.
    InvalidAccreditation => "invalid_accreditation",
    /// The certificate's status does not allow this.
    CertificateTransition => "certificate_transition",
    CertificateNotFound => "certificate_not_found",
    /// Another certification body's certificate already has this number (the public
    /// registry needs numbers unique across bodies): choose another prefix.
    CertificateNumberTaken => "certificate_number_taken",
    /// A batch of the CertSearch export beyond the last one.
    CertsearchBatchNotFound => "certsearch_batch_not_found",
    /// A CertSearch address that is not an `https` address (or `http` on the loopback
    /// interface).
    CertsearchEndpointInvalid => "certsearch_endpoint_invalid",
    /// A CertSearch API key that is too long or not on one line.
    CertsearchApiKeyInvalid => "certsearch_api_key_invalid",
    /// A push to CertSearch without an address and an API key.
    CertsearchNotConfigured => "certsearch_not_configured",
    /// Too many requests from one address to the public endpoints; `Retry-After` says
    /// when to try again.
    RateLimited => "rate_limited",
    /// A directory search shorter than three characters.
    SearchTooShort => "search_too_short",
    /// The version of the Statement of Applicability is required.
    SoaVersionRequired => "soa_version_required",
    AbsenceNotFound => "absence_not_found",
    /// An adjustment that is not a number or is out of bounds.
    AdjustmentInvalid => "adjustment_invalid",
    AgendaInvalid => "agenda_invalid",
    /// The AI role is not one of `producer|developer|provider|user|multiple`.
    AiRoleInvalid => "ai_role_invalid",
    /// The standard's table has no AI-role columns.
    AiRoleNotApplicable => "ai_role_not_applicable",
    /// The table has no column for this AI role.
    AiRoleNotInTable => "ai_role_not_in_table",
    /// The standard's table has AI-role columns and none was given.
    AiRoleRequired => "ai_role_required",
    AiSystemNotFound => "ai_system_not_found",
    AlreadyMember => "already_member",
    AlreadyScheduled => "already_scheduled",
    ApplicationAlreadyReviewed => "application_already_reviewed",
    ApplicationNotFound => "application_not_found",
    AuditCancelled => "audit_cancelled",
    AuditConfirmed => "audit_confirmed",
    AuditNotFound => "audit_not_found",
    AuditorNotFound => "auditor_not_found",
    BadBody => "bad_body",
    BodyNotArray => "body_not_array",
    BodyNotObject => "body_not_object",
    BodyTooLarge => "body_too_large",
    CentralFunctionTaken => "central_function_taken",
    ChecklistExists => "checklist_exists",
    ClientNotFound => "client_not_found",
    CommentRequired => "comment_required",
    /// The complexity is not one of `high|medium|low|limited`.
    ComplexityInvalid => "complexity_invalid",
    /// The standard's table has no complexity columns.
    ComplexityNotApplicable => "complexity_not_applicable",
    /// The table has no column for this complexity (e.g. `limited` for OH&S).
    ComplexityNotInTable => "complexity_not_in_table",
    /// The standard's table has complexity columns and none was given.
    ComplexityRequired => "complexity_required",
    Conflict => "conflict",
    ConflictNotFound => "conflict_not_found",
    ConflictingLegalName => "conflicting_legal_name",
    ContactNotFound => "contact_not_found",
    CsrfFailed => "csrf_failed",
    CsvInvalid => "csv_invalid",
    CsvMalformed => "csv_malformed",
    CsvNotUtf8 => "csv_not_utf8",
    CsvUnreadable => "csv_unreadable",
    /// The database cannot be reached now (down, restarting or saturated): answered 503
    /// with `Retry-After`; the same request may succeed a few seconds later.
    DatabaseUnavailable => "database_unavailable",
    DateInvalid => "date_invalid",
    DateOutOfRange => "date_out_of_range",
    DateOutsideAudit => "date_outside_audit",
    DuplicateKey => "duplicate_key",
    DuplicateMember => "duplicate_member",
    /// A standard (table) appears twice.
    DuplicateStandard => "duplicate_standard",
    EmptyFile => "empty_file",
    EvidenceDueRequired => "evidence_due_required",
    EvidenceNotFound => "evidence_not_found",
    EvidenceWithdrawn => "evidence_withdrawn",
    FileTooLarge => "file_too_large",
    Forbidden => "forbidden",
    /// Effective personnel below 1.
    HeadcountInvalid => "headcount_invalid",
    /// Effective personnel above the table's last known band, with no progression.
    HeadcountNotCovered => "headcount_not_covered",
    IctRiskNoteRequired => "ict_risk_note_required",
    IllegalTransition => "illegal_transition",
    /// No such image (logo, accreditation mark) has been uploaded.
    ImageNotFound => "image_not_found",
    /// Integration reduction negative or not a number.
    IntegrationInvalid => "integration_invalid",
    /// Integration reduction over 20 %.
    IntegrationOverCap => "integration_over_cap",
    /// Integration reduction with a single standard.
    IntegrationSingleStandard => "integration_single_standard",
    InternalError => "internal_error",
    Invalid => "invalid",
    InvalidAiRole => "invalid_ai_role",
    InvalidAuditType => "invalid_audit_type",
    InvalidBody => "invalid_body",
    InvalidConflictKind => "invalid_conflict_kind",
    InvalidCountry => "invalid_country",
    InvalidCredentials => "invalid_credentials",
    InvalidCursor => "invalid_cursor",
    InvalidDate => "invalid_date",
    InvalidDecision => "invalid_decision",
    InvalidEmail => "invalid_email",
    InvalidForm => "invalid_form",
    InvalidFunction => "invalid_function",
    InvalidGrade => "invalid_grade",
    InvalidHeadcount => "invalid_headcount",
    /// Not a PNG, JPEG or SVG image a certificate can show, or an SVG that could run
    /// script or load something from elsewhere.
    InvalidImage => "invalid_image",
    InvalidImpactLevel => "invalid_impact_level",
    InvalidJson => "invalid_json",
    InvalidKey => "invalid_key",
    InvalidMonth => "invalid_month",
    InvalidName => "invalid_name",
    InvalidNumber => "invalid_number",
    InvalidPeriod => "invalid_period",
    InvalidQuery => "invalid_query",
    InvalidReference => "invalid_reference",
    InvalidRemote => "invalid_remote",
    InvalidResult => "invalid_result",
    InvalidSha256 => "invalid_sha256",
    InvalidShifts => "invalid_shifts",
    InvalidSiteKind => "invalid_site_kind",
    InvalidSlug => "invalid_slug",
    InvalidStatus => "invalid_status",
    InvalidTarget => "invalid_target",
    InvalidTeamRole => "invalid_team_role",
    InvalidTechnicalArea => "invalid_technical_area",
    InvalidText => "invalid_text",
    InvalidToken => "invalid_token",
    InvalidVolume => "invalid_volume",
    InvalidWebsite => "invalid_website",
    InvitationClosed => "invitation_closed",
    InvitationInvalid => "invitation_invalid",
    InvitationNotFound => "invitation_not_found",
    InvitationPending => "invitation_pending",
    ItemIdRequired => "item_id_required",
    ItemNotFound => "item_not_found",
    /// An adjustment without a justification.
    JustificationMissing => "justification_missing",
    LastAdmin => "last_admin",
    LimitOutOfRange => "limit_out_of_range",
    MalformedJson => "malformed_json",
    MemberAlreadyLinked => "member_already_linked",
    MemberNotFound => "member_not_found",
    MethodNotAllowed => "method_not_allowed",
    MissingColumn => "missing_column",
    NoTeamProposed => "no_team_proposed",
    NoTemplate => "no_template",
    NoTenantSelected => "no_tenant_selected",
    NonconformityNotFound => "nonconformity_not_found",
    NotATeamMember => "not_a_team_member",
    NotFound => "not_found",
    NotesRequired => "notes_required",
    ObjectionDeadlinePassed => "objection_deadline_passed",
    ObjectionNotFound => "objection_not_found",
    ObjectionResolved => "objection_resolved",
    OutboxNotDead => "outbox_not_dead",
    OutboxNotFound => "outbox_not_found",
    PasswordTooLong => "password_too_long",
    PasswordTooShort => "password_too_short",
    ProgrammeNotFound => "programme_not_found",
    QualificationNotFound => "qualification_not_found",
    QueryTooLong => "query_too_long",
    /// Net reduction over 30 % of the table value.
    ReductionOverCap => "reduction_over_cap",
    ReferenceTaken => "reference_taken",
    Required => "required",
    ResetLinkInvalid => "reset_link_invalid",
    RolesEmpty => "roles_empty",
    ScopeNotFound => "scope_not_found",
    SearchTooLong => "search_too_long",
    SettingsEmpty => "settings_empty",
    /// A setting that changes only through its own operation (the certificate images).
    SettingReadOnly => "setting_read_only",
    /// The tenant's settings are inconsistent.
    SettingsInvalid => "settings_invalid",
    SettingsNotFound => "settings_not_found",
    Sha256Mismatch => "sha256_mismatch",
    SiteNotFound => "site_not_found",
    /// Sites below 1.
    SitesInvalid => "sites_invalid",
    SitesRequired => "sites_required",
    SizeMismatch => "size_mismatch",
    StandardNotFound => "standard_not_found",
    StandardsEmpty => "standards_empty",
    /// No standard was given.
    StandardsRequired => "standards_required",
    TableIdInvalid => "table_id_invalid",
    TableIdMismatch => "table_id_mismatch",
    /// A table is malformed.
    TableInvalid => "table_invalid",
    TableNotFound => "table_not_found",
    TargetNotFound => "target_not_found",
    TeamChecksFailed => "team_checks_failed",
    TemplateInvalid => "template_invalid",
    TemplateNotFound => "template_not_found",
    TenantExists => "tenant_exists",
    TenantNotEmpty => "tenant_not_empty",
    TenantNotFound => "tenant_not_found",
    TimeInvalid => "time_invalid",
    TokenNotFound => "token_not_found",
    TokenRevoked => "token_revoked",
    TooManyAttempts => "too_many_attempts",
    TooManyRows => "too_many_rows",
    TypeMismatch => "type_mismatch",
    TypeNotAllowed => "type_not_allowed",
    Unauthenticated => "unauthenticated",
    UnknownAuditor => "unknown_auditor",
    UnknownClient => "unknown_client",
    UnknownColumn => "unknown_column",
    UnknownMember => "unknown_member",
    UnknownProgrammeAudit => "unknown_programme_audit",
    UnknownResult => "unknown_result",
    UnknownRole => "unknown_role",
    UnknownSite => "unknown_site",
    /// The standard code has no audit-time table.
    UnknownStandard => "unknown_standard",
    UnsupportedMediaType => "unsupported_media_type",
    UnterminatedQuote => "unterminated_quote",
    UploadExpired => "upload_expired",
    UploadInProgress => "upload_in_progress",
    UploadInterrupted => "upload_interrupted",
    UploadLinkInvalid => "upload_link_invalid",
    UploadMissing => "upload_missing",
    UploadNotFound => "upload_not_found",
    UploadNotPending => "upload_not_pending",
    UploadUsed => "upload_used",
    UserExists => "user_exists",
    UserNotFound => "user_not_found",
    /// The certification body has no single sign-on (or the address names none).
    SsoNotConfigured => "sso_not_configured",
    /// A single sign-on setting that is not valid (the field says which).
    SsoSettingsInvalid => "sso_settings_invalid",
    /// An issuer address that is not `https` (or `http` on the loopback interface).
    SsoIssuerInvalid => "sso_issuer_invalid",
    /// The identity provider's discovery document could not be read or does not fit.
    SsoDiscoveryFailed => "sso_discovery_failed",
    /// Another certification body signs in this e-mail domain.
    SsoDomainTaken => "sso_domain_taken",
    /// The sign-in attempt is unknown, used or expired, or belongs to another browser.
    SsoStateInvalid => "sso_state_invalid",
    /// The identity provider answered with an error.
    SsoProviderError => "sso_provider_error",
    /// The response names another issuer than the provider asked (RFC 9207).
    SsoIssuerMismatch => "sso_issuer_mismatch",
    /// The provider refused the authorization code (used, expired or another verifier).
    SsoTokenExchangeFailed => "sso_token_exchange_failed",
    /// The ID token is malformed or failed a check not named by another code.
    SsoTokenInvalid => "sso_token_invalid",
    /// The ID token is for another client.
    SsoWrongAudience => "sso_wrong_audience",
    /// The ID token names another issuer.
    SsoWrongIssuer => "sso_wrong_issuer",
    /// The ID token has expired.
    SsoTokenExpired => "sso_token_expired",
    /// The ID token does not answer this sign-in's nonce.
    SsoNonceMismatch => "sso_nonce_mismatch",
    /// The ID token is unsigned or signed with an algorithm that is not accepted.
    SsoAlgorithmRefused => "sso_algorithm_refused",
    /// The ID token is signed with a key the provider does not publish.
    SsoUnknownKey => "sso_unknown_key",
    /// The ID token's signature does not verify.
    SsoBadSignature => "sso_bad_signature",
    /// The provider's account has no verified e-mail address in an allowed domain.
    SsoEmailNotAllowed => "sso_email_not_allowed",
    /// No account is linked to this identity and provisioning is off.
    SsoNotProvisioned => "sso_not_provisioned",
    /// None of the identity's claims maps to a role.
    SsoNoRole => "sso_no_role",
    /// The certification body requires single sign-on for this account.
    SsoRequired => "sso_required",
    /// The one-time code is not right (or was used already).
    TotpInvalid => "totp_invalid",
    /// No second factor is set up.
    TotpNotEnrolled => "totp_not_enrolled",
    /// A second factor is already set up.
    TotpAlreadyEnrolled => "totp_already_enrolled",
    /// The second step of the sign-in expired or was used; sign in again.
    MfaChallengeInvalid => "mfa_challenge_invalid",
    /// The member's second factor also protects other organisations: not reset here.
    SecondFactorResetRefused => "second_factor_reset_refused",
    SessionNotFound => "session_not_found",
    /// A proposed audit team without a lead auditor.
    TeamWithoutLead => "team_without_lead",
    /// An audit's first day is in the past and the request did not say it records an
    /// audit already held.
    DateInPast => "date_in_past",
    /// A stage 2 audit before its stage 1 is scheduled and over (ISO/IEC 17021-1 9.3.1).
    StageOrder => "stage_order",
    /// Not a time zone of the IANA database (e.g. `Europe/Berlin`).
    InvalidTimeZone => "invalid_time_zone",
    /// Not a language Certa speaks (`en`, `de`).
    InvalidLanguage => "invalid_language",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;
    use std::collections::HashSet;
    use std::path::Path;

    #[test]
    fn every_code_is_distinct_and_snake_case() {
        let mut seen = HashSet::new();
        for c in ErrorCode::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} names two variants");
            assert!(
                !s.is_empty()
                    && s.chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
                    && !s.starts_with('_')
                    && !s.ends_with('_')
                    && !s.contains("__"),
                "{s} is not snake_case"
            );
            assert_eq!(serde_json::to_value(c).ok(), Some(s.into()));
            assert_eq!(c.to_string(), s);
        }
    }

    fn sources(dir: &Path, out: &mut String) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs")
                && !p.ends_with("domain/src/error.rs")
            {
                out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }

    /// A code no code path answers is a promise the API does not keep: every variant is
    /// named somewhere in the workspace's sources besides its definition.
    #[test]
    fn every_code_is_answered_somewhere() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut src = String::new();
        sources(&crates, &mut src);
        assert!(
            src.len() > 100_000,
            "the workspace's sources were not found"
        );
        let unused: Vec<&str> = ErrorCode::ALL
            .iter()
            .map(|c| format!("{c:?}"))
            .filter(|v| {
                !src.match_indices(v.as_str()).any(|(i, _)| {
                    let before = &src[..i];
                    let after = &src[i + v.len()..];
                    (before.ends_with("ErrorCode::") || before.ends_with("E::"))
                        && !after.starts_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_')
                })
            })
            .map(|v| {
                ErrorCode::ALL
                    .iter()
                    .find(|c| format!("{c:?}") == v)
                    .map_or("?", |c| c.as_str())
            })
            .collect();
        assert!(unused.is_empty(), "codes no code answers: {unused:?}");
    }
}
