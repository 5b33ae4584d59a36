//! The reduced usage tables (deal, month, scaled GPU-hours, every check
//! passed), kept between builds so that telemetry that did not change is not
//! read again: in memory for `serve`, on disk for `build`
//! (`.<out>.cache/usage.json`).
//!
//! An entry is reused only when everything the reduction read is the same:
//! the file (each part's path, size and modification time; when only the
//! time differs, a hash of the bytes decides) and the deals it was checked
//! against (each id and the first and last month of its schedule, in order).
//! Only files that passed every check are kept: a file with errors is read
//! again each time, so its errors are always reported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::load::table::TableFile;

const KIND: &str = "usage";
const FILE: &str = "usage.json";

/// One file of a table (a dataset has several) as found on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Part {
    path: String,
    size: u64,
    mtime_secs: u64,
    mtime_nanos: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    parts: Vec<Part>,
    /// blake3 of the parts' bytes, in order.
    content: String,
    /// Hash of the deals the rows were checked against.
    against: String,
    rows: u64,
    deal: Vec<String>,
    month: Vec<String>,
    /// Whole 10^-15 GPU-hours (i128, as text).
    scaled: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Entries {
    files: BTreeMap<String, Entry>,
}

#[derive(Debug)]
struct State {
    entries: Entries,
    /// Where the entries are saved (`build`); None in memory (`serve`).
    disk: Option<PathBuf>,
    dirty: bool,
    /// The files looked up since the cache was opened (the others are
    /// dropped when it is saved).
    used: BTreeSet<String>,
}

/// The process's cache; None (no caching) unless a command turned it on.
static STATE: Mutex<Option<State>> = Mutex::new(None);

fn state() -> std::sync::MutexGuard<'static, Option<State>> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Keeps reductions in memory from now on (`serve`: across rebuilds).
pub fn in_memory() {
    let mut s = state();
    if s.is_none() {
        *s = Some(State {
            entries: Entries::default(),
            disk: None,
            dirty: false,
            used: BTreeSet::new(),
        });
    }
}

/// Reads the cache of `dir` (`build`); a cache that cannot be read is
/// started afresh with a one-line notice (none with `quiet`).
pub fn on_disk(dir: &Path, quiet: bool) {
    let path = dir.join(FILE);
    let mut dirty = false;
    let entries = match super::read(&path, KIND) {
        None => Entries::default(),
        Some(read) => match read.and_then(|body| {
            serde_json::from_slice::<Entries>(&body).map_err(|e| format!("not a usage cache: {e}"))
        }) {
            Ok(entries) => entries,
            Err(why) => {
                if !quiet {
                    super::notice(&path, &why);
                }
                dirty = true;
                Entries::default()
            }
        },
    };
    *state() = Some(State {
        entries,
        disk: Some(path),
        dirty,
        used: BTreeSet::new(),
    });
}

/// Writes the cache back to disk if it changed (`build`, after the usage
/// tables were read); a cache that cannot be written is only a notice.
pub fn save(quiet: bool) {
    let mut guard = state();
    let Some(s) = guard.as_mut() else { return };
    let Some(path) = s.disk.clone() else { return };
    let before = s.entries.files.len();
    let used = std::mem::take(&mut s.used);
    s.entries.files.retain(|k, _| used.contains(k));
    if !s.dirty && s.entries.files.len() == before {
        return;
    }
    let written = serde_json::to_vec(&s.entries)
        .map_err(std::io::Error::other)
        .and_then(|body| super::write(&path, KIND, &body));
    match written {
        Ok(()) => s.dirty = false,
        Err(e) if !quiet => eprintln!("notice: cannot write the cache {}: {e}", path.display()),
        Err(_) => {}
    }
}

/// Turns caching off again (tests).
pub fn off() {
    *state() = None;
}

/// `file` reduced by `reduce`, or the reduction kept from an earlier run
/// when neither the file nor the deals of `spans` (deal, first_month,
/// last_month, in order) changed since.
pub fn reduced<E>(
    file: &TableFile,
    spans: &DataFrame,
    reduce: impl FnOnce() -> Result<(DataFrame, u64), E>,
) -> Result<(DataFrame, u64), E> {
    if state().is_none() {
        return reduce();
    }
    let (Some(parts), Some(against)) = (parts_of(file), against(spans)) else {
        return reduce();
    };
    let key = file.path.to_string_lossy().into_owned();
    let hashed = {
        let mut guard = state();
        let s = guard.as_mut().expect("checked above");
        s.used.insert(key.clone());
        match s.entries.files.get(&key).filter(|e| e.against == against) {
            Some(e) if e.parts == parts => match decode(e) {
                Some(found) => return Ok(found),
                None => None,
            },
            Some(e) if same_sizes(&e.parts, &parts) => Some(e.content.clone()),
            _ => None,
        }
    };
    // The times differ but not the sizes: the bytes decide.
    let content = content_hash(&parts);
    if let (Some(old), Some(new)) = (&hashed, &content)
        && old == new
    {
        let mut guard = state();
        let s = guard.as_mut().expect("checked above");
        if let Some(e) = s.entries.files.get_mut(&key)
            && let Some(found) = decode(e)
        {
            e.parts = parts;
            s.dirty = true;
            return Ok(found);
        }
    }
    let (frame, rows) = reduce()?;
    if let (Some(content), Some(entry)) = (content, encode(&frame, rows)) {
        let mut guard = state();
        if let Some(s) = guard.as_mut() {
            s.entries.files.insert(
                key,
                Entry {
                    parts,
                    content,
                    against,
                    ..entry
                },
            );
            s.dirty = true;
        }
    }
    Ok((frame, rows))
}

fn same_sizes(a: &[Part], b: &[Part]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| a.path == b.path && a.size == b.size)
}

/// The file's parts with their sizes and times; None when one cannot be
/// read (the reduction then reports it).
fn parts_of(file: &TableFile) -> Option<Vec<Part>> {
    let paths = if file.parts.is_empty() {
        std::slice::from_ref(&file.path)
    } else {
        file.parts.as_slice()
    };
    paths
        .iter()
        .map(|p| {
            let meta = std::fs::metadata(p).ok()?;
            let mtime = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some(Part {
                path: p.to_string_lossy().into_owned(),
                size: meta.len(),
                mtime_secs: mtime.as_secs(),
                mtime_nanos: mtime.subsec_nanos(),
            })
        })
        .collect()
}

fn content_hash(parts: &[Part]) -> Option<String> {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(&(part.path.len() as u64).to_le_bytes());
        hasher.update(part.path.as_bytes());
        hasher
            .update_reader(std::fs::File::open(&part.path).ok()?)
            .ok()?;
    }
    Some(hasher.finalize().to_hex().to_string())
}

/// A hash of every deal's id and schedule span, in order.
fn against(spans: &DataFrame) -> Option<String> {
    let mut hasher = blake3::Hasher::new();
    let column = |name: &str| spans.column(name).ok()?.str().ok().cloned();
    let (deal, first, last) = (
        column("deal")?,
        column("first_month")?,
        column("last_month")?,
    );
    for ((d, f), l) in deal.iter().zip(first.iter()).zip(last.iter()) {
        for cell in [d, f, l] {
            let cell = cell.unwrap_or("\u{0}null");
            hasher.update(&(cell.len() as u64).to_le_bytes());
            hasher.update(cell.as_bytes());
        }
    }
    Some(hasher.finalize().to_hex().to_string())
}

fn encode(frame: &DataFrame, rows: u64) -> Option<Entry> {
    let strings = |name: &str| -> Option<Vec<String>> {
        let c = frame.column(name).ok()?.str().ok()?;
        c.iter().map(|s| s.map(String::from)).collect()
    };
    let scaled = frame
        .column("used_scaled")
        .ok()?
        .i128()
        .ok()?
        .iter()
        .map(|v| v.map(|v| v.to_string()))
        .collect::<Option<Vec<_>>>()?;
    Some(Entry {
        parts: Vec::new(),
        content: String::new(),
        against: String::new(),
        rows,
        deal: strings("deal")?,
        month: strings("month")?,
        scaled,
    })
}

fn decode(e: &Entry) -> Option<(DataFrame, u64)> {
    let scaled = e
        .scaled
        .iter()
        .map(|s| s.parse::<i128>().ok())
        .collect::<Option<Vec<_>>>()?;
    if e.deal.len() != scaled.len() || e.month.len() != scaled.len() {
        return None;
    }
    let frame = DataFrame::new(
        scaled.len(),
        vec![
            Column::new("deal".into(), e.deal.clone()),
            Column::new("month".into(), e.month.clone()),
            Column::new("used_scaled".into(), scaled),
        ],
    )
    .ok()?;
    Some((frame, e.rows))
}
