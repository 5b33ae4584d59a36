//! A page per deal: who pays whom, the key terms, headline money and unit
//! costs with their bands, the payment chart, the yearly table, capacity and
//! fleet, the analyst's notes and the numbered sources; plus the deal's
//! schedule, month by month, as a CSV download.

mod commitment;
mod costs;
mod schedule;

use askama::Template;
use rayon::prelude::*;

use super::view::{self, Banded, Fig, Unit};
use super::{Badge, Ctx, Layout, Tile};
use crate::count::count;
use crate::error::Result;
use crate::model::{Basis, Deal, Range};
use crate::render::format as fmt;
use crate::render::markdown;
use crate::write::SiteFiles;

/// A line of a term list: label, value, and where the value links to.
#[derive(Debug)]
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

#[derive(Debug)]
pub struct YearRow {
    pub year: String,
    pub payment: Banded,
}

#[derive(Debug)]
pub struct FleetRow {
    pub model: String,
    pub name: String,
    pub count: Banded,
    pub per_gpu_h100e: String,
    pub h100e: Fig,
}

#[derive(Debug)]
pub struct SourceRow {
    pub title: String,
    pub url: String,
    pub publisher: String,
    pub date: String,
}

impl SourceRow {
    /// A cited source as the page lists it (deal and facility pages alike).
    pub fn of(s: &crate::model::Source) -> SourceRow {
        SourceRow {
            title: s.title.clone(),
            url: s.url.clone(),
            publisher: s.publisher.clone().unwrap_or_default(),
            date: s.date.map(view::date).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "deal.html")]
pub struct DealPage {
    pub layout: Layout,
    pub title: String,
    pub lede: String,
    pub status: Badge,
    pub confidence: Badge,
    pub flags: Vec<Badge>,
    /// docs/data-format.md section 10.6: what became of a withdrawn deal, above everything else.
    pub withdrawn: Option<String>,
    pub terms: Vec<Term>,
    /// docs/figures.md, What binds: what binds, the termination right, firm and cancellable value.
    pub commitment: commitment::CommitmentView,
    pub money: Vec<Tile>,
    pub unit_costs: Vec<Tile>,
    /// HOOK(usage): a plain warning that the realized figures come from an
    /// illustrative dataset; see [`usage_note`].
    pub usage_note: Option<String>,
    pub payments_svg: String,
    pub years: Vec<YearRow>,
    /// How many months the schedule has (the months are the CSV download).
    pub month_count: usize,
    pub capacity: Vec<Term>,
    pub capacity_note: Option<Term>,
    pub fleet: Vec<FleetRow>,
    pub notes: String,
    pub sources: Vec<SourceRow>,
    pub csv_href: String,
    pub csv_name: String,
}

pub fn render(ctx: &Ctx, put: &crate::render::sink::Put) -> Result<()> {
    // Deal pages are independent: rendered on every core, and handed over a
    // chunk at a time, so that memory holds one chunk, not every page. The
    // files are keyed by path, so the output does not depend on which
    // finishes first.
    ctx.model
        .deals
        .par_chunks(DEALS_PER_BATCH)
        .try_for_each(|deals| {
            let mut files = SiteFiles::new();
            for deal in deals {
                let path = format!("deals/{}.html", deal.id);
                let view = page(ctx, deal);
                // Into an earlier site, or in `serve`: rendered only when
                // its view changed.
                if !put.unchanged(&path, &view)? {
                    files.insert(path, view.render()?.into_bytes());
                }
            }
            put.batch(files)
        })
}

/// Deals rendered and handed over together.
const DEALS_PER_BATCH: usize = 32;

pub fn page(ctx: &Ctx, deal: &Deal) -> DealPage {
    let figures = ctx.deal(&deal.id);
    let lede = lede(ctx, deal);
    DealPage {
        layout: ctx
            .layout("", &deal.title, &lede)
            .at(&format!("deals/{}.html", deal.id))
            .article(),
        title: deal.title.clone(),
        lede,
        status: Badge::status_of(deal, &figures.status),
        confidence: Badge::confidence(deal.confidence.as_str()),
        flags: Badge::flags(deal, figures),
        withdrawn: withdrawn_note(ctx, deal),
        terms: terms(ctx, deal),
        commitment: commitment::view(ctx, deal),
        money: costs::money(ctx, deal),
        unit_costs: costs::unit_costs(ctx, deal),
        usage_note: costs::usage_note(ctx, deal),
        payments_svg: schedule::payments_chart(ctx, deal),
        years: ctx
            .years(&deal.id)
            .iter()
            .map(|y| YearRow {
                year: y.year.map(|y| y.to_string()).unwrap_or_default(),
                payment: Banded::figure(&y.payment),
            })
            .collect(),
        month_count: ctx.months(&deal.id).len(),
        capacity: capacity(ctx, deal),
        capacity_note: deal
            .facilities
            .first()
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
        sources: deal.sources.iter().map(SourceRow::of).collect(),
        csv_href: ctx.links.to(&format!("data/schedule/{}.csv", deal.id)),
        csv_name: format!("{}.csv", deal.id),
    }
}

/// One sentence on who pays whom, how much, when and for what capacity.
/// The callout of a withdrawn deal: when, that its figures are as
/// announced and counted nowhere, and why, from its notes.
fn withdrawn_note(ctx: &Ctx, deal: &Deal) -> Option<String> {
    let w = deal
        .withdrawn
        .filter(|_| deal.is_withdrawn(ctx.model.site.as_of))?;
    let reason = deal
        .notes
        .as_deref()
        .map(super::withdrawal_reason)
        .unwrap_or_default();
    let mut note = format!(
        "Withdrawn on {}: this {} was announced on {} and then abandoned. The figures on this page describe the deal as announced; it is counted in no portfolio figure.",
        view::date(w),
        deal.commitment.noun(),
        view::date(deal.announced),
    );
    if !reason.is_empty() {
        note.push(' ');
        note.push_str(&reason);
    }
    Some(note)
}

pub fn lede(ctx: &Ctx, deal: &Deal) -> String {
    let figures = ctx.deal(&deal.id);
    let verb = match figures.status.as_str() {
        "withdrawn" => "was to pay",
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
    let ramp_months = p.ramp_months();
    if ramp_months > 0 && p.ramp.iter().any(|r| r.discount.base > 0.0) {
        price.push_str(&format!(
            ", reduced for the first {}",
            count(ramp_months as usize as u64, "month")
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
    if let Some(w) = deal
        .withdrawn
        .filter(|_| deal.is_withdrawn(ctx.model.site.as_of))
    {
        s.push_str(&format!(
            " (announced on {}, withdrawn on {})",
            view::date(deal.announced),
            view::date(w)
        ));
    }
    let power = figures.power_mw.base.map(fmt::mw);
    let gpus = figures.gpus.base.map(|g| format!("{} GPUs", fmt::count(g)));
    match (power, gpus) {
        (Some(p), Some(g)) => s.push_str(&format!(", for about {p} and {g}")),
        (Some(p), None) => s.push_str(&format!(", for about {p}")),
        (None, Some(g)) => s.push_str(&format!(", for {g}")),
        (None, None) => {}
    }
    s.push('.');
    // Unit::Rate("") reads "$7.23": the sentence says "per GPU-hour" itself.
    let per_hour = Banded::of(&figures.per_gpu_hour, Unit::Rate(""));
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
    let figures = ctx.deal(&deal.id);
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
                count(r.months as usize as u64, "month"),
                range_text(&r.discount, Unit::Percent)
            ),
        ));
    }
    terms.push(Term::new(
        "Term",
        format!(
            "{} months ({} days of service)",
            figures
                .term_months
                .map(|n| n.to_string())
                .unwrap_or_default(),
            fmt::count(figures.term_days.unwrap_or(f64::NAN))
        ),
    ));
    for f in &deal.facilities {
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

fn capacity(ctx: &Ctx, deal: &Deal) -> Vec<Term> {
    let figures = ctx.deal(&deal.id);
    vec![
        Term::banded("Power", &Banded::figure(&figures.power_mw)),
        Term::banded("GPUs", &Banded::figure(&figures.gpus)),
        Term::banded("H100-equivalents", &Banded::figure(&figures.h100e)),
    ]
}

/// What a fleet entry without a model shows in place of the model.
pub const UNDISCLOSED: &str = "mix not disclosed";

fn fleet(ctx: &Ctx, deal: &Deal) -> Vec<FleetRow> {
    let catalogue = &ctx.model.catalogue;
    deal.capacity
        .gpus
        .iter()
        .map(|g| {
            let per = g.model.as_deref().map(|m| catalogue.h100e(m));
            FleetRow {
                model: g.model.clone().unwrap_or_else(|| UNDISCLOSED.to_string()),
                name: g
                    .model
                    .as_deref()
                    .and_then(|m| catalogue.get(m))
                    .map_or(String::new(), |m| m.name.clone()),
                count: Banded::count(&g.count),
                per_gpu_h100e: per.map_or_else(|| "–".to_string(), |per| format!("{per:.2}")),
                h100e: Fig::new(per.map(|per| g.h100e(per)), Unit::Count),
            }
        })
        .collect()
}
