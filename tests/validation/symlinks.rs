//! Symbolic links in the data directory (issue 11): a deal, facility, usage or
//! market file that is a link to a regular file inside the data directory is
//! read like the file; a link that cannot be followed (dangling, or a loop)
//! is an error naming it. Issue 22: a link that resolves outside the data
//! directory is refused, naming the link and quoting nothing of its target,
//! so that a pull request cannot make CI read or print a file of the runner.

use std::fs;
use std::os::unix::fs::symlink;

use super::Case;
use crate::common::{build, num};

/// Moves `rel` of the case into `<data>/shared/` (still inside the data
/// directory) and puts a relative symbolic link to it in its place.
fn link_within(case: &Case, rel: &str) {
    let inside = case.path().join(rel);
    let shared = case.path().join("shared");
    fs::create_dir_all(&shared).unwrap();
    let name = rel.replace('/', "-");
    fs::rename(&inside, shared.join(&name)).unwrap();
    symlink(format!("../shared/{name}"), &inside).unwrap();
}

#[test]
fn a_symlinked_deal_facility_and_usage_file_inside_the_data_directory_are_read() {
    let case = Case::base().with_file(
        "usage/telemetry.csv",
        "deal,month,gpu_hours\nalpha,2026-01,2640\nbeta,2026-03,10\n",
    );
    for rel in [
        "deals/alpha.yaml",
        "facilities/cluster-a.yaml",
        "usage/telemetry.csv",
    ] {
        link_within(&case, rel);
    }
    case.passes();
    let built = build(&case.data);
    assert_eq!(built.deal("alpha")["id"], "alpha");
    // alpha's January usage came through the linked usage file, and beta (whose
    // capacity comes from the linked facility) has its usage too.
    let jan = built.schedule("alpha")[0];
    assert_eq!(jan["month"], "2026-01");
    assert_eq!(num(jan, "used_gpu_hours"), Some(2640.0));
    assert!(built.page("deals/alpha.html").contains("Alpha leases GPUs"));
}

/// What every refused link says.
const OUTSIDE: &str = "expected a file inside the data directory, found a symbolic link that points outside it (links that leave the data directory are refused: copy the file in)";

#[test]
fn links_that_leave_the_data_directory_are_refused_naming_the_link() {
    let elsewhere = tempfile::tempdir().unwrap();
    let case = Case::base();
    // A deal that is /etc/passwd, a facility and a usage table elsewhere, and
    // a page below a linked folder.
    symlink("/etc/passwd", case.path().join("deals/gamma.yaml")).unwrap();
    let facility = elsewhere.path().join("far.yaml");
    fs::copy(case.path().join("facilities/cluster-a.yaml"), &facility).unwrap();
    symlink(&facility, case.path().join("facilities/far.yaml")).unwrap();
    fs::create_dir(case.path().join("usage")).unwrap();
    fs::write(elsewhere.path().join("u.csv"), "deal,month,gpu_hours\n").unwrap();
    symlink(
        elsewhere.path().join("u.csv"),
        case.path().join("usage/u.csv"),
    )
    .unwrap();
    fs::create_dir(elsewhere.path().join("pages")).unwrap();
    fs::write(elsewhere.path().join("pages/about.md"), "# secret\n").unwrap();
    symlink(elsewhere.path().join("pages"), case.path().join("pages")).unwrap();
    case.fails(&[
        &format!("deals/gamma.yaml: {OUTSIDE}"),
        &format!("facilities/far.yaml: {OUTSIDE}"),
        &format!("pages/about.md: {OUTSIDE}"),
        &format!("usage/u.csv: {OUTSIDE}"),
    ]);
}

/// Issue 22: a deal that is a link to /etc/passwd: the error (text and
/// `check --format json`) names the link, is under 1 kB, and quotes nothing
/// of the file.
#[test]
fn a_deal_linked_to_etc_passwd_is_refused_without_quoting_it() {
    let case = Case::base();
    symlink("/etc/passwd", case.path().join("deals/gamma.yaml")).unwrap();
    let run = case.check();
    assert_eq!(run.code, 1);
    assert!(run.stderr.len() < 1024, "{}", run.stderr.len());
    assert!(!run.stderr.contains("root"), "{}", run.stderr);
    let json = crate::common::Dealbook::new()
        .args(["check", "--format", "json", "--data"])
        .arg(case.path())
        .run();
    assert_eq!(json.code, 1);
    assert!(json.stdout.len() < 1024, "{}", json.stdout.len());
    assert!(!json.stdout.contains("root"), "{}", json.stdout);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let error = &value["errors"][0];
    assert!(
        error["file"]
            .as_str()
            .unwrap()
            .ends_with("/deals/gamma.yaml")
    );
    assert_eq!(error["message"], OUTSIDE);
}

#[test]
fn a_dangling_deal_link_is_an_error_naming_it() {
    let case = Case::base();
    symlink(
        case.path().join("deals/missing-target.yaml"),
        case.path().join("deals/gamma.yaml"),
    )
    .unwrap();
    case.fails(&[
        "deals/gamma.yaml: expected a file, found a symbolic link to nothing (its target does not exist)",
    ]);
}

#[test]
fn a_dangling_usage_link_is_an_error_naming_it() {
    let case = Case::base();
    fs::create_dir(case.path().join("usage")).unwrap();
    symlink(
        "/nonexistent/telemetry.parquet",
        case.path().join("usage/telemetry.parquet"),
    )
    .unwrap();
    case.fails(&[
        "usage/telemetry.parquet: expected a file, found a symbolic link to nothing (its target does not exist)",
    ]);
}

#[test]
fn a_symlink_loop_is_an_error_naming_it() {
    let case = Case::base();
    symlink("loop.yaml", case.path().join("facilities/loop.yaml")).unwrap();
    case.fails(&[
        "facilities/loop.yaml: expected a file, found a symbolic link that cannot be followed: Too many levels of symbolic links (os error 40)",
    ]);
}
