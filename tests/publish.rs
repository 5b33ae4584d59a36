//! The publishing examples in `examples/ci/`: the shell steps of the GitHub
//! Actions workflow and of the GitLab CI file, run locally against a
//! temporary git repository with two commits (main, then a branch that
//! changes a deal). Platform actions (`uses:`) are not run; `gh`, `curl`
//! and `cargo` are stand-ins that record what they were asked to do, and the
//! "Install dealbook" steps install the binary under test: `curl` downloads
//! an installer that links it (as the release's installer would), or finds
//! no release (STAND_IN_NO_RELEASE) and `cargo install` links it instead.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::copy_tree;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/ci");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid");

fn yaml(name: &str) -> Value {
    let text = fs::read_to_string(Path::new(EXAMPLES).join(name)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[track_caller]
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Analyst")
        .env("GIT_AUTHOR_EMAIL", "analyst@example.com")
        .env("GIT_COMMITTER_NAME", "Analyst")
        .env("GIT_COMMITTER_EMAIL", "analyst@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A scratch folder with `origin` (main: the valid fixture as data/; branch
/// `more-alpha`: alpha's price doubled), `work` (a clone of it on the
/// branch, as a CI checkout), a `bin` of stand-ins and a `log` of them.
struct Repo {
    tmp: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let tmp = tempfile::Builder::new()
            .prefix("dealbook-publish-")
            .tempdir()
            .unwrap();
        let origin = tmp.path().join("origin");
        copy_tree(Path::new(FIXTURE), &origin.join("data"));
        git(&origin, &["init", "-q", "-b", "main"]);
        git(&origin, &["add", "-A"]);
        git(&origin, &["commit", "-q", "-m", "data"]);
        git(&origin, &["checkout", "-q", "-b", "more-alpha"]);
        let alpha = origin.join("data/deals/alpha.yaml");
        let text = fs::read_to_string(&alpha).unwrap();
        fs::write(&alpha, text.replace("monthly: 1000000", "monthly: 2000000")).unwrap();
        git(&origin, &["commit", "-q", "-am", "alpha doubles"]);
        git(&origin, &["checkout", "-q", "main"]);
        git(
            tmp.path(),
            &["clone", "-q", "-b", "more-alpha", "origin", "work"],
        );

        let bin = tmp.path().join("bin");
        fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_dealbook"), bin.join("dealbook")).unwrap();
        // gh: `--edit-last` fails as when the bot has not commented yet.
        stand_in(
            &bin,
            "gh",
            r#"echo "gh $*" >> "$STAND_IN_LOG"
prev=""
for a in "$@"; do
  if [ "$prev" = "--body-file" ]; then cp "$a" "$STAND_IN_BODY"; fi
  prev="$a"
done
case " $* " in *" --edit-last "*) echo "no comment to edit" >&2; exit 1 ;; esac"#,
        );
        stand_in(
            &bin,
            "curl",
            r#"echo "curl $*" >> "$STAND_IN_LOG"
prev=""
for a in "$@"; do
  case "$a" in body@*) cp "${a#body@}" "$STAND_IN_BODY" ;; esac
  if [ "$prev" = "-o" ]; then
    if [ -n "${STAND_IN_NO_RELEASE:-}" ]; then echo "curl: (22) 404" >&2; exit 22; fi
    printf '%s\n' 'mkdir -p "$DEALBOOK_UNMANAGED_INSTALL"' \
      "ln -s '$(command -v dealbook)' \"\$DEALBOOK_UNMANAGED_INSTALL/dealbook\"" > "$a"
  fi
  prev="$a"
done"#,
        );
        stand_in(
            &bin,
            "cargo",
            r#"echo "cargo $*" >> "$STAND_IN_LOG"
prev=""
for a in "$@"; do
  if [ "$prev" = "--root" ]; then mkdir -p "$a/bin"; ln -s "$(command -v dealbook)" "$a/bin/dealbook"; fi
  prev="$a"
done"#,
        );
        fs::create_dir_all(tmp.path().join("runner")).unwrap();
        fs::create_dir_all(tmp.path().join("home")).unwrap();
        Repo { tmp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn log(&self) -> String {
        fs::read_to_string(self.path("log")).unwrap_or_default()
    }

    fn body(&self) -> String {
        fs::read_to_string(self.path("body")).unwrap()
    }

    /// Runs `script` as CI would (bash, -e and pipefail) in the checkout.
    #[track_caller]
    fn run(&self, script: &str, env: &BTreeMap<String, String>) -> std::process::Output {
        assert!(
            !script.contains("${{"),
            "a CI expression inside a shell step (pass it through env): {script}"
        );
        let path = format!(
            "{}:{}",
            self.path("bin").display(),
            std::env::var("PATH").unwrap()
        );
        Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(self.path("work"))
            .env("PATH", path)
            .env("STAND_IN_LOG", self.path("log"))
            .env("STAND_IN_BODY", self.path("body"))
            .envs(env)
            .output()
            .unwrap()
    }
}

fn stand_in(bin: &Path, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = bin.join(name);
    fs::write(&path, format!("#!/usr/bin/env bash\nset -e\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// The value a GitHub expression takes in this test; unknown ones fail.
#[track_caller]
fn github_expression(value: &str) -> String {
    match value {
        "${{ github.base_ref }}" => "main",
        "${{ github.event.pull_request.number }}" => "7",
        "${{ github.token }}" => "test-token",
        "${{ github.repository }}" => "acme/deals",
        other => panic!("no value for {other} in this test"),
    }
    .to_string()
}

/// Runs a GitHub job's shell steps in order (the workflow's `env` set, the
/// cache always missing); returns each step's name and output.
#[track_caller]
fn run_github_job(
    repo: &Repo,
    workflow: &Value,
    job: &str,
    extra: &[(&str, &str)],
) -> Vec<(String, std::process::Output)> {
    let mut outputs = Vec::new();
    for step in workflow["jobs"][job]["steps"].as_array().unwrap() {
        let Some(script) = step["run"].as_str() else {
            assert!(
                step["uses"].is_string(),
                "a step that neither runs nor uses: {step}"
            );
            continue;
        };
        let name = step["name"].as_str().unwrap().to_string();
        if let Some(condition) = step["if"].as_str() {
            assert_eq!(
                condition, "steps.dealbook-cache.outputs.cache-hit != 'true'",
                "{name}"
            );
        }
        let mut env: BTreeMap<String, String> = [
            ("RUNNER_TEMP", repo.path("runner")),
            ("GITHUB_PATH", repo.path("runner/github_path")),
            ("GITHUB_STEP_SUMMARY", repo.path("runner/summary.md")),
            ("HOME", repo.path("home")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.display().to_string()))
        .collect();
        for (k, v) in workflow["env"].as_object().unwrap() {
            env.insert(k.clone(), v.as_str().unwrap().to_string());
        }
        for (k, v) in extra {
            env.insert(k.to_string(), v.to_string());
        }
        if let Some(vars) = step["env"].as_object() {
            for (k, v) in vars {
                env.insert(k.clone(), github_expression(v.as_str().unwrap()));
            }
        }
        let out = repo.run(script, &env);
        assert!(
            out.status.success(),
            "step {name:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push((name, out));
    }
    outputs
}

#[test]
fn github_workflow_checks_diffs_comments_and_deploys() {
    let workflow = yaml("github-workflow.yml");
    assert_eq!(
        workflow["on"]["pull_request"]["paths"],
        serde_json::json!(["data/**"])
    );
    assert_eq!(
        workflow["on"]["push"]["branches"],
        serde_json::json!(["main"])
    );
    let repo = Repo::new();

    let review = &workflow["jobs"]["review"];
    assert_eq!(review["permissions"]["pull-requests"], "write");
    let steps: Vec<String> = run_github_job(&repo, &workflow, "review", &[])
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        steps,
        [
            "Install dealbook ${{ env.DEALBOOK_VERSION }}",
            "Put dealbook on the PATH",
            "Check the data",
            "Diff the figures against the base branch",
            "Post the diff as a comment"
        ]
    );
    let body = repo.body();
    // The comment is dealbook's diff of main's data against the branch's.
    let expected = Command::new(env!("CARGO_BIN_EXE_dealbook"))
        .arg("diff")
        .arg(repo.path("runner/base/data"))
        .arg(repo.path("work/data"))
        .output()
        .unwrap();
    assert_eq!(body, String::from_utf8(expected.stdout).unwrap());
    assert!(body.contains("\n### `alpha` Alpha leases GPUs\n"), "{body}");
    assert!(
        body.contains("| `total_usd` | $23.4M → $46.7M | +$23.4M (+100%) |"),
        "{body}"
    );
    assert_eq!(
        fs::read_to_string(repo.path("runner/summary.md")).unwrap(),
        body
    );
    let body_file = repo.path("runner/diff.md").display().to_string();
    let installer = repo
        .path("runner/dealbook-installer.sh")
        .display()
        .to_string();
    assert_eq!(
        repo.log(),
        format!(
            "curl --proto =https --tlsv1.2 -LsSf https://github.com/dealbook-dev/dealbook/releases/download/v{v}/dealbook-installer.sh -o {installer}\n\
             gh pr comment 7 --body-file {body_file} --edit-last\n\
             gh pr comment 7 --body-file {body_file}\n",
            v = env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(
        fs::read_to_string(repo.path("runner/github_path")).unwrap(),
        format!("{}\n", repo.path("home/.dealbook/bin").display())
    );

    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["permissions"]["pages"], "write");
    fs::remove_dir_all(repo.path("home/.dealbook")).unwrap();
    run_github_job(&repo, &workflow, "deploy", &[]);
    let index = fs::read_to_string(repo.path("work/_site/index.html")).unwrap();
    assert!(
        index.contains("href=\"/deals/deals/alpha.html\""),
        "links not under /deals/"
    );
}

// Issue 24: the workflow installs a pinned release, and a fork without
// releases builds the same tag from source instead of failing.
#[test]
fn github_workflow_installs_the_pinned_version_or_builds_it_without_a_release() {
    let workflow = yaml("github-workflow.yml");
    assert_eq!(
        workflow["env"]["DEALBOOK_VERSION"],
        env!("CARGO_PKG_VERSION"),
        "examples/ci pins this version (bump it with the version)"
    );
    let cache = &workflow["jobs"]["deploy"]["steps"][1];
    assert_eq!(
        cache["with"]["key"],
        "dealbook-${{ env.DEALBOOK_VERSION }}-${{ runner.os }}-${{ runner.arch }}"
    );
    assert_eq!(cache["with"]["path"], "~/.dealbook");
    let repo = Repo::new();
    let steps = run_github_job(&repo, &workflow, "deploy", &[("STAND_IN_NO_RELEASE", "1")]);
    let put = &steps[1];
    assert_eq!(put.0, "Put dealbook on the PATH");
    assert_eq!(
        String::from_utf8_lossy(&put.1.stdout),
        format!("dealbook {}\n", env!("CARGO_PKG_VERSION"))
    );
    let installer = repo
        .path("runner/dealbook-installer.sh")
        .display()
        .to_string();
    assert_eq!(
        repo.log(),
        format!(
            "curl --proto =https --tlsv1.2 -LsSf https://github.com/dealbook-dev/dealbook/releases/download/v{v}/dealbook-installer.sh -o {installer}\n\
             cargo install --locked --git https://github.com/dealbook-dev/dealbook --tag v{v} --root {} dealbook\n",
            repo.path("home/.dealbook").display(),
            v = env!("CARGO_PKG_VERSION")
        )
    );
    assert!(repo.path("work/_site/deals/alpha.html").is_file());
}

#[test]
fn github_workflow_fails_a_pull_request_with_bad_data() {
    let workflow = yaml("github-workflow.yml");
    let repo = Repo::new();
    let alpha = repo.path("work/data/deals/alpha.yaml");
    let text = fs::read_to_string(&alpha).unwrap();
    fs::write(&alpha, text.replace("end: 2027-12-31", "end: 2025-12-31")).unwrap();
    let check = workflow["jobs"]["review"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Check the data")
        .unwrap();
    let out = repo.run(check["run"].as_str().unwrap(), &BTreeMap::new());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: data/deals/alpha.yaml:7:6: `end`: expected a date on or after `start` (2026-01-01), found 2025-12-31\n1 error in the data\n"
    );
}

#[test]
fn gitlab_ci_checks_diffs_posts_a_note_and_publishes_pages() {
    let ci = yaml("gitlab-ci.yml");
    let repo = Repo::new();
    let env: BTreeMap<String, String> = [
        ("CI_PROJECT_DIR", repo.path("work").display().to_string()),
        ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main".into()),
        ("DEALBOOK_NOTE_TOKEN", "note-token".into()),
        ("CI_API_V4_URL", "https://gitlab.example/api/v4".into()),
        ("CI_PROJECT_ID", "42".into()),
        ("CI_MERGE_REQUEST_IID", "7".into()),
        ("CI_PAGES_URL", "https://acme.gitlab.io/deals".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let script = |job: &str| -> String {
        assert_eq!(ci[job]["extends"], ".dealbook");
        ci[job]["script"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        ci["variables"]["DEALBOOK_VERSION"],
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        ci[".dealbook"]["cache"]["key"],
        "dealbook-$DEALBOOK_VERSION"
    );
    let mut env = env;
    for (k, v) in ci["variables"].as_object().unwrap() {
        env.insert(k.clone(), v.as_str().unwrap().to_string());
    }
    let before: Vec<&str> = ci[".dealbook"]["before_script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let script = |job: &str| format!("{}\n{}", before.join("\n"), script(job));
    let out = repo.run(&script("review"), &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body = repo.body();
    assert!(
        body.contains("| `total_usd` | $23.4M → $46.7M | +$23.4M (+100%) |"),
        "{body}"
    );
    assert_eq!(
        repo.log(),
        format!(
            "curl --proto =https --tlsv1.2 -LsSf https://github.com/dealbook-dev/dealbook/releases/download/v{v}/dealbook-installer.sh -o dealbook-installer.sh\n\
             curl --fail --silent --show-error --request POST --header PRIVATE-TOKEN: note-token \
             --data-urlencode body@diff.md https://gitlab.example/api/v4/projects/42/merge_requests/7/notes\n",
            v = env!("CARGO_PKG_VERSION")
        )
    );
    assert!(repo.path("work/.dealbook/bin/dealbook").exists());

    let out = repo.run(&script("pages"), &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        ci["pages"]["artifacts"]["paths"],
        serde_json::json!(["public"])
    );
    let index = fs::read_to_string(repo.path("work/public/index.html")).unwrap();
    assert!(
        index.contains("href=\"https://acme.gitlab.io/deals/deals/alpha.html\""),
        "links not under the Pages URL"
    );
}
