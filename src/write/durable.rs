//! Putting what was written on disk: files, then the directories that name
//! them, synced before the swap.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Writes `bytes` to a new file at `path` (synced later, by [`sync_tree`]).
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = fs::File::create(path).map_err(|e| Error::io("cannot write", path, e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io("cannot write", path, e))
}

/// Puts every file written and every directory below `staging` on disk: an
/// fsync of each file, many at once, then of each directory (whose entries
/// name the new files and the hard links). The file system gathers
/// concurrent fsyncs into one journal commit, so [`SYNC_THREADS`] of them
/// sync 2,000 files about as fast as one `syncfs` of the whole file system
/// (measured: 0.5 s for 140 MB, against 1.2 s one after another), without
/// also waiting for other programs' writes. Carried-over files are the old
/// site's, already on disk.
pub(super) fn sync_tree(
    staging: &Path,
    dirs: &BTreeSet<PathBuf>,
    written: &[String],
) -> Result<()> {
    let sync = || -> Result<()> {
        written.par_iter().try_for_each(|rel| {
            let path = staging.join(rel);
            fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io("cannot sync", &path, e))
        })?;
        dirs.par_iter().try_for_each(|dir| sync_dir(dir))
    };
    // Waiting on the disk, not computing: more threads than cores.
    match rayon::ThreadPoolBuilder::new()
        .num_threads(SYNC_THREADS)
        .build()
    {
        Ok(pool) => pool.install(sync),
        Err(_) => sync(),
    }
}

/// How many fsyncs are in flight at once.
const SYNC_THREADS: usize = 16;

/// Syncs a directory's entries to disk.
pub(super) fn sync_dir(dir: &Path) -> Result<()> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("cannot sync", dir, e))
}
