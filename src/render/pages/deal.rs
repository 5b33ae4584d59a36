//! A page per deal: who pays whom, the key terms, headline money and unit
//! costs with their bands, the payment chart, the yearly and monthly tables,
//! capacity and fleet, the analyst's notes and the numbered sources; plus the
//! deal's schedule as a CSV download.

use askama::Template;

use super::view::{self, Banded, Fig, Unit, rows};
use super::{Badge, Ctx, Layout, Tile};
use crate::error::Result;
use crate::model::{Basis, Deal, Range};
use crate::render::chart::{self, Chart};
use crate::render::format as fmt;
use crate::render::markdown;
use crate::render::table::Table;
use crate::write::SiteFiles;

/// A line of a term list: label, value, and where the value links to.
pub struct Term {
    pub label: String,
    pub value: String,
    pub href: Option<String>,
    /// The exact value on hover; empty for none.
    pub exact: String,
}

impl Term {
    fn new(label: &str, value: impl Into<String>) -> Term {
        Term {
            label: label.to_string(),
            value: value.into(),
            href: None,
            exact: String::new(),
        }
    }

    fn link(label: &str, value: impl Into<String>, href: String) -> Term {
        Term {
            href: Some(href),
            ..Term::new(label, value)
        }
    }

    fn banded(label: &str, b: &Banded) -> Term {
        let value = match &b.band {
            Some(band) => format!("{} (range {band})", b.base.text),
            None => b.base.text.clone(),
        };
        Term {
            exact: b.base.exact.clone(),
            ..Term::new(label, value)
        }
    }
}

pub struct YearRow {
    pub year: String,
    pub payment: Banded,
}

pub struct MonthRow {
    pub month: String,
    pub label: String,
    pub active_days: String,
    pub payment: Banded,
    pub cumulative: Banded,
    pub gpu_hours: Fig,
    pub per_gpu_hour: Banded,
    pub used: Fig,
    pub utilization: Fig,
    pub per_used_hour: Fig,
    pub market: Fig,
}

pub struct FleetRow {
    pub model: String,
    pub name: String,
    pub count: Banded,
    pub per_gpu_h100e: String,
    pub h100e: Fig,
}

pub struct SourceRow {
    pub title: String,
    pub url: String,
    pub publisher: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "deal.html")]
pub struct DealPage {
    pub layout: Layout,
    pub title: String,
    pub lede: String,
    pub status: Badge,
    pub confidence: Badge,
    pub terms: Vec<Term>,
    pub money: Vec<Tile>,
    pub unit_costs: Vec<Tile>,
    /// HOOK(usage): a plain warning that the realized figures come from an
    /// illustrative dataset; see [`usage_note`].
    pub usage_note: Option<String>,
    pub payments_svg: String,
    pub years: Vec<YearRow>,
    pub months: Vec<MonthRow>,
    pub capacity: Vec<Term>,
    pub capacity_note: Option<Term>,
    pub fleet: Vec<FleetRow>,
    pub notes: String,
    pub sources: Vec<SourceRow>,
    pub csv_href: String,
    pub csv_name: String,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    for deal in &ctx.model.deals {
        let page = page(ctx, deal);
        files.insert(
            format!("deals/{}.html", deal.id),
            page.render()?.into_bytes(),
        );
        files.insert(
            format!("data/schedule/{}.csv", deal.id),
            own_schedule(&ctx.t.schedule, &deal.id).to_csv(),
        );
    }
    Ok(())
}

/// The schedule.csv rows of one deal, same columns.
fn own_schedule(schedule: &Table, id: &str) -> Table {
    let di = schedule.index("deal").expect("deal column");
    Table {
        columns: schedule.columns.clone(),
        rows: schedule
            .rows
            .iter()
            .filter(|r| r[di].text() == id)
            .cloned()
            .collect(),
    }
}

pub fn page(ctx: &Ctx, deal: &Deal) -> DealPage {
    let row = ctx.deal_row(&deal.id);
    let lede = lede(ctx, deal);
    DealPage {
        layout: ctx.layout("", &deal.title, &lede),
        title: deal.title.clone(),
        lede,
        status: Badge::status(&row.text("status")),
        confidence: Badge::confidence(deal.confidence.as_str()),
        terms: terms(ctx, deal),
        money: money(ctx, deal),
        unit_costs: unit_costs(ctx, deal),
        usage_note: usage_note(ctx, deal),
        payments_svg: payments_chart(ctx, deal),
        years: rows(&ctx.t.by_year)
            .filter(|r| r.text("deal") == deal.id)
            .map(|r| YearRow {
                year: r.text("year"),
                payment: Banded::of(&r, "payment_usd", Unit::Usd),
            })
            .collect(),
        months: months(ctx, deal),
        capacity: capacity(ctx, deal),
        capacity_note: deal
            .facility
            .as_ref()
            .filter(|_| deal.capacity_from_facility)
            .map(|f| {
                Term::link(
                    "Capacity from the facility",
                    ctx.model
                        .facilities
                        .get(f)
                        .map_or(f.clone(), |x| x.name.clone()),
                    ctx.links.to(&ctx.facility_path(f)),
                )
            }),
        fleet: fleet(ctx, deal),
        notes: deal
            .notes
            .as_deref()
            .map(|m| markdown::to_html_in_site(m, ctx.links.base()))
            .unwrap_or_default(),
        sources: deal
            .sources
            .iter()
            .map(|s| SourceRow {
                title: s.title.clone(),
                url: s.url.clone(),
                publisher: s.publisher.clone().unwrap_or_default(),
                date: s.date.map(view::date).unwrap_or_default(),
            })
            .collect(),
        csv_href: ctx.links.to(&format!("data/schedule/{}.csv", deal.id)),
        csv_name: format!("{}.csv", deal.id),
    }
}

/// One sentence on who pays whom, how much, when and for what capacity.
pub fn lede(ctx: &Ctx, deal: &Deal) -> String {
    let row = ctx.deal_row(&deal.id);
    let verb = match row.text("status").as_str() {
        "upcoming" => "will pay",
        "active" => "pays",
        _ => "paid",
    };
    let p = &deal.price;
    let amount = fmt::usd(p.amount.base);
    let mut price = match p.basis {
        Basis::Monthly => format!("{amount} a month"),
        Basis::Annual => format!("{amount} a year"),
        Basis::Total => format!("{amount} in total"),
    };
    if p.escalation.base > 0.0 {
        price.push_str(&format!(
            ", rising {} a year",
            fmt::percent(p.escalation.base)
        ));
    }
    let ramp_months: u32 = p.ramp.iter().map(|r| r.months).sum();
    if ramp_months > 0 && p.ramp.iter().any(|r| r.discount.base > 0.0) {
        price.push_str(&format!(
            ", reduced for the first {}",
            view::plural(ramp_months as usize, "month", "months")
        ));
    }
    let mut s = format!(
        "{} {verb} {} {price}, from {} through {}",
        deal.buyer,
        deal.provider,
        view::month_of(deal.start),
        view::month_of(deal.effective_end())
    );
    if let Some(t) = deal.terminated.filter(|t| *t < deal.end) {
        s.push_str(&format!(" (terminated on {})", view::date(t)));
    }
    let power = row.num("power_mw").map(fmt::mw);
    let gpus = row.num("gpus").map(|g| format!("{} GPUs", fmt::count(g)));
    match (power, gpus) {
        (Some(p), Some(g)) => s.push_str(&format!(", for about {p} and {g}")),
        (Some(p), None) => s.push_str(&format!(", for about {p}")),
        (None, Some(g)) => s.push_str(&format!(", for {g}")),
        (None, None) => {}
    }
    s.push('.');
    // Unit::Rate("") reads "$7.23": the sentence says "per GPU-hour" itself.
    let per_hour = Banded::of(&row, "usd_per_gpu_hour", Unit::Rate(""));
    if !per_hour.base.is_missing() {
        s.push_str(&format!(
            " That is {} per GPU-hour contracted",
            per_hour.base.text
        ));
        if let Some(band) = &per_hour.band {
            s.push_str(&format!(" (range {})", band.replace(" – ", " to ")));
        }
        s.push('.');
    }
    s
}

fn range_text(r: &Range<f64>, unit: Unit) -> String {
    if r.uncertain {
        format!(
            "{} (range {} – {})",
            unit.text(r.base),
            unit.text(r.low),
            unit.text(r.high)
        )
    } else {
        unit.text(r.base)
    }
}

fn terms(ctx: &Ctx, deal: &Deal) -> Vec<Term> {
    let row = ctx.deal_row(&deal.id);
    let mut terms = vec![
        Term::link(
            "Buyer",
            &deal.buyer,
            ctx.links.to(&ctx.buyer_path(&deal.buyer)),
        ),
        Term::link(
            "Provider",
            &deal.provider,
            ctx.links.to(&ctx.provider_path(&deal.provider)),
        ),
        Term::new("Announced", view::date(deal.announced)),
        Term::new("Start", view::date(deal.start)),
        Term::new("End", view::date(deal.end)),
    ];
    if let Some(t) = deal.terminated {
        terms.push(Term::new("Terminated", view::date(t)));
    }
    let p = &deal.price;
    let (label, suffix) = match p.basis {
        Basis::Monthly => ("Monthly price", " a month"),
        Basis::Annual => ("Annual price", " a year"),
        Basis::Total => ("Total price", ", spread evenly by day over the term"),
    };
    terms.push(Term {
        exact: fmt::usd_exact(p.amount.base),
        ..Term::new(label, range_text(&p.amount, Unit::Usd) + suffix)
    });
    if p.escalation.base > 0.0 || p.escalation.uncertain {
        terms.push(Term::new(
            "Escalation",
            range_text(&p.escalation, Unit::Percent) + " a year, at each anniversary",
        ));
    }
    for (j, r) in p.ramp.iter().enumerate() {
        let label = if p.ramp.len() == 1 {
            "Ramp".to_string()
        } else {
            format!("Ramp, step {}", j + 1)
        };
        terms.push(Term::new(
            &label,
            format!(
                "{} at a discount of {}",
                view::plural(r.months as usize, "month", "months"),
                range_text(&r.discount, Unit::Percent)
            ),
        ));
    }
    terms.push(Term::new(
        "Term",
        format!(
            "{} months ({} days of service)",
            row.text("term_months"),
            fmt::count(row.num("term_days").unwrap_or(f64::NAN))
        ),
    ));
    if let Some(f) = &deal.facility {
        let name = ctx
            .model
            .facilities
            .get(f)
            .map_or(f.clone(), |x| x.name.clone());
        terms.push(Term::link(
            "Facility",
            name,
            ctx.links.to(&ctx.facility_path(f)),
        ));
    }
    if !deal.tags.is_empty() {
        terms.push(Term::new("Tags", deal.tags.join(", ")));
    }
    terms
}

fn money(ctx: &Ctx, deal: &Deal) -> Vec<Tile> {
    let row = ctx.deal_row(&deal.id);
    let b = |c: &str| Banded::of(&row, c, Unit::Usd);
    let pv = Fig::new(row.num("remaining_pv_usd"), Unit::Usd);
    vec![
        Tile {
            label: "Total value".into(),
            value: b("total_usd"),
            note: format!("over {} months", row.text("term_months")),
        },
        Tile {
            label: "Monthly equivalent".into(),
            value: b("monthly_equiv_usd"),
            note: "total ÷ days × 365.25 ÷ 12".into(),
        },
        Tile {
            label: "Paid to date".into(),
            value: b("paid_to_date_usd"),
            note: format!("through {}", view::date(ctx.model.site.as_of)),
        },
        Tile {
            label: "Remaining".into(),
            value: b("remaining_usd"),
            note: format!(
                "{} in present value at {} a year",
                pv.text,
                fmt::percent(ctx.model.site.discount_rate)
            ),
        },
        Tile {
            label: format!("Due through {}", ctx.horizon_label()),
            value: b("within_horizon_usd"),
            note: "the report's horizon, past months included".into(),
        },
    ]
}

fn unit_costs(ctx: &Ctx, deal: &Deal) -> Vec<Tile> {
    let row = ctx.deal_row(&deal.id);
    let gpu_hr = Unit::Rate("GPU-hr");
    let utilization = Fig::new(row.num("utilization"), Unit::Percent);
    let premium = row.num("market_premium");
    let (market_rate, market_months) = market_rate(ctx, deal);
    vec![
        Tile {
            label: "Contracted $/GPU-hour".into(),
            value: Banded::or_of(&row, "usd_per_gpu_hour", gpu_hr, "no GPU count reported"),
            note: "total ÷ (GPUs × 24 × days of service)".into(),
        },
        Tile {
            label: "Realized $/used GPU-hour".into(),
            value: Banded::or_of(&row, "usd_per_used_gpu_hour", gpu_hr, "no usage data"),
            note: if utilization.is_missing() {
                "no usage data for this deal".into()
            } else {
                format!("months with usage; utilization {}", utilization.text)
            },
        },
        Tile {
            label: "At market $/GPU-hour".into(),
            value: Banded::or(
                market_rate,
                None,
                None,
                gpu_hr,
                "no market prices for this fleet",
            ),
            note: match premium {
                Some(p) if market_months > 0 => format!(
                    "the same GPUs at market rental prices ({}); the contract is {} {} market",
                    view::plural(market_months, "month", "months"),
                    fmt::percent(p.abs()),
                    if p >= 0.0 { "above" } else { "below" }
                ),
                _ => "no market prices for this fleet".into(),
            },
        },
        Tile {
            label: "$/H100e-hour".into(),
            value: Banded::or_of(
                &row,
                "usd_per_h100e_hour",
                Unit::Rate("H100e-hr"),
                "no GPU count reported",
            ),
            note: "per H100-equivalent, by BF16 dense TFLOPS".into(),
        },
        Tile {
            label: "$/MW-month".into(),
            value: Banded::or_of(
                &row,
                "usd_per_mw_month",
                Unit::Rate("MW-month"),
                "no power reported",
            ),
            note: "monthly equivalent ÷ contracted MW".into(),
        },
    ]
}

/// What the deal's GPUs cost at market rental prices per GPU-hour: market
/// value ÷ contracted GPU-hours over the months that have a market value
/// (SPEC.md 7.4 gives market_usd per month, not this rate, so it is derived
/// here), and how many months that is. Base scenario only: its band would
/// need the scenarios, which the tables do not carry.
pub fn market_rate(ctx: &Ctx, deal: &Deal) -> (Option<f64>, usize) {
    let (mut market, mut hours, mut n) = (0.0, 0.0, 0);
    for r in rows(&ctx.t.schedule).filter(|r| r.text("deal") == deal.id) {
        if let (Some(m), Some(h)) = (r.num("market_usd"), r.num("contracted_gpu_hours")) {
            market += m;
            hours += h;
            n += 1;
        }
    }
    ((n > 0 && hours > 0.0).then(|| market / hours), n)
}

/// HOOK(usage): the realized figures' provenance. The tables do not say which
/// usage file fed which deal, so this is conservative: when the deal has
/// usage and every usage file is named `illustrative*`, the figures surely
/// come from an illustrative dataset; when only some are, they may. Once
/// compute reports the files per deal, pass only those.
pub fn usage_note(ctx: &Ctx, deal: &Deal) -> Option<String> {
    let has_usage = rows(&ctx.t.schedule)
        .any(|r| r.text("deal") == deal.id && r.num("used_gpu_hours").is_some());
    if !has_usage {
        return None;
    }
    let names: Vec<String> = ctx
        .model
        .tables
        .usage
        .iter()
        .filter_map(|f| f.path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    illustrative_note(&names)
}

/// The note for usage files `names` (file names only).
pub fn illustrative_note(names: &[String]) -> Option<String> {
    let illustrative: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("illustrative"))
        .collect();
    if illustrative.is_empty() {
        return None;
    }
    let list = illustrative
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Some(if illustrative.len() == names.len() {
        format!(
            "The realized figures on this page (used GPU-hours, utilization, $/used \
             GPU-hour) come from an illustrative dataset ({list}), not from reported \
             usage. Read them as an example of the method, not as facts about this deal."
        )
    } else {
        format!(
            "The usage data of this report includes an illustrative dataset ({list}); \
             the realized figures on this page may come from it rather than from \
             reported usage."
        )
    })
}

fn payments_chart(ctx: &Ctx, deal: &Deal) -> String {
    let months: Vec<_> = rows(&ctx.t.schedule)
        .filter(|r| r.text("deal") == deal.id)
        .collect();
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
    let row = ctx.deal_row(&deal.id);
    let total = Banded::of(&row, "total_usd", Unit::Usd);
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

fn months(ctx: &Ctx, deal: &Deal) -> Vec<MonthRow> {
    let gpu_hr = Unit::Rate("GPU-hr");
    rows(&ctx.t.schedule)
        .filter(|r| r.text("deal") == deal.id)
        .map(|r| MonthRow {
            month: r.text("month"),
            label: view::month_label(&r.text("month")),
            active_days: r.text("active_days"),
            payment: Banded::of(&r, "payment_usd", Unit::Usd),
            cumulative: Banded::of(&r, "cumulative_usd", Unit::Usd),
            gpu_hours: Fig::or(
                r.num("contracted_gpu_hours"),
                Unit::Compact,
                "no GPU count reported",
            ),
            per_gpu_hour: Banded::or_of(&r, "usd_per_gpu_hour", gpu_hr, "no GPU count reported"),
            used: Fig::or(r.num("used_gpu_hours"), Unit::Compact, "no usage data"),
            utilization: Fig::or(r.num("utilization"), Unit::Percent, "no usage data"),
            per_used_hour: Fig::or(r.num("usd_per_used_gpu_hour"), gpu_hr, "no usage data"),
            market: Fig::or(r.num("market_usd"), Unit::Usd, "no market price"),
        })
        .collect()
}

fn capacity(ctx: &Ctx, deal: &Deal) -> Vec<Term> {
    let row = ctx.deal_row(&deal.id);
    vec![
        Term::banded("Power", &Banded::of(&row, "power_mw", Unit::Mw)),
        Term::banded("GPUs", &Banded::of(&row, "gpus", Unit::Count)),
        Term::banded("H100-equivalents", &Banded::of(&row, "h100e", Unit::Count)),
    ]
}

fn fleet(ctx: &Ctx, deal: &Deal) -> Vec<FleetRow> {
    let catalogue = &ctx.model.catalogue;
    deal.capacity
        .gpus
        .iter()
        .map(|g| {
            let per = catalogue.h100e(&g.model);
            FleetRow {
                model: g.model.clone(),
                name: catalogue
                    .get(&g.model)
                    .map_or(String::new(), |m| m.name.clone()),
                count: Banded::new(
                    Some(g.count.base as f64),
                    Some(g.count.low as f64),
                    Some(g.count.high as f64),
                    Unit::Count,
                ),
                per_gpu_h100e: format!("{per:.2}"),
                h100e: Fig::new(Some(per * g.count.base as f64), Unit::Count),
            }
        })
        .collect()
}
