//! Incremental builds: a build into an earlier site rewrites only the files
//! whose bytes changed; the others keep their mtime (so rsync and object-store
//! syncs upload only what changed). The summary line counts them; `--quiet`
//! prints nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::common::{Dealbook, Output};
use crate::validation::{Case, assert_output, out_dir, tree};

/// An mtime no build can produce: files still carrying it were not rewritten.
fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(946_684_800) // 2000-01-01
}

/// Every file below `dir`: relative path -> (bytes, mtime).
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let mtime = fs::metadata(&path).unwrap().modified().unwrap();
                out.insert(rel, (fs::read(&path).unwrap(), mtime));
            }
        }
    }
    out
}

fn age_every_file(dir: &Path) {
    for rel in files(dir).keys() {
        fs::File::options()
            .write(true)
            .open(dir.join(rel))
            .unwrap()
            .set_modified(long_ago())
            .unwrap();
    }
}

/// The stderr of a build, with its time (which varies) cut off.
#[track_caller]
fn summary(run: &Output) -> &str {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (counts, time) = run
        .stderr
        .split_once(", in ")
        .unwrap_or_else(|| panic!("no summary line: {}", run.stderr));
    assert!(time.ends_with(" s\n"), "{}", run.stderr);
    assert!(time.trim_end_matches(" s\n").parse::<f64>().is_ok());
    counts
}

#[test]
fn a_second_build_rewrites_only_the_files_whose_bytes_changed() {
    let case = Case::base();
    let (_tmp, out) = out_dir();
    assert_eq!(
        summary(&case.build(&out, &[])),
        "built 11 pages, 26 files changed"
    );
    age_every_file(&out);
    let before = files(&out);

    // Nothing changed: nothing is rewritten.
    assert_eq!(
        summary(&case.build(&out, &[])),
        "built 11 pages, 0 files changed"
    );
    assert_eq!(files(&out), before);

    // alpha's price doubles: its page, the pages and exports that show it change.
    let alpha = case.path().join("deals/alpha.yaml");
    let text = fs::read_to_string(&alpha).unwrap();
    fs::write(&alpha, text.replace("monthly: 1000000", "monthly: 2000000")).unwrap();
    let run = case.build(&out, &[]);
    let after = files(&out);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    let mut rewritten = Vec::new();
    for (rel, (bytes, mtime)) in &after {
        let (old_bytes, _) = &before[rel];
        if bytes == old_bytes {
            assert_eq!(
                *mtime,
                long_ago(),
                "{rel} has the same bytes but was rewritten"
            );
        } else {
            assert_ne!(*mtime, long_ago(), "{rel} changed but kept its old mtime");
            rewritten.push(rel.as_str());
        }
    }
    // beta's page and schedule, the facility page, capacity by month (power
    // and GPUs, not money), the data page and the static files do not show
    // alpha's price; everything that sums or lists it does.
    assert_eq!(
        rewritten,
        [
            "compare.html",
            "data/by_year.csv",
            "data/deals.csv",
            "data/metrics.json",
            "data/portfolio_by_year.csv",
            "data/rankings.csv",
            "data/schedule.csv",
            "data/schedule/alpha.csv",
            "deals/alpha.html",
            "directory.html",
            "feed.xml",
            "index.html",
            "parties/alpha-labs.html",
            "parties/provider-co.html",
        ]
    );
    assert_eq!(
        summary(&run),
        format!("built 11 pages, {} files changed", rewritten.len())
    );

    // The result is byte for byte a fresh build of the new data.
    let (_fresh_tmp, fresh) = out_dir();
    summary(&case.build(&fresh, &[]));
    let fresh_files: BTreeMap<_, _> = files(&fresh)
        .into_iter()
        .map(|(k, (b, _))| (k, b))
        .collect();
    let built: BTreeMap<_, _> = after.into_iter().map(|(k, (b, _))| (k, b)).collect();
    assert_eq!(built, fresh_files);
}

#[test]
fn a_removed_deal_counts_its_files_as_changed() {
    let case = Case::base();
    let (_tmp, out) = out_dir();
    summary(&case.build(&out, &[]));
    let case = case.without("deals/alpha.yaml");
    let run = case.build(&out, &[]);
    assert!(!out.join("deals/alpha.html").exists());
    assert!(!out.join("data/schedule/alpha.csv").exists());
    assert!(!out.join("parties/alpha-labs.html").exists());
    // 3 files gone, and the pages that listed alpha rewritten.
    assert_eq!(summary(&run), "built 9 pages, 17 files changed");
}

#[test]
fn quiet_prints_nothing_and_a_failed_build_still_leaves_the_site() {
    let case = Case::base();
    let (_tmp, out) = out_dir();
    let run = case.build(&out, &["--quiet"]);
    assert_output(&run, 0, "", "build --quiet");
    let before = tree(out.parent().unwrap());
    let bad = Case::invalid("end-before-start");
    let run = bad.build(&out, &["--quiet"]);
    assert_eq!(run.code, 1);
    assert_eq!(tree(out.parent().unwrap()), before);
}

#[test]
fn completions_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = Dealbook::new().args(["completions", shell]).run();
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in [
            "build",
            "check",
            "diff",
            "new",
            "serve",
            "exit-code",
            "quiet",
        ] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    let run = Dealbook::new().args(["completions", "tcsh"]).run();
    assert_eq!(run.code, 2);
}
