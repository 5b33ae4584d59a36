//! A seeded mutation test (issue 22): a valid data directory holding every
//! kind of file (site, GPU catalogue, parties, deals, a facility, a page,
//! usage as CSV and Parquet, market prices) is mutated one file at a time
//! (byte flips, YAML and CSV token edits, truncation) and `check` and
//! `build` run on each mutant. Whatever the input: no panic, exit 0 or 1
//! only, the two agree, every error names a file of the data directory and
//! is at most 1 kB, and a failed build leaves the earlier site exactly as it
//! was. 2,000 cases when CI=true, 40 otherwise; `DEALBOOK_FUZZ_CASES` sets
//! the count and `DEALBOOK_FUZZ_SEED` the seed. A failing case's data
//! directory is kept under `target/fuzz-failures/` to reproduce it.

use std::fs;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::common::{DataDir, Dealbook, Output, copy_tree};

/// The most bytes of one error line (and of stdout's JSON error objects).
const MAX_ERROR_BYTES: usize = 1024;

/// A small xorshift generator: the same seed gives the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tokens a YAML mutation puts in place of a byte run: YAML syntax, the
/// values the contract rejects, and the shapes its readers must survive.
const YAML_TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "*b",
    "<<: *a",
    "'",
    "\"",
    "~",
    "null",
    "-1",
    "0",
    "1e309",
    ".nan",
    "-.inf",
    "0x1F",
    "1_000",
    "2026-02-30",
    "2026-13-01",
    "\t",
    "\n",
    "\n  ",
    "---\n",
    "#",
    "!!binary ",
    "!x ",
    "? ",
    "|",
    ">",
    "%YAML 1.2\n",
    "\u{feff}",
    "é",
    "\u{0}",
    "{low: 2, base: 1, high: 3}",
    "[a, [b]]",
    "99999999999999999999",
];

/// Tokens a CSV mutation puts in place of a byte run.
const CSV_TOKENS: &[&str] = &[
    ",",
    "\"",
    "\n",
    "\r\n",
    "",
    "-1",
    "NaN",
    "inf",
    "1e400",
    "x",
    "2026-02-30",
    "2026-13",
    "9999-12",
    ",,,",
    "\"a\"\"b\"",
    "deal",
    "\u{0}",
    "é",
    "1e12",
    "-0",
];

/// How one file is mutated, for the failure message.
enum Mutation {
    FlipByte {
        at: usize,
        mask: u8,
    },
    Token {
        at: usize,
        len: usize,
        token: &'static str,
    },
    DropLine {
        line: usize,
    },
    RepeatLine {
        line: usize,
    },
    Truncate {
        at: usize,
    },
}

impl std::fmt::Display for Mutation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mutation::FlipByte { at, mask } => write!(f, "byte {at} xor {mask:#04x}"),
            Mutation::Token { at, len, token } => {
                write!(f, "{len} bytes at {at} replaced by {token:?}")
            }
            Mutation::DropLine { line } => write!(f, "line {} dropped", line + 1),
            Mutation::RepeatLine { line } => write!(f, "line {} repeated", line + 1),
            Mutation::Truncate { at } => write!(f, "truncated to {at} bytes"),
        }
    }
}

fn mutate(
    rng: &mut Rng,
    bytes: &mut Vec<u8>,
    text_tokens: Option<&'static [&'static str]>,
) -> Mutation {
    let len = bytes.len().max(1);
    let choice = match text_tokens {
        Some(_) => rng.below(5),
        None => [0, 0, 0, 4][rng.below(4)],
    };
    let lines = || bytes.iter().filter(|b| **b == b'\n').count().max(1);
    match choice {
        0 => {
            let at = rng.below(len).min(bytes.len().saturating_sub(1));
            let mask = 1u8 << rng.below(8) | (rng.below(256) as u8 & 0x81);
            if let Some(b) = bytes.get_mut(at) {
                *b ^= mask.max(1);
            }
            Mutation::FlipByte { at, mask }
        }
        1 => {
            let token = *rng.pick(text_tokens.unwrap_or(YAML_TOKENS));
            let at = rng.below(len).min(bytes.len());
            let cut = rng.below(4).min(bytes.len() - at);
            bytes.splice(at..at + cut, token.bytes());
            Mutation::Token {
                at,
                len: cut,
                token,
            }
        }
        2 | 3 => {
            let line = rng.below(lines());
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut all: Vec<&str> = text.split_inclusive('\n').collect();
            if line < all.len() {
                if choice == 2 {
                    all.remove(line);
                } else {
                    all.insert(line, all[line]);
                }
            }
            *bytes = all.concat().into_bytes();
            if choice == 2 {
                Mutation::DropLine { line }
            } else {
                Mutation::RepeatLine { line }
            }
        }
        _ => {
            let at = rng.below(len);
            bytes.truncate(at);
            Mutation::Truncate { at }
        }
    }
}

/// The valid base: the validation fixture, with parties, a page, usage as
/// CSV and as Parquet, and market prices.
fn base() -> DataDir {
    let data = DataDir::fixture("valid")
        .file(
            "parties.yaml",
            "parties:\n  - name: Alpha Labs\n    aliases: [Alpha]\n",
        )
        .file("pages/about.md", "# About\n\nA page with *markdown*.\n")
        .file(
            "usage/telemetry.csv",
            "deal,month,gpu_hours\nalpha,2026-01,2640\nbeta,2026-03,10\n",
        )
        .file(
            "market/prices.csv",
            "date,gpu_model,usd_per_gpu_hour,source\n2025-12-01,H100,2.5,synthetic\n",
        );
    let mut df = df!(
        "deal" => ["alpha", "alpha", "beta"],
        "date" => ["2026-02-03", "2026-02-20", "2026-04-01"],
        "gpu_hours" => [100.5, 200.0, 7.25],
    )
    .expect("a frame");
    let file = fs::File::create(data.path().join("usage/more.parquet")).expect("create parquet");
    ParquetWriter::new(file)
        .finish(&mut df)
        .expect("write parquet");
    data
}

/// Every file below `root`, relative, in byte order.
fn files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// Every file and folder below `root` with its bytes and mtime.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    files(root)
        .into_iter()
        .map(|rel| {
            let path = root.join(&rel);
            let modified = fs::metadata(&path).unwrap().modified().unwrap();
            (rel, fs::read(&path).unwrap(), modified)
        })
        .collect()
}

/// What is wrong with a run, if anything.
fn judge(what: &str, run: &Output, data: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if run.code != 0 && run.code != 1 {
        problems.push(format!("{what}: exit code {}", run.code));
    }
    if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
        problems.push(format!("{what}: panicked"));
    }
    if run.code == 1 {
        let prefix = format!("error: {}/", data.display());
        let lines: Vec<&str> = run.stderr.lines().collect();
        let Some((count, errors)) = lines.split_last() else {
            problems.push(format!("{what}: exit 1 and nothing on stderr"));
            return problems;
        };
        if !count.ends_with(" in the data") {
            problems.push(format!("{what}: no count line: {count:?}"));
        }
        for e in errors {
            if !e.starts_with(&prefix) {
                problems.push(format!("{what}: an error names no file: {e:?}"));
            }
            if e.len() > MAX_ERROR_BYTES {
                problems.push(format!("{what}: an error of {} bytes", e.len()));
            }
        }
    }
    problems
}

#[test]
fn mutated_data_never_panics_and_always_names_the_file() {
    let cases: usize = std::env::var("DEALBOOK_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if std::env::var("CI").as_deref() == Ok("true") {
            2000
        } else {
            40
        });
    let seed: u64 = std::env::var("DEALBOOK_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x00de_a1b0_0c22);
    let base = base();
    let kinds = files(base.path());
    assert_eq!(
        kinds,
        [
            "deals/alpha.yaml",
            "deals/beta.yaml",
            "facilities/cluster-a.yaml",
            "gpus.yaml",
            "pages/about.md",
            "parties.yaml",
            "site.yaml",
            "usage/more.parquet",
            "usage/telemetry.csv",
            "market/prices.csv",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    // The earlier site a failed build must leave exactly as it was.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let first = run_build(base.path(), &out);
    assert_eq!(first.code, 0, "the base must build: {}", first.stderr);

    // Two workers: the machine's cores.
    let failures: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|w| {
                let (base, kinds, out) = (&base, &kinds, &out);
                s.spawn(move || {
                    let mut failures = Vec::new();
                    for case in (w..cases).step_by(2) {
                        if let Some(f) = one_case(seed, case, base.path(), kinds, out) {
                            failures.push(f);
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed (seed {seed}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn run_build(data: &Path, out: &Path) -> Output {
    Dealbook::new()
        .arg("build")
        .arg("--quiet")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .run()
}

/// Runs case `case`; a description of what failed (and where its
/// reproducer is), or None.
fn one_case(seed: u64, case: usize, base: &Path, kinds: &[String], out: &Path) -> Option<String> {
    let mut rng = Rng(seed ^ (case as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    rng.next();
    let data = DataDir::new();
    copy_tree(base, data.path());
    let file = rng.pick(kinds).clone();
    let tokens: Option<&'static [&'static str]> = if file.ends_with(".csv") {
        Some(CSV_TOKENS)
    } else if file.ends_with(".parquet") {
        None
    } else {
        Some(YAML_TOKENS)
    };
    let path = data.path().join(&file);
    let mut bytes = fs::read(&path).unwrap();
    let mutation = mutate(&mut rng, &mut bytes, tokens);
    fs::write(&path, &bytes).unwrap();

    let check = Dealbook::new()
        .arg("check")
        .arg("--data")
        .arg(data.path())
        .run();
    let mut problems = judge("check", &check, data.path());
    // Each case builds over its own copy of the earlier site.
    let own = tempfile::tempdir().unwrap();
    let own_out = own.path().join("site");
    copy_tree(out, &own_out);
    let before = snapshot(&own_out);
    let build = run_build(data.path(), &own_out);
    problems.extend(judge("build", &build, data.path()));
    if build.code != check.code {
        problems.push(format!(
            "check exited {} but build {}",
            check.code, build.code
        ));
    }
    if build.code != 0 {
        let after = snapshot(&own_out);
        let same = after.len() == before.len()
            && after
                .iter()
                .zip(&before)
                .all(|(a, b)| a.0 == b.0 && a.1 == b.1);
        if !same {
            problems.push("a failed build changed the earlier site".into());
        }
    }
    if problems.is_empty() {
        return None;
    }
    let keep = reproducer(data.path(), case, seed);
    Some(format!(
        "case {case}: {file} ({mutation}): {}\n  reproducer: {}\n  check stderr: {}\n  build stderr: {}",
        problems.join("; "),
        keep.display(),
        check.stderr.chars().take(2000).collect::<String>(),
        build.stderr.chars().take(2000).collect::<String>()
    ))
}

/// Copies the mutated data directory to `target/fuzz-failures/`.
fn reproducer(data: &Path, case: usize, seed: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/fuzz-failures")
        .join(format!("seed-{seed}-case-{case}"));
    let _ = fs::remove_dir_all(&dir);
    copy_tree(data, &dir);
    dir
}
