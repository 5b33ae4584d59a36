//! The compare page: deals side by side on total value, $/GPU-hour,
//! $/MW-month, power and GPUs, as ranked bar charts with their bands and one
//! table holding every number.

use std::collections::BTreeMap;

use askama::Template;

use super::view::{Banded, Unit};
use super::{Ctx, Layout};
use crate::error::Result;
use crate::model::Deal;
use crate::render::chart::{self, Chart, RangeRow};
use crate::render::format as fmt;
use crate::render::typed::{Band, DealFigures};
use crate::write::SiteFiles;

/// A deal that a chart leaves out because its figure is null.
pub struct Missing {
    pub title: String,
    pub href: String,
}

/// One ranked chart and the deals it leaves out.
pub struct Ranked {
    pub id: String,
    pub heading: String,
    pub intro: String,
    pub svg: String,
    pub missing: Vec<Missing>,
    pub missing_why: String,
}

/// One row of the comparison table.
pub struct CompareRow {
    pub href: String,
    pub title: String,
    pub buyer: String,
    pub provider: String,
    pub total: Banded,
    /// docs/figures.md, What binds: the firm part of the remaining value, beside the full term.
    pub firm: Banded,
    /// The commitment kind when not binding (a letter of intent, ...).
    pub commitment: Option<String>,
    pub per_gpu_hour: Banded,
    pub per_h100e_hour: Banded,
    pub per_mw_month: Banded,
    pub power: Banded,
    pub gpus: Banded,
    pub h100e: Banded,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    layout: Layout,
    charts: Vec<Ranked>,
    rows: Vec<CompareRow>,
    /// The charts that leave deals out, and those deals: one table per page.
    missing_heads: Vec<String>,
    missing: Vec<MissingRow>,
}

/// A deal that one chart or more leaves out; `cells[i]` says whether the
/// i-th of `missing_heads` leaves it out, and why.
pub struct MissingRow {
    pub title: String,
    pub href: String,
    pub cells: Vec<String>,
}

/// The deals that any chart leaves out, in page order of first omission.
fn missing_rows(charts: &[Ranked]) -> (Vec<String>, Vec<MissingRow>) {
    let with: Vec<&Ranked> = charts.iter().filter(|c| !c.missing.is_empty()).collect();
    let mut rows: Vec<MissingRow> = Vec::new();
    for (i, c) in with.iter().enumerate() {
        for x in &c.missing {
            let at = match rows.iter().position(|r| r.href == x.href) {
                Some(at) => at,
                None => {
                    rows.push(MissingRow {
                        title: x.title.clone(),
                        href: x.href.clone(),
                        cells: vec![String::new(); with.len()],
                    });
                    rows.len() - 1
                }
            };
            rows[at].cells[i] = c.missing_why.clone();
        }
    }
    rows.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.href.cmp(&b.href)));
    (with.iter().map(|c| c.heading.clone()).collect(), rows)
}

/// What one chart ranks.
struct Measure {
    id: &'static str,
    heading: &'static str,
    intro: &'static str,
    figure: fn(&DealFigures) -> Band,
    unit: Unit,
    largest_first: bool,
    fmt: fn(f64) -> String,
    exact: fn(f64) -> String,
    why: &'static str,
    /// Whether the chart draws the market price as a reference line.
    market_line: bool,
}

const MEASURES: [Measure; 5] = [
    Measure {
        id: "rank-total",
        heading: "Total value",
        intro: "The total of each deal's payments over its whole term, largest first; whiskers show the range.",
        figure: |f| f.total,
        unit: Unit::Usd,
        largest_first: true,
        fmt: fmt::usd,
        exact: fmt::usd_exact,
        why: "",
        market_line: false,
    },
    Measure {
        id: "rank-gpu-hour",
        heading: "Contracted $/GPU-hour",
        intro: "Total value ÷ (GPUs × 24 × days of service), cheapest first. GPU models differ: see $/H100e-hour in the table for a compute-adjusted price. The dashed line is the latest H100 rental price of the market data (data/market/) at the report's date.",
        figure: |f| f.per_gpu_hour,
        unit: Unit::Rate("GPU-hr"),
        largest_first: false,
        fmt: |x| fmt::usd_rate(x, "GPU-hr"),
        exact: |x| format!("{}/GPU-hr", fmt::usd_exact(x)),
        why: "no GPU count reported",
        market_line: true,
    },
    Measure {
        id: "rank-mw-month",
        heading: "$/MW-month",
        intro: "Monthly equivalent ÷ contracted megawatts, cheapest first.",
        figure: |f| f.per_mw_month,
        unit: Unit::Rate("MW-month"),
        largest_first: false,
        fmt: |x| fmt::usd_rate(x, "MW-month"),
        exact: |x| format!("{}/MW-month", fmt::usd_exact(x)),
        why: "no power reported",
        market_line: false,
    },
    Measure {
        id: "rank-power",
        heading: "Power",
        intro: "Contracted power, largest first.",
        figure: |f| f.power_mw,
        unit: Unit::Mw,
        largest_first: true,
        fmt: fmt::mw,
        exact: |x| format!("{} MW", fmt::exact(x)),
        why: "no power reported",
        market_line: false,
    },
    Measure {
        id: "rank-gpus",
        heading: "GPUs",
        intro: "GPUs under contract, largest first.",
        figure: |f| f.gpus,
        unit: Unit::Count,
        largest_first: true,
        fmt: fmt::compact_count,
        exact: fmt::exact,
        why: "no GPU count reported",
        market_line: false,
    },
];

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    let labels = labels(&ctx.model.deals);
    let charts: Vec<Ranked> = MEASURES.iter().map(|m| ranked(ctx, m, &labels)).collect();
    let (missing_heads, missing) = missing_rows(&charts);
    let page = ComparePage {
        missing_heads,
        missing,
        layout: ctx.layout(
            "compare",
            "Compare deals",
            "Deals side by side: total value, price per GPU-hour and per MW-month, power and GPUs, with their ranges.",
        )
        .at("compare.html"),
        charts,
        rows: ctx
            .model
            .deals
            .iter()
            .filter(|d| !d.is_withdrawn(ctx.model.site.as_of))
            .map(|d| {
                let r = ctx.deal(&d.id);
                CompareRow {
                    href: ctx.deal_href(&d.id),
                    title: d.title.clone(),
                    buyer: d.buyer.clone(),
                    provider: d.provider.clone(),
                    total: Banded::figure(&r.total),
                    firm: Banded::figure(&r.firm_remaining),
                    commitment: mark(d),
                    per_gpu_hour: Banded::figure_or(&r.per_gpu_hour, "no GPU count reported",
                    ),
                    per_h100e_hour: Banded::figure_or(&r.per_h100e_hour, "no GPU count reported",
                    ),
                    per_mw_month: Banded::figure_or(&r.per_mw_month, "no power reported",
                    ),
                    power: Banded::figure(&r.power_mw),
                    gpus: Banded::figure(&r.gpus),
                    h100e: Banded::compact(&r.h100e),
                }
            })
            .collect(),
    };
    files.insert("compare.html".into(), page.render()?.into_bytes());
    Ok(())
}

/// Chart labels, one per deal and each different from the others:
/// "buyer · provider, Mon YYYY", with the kind when the deal does not bind
/// ("(option)"); the day of announcement where two would read the same,
/// and the deal's id where that is not enough either.
pub fn labels(deals: &[Deal]) -> BTreeMap<String, String> {
    let kind = |d: &Deal| {
        if d.commitment.is_binding() {
            String::new()
        } else {
            format!(" ({})", d.commitment.as_str().replace('_', " "))
        }
    };
    let month = |d: &Deal| {
        format!(
            "{} · {}, {}{}",
            d.buyer,
            d.provider,
            super::view::month_of(d.announced),
            kind(d)
        )
    };
    let day = |d: &Deal| {
        format!(
            "{} · {}, {}{}",
            d.buyer,
            d.provider,
            d.announced.format("%-d %b %Y"),
            kind(d)
        )
    };
    let count = |f: &dyn Fn(&Deal) -> String| {
        let mut n: BTreeMap<String, usize> = BTreeMap::new();
        for d in deals {
            *n.entry(f(d)).or_default() += 1;
        }
        n
    };
    let (by_month, by_day) = (count(&month), count(&day));
    deals
        .iter()
        .map(|d| {
            let label = if by_month[&month(d)] == 1 {
                month(d)
            } else if by_day[&day(d)] == 1 {
                day(d)
            } else {
                format!("{} [{}]", day(d), d.id)
            };
            (d.id.clone(), label)
        })
        .collect()
}

/// What a deal that does not bind wears on its bar and in its row
/// (docs/figures.md, What binds): "letter of intent, not binding".
fn mark(d: &Deal) -> Option<String> {
    (!d.commitment.is_binding())
        .then(|| format!("{}, not binding", d.commitment.as_str().replace('_', " ")))
}

/// The market reference of the $/GPU-hour chart: the latest H100 rental
/// price of the market files on or before the report's date, and its month
/// ("Jun 2026"); None without one. Ties on a date take the lowest price, so
/// the choice does not depend on file order.
fn market_reference(ctx: &Ctx) -> Option<(f64, String)> {
    use polars::prelude::DataType;
    let df = &ctx.model.tables.prices;
    let models = df.column("gpu_model").ok()?.str().ok()?.clone();
    let days = df.column("date").ok()?.cast(&DataType::Int32).ok()?;
    let days = days.i32().ok()?.clone();
    let prices = df.column("usd_per_gpu_hour").ok()?.f64().ok()?.clone();
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let as_of = (ctx.model.site.as_of - epoch).num_days();
    let mut best: Option<(i64, f64)> = None;
    for i in 0..df.height() {
        let (Some("H100"), Some(d), Some(p)) = (models.get(i), days.get(i), prices.get(i)) else {
            continue;
        };
        let d = i64::from(d);
        if d > as_of || !p.is_finite() {
            continue;
        }
        if best.is_none_or(|(bd, bp)| d > bd || (d == bd && p < bp)) {
            best = Some((d, p));
        }
    }
    let (d, p) = best?;
    let date = epoch + chrono::Duration::days(d);
    Some((p, super::view::month_of(date)))
}

fn ranked(ctx: &Ctx, m: &Measure, labels: &BTreeMap<String, String>) -> Ranked {
    let mut present = Vec::new();
    let mut missing = Vec::new();
    // A withdrawn deal is in no ranking (docs/data-format.md section 10.6); it is listed on the home page.
    let as_of = ctx.model.site.as_of;
    for d in ctx.model.deals.iter().filter(|d| !d.is_withdrawn(as_of)) {
        let r = ctx.deal(&d.id);
        match (m.figure)(r).base {
            Some(v) => {
                // By value: the rankings export ranks the binding deals only,
                // and the not binding stand among them here, marked.
                let key = if m.largest_first { -v } else { v };
                present.push((key, d, v));
            }
            None => missing.push(Missing {
                title: d.title.clone(),
                href: ctx.deal_href(&d.id),
            }),
        }
    }
    present.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let range_rows: Vec<RangeRow> = present
        .iter()
        .map(|(_, d, v)| {
            let band = (m.figure)(ctx.deal(&d.id));
            RangeRow {
                label: labels[&d.id].clone(),
                base: Some(*v),
                low: band.low,
                high: band.high,
                mark: mark(d),
                href: Some(ctx.deal_href(&d.id)),
            }
        })
        .collect();
    let desc = match (present.first(), present.last()) {
        (Some(first), Some(last)) => format!(
            "Horizontal bars of {} for {} deals, {}: from {} ({}) to {} ({}). Whiskers \
             show each deal's range. The table at the end of the page holds the same numbers.",
            m.heading.to_lowercase(),
            present.len(),
            if m.largest_first {
                "largest first"
            } else {
                "cheapest first"
            },
            labels[&first.1.id],
            m.unit.text(first.2),
            labels[&last.1.id],
            m.unit.text(last.2),
        ),
        _ => format!("No deal reports {}.", m.heading.to_lowercase()),
    };
    let reference = m.market_line.then(|| market_reference(ctx)).flatten();
    let reference_name = reference
        .as_ref()
        .map(|(_, when)| format!("H100 market, {when}:"))
        .unwrap_or_default();
    let reference = reference.map(|(v, _)| v);
    let chart = Chart {
        exact: m.exact,
        ..Chart::new(m.id, m.heading, &desc, m.fmt)
    };
    Ranked {
        id: m.id.to_string(),
        heading: m.heading.to_string(),
        intro: m.intro.to_string(),
        svg: chart::responsive(|| {
            chart::ranked_bars_with(
                &chart,
                &range_rows,
                reference.map(|v| (v, reference_name.as_str())),
            )
        }),
        missing,
        missing_why: m.why.to_string(),
    }
}
