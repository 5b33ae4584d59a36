//! The deal page's payments: the monthly chart with its cumulative line and
//! band, the monthly schedule table, and the schedule as a CSV download.

use super::super::Ctx;
use super::super::view::{self, Banded, Fig, Unit, deal_rows};
use super::MonthRow;
use crate::model::Deal;
use crate::render::chart::{self, Chart};
use crate::render::table::Table;

/// The schedule.csv rows of one deal, same columns.
pub fn own_schedule(schedule: &Table, id: &str) -> Table {
    Table {
        columns: schedule.columns.clone(),
        rows: schedule.sorted_rows("deal", id).to_vec(),
    }
}

pub fn payments_chart(ctx: &Ctx, deal: &Deal) -> String {
    let months: Vec<_> = deal_rows(&ctx.t.schedule, &deal.id).collect();
    let x: Vec<String> = months
        .iter()
        .map(|r| view::month_label(&r.text("month")))
        .collect();
    let col = |c: &str| -> Vec<f64> {
        months
            .iter()
            .map(|r| r.num(c).unwrap_or(f64::NAN))
            .collect()
    };
    let figures = ctx.deal(&deal.id);
    let total = Banded::of(&figures.total, Unit::Usd);
    let desc = format!(
        "Bars: the payment due in each month from {} to {}, read on the left axis. \
         Line: the cumulative total, read on the right axis, reaching {}{}; the shaded \
         area is its range. The monthly schedule table below holds the same numbers.",
        x.first().map_or("", String::as_str),
        x.last().map_or("", String::as_str),
        total.base.text,
        total
            .band
            .as_ref()
            .map(|b| format!(" (range {b})"))
            .unwrap_or_default()
    );
    let chart = Chart {
        legend: &[
            "Monthly payment (left axis)",
            "Cumulative (right axis)",
            "Cumulative range (right axis)",
        ],
        ..Chart::money("payments", "Monthly payments and cumulative total", &desc)
    };
    chart::bars_line_band(
        &chart,
        &x,
        &col("payment_usd"),
        &col("cumulative_usd"),
        &col("cumulative_usd_low"),
        &col("cumulative_usd_high"),
    )
}

pub fn months(ctx: &Ctx, deal: &Deal) -> Vec<MonthRow> {
    let gpu_hr = Unit::Rate("GPU-hr");
    deal_rows(&ctx.t.schedule, &deal.id)
        .map(|r| MonthRow {
            month: r.text("month"),
            label: view::month_label(&r.text("month")),
            active_days: r.text("active_days"),
            payment: Banded::of_row(&r, "payment_usd", Unit::Usd),
            cumulative: Banded::of_row(&r, "cumulative_usd", Unit::Usd),
            gpu_hours: Fig::or(
                r.num("contracted_gpu_hours"),
                Unit::Compact,
                "no GPU count reported",
            ),
            per_gpu_hour: Banded::or_of_row(
                &r,
                "usd_per_gpu_hour",
                gpu_hr,
                "no GPU count reported",
            ),
            used: Fig::or(r.num("used_gpu_hours"), Unit::Compact, "no usage data"),
            utilization: Fig::or(r.num("utilization"), Unit::Percent, "no usage data"),
            per_used_hour: Fig::or(r.num("usd_per_used_gpu_hour"), gpu_hr, "no usage data"),
            market: Fig::or(r.num("market_usd"), Unit::Usd, "no market price"),
        })
        .collect()
}
