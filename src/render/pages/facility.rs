//! A page per facility (data center, cluster): where it is, its power and
//! fleet as reported, the deals that use it and their commitments by year,
//! the notes and sources.

use askama::Template;

use super::deal::SourceRow;
use super::view::{self, Banded, Unit};
use super::years::{self, Split, YearSpec, YearView};
use super::{Ctx, DealRow, Layout};
use crate::error::Result;
use crate::model::{Deal, Facility};
use crate::render::markdown;
use crate::write::SiteFiles;

pub struct Fact {
    pub label: String,
    pub value: String,
    pub exact: String,
}

pub struct GpuLine {
    pub model: String,
    pub name: String,
    pub count: Banded,
}

#[derive(Template)]
#[template(path = "facility.html")]
struct FacilityPage {
    layout: Layout,
    name: String,
    facts: Vec<Fact>,
    fleet: Vec<GpuLine>,
    by_year: Option<YearView>,
    deals: Vec<DealRow>,
    deals_caption: String,
    notes: String,
    sources: Vec<SourceRow>,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    for f in ctx.model.facilities.values() {
        files.insert(
            ctx.facility_path(&f.id),
            page(ctx, f).render()?.into_bytes(),
        );
    }
    Ok(())
}

fn fact(label: &str, b: Banded) -> Fact {
    Fact {
        label: label.to_string(),
        value: match &b.band {
            Some(band) => format!("{} (range {band})", b.base.text),
            None => b.base.text.clone(),
        },
        exact: b.base.exact,
    }
}

fn text_fact(label: &str, value: String) -> Fact {
    Fact {
        label: label.to_string(),
        value,
        exact: String::new(),
    }
}

fn page(ctx: &Ctx, f: &Facility) -> FacilityPage {
    let cap = &f.capacity;
    let mut facts = vec![
        text_fact("Operator", f.operator.clone()),
        text_fact(
            "Location",
            f.location.clone().unwrap_or_else(|| "not reported".into()),
        ),
        text_fact(
            "Online",
            f.online.map_or_else(|| "not reported".into(), view::date),
        ),
    ];
    let power = cap.power_mw.as_ref();
    facts.push(fact(
        "Power",
        Banded::new(
            power.map(|p| p.base),
            power.map(|p| p.low),
            power.map(|p| p.high),
            Unit::Mw,
        ),
    ));
    facts.push(fact(
        "GPUs",
        Banded::new(
            cap.gpu_count(|r| r.base),
            cap.gpu_count(|r| r.low),
            cap.gpu_count(|r| r.high),
            Unit::Count,
        ),
    ));

    let deals: Vec<&Deal> = ctx
        .model
        .deals
        .iter()
        .filter(|d| d.facilities.contains(&f.id))
        .collect();
    let by_year = years::commitments(
        ctx,
        &deals,
        |d| Split {
            name: d.title.clone(),
            href: Some(ctx.deal_href(&d.id)),
        },
        YearSpec {
            id: "commitments-by-year",
            by: "deal",
            chart: "facility",
            group: &f.id,
        },
    );
    let summary = format!(
        "{}, operated by {}{}.",
        f.name,
        f.operator,
        f.location
            .as_ref()
            .map(|l| format!(", in {l}"))
            .unwrap_or_default()
    );
    FacilityPage {
        layout: ctx
            .layout("directory", &f.name, &summary)
            .at(&ctx.facility_path(&f.id)),
        name: f.name.clone(),
        facts,
        fleet: cap
            .gpus
            .iter()
            .map(|g| GpuLine {
                model: g
                    .model
                    .clone()
                    .unwrap_or_else(|| super::deal::UNDISCLOSED.to_string()),
                name: g
                    .model
                    .as_deref()
                    .and_then(|m| ctx.model.catalogue.get(m))
                    .map_or(String::new(), |m| m.name.clone()),
                count: Banded::count(&g.count),
            })
            .collect(),
        by_year,
        deals: deals.iter().map(|d| ctx.deal_line(d)).collect(),
        deals_caption: format!("Deals at {}", f.name),
        notes: f
            .notes
            .as_deref()
            .map(|m| markdown::to_html_in_site(m, ctx.links.base()))
            .unwrap_or_default(),
        sources: f.sources.iter().map(SourceRow::of).collect(),
    }
}
