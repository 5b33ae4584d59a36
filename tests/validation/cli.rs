//! SPEC.md section 9: exit codes (1 bad data, 2 bad arguments), a failed build
//! that leaves the output as it was, and hostile inputs that must not make the
//! build write outside its output directory.

use std::fs;
use std::path::Path;

use super::{Case, assert_output, out_dir, previous_site, tree};
use crate::common::Dealbook;

#[test]
fn malformed_as_of_is_a_bad_argument() {
    let case = Case::base();
    let (_tmp, out) = out_dir();
    let run = case.build(&out, &["--as-of", "2026-6-1"]);
    assert_output(
        &run,
        2,
        "error: invalid value '2026-6-1' for '--as-of <DATE>': expected a date written YYYY-MM-DD, found \"2026-6-1\"\n\
         \n\
         For more information, try '--help'.\n",
        "build --as-of 2026-6-1",
    );
    assert!(
        !out.exists(),
        "a build with a bad argument created its output"
    );

    let run = Dealbook::new()
        .args(["check", "--as-of", "2026-02-30", "--data"])
        .arg(case.path())
        .run();
    assert_output(
        &run,
        2,
        "error: invalid value '2026-02-30' for '--as-of <DATE>': expected a date written YYYY-MM-DD, found \"2026-02-30\"\n\
         \n\
         For more information, try '--help'.\n",
        "check --as-of 2026-02-30",
    );
}

#[test]
fn unknown_flag_is_a_bad_argument() {
    let run = Dealbook::new().args(["check", "--strict"]).run();
    assert_output(
        &run,
        2,
        "error: unexpected argument '--strict' found\n\
         \n\
         Usage: dealbook check [OPTIONS]\n\
         \n\
         For more information, try '--help'.\n",
        "check --strict",
    );
}

#[test]
fn missing_data_directory() {
    let case = Case::base();
    let missing = case.path().join("no-such-dir");
    let run = Dealbook::new()
        .arg("check")
        .arg("--data")
        .arg(&missing)
        .run();
    let expected = format!(
        "error: {}: expected a data directory, found nothing at this path\n1 error in the data\n",
        missing.display()
    );
    assert_output(&run, 1, &expected, "check --data <missing>");

    // The default `--data data`, named as given, in a folder without one.
    let run = Dealbook::new().arg("check").run();
    assert_output(
        &run,
        1,
        "error: data: expected a data directory, found nothing at this path\n1 error in the data\n",
        "check without data/",
    );
}

#[test]
fn data_directory_that_is_a_file() {
    let case = Case::base();
    let file = case.path().join("site.yaml");
    let run = Dealbook::new().arg("check").arg("--data").arg(&file).run();
    let expected = format!(
        "error: {}: expected a data directory, found a file\n1 error in the data\n",
        file.display()
    );
    assert_output(&run, 1, &expected, "check --data site.yaml");
}

/// `--out` must not delete a folder that is not an earlier site (`--out data`,
/// `--out ~`): refused as a bad argument, and the folder is left alone.
#[test]
fn out_that_is_not_a_site_is_refused() {
    let case = Case::base();
    let (_tmp, out) = out_dir();
    fs::create_dir_all(out.join("notes")).unwrap();
    fs::write(out.join("notes/todo.txt"), "keep me\n").unwrap();
    let before = tree(out.parent().unwrap());
    let run = case.build(&out, &[]);
    let expected = format!(
        "error: --out {} is a non-empty directory that is not a dealbook site; refusing to replace it\n",
        out.display()
    );
    assert_output(&run, 2, &expected, "build --out <not a site>");
    assert_eq!(tree(out.parent().unwrap()), before);
}

#[test]
fn out_that_is_a_file_is_refused() {
    let case = Case::base();
    let (_tmp, out) = out_dir();
    fs::write(&out, "not a folder\n").unwrap();
    let before = tree(out.parent().unwrap());
    let run = case.build(&out, &[]);
    let expected = format!(
        "error: --out {} exists and is not a directory\n",
        out.display()
    );
    assert_output(&run, 2, &expected, "build --out <file>");
    assert_eq!(tree(out.parent().unwrap()), before);
}

/// A real site from an earlier build survives a failed build byte for byte.
#[test]
fn failed_build_keeps_the_previous_real_site() {
    let (_tmp, out) = out_dir();
    let run = Case::base().build(&out, &[]);
    assert_eq!(run.code, 0, "base build failed:\n{}", run.stderr);
    assert!(out.join("deals/alpha.html").is_file());
    let before = tree(out.parent().unwrap());

    let case = Case::invalid("end-before-start");
    let run = case.build(&out, &[]);
    let expected = case.stderr(&[
        "deals/alpha.yaml:7:6: `end`: expected a date on or after `start` (2026-01-01), found 2025-12-31",
    ]);
    assert_output(&run, 1, &expected, "build over a real site");
    assert_eq!(tree(out.parent().unwrap()), before);
}

/// `id: ../../evil` would make `deals/../../evil.html` land beside the output
/// directory; the id rule refuses it and nothing is written anywhere (the
/// `fails` harness compares the output's parent folder before and after).
#[test]
fn hostile_id_cannot_write_outside_the_output() {
    let case = Case::invalid("id-path-traversal");
    case.fails(&[
        "deals/alpha.yaml:1:5: `id`: expected an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit), found \"../../evil\"",
    ]);
    // Also a facility reference that tries to climb out of facilities/.
    let alpha = fs::read_to_string(case.path().join("deals/alpha.yaml"))
        .unwrap()
        .replace("id: ../../evil\n", "id: alpha\n")
        .replace("end: 2027-12-31\n", "end: 2027-12-31\nfacility: ../site\n");
    let case = case.with_file("deals/alpha.yaml", &alpha);
    let (_tmp, out) = out_dir();
    previous_site(&out);
    let before = tree(out.parent().unwrap());
    let run = case.build(&out, &[]);
    let expected = case.stderr(&[
        "deals/alpha.yaml:8:11: `facility`: expected an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit), found \"../site\"",
    ]);
    assert_output(&run, 1, &expected, "build with facility: ../site");
    assert_eq!(tree(out.parent().unwrap()), before);
}

/// A working directory holding `data/` (a copy of the valid fixture).
fn cwd_with_data() -> tempfile::TempDir {
    let cwd = tempfile::Builder::new()
        .prefix("dealbook-cwd-")
        .tempdir()
        .expect("temp cwd");
    crate::common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        &cwd.path().join("data"),
    );
    cwd
}

#[test]
fn build_defaults_to_data_and_site_in_the_working_directory() {
    let cwd = cwd_with_data();
    let data_before = tree(&cwd.path().join("data"));
    let run = Dealbook::new().arg("build").run_in(cwd.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = cwd.path().join("site");
    for file in ["index.html", "data/metrics.json", "data/deals.csv"] {
        assert!(site.join(file).is_file(), "site/{file} missing");
    }
    // nothing else is created beside them but the build's lock file and
    // its cache, and the data is untouched
    let mut names: Vec<String> = fs::read_dir(cwd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".site.cache", ".site.lock", "data", "site"]);
    assert_eq!(tree(&cwd.path().join("data")), data_before);
}

#[test]
fn check_leaves_the_working_directory_and_the_data_directory_byte_identical() {
    // check with the default --data (data/ inside the working directory)
    let cwd = cwd_with_data();
    let before = tree(cwd.path());
    let run = Dealbook::new().arg("check").run_in(cwd.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("read"), "a summary: {}", run.stdout);
    assert_eq!(tree(cwd.path()), before, "check changed its directory");

    // check with --data elsewhere: neither directory changes
    let case = Case::base();
    let (data_before, cwd_before) = (tree(case.path()), tree(cwd.path()));
    let run = Dealbook::new()
        .arg("check")
        .arg("--data")
        .arg(case.path())
        .run_in(cwd.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tree(case.path()), data_before, "check changed --data");
    assert_eq!(tree(cwd.path()), cwd_before, "check wrote into its cwd");
}

/// `check --format json` of `case`: exit code 1, under 1 kB, and the error
/// list, each error naming `file`.
#[track_caller]
fn json_errors(case: &Case, file: &str) -> Vec<serde_json::Value> {
    let run = Dealbook::new()
        .args(["check", "--format", "json", "--data"])
        .arg(case.path())
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.len() < 1024, "{} bytes", run.stdout.len());
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors = value["errors"].as_array().unwrap().clone();
    for e in &errors {
        assert_eq!(
            e["file"].as_str().unwrap(),
            case.path().join(file).display().to_string()
        );
    }
    errors
}

/// Issue 22: a 5 MB text file that is not YAML, given as a deal: one error
/// under 1 kB (text and JSON), quoting at most 80 characters of its first
/// line, never the rest of the file.
#[test]
fn a_five_megabyte_text_file_as_a_deal_is_one_short_error() {
    let line = "lorem ipsum dolor sit amet, consectetur adipiscing elit sed do eiusmod tempor\n";
    let mut text = String::from(
        "The start of a long text that is no deal record at all and goes on and on.\n",
    );
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(line);
    }
    text.push_str("SECRET at the end\n");
    let case = Case::base().with_file("deals/gamma.yaml", &text);
    case.fails(&[
        "deals/gamma.yaml:1:1: deal: expected a mapping, found \"The start of a long text that is no deal record at all and goes on and on. lorem…\"",
    ]);
    let run = case.check();
    assert!(run.stderr.len() < 1024, "{} bytes", run.stderr.len());
    let errors = json_errors(&case, "deals/gamma.yaml");
    assert_eq!(errors.len(), 1);
    assert!(!errors[0]["message"].as_str().unwrap().contains("SECRET"));
}

/// Issue 22: binary files as a deal (invalid UTF-8, and control bytes that
/// are valid UTF-8): one short error each, naming the file.
#[test]
fn a_binary_file_as_a_deal_is_one_short_error() {
    let case = Case::base();
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
    fs::write(case.path().join("deals/gamma.yaml"), &bytes).unwrap();
    case.fails(&["deals/gamma.yaml: expected UTF-8 text, found invalid bytes"]);
    assert_eq!(json_errors(&case, "deals/gamma.yaml").len(), 1);

    bytes = (0..128u8).cycle().take(1 << 20).collect();
    fs::write(case.path().join("deals/gamma.yaml"), &bytes).unwrap();
    case.fails(&["deals/gamma.yaml:1:1: invalid YAML: unexpected character: `\\u{0}'"]);
    assert_eq!(json_errors(&case, "deals/gamma.yaml").len(), 1);
}

// Issue 24: the installers and the CI recipes check the installed version
// with `dealbook --version`.
#[test]
fn version_prints_the_package_version() {
    let run = Dealbook::new().arg("--version").run();
    assert_output(&run, 0, "", "dealbook --version (stderr)");
    assert_eq!(
        run.stdout,
        format!("dealbook {}\n", env!("CARGO_PKG_VERSION"))
    );
}
