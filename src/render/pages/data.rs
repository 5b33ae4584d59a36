//! The data page: every export, what a row is, and what each column means
//! (docs/figures.md). The column lists are read from the tables
//! themselves, so a column added to an export shows up here; the meanings
//! come from the figure registry (`crate::registry`), and a column without
//! one is marked `undocumented`, which the site tests refuse.

use askama::Template;

use super::{Ctx, Layout};
use crate::error::Result;
use crate::registry;
use crate::render::table::Table;
use crate::write::SiteFiles;

pub struct Column {
    pub name: String,
    pub meaning: String,
    pub documented: bool,
}

pub struct Export {
    /// Anchor on the page, e.g. `deals-csv`.
    pub id: String,
    pub file: String,
    pub href: String,
    pub rows: String,
    pub columns: Vec<Column>,
}

pub struct ScheduleLink {
    pub title: String,
    pub file: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage {
    layout: Layout,
    exports: Vec<Export>,
    metrics_href: String,
    schedules: Vec<ScheduleLink>,
    as_of: String,
    horizon: String,
    discount_rate: String,
    csv_text_rule: &'static str,
    license: Option<String>,
    cite: super::cite::Cite,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    let t = ctx.t;
    let export = |spec: &registry::Export, table: &Table| Export {
        id: spec.file.replace(['.', '_'], "-"),
        file: spec.file.to_string(),
        href: ctx.links.to(&format!("data/{}", spec.file)),
        rows: spec.rows.to_string(),
        columns: table
            .columns
            .iter()
            .map(|c| {
                let meaning = spec.meaning(c);
                Column {
                    name: c.clone(),
                    documented: meaning.is_some(),
                    meaning: meaning.unwrap_or_else(|| "undocumented".into()),
                }
            })
            .collect(),
    };
    let site = &ctx.model.site;
    let page = DataPage {
        layout: ctx
            .layout(
                "data",
                "Data",
                "Download the report's figures as CSV and JSON, with the meaning of every column.",
            )
            .at("data.html"),
        exports: registry::EXPORTS
            .iter()
            .map(|spec| export(spec, t.of(spec)))
            .collect(),
        metrics_href: ctx.links.to("data/metrics.json"),
        schedules: ctx
            .model
            .deals
            .iter()
            .map(|d| ScheduleLink {
                title: d.title.clone(),
                file: format!("{}.csv", d.id),
                href: ctx.links.to(&format!("data/schedule/{}.csv", d.id)),
            })
            .collect(),
        as_of: site.as_of.to_string(),
        horizon: ctx.horizon_key(),
        discount_rate: format!("{}", site.discount_rate),
        csv_text_rule: registry::CSV_TEXT_RULE,
        license: site.license.clone(),
        cite: super::cite::Cite::new(ctx),
    };
    files.insert("data.html".into(), page.render()?.into_bytes());
    Ok(())
}
