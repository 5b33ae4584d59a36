//! Where rendered files go: the [`Sink`] a build or `serve` provides, and
//! the [`Put`] every renderer hands its files to. Below the renderers, so
//! that `render/mod.rs`, which runs them, sits above them.

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::error::Result;
use crate::write::{SiteFiles, Writer};

/// Where rendered files go as they are done: the staging directory of a
/// build ([`crate::write::Staging`]), or a map in memory ([`Memory`]).
pub trait Sink: Sync {
    /// A batch of files.
    fn put(&self, files: SiteFiles) -> Result<()>;
    /// One large file, written through `write` rather than held whole.
    fn stream(&self, path: &str, write: &mut Writer) -> Result<()>;
    /// Keeps `path` as the last build made it, if that build rendered it
    /// from a view of the same `key` ([`crate::cache::pages`]): true when
    /// kept, so that the page need not be rendered again.
    fn unchanged(&self, _path: &str, _key: &blake3::Hash) -> Result<bool> {
        Ok(false)
    }
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

impl Memory {
    /// Every file put so far.
    pub fn into_files(self) -> SiteFiles {
        self.0.into_inner().expect("no renderer panicked")
    }
}

/// Hands files to a [`Sink`] and keeps every path handed over.
pub struct Put<'s> {
    sink: &'s dyn Sink,
    paths: Mutex<BTreeSet<String>>,
}

impl<'s> Put<'s> {
    pub fn new(sink: &'s dyn Sink) -> Self {
        Put {
            sink,
            paths: Mutex::new(BTreeSet::new()),
        }
    }

    /// Every path handed over.
    pub fn into_paths(self) -> BTreeSet<String> {
        self.paths.into_inner().expect("no renderer panicked")
    }

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

    /// Keeps `path` from the last build if it was rendered there from the
    /// same `view` (true), or notes the view's key for the next build.
    pub fn unchanged(&self, path: &str, view: &impl std::fmt::Debug) -> Result<bool> {
        let kept = self.sink.unchanged(path, &key(view))?;
        if kept {
            self.paths
                .lock()
                .expect("no renderer panicked")
                .insert(path.to_string());
        }
        Ok(kept)
    }

    /// The paths handed over so far.
    pub fn paths(&self) -> BTreeSet<String> {
        self.paths.lock().expect("no renderer panicked").clone()
    }
}

/// The key of a page's view: a hash of its `Debug` form, streamed.
pub fn key(view: &impl std::fmt::Debug) -> blake3::Hash {
    struct Hashing(blake3::Hasher);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut h = Hashing(blake3::Hasher::new());
    std::fmt::write(&mut h, format_args!("{view:?}")).expect("hashing cannot fail");
    h.0.finalize()
}
