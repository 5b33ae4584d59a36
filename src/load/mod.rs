//! Reading the data directory (docs/data-format.md section 1): YAML records into spanned
//! trees, markdown pages as text, and the list of usage and market tables.
//! Files are taken in byte order of their paths, whatever order the file
//! system lists them in.

pub(crate) mod table;
pub(crate) mod yaml;

use std::fs;
use std::path::Path;

use crate::error::{Diagnostic, Error, Result};
pub use table::{TableFile, TableFormat, Tables};
use yaml::Node;

/// YAML records and markdown pages larger than this are refused: no deal record
/// is anywhere near it, and a huge file must not exhaust memory.
pub const MAX_TEXT_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One parsed YAML file.
#[derive(Debug)]
pub struct YamlFile {
    /// The path as shown in errors: the `--data` argument joined with the relative path.
    pub display: String,
    /// The file stem, which must equal the record's id.
    pub stem: String,
    pub root: Node,
}

#[derive(Debug, Default)]
pub struct RawFiles {
    pub site: Option<YamlFile>,
    pub gpus: Option<YamlFile>,
    pub deals: Vec<YamlFile>,
    pub facilities: Vec<YamlFile>,
    /// The stems of every facilities/*.yaml file, also those that could not be
    /// parsed: a deal naming such a facility gets that file's error, not a second
    /// "no such facility".
    pub facility_stems: Vec<String>,
    /// The stems of every deals/*.yaml file, for `related` (as `facility_stems`).
    pub deal_stems: Vec<String>,
    /// parties.yaml, when present (docs/data-format.md section 8).
    pub parties: Option<YamlFile>,
    /// Display name of deals/, for "at least one deal" errors.
    pub deals_dir: String,
    /// Display name of gpus.yaml, for "gpus.yaml is required" errors.
    pub gpus_file: String,
    /// Whether gpus.yaml exists, even if it could not be parsed (then `gpus` is None
    /// and its own error is reported, not a second "gpus.yaml is missing").
    pub gpus_exists: bool,
}

/// A markdown page as read.
#[derive(Debug)]
pub struct RawPage {
    pub display: String,
    pub stem: String,
    pub text: String,
}

/// Everything read from the data directory, unchecked.
#[derive(Debug)]
pub struct RawData {
    pub files: RawFiles,
    pub pages: Vec<RawPage>,
    pub tables: Tables,
    /// Problems met while reading (missing files, unreadable YAML, ...).
    pub errors: Vec<Diagnostic>,
}

/// Reads the data directory `dir`.
pub fn read(dir: &Path) -> Result<RawData> {
    let meta = fs::metadata(dir).map_err(|e| {
        let message = if e.kind() == std::io::ErrorKind::NotFound {
            "expected a data directory, found nothing at this path".to_string()
        } else {
            format!("cannot read the data directory: {e}")
        };
        Error::Data(vec![Diagnostic::new(dir.display().to_string(), message)])
    })?;
    if !meta.is_dir() {
        return Err(Error::Data(vec![Diagnostic::new(
            dir.display().to_string(),
            "expected a data directory, found a file",
        )]));
    }
    // Every file read must resolve inside the data directory (links included):
    // data from a pull request must not make a run read, or quote, a file of
    // the machine it runs on.
    let root = fs::canonicalize(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    let dir = &Within { dir, root: &root };
    let mut errors = Vec::new();
    let mut files = RawFiles {
        deals_dir: display(dir, "deals"),
        gpus_file: display(dir, "gpus.yaml"),
        ..RawFiles::default()
    };

    let site_path = dir.join("site.yaml");
    if site_path.is_file() {
        files.site = read_yaml(dir, "site.yaml", &mut errors);
    } else {
        errors.push(Diagnostic::new(
            display(dir, "site.yaml"),
            "expected the report settings file site.yaml, found no such file",
        ));
    }
    if dir.join("gpus.yaml").is_file() {
        files.gpus_exists = true;
        files.gpus = read_yaml(dir, "gpus.yaml", &mut errors);
    }
    if dir.join("parties.yaml").is_file() {
        files.parties = read_yaml(dir, "parties.yaml", &mut errors);
    }
    for rel in list(dir, "deals", &["yaml"], &mut errors)? {
        files.deal_stems.push(stem(&rel));
        files.deals.extend(read_yaml(dir, &rel, &mut errors));
    }
    for rel in list(dir, "facilities", &["yaml"], &mut errors)? {
        files.facility_stems.push(stem(&rel));
        files.facilities.extend(read_yaml(dir, &rel, &mut errors));
    }

    let mut pages = Vec::new();
    for rel in list(dir, "pages", &["md"], &mut errors)? {
        if let Some(text) = read_text(dir, &rel, &mut errors) {
            pages.push(RawPage {
                display: display(dir, &rel),
                stem: stem(&rel),
                text,
            });
        }
    }

    let mut tables = Tables::default();
    for (folder, target) in [("usage", &mut tables.usage), ("market", &mut tables.market)] {
        for rel in list(dir, folder, &["csv", "parquet"], &mut errors)? {
            let format = if rel.ends_with(".csv") {
                TableFormat::Csv
            } else {
                TableFormat::Parquet
            };
            target.push(TableFile {
                path: dir.join(&rel),
                display: display(dir, &rel),
                format,
                parts: Vec::new(),
            });
        }
    }
    // usage/<name>/...: a Hive-partitioned Parquet dataset, read as one table.
    for rel in subfolders(dir, "usage")? {
        let mut parts = Vec::new();
        parquet_parts(dir, &dir.join(&rel), &mut parts)?;
        parts.sort_unstable_by(|a, b| {
            a.as_os_str()
                .as_encoded_bytes()
                .cmp(b.as_os_str().as_encoded_bytes())
        });
        if !parts.is_empty() {
            tables.usage.push(TableFile {
                path: dir.join(&rel),
                display: display(dir, &rel),
                format: TableFormat::Parquet,
                parts,
            });
        }
    }
    tables
        .usage
        .sort_by(|a, b| a.display.as_bytes().cmp(b.display.as_bytes()));
    Ok(RawData {
        files,
        pages,
        tables,
        errors,
    })
}

/// The data directory as given (for the paths errors show) and as resolved
/// (for the check that a file lies inside it).
struct Within<'a> {
    dir: &'a Path,
    root: &'a Path,
}

impl std::ops::Deref for Within<'_> {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.dir
    }
}

impl Within<'_> {
    /// None when `path` resolves inside the data directory; else the message
    /// of the error, which names the link, never what it points to.
    fn outside(&self, path: &Path) -> Option<String> {
        match fs::canonicalize(path) {
            Ok(real) if real.starts_with(self.root) => None,
            Ok(_) => Some(OUTSIDE.to_string()),
            Err(e) => Some(broken_link(&e)),
        }
    }
}

/// The error of a file that resolves outside the data directory.
pub const OUTSIDE: &str = "expected a file inside the data directory, found a symbolic link that points outside it (links that leave the data directory are refused: copy the file in)";

fn display(dir: &Path, rel: &str) -> String {
    dir.join(rel).display().to_string()
}

fn stem(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}

/// The entries of `dir/folder`; none when it does not exist.
fn entries(dir: &Path, folder: &str) -> Result<Vec<fs::DirEntry>> {
    let path = dir.join(folder);
    match fs::read_dir(&path) {
        Ok(entries) => entries
            .map(|e| e.map_err(|e| Error::io("cannot list", &path, e)))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io("cannot list", path, e)),
    }
}

/// The regular files (or links to regular files) of `dir/folder` with one of `extensions`, as relative paths in byte order.
/// In deals/ and facilities/ a `.yml` file is an error (docs/data-format.md section 1).
fn list(
    dir: &Within,
    folder: &str,
    extensions: &[&str],
    errors: &mut Vec<Diagnostic>,
) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in entries(dir, folder)? {
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let extension = name.rsplit_once('.').map(|(_, e)| e);
        let wanted = extensions.iter().any(|e| Some(*e) == extension);
        // Regular files, and symbolic links to regular files (followed, as zola
        // and mdBook do). A link that cannot be followed is an error, not a file
        // that silently is not there.
        let is_file = if file_type.is_symlink() && wanted {
            match fs::metadata(entry.path()) {
                Ok(target) => target.is_file(),
                Err(e) => {
                    errors.push(Diagnostic::new(
                        display(dir, &format!("{folder}/{name}")),
                        broken_link(&e),
                    ));
                    continue;
                }
            }
        } else {
            file_type.is_file()
        };
        // A link, or a file below a linked folder, that resolves outside the
        // data directory is named and never read.
        if is_file
            && wanted
            && let Some(message) = dir.outside(&entry.path())
        {
            errors.push(Diagnostic::new(
                display(dir, &format!("{folder}/{name}")),
                message,
            ));
            continue;
        }
        if !is_file {
            continue;
        }
        if wanted {
            names.push(name);
        } else if extension == Some("yml") && extensions.contains(&"yaml") {
            errors.push(Diagnostic::new(
                display(dir, &format!("{folder}/{name}")),
                "expected the extension .yaml, found .yml (rename the file)",
            ));
        }
    }
    names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    Ok(names.into_iter().map(|n| format!("{folder}/{n}")).collect())
}

/// The folders of `dir/folder` (not followed through links), as relative paths in byte order.
fn subfolders(dir: &Path, folder: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in entries(dir, folder)? {
        if entry.file_type().is_ok_and(|t| t.is_dir())
            && let Some(name) = entry.file_name().to_str()
        {
            names.push(format!("{folder}/{name}"));
        }
    }
    names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    Ok(names)
}

/// Every `*.parquet` file below `dir`, at any depth (Hive partitions such as
/// `year=2026/month=05/`). Names starting with `.` or `_` (`_SUCCESS`,
/// `.part-0.parquet.crc`, staging folders of the writer) are skipped, as Spark
/// and polars skip them.
fn parquet_parts(within: &Within, dir: &Path, parts: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io("cannot list", dir, e))? {
        let entry = entry.map_err(|e| Error::io("cannot list", dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        let path = entry.path();
        // Links are followed here too (issue 11).
        let meta = fs::metadata(&path).map_err(|e| {
            Error::Data(vec![Diagnostic::new(
                path.display().to_string(),
                broken_link(&e),
            )])
        })?;
        if let Some(message) = within.outside(&path) {
            return Err(Error::Data(vec![Diagnostic::new(
                path.display().to_string(),
                message,
            )]));
        }
        if meta.is_dir() {
            parquet_parts(within, &path, parts)?;
        } else if meta.is_file() && name.ends_with(".parquet") {
            parts.push(path);
        }
    }
    Ok(())
}

/// The message for a symbolic link whose target cannot be read.
fn broken_link(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "expected a file, found a symbolic link to nothing (its target does not exist)".to_string()
    } else {
        format!("expected a file, found a symbolic link that cannot be followed: {e}")
    }
}

fn read_text(dir: &Within, rel: &str, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let path = dir.join(rel);
    let shown = display(dir, rel);
    if let Some(message) = dir.outside(&path) {
        errors.push(Diagnostic::new(shown, message));
        return None;
    }
    match fs::metadata(&path) {
        Ok(m) if m.len() > MAX_TEXT_FILE_BYTES => {
            errors.push(Diagnostic::new(
                shown,
                format!(
                    "expected a file of at most {MAX_TEXT_FILE_BYTES} bytes (8 MiB), found {} bytes",
                    m.len()
                ),
            ));
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            errors.push(Diagnostic::new(shown, format!("cannot read: {e}")));
            return None;
        }
    }
    match fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(
                text.strip_prefix('\u{feff}')
                    .map(str::to_string)
                    .unwrap_or(text),
            ),
            Err(_) => {
                errors.push(Diagnostic::new(
                    shown,
                    "expected UTF-8 text, found invalid bytes",
                ));
                None
            }
        },
        Err(e) => {
            errors.push(Diagnostic::new(shown, format!("cannot read: {e}")));
            None
        }
    }
}

fn read_yaml(dir: &Within, rel: &str, errors: &mut Vec<Diagnostic>) -> Option<YamlFile> {
    let text = read_text(dir, rel, errors)?;
    let shown = display(dir, rel);
    match yaml::parse(&shown, &text) {
        Ok(root) => Some(YamlFile {
            display: shown,
            stem: stem(rel),
            root,
        }),
        Err(d) => {
            errors.push(d);
            None
        }
    }
}
