//! One build per output directory at a time, as cargo does it: an exclusive
//! lock on `.<name>.lock` beside the output directory (never inside what is
//! published). A second build says once that it is waiting, then waits; the
//! lock is released when the build's staging ends, committed or dropped.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The held lock of one output directory; released on drop.
#[derive(Debug)]
pub struct BuildLock {
    path: PathBuf,
    /// Held open: the lock lasts as long as the file is open.
    _file: File,
}

impl BuildLock {
    /// The lock file of the output directory `name` in `parent`.
    pub fn path_for(parent: &Path, name: &str) -> PathBuf {
        parent.join(format!(".{name}.lock"))
    }

    /// Takes the lock of `out` (whose parent directory `parent` exists),
    /// waiting for another build that holds it; `waiting` is called once,
    /// before the wait, to say so.
    pub fn acquire(parent: &Path, name: &str, waiting: &dyn Fn()) -> Result<BuildLock> {
        let path = Self::path_for(parent, name);
        let mut announced = false;
        loop {
            let file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Error::io("cannot open the lock file", &path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !announced {
                        waiting();
                        announced = true;
                    }
                    file.lock()
                        .map_err(|e| Error::io("cannot lock", &path, e))?;
                }
                Err(TryLockError::Error(e)) => return Err(Error::io("cannot lock", &path, e)),
            }
            // A build that failed into a parent folder it had created removes
            // the lock file with the folder: a lock on that unlinked file
            // guards nothing, so lock the file that is there now.
            if still_linked(&file, &path) {
                return Ok(BuildLock { path, _file: file });
            }
        }
    }

    /// Removes the lock file (while still holding it): only for a build that
    /// created the output's parent folder and removes it again.
    pub fn remove_file(&self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn still_linked(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_linked(_file: &File, path: &Path) -> bool {
    path.exists()
}
