//! The served site, held gzip-compressed: pages are compressed as they are
//! rendered (a [`Sink`]), so that neither the site being rebuilt nor the
//! last good one is ever in memory uncompressed, and `serve` stays within
//! the build's memory budget (issue 22: 1,065 pages and 143 MB of exports
//! at 1,000 deals). A file is decompressed when it is requested.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::Mutex;

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::sink::Sink;
use crate::write::{SiteFiles, Writer};

/// A site's files, each gzip-compressed.
#[derive(Debug, Default)]
pub struct Store {
    files: BTreeMap<String, Vec<u8>>,
    /// blake3 of each file's uncompressed bytes (of the files handed over
    /// whole): a rebuild reuses the compressed bytes of a file that came out
    /// the same instead of compressing it again.
    hashes: BTreeMap<String, blake3::Hash>,
    /// The key of each page's view ([`crate::cache::pages`]).
    keys: BTreeMap<String, blake3::Hash>,
}

impl Store {
    /// The bytes of `rel`, decompressed.
    pub fn get(&self, rel: &str) -> Option<Vec<u8>> {
        let gz = self.files.get(rel)?;
        let mut bytes = Vec::with_capacity(gz.len() * 4);
        GzDecoder::new(gz.as_slice())
            .read_to_end(&mut bytes)
            .expect("the store holds what it compressed");
        Some(bytes)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The compressed bytes held, for the tests of the budget.
    #[cfg(test)]
    pub fn compressed_len(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

/// Compresses every file handed to it: the sink `serve` renders into.
#[derive(Debug, Default)]
pub struct Compressing {
    done: Mutex<Store>,
    /// The last good site, whose unchanged files are not compressed again.
    previous: std::sync::Arc<Store>,
}

impl Compressing {
    /// A sink that reuses what `previous` compressed.
    pub fn after(previous: std::sync::Arc<Store>) -> Compressing {
        Compressing {
            done: Mutex::default(),
            previous,
        }
    }

    pub fn finish(self) -> Store {
        self.done.into_inner().expect("no renderer panicked")
    }

    fn insert(&self, files: impl IntoIterator<Item = (String, Vec<u8>, Option<blake3::Hash>)>) {
        let mut done = self.done.lock().expect("no renderer panicked");
        for (path, gz, hash) in files {
            if let Some(hash) = hash {
                done.hashes.insert(path.clone(), hash);
            }
            done.files.insert(path, gz);
        }
    }

    /// The compressed bytes of `path` from the last site, if its bytes were
    /// the same (`hash`).
    fn reused(&self, path: &str, hash: &blake3::Hash) -> Option<Vec<u8>> {
        (self.previous.hashes.get(path) == Some(hash))
            .then(|| self.previous.files.get(path).cloned())
            .flatten()
    }
}

/// Fast compression: a rebuild should take little longer than the build,
/// and level 1 already shrinks the pages and exports about sixfold.
fn encoder() -> GzEncoder<Vec<u8>> {
    GzEncoder::new(Vec::new(), Compression::fast())
}

fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut gz = encoder();
    gz.write_all(bytes).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

impl Sink for Compressing {
    fn put(&self, files: SiteFiles) -> Result<()> {
        let compressed: Vec<(String, Vec<u8>, Option<blake3::Hash>)> = files
            .into_par_iter()
            .map(|(path, bytes)| {
                let hash = blake3::hash(&bytes);
                let gz = self
                    .reused(&path, &hash)
                    .unwrap_or_else(|| compress(&bytes));
                (path, gz, Some(hash))
            })
            .collect();
        self.insert(compressed);
        Ok(())
    }

    fn stream(&self, path: &str, write: &mut Writer) -> Result<()> {
        let mut gz = encoder();
        write(&mut gz).map_err(|e| Error::io("cannot render", path, e))?;
        let bytes = gz
            .finish()
            .map_err(|e| Error::io("cannot render", path, e))?;
        self.insert([(path.to_string(), bytes, None)]);
        Ok(())
    }

    fn unchanged(&self, path: &str, key: &blake3::Hash) -> Result<bool> {
        let last = &self.previous;
        let mut done = self.done.lock().expect("no renderer panicked");
        done.keys.insert(path.to_string(), *key);
        if last.keys.get(path) != Some(key) {
            return Ok(false);
        }
        let (Some(gz), Some(hash)) = (last.files.get(path), last.hashes.get(path)) else {
            return Ok(false);
        };
        done.files.insert(path.to_string(), gz.clone());
        done.hashes.insert(path.to_string(), *hash);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_as_they_went_in_and_are_held_compressed() {
        let sink = Compressing::default();
        let page = "<p>the same row again</p>\n".repeat(2_000).into_bytes();
        sink.put(SiteFiles::from([("a.html".to_string(), page.clone())]))
            .unwrap();
        sink.stream("data/x.csv", &mut |w| w.write_all(b"id,usd\na,-1.5\n"))
            .unwrap();
        let store = sink.finish();
        assert_eq!(store.get("a.html").unwrap(), page);
        assert_eq!(store.get("data/x.csv").unwrap(), b"id,usd\na,-1.5\n");
        assert_eq!(store.get("missing.html"), None);
        assert!(store.compressed_len() < page.len() / 20);
    }

    #[test]
    fn a_rebuild_reuses_what_came_out_the_same_and_not_what_changed() {
        let first = Compressing::default();
        first
            .put(SiteFiles::from([
                ("a.html".to_string(), b"same".to_vec()),
                ("b.html".to_string(), b"old".to_vec()),
            ]))
            .unwrap();
        let first = std::sync::Arc::new(first.finish());
        let second = Compressing::after(std::sync::Arc::clone(&first));
        second
            .put(SiteFiles::from([
                ("a.html".to_string(), b"same".to_vec()),
                ("b.html".to_string(), b"new".to_vec()),
            ]))
            .unwrap();
        let second = second.finish();
        assert_eq!(second.files["a.html"], first.files["a.html"]);
        assert_eq!(second.get("a.html").unwrap(), b"same");
        assert_eq!(second.get("b.html").unwrap(), b"new");
    }
}
