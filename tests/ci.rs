//! `.ci/run`, what CI runs: no step can be skipped (a renamed script fails
//! CI instead of being passed over), cargo builds what Cargo.lock pins, the
//! README's test command is among the steps, and property tests draw from a
//! fixed seed so that a CI failure reproduces.

use std::fs;
use std::path::Path;

fn script() -> (String, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join(".ci/run")).expect("read .ci/run");
    let commands = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    (text, commands)
}

#[test]
fn ci_stops_at_the_first_failing_step() {
    let (_, commands) = script();
    assert!(
        commands.iter().any(|c| c == "set -euo pipefail"),
        ".ci/run must stop at the first failure"
    );
    for c in &commands {
        for skip in [
            "[ -f", "[ -e", "[ -x", "test -f", "test -e", "|| true", "|| :",
        ] {
            assert!(
                !c.contains(skip),
                ".ci/run has a step that can be skipped: {c:?}"
            );
        }
    }
}

#[test]
fn every_script_ci_runs_exists() {
    let (_, commands) = script();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut scripts = 0;
    for c in &commands {
        for word in c.split_whitespace() {
            if word.starts_with(".ci/") {
                scripts += 1;
                assert!(
                    root.join(word).is_file(),
                    ".ci/run runs {word}, which is missing"
                );
            }
        }
    }
    assert!(
        scripts > 0,
        ".ci/run runs no script of .ci/ (the site checks)"
    );
}

#[test]
fn ci_builds_with_the_locked_dependencies_and_runs_the_readme_test_command() {
    let (text, commands) = script();
    let cargo: Vec<&String> = commands
        .iter()
        .filter(|c| c.starts_with("cargo ") && !c.starts_with("cargo fmt"))
        .collect();
    assert!(cargo.len() >= 3, "cargo steps: {cargo:?}");
    for c in &cargo {
        assert!(c.contains(" --locked"), "{c:?} is not --locked");
    }
    assert!(
        commands.iter().any(|c| c.starts_with("cargo test")),
        "the README's `cargo test` is not run"
    );
    assert!(
        text.contains("export PROPTEST_RNG_SEED="),
        "property tests are not seeded in CI"
    );
}

/// The commands of `.ci/site-checks.sh`, continuation lines joined.
fn site_checks() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join(".ci/site-checks.sh")).expect("read site-checks.sh");
    text.replace("\\\n", " ")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

// Issue 12: every page of the built site is checked in the four
// combinations (pages added later are covered as they land), the keyboard
// test runs, and issue 10's live-reload check of `serve` runs on every CI
// run, not only when asked for.
#[test]
fn the_site_checks_cover_every_page_and_run_the_serve_check() {
    let commands = site_checks();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runs = |script: &str| -> Vec<&String> {
        assert!(
            root.join(".ci").join(script).is_file(),
            ".ci/{script} is missing"
        );
        commands
            .iter()
            .filter(|c| c.contains(&format!("node \"$repo/.ci/{script}\"")))
            .collect()
    };
    let browser = runs("browser-check.mjs");
    assert!(
        browser
            .iter()
            .any(|c| c.ends_with("\"$site\"") && !c.contains("BROWSER_CHECK_COMBOS")),
        "no browser check of the site in all four combinations: {browser:?}"
    );
    assert_eq!(runs("keyboard-check.mjs").len(), 1);
    assert_eq!(runs("serve-check.mjs").len(), 1);
    for c in &commands {
        assert!(
            !c.contains("BROWSER_CHECK_PAGES"),
            "the browser check is limited to some pages: {c:?}"
        );
    }
}
