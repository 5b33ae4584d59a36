//! Market GPU rental prices (docs/figures.md, Market comparison): the fleet's value at market prices
//! per deal, scenario and month, and so the deal's premium over renting the
//! same fleet at market rates.

use polars::prelude::*;

use super::schedule::SumInOrder;
use crate::error::Result;

const HOURS_PER_DAY: f64 = 24.0;

/// deal, scenario, month, market_usd: the fleet at market prices, null where any model of
/// the fleet has no price for the month or the fleet has no GPUs.
pub fn deal_months(market: &DataFrame, months: &DataFrame, fleet: &DataFrame) -> Result<DataFrame> {
    if market.height() == 0 {
        // No prices: every month's market value is null, and the left join that
        // reads this frame makes it so; skip joining every fleet entry to every month.
        return Ok(df!(
            "deal" => Vec::<String>::new(),
            "scenario" => Vec::<i32>::new(),
            "month" => Vec::<String>::new(),
            "market_usd" => Vec::<f64>::new(),
        )?);
    }
    let month_cols = months.clone().lazy().select([
        col("deal"),
        col("month"),
        col("active_days"),
        col("month_end"),
    ]);
    let fleet_months = fleet
        .clone()
        .lazy()
        .with_row_index("fleet_entry", None)
        .join(
            month_cols,
            [col("deal")],
            [col("deal")],
            JoinArgs::new(JoinType::Inner),
        );
    // price(model, m): the latest price dated on or before the month's last day.
    let prices = fleet_months
        .clone()
        .select([col("model"), col("month_end")])
        .unique(None, UniqueKeepStrategy::First)
        .join(
            market.clone().lazy(),
            [col("model")],
            [col("gpu_model")],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(col("date").lt_eq(col("month_end")))
        .sort(["date"], SortMultipleOptions::default())
        .group_by([col("model"), col("month_end")])
        .agg([col("usd_per_gpu_hour").last().alias("price")]);
    let value = col("count")
        * col("price")
        * lit(HOURS_PER_DAY)
        * col("active_days").cast(DataType::Float64);
    Ok(fleet_months
        .join(
            prices,
            [col("model"), col("month_end")],
            [col("model"), col("month_end")],
            JoinArgs::new(JoinType::Left),
        )
        // A fixed order, so that the floating-point sum is the same on every run.
        .sort(
            ["deal", "scenario", "month", "fleet_entry"],
            SortMultipleOptions::default(),
        )
        .group_by_stable([col("deal"), col("scenario"), col("month")])
        .agg([
            value.sum_in_order().alias("value"),
            col("price").null_count().alias("missing"),
            col("count").sum_in_order().alias("gpus"),
        ])
        .select([
            col("deal"),
            col("scenario"),
            col("month"),
            when(col("missing").eq(lit(0)).and(col("gpus").gt(lit(0.0))))
                .then(col("value"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("market_usd"),
        ])
        .collect()?)
}

/// deal, market_rate, market_months: what the deal's GPUs cost at market
/// rental prices per GPU-hour, market value ÷ contracted GPU-hours over the
/// months that have both (docs/figures.md, Market comparison gives market_usd per month, not this
/// rate), and how many months that is; base scenario only, from the
/// schedule frame (one row per deal and month, in month order). Null
/// without such months or hours.
pub fn deal_rates(schedule: LazyFrame) -> LazyFrame {
    let both = col("market_usd")
        .is_not_null()
        .and(col("contracted_gpu_hours").is_not_null());
    schedule
        .group_by_stable([col("deal")])
        .agg([
            col("market_usd")
                .filter(both.clone())
                .sum_in_order()
                .alias("market"),
            col("contracted_gpu_hours")
                .filter(both.clone())
                .sum_in_order()
                .alias("hours"),
            both.cast(DataType::Int64).sum().alias("market_months"),
        ])
        .select([
            col("deal"),
            when(
                col("market_months")
                    .gt(lit(0))
                    .and(col("hours").gt(lit(0.0))),
            )
            .then(col("market") / col("hours"))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias("market_rate"),
            col("market_months"),
        ])
        .sort(["deal"], SortMultipleOptions::default())
}
