//! Pages and exports -> the output directory, atomically: the new site is
//! written beside the old one and swapped in only when it is complete, so a
//! failed build leaves the output exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Files of a site: path relative to the output directory -> bytes.
pub type SiteFiles = BTreeMap<String, Vec<u8>>;

/// Replaces `out` with exactly `files`.
pub fn write_site(out: &Path, files: &SiteFiles) -> Result<()> {
    check_replaceable(out)?;
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("site");
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Only a build that succeeded gets here: create the output's parents.
    fs::create_dir_all(&parent).map_err(|e| Error::io("cannot create", &parent, e))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.new-{pid}"));
    let previous = parent.join(format!(".{name}.old-{pid}"));
    let _ = fs::remove_dir_all(&staging);
    let result = stage(&staging, files).and_then(|()| swap(out, &staging, &previous));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn stage(staging: &Path, files: &SiteFiles) -> Result<()> {
    fs::create_dir_all(staging).map_err(|e| Error::io("cannot create", staging, e))?;
    for (rel, bytes) in files {
        let path = staging.join(safe_relative(rel)?);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io("cannot write", &path, e))?;
    }
    Ok(())
}

fn swap(out: &Path, staging: &Path, previous: &Path) -> Result<()> {
    if out.exists() {
        fs::rename(out, previous).map_err(|e| Error::io("cannot move aside", out, e))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the old site back before reporting.
            let _ = fs::rename(previous, out);
            return Err(Error::io("cannot move into place", out, e));
        }
        fs::remove_dir_all(previous).map_err(|e| Error::io("cannot remove", previous, e))?;
    } else {
        fs::rename(staging, out).map_err(|e| Error::io("cannot move into place", out, e))?;
    }
    Ok(())
}

/// Every output path is relative and stays below the output directory.
fn safe_relative(rel: &str) -> Result<&Path> {
    let path = Path::new(rel);
    if path.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(path)
    } else {
        Err(Error::Usage(format!(
            "refusing to write outside the output directory: {rel}"
        )))
    }
}

/// Replacing `out` deletes what is there: only an empty directory or an earlier
/// dealbook site may be replaced, so that `--out data` or `--out ~` loses nothing.
fn check_replaceable(out: &Path) -> Result<()> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(());
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
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--out {} is a non-empty directory that is not a dealbook site; refusing to replace it",
            out.display()
        )))
    }
}
