//! A page per buyer and per provider: what they have committed, by year and
//! by counterparty, and their deals. Names are free text, so the pages live
//! at `buyers/<slug>.html` and `providers/<slug>.html` (see `slug`).

use askama::Template;

use super::view::{self, Unit};
use super::years::{self, BandFrom, Split, YearSpec, YearView};
use super::{Ctx, DealRow, Layout, Tile};
use crate::error::Result;
use crate::model::Deal;
use crate::write::SiteFiles;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Role {
    Buyer,
    Provider,
}

impl Role {
    fn word(self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Provider => "provider",
        }
    }

    fn other(self) -> Role {
        match self {
            Role::Buyer => Role::Provider,
            Role::Provider => Role::Buyer,
        }
    }

    fn name_of(self, d: &Deal) -> &str {
        match self {
            Role::Buyer => &d.buyer,
            Role::Provider => &d.provider,
        }
    }
}

/// A link to a related page.
pub struct SeeAlso {
    pub text: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "party.html")]
struct PartyPage {
    layout: Layout,
    name: String,
    role: String,
    summary: String,
    tiles: Vec<Tile>,
    by_year: YearView,
    deals: Vec<DealRow>,
    deals_caption: String,
    see_also: Option<SeeAlso>,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    for role in [Role::Buyer, Role::Provider] {
        let slugs = match role {
            Role::Buyer => &ctx.buyers,
            Role::Provider => &ctx.providers,
        };
        for (name, _) in slugs.iter() {
            let path = path(ctx, role, name);
            let page = page(ctx, role, name);
            files.insert(path, page.render()?.into_bytes());
        }
    }
    Ok(())
}

fn path(ctx: &Ctx, role: Role, name: &str) -> String {
    match role {
        Role::Buyer => ctx.buyer_path(name),
        Role::Provider => ctx.provider_path(name),
    }
}

fn page(ctx: &Ctx, role: Role, name: &str) -> PartyPage {
    let deals: Vec<&Deal> = ctx
        .model
        .deals
        .iter()
        .filter(|d| role.name_of(d) == name)
        .collect();
    let other = role.other();
    let bound: Vec<&Deal> = deals
        .iter()
        .copied()
        .filter(|d| d.commitment.is_binding())
        .collect();
    let (total, _) = ctx.sum(&bound, "total_usd", Unit::Usd);
    let (horizon, _) = ctx.sum(&bound, "within_horizon_usd", Unit::Usd);
    let (remaining, _) = ctx.sum(&bound, "remaining_usd", Unit::Usd);
    let (firm, _) = ctx.sum(&bound, "firm_remaining_usd", Unit::Usd);
    let loose: Vec<&Deal> = deals
        .iter()
        .copied()
        .filter(|d| !d.commitment.is_binding())
        .collect();
    let (power, with_power) = ctx.sum(&deals, "power_mw", Unit::Mw);
    let counterparts: std::collections::BTreeSet<&str> =
        deals.iter().map(|d| other.name_of(d)).collect();
    let summary = match role {
        Role::Buyer => format!(
            "{name} buys compute in {} tracked here, from {}.",
            view::plural(deals.len(), "deal", "deals"),
            view::plural(counterparts.len(), "provider", "providers")
        ),
        Role::Provider => format!(
            "{name} supplies compute in {} tracked here, to {}.",
            view::plural(deals.len(), "deal", "deals"),
            view::plural(counterparts.len(), "buyer", "buyers")
        ),
    };
    let tiles = vec![
        Tile {
            label: "Total commitments".into(),
            value: total,
            note: view::plural(bound.len(), "binding deal", "binding deals"),
        },
        Tile {
            label: format!("Through {}", ctx.horizon_label()),
            value: horizon,
            note: "payments due by the horizon".into(),
        },
        Tile {
            label: format!("Remaining as of {}", view::date(ctx.model.site.as_of)),
            value: remaining,
            note: format!("still to be paid, of which {} firm", firm.base.text),
        },
        Tile {
            label: "Contracted power".into(),
            value: power,
            note: format!("{with_power} of {} deals report power", deals.len()),
        },
    ];
    let mut tiles = tiles;
    if !loose.is_empty() {
        tiles.push(Tile {
            label: "Not binding".into(),
            value: ctx.sum(&loose, "total_usd", Unit::Usd).0,
            note: format!(
                "{} (letters of intent, options, backstops), not added in",
                view::plural(loose.len(), "deal", "deals")
            ),
        });
    }
    // The portfolio bands count binding deals only (SPEC.md 10.5).
    let binding: Vec<&Deal> = deals
        .iter()
        .copied()
        .filter(|d| d.commitment.is_binding())
        .collect();
    let by_year = years::commitments(
        ctx,
        &binding,
        |d| {
            let n = other.name_of(d);
            Split {
                name: n.to_string(),
                href: Some(ctx.links.to(&path(ctx, other, n))),
            }
        },
        YearSpec {
            id: "commitments-by-year",
            by: other.word(),
            band: BandFrom::Portfolio {
                dimension: role.word(),
                name,
            },
        },
    );
    // The same name on the other side of some deal (a cloud that also buys).
    let other_slugs = match other {
        Role::Buyer => &ctx.buyers,
        Role::Provider => &ctx.providers,
    };
    let see_also = other_slugs
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, _)| SeeAlso {
            text: format!("{n} as a {}", other.word()),
            href: ctx.links.to(&path(ctx, other, n)),
        });
    let role_title = match role {
        Role::Buyer => "Buyer",
        Role::Provider => "Provider",
    };
    PartyPage {
        layout: ctx.layout("directory", &format!("{name} ({})", role.word()), &summary),
        name: name.to_string(),
        role: role_title.to_string(),
        summary,
        tiles,
        by_year,
        deals: deals.iter().map(|d| ctx.deal_line(d)).collect(),
        deals_caption: format!("Deals with {name} as the {}", role.word()),
        see_also,
    }
}
