//! `serve` renders the pages first and the exports after: the reload message
//! goes out as soon as the pages are in, and the exports (143 MB at 1,000
//! deals, most of a rebuild's time) follow on the same thread. A request
//! for an export waits until the exports of the site it is served from are
//! done, so it never gets a file of an older build.

use std::sync::Arc;

use tokio::sync::watch;

use super::store::{Compressing, Store};
use crate::compute::Figures;
use crate::error::Result;
use crate::model::Model;
use crate::render::sink::Put;
use crate::render::{export, feed, pages, sitemap};
use crate::write::SiteFiles;

/// The figures of a build, ready to render its exports.
pub struct Pending {
    model: Model,
    tables: export::Tables,
}

/// The pages of a build (everything but the exports) into `sink`; what its
/// exports need, to render them next with [`Pending::render`]. The pages
/// are those of `render::render_into`, byte for byte.
pub fn pages(model: Model, figures: &Figures, sink: &Compressing) -> Result<Pending> {
    let tables = export::Tables::from_figures(figures)?;
    let put = Put::new(sink);
    {
        let ctx = pages::Ctx::new(&model, &tables);
        let mut files = SiteFiles::new();
        pages::render(&ctx, &mut files, &put)?;
        feed::render(&ctx, &mut files)?;
        put.batch(files)?;
        put.one("sitemap.xml", sitemap::render(&ctx, &put.paths())?)?;
    }
    Ok(Pending { model, tables })
}

impl Pending {
    /// The exports into `sink`.
    pub fn render(self, sink: &Compressing) -> Result<()> {
        let ids: Vec<&str> = self.model.deals.iter().map(|d| d.id.as_str()).collect();
        export::files(&self.model.site, &ids, &self.tables, &Put::new(sink))
    }
}

/// The exports of one served site: None until they are rendered.
pub type Exports = watch::Receiver<Option<Arc<Store>>>;

/// Exports that are there already (an empty site, or a test's).
pub fn ready(store: Store) -> Exports {
    watch::channel(Some(Arc::new(store))).1
}

/// Waits for the exports, then the bytes of `rel` among them.
pub async fn get(mut exports: Exports, rel: &str) -> Option<Vec<u8>> {
    let store = exports.wait_for(Option::is_some).await.ok()?.clone()?;
    store.get(rel)
}
