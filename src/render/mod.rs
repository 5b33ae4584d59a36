//! Figures -> the report site: askama pages, SVG charts, markdown notes, the
//! Atom feed and sitemap, and the CSV/JSON exports, as a map of relative
//! paths to bytes for `write`.

pub mod chart;
pub mod export;
pub mod feed;
pub mod format;
pub mod markdown;
pub mod meta;
pub mod pages;
pub mod sitemap;
pub mod summary;
pub mod table;
pub mod typed;
pub mod warnings;

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::compute::Figures;
use crate::error::Result;
use crate::model::Model;
use crate::write::{SiteFiles, Writer};

/// Where rendered files go as they are done: the staging directory of a
/// build ([`crate::write::Staging`]), or a map in memory ([`Memory`]).
pub trait Sink: Sync {
    /// A batch of files.
    fn put(&self, files: SiteFiles) -> Result<()>;
    /// One large file, written through `write` rather than held whole.
    fn stream(&self, path: &str, write: &mut Writer) -> Result<()>;
}

impl Sink for crate::write::Staging {
    fn put(&self, files: SiteFiles) -> Result<()> {
        crate::write::Staging::put(self, &files)
    }

    fn stream(&self, path: &str, write: &mut Writer) -> Result<()> {
        crate::write::Staging::stream(self, path, write)
    }
}

/// The site in memory (`serve`, tests, benches).
#[derive(Debug, Default)]
pub struct Memory(Mutex<SiteFiles>);

impl Sink for Memory {
    fn put(&self, mut files: SiteFiles) -> Result<()> {
        self.0
            .lock()
            .expect("no renderer panicked")
            .append(&mut files);
        Ok(())
    }

    fn stream(&self, path: &str, write: &mut Writer) -> Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes).expect("writing to memory");
        self.0
            .lock()
            .expect("no renderer panicked")
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Hands files to a [`Sink`] and keeps every path handed over.
pub struct Put<'s> {
    sink: &'s dyn Sink,
    paths: Mutex<BTreeSet<String>>,
}

impl Put<'_> {
    pub fn batch(&self, files: SiteFiles) -> Result<()> {
        let paths: Vec<String> = files.keys().cloned().collect();
        self.sink.put(files)?;
        self.paths
            .lock()
            .expect("no renderer panicked")
            .extend(paths);
        Ok(())
    }

    pub fn one(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.batch(SiteFiles::from([(path.to_string(), bytes)]))
    }

    pub fn stream(&self, path: &str, write: &mut Writer) -> Result<()> {
        self.sink.stream(path, write)?;
        self.paths
            .lock()
            .expect("no renderer panicked")
            .insert(path.to_string());
        Ok(())
    }

    /// The paths handed over so far.
    pub fn paths(&self) -> BTreeSet<String> {
        self.paths.lock().expect("no renderer panicked").clone()
    }
}

/// Renders every page and export into memory.
pub fn render(model: &Model, figures: &Figures) -> Result<SiteFiles> {
    let memory = Memory::default();
    render_into(model, figures, &memory)?;
    Ok(memory.0.into_inner().expect("no renderer panicked"))
}

/// Renders every page and export, handing them to `sink` as they are done
/// (each export, the deal pages a chunk at a time, then the other pages),
/// so that a large site is never in memory whole; returns every path.
pub fn render_into(model: &Model, figures: &Figures, sink: &dyn Sink) -> Result<BTreeSet<String>> {
    let put = Put {
        sink,
        paths: Mutex::new(BTreeSet::new()),
    };
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
    Ok(put.paths.into_inner().expect("no renderer panicked"))
}
