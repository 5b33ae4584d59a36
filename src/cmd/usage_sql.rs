//! `dealbook usage-sql`: print the SQL that reduces a raw telemetry table to
//! dealbook's usage table, with the deal ids and terms of the data directory.

use crate::cli::UsageSqlArgs;
use crate::error::{Error, Result};
use crate::model::Overrides;
use crate::sql::{self, Term};

pub fn run(args: &UsageSqlArgs) -> Result<()> {
    for (flag, name) in [
        ("--table", &args.table),
        ("--time-column", &args.time_column),
    ] {
        if !sql::is_table_name(name) {
            return Err(Error::Usage(format!(
                "{flag} {name:?}: expected a name of letters, digits and '_' (a table may be qualified with dots)"
            )));
        }
    }
    let model = crate::pipeline::validate(&args.data.dir, &Overrides::default())?;
    let terms: Vec<Term> = model
        .deals
        .iter()
        .map(|d| Term {
            deal: d.id.clone(),
            first: d.start,
            last: d.effective_end(),
        })
        .collect();
    print!(
        "{}",
        sql::usage_sql(args.dialect, &args.table, &args.time_column, &terms)
    );
    Ok(())
}
