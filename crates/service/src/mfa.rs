//! Second factors for local (password) accounts: TOTP (RFC 6238: HMAC-SHA-1, 6 digits,
//! 30-second steps, one step of clock difference either way) and ten single-use recovery
//! codes.
//!
//! - The TOTP secret (20 random bytes) is stored sealed under the master key for its user;
//!   recovery codes (80 random bits each) only as SHA-256 hashes.
//! - A code is accepted once: the time step it matched is claimed with a conditional
//!   update (`last_step < step`), so the same code — or an older one — fails afterwards,
//!   even from two requests at once.
//! - Attempts are counted per account before a code is checked; past the limit the code
//!   is not even looked at.
//! - A password sign-in of an enrolled account stops at a second step
//!   ([`crate::auth::login`] answers a challenge; [`complete_challenge`] finishes it). The
//!   session records how it was authenticated (`amr`: `pwd otp mfa`).

use crate::auth::{AuthKind, NewSession, Principal};
use crate::secrets::{random_token, token_hash};
use crate::{Ctx, ServiceError};
use base64::Engine as _;
use certa_domain::{Action, ErrorCode, MembershipId, SessionId, UserId};
use certa_store::repo::audit;
use certa_store::repo::sessions::SessionOrigin;
use certa_store::repo::{identity, login_attempts, memberships, now, sessions, sign_in, users};
use serde::Serialize;
use serde_json::json;
use zeroize::Zeroizing;

pub use totp_rs::Algorithm;

/// Seconds per TOTP time step.
pub const STEP_SECS: u64 = 30;
/// Digits of a TOTP code.
pub const DIGITS: usize = 6;
/// Recovery codes made at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Wrong codes allowed per account within the sign-in throttling window.
pub const ATTEMPTS_PER_WINDOW: i32 = 5;
/// How long the second step of a sign-in stays open.
const CHALLENGE_TTL: chrono::Duration = chrono::Duration::minutes(5);

/// The `amr` of a session that passed a password and a one-time code.
pub const AMR_PWD_OTP: &str = "pwd otp mfa";

/// The code of `secret` for time step `step` (RFC 6238 with RFC 4226 truncation).
pub fn code_at(
    secret: &[u8],
    step: u64,
    algorithm: totp_rs::Algorithm,
    digits: usize,
) -> Result<String, ServiceError> {
    let totp = totp_rs::TOTP::new_unchecked(algorithm, digits, 0, STEP_SECS, secret.to_vec());
    Ok(totp.generate(step * STEP_SECS))
}

/// RFC 4648 base32 without padding, as authenticator apps read secrets.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buf >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn seal_context(user: UserId) -> String {
    format!("totp:{}", user.0)
}

fn open_secret(ctx: &Ctx, user: UserId, sealed: &str) -> Result<Zeroizing<Vec<u8>>, ServiceError> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sealed)
        .map_err(|e| ServiceError::unexpected("a sealed TOTP secret is not base64url", e))?;
    certa_credentials::open_secret(ctx.master_key.expose(), &seal_context(user), &bytes)
        .map_err(|e| ServiceError::unexpected("cannot open a TOTP secret", e))
}

/// What an enrolling user needs: the secret to type, the `otpauth://` address, its QR code.
#[derive(Debug, Clone, Serialize)]
pub struct Enrolment {
    /// The secret in base32, grouped by four for typing.
    pub secret: String,
    pub uri: String,
    /// The QR code of `uri`, as SVG.
    pub qr_svg: String,
}

fn enrolment(ctx: &Ctx, email: &str, secret: &[u8]) -> Enrolment {
    let b32 = base32(secret);
    let issuer = ctx
        .config
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or("certa")
        .split('/')
        .next()
        .unwrap_or("certa")
        .to_string();
    let label = format!("Certa ({issuer}):{email}");
    let uri = format!(
        "otpauth://totp/{}?secret={b32}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        urlencode(&label),
        urlencode(&format!("Certa ({issuer})"))
    );
    let qr_svg = qrcode::QrCode::with_error_correction_level(&uri, qrcode::EcLevel::M)
        .map(|c| {
            c.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    let grouped = b32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Enrolment {
        secret: grouped,
        uri,
        qr_svg,
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// A user's second-factor state, for the account page.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub enrolled: bool,
    pub recovery_codes_left: usize,
}

/// Whether the user has a confirmed second factor, and recovery codes left.
pub async fn status(ctx: &Ctx, user: UserId) -> Result<Status, ServiceError> {
    let g = ctx.db.global().await?;
    let t = sign_in::totp(&g, user).await?;
    let left = sign_in::recovery_codes_left(&g, user).await?;
    g.commit().await?;
    Ok(Status {
        enrolled: t.is_some_and(|t| t.confirmed_at.is_some()),
        recovery_codes_left: left,
    })
}

fn session_only(p: &Principal) -> Result<SessionId, ServiceError> {
    match &p.auth {
        AuthKind::Session { session_id, .. } => Ok(*session_id),
        AuthKind::Token { .. } => Err(ServiceError::Forbidden),
    }
}

/// Starts (or shows again) an enrolment: a new secret unless an unconfirmed one is
/// pending. Refused when a second factor is already set up.
pub async fn begin(ctx: &Ctx, p: &Principal) -> Result<Enrolment, ServiceError> {
    session_only(p)?;
    let user = p.user_id();
    let g = ctx.db.global().await?;
    let current = sign_in::totp(&g, user).await?;
    g.commit().await?;
    match current {
        Some(t) if t.confirmed_at.is_some() => Err(ServiceError::conflict(
            ErrorCode::TotpAlreadyEnrolled,
            "A second factor is already set up. Remove it first to set up another.",
        )),
        Some(t) => {
            let secret = open_secret(ctx, user, &t.secret_sealed)?;
            Ok(enrolment(ctx, &p.user.email, &secret))
        }
        None => {
            let mut secret = Zeroizing::new([0u8; 20]);
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, secret.as_mut());
            let sealed = certa_credentials::seal_secret(
                ctx.master_key.expose(),
                &seal_context(user),
                secret.as_ref(),
            )
            .map_err(|e| ServiceError::unexpected("cannot seal a TOTP secret", e))?;
            let g = ctx.db.global().await?;
            sign_in::start_totp(
                &g,
                user,
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sealed),
            )
            .await?;
            g.commit().await?;
            Ok(enrolment(ctx, &p.user.email, secret.as_ref()))
        }
    }
}

fn wrong_code() -> ServiceError {
    ServiceError::Invalid {
        field: "code",
        code: ErrorCode::TotpInvalid,
        message: "That code is not right, or was used already. Enter the current code from \
                  your authenticator app."
            .into(),
    }
}

/// The shape of a recovery code: 16 base32 characters, grouped by four.
fn recovery_code() -> String {
    let mut b = [0u8; 10];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
    let s = base32(&b).to_ascii_lowercase();
    s.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

fn normalise_recovery(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Checks a code for `user`: counted first (throttled per account), then a TOTP code
/// (6 digits, claimed once by its time step) or a recovery code (used once). `confirm`
/// also accepts the unconfirmed secret of an enrolment. Answers the `amr` it proves.
async fn check(
    ctx: &Ctx,
    user: UserId,
    code: &str,
    enrolling: bool,
) -> Result<&'static str, ServiceError> {
    let key = format!("mfa:{}", user.0);
    let g = ctx.db.global().await?;
    let counted = login_attempts::count_attempt(&g, &key, ctx.config.throttle_window).await?;
    let totp = sign_in::totp(&g, user).await?;
    g.commit().await?;
    if counted.count > ATTEMPTS_PER_WINDOW {
        return Err(crate::auth::throttled(counted.until, "wrong codes"));
    }
    let Some(totp) = totp.filter(|t| enrolling != t.confirmed_at.is_some()) else {
        return Err(ServiceError::Invalid {
            field: "code",
            code: ErrorCode::TotpNotEnrolled,
            message: "No second factor is set up.".into(),
        });
    };
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let proved = if digits.len() == DIGITS && digits.chars().all(|c| c.is_ascii_digit()) {
        let secret = open_secret(ctx, user, &totp.secret_sealed)?;
        let now_step = (now().timestamp().max(0) as u64) / STEP_SECS;
        let mut matched = None;
        for step in [now_step.saturating_sub(1), now_step, now_step + 1] {
            let expected = code_at(&secret, step, totp_rs::Algorithm::SHA1, DIGITS)?;
            if crate::secrets::secrets_equal(&expected, &digits) {
                matched = Some(step);
            }
        }
        match matched {
            Some(step) => {
                let g = ctx.db.global().await?;
                let claimed = sign_in::claim_step(&g, user, step as i64).await?;
                g.commit().await?;
                claimed.then_some(AMR_PWD_OTP)
            }
            None => None,
        }
    } else if !enrolling {
        let g = ctx.db.global().await?;
        let used =
            sign_in::use_recovery_code(&g, user, &token_hash(&normalise_recovery(code))).await?;
        g.commit().await?;
        used.then_some("pwd mfa")
    } else {
        None
    };
    let Some(amr) = proved else {
        return Err(wrong_code());
    };
    let g = ctx.db.global().await?;
    login_attempts::clear(&g, &key).await?;
    g.commit().await?;
    Ok(amr)
}

/// Confirms an enrolment with the first code from the app: the second factor is on, the
/// current session counts as having used it, and ten recovery codes are made and answered
/// (shown once; only their hashes are kept).
pub async fn confirm(ctx: &Ctx, p: &Principal, code: &str) -> Result<Vec<String>, ServiceError> {
    let sid = session_only(p)?;
    let user = p.user_id();
    check(ctx, user, code, true).await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| token_hash(&normalise_recovery(c)))
        .collect();
    // The factor, its recovery codes and this session's `amr` change together.
    let g = ctx.db.global().await?;
    sign_in::confirm_totp(&g, user).await?;
    sign_in::replace_recovery_codes(&g, user, &hashes).await?;
    sign_in::set_amr(&g, sid, AMR_PWD_OTP).await?;
    g.commit().await?;
    record(ctx, p, "account.second_factor_enabled").await?;
    Ok(codes)
}

/// Replaces the recovery codes (a current code proves the factor): the old ones stop
/// working; the new ones are answered once.
pub async fn new_recovery_codes(
    ctx: &Ctx,
    p: &Principal,
    code: &str,
) -> Result<Vec<String>, ServiceError> {
    session_only(p)?;
    let user = p.user_id();
    check(ctx, user, code, false).await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| token_hash(&normalise_recovery(c)))
        .collect();
    let g = ctx.db.global().await?;
    sign_in::replace_recovery_codes(&g, user, &hashes).await?;
    g.commit().await?;
    record(ctx, p, "account.recovery_codes_replaced").await?;
    Ok(codes)
}

/// Removes the user's own second factor; a current code (or a recovery code) proves it
/// is them.
pub async fn remove(ctx: &Ctx, p: &Principal, code: &str) -> Result<(), ServiceError> {
    session_only(p)?;
    let user = p.user_id();
    check(ctx, user, code, false).await?;
    let g = ctx.db.global().await?;
    sign_in::remove_second_factor(&g, user).await?;
    g.commit().await?;
    record(ctx, p, "account.second_factor_removed").await?;
    Ok(())
}

async fn record(ctx: &Ctx, p: &Principal, action: &str) -> Result<(), ServiceError> {
    if let Some(t) = &p.tenant {
        let tx = ctx.db.tenant(t.scope()).await?;
        audit::append(
            &tx,
            &p.actor(),
            action,
            &format!("user:{}", p.user.id),
            json!({}),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Those of `users` whose second factor is set up (for the members page).
pub async fn enrolled_among(
    ctx: &Ctx,
    users: &[uuid::Uuid],
) -> Result<Vec<uuid::Uuid>, ServiceError> {
    let g = ctx.db.global().await?;
    let l = sign_in::enrolled_users(&g, users).await?;
    g.commit().await?;
    Ok(l)
}

/// Whether `user` must pass a second step after their password.
pub(crate) async fn enrolled(ctx: &Ctx, user: UserId) -> Result<bool, ServiceError> {
    Ok(status(ctx, user).await?.enrolled)
}

/// Opens the second step of a password sign-in: answers the token for its cookie.
pub(crate) async fn open_challenge(
    ctx: &Ctx,
    user: UserId,
    next: &str,
) -> Result<String, ServiceError> {
    let token = random_token();
    let g = ctx.db.global().await?;
    sign_in::create_challenge(
        &g,
        token_hash(&token),
        user,
        next.to_string(),
        now() + CHALLENGE_TTL,
    )
    .await?;
    g.commit().await?;
    Ok(token)
}

fn challenge_invalid() -> ServiceError {
    ServiceError::Unauthorized {
        code: ErrorCode::MfaChallengeInvalid,
        message: "This sign-in has expired. Sign in again.".into(),
    }
}

/// Whether the second step of a sign-in is still open (for its page).
pub async fn challenge_open(ctx: &Ctx, token: &str) -> Result<bool, ServiceError> {
    let g = ctx.db.global().await?;
    let c = sign_in::challenge(&g, &token_hash(token)).await?;
    g.commit().await?;
    Ok(c.is_some())
}

/// The second step of a password sign-in: a TOTP or recovery code; then the session.
/// Answers the new session and where to go.
pub async fn complete_challenge(
    ctx: &Ctx,
    token: &str,
    code: &str,
    user_agent: Option<String>,
) -> Result<(NewSession, String), ServiceError> {
    let hash = token_hash(token);
    let g = ctx.db.global().await?;
    let c = sign_in::challenge(&g, &hash).await?;
    g.commit().await?;
    let c = c.ok_or_else(challenge_invalid)?;
    let user = UserId(c.user_id);
    let amr = check(ctx, user, code, false).await?;
    let g = ctx.db.global().await?;
    if !sign_in::use_challenge(&g, &hash).await? {
        return Err(challenge_invalid());
    }
    let u = users::by_id(&g, user)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(challenge_invalid)?;
    let cookie_token = random_token();
    sessions::create(
        &g,
        token_hash(&cookie_token),
        user,
        random_token(),
        now() + ctx.config.session_absolute,
        SessionOrigin {
            amr: amr.to_string(),
            sso_tenant: None,
            user_agent,
        },
    )
    .await?;
    g.commit().await?;
    let tenants = crate::auth::tenants_of(ctx, user).await?;
    Ok((
        NewSession {
            cookie_token,
            user: u,
            tenants,
        },
        c.next,
    ))
}

/// An administrator resets a member's second factor (they lost their device and their
/// recovery codes): the factor and the codes are removed, the member's sessions end, and
/// the reset is recorded. Refused when the member also belongs to another certification
/// body, whose access the factor protects too: there, only the member (with a recovery
/// code) or the platform's operator may remove it.
pub async fn reset_for_member(
    ctx: &Ctx,
    p: &Principal,
    membership: MembershipId,
) -> Result<String, ServiceError> {
    let t = p.authorize(Action::ManageMembers)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let m = memberships::by_id(&tx, membership)
        .await?
        .ok_or(ServiceError::not_found("member", ErrorCode::MemberNotFound))?;
    let u = users::by_id(&tx, UserId(m.user_id))
        .await?
        .ok_or(ServiceError::not_found("member", ErrorCode::MemberNotFound))?;
    tx.commit().await?;
    let sys = ctx.db.system().await?;
    let elsewhere = identity::memberships_of(&sys, UserId(u.id))
        .await?
        .iter()
        .any(|(other, _, _)| other.id != t.tenant.id);
    sys.commit().await?;
    if elsewhere {
        return Err(ServiceError::conflict(
            ErrorCode::SecondFactorResetRefused,
            "This member's second factor also protects their access to another organisation. \
             They can remove it themselves with a recovery code, or ask the platform's operator.",
        ));
    }
    let g = ctx.db.global().await?;
    let removed = sign_in::remove_second_factor(&g, UserId(u.id)).await?;
    let ended = sessions::delete_for_user(&g, UserId(u.id)).await?;
    g.commit().await?;
    if !removed {
        return Err(ServiceError::Invalid {
            field: "membership",
            code: ErrorCode::TotpNotEnrolled,
            message: format!("{} has no second factor set up.", u.name),
        });
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    audit::append(
        &tx,
        &p.actor(),
        "member.second_factor_reset",
        &format!("membership:{}", membership.0),
        json!({"email": u.email, "sessions_ended": ended}),
    )
    .await?;
    tx.commit().await?;
    Ok(u.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: the reference secrets and times, 8 digits.
    #[test]
    fn rfc_6238_test_vectors() {
        let sha1 = b"12345678901234567890".to_vec();
        let sha256 = b"12345678901234567890123456789012".to_vec();
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234".to_vec();
        let rows: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (t, a, b, c) in rows {
            let step = t / STEP_SECS;
            assert_eq!(
                code_at(&sha1, step, totp_rs::Algorithm::SHA1, 8).unwrap(),
                a,
                "SHA1 at {t}"
            );
            assert_eq!(
                code_at(&sha256, step, totp_rs::Algorithm::SHA256, 8).unwrap(),
                b,
                "SHA256 at {t}"
            );
            assert_eq!(
                code_at(&sha512, step, totp_rs::Algorithm::SHA512, 8).unwrap(),
                c,
                "SHA512 at {t}"
            );
        }
    }

    #[test]
    fn base32_is_rfc_4648() {
        // RFC 4648 section 10, without padding.
        for (raw, enc) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(raw.as_bytes()), enc);
        }
    }

    #[test]
    fn recovery_codes_are_grouped_and_normalised() {
        let c = recovery_code();
        assert_eq!(c.len(), 19, "{c}");
        assert_eq!(c.matches('-').count(), 3);
        assert_eq!(normalise_recovery(&c.to_uppercase()), c.replace('-', ""));
        assert_ne!(recovery_code(), c);
    }
}
