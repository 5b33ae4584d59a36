//! The usage cache of `build` (`.<out>.cache/` beside the output): reused
//! while nothing it depends on changed, read again when a usage file or a
//! deal's schedule changed, rebuilt with a notice when it cannot be read.

use std::fs;
use std::path::Path;

use crate::common::Output;
use crate::validation::{Case, out_dir};

/// used_gpu_hours of `deal` in `month`, from the deal's schedule CSV.
#[track_caller]
fn used(out: &Path, deal: &str, month: &str) -> String {
    let text = fs::read_to_string(out.join(format!("data/schedule/{deal}.csv"))).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|cells| cells[at("month")] == month)
        .map(|cells| cells[at("used_gpu_hours")].to_string())
        .unwrap_or_else(|| panic!("no month {month} in {deal}'s schedule"))
}

#[track_caller]
fn ok(run: Output) -> Output {
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

fn notices(run: &Output) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("notice:"))
        .collect()
}

#[test]
fn a_changed_usage_file_is_read_again() {
    let case = Case::base().with_file("usage/u.csv", "deal,month,gpu_hours\nalpha,2026-03,1000\n");
    let (_tmp, out) = out_dir();
    let first = ok(case.build(&out, &[]));
    assert!(notices(&first).is_empty(), "{}", first.stderr);
    assert_eq!(used(&out, "alpha", "2026-03"), "1000");
    let cache = out.parent().unwrap().join(".site.cache/usage.json");
    assert!(cache.is_file(), "no cache beside the site");
    assert!(!out.join(".site.cache").exists());

    // Nothing changed: the same figures from the cache.
    ok(case.build(&out, &[]));
    assert_eq!(used(&out, "alpha", "2026-03"), "1000");

    // The same size, other bytes.
    let case = case.with_file("usage/u.csv", "deal,month,gpu_hours\nalpha,2026-03,2000\n");
    ok(case.build(&out, &[]));
    assert_eq!(used(&out, "alpha", "2026-03"), "2000");

    // Another size.
    let case = case.with_file("usage/u.csv", "deal,month,gpu_hours\nalpha,2026-03,30000\n");
    ok(case.build(&out, &[]));
    assert_eq!(used(&out, "alpha", "2026-03"), "30000");

    // Touched but not changed: still the right figure.
    let file = fs::File::options()
        .write(true)
        .open(case.path().join("usage/u.csv"))
        .unwrap();
    file.set_modified(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1))
        .unwrap();
    ok(case.build(&out, &[]));
    assert_eq!(used(&out, "alpha", "2026-03"), "30000");
}

#[test]
fn a_changed_deal_term_checks_the_usage_again() {
    let case = Case::base().with_file("usage/u.csv", "deal,month,gpu_hours\nalpha,2027-12,1000\n");
    let (_tmp, out) = out_dir();
    ok(case.build(&out, &[]));
    assert_eq!(used(&out, "alpha", "2027-12"), "1000");
    // alpha now ends in June 2027: its December usage is outside the schedule.
    let alpha = case.path().join("deals/alpha.yaml");
    let text = fs::read_to_string(&alpha).unwrap();
    fs::write(&alpha, text.replace("end: 2027-12-31", "end: 2027-06-30")).unwrap();
    let run = case.build(&out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("usage/u.csv"), "{}", run.stderr);
    assert!(run.stderr.contains("2027-12"), "{}", run.stderr);
    // Put back: read again, and right.
    fs::write(&alpha, text).unwrap();
    ok(case.build(&out, &[]));
    assert_eq!(used(&out, "alpha", "2027-12"), "1000");
}

#[test]
fn a_damaged_cache_is_rebuilt_with_a_one_line_notice() {
    let case = Case::base().with_file("usage/u.csv", "deal,month,gpu_hours\nalpha,2026-03,1000\n");
    let (_tmp, out) = out_dir();
    ok(case.build(&out, &[]));
    let cache = out.parent().unwrap().join(".site.cache/usage.json");
    let good = fs::read_to_string(&cache).unwrap();
    assert!(good.starts_with("dealbook usage cache "), "{good}");

    // A figure changed by hand (the header's hash no longer matches), a
    // truncated file, and bytes that are not a cache at all.
    for damaged in [
        good.replace("\"1000", "\"2000"),
        good[..good.len() / 2].to_string(),
        "\u{0}\u{1}garbage".to_string(),
    ] {
        fs::write(&cache, &damaged).unwrap();
        let run = ok(case.build(&out, &[]));
        let notices = notices(&run);
        assert_eq!(notices.len(), 1, "{}", run.stderr);
        assert!(
            notices[0].starts_with(&format!(
                "notice: cannot use the cache {} (",
                cache.display()
            )),
            "{}",
            notices[0]
        );
        assert!(notices[0].ends_with("); rebuilding it"), "{}", notices[0]);
        assert_eq!(used(&out, "alpha", "2026-03"), "1000");
        // Rebuilt: the next build reads it without a notice.
        let again = ok(case.build(&out, &[]));
        assert!(self::notices(&again).is_empty(), "{}", again.stderr);
        assert_eq!(used(&out, "alpha", "2026-03"), "1000");
    }
}

/// Every file below `dir`, relative path -> bytes.
fn contents(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
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
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The guard of issue 23: a build into the earlier site, which keeps the
/// pages whose view did not change and reuses the usage cache, gives byte
/// for byte the site a fresh build of the same data gives, after each edit.
#[test]
fn a_build_into_the_earlier_site_is_a_fresh_build_after_every_edit() {
    let case = Case::base()
        .with_file("usage/u.csv", "deal,month,gpu_hours\nalpha,2026-03,1000\n")
        .with_file(
            "parties.yaml",
            "parties:\n  - name: Alpha Labs\n    aliases: [Beta Corp]\n",
        );
    let (_tmp, out) = out_dir();
    ok(case.build(&out, &[]));
    let replace = |rel: &str, from: &str, to: &str| {
        let path = case.path().join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let edits: [(&str, &dyn Fn()); 6] = [
        ("nothing", &|| {}),
        ("a deal's price", &|| {
            replace("deals/alpha.yaml", "monthly: 1000000", "monthly: 1500000")
        }),
        ("a party alias", &|| {
            replace(
                "parties.yaml",
                "aliases: [Beta Corp]",
                "aliases: [Provider Co]",
            )
        }),
        ("site.yaml", &|| {
            replace(
                "site.yaml",
                "title: Validation fixtures",
                "title: Other title",
            )
        }),
        ("a usage file", &|| replace("usage/u.csv", ",1000", ",2500")),
        ("a deleted deal", &|| {
            fs::remove_file(case.path().join("deals/alpha.yaml")).unwrap();
            fs::remove_file(case.path().join("usage/u.csv")).unwrap();
        }),
    ];
    for (what, edit) in edits {
        edit();
        ok(case.build(&out, &[]));
        let (_fresh_tmp, fresh) = out_dir();
        ok(case.build(&fresh, &[]));
        let (built, want) = (contents(&out), contents(&fresh));
        assert_eq!(
            built.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "after {what}: other files"
        );
        for (rel, bytes) in &want {
            assert!(
                built[rel] == *bytes,
                "after {what}: {rel} differs from a fresh build"
            );
        }
    }
}

/// A page kept from the earlier site is the earlier site's file only while
/// that file is as the build left it: one changed by hand is rendered again.
#[test]
fn a_page_changed_by_hand_in_the_output_is_rendered_again() {
    let case = Case::base();
    let (_tmp, out) = out_dir();
    ok(case.build(&out, &[]));
    let page = out.join("deals/beta.html");
    let good = fs::read(&page).unwrap();
    fs::write(&page, b"changed by hand").unwrap();
    ok(case.build(&out, &[]));
    assert_eq!(fs::read(&page).unwrap(), good);
}
