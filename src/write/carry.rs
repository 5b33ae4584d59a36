//! Incremental builds: an old file whose bytes did not change is carried
//! over (hard-linked, keeping its mtime) instead of written again.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

/// Puts the old site's file at `new` when it holds exactly `bytes`: a hard
/// link (the old site is only read, so a failed build still leaves it as it
/// was), or a copy with the old mtime where the file system has no hard links.
/// False when the file is new or changed.
pub(super) fn carry_over(old: &Path, new: &Path, bytes: &[u8]) -> Result<bool> {
    let same = match fs::symlink_metadata(old) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(old).map_err(|e| Error::io("cannot read", old, e))? == bytes
        }
        _ => false,
    };
    if !same {
        return Ok(false);
    }
    link_old(old, new)?;
    Ok(true)
}

/// Whether the files `old` (which may be missing) and `new` hold the same
/// bytes, read a block at a time.
pub(super) fn same_file_contents(old: &Path, new: &Path) -> Result<bool> {
    use std::io::Read;
    let same_length = match (fs::symlink_metadata(old), fs::metadata(new)) {
        (Ok(a), Ok(b)) => a.is_file() && a.len() == b.len(),
        _ => false,
    };
    if !same_length {
        return Ok(false);
    }
    let open = |p: &Path| fs::File::open(p).map_err(|e| Error::io("cannot read", p, e));
    let (mut a, mut b) = (open(old)?, open(new)?);
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a
            .read(&mut x)
            .map_err(|e| Error::io("cannot read", old, e))?;
        if n == 0 {
            return Ok(true);
        }
        b.read_exact(&mut y[..n])
            .map_err(|e| Error::io("cannot read", new, e))?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

/// Puts the old site's file `old` at `new`: a hard link, or a copy with the
/// old mtime where the file system has no hard links.
pub(super) fn link_old(old: &Path, new: &Path) -> Result<()> {
    if fs::hard_link(old, new).is_err() {
        fs::copy(old, new).map_err(|e| Error::io("cannot copy", old, e))?;
        let mtime = fs::metadata(old)
            .and_then(|m| m.modified())
            .map_err(|e| Error::io("cannot read the time of", old, e))?;
        fs::File::options()
            .write(true)
            .open(new)
            .and_then(|f| f.set_modified(mtime).and_then(|()| f.sync_all()))
            .map_err(|e| Error::io("cannot set the time of", new, e))?;
    }
    Ok(())
}

/// How many files of the old site (below `dir`) the new one does not have.
pub(super) fn removed_files(old: &Path, dir: &Path, files: &BTreeSet<String>) -> Result<usize> {
    let full = old.join(dir);
    let mut n = 0;
    for entry in fs::read_dir(&full).map_err(|e| Error::io("cannot list", &full, e))? {
        let entry = entry.map_err(|e| Error::io("cannot list", &full, e))?;
        let rel = dir.join(entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            n += removed_files(old, &rel, files)?;
        } else if !rel.to_str().is_some_and(|r| files.contains(r)) {
            n += 1;
        }
    }
    Ok(n)
}
