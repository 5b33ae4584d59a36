//! A page per party (docs/data-format.md section 8, 10.5): one company under all its names
//! (parties.yaml), its buying and its selling side by side, each by year and
//! by counterparty, and its net position by year. Names are free text, so
//! the pages live at `parties/<slug>.html` (see `slug`).

use std::collections::BTreeSet;

use askama::Template;

use super::view::{self, Banded, Fig, Unit};
use super::years::{self, Split, YearSpec, YearView};
use super::{Ctx, DealRow, Layout, Tile, WithdrawnRow};
use crate::count::count;
use crate::error::Result;
use crate::model::{Deal, Standing};
use crate::write::SiteFiles;

/// One side of a party's business: what it buys, or what it sells.
pub struct Side {
    pub id: &'static str,
    pub heading: &'static str,
    pub summary: String,
    pub tiles: Vec<Tile>,
    /// None when the party has no binding deal on this side.
    pub by_year: Option<YearView>,
    pub deals: Vec<DealRow>,
    pub deals_caption: String,
}

/// A year of the net position: binding payments made and received.
pub struct NetLine {
    pub year: String,
    pub bought: Fig,
    pub sold: Fig,
    pub net: Fig,
    pub firm_bought: Fig,
    pub firm_sold: Fig,
}

#[derive(Template)]
#[template(path = "party.html")]
struct PartyPage {
    layout: Layout,
    name: String,
    /// The other names it appears under in the deals, e.g. "Microsoft Azure".
    aliases: String,
    summary: String,
    sides: Vec<Side>,
    /// Its withdrawn deals on either side, listed apart (docs/data-format.md section 10.6).
    withdrawn: Vec<WithdrawnRow>,
    withdrawn_caption: String,
    net: Vec<NetLine>,
    horizon: String,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    for (name, _) in ctx.parties.iter() {
        files.insert(ctx.party_path(name), page(ctx, name).render()?.into_bytes());
    }
    Ok(())
}

fn page(ctx: &Ctx, name: &str) -> PartyPage {
    let deals = &ctx.model.deals;
    let bought: Vec<&Deal> = deals
        .iter()
        .filter(|d| ctx.party(&d.buyer) == name)
        .collect();
    let sold: Vec<&Deal> = deals
        .iter()
        .filter(|d| ctx.party(&d.provider) == name)
        .collect();
    let written: BTreeSet<&str> = bought
        .iter()
        .map(|d| d.buyer.as_str())
        .chain(sold.iter().map(|d| d.provider.as_str()))
        .filter(|n| *n != name)
        .collect();
    let counterparts = |ds: &[&Deal], pick: fn(&Deal) -> &str| -> usize {
        ds.iter()
            .map(|d| ctx.party(pick(d)))
            .collect::<BTreeSet<_>>()
            .len()
    };
    // A withdrawn deal is listed apart, not on a side (docs/data-format.md section 10.6).
    let as_of = ctx.model.site.as_of;
    fn live<'d>(ds: &[&'d Deal], as_of: chrono::NaiveDate) -> Vec<&'d Deal> {
        ds.iter()
            .copied()
            .filter(|d| !d.is_withdrawn(as_of))
            .collect()
    }
    let (live_bought, live_sold) = (live(&bought, as_of), live(&sold, as_of));
    let mut parts = Vec::new();
    if !live_bought.is_empty() {
        parts.push(format!(
            "buys compute in {} from {}",
            count(live_bought.len() as u64, "deal"),
            count(
                counterparts(&live_bought, |d| &d.provider) as u64,
                "provider"
            )
        ));
    }
    if !live_sold.is_empty() {
        parts.push(format!(
            "supplies compute in {} to {}",
            count(live_sold.len() as u64, "deal"),
            count(counterparts(&live_sold, |d| &d.buyer) as u64, "buyer")
        ));
    }
    // Each deal once, though a party may be on both sides of one.
    let mut involved: Vec<&Deal> = bought.iter().chain(sold.iter()).copied().collect();
    involved.sort_by(|a, b| a.id.cmp(&b.id));
    involved.dedup_by(|a, b| a.id == b.id);
    let withdrawn = ctx.withdrawn_lines(involved);
    let gone = withdrawn.len();
    let mut summary = if parts.is_empty() {
        format!("{name} has no deal tracked here that still stands.")
    } else {
        format!("{name} {} tracked here.", parts.join(" and "))
    };
    if gone > 0 {
        summary.push_str(&format!(
            " It was party to {} since withdrawn, listed apart.",
            count(gone as u64, "deal")
        ));
    }
    let mut sides = Vec::new();
    if !live_bought.is_empty() {
        sides.push(side(ctx, name, &live_bought, true));
    }
    if !live_sold.is_empty() {
        sides.push(side(ctx, name, &live_sold, false));
    }
    PartyPage {
        layout: ctx
            .layout("directory", name, &summary)
            .at(&ctx.party_path(name)),
        name: name.to_string(),
        aliases: written.into_iter().collect::<Vec<_>>().join(", "),
        summary,
        sides,
        withdrawn_caption: format!(
            "{}: {}",
            count(withdrawn.len() as u64, "withdrawn deal"),
            "announced, then abandoned; in no sum on this page."
        ),
        withdrawn,
        net: net_by_year(ctx, name),
        horizon: ctx.horizon_label(),
    }
}

fn side(ctx: &Ctx, name: &str, deals: &[&Deal], buying: bool) -> Side {
    let as_of = ctx.model.site.as_of;
    let binding: Vec<&Deal> = deals.iter().copied().filter(|d| d.binds(as_of)).collect();
    let loose: Vec<&Deal> = deals
        .iter()
        .copied()
        .filter(|d| d.standing(as_of) == Standing::NotBinding)
        .collect();
    let (verb, other, dimension) = if buying {
        ("bought", "provider", "buyer")
    } else {
        ("sold", "buyer", "provider")
    };
    let sums = ctx.sums(dimension, name);
    let total = Banded::figure(&sums.total.band);
    let remaining = Banded::figure(&sums.remaining.band);
    let firm = Banded::figure(&sums.firm_remaining.band);
    let power = Banded::figure(&sums.power_mw.band);
    let with_power = sums.power_mw.deals;
    let mut tiles = vec![
        Tile {
            label: "Binding commitments".into(),
            value: total,
            note: format!(
                "full term, {} {verb}",
                count(binding.len() as u64, "binding deal")
            ),
        },
        Tile {
            label: format!("Remaining as of {}", view::date(ctx.model.site.as_of)),
            value: remaining,
            note: format!("of which {} firm", firm.base.text),
        },
        Tile {
            label: "Contracted power".into(),
            value: power,
            note: format!("{with_power} of {} deals report power", binding.len()),
        },
    ];
    if !loose.is_empty() {
        tiles.push(Tile {
            label: "Not binding".into(),
            value: Banded::figure(
                &ctx.sums(&format!("{dimension}_not_binding"), name)
                    .total
                    .band,
            ),
            note: format!(
                "{} (letters of intent, options, backstops), not added in",
                count(loose.len() as u64, "deal")
            ),
        });
    }
    let by_year = years::commitments(
        ctx,
        &binding,
        |d| {
            let n = ctx.party(if buying { &d.provider } else { &d.buyer });
            Split {
                name: n.to_string(),
                href: Some(ctx.links.to(&ctx.party_path(n))),
            }
        },
        YearSpec {
            id: if buying {
                "buying-by-year"
            } else {
                "selling-by-year"
            },
            by: other,
            chart: dimension,
            group: name,
        },
    );
    Side {
        id: if buying { "buying" } else { "selling" },
        heading: if buying { "Buying" } else { "Selling" },
        summary: format!(
            "Deals in which {name} is the {dimension}, by {other}; binding deals only in the sums."
        ),
        tiles,
        by_year,
        deals: deals.iter().map(|d| ctx.deal_line(d)).collect(),
        deals_caption: format!("Deals with {name} as the {dimension}"),
    }
}

/// Per year through the horizon: binding payments as buyer and as provider
/// (portfolio_by_year, grouped by party), and bought − sold.
fn net_by_year(ctx: &Ctx, name: &str) -> Vec<NetLine> {
    ctx.party_net
        .iter()
        .filter(|r| r.name == name)
        .map(|r| NetLine {
            year: r.year.map(|y| y.to_string()).unwrap_or_default(),
            bought: Fig::new(r.bought, Unit::Usd),
            sold: Fig::new(r.sold, Unit::Usd),
            net: Fig::new(r.net, Unit::Usd),
            firm_bought: Fig::new(r.firm_bought, Unit::Usd),
            firm_sold: Fig::new(r.firm_sold, Unit::Usd),
        })
        .collect()
}
