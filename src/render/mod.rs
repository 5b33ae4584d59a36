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
    let tables = export::Tables::from_figures(figures)?;
    let mut files = SiteFiles::new();
    for (path, bytes) in export::files(&model.site, &tables) {
        files.insert(path, bytes);
    }
    let ctx = pages::Ctx::new(model, &tables);
    pages::render(&ctx, &mut files)?;
    feed::render(&ctx, &mut files)?;
    // Last: it lists the pages written before it.
    sitemap::render(&ctx, &mut files)?;
    Ok(files)
}
