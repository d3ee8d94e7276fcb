//! Connections, tenant scopes and the three kinds of transaction.

use crate::StoreError;
use certa_domain::TenantId;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    Statement, TransactionTrait,
};
use std::cell::Cell;
use std::future::Future;
use std::time::Duration;

tokio::task_local! {
    /// Statements sent by the current task inside [`count_statements`].
    static STATEMENTS: Cell<u64>;
}

/// Runs `f` and answers its output with the number of SQL statements it sent through a
/// [`Db`] connected with [`DbSettings::count_statements`] (transaction control —
/// `BEGIN`, `COMMIT` — is not included). Work `f` spawns onto other tasks is not counted.
pub async fn count_statements<F: Future>(f: F) -> (F::Output, u64) {
    STATEMENTS
        .scope(Cell::new(0), async move {
            let out = f.await;
            (out, STATEMENTS.with(Cell::get))
        })
        .await
}

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded mode: one SQLite file.
    Sqlite,
    /// PostgreSQL with forced row-level security.
    Postgres,
}

/// Connection settings.
#[derive(Debug, Clone)]
pub struct DbSettings {
    /// `sqlite://path?mode=rwc` or `postgres://…`.
    pub url: String,
    /// Pool size for PostgreSQL (SQLite always uses one connection, see [`Db::connect`]).
    pub max_connections: u32,
    /// Count statements per task for [`count_statements`] (off: no per-statement cost).
    pub count_statements: bool,
    /// PostgreSQL: longest wait for a connection of the pool, connecting included; past
    /// it the statement fails as unavailable ([`StoreError::is_unavailable`]) rather
    /// than holding the request while the database is down or restarting. SQLite's one
    /// connection is a queue rather than a pool (a local file is not down): its wait is
    /// [`SQLITE_ACQUIRE_TIMEOUT`].
    pub acquire_timeout: Duration,
}

impl DbSettings {
    /// The default wait for a connection ([`DbSettings::acquire_timeout`]).
    pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
}

/// How long a statement waits for SQLite's one connection.
pub const SQLITE_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// The right to open a transaction of one tenant: [`Db::tenant`] takes nothing else.
///
/// Its field is private, so outside this crate a scope comes only from
/// - authentication: [`crate::repo::identity::enter`] (a user's membership, checked in the
///   tenant's own transaction), [`crate::repo::identity::memberships_of`] and
///   [`crate::repo::identity::token_by_hash`] (an API token's secret);
/// - a secret link, verified by the hash of its secret: calendar, objection and invitation
///   links ([`crate::repo::identity`]);
/// - [`TenantScope::system`], which names why no user or link stands behind the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantScope {
    tenant: TenantId,
}

/// Why a [`TenantScope`] is made without a signed-in user or a secret link. Every such
/// place in the code reads `TenantScope::system(…, SystemAccess::…)`, so they can be found
/// and reviewed together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemAccess {
    /// The operator's command line (`certa admin …`), for a tenant it named.
    Cli,
    /// The demo and volume seeds, for the tenant they create or fill.
    Seed,
    /// The worker's per-tenant jobs (reminders, sweeps, retention, mail branding), for
    /// the tenants it listed or the outbox rows it claimed.
    Worker,
    /// A request to an address the service signed (direct uploads to the local store),
    /// once its signature was verified.
    SignedAddress,
    /// The public issuer documents (`/t/{slug}/…`): the published keys of the tenant the
    /// slug names, read without a user. Only public keys leave such a transaction.
    PublicKeys,
    /// Signing a tenant's documents with its key for work no user stands behind (issuing
    /// credentials and status lists).
    Signing,
    /// Signing in through a tenant's identity provider: its configuration, the pending
    /// request and the identities it vouched for, before any membership is known; or the
    /// tenant's sign-in policy when a password sign-in is checked against it.
    SignIn,
    /// Benchmarks and tests preparing or inspecting data.
    Test,
}

impl TenantScope {
    /// A scope for work done by the system itself rather than for a user; `why` says
    /// which (see [`SystemAccess`]).
    pub fn system(tenant: TenantId, why: SystemAccess) -> Self {
        tracing::trace!(tenant.id = %tenant.0, access = ?why, "system tenant scope");
        Self { tenant }
    }

    /// A scope whose tenant this crate resolved from a membership or a verified secret.
    pub(crate) fn resolved(tenant: TenantId) -> Self {
        Self { tenant }
    }

    /// The tenant.
    pub fn tenant(&self) -> TenantId {
        self.tenant
    }
}

/// The PostgreSQL advisory lock key that serialises migrations across processes.
const MIGRATION_LOCK: i64 = 0x6365_7274_615f_6d67; // "certa_mg"

/// A pool of connections to the database.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    backend: Backend,
}

impl Db {
    /// Connects. SQLite gets a single connection: writes are serialised by SQLite anyway,
    /// and one connection rules out `SQLITE_BUSY` on lock upgrades inside transactions.
    pub async fn connect(settings: &DbSettings) -> Result<Self, StoreError> {
        let backend = if settings.url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if settings.url.starts_with("postgres://")
            || settings.url.starts_with("postgresql://")
        {
            Backend::Postgres
        } else {
            return Err(StoreError::custom(
                "database URL must start with sqlite:// or postgres://",
            ));
        };
        let mut opts = ConnectOptions::new(settings.url.clone());
        // sea-orm hands `connect_timeout` to the pool as its acquire timeout too, so both
        // are the one bound: connecting is part of acquiring.
        let wait = match backend {
            Backend::Sqlite => SQLITE_ACQUIRE_TIMEOUT,
            Backend::Postgres => settings.acquire_timeout.max(Duration::from_millis(100)),
        };
        opts.sqlx_logging(false)
            .connect_timeout(wait)
            .acquire_timeout(wait);
        match backend {
            Backend::Sqlite => {
                opts.max_connections(1).min_connections(1);
            }
            Backend::Postgres => {
                opts.max_connections(settings.max_connections.max(1))
                    .min_connections(0);
            }
        }
        let mut conn = Database::connect(opts).await?;
        if settings.count_statements {
            conn.set_metric_callback(|_| {
                // Outside a counting scope there is nothing to count.
                let _ = STATEMENTS.try_with(|n| n.set(n.get() + 1));
            });
        }
        if backend == Backend::Sqlite {
            for pragma in [
                "PRAGMA journal_mode = WAL",
                "PRAGMA foreign_keys = ON",
                "PRAGMA busy_timeout = 5000",
                "PRAGMA synchronous = NORMAL",
            ] {
                conn.execute_unprepared(pragma).await?;
            }
        }
        Ok(Self { conn, backend })
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The raw connection: only inside this crate.
    pub(crate) fn raw(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Applies the pending migrations (connect with the owner's URL).
    ///
    /// On PostgreSQL several processes may start at once (replicas rolled out together, a
    /// worker beside them): the first takes a session advisory lock on a connection of its
    /// own and migrates, the others wait for it and then find nothing pending. The pool needs
    /// two connections for that (one holds the lock, one migrates).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        use certa_migrations::MigratorTrait;
        if self.backend != Backend::Postgres {
            certa_migrations::Migrator::up(self.raw(), None).await?;
            return Ok(());
        }
        let failed = |e: sqlx::Error| StoreError::custom(format!("migration lock: {e}"));
        let pool = self.conn.get_postgres_connection_pool();
        let mut holder = pool.acquire().await.map_err(failed)?;
        sqlx::query("select pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *holder)
            .await
            .map_err(failed)?;
        let applied = certa_migrations::Migrator::up(self.raw(), None).await;
        // Closing the connection would release the lock as well.
        let _ = sqlx::query("select pg_advisory_unlock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *holder)
            .await;
        drop(holder);
        applied?;
        Ok(())
    }

    /// Whether the connected role bypasses row-level security (a superuser or a BYPASSRLS
    /// role on PostgreSQL; never on SQLite, which has none).
    pub async fn bypasses_row_security(&self) -> Result<bool, StoreError> {
        if self.backend != Backend::Postgres {
            return Ok(false);
        }
        let row = self
            .raw()
            .query_one(Statement::from_string(
                DbBackend::Postgres,
                "select (rolsuper or rolbypassrls) as privileged from pg_roles where rolname = current_user",
            ))
            .await?;
        Ok(row
            .map(|r| r.try_get::<bool>("", "privileged"))
            .transpose()?
            .unwrap_or(false))
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        Ok(self.conn.ping().await?)
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<(), StoreError> {
        Ok(self.conn.close().await?)
    }

    /// Begins a transaction scoped to the tenant of `scope`.
    pub async fn tenant(&self, scope: TenantScope) -> Result<TenantTx, StoreError> {
        let tenant = scope.tenant;
        let txn = self.conn.begin().await?;
        if self.backend == Backend::Postgres {
            txn.execute(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "select set_config('app.tenant_id', $1, true)",
                [tenant.to_string().into()],
            ))
            .await?;
        }
        Ok(TenantTx {
            txn,
            tenant,
            backend: self.backend,
            after_commit: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Begins a transaction for global tables only (users, sessions, tenants). On
    /// PostgreSQL no tenant is set, so tenant tables read as empty.
    pub async fn global(&self) -> Result<GlobalTx, StoreError> {
        Ok(GlobalTx {
            txn: self.conn.begin().await?,
            backend: self.backend,
        })
    }

    /// Begins the reviewed cross-tenant transaction (identity resolution, outbox
    /// dispatch). On PostgreSQL it runs as `certa_system`, whose policies allow only
    /// reads of memberships, invitations and tokens, and outbox dispatch.
    pub async fn system(&self) -> Result<SystemTx, StoreError> {
        let txn = self.conn.begin().await?;
        if self.backend == Backend::Postgres {
            txn.execute_unprepared("set local role certa_system")
                .await?;
        }
        Ok(SystemTx {
            txn,
            backend: self.backend,
        })
    }
}

/// The connection of a transaction, for this crate's repositories only.
pub(crate) trait Conn {
    /// The underlying transaction.
    fn conn(&self) -> &DatabaseTransaction;
    /// The backend (for the few statements that differ).
    fn backend(&self) -> Backend;
}

/// Anything that is a transaction: global repositories accept all three kinds. Sealed:
/// it is implemented only here, and its connection is not reachable from other crates.
#[allow(private_bounds)]
pub trait Tx: Conn {}

macro_rules! tx_common {
    ($t:ty) => {
        impl Conn for $t {
            fn conn(&self) -> &DatabaseTransaction {
                &self.txn
            }
            fn backend(&self) -> Backend {
                self.backend
            }
        }
        impl Tx for $t {}
    };
}

macro_rules! tx_commit {
    ($t:ty) => {
        impl $t {
            /// Commits.
            pub async fn commit(self) -> Result<(), StoreError> {
                Ok(self.txn.commit().await?)
            }
            /// Rolls back (dropping does the same).
            pub async fn rollback(self) -> Result<(), StoreError> {
                Ok(self.txn.rollback().await?)
            }
        }
    };
}

/// A transaction whose every statement is scoped to one tenant.
pub struct TenantTx {
    txn: DatabaseTransaction,
    tenant: TenantId,
    backend: Backend,
    after_commit: std::sync::Mutex<Vec<AfterCommit>>,
}

/// Work to do once a transaction has committed.
type AfterCommit = Box<dyn FnOnce() + Send>;

impl TenantTx {
    /// Runs `f` once this transaction has committed, never if it rolls back or is dropped:
    /// for what must not happen before the change is visible, such as dropping cached
    /// copies of what it changed.
    pub fn after_commit(&self, f: impl FnOnce() + Send + 'static) {
        if let Ok(mut hooks) = self.after_commit.lock() {
            hooks.push(Box::new(f));
        }
    }

    /// Commits, then runs the work registered with [`TenantTx::after_commit`].
    pub async fn commit(self) -> Result<(), StoreError> {
        let hooks = self
            .after_commit
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.txn.commit().await?;
        for hook in hooks {
            hook();
        }
        Ok(())
    }

    /// Rolls back (dropping does the same); the work registered to follow a commit is
    /// dropped.
    pub async fn rollback(self) -> Result<(), StoreError> {
        Ok(self.txn.rollback().await?)
    }

    /// The tenant this transaction is scoped to.
    pub fn tenant(&self) -> TenantId {
        self.tenant
    }
    /// The scope this transaction was opened with, for further transactions of the
    /// same tenant.
    pub fn scope(&self) -> TenantScope {
        TenantScope {
            tenant: self.tenant,
        }
    }
    /// The tenant id as a raw UUID (for filters).
    pub fn tid(&self) -> uuid::Uuid {
        self.tenant.0
    }
}

/// A transaction over global tables only.
pub struct GlobalTx {
    txn: DatabaseTransaction,
    backend: Backend,
}

/// The reviewed cross-tenant transaction.
pub struct SystemTx {
    txn: DatabaseTransaction,
    backend: Backend,
}

tx_common!(TenantTx);
tx_common!(GlobalTx);
tx_common!(SystemTx);
tx_commit!(GlobalTx);
tx_commit!(SystemTx);
