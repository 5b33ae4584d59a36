//! Figures -> the report site: askama pages, SVG charts, markdown notes, the
//! Atom feed and sitemap, and the CSV/JSON exports, as a map of relative
//! paths to bytes for `write`.

pub(crate) mod chart;
pub mod export;
pub(crate) mod feed;
pub(crate) mod format;
pub(crate) mod markdown;
pub(crate) mod meta;
pub mod pages;
pub(crate) mod sink;
pub(crate) mod sitemap;
pub(crate) mod summary;
pub mod table;
pub(crate) mod typed;
pub(crate) mod warnings;

use std::collections::BTreeSet;

use crate::compute::Figures;
use crate::error::Result;
use crate::model::Model;
use crate::write::SiteFiles;

use sink::{Memory, Put, Sink};

/// Renders every page and export into memory.
pub fn render(model: &Model, figures: &Figures) -> Result<SiteFiles> {
    let memory = Memory::default();
    render_into(model, figures, &memory)?;
    Ok(memory.into_files())
}

/// Renders every page and export, handing them to `sink` as they are done
/// (each export, the deal pages a chunk at a time, then the other pages),
/// so that a large site is never in memory whole; returns every path.
pub(crate) fn render_into(
    model: &Model,
    figures: &Figures,
    sink: &dyn Sink,
) -> Result<BTreeSet<String>> {
    let put = Put::new(sink);
    let t = std::time::Instant::now();
    let tables = export::Tables::from_figures(figures)?;
    crate::timing::stage("  tables", t);
    // The exports and the pages are independent: built side by side.
    let (exports, pages) = rayon::join(
        || {
            let t = std::time::Instant::now();
            let ids: Vec<&str> = model.deals.iter().map(|d| d.id.as_str()).collect();
            let done = export::files(&model.site, &ids, &tables, &put);
            crate::timing::stage("  exports (beside the pages)", t);
            done
        },
        || -> Result<()> {
            let t = std::time::Instant::now();
            let ctx = pages::Ctx::new(model, &tables);
            crate::timing::stage("  typed rows", t);
            let t = std::time::Instant::now();
            let mut files = SiteFiles::new();
            pages::render(&ctx, &mut files, &put)?;
            feed::render(&ctx, &mut files)?;
            put.batch(files)?;
            // Last: it lists the pages handed over before it (the exports
            // beside have no pages).
            put.one("sitemap.xml", sitemap::render(&ctx, &put.paths())?)?;
            crate::timing::stage("  pages", t);
            Ok(())
        },
    );
    exports.and(pages)?;
    Ok(put.into_paths())
}
