//! Validated inputs -> polars frames of figures: the deals, schedule and
//! by-year tables of SPEC.md section 8, with low/base/high bands.

pub mod calendar;
pub mod market;
pub mod portfolio;
pub mod scenario;
pub mod schedule;
pub mod usage;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::model::Model;

/// Columns of deals.csv in SPEC.md order.
pub const DEAL_COLUMNS: &[&str] = &[
    "id",
    "title",
    "buyer",
    "provider",
    "status",
    "start",
    "end",
    "effective_end",
    "term_months",
    "term_days",
    "total_usd",
    "total_usd_low",
    "total_usd_high",
    "monthly_equiv_usd",
    "paid_to_date_usd",
    "remaining_usd",
    "remaining_pv_usd",
    "within_horizon_usd",
    "power_mw",
    "gpus",
    "h100e",
    "usd_per_gpu_hour",
    "usd_per_gpu_hour_low",
    "usd_per_gpu_hour_high",
    "usd_per_h100e_hour",
    "usd_per_mw_month",
    "usd_per_used_gpu_hour",
    "utilization",
    "market_usd",
    "market_premium",
];

/// The v2 columns of deals.csv (SPEC.md 10.4), after the v1 columns and their extra bands.
pub const DEAL_V2_COLUMNS: &[&str] = &[
    "commitment",
    "signed",
    "earliest_exit",
    "firm_remaining_usd",
    "firm_remaining_usd_low",
    "firm_remaining_usd_high",
    "cancellable_usd",
    "intermediary",
    "reviewed",
];

/// Banded v2 deal figures beyond those SPEC.md lists.
const DEAL_V2_EXTRA_BANDS: &[&str] = &["cancellable_usd", "earliest_exit"];

/// Banded deal figures beyond those SPEC.md lists: exported as extra `_low`/`_high` columns.
const DEAL_EXTRA_BANDS: &[&str] = &[
    "monthly_equiv_usd",
    "paid_to_date_usd",
    "remaining_usd",
    "remaining_pv_usd",
    "within_horizon_usd",
    "power_mw",
    "gpus",
    "h100e",
    "usd_per_h100e_hour",
    "usd_per_mw_month",
    "usd_per_used_gpu_hour",
    "utilization",
    "market_usd",
    "market_premium",
];

pub const SCHEDULE_COLUMNS: &[&str] = &[
    "deal",
    "month",
    "active_days",
    "payment_usd",
    "payment_usd_low",
    "payment_usd_high",
    "cumulative_usd",
    "contracted_gpu_hours",
    "usd_per_gpu_hour",
    "used_gpu_hours",
    "utilization",
    "usd_per_used_gpu_hour",
    "market_usd",
];

const SCHEDULE_EXTRA_BANDS: &[&str] = &[
    "cumulative_usd",
    "contracted_gpu_hours",
    "usd_per_gpu_hour",
    "utilization",
    "usd_per_used_gpu_hour",
    "market_usd",
];

pub const BY_YEAR_COLUMNS: &[&str] = &[
    "deal",
    "year",
    "payment_usd",
    "payment_usd_low",
    "payment_usd_high",
];

/// The v2 column of schedule.csv and by_year.csv (SPEC.md 10.4), then its band.
pub const FIRM_PAYMENT_COLUMNS: &[&str] = &[
    "firm_payment_usd",
    "firm_payment_usd_low",
    "firm_payment_usd_high",
];

/// Every figure of a run.
#[derive(Debug, Clone)]
pub struct Figures {
    /// One row per deal, sorted by id: SPEC.md columns, then extra bands.
    pub deals: DataFrame,
    /// One row per deal and month, sorted by deal then month.
    pub schedule: DataFrame,
    /// One row per deal and calendar year.
    pub by_year: DataFrame,
    /// Commitments by buyer, provider and year through the horizon.
    pub portfolio_by_year: DataFrame,
    /// Contracted power, GPUs and H100-equivalents per month.
    pub capacity_by_month: DataFrame,
    /// Deals ranked by value and unit costs.
    pub rankings: DataFrame,
    /// Usage rows read (for `check`'s summary).
    pub usage_rows: u64,
}

fn with_extras(required: &[&str], extras: &[&str]) -> Vec<Expr> {
    let mut cols: Vec<Expr> = required.iter().map(|c| col(*c)).collect();
    for e in extras {
        for suffix in ["_low", "_high"] {
            let name = format!("{e}{suffix}");
            if !required.contains(&name.as_str()) {
                cols.push(col(name));
            }
        }
    }
    cols
}

/// v1 columns, v1 extra bands, then v2 columns and their extra bands (SPEC.md 10.4).
fn v1_then_v2(v1: &[&str], v1_extras: &[&str], v2: &[&str], v2_extras: &[&str]) -> Vec<Expr> {
    let mut cols = with_extras(v1, v1_extras);
    cols.extend(with_extras(v2, v2_extras));
    cols
}

pub fn compute(model: &Model) -> Result<Figures> {
    let site = &model.site;
    let months = schedule::months_frame(&model.deals, site)?;
    let scenarios = scenario::frames(&model.deals, &model.catalogue, site.as_of)?;
    // Both tables are read before either error is returned: a run reports every error.
    let t = std::time::Instant::now();
    let (usage, market) = match (
        usage::read(&model.tables.usage, &model.deals, site),
        market::read(&model.tables.market, &model.catalogue),
    ) {
        (Ok(usage), Ok(market)) => (usage, market),
        (Err(Error::Data(mut a)), Err(Error::Data(b))) => {
            a.extend(b);
            a.sort();
            return Err(Error::Data(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    crate::cmd::timing("  usage and market tables", t);
    let t = std::time::Instant::now();
    let market_by_month = market::deal_months(&market, &months, &scenarios.fleet)?;
    crate::cmd::timing("  market value per deal and month", t);
    let t = std::time::Instant::now();

    let rows = schedule::scenario_months(
        months.lazy(),
        &scenarios,
        usage.frame.clone().lazy(),
        market_by_month.lazy(),
        site.discount_rate,
    )?
    .collect()?;

    crate::cmd::timing("  scenario months", t);
    let t = std::time::Instant::now();
    let info = deal_info(model)?;
    let mut deal_aggs: Vec<Expr> = ["term_months", "term_days"]
        .iter()
        .map(|c| schedule::base(c))
        .collect();
    for figure in [
        "total_usd",
        "monthly_equiv_usd",
        "paid_to_date_usd",
        "remaining_usd",
        "remaining_pv_usd",
        "within_horizon_usd",
        "power_mw",
        "gpus",
        "h100e",
        "usd_per_gpu_hour",
        "usd_per_h100e_hour",
        "usd_per_mw_month",
        "usd_per_used_gpu_hour",
        "utilization",
        "market_usd",
        "market_premium",
        "firm_remaining_usd",
        "cancellable_usd",
        "earliest_exit",
    ] {
        deal_aggs.extend(schedule::band(figure));
    }
    let deals = schedule::scenario_deals(rows.clone().lazy())
        .group_by_stable([col("deal")])
        .agg(deal_aggs)
        .rename(["deal"], ["id"], true);
    let deals = info
        .lazy()
        .join(
            deals,
            [col("id")],
            [col("id")],
            JoinArgs::new(JoinType::Left),
        )
        .sort(["id"], SortMultipleOptions::default())
        // Counts are integers in the exports (SPEC.md 8), though summed as floats.
        .with_columns(
            ["gpus", "gpus_low", "gpus_high"]
                .map(|c| col(c).round(0, RoundMode::HalfToEven).cast(DataType::Int64)),
        )
        .select(v1_then_v2(
            DEAL_COLUMNS,
            DEAL_EXTRA_BANDS,
            DEAL_V2_COLUMNS,
            DEAL_V2_EXTRA_BANDS,
        ))
        .collect()?;

    let mut month_aggs = vec![
        schedule::base("active_days"),
        schedule::base("used_gpu_hours"),
    ];
    for figure in [
        "payment_usd",
        "cumulative_usd",
        "contracted_gpu_hours",
        "usd_per_gpu_hour",
        "utilization",
        "usd_per_used_gpu_hour",
        "market_usd",
        "firm_payment_usd",
    ] {
        month_aggs.extend(schedule::band(figure));
    }
    let schedule = rows
        .clone()
        .lazy()
        .group_by_stable([col("deal"), col("month")])
        .agg(month_aggs)
        .sort(["deal", "month"], SortMultipleOptions::default())
        .select(v1_then_v2(
            SCHEDULE_COLUMNS,
            SCHEDULE_EXTRA_BANDS,
            FIRM_PAYMENT_COLUMNS,
            &[],
        ))
        .collect()?;

    crate::cmd::timing("  deals and schedule", t);
    let portfolio_by_year =
        portfolio::by_year(rows.clone().lazy(), parties_of_deals(model)?.lazy())?.collect()?;
    let capacity_by_month = portfolio::capacity_by_month(rows.clone().lazy()).collect()?;
    let rankings = portfolio::rankings(deals.clone().lazy()).collect()?;
    let by_year = schedule::scenario_years(rows.lazy())
        .group_by_stable([col("deal"), col("year")])
        .agg(
            [
                schedule::band("payment_usd"),
                schedule::band("firm_payment_usd"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
        )
        .sort(["deal", "year"], SortMultipleOptions::default())
        .select(v1_then_v2(BY_YEAR_COLUMNS, &[], FIRM_PAYMENT_COLUMNS, &[]))
        .collect()?;

    Ok(Figures {
        deals,
        schedule,
        by_year,
        portfolio_by_year,
        capacity_by_month,
        rankings,
        usage_rows: usage.rows,
    })
}

/// id, buyer, provider and commitment of each deal, with the buyer and provider
/// as their parties (SPEC.md 10.3): the portfolio groups by party.
fn parties_of_deals(model: &Model) -> Result<DataFrame, Error> {
    let deals = &model.deals;
    let party = |name: &str| model.parties.party(name).to_string();
    Ok(df!(
        "id" => deals.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        "buyer" => deals.iter().map(|d| party(&d.buyer)).collect::<Vec<_>>(),
        "provider" => deals.iter().map(|d| party(&d.provider)).collect::<Vec<_>>(),
        "commitment" => deals.iter().map(|d| d.commitment.as_str()).collect::<Vec<_>>(),
    )?)
}

/// The per-deal facts that are not computed: names, dates, status, and the
/// commitment structure of SPEC.md 10 (`intermediary` from the parties).
fn deal_info(model: &Model) -> Result<DataFrame, Error> {
    let deals = &model.deals;
    let as_of = model.site.as_of;
    let parties = &model.parties;
    // intermediary: the buyer's party provides another deal of the data.
    let mut providing: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in deals {
        *providing.entry(parties.party(&d.provider)).or_default() += 1;
    }
    let intermediary: Vec<bool> = deals
        .iter()
        .map(|d| {
            let buyer = parties.party(&d.buyer);
            let own = usize::from(parties.party(&d.provider) == buyer);
            providing.get(buyer).copied().unwrap_or(0) > own
        })
        .collect();
    Ok(df!(
        "id" => deals.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        "title" => deals.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(),
        "buyer" => deals.iter().map(|d| d.buyer.as_str()).collect::<Vec<_>>(),
        "provider" => deals.iter().map(|d| d.provider.as_str()).collect::<Vec<_>>(),
        "status" => deals.iter().map(|d| calendar::status(d, as_of)).collect::<Vec<_>>(),
        "start" => deals.iter().map(|d| d.start).collect::<Vec<_>>(),
        "end" => deals.iter().map(|d| d.end).collect::<Vec<_>>(),
        "effective_end" => deals.iter().map(|d| d.effective_end()).collect::<Vec<_>>(),
        "commitment" => deals.iter().map(|d| d.commitment.as_str()).collect::<Vec<_>>(),
        "signed" => deals.iter().map(|d| d.signed).collect::<Vec<_>>(),
        "intermediary" => intermediary,
        "reviewed" => deals.iter().map(|d| d.reviewed).collect::<Vec<_>>(),
    )?)
}
