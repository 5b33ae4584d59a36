//! The home page: the report's headline figures, commitments by year stacked
//! by buyer, contracted power over time, and the table of every deal.

use askama::Template;

use super::view::{self, Band, Banded, Fig, Unit};
use super::years::{self, Split, YearSpec, YearView};
use super::{Ctx, DealRow, Layout, Tile, WithdrawnRow};
use crate::count::count;
use crate::error::Result;
use crate::model::Standing;
use crate::render::chart::{self, Chart, Series};
use crate::render::format as fmt;
use crate::render::markdown;
use crate::render::typed::Summed;
use crate::write::SiteFiles;

/// One month of the contracted-power table.
pub struct PowerLine {
    pub month: String,
    pub label: String,
    pub deals: String,
    pub power: Banded,
    pub h100e: Banded,
    pub gpus: Fig,
}

#[derive(Template)]
#[template(path = "index.html")]
struct HomePage {
    layout: Layout,
    description: String,
    tiles: Vec<Tile>,
    by_year: YearView,
    power_svg: String,
    power: Vec<PowerLine>,
    deals: Vec<DealRow>,
    deals_caption: String,
    /// Withdrawn deals, apart from the rest (docs/data-format.md section 10.6).
    withdrawn: Vec<WithdrawnRow>,
    withdrawn_caption: String,
    compare_href: String,
    directory_href: String,
    data_href: String,
    /// The methodology page, when data/pages/methodology.md exists.
    methodology_href: Option<String>,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    let site = &ctx.model.site;
    // docs/figures.md, What binds: portfolio figures count binding deals; the rest is
    // shown beside, and withdrawn deals are listed apart.
    let deals: Vec<_> = ctx
        .model
        .deals
        .iter()
        .filter(|d| d.binds(site.as_of))
        .collect();
    let listed: Vec<_> = ctx
        .model
        .deals
        .iter()
        .filter(|d| !d.is_withdrawn(site.as_of))
        .collect();
    let withdrawn = ctx.withdrawn_lines(&ctx.model.deals);
    let by_year = years::commitments(
        ctx,
        &deals,
        |d| Split {
            name: ctx.party(&d.buyer).to_string(),
            href: Some(ctx.links.to(&ctx.buyer_path(&d.buyer))),
        },
        YearSpec {
            id: "commitments-by-year",
            by: "buyer",
            chart: "all",
            group: "All deals",
        },
    )
    .expect("compute splits every data set's binding deals (all)");
    let (power_svg, power) = power_over_time(ctx);
    let page = HomePage {
        layout: ctx
            .layout(
                "home",
                "Overview",
                &view::plain_text(site.description.as_deref().unwrap_or(&site.title), 160),
            )
            .at("index.html"),
        description: site
            .description
            .as_deref()
            .map(|m| markdown::to_html_in_site(m, ctx.links.base()))
            .unwrap_or_default(),
        tiles: tiles(ctx),
        by_year,
        power_svg,
        power,
        deals: listed.iter().map(|d| ctx.deal_line(d)).collect(),
        deals_caption: format!(
            "All {} tracked deals{}. Ranges show the low and high of uncertain inputs.",
            listed.len(),
            if withdrawn.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} listed apart below)",
                    count(withdrawn.len() as u64, "withdrawn deal")
                )
            }
        ),
        withdrawn_caption: format!(
            "{}: announced, then abandoned; in no portfolio figure.",
            count(withdrawn.len() as u64, "withdrawn deal")
        ),
        withdrawn,
        compare_href: ctx.links.to("compare.html"),
        directory_href: ctx.links.to("directory.html"),
        data_href: ctx.links.to("data.html"),
        methodology_href: ctx
            .model
            .pages
            .iter()
            .find(|p| p.slug == "methodology")
            .map(|p| ctx.links.to(&super::markdown_page_path(&p.slug))),
    };
    files.insert("index.html".into(), page.render()?.into_bytes());
    Ok(())
}

fn tiles(ctx: &Ctx) -> Vec<Tile> {
    let model = ctx.model;
    let as_of = model.site.as_of;
    let all: Vec<_> = model.deals.iter().filter(|d| d.binds(as_of)).collect();
    let not_binding: Vec<_> = model
        .deals
        .iter()
        .filter(|d| d.standing(as_of) == Standing::NotBinding)
        .collect();
    let twice: Vec<_> = all
        .iter()
        .copied()
        .filter(|d| ctx.deal(&d.id).intermediary)
        .collect();
    let n = all.len();
    let buyers: std::collections::BTreeSet<&str> =
        all.iter().map(|d| ctx.party(&d.buyer)).collect();
    let providers: std::collections::BTreeSet<&str> =
        all.iter().map(|d| ctx.party(&d.provider)).collect();
    let (buyers, providers) = (buyers.len(), providers.len());
    let all_sums = ctx.sums("all", "");
    let usd = |s: &Summed| Banded::figure(&s.band);
    let committed = usd(&all_sums.total);
    let firm = usd(&all_sums.firm_remaining);
    let cancellable = usd(&all_sums.cancellable);
    let loose = usd(&ctx.sums("not_binding", "").total);
    let doubled = usd(&ctx.sums("intermediary", "").total);
    let horizon = usd(&all_sums.within_horizon);
    let remaining = usd(&all_sums.remaining);
    let pv = usd(&all_sums.remaining_pv);
    let (power, with_power) = (
        Banded::figure(&all_sums.power_mw.band),
        all_sums.power_mw.deals,
    );
    let (h100e, with_fleet) = (Banded::compact(&all_sums.h100e.band), all_sums.h100e.deals);
    vec![
        Tile {
            label: "Binding commitments".into(),
            value: committed,
            note: format!(
                "full term of {} between {} and {}",
                count(n as u64, "binding deal"),
                count(buyers as u64, "buyer"),
                count(providers as u64, "provider")
            ),
        },
        Tile {
            label: format!("Committed through {}", ctx.horizon_label()),
            value: horizon,
            note: "payments due by the horizon, past months included".into(),
        },
        Tile {
            label: format!("Remaining as of {}", view::date(model.site.as_of)),
            value: remaining,
            note: format!(
                "{} in present value at {} a year",
                pv.base.text,
                fmt::percent(model.site.discount_rate)
            ),
        },
        Tile {
            label: format!("Firm as of {}", view::date(model.site.as_of)),
            value: firm,
            note: format!(
                "of the remaining, cannot be cancelled; {} can be on notice",
                cancellable.base.text
            ),
        },
        Tile {
            label: "Not binding".into(),
            value: if not_binding.is_empty() {
                Banded::new(Some(0.0), None, None, Unit::Usd)
            } else {
                loose
            },
            note: format!(
                "{} (letters of intent, options, backstops), shown beside, not added in",
                count(not_binding.len() as u64, "deal")
            ),
        },
        Tile {
            label: "May be counted twice".into(),
            value: if twice.is_empty() {
                Banded::new(Some(0.0), None, None, Unit::Usd)
            } else {
                doubled
            },
            note: format!(
                "of the binding total: {} whose buyer also sells compute here (intermediary)",
                count(twice.len() as u64, "deal")
            ),
        },
        Tile {
            label: "Contracted power".into(),
            value: power,
            note: format!("{with_power} of {n} deals report power"),
        },
        Tile {
            label: "H100-equivalents".into(),
            value: h100e,
            note: format!("{with_fleet} of {n} deals report their GPU models"),
        },
    ]
}

/// The contracted-power chart and its table, months through the horizon.
fn power_over_time(ctx: &Ctx) -> (String, Vec<PowerLine>) {
    let horizon = ctx.horizon_key();
    let months: Vec<_> = ctx.capacity.iter().filter(|m| m.month <= horizon).collect();
    let x: Vec<String> = months.iter().map(|m| view::month_label(&m.month)).collect();
    let column = |end: fn(&Band) -> Option<f64>| -> Vec<f64> {
        months
            .iter()
            .map(|m| end(&m.power_mw).unwrap_or(f64::NAN))
            .collect()
    };
    // Base last, so that it is drawn over the low and high where they meet.
    let series = vec![
        Series {
            name: "Low".into(),
            values: column(|b| b.low),
        },
        Series {
            name: "High".into(),
            values: column(|b| b.high),
        },
        Series {
            name: "Base".into(),
            values: column(|b| b.base),
        },
    ];
    let peak = months
        .iter()
        .filter_map(|m| Some((m.power_mw.base?, m.month.clone())))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let desc = match peak {
        Some((mw, month)) => format!(
            "Step lines of the power under contract each month through {}: the base \
             and the low and high of uncertain capacity, binding deals only. It peaks \
             at {} in {}. Deals that report no power add nothing.",
            ctx.horizon_label(),
            fmt::mw(mw),
            view::month_label(&month)
        ),
        None => "No deal reports its power.".to_string(),
    };
    let chart = Chart {
        exact: |x| format!("{} MW", fmt::exact(x)),
        ..Chart::new(
            "contracted-power",
            "Contracted power by month",
            &desc,
            fmt::mw,
        )
    };
    let svg = chart::responsive(|| chart::step_lines(&chart, &x, &series));
    let lines = months
        .iter()
        .map(|m| PowerLine {
            month: m.month.clone(),
            label: view::month_label(&m.month),
            deals: m.deals.map(|n| n.to_string()).unwrap_or_default(),
            power: Banded::figure(&m.power_mw),
            h100e: Banded::compact(&m.h100e),
            gpus: Fig::new(m.gpus, Unit::Count),
        })
        .collect();
    (svg, lines)
}
