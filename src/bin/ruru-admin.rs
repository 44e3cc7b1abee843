//! `ruru-admin`: the `kea-admin` commands for ruru's SQL lease databases.
//!
//! ```text
//! ruru-admin db-init    pgsql -h 127.0.0.1 -u kea -p secret -n kea
//! ruru-admin db-version mysql -h 127.0.0.1 -P 3306 -u kea -p secret -n kea
//! ruru-admin db-upgrade pgsql -c /etc/kea/kea-dhcp4.conf
//! ruru-admin lease-dump mysql -4 -o leases4.csv -u kea -p secret -n kea
//! ruru-admin lease-dump pgsql -6 -o leases6.csv -u kea -p secret -n kea
//! ruru-admin stats-recount pgsql -u kea -p secret -n kea
//! ```
//! Backends: `pgsql` (or `postgresql`) and `mysql`. Connection flags are
//! kea-admin's (defaults: host `localhost`, user/password/name `keatest`,
//! password also from `KEA_ADMIN_DB_PASSWORD`), or `-c CONFIG` takes the
//! `lease-database` map of a Kea DHCPv4 configuration file (the backend argument
//! may then be omitted). Messages go to stderr as `ERROR/ruru-admin: ...`; the
//! exit status is 0 on success, 1 on any error, 2 on a usage error.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, ValueEnum};
use ruru::backends::sql::admin::{self, AdminError};
use ruru::backends::sql::lease6_dump::dump_lease6;
use ruru::backends::sql::InitOutcome;
use ruru::config::model::{LeaseDatabase, SqlDatabase, SqlKind};
use ruru::config::{jsonc, parse_dhcp4_value, relaxed};

/// kea-admin's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Command {
    /// Create Kea 2.2's schema on an empty database.
    DbInit,
    /// Print the schema version (e.g. `13.0`).
    DbVersion,
    /// Bring the schema to Kea 2.2's version (only "already current" so far).
    DbUpgrade,
    /// Write the leases as Kea's memfile CSV (`-4 -o FILE`).
    LeaseDump,
    /// Rebuild the lease statistics tables from the leases.
    StatsRecount,
}

/// kea-admin's backend names (`postgresql` accepted too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Backend {
    /// PostgreSQL.
    #[value(alias = "postgresql")]
    Pgsql,
    /// MySQL / MariaDB.
    Mysql,
}

impl Backend {
    fn kind(self) -> SqlKind {
        match self {
            Self::Pgsql => SqlKind::Postgresql,
            Self::Mysql => SqlKind::Mysql,
        }
    }
}

/// Command-line arguments (kea-admin's flags; `-h` is the host, so help is `--help`).
#[derive(Debug, Parser)]
#[command(
    name = "ruru-admin",
    version,
    disable_help_flag = true,
    about = "Administer ruru's (Kea 2.2 schema) PostgreSQL/MySQL lease databases"
)]
struct Cli {
    /// db-init, db-version, db-upgrade, lease-dump or stats-recount.
    #[arg(value_enum)]
    command: Command,
    /// pgsql (postgresql) or mysql; optional with -c.
    #[arg(value_enum)]
    backend: Option<Backend>,
    /// Database host.
    #[arg(short = 'h', long)]
    host: Option<String>,
    /// Database port.
    #[arg(short = 'P', long)]
    port: Option<u16>,
    /// Database user.
    #[arg(short = 'u', long)]
    user: Option<String>,
    /// Database password (may start with '-').
    #[arg(short = 'p', long, allow_hyphen_values = true)]
    password: Option<String>,
    /// Database name.
    #[arg(short = 'n', long)]
    name: Option<String>,
    /// A Kea DHCPv4 configuration file whose lease-database to use.
    #[arg(short = 'c', long = "config")]
    config: Option<PathBuf>,
    /// lease-dump: DHCPv4 leases.
    #[arg(short = '4')]
    v4: bool,
    /// lease-dump: DHCPv6 leases.
    #[arg(short = '6')]
    v6: bool,
    /// lease-dump: output file.
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    /// lease-dump: overwrite an existing output file.
    #[arg(short = 'y', long)]
    yes: bool,
    /// Seconds to wait for a connection.
    #[arg(long, default_value_t = 5)]
    connect_timeout: u32,
    /// Print help.
    #[arg(long, action = clap::ArgAction::Help)]
    help: Option<bool>,
}

/// The lease-database map of a Kea config file, checked as the server checks it.
fn from_config(path: &Path) -> Result<SqlDatabase> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read configuration {}", path.display()))?;
    let (text, _) = relaxed::relax(&jsonc::strip_comments(&text));
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    let db = v
        .get("Dhcp4")
        .and_then(|d| d.get("lease-database"))
        .ok_or_else(|| anyhow!("{} has no Dhcp4.lease-database", path.display()))?;
    let model = parse_dhcp4_value(&serde_json::json!({"Dhcp4": {"lease-database": db}}))
        .with_context(|| format!("{}: bad lease-database", path.display()))?;
    match model.lease_database {
        LeaseDatabase::Sql(sql) => Ok(sql),
        LeaseDatabase::Memfile { .. } => bail!(
            "{}: lease-database is memfile; ruru-admin works on postgresql and mysql databases",
            path.display()
        ),
    }
}

/// The database the flags (or `-c`) name.
fn database(cli: &Cli) -> Result<SqlDatabase> {
    if let Some(path) = &cli.config {
        let db = from_config(path)?;
        if let Some(b) = cli.backend {
            if b.kind() != db.kind {
                bail!(
                    "backend {} given, but {} names a {} database",
                    b.kind().name(),
                    path.display(),
                    db.kind.name()
                );
            }
        }
        return Ok(db);
    }
    let Some(backend) = cli.backend else {
        bail!("missing backend: pgsql or mysql (or -c CONFIG)");
    };
    let password = cli
        .password
        .clone()
        .or_else(|| std::env::var("KEA_ADMIN_DB_PASSWORD").ok())
        .unwrap_or_else(|| "keatest".to_string());
    Ok(SqlDatabase {
        kind: backend.kind(),
        name: cli.name.clone().unwrap_or_else(|| "keatest".to_string()),
        host: cli.host.clone().unwrap_or_else(|| "localhost".to_string()),
        port: cli.port,
        user: Some(cli.user.clone().unwrap_or_else(|| "keatest".to_string())),
        password: (!password.is_empty()).then_some(password),
        connect_timeout: cli.connect_timeout.max(1),
        read_timeout: 0,
        write_timeout: 0,
        tcp_user_timeout: 0,
        max_reconnect_tries: 0,
        reconnect_wait_time: 0,
        on_fail: Default::default(),
        retry_on_startup: false,
        pool_size: 1,
        tls: Default::default(),
    })
}

/// Writes the dump to a temp file next to `path`, then renames it into place.
async fn lease_dump(db: &SqlDatabase, path: &Path, overwrite: bool, v6: bool) -> Result<()> {
    if path.exists() && !overwrite {
        bail!(
            "output file {} exists; remove it or pass -y to overwrite",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.ruru-admin.tmp", file_name.to_string_lossy()));
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut out = BufWriter::new(file);
    let dumped = if v6 {
        dump_lease6(db, &mut out)
            .await
            .map(|written| admin::DumpReport {
                written,
                skipped: Vec::new(),
            })
    } else {
        admin::dump_lease4(db, &mut out).await
    };
    let report = match dumped {
        Ok(r) => r,
        Err(e) => {
            drop(out);
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
    };
    out.into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))?;
    for s in &report.skipped {
        eprintln!(
            "WARNING/ruru-admin: lease4 row with address {} left out: {}",
            s.address, s.reason
        );
    }
    eprintln!(
        "INFO/ruru-admin: Successfully dumped {} lease{} row(s) to {}.",
        report.written,
        if v6 { 6 } else { 4 },
        path.display()
    );
    Ok(())
}

async fn run(cli: Cli) -> Result<()> {
    let db = database(&cli)?;
    match cli.command {
        Command::DbInit => match admin::init(&db).await? {
            InitOutcome::Created => {
                let v = admin::read_version(&db).await?;
                println!(
                    "Database version reported after initialization: {}",
                    v.map_or_else(|| "none".to_string(), |v| v.to_string())
                );
            }
            InitOutcome::AlreadyCurrent => {
                println!(
                    "Database {} is already initialised at schema version {}; nothing to do.",
                    db.name,
                    admin::SchemaVersion::expected(db.kind)
                );
            }
        },
        Command::DbVersion => match admin::read_version(&db).await? {
            Some(v) => println!("{v}"),
            None => {
                return Err(AdminError::NotInitialised {
                    backend: db.kind,
                    database: db.name.clone(),
                }
                .into())
            }
        },
        Command::DbUpgrade => {
            let v = admin::upgrade(&db).await?;
            println!("Database version reported before upgrade: {v}");
            println!("Schema {v} is the version ruru (Kea 2.2) uses; nothing to upgrade.");
        }
        Command::StatsRecount => {
            println!("Recount lease statistics from database");
            admin::stats_recount(&db).await?;
        }
        Command::LeaseDump => {
            if cli.v4 == cli.v6 {
                bail!("lease-dump: lease type (-4 or -6) needs to be specified");
            }
            let Some(path) = &cli.output else {
                bail!("you must specify an output file (-o) for lease-dump");
            };
            lease_dump(&db, path, cli.yes, cli.v6).await?;
        }
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("ERROR/ruru-admin: {e:#}");
            ExitCode::FAILURE
        }
    }
}
