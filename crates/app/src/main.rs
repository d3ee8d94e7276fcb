//! `certa`: one binary for serving, the worker, migrations and administration.

use anyhow::Context;
use certa_app::{Application, Settings, connect_app_db, migrate, startup, telemetry};
use certa_service::records::Integrity;
use certa_service::{admin, seed};
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;

/// Certa: a multi-tenant platform for certification bodies.
///
/// Configuration comes from built-in defaults (embedded mode: SQLite, local files, mail
/// as .eml files under ./data), then certa.toml, then CERTA_* environment variables.
#[derive(Parser)]
#[command(name = "certa", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run pending migrations, serve HTTP and run the outbox worker in-process.
    Serve {
        /// Seed (once) a demo certification body with one user per role and print the logins.
        #[arg(long)]
        demo: bool,
        /// Do not run the outbox worker in this process (run `certa worker` instead).
        #[arg(long)]
        no_worker: bool,
    },
    /// Run only the outbox worker.
    Worker,
    /// Apply pending migrations and exit.
    Migrate,
    /// Administration.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Verify a credential Certa issued (JSON with a Data Integrity proof, or a compact JWS)
    /// against its issuer's key set: prints `valid: …` and exits 0, or `invalid: <reason>`
    /// and exits 1.
    VerifyCredential {
        /// The credential file.
        file: std::path::PathBuf,
        /// Verify offline against this JWK Set instead of fetching the issuer's
        /// `{issuer}/.well-known/jwks.json`.
        #[arg(long)]
        jwks: Option<std::path::PathBuf>,
    },
    /// Verify a sealed audit file (the ZIP of a programme's file) against its issuer's key
    /// set: the signature over manifest.json, then every file's size and SHA-256. Prints
    /// `intact: …` and exits 0, or `mismatch: <first file that does not match>: <why>` (or
    /// `invalid: <reason>`) and exits 1.
    VerifyBundle {
        /// The sealed audit file (.zip).
        file: std::path::PathBuf,
        /// Verify offline against this JWK Set instead of fetching the issuer's
        /// `{issuer}/.well-known/jwks.json`.
        #[arg(long)]
        jwks: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a certification body (tenant).
    CreateTenant {
        /// Short identifier: 2-40 characters of a-z, 0-9 and inner hyphens.
        #[arg(long)]
        slug: String,
        /// Display name.
        #[arg(long)]
        name: String,
    },
    /// Create a user; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input (required; it never goes on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Disable a user everywhere: ends their sessions and revokes their API tokens in
    /// every tenant.
    DisableUser {
        #[arg(long)]
        email: String,
    },
    /// Let a disabled user sign in again (their old sessions and tokens stay revoked).
    EnableUser {
        #[arg(long)]
        email: String,
    },
    /// Grant a role in a tenant (creating the membership when needed).
    Grant {
        /// Tenant slug.
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        /// admin, scheduler, auditor, reviewer, client or viewer.
        #[arg(long)]
        role: String,
    },
    /// Create an API token for a member; the token is the last line of output.
    CreateToken {
        /// Tenant slug.
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// Fill an empty tenant with synthetic, reproducible volume data (clients with sites,
    /// applications and programmes, scheduled audits with teams, auditors with
    /// unavailability) for benchmarks and capacity checks.
    SeedBench {
        /// Tenant slug (the tenant must have no clients yet).
        #[arg(long)]
        tenant: String,
        #[arg(long, default_value_t = 10_000)]
        clients: u32,
        /// At most five per client.
        #[arg(long, default_value_t = 30_000)]
        audits: u32,
        #[arg(long, default_value_t = 200)]
        auditors: u32,
        /// Certificates over the clients' programmes, with revisions and public rows; at
        /// most three per client (default: three per client).
        #[arg(long)]
        certificates: Option<u32>,
    },
    /// Publish every certificate of a tenant in the public registry again, signing the
    /// credentials it lacks (certificates issued before public verification, bulk loads).
    /// Safe to repeat.
    PublishCertificates {
        /// Tenant slug.
        #[arg(long)]
        tenant: String,
    },
    /// Check a tenant's audit-trail hash chain: exit 0 when intact, 1 with the first
    /// broken sequence number otherwise.
    VerifyAuditLog {
        /// Tenant slug.
        #[arg(long)]
        tenant: String,
    },
    /// Enqueue the reminders due on a day (default today) that were not sent yet; the
    /// worker sends them. Safe to repeat: each reminder goes out once.
    SendReminders {
        /// YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Needs no configuration, database or storage: only the file and the key set.
    if let Command::VerifyCredential { file, jwks } = &cli.command {
        return verify_credential(file, jwks.as_deref());
    }
    if let Command::VerifyBundle { file, jwks } = &cli.command {
        return verify_bundle(file, jwks.as_deref());
    }
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("certa: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("certa: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, settings)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("certa: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn verify_credential(file: &std::path::Path, jwks: Option<&std::path::Path>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("certa: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(certa_app::verify_credential::verify_file(file, jwks));
    println!("{}", outcome.line);
    if outcome.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn verify_bundle(file: &std::path::Path, jwks: Option<&std::path::Path>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("certa: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(certa_app::verify_bundle::verify_file(file, jwks));
    for line in &outcome.lines {
        println!("{line}");
    }
    if outcome.intact {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn run(cli: Cli, settings: Settings) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Migrate => {
            migrate(&settings).await?;
            println!("migrations applied");
        }
        Command::Serve { demo, no_worker } => {
            // Embedded: one server (and one worker) per SQLite database, for the process's
            // lifetime.
            let _server_lock = startup::lock_embedded(&settings, startup::Role::Server)?;
            let _worker_lock = if no_worker {
                None
            } else {
                startup::lock_embedded(&settings, startup::Role::Worker)?
            };
            migrate(&settings).await?;
            let app = Application::build(&settings, !no_worker).await?;
            if demo {
                let logins = seed::seed_demo(app.ctx())
                    .await
                    .context("demo seed failed")?;
                println!(
                    "Demo data ready. Sign in at {}/login with:",
                    settings.public_url
                );
                for l in logins {
                    println!("  {:<10} {}  /  {}", l.roles, l.email, l.password);
                }
                if settings.smtp_url.is_none() {
                    println!(
                        "Mail is written as .eml files to {}",
                        settings.mail_dir().display()
                    );
                }
            }
            tracing::info!(port = app.port(), public_url = %settings.public_url, "serving");
            app.run_until_stopped().await?;
        }
        Command::Worker => {
            let _worker_lock = startup::lock_embedded(&settings, startup::Role::Worker)?;
            migrate(&settings).await?;
            let db = connect_app_db(&settings).await?;
            let ctx = startup::service_ctx(&settings, db).await?;
            let w = startup::worker(&settings, ctx)?;
            // SIGTERM or SIGINT: the mail being sent is finished, the rest released.
            w.run(startup::shutdown_signal()).await;
        }
        Command::Admin(cmd) => return admin_command(cmd, &settings).await,
        Command::VerifyBundle { file, jwks } => {
            // Normally answered before the settings load (see `main`).
            let outcome = certa_app::verify_bundle::verify_file(&file, jwks.as_deref()).await;
            for line in &outcome.lines {
                println!("{line}");
            }
            return Ok(if outcome.intact {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::VerifyCredential { file, jwks } => {
            // Normally answered before the settings load (see `main`).
            let outcome = certa_app::verify_credential::verify_file(&file, jwks.as_deref()).await;
            println!("{}", outcome.line);
            return Ok(if outcome.valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn admin_command(cmd: AdminCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    migrate(settings).await?;
    let db = connect_app_db(settings).await?;
    let ctx = startup::service_ctx(settings, db).await?;
    let result = match cmd {
        AdminCommand::CreateTenant { slug, name } => admin::create_tenant(&ctx, &slug, &name)
            .await
            .map(|t| println!("created tenant {} ({}) id {}", t.slug, t.name, t.id)),
        AdminCommand::CreateUser {
            email,
            name,
            password_stdin: _,
        } => {
            let mut pw = String::new();
            std::io::stdin()
                .read_to_string(&mut pw)
                .context("cannot read the password from standard input")?;
            let pw = pw.trim_end_matches(['\n', '\r']);
            admin::create_user(&ctx, &email, &name, pw)
                .await
                .map(|u| println!("created user {} id {}", u.email, u.id))
        }
        AdminCommand::DisableUser { email } => {
            admin::disable_user(&ctx, &email).await.map(|ended| {
                println!(
                    "disabled {email}: {} session(s) ended, {} API token(s) revoked",
                    ended.sessions, ended.tokens
                );
            })
        }
        AdminCommand::EnableUser { email } => admin::enable_user(&ctx, &email)
            .await
            .map(|()| println!("enabled {email}; old sessions and API tokens stay revoked")),
        AdminCommand::Grant {
            tenant,
            email,
            role,
        } => admin::grant(&ctx, &tenant, &email, &role)
            .await
            .map(|r| println!("{email} now has roles {} in {tenant}", r.names().join(", "))),
        AdminCommand::CreateToken {
            tenant,
            email,
            label,
        } => admin::create_token(&ctx, &tenant, &email, &label)
            .await
            .map(|secret| {
                println!("API token for {email} in {tenant} (shown once, store it now):");
                println!("{secret}");
            }),
        AdminCommand::SendReminders { date } => {
            let day = match date {
                Some(d) => certa_domain::values::parse_date("--date", &d)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
                None => chrono::Utc::now().date_naive(),
            };
            match certa_service::reminders::send_due(&ctx, day).await {
                Ok(r) => {
                    println!(
                        "reminders for {day}: {} due, {} overdue, {} qualifications expiring; {} mails enqueued",
                        r.due, r.overdue, r.qualifications, r.mails
                    );
                    if !r.failed.is_empty() {
                        for t in &r.failed {
                            eprintln!(
                                "certa: the daily jobs of tenant {} failed (see the log); run again to retry",
                                t.0
                            );
                        }
                        return Ok(ExitCode::FAILURE);
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
        AdminCommand::SeedBench {
            tenant,
            clients,
            audits,
            auditors,
            certificates,
        } => seed::seed_volume(
            &ctx,
            &tenant,
            seed::Volume {
                clients,
                audits,
                auditors,
                certificates: certificates.unwrap_or(
                    clients.saturating_mul(seed::CERTIFICATES_PER_CLIENT),
                ),
            },
        )
        .await
        .map(|n| {
            println!(
                "seeded {tenant}: {} clients, {} sites, {} programmes with {} entries, {} audits with {} team members, {} auditors with {} absences, {} certificates with {} revisions",
                n.clients,
                n.sites,
                n.programmes,
                n.programme_audits,
                n.audits,
                n.team_members,
                n.auditors,
                n.absences,
                n.certificates,
                n.certificate_revisions
            );
        }),
        AdminCommand::PublishCertificates { tenant } => {
            certa_service::certification::public::republish(&ctx, &tenant)
                .await
                .map(|n| {
                    println!("{tenant}: {n} certificates published, with their credentials and status lists");
                })
        }
        AdminCommand::VerifyAuditLog { tenant } => {
            match admin::verify_audit_log(&ctx, &tenant).await {
                Ok(Integrity::Intact { events }) => {
                    println!("audit log of {tenant} intact: {events} events");
                    return Ok(ExitCode::SUCCESS);
                }
                Ok(Integrity::Broken { seq, reason }) => {
                    println!("audit log of {tenant} BROKEN at sequence number {seq}: {reason}");
                    return Ok(ExitCode::FAILURE);
                }
                Err(e) => Err(e),
            }
        }
    };
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("certa: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
