//! The directory: every buyer, provider and facility with its deals and
//! commitments, linking to their pages.

use askama::Template;

use super::view::{Banded, Fig, Unit};
use super::{Ctx, Layout};
use crate::error::Result;
use crate::model::Standing;
use crate::write::SiteFiles;

pub struct PartyLine {
    pub name: String,
    pub href: String,
    /// The binding deals, which the totals sum (docs/figures.md, What binds).
    pub deals: i64,
    /// The deals beside them that do not bind (withdrawn ones aside).
    pub not_binding: i64,
    pub total: Banded,
    pub horizon: Banded,
}

pub struct FacilityLine {
    pub name: String,
    pub href: String,
    pub operator: String,
    pub location: String,
    pub power: Banded,
    pub gpus: Fig,
    /// Binding deals there (docs/figures.md, What binds), and the not binding beside them.
    pub deals: usize,
    pub not_binding: usize,
}

#[derive(Template)]
#[template(path = "directory.html")]
struct DirectoryPage {
    layout: Layout,
    horizon: String,
    buyers: Vec<PartyLine>,
    providers: Vec<PartyLine>,
    facilities: Vec<FacilityLine>,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    // Sums and counts both count binding deals (docs/figures.md, What binds); the not
    // binding are counted beside them, and withdrawn deals in neither.
    let line = |name: &str, path: String, dimension: &str| {
        let sums = ctx.sums(dimension, name);
        PartyLine {
            name: name.to_string(),
            href: ctx.links.to(&path),
            deals: sums.deals,
            not_binding: ctx.sums(&format!("{dimension}_not_binding"), name).deals,
            total: Banded::figure(&sums.total.band),
            horizon: Banded::figure(&sums.within_horizon.band),
        }
    };
    let as_of = ctx.model.site.as_of;
    let page = DirectoryPage {
        layout: ctx.layout(
            "directory",
            "Directory",
            "Every buyer, provider and facility in the report, with their deals and commitments.",
        )
        .at("directory.html"),
        horizon: ctx.horizon_label(),
        buyers: ctx
            .buyers
            .iter()
            .map(|(n, _)| line(n, ctx.buyer_path(n), "buyer"))
            .collect(),
        providers: ctx
            .providers
            .iter()
            .map(|(n, _)| line(n, ctx.provider_path(n), "provider"))
            .collect(),
        facilities: ctx
            .model
            .facilities
            .values()
            .map(|f| {
                let p = f.capacity.power_mw.as_ref();
                FacilityLine {
                    name: f.name.clone(),
                    href: ctx.links.to(&ctx.facility_path(&f.id)),
                    operator: f.operator.clone(),
                    location: f.location.clone().unwrap_or_default(),
                    power: Banded::new(
                        p.map(|p| p.base),
                        p.map(|p| p.low),
                        p.map(|p| p.high),
                        Unit::Mw,
                    ),
                    gpus: Fig::new(f.capacity.gpu_count(|r| r.base), Unit::Count),
                    deals: ctx
                        .model
                        .deals
                        .iter()
                        .filter(|d| d.facilities.contains(&f.id) && d.binds(as_of))
                        .count(),
                    not_binding: ctx
                        .model
                        .deals
                        .iter()
                        .filter(|d| {
                            d.facilities.contains(&f.id)
                                && d.standing(as_of) == Standing::NotBinding
                        })
                        .count(),
                }
            })
            .collect(),
    };
    files.insert("directory.html".into(), page.render()?.into_bytes());
    Ok(())
}
