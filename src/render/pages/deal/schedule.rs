//! The deal page's payments: the monthly chart with its cumulative line and
//! band, and the monthly schedule table (its CSV download is cut from
//! schedule.csv by `render::export`).

use super::super::Ctx;
use super::super::view::{self, Banded, Fig, Unit};
use super::MonthRow;
use crate::model::Deal;
use crate::render::chart::{self, Chart};
use crate::render::typed::MonthFigures;

pub fn payments_chart(ctx: &Ctx, deal: &Deal) -> String {
    let months = ctx.months(&deal.id);
    let x: Vec<String> = months.iter().map(|m| view::month_label(&m.month)).collect();
    let series = |pick: fn(&MonthFigures) -> Option<f64>| -> Vec<f64> {
        months.iter().map(|m| pick(m).unwrap_or(f64::NAN)).collect()
    };
    let figures = ctx.deal(&deal.id);
    let total = Banded::figure(&figures.total);
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
    let (bars, line) = (series(|m| m.payment.base), series(|m| m.cumulative.base));
    let (low, high) = (series(|m| m.cumulative.low), series(|m| m.cumulative.high));
    chart::responsive(|| chart::bars_line_band(&chart, &x, &bars, &line, &low, &high))
}

pub fn months(ctx: &Ctx, deal: &Deal) -> Vec<MonthRow> {
    let gpu_hr = Unit::Rate("GPU-hr");
    ctx.months(&deal.id)
        .iter()
        .map(|m| MonthRow {
            month: m.month.clone(),
            label: view::month_label(&m.month),
            active_days: m.active_days.map(|d| d.to_string()).unwrap_or_default(),
            payment: Banded::figure(&m.payment),
            cumulative: Banded::figure(&m.cumulative),
            gpu_hours: Fig::or(
                m.contracted_gpu_hours.base,
                Unit::Compact,
                "no GPU count reported",
            ),
            per_gpu_hour: Banded::figure_or(&m.per_gpu_hour, "no GPU count reported"),
            used: Fig::or(m.used_gpu_hours, Unit::Compact, "no usage data"),
            utilization: Fig::or(m.utilization.base, Unit::Percent, "no usage data"),
            per_used_hour: Fig::or(m.per_used_gpu_hour.base, gpu_hr, "no usage data"),
            market: Fig::or(m.market.base, Unit::Usd, "no market price"),
        })
        .collect()
}
