//! The figures tables decoded once into typed rows: the one place in render
//! that reads a column by its name (the names the figure registry declares).
//! Pages read fields (`deal.total`, `deal.status`), never a column by string.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::table::{Cell, Table};
use crate::registry;

/// A figure and its band (docs/figures.md, Bands); None where the cell is empty or
/// the table carries no such column.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Band<T = f64> {
    pub base: Option<T>,
    pub low: Option<T>,
    pub high: Option<T>,
    /// What the registry says the figure measures (None for a column it lacks).
    pub unit: Option<registry::Unit>,
}

/// The figures of one deal (deals.csv and its ranks in rankings.csv).
#[derive(Debug, Clone, Default)]
pub struct DealFigures {
    pub id: String,
    /// upcoming, active, ended or terminated (docs/data-format.md section 10).
    pub status: String,
    pub term_months: Option<i64>,
    pub term_days: Option<f64>,
    pub total: Band,
    pub monthly_equiv: Band,
    pub paid_to_date: Band,
    pub remaining: Band,
    pub remaining_pv: Band,
    pub within_horizon: Band,
    pub power_mw: Band,
    pub gpus: Band,
    pub h100e: Band,
    pub per_gpu_hour: Band,
    pub per_h100e_hour: Band,
    pub per_mw_month: Band,
    pub per_used_gpu_hour: Band,
    pub utilization: Band,
    pub market: Band,
    pub market_premium: Band,
    pub firm_remaining: Band,
    pub cancellable: Band,
    pub earliest_exit: Band<NaiveDate>,
    pub intermediary: bool,
    /// Ranks of rankings.csv, 1 for the first; None where the figure is empty.
    pub rank_total: Option<f64>,
    pub rank_per_gpu_hour: Option<f64>,
    pub rank_per_mw_month: Option<f64>,
    /// Market value ÷ contracted GPU-hours over the months with both, base
    /// scenario (compute::market::deal_rates), and how many months.
    pub market_rate: Option<f64>,
    pub market_months: usize,
}

/// One month of a deal's schedule (schedule.csv).
#[derive(Debug, Clone, Default)]
pub struct MonthFigures {
    /// YYYY-MM.
    pub month: String,
    pub active_days: Option<i64>,
    pub payment: Band,
    pub cumulative: Band,
    pub contracted_gpu_hours: Band,
    pub per_gpu_hour: Band,
    pub used_gpu_hours: Option<f64>,
    pub utilization: Band,
    pub per_used_gpu_hour: Band,
    pub market: Band,
    pub firm_payment: Band,
}

/// One calendar year of a deal (by_year.csv).
#[derive(Debug, Clone, Default)]
pub struct YearFigures {
    pub year: Option<i64>,
    pub payment: Band,
    pub firm_payment: Band,
}

/// One month of contracted capacity across deals (capacity_by_month.csv).
#[derive(Debug, Clone, Default)]
pub struct CapacityMonth {
    /// YYYY-MM.
    pub month: String,
    pub deals: Option<i64>,
    pub power_mw: Band,
    pub h100e: Band,
    pub gpus: Option<f64>,
}

/// One group's payments in a year (portfolio_by_year.csv).
#[derive(Debug, Clone, Default)]
pub struct PortfolioYear {
    /// all, buyer, provider or not_binding.
    pub dimension: String,
    pub name: String,
    pub year: Option<i64>,
    pub payment: Band,
    pub firm_payment: Option<f64>,
}

/// Deal figures summed over a group of deals (compute::sums): each a sum
/// with the sums of the lows and highs, and how many deals had a value.
#[derive(Debug, Clone, Default)]
pub struct GroupSums {
    pub deals: i64,
    pub total: Summed,
    pub firm_remaining: Summed,
    pub cancellable: Summed,
    pub within_horizon: Summed,
    pub remaining: Summed,
    pub remaining_pv: Summed,
    pub power_mw: Summed,
    pub h100e: Summed,
}

/// A summed figure: its band, and how many deals have a value.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summed {
    pub band: Band,
    pub deals: usize,
}

/// A party's binding payments in a year as buyer and as provider (compute::portfolio::party_net).
#[derive(Debug, Clone, Default)]
pub struct PartyNetYear {
    pub name: String,
    pub year: Option<i64>,
    pub bought: Option<f64>,
    pub sold: Option<f64>,
    pub net: Option<f64>,
    pub firm_bought: Option<f64>,
    pub firm_sold: Option<f64>,
}

/// One chart of commitments by year split into series
/// (compute::year_splits), keyed by (chart, group).
#[derive(Debug, Clone, Default)]
pub struct YearSplit {
    /// The series' names, largest first.
    pub series: Vec<String>,
    /// The years with payments through the horizon, ascending.
    pub years: Vec<SplitYear>,
    /// The sums through the horizon.
    pub through: SplitYear,
}

/// A year (or the sum through the horizon) of a [`YearSplit`].
#[derive(Debug, Clone, Default)]
pub struct SplitYear {
    /// None for the sum through the horizon.
    pub year: Option<i64>,
    /// Each series' amount, by rank.
    pub cells: Vec<Option<f64>>,
    pub total: Band,
    pub firm: Option<f64>,
}

/// Reads one row's cells by column name.
struct Reader<'a> {
    table: &'a Table,
    cells: &'a [Cell],
}

impl Reader<'_> {
    fn cell(&self, name: &str) -> Option<&Cell> {
        self.table.index(name).map(|i| &self.cells[i])
    }

    fn num(&self, name: &str) -> Option<f64> {
        self.cell(name).and_then(Cell::num)
    }

    fn int(&self, name: &str) -> Option<i64> {
        match self.cell(name) {
            Some(Cell::Int(i)) => Some(*i),
            _ => None,
        }
    }

    fn text(&self, name: &str) -> String {
        self.cell(name).map(Cell::text).unwrap_or_default()
    }

    fn date(&self, name: &str) -> Option<NaiveDate> {
        match self.cell(name) {
            Some(Cell::Date(d)) => Some(*d),
            _ => None,
        }
    }

    fn band(&self, name: &str) -> Band {
        Band {
            base: self.num(name),
            low: self.num(&format!("{name}_low")),
            high: self.num(&format!("{name}_high")),
            unit: registry::unit_of(name),
        }
    }

    fn date_band(&self, name: &str) -> Band<NaiveDate> {
        Band {
            base: self.date(name),
            low: self.date(&format!("{name}_low")),
            high: self.date(&format!("{name}_high")),
            unit: registry::unit_of(name),
        }
    }
}

fn readers(table: &Table) -> impl Iterator<Item = Reader<'_>> {
    table.rows.iter().map(move |cells| Reader { table, cells })
}

/// Every deal's figures, by id.
pub fn deals(deals: &Table, rankings: &Table, rates: &Table) -> BTreeMap<String, DealFigures> {
    let mut out: BTreeMap<String, DealFigures> = readers(deals)
        .map(|r| {
            let f = DealFigures {
                id: r.text("id"),
                status: r.text("status"),
                term_months: r.int("term_months"),
                term_days: r.num("term_days"),
                total: r.band("total_usd"),
                monthly_equiv: r.band("monthly_equiv_usd"),
                paid_to_date: r.band("paid_to_date_usd"),
                remaining: r.band("remaining_usd"),
                remaining_pv: r.band("remaining_pv_usd"),
                within_horizon: r.band("within_horizon_usd"),
                power_mw: r.band("power_mw"),
                gpus: r.band("gpus"),
                h100e: r.band("h100e"),
                per_gpu_hour: r.band("usd_per_gpu_hour"),
                per_h100e_hour: r.band("usd_per_h100e_hour"),
                per_mw_month: r.band("usd_per_mw_month"),
                per_used_gpu_hour: r.band("usd_per_used_gpu_hour"),
                utilization: r.band("utilization"),
                market: r.band("market_usd"),
                market_premium: r.band("market_premium"),
                firm_remaining: r.band("firm_remaining_usd"),
                cancellable: r.band("cancellable_usd"),
                earliest_exit: r.date_band("earliest_exit"),
                intermediary: matches!(r.cell("intermediary"), Some(Cell::Bool(true))),
                ..Default::default()
            };
            (f.id.clone(), f)
        })
        .collect();
    for r in readers(rankings) {
        if let Some(f) = out.get_mut(&r.text("id")) {
            f.rank_total = r.num("rank_total_usd");
            f.rank_per_gpu_hour = r.num("rank_usd_per_gpu_hour");
            f.rank_per_mw_month = r.num("rank_usd_per_mw_month");
        }
    }
    for r in readers(rates) {
        if let Some(f) = out.get_mut(&r.text("deal")) {
            f.market_rate = r.num("market_rate");
            f.market_months = r.int("market_months").unwrap_or(0) as usize;
        }
    }
    out
}

/// Each deal's schedule months, by deal id, in month order.
pub fn months(schedule: &Table) -> BTreeMap<String, Vec<MonthFigures>> {
    let mut out: BTreeMap<String, Vec<MonthFigures>> = BTreeMap::new();
    for r in readers(schedule) {
        out.entry(r.text("deal")).or_default().push(MonthFigures {
            month: r.text("month"),
            active_days: r.int("active_days"),
            payment: r.band("payment_usd"),
            cumulative: r.band("cumulative_usd"),
            contracted_gpu_hours: r.band("contracted_gpu_hours"),
            per_gpu_hour: r.band("usd_per_gpu_hour"),
            used_gpu_hours: r.num("used_gpu_hours"),
            utilization: r.band("utilization"),
            per_used_gpu_hour: r.band("usd_per_used_gpu_hour"),
            market: r.band("market_usd"),
            firm_payment: r.band("firm_payment_usd"),
        });
    }
    out
}

/// Each deal's calendar years, by deal id, in year order.
pub fn years(by_year: &Table) -> BTreeMap<String, Vec<YearFigures>> {
    let mut out: BTreeMap<String, Vec<YearFigures>> = BTreeMap::new();
    for r in readers(by_year) {
        out.entry(r.text("deal")).or_default().push(YearFigures {
            year: r.int("year"),
            payment: r.band("payment_usd"),
            firm_payment: r.band("firm_payment_usd"),
        });
    }
    out
}

pub fn capacity(capacity_by_month: &Table) -> Vec<CapacityMonth> {
    readers(capacity_by_month)
        .map(|r| CapacityMonth {
            month: r.text("month"),
            deals: r.int("deals"),
            power_mw: r.band("power_mw"),
            h100e: r.band("h100e"),
            gpus: r.num("gpus"),
        })
        .collect()
}

pub fn portfolio(portfolio_by_year: &Table) -> Vec<PortfolioYear> {
    readers(portfolio_by_year)
        .map(|r| PortfolioYear {
            dimension: r.text("dimension"),
            name: r.text("name"),
            year: r.int("year"),
            payment: r.band("payment_usd"),
            firm_payment: r.num("firm_payment_usd"),
        })
        .collect()
}

/// The group sums by (dimension, name).
pub fn sums(deal_sums: &Table) -> BTreeMap<(String, String), GroupSums> {
    readers(deal_sums)
        .map(|r| {
            let summed = |name: &str| Summed {
                band: r.band(name),
                deals: r.int(&format!("{name}_deals")).unwrap_or(0) as usize,
            };
            let sums = GroupSums {
                deals: r.int("deals").unwrap_or(0),
                total: summed("total_usd"),
                firm_remaining: summed("firm_remaining_usd"),
                cancellable: summed("cancellable_usd"),
                within_horizon: summed("within_horizon_usd"),
                remaining: summed("remaining_usd"),
                remaining_pv: summed("remaining_pv_usd"),
                power_mw: summed("power_mw"),
                h100e: summed("h100e"),
            };
            ((r.text("dimension"), r.text("name")), sums)
        })
        .collect()
}

/// Every year-split chart by (chart, group); its rows come year by year,
/// each year's series in rank order, then its total, the sums last.
pub fn year_splits(table: &Table) -> BTreeMap<(String, String), YearSplit> {
    let mut out: BTreeMap<(String, String), YearSplit> = BTreeMap::new();
    for r in readers(table) {
        let split = out.entry((r.text("chart"), r.text("group"))).or_default();
        let year = r.int("year");
        let line = match year {
            None => &mut split.through,
            Some(_) => {
                if split.years.last().is_none_or(|y| y.year != year) {
                    split.years.push(SplitYear {
                        year,
                        ..SplitYear::default()
                    });
                }
                split.years.last_mut().expect("pushed above")
            }
        };
        match r.int("rank") {
            Some(rank) => {
                if year.is_none() {
                    split.series.push(r.text("series"));
                }
                debug_assert_eq!(line.cells.len() as i64, rank);
                line.cells.push(r.num("payment_usd"));
            }
            None => {
                line.total = r.band("payment_usd");
                line.firm = r.num("firm_payment_usd");
            }
        }
    }
    out
}

pub fn party_net(party_net: &Table) -> Vec<PartyNetYear> {
    readers(party_net)
        .map(|r| PartyNetYear {
            name: r.text("name"),
            year: r.int("year"),
            bought: r.num("bought_usd"),
            sold: r.num("sold_usd"),
            net: r.num("net_usd"),
            firm_bought: r.num("firm_bought_usd"),
            firm_sold: r.num("firm_sold_usd"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bands_dates_and_flags_by_name() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 31).unwrap();
        let deals = Table {
            columns: [
                "id",
                "status",
                "total_usd",
                "total_usd_low",
                "earliest_exit",
                "intermediary",
            ]
            .map(String::from)
            .to_vec(),
            rows: vec![vec![
                Cell::Str("a".into()),
                Cell::Str("active".into()),
                Cell::Num(2.0),
                Cell::Num(1.0),
                Cell::Date(d),
                Cell::Bool(true),
            ]],
        };
        let rankings = Table {
            columns: ["id", "rank_total_usd"].map(String::from).to_vec(),
            rows: vec![vec![Cell::Str("a".into()), Cell::Int(1)]],
        };
        let f = &deals_of(&deals, &rankings)["a"];
        assert_eq!(f.status, "active");
        // A band column the table does not carry reads as None.
        assert_eq!(
            f.total,
            Band {
                base: Some(2.0),
                low: Some(1.0),
                high: None,
                unit: Some(registry::Unit::Usd),
            }
        );
        assert_eq!(f.earliest_exit.base, Some(d));
        assert!(f.intermediary);
        assert_eq!(f.rank_total, Some(1.0));
        // A column the table lacks is empty, in the unit the registry declares.
        assert_eq!(
            f.power_mw,
            Band {
                unit: Some(registry::Unit::Mw),
                ..Band::default()
            }
        );
    }

    fn deals_of(d: &Table, r: &Table) -> BTreeMap<String, DealFigures> {
        deals(d, r, &Table::default())
    }
}
