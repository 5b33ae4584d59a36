//! Pages and exports -> the output directory, atomically and durably: the new
//! site is written into a staging directory beside the old one, every file and
//! directory of it is fsynced, and only then is it swapped in, in one
//! `renameat2(RENAME_EXCHANGE)` where the OS has it (Linux), so there is no
//! instant without an output directory (elsewhere, or on a file system that
//! refuses the exchange, two renames). A failed build leaves the output exactly
//! as it was; a crash or power cut at any point leaves the old or the new site
//! and at most a staging directory, which the next build removes.
//! Incrementally: a file whose bytes did not change is carried over from the
//! old site (hard-linked, so it keeps its mtime and rsync or an object-store
//! sync skips it).

//!
//! By job: [`staging`] writes the new site beside the old one, [`carry`]
//! carries unchanged files over, [`durable`] puts them on disk, [`swap`]
//! checks that the output may be replaced, puts the new site in its place
//! and recovers from an interrupted build; [`lock`] keeps two builds apart.

use std::collections::BTreeMap;
use std::io::Write;

mod carry;
mod durable;
mod lock;
mod staging;
mod swap;

pub use lock::BuildLock;
pub use staging::Staging;

/// Files of a site: path relative to the output directory -> bytes.
pub type SiteFiles = BTreeMap<String, Vec<u8>>;

/// Writes a file's bytes to the writer it is given.
pub type Writer<'w> = dyn FnMut(&mut dyn Write) -> std::io::Result<()> + 'w;

/// What a write did: the files of the new site, and how many of them were
/// written anew (new or changed bytes) plus how many of the old site's files
/// are gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub changed: usize,
}

#[cfg(test)]
mod tests;
