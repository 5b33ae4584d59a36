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

#[test]
fn new_site_is_a_valid_data_directory_that_builds() {
    let tmp = DataDir::new();
    let dir = tmp.path().join("mysite");
    let run = Dealbook::new().args(["new", "site"]).arg(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files: Vec<String> = walk(&dir);
    files.sort();
    assert_eq!(
        files,
        [
            "README.md",
            "deals/microsoft-nscale.yaml",
            "gpus.yaml",
            "site.yaml"
        ]
    );
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("dealbook check --data {}", dir.display())),
        "{readme}"
    );
    let run = Dealbook::new().arg("check").arg("--data").arg(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("1 deal, 0 facilities, 0 usage rows read"),
        "{}",
        run.stdout
    );
    let out = tmp.path().join("out");
    let run = Dealbook::new()
        .arg("build")
        .arg("--data")
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("deals/microsoft-nscale.html").is_file());

    // A second run writes nothing into the now non-empty directory.
    let site_yaml = fs::read_to_string(dir.join("site.yaml")).unwrap();
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
        fs::read_to_string(dir.join("site.yaml")).unwrap(),
        site_yaml
    );
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
