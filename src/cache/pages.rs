//! Pages rendered again only when their view changed: a page's key is a
//! hash of its typed view (every value the template lays out, already
//! formatted, the site frame included), so that a page whose key is the
//! last build's would come out byte for byte the same and is kept instead.
//! The template itself is part of the binary: `serve` keeps keys in memory
//! (one binary), and `build` keeps them in `.<out>.cache/pages.json` with
//! the binary's size and time, and takes a kept page only from the earlier
//! site, only while that file has the size and time it was left with.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::render::sink::Sink;
use crate::write::{SiteFiles, Staging, Writer};

const KIND: &str = "pages";
const FILE: &str = "pages.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Kept {
    key: String,
    size: u64,
    mtime_secs: u64,
    mtime_nanos: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Entries {
    /// The binary that rendered them (size and time of the executable).
    binary: String,
    pages: BTreeMap<String, Kept>,
}

/// The keys of the pages of the last build into `out`, and of this one.
#[derive(Debug)]
pub struct Memo {
    out: PathBuf,
    cache: PathBuf,
    last: Entries,
    keys: Mutex<BTreeMap<String, String>>,
}

/// A build's staging directory as a sink that keeps unchanged pages,
/// carried over from the earlier site.
#[derive(Debug)]
pub struct Remembering<'s> {
    pub staging: &'s Staging,
    pub memo: &'s Memo,
}

impl Memo {
    /// The keys of the last build into `out`, kept in `dir`; a cache that
    /// cannot be read is started afresh with a notice.
    pub fn read(out: &Path, dir: &Path, quiet: bool) -> Memo {
        let cache = dir.join(FILE);
        let last = match super::read(&cache, KIND) {
            None => Entries::default(),
            Some(read) => match read.and_then(|body| {
                serde_json::from_slice::<Entries>(&body)
                    .map_err(|e| format!("not a page cache: {e}"))
            }) {
                Ok(entries) if binary().is_some_and(|b| b == entries.binary) => entries,
                // Another binary: other templates, so nothing is kept.
                Ok(_) => Entries::default(),
                Err(why) => {
                    if !quiet {
                        super::notice(&cache, &why);
                    }
                    Entries::default()
                }
            },
        };
        Memo {
            out: out.to_path_buf(),
            cache,
            last,
            keys: Mutex::default(),
        }
    }

    /// After the swap: records each page's key with the size and time of
    /// its file in the new site (a notice if the cache cannot be written).
    pub fn save(self, quiet: bool) {
        let keys = self.keys.into_inner().unwrap_or_else(|e| e.into_inner());
        let pages = keys
            .into_iter()
            .filter_map(|(path, key)| {
                let (size, mtime_secs, mtime_nanos) = stat(&self.out.join(&path))?;
                Some((
                    path,
                    Kept {
                        key,
                        size,
                        mtime_secs,
                        mtime_nanos,
                    },
                ))
            })
            .collect();
        let Some(binary) = binary() else { return };
        let entries = Entries { binary, pages };
        let written = serde_json::to_vec(&entries)
            .map_err(std::io::Error::other)
            .and_then(|body| super::write(&self.cache, KIND, &body));
        if let Err(e) = written
            && !quiet
        {
            eprintln!(
                "notice: cannot write the cache {}: {e}",
                self.cache.display()
            );
        }
    }
}

impl Sink for Remembering<'_> {
    fn put(&self, files: SiteFiles) -> Result<()> {
        self.staging.put(&files)
    }

    fn stream(&self, path: &str, write: &mut Writer) -> Result<()> {
        self.staging.stream(path, write)
    }

    fn unchanged(&self, path: &str, key: &blake3::Hash) -> Result<bool> {
        let memo = self.memo;
        let key = key.to_hex().to_string();
        let kept = match memo.last.pages.get(path) {
            Some(last) if last.key == key => {
                stat(&memo.out.join(path)) == Some((last.size, last.mtime_secs, last.mtime_nanos))
                    && self.staging.carry(path)?
            }
            _ => false,
        };
        memo.keys
            .lock()
            .expect("no renderer panicked")
            .insert(path.to_string(), key);
        Ok(kept)
    }
}

fn stat(path: &Path) -> Option<(u64, u64, u32)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let t = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some((meta.len(), t.as_secs(), t.subsec_nanos()))
}

/// The running binary, by size and time: another build of dealbook may have
/// other templates. None when it cannot be told (nothing is kept then).
fn binary() -> Option<String> {
    let (size, secs, nanos) = stat(&std::env::current_exe().ok()?)?;
    Some(format!(
        "{} {size} {secs}.{nanos:09}",
        env!("CARGO_PKG_VERSION")
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_key_follows_every_field_of_the_view() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct View {
            title: String,
            rows: Vec<(String, f64)>,
        }
        let a = View {
            title: "A".into(),
            rows: vec![("x".into(), 1.0)],
        };
        let b = View {
            rows: vec![("x".into(), 1.5)],
            ..View {
                title: "A".into(),
                rows: vec![],
            }
        };
        assert_eq!(crate::render::sink::key(&a), crate::render::sink::key(&a));
        assert_ne!(crate::render::sink::key(&a), crate::render::sink::key(&b));
    }
}
