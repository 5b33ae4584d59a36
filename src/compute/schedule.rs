//! Payment schedules and their figures (docs/figures.md (payment schedule to market comparison)) for every deal and
//! scenario at once: calendar facts x scenario inputs, joined and computed as
//! polars expressions.

use polars::prelude::*;

use super::calendar::{self, MonthFacts};
use super::scenario::ScenarioFrames;
use crate::model::{Deal, Site};

const HOURS_PER_DAY: f64 = 24.0;

/// One row per deal and schedule month, with the dates-only facts.
pub fn months_frame(deals: &[Deal], site: &Site) -> PolarsResult<DataFrame> {
    let mut deal = Vec::new();
    let mut facts: Vec<MonthFacts> = Vec::new();
    let mut contract_days = Vec::new();
    for d in deals {
        let months = calendar::schedule_months(d, site);
        let c = calendar::days_inclusive(d.start, d.end);
        for m in months {
            deal.push(d.id.as_str());
            contract_days.push(c);
            facts.push(m);
        }
    }
    let col_i64 = |f: fn(&MonthFacts) -> i64| facts.iter().map(f).collect::<Vec<i64>>();
    df!(
        "deal" => deal,
        "month" => facts.iter().map(MonthFacts::label).collect::<Vec<_>>(),
        "year" => facts.iter().map(|m| m.year).collect::<Vec<i32>>(),
        "active_days" => col_i64(|m| m.active_days),
        "days_in_month" => col_i64(|m| m.days_in_month),
        "contract_year" => col_i64(|m| m.contract_year),
        "ramp_entry" => facts.iter().map(|m| m.ramp_entry).collect::<Vec<Option<i64>>>(),
        "paid_days" => col_i64(|m| m.paid_days),
        "unpaid_from" => facts.iter().map(|m| m.unpaid_from).collect::<Vec<i32>>(),
        "last_active" => facts.iter().map(|m| m.last_active).collect::<Vec<i32>>(),
        "discount_years" => facts.iter().map(|m| m.discount_years).collect::<Vec<f64>>(),
        "in_horizon" => facts.iter().map(|m| m.in_horizon).collect::<Vec<bool>>(),
        "month_end" => facts.iter().map(|m| m.month_end).collect::<Vec<_>>(),
        "contract_days" => contract_days,
    )
}

/// GPUs and H100-equivalents per deal and scenario; null where the fleet has no GPUs.
pub fn fleet_totals(fleet: LazyFrame) -> LazyFrame {
    fleet
        .group_by_stable([col("deal"), col("scenario")])
        .agg([
            col("count").sum_in_order().alias("gpus"),
            (col("count") * col("h100e")).sum_in_order().alias("h100e"),
            // An entry without a model has no H100-equivalents, so neither has the fleet.
            col("h100e").null_count().alias("unknown_models"),
        ])
        .select([
            col("deal"),
            col("scenario"),
            when(col("gpus").gt(lit(0.0)))
                .then(col("gpus"))
                .otherwise(lit(NULL))
                .alias("gpus"),
            when(
                col("gpus")
                    .gt(lit(0.0))
                    .and(col("unknown_models").eq(lit(0))),
            )
            .then(col("h100e"))
            .otherwise(lit(NULL))
            .alias("h100e"),
        ])
}

fn null_f64() -> Expr {
    lit(NULL).cast(DataType::Float64)
}

/// a / b, null where b is null or 0.
fn ratio(a: Expr, b: Expr) -> Expr {
    when(b.clone().neq(lit(0.0)))
        .then(a / b)
        .otherwise(null_f64())
}

/// Every schedule month of every deal in every scenario, with its figures.
///
/// `usage` has deal, month, used_gpu_hours; `market` has deal, scenario, month, market_usd.
pub fn scenario_months(
    months: LazyFrame,
    scenarios: &ScenarioFrames,
    usage: LazyFrame,
    market: LazyFrame,
    discount_rate: f64,
) -> PolarsResult<LazyFrame> {
    let keys = |names: &[&str]| names.iter().map(|n| col(*n)).collect::<Vec<_>>();
    let d = col("active_days").cast(DataType::Float64);
    let periodic = col("price")
        * (lit(1.0) + col("escalation")).pow(col("contract_year").cast(DataType::Float64))
        * d.clone()
        / col("days_in_month").cast(DataType::Float64)
        * (lit(1.0) - col("discount"));
    let spread = col("price") * d.clone() / col("contract_days").cast(DataType::Float64);
    let payment = when(col("is_total")).then(spread).otherwise(periodic);
    let paid = col("payment_usd") * col("paid_days").cast(DataType::Float64) / d.clone();
    // f_m of docs/figures.md, What binds: days of [max(first_m, A + 1), min(last_m, X)], 0 when empty.
    let firm_days = (when(col("last_active").lt(col("firm_until")))
        .then(col("last_active"))
        .otherwise(col("firm_until"))
        .cast(DataType::Int64)
        - col("unpaid_from").cast(DataType::Int64)
        + lit(1i64))
    .clip_min(lit(0i64));
    // docs/figures.md, What binds: nothing is firm where nothing binds.
    let firm = when(col("binds"))
        .then(col("payment_usd") * firm_days.cast(DataType::Float64) / d.clone())
        .otherwise(lit(0.0));
    let contracted = col("gpus") * lit(HOURS_PER_DAY) * d;
    let used = col("used_gpu_hours");

    Ok(months
        .join(
            scenarios.inputs.clone().lazy(),
            keys(&["deal"]),
            keys(&["deal"]),
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            scenarios.ramp.clone().lazy(),
            keys(&["deal", "scenario", "ramp_entry"]),
            keys(&["deal", "scenario", "ramp_entry"]),
            JoinArgs::new(JoinType::Left),
        )
        .join(
            fleet_totals(scenarios.fleet.clone().lazy()),
            keys(&["deal", "scenario"]),
            keys(&["deal", "scenario"]),
            JoinArgs::new(JoinType::Left),
        )
        .join(
            usage,
            keys(&["deal", "month"]),
            keys(&["deal", "month"]),
            JoinArgs::new(JoinType::Left),
        )
        .join(
            market,
            keys(&["deal", "scenario", "month"]),
            keys(&["deal", "scenario", "month"]),
            JoinArgs::new(JoinType::Left),
        )
        .sort(
            ["deal", "scenario", "month"],
            SortMultipleOptions::default(),
        )
        .with_column(col("discount").fill_null(lit(0.0)))
        .with_column(payment.alias("payment_usd"))
        .with_columns([
            paid.alias("paid_usd"),
            firm.alias("firm_payment_usd"),
            contracted.alias("contracted_gpu_hours"),
            col("payment_usd")
                .cum_sum(false)
                .over([col("deal"), col("scenario")])?
                .alias("cumulative_usd"),
        ])
        .with_columns([
            ((col("payment_usd") - col("paid_usd"))
                / lit(1.0 + discount_rate).pow(col("discount_years")))
            .alias("pv_usd"),
            ratio(col("payment_usd"), col("contracted_gpu_hours")).alias("usd_per_gpu_hour"),
            ratio(used.clone(), col("contracted_gpu_hours")).alias("utilization"),
            ratio(col("payment_usd"), used).alias("usd_per_used_gpu_hour"),
        ]))
}

/// Per deal and scenario: the deal figures of docs/figures.md (payment schedule to market comparison).
pub fn scenario_deals(rows: LazyFrame) -> LazyFrame {
    let with_usage = col("used_gpu_hours").is_not_null();
    let with_market = col("market_usd").is_not_null();
    rows.group_by_stable([col("deal"), col("scenario")])
        .agg([
            col("payment_usd").sum_in_order().alias("total_usd"),
            col("active_days").sum().alias("term_days"),
            len().cast(DataType::Int64).alias("term_months"),
            col("paid_usd").sum_in_order().alias("paid_to_date_usd"),
            col("firm_payment_usd")
                .sum_in_order()
                .alias("firm_remaining_usd"),
            col("earliest_exit").first(),
            col("binds").first(),
            col("pv_usd").sum_in_order().alias("remaining_pv_usd"),
            col("payment_usd")
                .filter(col("in_horizon"))
                .sum_in_order()
                .alias("within_horizon_usd"),
            col("power_mw").first(),
            col("gpus").first(),
            col("h100e").first(),
            col("used_gpu_hours").sum_in_order().alias("used_sum"),
            col("used_gpu_hours").count().alias("used_months"),
            col("payment_usd")
                .filter(with_usage.clone())
                .sum_in_order()
                .alias("used_payment"),
            col("contracted_gpu_hours")
                .filter(with_usage)
                .sum_in_order()
                .alias("used_contracted"),
            col("market_usd").sum_in_order().alias("market_sum"),
            col("market_usd").count().alias("market_months"),
            col("payment_usd")
                .filter(with_market)
                .sum_in_order()
                .alias("market_payment"),
        ])
        .with_columns([
            (col("total_usd") * lit(365.25 / 12.0) / col("term_days").cast(DataType::Float64))
                .alias("monthly_equiv_usd"),
            (col("total_usd") - col("paid_to_date_usd")).alias("remaining_usd"),
            ratio(
                col("total_usd"),
                col("gpus") * lit(HOURS_PER_DAY) * col("term_days").cast(DataType::Float64),
            )
            .alias("usd_per_gpu_hour"),
            ratio(
                col("total_usd"),
                col("h100e") * lit(HOURS_PER_DAY) * col("term_days").cast(DataType::Float64),
            )
            .alias("usd_per_h100e_hour"),
            when(col("used_months").gt(lit(0)))
                .then(ratio(col("used_payment"), col("used_sum")))
                .otherwise(null_f64())
                .alias("usd_per_used_gpu_hour"),
            when(col("used_months").gt(lit(0)))
                .then(ratio(col("used_sum"), col("used_contracted")))
                .otherwise(null_f64())
                .alias("utilization"),
            when(col("market_months").gt(lit(0)))
                .then(col("market_sum"))
                .otherwise(null_f64())
                .alias("market_usd"),
        ])
        // Without a termination right the whole remaining is firm (docs/figures.md, What binds):
        // taken as remaining_usd itself, so that cancellable_usd is exactly 0
        // rather than the float noise of two sums in different orders.
        // A deal that does not bind has nothing firm (docs/figures.md, What binds): exactly
        // 0, so that cancellable_usd is exactly remaining_usd.
        .with_column(
            when(col("binds").not())
                .then(lit(0.0))
                .when(col("earliest_exit").is_null())
                .then(col("remaining_usd"))
                .otherwise(col("firm_remaining_usd"))
                .alias("firm_remaining_usd"),
        )
        .with_column((col("remaining_usd") - col("firm_remaining_usd")).alias("cancellable_usd"))
        .with_columns([
            ratio(col("monthly_equiv_usd"), col("power_mw")).alias("usd_per_mw_month"),
            (ratio(col("market_payment"), col("market_usd")) - lit(1.0)).alias("market_premium"),
        ])
}

/// Per deal, scenario and calendar year: payments and their firm part.
pub fn scenario_years(rows: LazyFrame) -> LazyFrame {
    rows.group_by_stable([col("deal"), col("scenario"), col("year")])
        .agg([
            col("payment_usd").sum_in_order(),
            col("firm_payment_usd").sum_in_order(),
        ])
}

/// The sum of `e` over a group, added in row order. Polars' `sum` may add a
/// group's values in an order that depends on threading, and a float sum then
/// differs in its last bits from run to run; a running sum is sequential.
pub trait SumInOrder {
    fn sum_in_order(self) -> Expr;
}

impl SumInOrder for Expr {
    fn sum_in_order(self) -> Expr {
        self.drop_nulls().cum_sum(false).last().fill_null(lit(0.0))
    }
}

/// `x` (the base scenario's value), `x_low` and `x_high` over all scenarios.
pub fn band(name: &str) -> [Expr; 3] {
    [
        col(name)
            .filter(col("scenario").eq(lit(0)))
            .first()
            .alias(name),
        col(name).min().alias(format!("{name}_low")),
        col(name).max().alias(format!("{name}_high")),
    ]
}

/// The base scenario's value only (figures that no scenario changes).
pub fn base(name: &str) -> Expr {
    col(name)
        .filter(col("scenario").eq(lit(0)))
        .first()
        .alias(name)
}
