//! The directory: every buyer, provider and facility with its deals and
//! commitments, linking to their pages.

use askama::Template;

use super::view::{Banded, Fig, Unit};
use super::{Ctx, Layout};
use crate::error::Result;
use crate::model::Deal;
use crate::write::SiteFiles;

pub struct PartyLine {
    pub name: String,
    pub href: String,
    pub deals: usize,
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
    pub deals: usize,
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
    // Sums count binding deals (SPEC.md 10.5); the deal count counts all.
    let line = |name: &str, path: String, deals: Vec<&Deal>, dimension: &str| {
        let sums = ctx.sums(dimension, name);
        PartyLine {
            name: name.to_string(),
            href: ctx.links.to(&path),
            deals: deals.len(),
            total: Banded::figure(&sums.total.band),
            horizon: Banded::figure(&sums.within_horizon.band),
        }
    };
    let of = |pick: fn(&Deal) -> &str, name: &str| -> Vec<&Deal> {
        ctx.model
            .deals
            .iter()
            .filter(|d| ctx.party(pick(d)) == name)
            .collect()
    };
    let page = DirectoryPage {
        layout: ctx.layout(
            "directory",
            "Directory",
            "Every buyer, provider and facility in the report, with their deals and commitments.",
        ),
        horizon: ctx.horizon_label(),
        buyers: ctx
            .buyers
            .iter()
            .map(|(n, _)| line(n, ctx.buyer_path(n), of(|d| &d.buyer, n), "buyer"))
            .collect(),
        providers: ctx
            .providers
            .iter()
            .map(|(n, _)| line(n, ctx.provider_path(n), of(|d| &d.provider, n), "provider"))
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
                        .filter(|d| d.facility.as_deref() == Some(f.id.as_str()))
                        .count(),
                }
            })
            .collect(),
    };
    files.insert("directory.html".into(), page.render()?.into_bytes());
    Ok(())
}
