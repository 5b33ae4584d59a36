//! The deal page's payments: the monthly chart with its cumulative line and
//! band (the months themselves are the page's CSV download, cut from
//! schedule.csv by `render::export`: a table of every month, about 59 KB of
//! each page, was most of the deal pages' render time, issue 23).

use super::super::Ctx;
use super::super::view::{self, Banded};
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
         area is its range. The schedule CSV below holds the same numbers, month by month.",
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
