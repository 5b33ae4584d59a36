//! The exports of docs/figures.md, Column order: deals.csv, schedule.csv, by_year.csv and
//! metrics.json, written from the same tables the pages read.

use rayon::prelude::*;
use serde::Serialize;

use super::table::{JsonRows, Table};
use crate::error::Result;
use crate::model::Site;
use crate::registry;

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
    /// Deal figures summed per group (not exported; see `compute::sums`).
    pub deal_sums: Table,
    /// Per party and year: bought, sold and net (not exported).
    pub party_net: Table,
    /// Per deal: market rate per GPU-hour and its months (not exported).
    pub market_rates: Table,
    /// Commitments by year split into series, per chart (not exported).
    pub year_splits: Table,
}

impl Tables {
    /// Every figure frame as a table of typed cells: the one form that the
    /// exports and the pages both read.
    pub fn from_figures(figures: &crate::compute::Figures) -> Result<Tables> {
        // The schedule (a row per deal and month) is most of the cells: it is
        // decoded on one core while the other tables are on the other.
        let (schedule, rest) = rayon::join(
            || Table::from_frame(&figures.schedule),
            || -> Result<Tables> {
                Ok(Tables {
                    deals: Table::from_frame(&figures.deals)?,
                    schedule: Table::default(),
                    by_year: Table::from_frame(&figures.by_year)?,
                    portfolio_by_year: Table::from_frame(&figures.portfolio_by_year)?,
                    capacity_by_month: Table::from_frame(&figures.capacity_by_month)?,
                    rankings: Table::from_frame(&figures.rankings)?,
                    deal_sums: Table::from_frame(&figures.deal_sums)?,
                    party_net: Table::from_frame(&figures.party_net)?,
                    market_rates: Table::from_frame(&figures.market_rates)?,
                    year_splits: Table::from_frame(&figures.year_splits)?,
                })
            },
        );
        Ok(Tables {
            schedule: schedule?,
            ..rest?
        })
    }

    /// The table of a registry export.
    pub fn of(&self, export: &registry::Export) -> &Table {
        match export.file {
            "deals.csv" => &self.deals,
            "schedule.csv" => &self.schedule,
            "by_year.csv" => &self.by_year,
            "portfolio_by_year.csv" => &self.portfolio_by_year,
            "capacity_by_month.csv" => &self.capacity_by_month,
            "rankings.csv" => &self.rankings,
            other => panic!("no table for {other}"),
        }
    }
}

/// metrics.json (docs/figures.md, Column order): compact JSON, one line, the keys in
/// the contract's order; readers parse it, so the 40% that indentation adds
/// to a large portfolio's file buys nothing.
#[derive(Serialize)]
struct Metrics<'a> {
    as_of: String,
    horizon: String,
    discount_rate: f64,
    /// site.yaml's `license`, when it has one (issue #20).
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    deals: JsonRows<'a>,
    schedule: JsonRows<'a>,
    by_year: JsonRows<'a>,
}

/// Hands each export to `put` as soon as it is built, on every core
/// (metrics.json, the largest, beside the CSV files).
pub fn files(site: &Site, deals: &[&str], t: &Tables, put: &super::sink::Put) -> Result<()> {
    let metrics = || {
        let (y, m) = site.horizon;
        let metrics = Metrics {
            as_of: site.as_of.format("%Y-%m-%d").to_string(),
            horizon: format!("{y:04}-{m:02}"),
            discount_rate: site.discount_rate,
            license: site.license.as_deref(),
            deals: JsonRows(&t.deals),
            schedule: JsonRows(&t.schedule),
            by_year: JsonRows(&t.by_year),
        };
        put.stream("data/metrics.json", &mut |w| {
            serde_json::to_writer(&mut *w, &metrics)?;
            w.write_all(b"\n")
        })
    };
    let csvs = || {
        [
            ("data/deals.csv", &t.deals),
            ("data/by_year.csv", &t.by_year),
            ("data/portfolio_by_year.csv", &t.portfolio_by_year),
            ("data/capacity_by_month.csv", &t.capacity_by_month),
            ("data/rankings.csv", &t.rankings),
        ]
        .into_par_iter()
        .try_for_each(|(path, table)| put.stream(path, &mut |w| table.write_csv(w)))
    };
    let (json, (csvs, schedules)) = rayon::join(metrics, || {
        rayon::join(csvs, || schedules(deals, &t.schedule, put))
    });
    json.and(csvs).and(schedules)
}

/// schedule.csv, and each deal's rows of it as `data/schedule/<id>.csv`
/// (the deal page's download): the same header and the same bytes, cut
/// from the one rendering of the table.
fn schedules(deals: &[&str], schedule: &Table, put: &super::sink::Put) -> Result<()> {
    let (bytes, header, ends) = schedule.csv_with_row_ends();
    let start_of = |row: usize| if row == 0 { header } else { ends[row - 1] };
    for chunk in deals.chunks(64) {
        let mut files = crate::write::SiteFiles::new();
        for id in chunk {
            let rows = schedule.sorted_range("deal", id);
            let mut csv = bytes[..header].to_vec();
            if !rows.is_empty() {
                csv.extend_from_slice(&bytes[start_of(rows.start)..ends[rows.end - 1]]);
            }
            files.insert(format!("data/schedule/{id}.csv"), csv);
        }
        put.batch(files)?;
    }
    put.one("data/schedule.csv", bytes)
}
