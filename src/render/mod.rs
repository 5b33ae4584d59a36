//! Figures -> the report site: askama pages, SVG charts, markdown notes, the
//! Atom feed and sitemap, and the CSV/JSON exports, as a map of relative
//! paths to bytes for `write`.

pub mod chart;
pub mod export;
pub mod feed;
pub mod format;
pub mod markdown;
pub mod pages;
pub mod sitemap;
pub mod summary;
pub mod table;
pub mod typed;

use crate::compute::Figures;
use crate::error::Result;
use crate::model::Model;
use crate::write::SiteFiles;

/// Renders every page and export.
pub fn render(model: &Model, figures: &Figures) -> Result<SiteFiles> {
    let t = std::time::Instant::now();
    let tables = export::Tables::from_figures(figures)?;
    crate::timing::stage("  tables", t);
    // The exports and the pages are independent: built side by side.
    let (exports, pages) = rayon::join(
        || {
            let t = std::time::Instant::now();
            let exports = export::files(&model.site, &tables);
            crate::timing::stage("  exports (beside the pages)", t);
            exports
        },
        || -> Result<SiteFiles> {
            let t = std::time::Instant::now();
            let ctx = pages::Ctx::new(model, &tables);
            crate::timing::stage("  typed rows", t);
            let t = std::time::Instant::now();
            let mut files = SiteFiles::new();
            pages::render(&ctx, &mut files)?;
            feed::render(&ctx, &mut files)?;
            // Last: it lists the pages written before it.
            sitemap::render(&ctx, &mut files)?;
            crate::timing::stage("  pages", t);
            Ok(files)
        },
    );
    let mut files = pages?;
    files.extend(exports);
    Ok(files)
}
