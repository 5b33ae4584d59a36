//! The durable, atomic write of the output directory (issue 11): `kill -9` at
//! random points of a large build never leaves a missing or mixed site (the
//! output is byte-identical to the old site or to the new one), and the next
//! build removes the staging directory the killed one left.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use crate::common::{DataDir, Dealbook};

/// How many builds are killed.
const KILLS: usize = 10;

/// A data directory of `deals` monthly deals; `price` sets every other deal's
/// monthly payment, so two data sets with different prices build sites that
/// share half their pages (which the new site carries over by hard link).
fn generated(deals: usize, price: u64) -> DataDir {
    let mut data = DataDir::new().site("2026-03-10").gpus_h100();
    for i in 0..deals {
        let monthly = if i % 2 == 0 { price } else { 1_000_000 };
        data = data.file(
            &format!("deals/deal-{i:04}.yaml"),
            &format!(
                "id: deal-{i:04}\ntitle: Deal {i}\nbuyer: Buyer {b}\nprovider: Provider {p}\n\
                 announced: 2025-12-01\nstart: 2026-01-01\nend: 2028-12-31\n\
                 price:\n  monthly: {monthly}\n  escalation: 0.03\n\
                 capacity:\n  power_mw: 10\n  gpus:\n    - model: H100\n      count: {count}\n\
                 sources:\n  - title: Press release {i}\n    url: https://example.com/{i}\n\
                 \x20   publisher: Example News\n    date: 2025-12-01\n\
                 confidence: confirmed\n",
                b = i % 17,
                p = i % 5,
                count = 1000 + i,
            ),
        );
    }
    data
}

/// Every file and folder below `root`: relative path -> bytes (None for a folder).
fn snapshot(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            if fs::symlink_metadata(&path).unwrap().is_dir() {
                stack.push(path);
                out.insert(rel, None);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap()));
            }
        }
    }
    out
}

fn build(data: &DataDir, out: &Path) {
    let run = Dealbook::new()
        .arg("build")
        .arg("--quiet")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(out)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The names in `dir` other than `site`, its lock file (`.site.lock`,
/// which stays beside it as cargo's lock files do) and its cache
/// (`.site.cache`, issue 23).
fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site" && n != ".site.lock" && n != ".site.cache")
        .collect();
    names.sort();
    names
}

/// A small xorshift generator: the delays are random per run (seeded from the
/// clock) and the seed is in every failure message, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn kill_9_at_random_points_never_leaves_a_missing_or_mixed_site() {
    let (old_data, new_data) = (generated(200, 1_000_000), generated(200, 2_500_000));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");

    // The two sites, each built once without interruption.
    build(&new_data, &out);
    let new_site = snapshot(&out);
    let started = Instant::now();
    build(&old_data, &out);
    // How long a whole build takes here: only the range the kill delays are
    // drawn from (no assertion is made on it).
    let whole = started.elapsed().as_micros() as u64;
    let old_site = snapshot(&out);
    assert_ne!(old_site, new_site);

    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let mut outcomes = BTreeMap::<&str, usize>::new();
    for kill in 0..KILLS {
        // Every other kill lands late in the build, where the site is written
        // and swapped; the others anywhere in it.
        let delay = Duration::from_micros(if kill % 2 == 0 {
            rng.below(whole + whole / 5)
        } else {
            whole * 3 / 4 + rng.below(whole / 3)
        });
        let mut child = Command::new(env!("CARGO_BIN_EXE_dealbook"))
            .arg("build")
            .arg("--quiet")
            .arg("--data")
            .arg(new_data.path())
            .arg("--out")
            .arg(&out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        thread::sleep(delay);
        // SIGKILL (`Child::kill` on Unix): no handler, no clean-up runs.
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out);
        let outcome = if now == old_site {
            "old"
        } else if now == new_site {
            "new"
        } else {
            panic!(
                "kill {kill} after {delay:?} (seed {seed}) left a site that is neither \
                 the old nor the new one ({} files)",
                now.len()
            );
        };
        *outcomes.entry(outcome).or_default() += 1;
        if outcome == "new" {
            // Back to the old site, so that the next kill again interrupts a
            // replacement of the old site by the new one.
            build(&old_data, &out);
            assert_eq!(snapshot(&out), old_site, "seed {seed}");
        }
    }
    eprintln!("kills left the old site / the new site: {outcomes:?} (seed {seed})");
    // The next build removes whatever the killed ones left beside the site.
    build(&new_data, &out);
    assert_eq!(snapshot(&out), new_site, "seed {seed}");
    assert_eq!(
        beside(tmp.path()),
        Vec::<String>::new(),
        "left beside the site (seed {seed}, outcomes {outcomes:?})"
    );
}

#[test]
fn the_next_build_removes_a_staging_directory_and_restores_a_site_moved_aside() {
    let data = generated(3, 1_000_000);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&data, &out);
    let site = snapshot(&out);

    // A crash while staging: a half-written staging directory beside the site.
    fs::create_dir_all(tmp.path().join(".site.new-4242/deals")).unwrap();
    fs::write(tmp.path().join(".site.new-4242/deals/x.html"), "half").unwrap();
    build(&data, &out);
    assert_eq!(snapshot(&out), site);
    assert_eq!(beside(tmp.path()), Vec::<String>::new());

    // A crash between the two renames of the fallback swap: no site, the old
    // one moved aside, the new one staged. The next build starts from the old
    // site (restored) and removes the staging directory.
    fs::rename(&out, tmp.path().join(".site.old-4243")).unwrap();
    fs::create_dir_all(tmp.path().join(".site.new-4243")).unwrap();
    let run = Dealbook::new()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every file of the restored site was carried over: nothing changed.
    assert!(run.stderr.contains(", 0 files changed, "), "{}", run.stderr);
    assert_eq!(snapshot(&out), site);
    assert_eq!(beside(tmp.path()), Vec::<String>::new());
}

/// Issue 22: six builds started at once into one output directory take
/// turns on its lock (`.site.lock` beside it, never inside the site): each
/// exits 0, none removes another's staging directory as a leftover, and the
/// site left is complete (byte for byte a build of the data).
#[test]
fn six_concurrent_builds_into_one_directory_all_succeed_and_leave_a_complete_site() {
    let data = generated(40, 1_000_000);
    let tmp = tempfile::tempdir().unwrap();
    let alone = tmp.path().join("alone/site");
    build(&data, &alone);
    let expected = snapshot(&alone);
    let out = tmp.path().join("shared/site");
    let runs: Vec<_> = (0..6)
        .map(|_| {
            let (data, out) = (data.path().to_path_buf(), out.clone());
            thread::spawn(move || {
                Dealbook::new()
                    .arg("build")
                    .arg("--data")
                    .arg(&data)
                    .arg("--out")
                    .arg(&out)
                    .run()
            })
        })
        .collect();
    let waiting = format!(
        "waiting for another build of {}/ to finish\n",
        out.display()
    );
    for run in runs {
        let run = run.join().unwrap();
        assert_eq!(run.code, 0, "{}", run.stderr);
        // At most the one waiting line, then the summary line.
        let rest = run.stderr.strip_prefix(&waiting).unwrap_or(&run.stderr);
        assert!(rest.starts_with("built 67 pages, "), "{}", run.stderr);
        assert_eq!(rest.lines().count(), 1, "{}", run.stderr);
    }
    assert_eq!(snapshot(&out), expected);
    assert_eq!(beside(&tmp.path().join("shared")), Vec::<String>::new());
    assert!(tmp.path().join("shared/.site.lock").is_file());
    assert!(!out.join(".site.lock").exists());
}

/// A build that finds the output locked says so once, waits, and builds
/// when the lock is released.
#[test]
fn a_build_waits_for_the_lock_and_says_so_once() {
    let data = generated(2, 1_000_000);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let lock = fs::File::create(tmp.path().join(".site.lock")).unwrap();
    lock.lock().unwrap();
    let run = {
        let (data, out) = (data.path().to_path_buf(), out.clone());
        thread::spawn(move || {
            Dealbook::new()
                .arg("build")
                .arg("--data")
                .arg(&data)
                .arg("--out")
                .arg(&out)
                .run()
        })
    };
    thread::sleep(Duration::from_millis(1500));
    assert!(!out.exists(), "built while another build held the lock");
    assert!(!run.is_finished());
    lock.unlock().unwrap();
    let run = run.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (first, second) = run.stderr.split_once('\n').unwrap();
    assert_eq!(
        first,
        format!("waiting for another build of {}/ to finish", out.display())
    );
    assert!(second.starts_with("built 11 pages, "), "{}", run.stderr);
    assert!(out.join("index.html").is_file());
}
