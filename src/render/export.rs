//! The exports of SPEC.md section 8: deals.csv, schedule.csv, by_year.csv and
//! metrics.json, written from the same tables the pages read.

use super::table::Table;
use crate::model::Site;

pub struct Tables {
    pub deals: Table,
    pub schedule: Table,
    pub by_year: Table,
    /// dimension (all, buyer, provider), name, year, payment_usd, payment_usd_low, payment_usd_high.
    pub portfolio_by_year: Table,
    /// month, deals, power_mw, power_mw_low, power_mw_high, h100e, h100e_low, h100e_high, gpus.
    pub capacity_by_month: Table,
    /// id, title, total_usd, rank_total_usd, usd_per_gpu_hour, rank_usd_per_gpu_hour,
    /// usd_per_mw_month, rank_usd_per_mw_month.
    pub rankings: Table,
}

/// (path under the output directory, bytes) for each export.
pub fn files(site: &Site, t: &Tables) -> Vec<(String, Vec<u8>)> {
    let (y, m) = site.horizon;
    let mut json = Vec::new();
    let text = |v: &str| serde_json::to_string(v).expect("a string");
    json.extend_from_slice(
        format!(
            "{{\n  \"as_of\": {},\n  \"horizon\": {},\n  \"discount_rate\": {},\n",
            text(&site.as_of.format("%Y-%m-%d").to_string()),
            text(&format!("{y:04}-{m:02}")),
            serde_json::to_string(&site.discount_rate).expect("a number"),
        )
        .as_bytes(),
    );
    for (i, (key, table)) in [
        ("deals", &t.deals),
        ("schedule", &t.schedule),
        ("by_year", &t.by_year),
    ]
    .into_iter()
    .enumerate()
    {
        json.extend_from_slice(format!("  \"{key}\": ").as_bytes());
        table.write_json_rows(&mut json, "  ");
        json.extend_from_slice(if i < 2 { b",\n" } else { b"\n}\n" });
    }
    vec![
        ("data/deals.csv".to_string(), t.deals.to_csv()),
        ("data/schedule.csv".to_string(), t.schedule.to_csv()),
        ("data/by_year.csv".to_string(), t.by_year.to_csv()),
        ("data/metrics.json".to_string(), json),
        (
            "data/portfolio_by_year.csv".to_string(),
            t.portfolio_by_year.to_csv(),
        ),
        (
            "data/capacity_by_month.csv".to_string(),
            t.capacity_by_month.to_csv(),
        ),
        ("data/rankings.csv".to_string(), t.rankings.to_csv()),
    ]
}
