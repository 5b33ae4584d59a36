//! Bad inputs: one case per rule of SPEC.md sections 1-6 and the exit codes of
//! section 9. Each case asserts the exit code, the exact text on stderr (every
//! `error: <file>:<line>:<col>: <message>` line and the count line), and that a
//! failed build leaves the output directory exactly as it was.
//!
//! Fixtures: `tests/fixtures/valid/` is one complete, valid data directory (a
//! site, a GPU catalogue, a facility with ranges, a monthly deal `alpha` that
//! uses nearly every optional key, and a `total` deal `beta` that inherits the
//! facility's capacity). `tests/fixtures/invalid/<case>/` holds only the files
//! that differ from it; a test copies the base, lays the case over it and runs
//! the binary. So `diff -r tests/fixtures/valid tests/fixtures/invalid/<case>`
//! shows exactly the bad input, usually one line, and the line and column of
//! each expected error can be read off the case's file. We chose folders over
//! inline strings because most cases are a whole deal file with one value
//! changed: the base stays valid in one place, and a case is its diff.
//! `tests/fixtures/accepted/<case>/` works the same way for inputs that must
//! pass (quoted usd and dates, null as absent, aliases). What cannot be a
//! committed overlay is made by the test: removing a base file (`without`) and
//! files too large to commit (`with_file`).
//!
//! Modules follow the spec: `yaml` (section 1), `values` (section 2),
//! `records` (sections 3-6), `cli` (section 9 and hostile inputs),
//! `commitment` (section 10: the v2 deal keys and parties.yaml).

mod cli;
mod commitment;
mod records;
mod symlinks;
mod values;
mod yaml;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::common::{DataDir, Dealbook, Output, copy_tree};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// A data directory: the valid base, maybe with a case laid over it.
pub struct Case {
    data: DataDir,
}

impl Case {
    /// A copy of `tests/fixtures/valid/`.
    pub fn base() -> Case {
        let data = DataDir::new();
        copy_tree(&Path::new(FIXTURES).join("valid"), data.path());
        Case { data }
    }

    /// The base with `tests/fixtures/invalid/<name>/` laid over it.
    #[track_caller]
    pub fn invalid(name: &str) -> Case {
        Case::overlay("invalid", name)
    }

    /// The base with `tests/fixtures/accepted/<name>/` laid over it.
    #[track_caller]
    pub fn accepted(name: &str) -> Case {
        Case::overlay("accepted", name)
    }

    #[track_caller]
    fn overlay(kind: &str, name: &str) -> Case {
        let case = Case::base();
        let dir = Path::new(FIXTURES).join(kind).join(name);
        assert!(dir.is_dir(), "no fixture folder {}", dir.display());
        copy_tree(&dir, case.path());
        case
    }

    /// Removes a file (or folder) of the base.
    #[track_caller]
    pub fn without(self, rel: &str) -> Case {
        let path = self.path().join(rel);
        if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        }
        .unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self
    }

    /// Writes a file that is made by the test rather than committed.
    #[track_caller]
    pub fn with_file(self, rel: &str, contents: &str) -> Case {
        Case {
            data: self.data.file(rel, contents),
        }
    }

    pub fn path(&self) -> &Path {
        self.data.path()
    }

    /// What stderr must be when the data has exactly `errors`, each written
    /// `<path relative to the data dir>[:line:col]: message`.
    pub fn stderr(&self, errors: &[&str]) -> String {
        let mut text = String::new();
        for e in errors {
            text.push_str(&format!("error: {}/{e}\n", self.path().display()));
        }
        let n = errors.len();
        text.push_str(&format!(
            "{n} error{} in the data\n",
            if n == 1 { "" } else { "s" }
        ));
        text
    }

    /// `dealbook check` on this data.
    pub fn check(&self) -> Output {
        Dealbook::new()
            .arg("check")
            .arg("--data")
            .arg(self.path())
            .run()
    }

    /// `dealbook build --data <this> --out <out>`, with `extra` arguments.
    pub fn build(&self, out: &Path, extra: &[&str]) -> Output {
        Dealbook::new()
            .arg("build")
            .arg("--data")
            .arg(self.path())
            .arg("--out")
            .arg(out)
            .args(extra)
            .run()
    }

    /// Asserts that `check` and `build` both fail with exit code 1 and exactly
    /// `errors` on stderr, and that `build` neither creates a missing output
    /// directory nor touches an existing site (nor anything beside it).
    #[track_caller]
    pub fn fails(&self, errors: &[&str]) {
        self.fails_with(&self.stderr(errors));
    }

    /// As [`Case::fails`], with the whole expected stderr given.
    #[track_caller]
    pub fn fails_with(&self, stderr: &str) {
        let run = self.check();
        assert_output(&run, 1, stderr, "check");
        assert_eq!(run.stdout, "", "check printed a summary for bad data");

        let (_fresh, out) = out_dir();
        let before = tree(out.parent().unwrap());
        let run = self.build(&out, &[]);
        assert_output(&run, 1, stderr, "build into a new directory");
        assert!(!out.exists(), "a failed build created {}", out.display());
        assert_eq!(
            tree(out.parent().unwrap()),
            before,
            "a failed build left files behind"
        );

        let (_old, out) = out_dir();
        previous_site(&out);
        let before = tree(out.parent().unwrap());
        let run = self.build(&out, &[]);
        assert_output(&run, 1, stderr, "build over an earlier site");
        assert_eq!(
            tree(out.parent().unwrap()),
            before,
            "a failed build changed the earlier site"
        );
    }

    /// Asserts that `check` accepts the data.
    #[track_caller]
    pub fn passes(&self) {
        let run = self.check();
        assert_eq!(run.code, 0, "check failed:\n{}", run.stderr);
        assert_eq!(run.stderr, "", "check warned on stderr");
    }
}

/// A fresh temporary folder and the path `<it>/site`, which does not exist yet.
pub fn out_dir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::Builder::new()
        .prefix("dealbook-out-")
        .tempdir()
        .expect("create temp out dir");
    let out = tmp.path().join("site");
    (tmp, out)
}

/// What an earlier build left: enough of a dealbook site for `--out` to accept
/// replacing it (index.html and data/metrics.json), plus a page and an export.
pub fn previous_site(out: &Path) {
    for (rel, text) in [
        (
            "index.html",
            "<!doctype html><title>earlier build</title>\n",
        ),
        (
            "data/metrics.json",
            "{\"as_of\": \"2026-01-01\", \"deals\": []}\n",
        ),
        ("data/deals.csv", "id,title\nold,Old deal\n"),
        ("deals/old.html", "<!doctype html><title>old</title>\n"),
    ] {
        let path = out.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
    }
}

/// Every entry below `root` with its bytes (None for a folder) and its
/// modification time: "exactly as it was" means not even rewritten.
pub fn tree(root: &Path) -> BTreeMap<String, (Option<Vec<u8>>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let modified = meta.modified().unwrap();
            if meta.is_dir() {
                stack.push(path);
                out.insert(rel, (None, modified));
            } else {
                out.insert(rel, (Some(fs::read(&path).unwrap()), modified));
            }
        }
    }
    out
}

/// Asserts the exit code and the whole of stderr, showing both on failure.
#[track_caller]
pub fn assert_output(run: &Output, code: i32, stderr: &str, what: &str) {
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (code, stderr),
        "{what}: exit code and stderr differ (stdout: {:?})",
        run.stdout
    );
}
