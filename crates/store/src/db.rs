//! Connections and the three kinds of transaction.

use certa_domain::TenantId;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, Statement, TransactionTrait,
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
}

/// A pool of connections to the database.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    backend: Backend,
}

impl Db {
    /// Connects. SQLite gets a single connection: writes are serialised by SQLite anyway,
    /// and one connection rules out `SQLITE_BUSY` on lock upgrades inside transactions.
    pub async fn connect(settings: &DbSettings) -> Result<Self, DbErr> {
        let backend = if settings.url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if settings.url.starts_with("postgres://")
            || settings.url.starts_with("postgresql://")
        {
            Backend::Postgres
        } else {
            return Err(DbErr::Custom(
                "database URL must start with sqlite:// or postgres://".into(),
            ));
        };
        let mut opts = ConnectOptions::new(settings.url.clone());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30));
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

    /// The raw connection: only for migrations, readiness probes and tests.
    pub fn raw(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<(), DbErr> {
        self.conn.close().await
    }

    /// Begins a transaction scoped to one tenant.
    pub async fn tenant(&self, tenant: TenantId) -> Result<TenantTx, DbErr> {
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
        })
    }

    /// Begins a transaction for global tables only (users, sessions, tenants). On
    /// PostgreSQL no tenant is set, so tenant tables read as empty.
    pub async fn global(&self) -> Result<GlobalTx, DbErr> {
        Ok(GlobalTx {
            txn: self.conn.begin().await?,
            backend: self.backend,
        })
    }

    /// Begins the reviewed cross-tenant transaction (identity resolution, outbox
    /// dispatch). On PostgreSQL it runs as `certa_system`, whose policies allow only
    /// reads of memberships, invitations and tokens, and outbox dispatch.
    pub async fn system(&self) -> Result<SystemTx, DbErr> {
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

/// Anything that is a transaction: global repositories accept all three kinds.
pub trait Tx {
    /// The underlying transaction.
    fn conn(&self) -> &DatabaseTransaction;
    /// The backend (for the few statements that differ).
    fn backend(&self) -> Backend;
}

macro_rules! tx_common {
    ($t:ty) => {
        impl Tx for $t {
            fn conn(&self) -> &DatabaseTransaction {
                &self.txn
            }
            fn backend(&self) -> Backend {
                self.backend
            }
        }
        impl $t {
            /// Commits.
            pub async fn commit(self) -> Result<(), DbErr> {
                self.txn.commit().await
            }
            /// Rolls back (dropping does the same).
            pub async fn rollback(self) -> Result<(), DbErr> {
                self.txn.rollback().await
            }
        }
    };
}

/// A transaction whose every statement is scoped to one tenant.
pub struct TenantTx {
    txn: DatabaseTransaction,
    tenant: TenantId,
    backend: Backend,
}

impl TenantTx {
    /// The tenant this transaction is scoped to.
    pub fn tenant(&self) -> TenantId {
        self.tenant
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
