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
pub struct Compressing(Mutex<BTreeMap<String, Vec<u8>>>);

impl Compressing {
    pub fn finish(self) -> Store {
        Store {
            files: self.0.into_inner().expect("no renderer panicked"),
        }
    }

    fn insert(&self, files: impl IntoIterator<Item = (String, Vec<u8>)>) {
        self.0.lock().expect("no renderer panicked").extend(files);
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
        let compressed: Vec<(String, Vec<u8>)> = files
            .into_par_iter()
            .map(|(path, bytes)| {
                let gz = compress(&bytes);
                (path, gz)
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
        self.insert([(path.to_string(), bytes)]);
        Ok(())
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
}
