//! Test harness: build a data directory in a temp folder, run the real
//! `dealbook` binary on it, and read back what it wrote.
//!
//! ```ignore
//! let data = DataDir::new()
//!     .site("2026-03-10")
//!     .file("deals/x.yaml", "id: x\n...");
//! let built = build(&data);
//! assert_close(num(built.deal("x"), "total_usd").unwrap(), 1.0);
//! ```

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;
use wait_timeout::ChildExt;

/// A data directory in a fresh temporary folder (removed on drop).
pub struct DataDir {
    dir: TempDir,
}

impl DataDir {
    /// An empty directory; nothing is written.
    pub fn new() -> Self {
        DataDir {
            dir: tempfile::Builder::new()
                .prefix("dealbook-data-")
                .tempdir()
                .expect("create temp data dir"),
        }
    }

    /// A copy of the fixture directory `tests/fixtures/<name>/`.
    #[track_caller]
    pub fn fixture(name: &str) -> Self {
        let data = DataDir::new();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&from, data.path());
        data
    }

    /// Writes `contents` to `rel_path` (relative to the data directory),
    /// creating parent directories as needed. Overwrites an existing file.
    #[track_caller]
    pub fn file(self, rel_path: &str, contents: &str) -> Self {
        let path = self.dir.path().join(rel_path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// A minimal site.yaml: `title: Test` and `as_of: <as_of>`.
    #[track_caller]
    pub fn site(self, as_of: &str) -> Self {
        self.file("site.yaml", &format!("title: Test\nas_of: {as_of}\n"))
    }

    /// A gpus.yaml with H100 (989 bf16 dense TFLOPS, 80 GB; the default
    /// reference) and GB200 (2500 TFLOPS, 192 GB).
    #[track_caller]
    pub fn gpus_h100(self) -> Self {
        self.file(
            "gpus.yaml",
            "models:\n\
             \x20 - id: H100\n\
             \x20   name: NVIDIA H100 SXM\n\
             \x20   vendor: NVIDIA\n\
             \x20   bf16_dense_tflops: 989\n\
             \x20   memory_gb: 80\n\
             \x20 - id: GB200\n\
             \x20   name: NVIDIA GB200\n\
             \x20   vendor: NVIDIA\n\
             \x20   bf16_dense_tflops: 2500\n\
             \x20   memory_gb: 192\n",
        )
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Default for DataDir {
    fn default() -> Self {
        Self::new()
    }
}

/// `v[key]`, which must be a number; then `assert_close`.
#[track_caller]
pub fn assert_num(v: &Value, key: &str, expected: f64) {
    let actual = num(v, key).unwrap_or_else(|| panic!("{key} is null in {v}"));
    assert_close(actual, expected);
}

/// Copies the directory `from` into `to` (created if missing).
#[track_caller]
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let path = entry.expect("dir entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap_or_else(|e| panic!("copy {}: {e}", path.display()));
        }
    }
}

/// What a run of the binary produced.
#[derive(Debug, Clone)]
pub struct Output {
    /// The exit code; -1 if the process was ended by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A command line for the real `dealbook` binary.
#[derive(Debug, Clone, Default)]
pub struct Dealbook {
    args: Vec<OsString>,
}

impl Dealbook {
    pub fn new() -> Self {
        Dealbook { args: Vec::new() }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// Runs the binary with these arguments, its working directory a fresh
    /// empty temp dir (so default paths like `data` and `site` point
    /// nowhere real unless the test passes them).
    #[track_caller]
    pub fn run(&self) -> Output {
        let cwd = tempfile::Builder::new()
            .prefix("dealbook-cwd-")
            .tempdir()
            .expect("create temp cwd");
        self.run_in(cwd.path())
    }

    /// Runs the binary with these arguments in `cwd`. The child is killed
    /// after [`CHILD_TIME_LIMIT`]: a hang fails the one test that ran it
    /// instead of stalling the suite (a time limit, not a timing assertion).
    #[track_caller]
    pub fn run_in(&self, cwd: &Path) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dealbook"))
            .args(&self.args)
            .current_dir(cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("failed to run dealbook {:?}: {e}", self.args));
        // Both pipes are drained while the child runs, so a full pipe
        // cannot block it.
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            let mut pipe = pipe.expect("piped");
            thread::spawn(move || {
                let mut bytes = Vec::new();
                pipe.read_to_end(&mut bytes).map(|_| bytes)
            })
        };
        let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
        let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
        let status = match child.wait_timeout(CHILD_TIME_LIMIT) {
            Ok(Some(status)) => status,
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "dealbook {:?} did not finish within {CHILD_TIME_LIMIT:?}; killed",
                    self.args
                );
            }
            Err(e) => panic!("waiting for dealbook {:?}: {e}", self.args),
        };
        let text = |h: thread::JoinHandle<std::io::Result<Vec<u8>>>| {
            let bytes = h.join().expect("pipe reader").expect("read pipe");
            String::from_utf8_lossy(&bytes).into_owned()
        };
        Output {
            code: status.code().unwrap_or(-1),
            stdout: text(stdout),
            stderr: text(stderr),
        }
    }
}

/// How long one run of the binary may take before it is killed. Generous
/// (the slowest build, of the shipped data, takes a few seconds in a debug
/// build): it only turns a hang into a failure.
pub const CHILD_TIME_LIMIT: Duration = Duration::from_secs(120);

/// The result of a successful `dealbook build`.
pub struct Built {
    /// The output directory (`<tmp>/site`).
    pub out: PathBuf,
    /// `<out>/data/metrics.json`, parsed.
    pub metrics: Value,
    _tmp: TempDir,
}

/// Runs `dealbook build --data <data> --out <tmp>/site`, asserts exit 0
/// (showing stderr otherwise) and reads `<out>/data/metrics.json`.
#[track_caller]
pub fn build(data: &DataDir) -> Built {
    build_with(data, &[])
}

/// As [`build`], with extra arguments appended (e.g. `["--as-of", "2026-03-10"]`).
#[track_caller]
pub fn build_with(data: &DataDir, extra: &[&str]) -> Built {
    let tmp = tempfile::Builder::new()
        .prefix("dealbook-out-")
        .tempdir()
        .expect("create temp out dir");
    let out = tmp.path().join("site");
    let run = Dealbook::new()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .args(extra)
        .run();
    assert!(
        run.code == 0,
        "dealbook build exited with {}\n--- stderr ---\n{}\n--- stdout ---\n{}",
        run.code,
        run.stderr,
        run.stdout
    );
    let metrics_path = out.join("data").join("metrics.json");
    let text = fs::read_to_string(&metrics_path)
        .unwrap_or_else(|e| panic!("read {}: {e}", metrics_path.display()));
    let metrics: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("parse {}: {e}", metrics_path.display()));
    Built {
        out,
        metrics,
        _tmp: tmp,
    }
}

impl Built {
    /// The object of `metrics["deals"]` whose `"id"` is `id`; panics if absent.
    #[track_caller]
    pub fn deal(&self, id: &str) -> &Value {
        self.array("deals")
            .iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("no deal {id:?} in metrics.json"))
    }

    /// The rows of `metrics["schedule"]` whose `"deal"` is `id`, in file order.
    #[track_caller]
    pub fn schedule(&self, id: &str) -> Vec<&Value> {
        self.rows_of("schedule", id)
    }

    /// The rows of `metrics["by_year"]` whose `"deal"` is `id`, in file order.
    #[track_caller]
    pub fn by_year(&self, id: &str) -> Vec<&Value> {
        self.rows_of("by_year", id)
    }

    /// The text of `<out>/data/<name>`, e.g. `"deals.csv"`.
    #[track_caller]
    pub fn export(&self, name: &str) -> String {
        let path = self.out.join("data").join(name);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// The data rows of the CSV export `<out>/data/<name>`, each a map from
    /// column name to cell text (select columns by name: more may follow).
    /// Asserts `\n` line ends and that every row is as wide as the header.
    #[track_caller]
    pub fn export_rows(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        let text = self.export(name);
        assert!(!text.contains('\r'), "{name} must use \\n line ends");
        let mut rows = parse_csv(&text);
        assert!(!rows.is_empty(), "{name} has no header");
        let header = rows.remove(0);
        rows.into_iter()
            .enumerate()
            .map(|(i, row)| {
                assert_eq!(row.len(), header.len(), "{name} row {} width", i + 2);
                header.iter().cloned().zip(row).collect()
            })
            .collect()
    }

    /// `<out>/data/metrics.json` parsed with every number kept as the text
    /// written in the file: each number becomes `{"$num": "<its text>"}`.
    /// serde_json's default float parsing may be an ulp off; Rust's
    /// `str::parse::<f64>` is exact, so exports can be compared bit for bit.
    #[track_caller]
    pub fn metrics_exact(&self) -> Value {
        let text = self.export("metrics.json");
        let mut out = String::with_capacity(text.len() * 2);
        let mut chars = text.chars().peekable();
        let mut in_string = false;
        while let Some(c) = chars.next() {
            if in_string {
                out.push(c);
                match c {
                    '\\' => out.push(chars.next().expect("escape")),
                    '"' => in_string = false,
                    _ => {}
                }
            } else if c == '"' {
                in_string = true;
                out.push(c);
            } else if c == '-' || c.is_ascii_digit() {
                let mut number = String::from(c);
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() || "+-.eE".contains(d) {
                        number.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push_str(&format!("{{\"$num\":\"{number}\"}}"));
            } else {
                out.push(c);
            }
        }
        serde_json::from_str(&out).expect("metrics.json with numbers as text")
    }

    /// The page `<out>/<rel>`, e.g. `"deals/x.html"`.
    #[track_caller]
    pub fn page(&self, rel: &str) -> String {
        let path = self.out.join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    #[track_caller]
    fn array(&self, key: &str) -> &Vec<Value> {
        self.metrics[key]
            .as_array()
            .unwrap_or_else(|| panic!("metrics.json: {key:?} is not an array"))
    }

    #[track_caller]
    fn rows_of(&self, key: &str, id: &str) -> Vec<&Value> {
        self.array(key).iter().filter(|r| r["deal"] == id).collect()
    }
}

/// `v[key]` as f64: `None` for JSON null; panics if the key is missing or
/// holds something other than a number or null.
#[track_caller]
pub fn num(v: &Value, key: &str) -> Option<f64> {
    match v.get(key) {
        None => panic!("key {key:?} missing in {v}"),
        Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_f64().expect("number as f64")),
        Some(other) => panic!("key {key:?} is not a number or null: {other} in {v}"),
    }
}

/// A number of [`Built::metrics_exact`] as the exact f64 its text denotes;
/// `None` for null. Panics on anything else.
#[track_caller]
pub fn exact_num(v: &Value) -> Option<f64> {
    match v {
        Value::Null => None,
        Value::Object(o) if o.len() == 1 && o.contains_key("$num") => {
            let t = o["$num"].as_str().expect("number text");
            Some(t.parse().unwrap_or_else(|e| panic!("number {t:?}: {e}")))
        }
        other => panic!("not a number or null: {other}"),
    }
}

/// `v[key]` as a string; panics if missing or not a string.
#[track_caller]
pub fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    match v.get(key) {
        Some(Value::String(s)) => s,
        other => panic!("key {key:?} is not a string: {other:?} in {v}"),
    }
}

/// Asserts `actual` equals `expected` to a relative tolerance of 1e-9 of
/// `expected`, and nothing absolute: an expected 0 must be exactly 0, and a
/// tiny expected value (4e-7) is not met by 0.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    assert_within(actual, expected, 1e-9);
}

/// Asserts `actual` equals `expected` to the relative tolerance `rel` of
/// `expected` (no absolute part).
#[track_caller]
pub fn assert_within(actual: f64, expected: f64, rel: f64) {
    let tol = expected.abs() * rel;
    assert!(
        (actual - expected).abs() <= tol,
        "not close: actual {actual:?}, expected {expected:?} (diff {:e}, tolerance {tol:e})",
        actual - expected
    );
}

/// Parses CSV text (RFC 4180 quoting, `\n` or `\r\n` line ends) into rows
/// of fields. A trailing newline does not produce an empty row.
#[track_caller]
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut row_started = false;
    while let Some(c) = chars.next() {
        row_started = true;
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' => in_quotes = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                    row_started = false;
                }
                _ => field.push(c),
            }
        }
    }
    assert!(!in_quotes, "CSV ends inside a quoted field");
    if row_started {
        row.push(field);
        rows.push(row);
    }
    rows
}
