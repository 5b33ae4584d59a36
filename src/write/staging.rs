//! The staging directory: the new site, written batch by batch beside the
//! old one, then swapped in by [`Staging::commit`].

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::carry::{carry_over, link_old, removed_files, same_file_contents};
use super::durable::{sync_tree, write_file};
use super::swap::{check_replaceable, recover, swap};
use super::{BuildLock, SiteFiles, Writer, Written};
use crate::error::{Error, Result};

/// A new site being written beside `out`, batch by batch as it is rendered
/// (so that a large site need not be held in memory whole), then swapped in
/// by [`Staging::commit`]. Dropped without a commit (a build that failed), it
/// removes what it wrote, and `out` is exactly as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
    /// `out`, when it holds an earlier site whose unchanged files carry over.
    old: Option<PathBuf>,
    /// The output's parent folders this build created (removed on failure).
    created: Vec<PathBuf>,
    /// Held from before the recovery of leftovers until the swap is done.
    lock: BuildLock,
    state: std::sync::Mutex<State>,
    committed: bool,
}

#[derive(Debug, Default)]
struct State {
    dirs: BTreeSet<PathBuf>,
    paths: BTreeSet<String>,
    /// The files written anew (not carried over): the ones to sync, and
    /// the changed ones of [`Written`].
    written: Vec<String>,
}

impl Staging {
    /// Takes the output's lock (see [`BuildLock`]; `waiting` is called once
    /// if another build holds it), then, holding it, cleans up after an
    /// interrupted build, checks that `out` may be replaced, and creates the
    /// staging directory beside it.
    pub fn begin(out: &Path, waiting: &dyn Fn()) -> Result<Staging> {
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("site");
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Refused before anything is created (no lock file beside a
        // directory that will not be replaced); checked again under the lock.
        check_replaceable(out)?;
        let created: Vec<PathBuf> = parent
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(&parent).map_err(|e| Error::io("cannot create", &parent, e))?;
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.new-{pid}"));
        let mut this = Staging {
            out: out.to_path_buf(),
            old: None,
            lock: BuildLock::acquire(&parent, name, waiting).inspect_err(|_| {
                for dir in &created {
                    let _ = fs::remove_dir(dir);
                }
            })?,
            previous: parent.join(format!(".{name}.old-{pid}")),
            parent,
            staging: staging.clone(),
            created,
            state: std::sync::Mutex::new(State {
                dirs: BTreeSet::from([staging.clone()]),
                ..State::default()
            }),
            committed: false,
        };
        // Only while holding the lock: another build's staging directory is
        // never taken for a leftover. On an error, dropping `this` removes
        // what it created.
        recover(out, &this.parent, name)?;
        this.old = check_replaceable(out)?.then(|| out.to_path_buf());
        fs::create_dir_all(&staging).map_err(|e| Error::io("cannot create", &staging, e))?;
        Ok(this)
    }

    /// Creates the folders of `rels` in the staging directory.
    fn make_dirs<'r>(&self, rels: impl Iterator<Item = &'r String>) -> Result<()> {
        let mut state = self.state.lock().expect("no writer panicked");
        for rel in rels {
            let path = self.staging.join(safe_relative(rel)?);
            if let Some(dir) = path.parent()
                && state.dirs.insert(dir.to_path_buf())
            {
                fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
                for ancestor in dir.ancestors().skip(1) {
                    if !ancestor.starts_with(&self.staging)
                        || !state.dirs.insert(ancestor.to_path_buf())
                    {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Records `paths` as the site's, of which `written` are new or changed.
    fn record(&self, paths: impl Iterator<Item = String>, written: impl Iterator<Item = String>) {
        let mut state = self.state.lock().expect("no writer panicked");
        state.paths.extend(paths);
        state.written.extend(written);
    }

    /// Writes a batch of files into the staging directory, on every core,
    /// carrying over the old site's files whose bytes are unchanged.
    pub fn put(&self, files: &SiteFiles) -> Result<()> {
        self.make_dirs(files.keys())?;
        let written = files
            .par_iter()
            .map(|(rel, bytes)| -> Result<Option<&String>> {
                let path = self.staging.join(rel);
                if let Some(old) = &self.old
                    && carry_over(&old.join(rel), &path, bytes)?
                {
                    return Ok(None);
                }
                write_file(&path, bytes)?;
                Ok(Some(rel))
            })
            .collect::<Result<Vec<_>>>()?;
        self.record(
            files.keys().cloned(),
            written.into_iter().flatten().cloned(),
        );
        Ok(())
    }

    /// Carries `rel` over from the old site as it is, for a caller that knows
    /// its bytes would come out the same ([`crate::cache::pages`]); false
    /// when there is no old site or no such file in it.
    pub fn carry(&self, rel: &str) -> Result<bool> {
        let Some(old) = &self.old else {
            return Ok(false);
        };
        let old = old.join(safe_relative(rel)?);
        if !old.is_file() {
            return Ok(false);
        }
        let rel = rel.to_string();
        self.make_dirs(std::iter::once(&rel))?;
        link_old(&old, &self.staging.join(&rel))?;
        self.record(std::iter::once(rel), std::iter::empty());
        Ok(true)
    }

    /// Writes one large file through `write` straight into the staging
    /// directory, never whole in memory; carried over from the old site when
    /// it came out the same.
    pub fn stream(&self, rel: &str, write: &mut Writer) -> Result<()> {
        let rel = rel.to_string();
        self.make_dirs(std::iter::once(&rel))?;
        let path = self.staging.join(&rel);
        let file = fs::File::create(&path).map_err(|e| Error::io("cannot write", &path, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("cannot write", &path, e))?;
        drop(out);
        let mut written = Some(rel.clone());
        if let Some(old) = &self.old {
            let old = old.join(&rel);
            if same_file_contents(&old, &path)? {
                fs::remove_file(&path).map_err(|e| Error::io("cannot write", &path, e))?;
                link_old(&old, &path)?;
                written = None;
            }
        }
        self.record(std::iter::once(rel), written.into_iter());
        Ok(())
    }

    /// Syncs everything written to disk and swaps the new site in place of
    /// `out`: the old or the new site is there at every instant.
    pub fn commit(mut self) -> Result<Written> {
        let state = std::mem::take(&mut *self.state.lock().expect("no writer panicked"));
        sync_tree(&self.staging, &state.dirs, &state.written)?;
        let mut changed = state.written.len();
        if let Some(old) = &self.old {
            changed += removed_files(old, Path::new(""), &state.paths)?;
        }
        swap(&self.out, &self.staging, &self.previous, &self.parent)?;
        self.committed = true;
        Ok(Written {
            files: state.paths.len(),
            changed,
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
            // A parent folder this build created goes again, lock file and
            // all (a build waiting on it then locks a new file: BuildLock).
            if !self.created.is_empty() {
                self.lock.remove_file();
            }
            // Deepest first; only folders left empty go.
            for dir in &self.created {
                let _ = fs::remove_dir(dir);
            }
        }
    }
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
