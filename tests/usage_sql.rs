//! `dealbook usage-sql` (issue 11): the exact SQL for a small fixture in each
//! dialect, and the DuckDB SQL run by DuckDB on raw telemetry (figures and
//! rejected rows worked out by hand).

use std::fs;
use std::process::Command;

use crate::common::{Dealbook, Output};

const VALID: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid");

fn usage_sql(args: &[&str]) -> Output {
    Dealbook::new()
        .arg("usage-sql")
        .args(args)
        .args(["--data", VALID])
        .run()
}

#[test]
fn the_sql_of_each_dialect_for_the_valid_fixture() {
    // alpha runs 2026-01-01 to 2027-12-31, beta 2025-11-01 to 2028-10-31.
    for dialect in ["spark", "trino", "duckdb"] {
        let run = usage_sql(&["--dialect", dialect]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stderr, "");
        insta::assert_snapshot!(format!("usage_sql_{dialect}"), run.stdout);
    }
}

#[test]
fn the_table_and_time_column_are_named_by_flags() {
    let run = usage_sql(&[
        "--dialect",
        "trino",
        "--table",
        "lake.ops.gpu_telemetry",
        "--time-column",
        "timestamp",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout
            .matches("  FROM lake.ops.gpu_telemetry\n")
            .count(),
        2
    );
    assert_eq!(
        run.stdout
            .matches("date_format(TRY_CAST(\"timestamp\" AS TIMESTAMP), '%Y-%m') AS month")
            .count(),
        2
    );
}

#[test]
fn a_table_name_that_is_not_an_identifier_is_refused() {
    let run = usage_sql(&["--dialect", "duckdb", "--table", "t; DROP TABLE x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: --table \"t; DROP TABLE x\": expected a name of letters, digits and '_' \
         (a table may be qualified with dots)\n"
    );
    assert_eq!(run.stdout, "");
}

/// Raw telemetry for the valid fixture: one row of each kind the contract rejects.
const TELEMETRY: &str = "\
deal,date,gpu_hours
alpha,2026-01-05,10.5
alpha,2026-01-20,2.25
 alpha ,2026-02-01,4
beta,2025-11-30,1
gamma,2026-01-01,3
alpha,2025-12-31,1
beta,2026-03-01,-2
alpha,,5
";

/// Runs both DuckDB statements on TELEMETRY; each result as CSV lines.
const RUN_DUCKDB: &str = r#"
import sys, duckdb
sql, csv = open(sys.argv[1]).read(), sys.argv[2]
con = duckdb.connect()
con.execute(f"CREATE VIEW telemetry AS SELECT * FROM read_csv('{csv}', header=true, columns={{'deal': 'VARCHAR', 'date': 'DATE', 'gpu_hours': 'DOUBLE'}})")
for n, statement in enumerate(s for s in sql.split(";\n") if s.strip()):
    print(f"-- statement {n + 1}")
    for row in con.execute(statement).fetchall():
        print(",".join("" if v is None else str(v) for v in row))
"#;

#[test]
fn duckdb_runs_the_duckdb_sql_on_raw_telemetry() {
    let has_duckdb = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_duckdb {
        // CI installs duckdb (.ci/run); only a machine without it skips.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have the duckdb Python package (pip install duckdb)"
        );
        eprintln!("skipped: no duckdb Python package (pip install duckdb)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (sql, csv) = (
        tmp.path().join("usage.sql"),
        tmp.path().join("telemetry.csv"),
    );
    let run = usage_sql(&["--dialect", "duckdb"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    fs::write(&sql, &run.stdout).unwrap();
    fs::write(&csv, TELEMETRY).unwrap();
    let out = Command::new("python3")
        .args(["-c", RUN_DUCKDB])
        .arg(&sql)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "-- statement 1\n\
         alpha,2026-01,12.750000000\n\
         alpha,2026-02,4.000000000\n\
         beta,2025-11,1.000000000\n\
         -- statement 2\n\
         alpha,2025-12,1.000000000,month outside the deal's term\n\
         alpha,,5.000000000,missing or bad value\n\
         beta,2026-03,-2.000000000,negative gpu_hours\n\
         gamma,2026-01,3.000000000,unknown deal\n"
    );
}
