//! Replacing the output: what may be replaced, the swap of the new site into
//! its place, and the recovery of what an interrupted build left beside it.

use std::fs;
use std::path::{Path, PathBuf};

use super::durable::sync_dir;
use crate::error::{Error, Result};

/// Replacing `out` deletes what is there: only an empty directory or an earlier
/// dealbook site may be replaced, so that `--out data` or `--out ~` loses nothing.
/// True when `out` is an earlier site, whose unchanged files can be carried over.
pub(super) fn check_replaceable(out: &Path) -> Result<bool> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(false);
    };
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "--out {} exists and is not a directory",
            out.display()
        )));
    }
    let empty = fs::read_dir(out)
        .map_err(|e| Error::io("cannot list", out, e))?
        .next()
        .is_none();
    let is_site =
        out.join("index.html").is_file() && out.join("data").join("metrics.json").is_file();
    if empty || is_site {
        Ok(is_site)
    } else {
        Err(Error::Usage(format!(
            "--out {} is a non-empty directory that is not a dealbook site; refusing to replace it",
            out.display()
        )))
    }
}

/// What an interrupted build left beside `out` (`.<name>.new-<pid>` staging
/// directories, `.<name>.old-<pid>` old sites) is removed; if the crash came
/// between the two renames of the fallback swap, so that `out` is missing, the
/// old site is first put back.
pub(super) fn recover(out: &Path, parent: &Path, name: &str) -> Result<()> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let (new_prefix, old_prefix) = (format!(".{name}.new-"), format!(".{name}.old-"));
    let mut leftovers: Vec<(bool, PathBuf)> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let file_name = entry.file_name();
            let file_name = file_name.to_str()?;
            let is_old = file_name.starts_with(&old_prefix);
            (is_old || file_name.starts_with(&new_prefix)).then(|| (is_old, entry.path()))
        })
        .collect();
    leftovers.sort();
    for (is_old, path) in leftovers {
        if is_old && fs::symlink_metadata(out).is_err() {
            fs::rename(&path, out).map_err(|e| Error::io("cannot restore", &path, e))?;
            sync_dir(parent)?;
        } else {
            fs::remove_dir_all(&path).map_err(|e| Error::io("cannot remove", &path, e))?;
        }
    }
    Ok(())
}

/// Puts the complete, synced `staging` directory in place of `out`: one atomic
/// exchange where the OS has it, else two renames (the old site aside, the new
/// one in). The old site is then removed, and the parent directory synced so
/// that the swap itself is durable.
pub(super) fn swap(out: &Path, staging: &Path, previous: &Path, parent: &Path) -> Result<()> {
    if out.exists() {
        if exchange(staging, out)? {
            // `staging` now holds the old site.
            fs::remove_dir_all(staging).map_err(|e| Error::io("cannot remove", staging, e))?;
            return sync_dir(parent);
        }
        fs::rename(out, previous).map_err(|e| Error::io("cannot move aside", out, e))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the old site back before reporting.
            let _ = fs::rename(previous, out);
            return Err(Error::io("cannot move into place", out, e));
        }
        sync_dir(parent)?;
        fs::remove_dir_all(previous).map_err(|e| Error::io("cannot remove", previous, e))?;
    } else {
        fs::rename(staging, out).map_err(|e| Error::io("cannot move into place", out, e))?;
    }
    sync_dir(parent)
}

/// Exchanges the directories `a` and `b` in one step (Linux `renameat2` with
/// `RENAME_EXCHANGE`). False where the OS or the file system has no such
/// exchange, so the caller falls back to two renames.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(Error::io("cannot move into place", b, e.into())),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool> {
    Ok(false)
}
