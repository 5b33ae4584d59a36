//! `dealbook new deal <id>` and `dealbook new site <dir>`: commented templates
//! to fill in, never written over an existing file.

use std::fs;
use std::io::Write as _;
use std::path::Path;

use crate::cli::{CiRecipe, NewCommand, NewDealArgs, NewSiteArgs};
use crate::error::{Error, Result};

const DEAL: &str = include_str!("../../templates/new/deal.yaml");
const SITE: &str = include_str!("../../templates/new/site.yaml");
const PARTIES: &str = include_str!("../../templates/new/parties.yaml");
const README: &str = include_str!("../../templates/new/README.md");
const GITIGNORE: &str = include_str!("../../templates/new/gitignore");
/// The new site's catalogue and example deal are the shipped ones: real,
/// sourced records, so that `new site` makes up no data.
const GPUS: &str = include_str!("../../data/gpus.yaml");
const EXAMPLE_ID: &str = "microsoft-nscale";
const EXAMPLE: &str = include_str!("../../data/deals/microsoft-nscale.yaml");
/// The CI recipes are the documented ones of examples/ci/, pinned to this
/// dealbook's version when written.
const GITHUB: &str = include_str!("../../examples/ci/github-workflow.yml");
const GITLAB: &str = include_str!("../../examples/ci/gitlab-ci.yml");

pub fn run(command: &NewCommand) -> Result<()> {
    match command {
        NewCommand::Deal(args) => deal(args),
        NewCommand::Site(args) => site(args),
    }
}

fn deal(args: &NewDealArgs) -> Result<()> {
    if !crate::model::value::is_id(&args.id) {
        return Err(Error::Usage(format!(
            "expected an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit), found {:?}",
            args.id
        )));
    }
    if !args.data.dir.is_dir() {
        return Err(Error::Usage(format!(
            "--data {} is not a directory (`dealbook new site {}` makes one)",
            args.data.dir.display(),
            args.data.dir.display()
        )));
    }
    let dir = args.data.dir.join("deals");
    fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
    let path = dir.join(format!("{}.yaml", args.id));
    create(&path, &DEAL.replace("{{id}}", &args.id))?;
    eprintln!(
        "created {}: fill it in, then run `dealbook check --data {}`",
        path.display(),
        args.data.dir.display()
    );
    Ok(())
}

fn site(args: &NewSiteArgs) -> Result<()> {
    let dir = &args.dir;
    if let Ok(mut entries) = fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Error::Usage(format!(
            "{} is not empty; refusing to write a new site into it",
            dir.display()
        )));
    }
    let data = dir.join("data");
    let deals = data.join("deals");
    create_dir(&deals)?;
    let as_of = today().format("%Y-%m-%d").to_string();
    create(&data.join("site.yaml"), &SITE.replace("{{as_of}}", &as_of))?;
    create(&data.join("gpus.yaml"), GPUS)?;
    create(&data.join("parties.yaml"), PARTIES)?;
    create(&deals.join(format!("{EXAMPLE_ID}.yaml")), EXAMPLE)?;
    create(&dir.join(".gitignore"), GITIGNORE)?;
    let (publishing, recipe) = match args.ci {
        CiRecipe::Github => (
            "`.github/workflows/dealbook.yml` checks every pull request that touches\n\
             `data/`, posts the figures' diff as a comment, and deploys `main` to\n\
             GitHub Pages: push this repository to GitHub and set Settings > Pages >\n\
             Source to \"GitHub Actions\".",
            Some((".github/workflows/dealbook.yml", GITHUB)),
        ),
        CiRecipe::Gitlab => (
            "`.gitlab-ci.yml` checks every merge request that touches `data/`, posts\n\
             the figures' diff as a note (set the CI/CD variable DEALBOOK_NOTE_TOKEN:\n\
             a project access token with the `api` scope), and publishes the default\n\
             branch with GitLab Pages.",
            Some((".gitlab-ci.yml", GITLAB)),
        ),
        CiRecipe::None => (
            "Copy `site/` to any static host (build with `--base-url /sub/path/` to\n\
             serve it under a sub-path). `dealbook new site DIR --ci github` or\n\
             `--ci gitlab` writes a CI recipe that checks and publishes the site.",
            None,
        ),
    };
    let version = env!("CARGO_PKG_VERSION");
    if let Some((path, text)) = recipe {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            create_dir(parent)?;
        }
        create(&path, &pinned(text, version))?;
    }
    let publishing = match recipe {
        Some(_) => format!(
            "{publishing}\n\nThe recipe installs dealbook {version}, the version that made this\n\
             repository: change DEALBOOK_VERSION in it to upgrade."
        ),
        None => publishing.to_string(),
    };
    let readme = README
        .replace("{{version}}", version)
        .replace("{{ci}}", &publishing);
    create(&dir.join("README.md"), &readme)?;
    let shown = dir.display().to_string();
    eprintln!(
        "created {shown}: `cd {shown}`, then `dealbook serve` to see the site and `dealbook new deal <id>` to add a deal"
    );
    Ok(())
}

/// A CI recipe with its `DEALBOOK_VERSION: "..."` line set to `version`.
fn pinned(recipe: &str, version: &str) -> String {
    recipe
        .split_inclusive('\n')
        .map(|line| match line.split_once("DEALBOOK_VERSION: \"") {
            Some((indent, _)) if indent.trim().is_empty() => {
                format!("{indent}DEALBOOK_VERSION: \"{version}\"\n")
            }
            _ => line.to_string(),
        })
        .collect()
}

fn create_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))
}

/// Writes a new file; an existing one is an error and is left as it was.
fn create(path: &Path, text: &str) -> Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Usage(format!(
                    "{} exists; refusing to overwrite it",
                    path.display()
                ))
            } else {
                Error::io("cannot create", path, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io("cannot write", path, e))
}

/// Today's date (UTC), the new site's `as_of`.
fn today() -> chrono::NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(secs as i64, 0)
        .expect("a time after 1970")
        .date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_sets_only_the_version_line() {
        let recipe =
            "env:\n  DEALBOOK_VERSION: \"0.0.1\"\n  X: DEALBOOK_VERSION: \"9\"\nrun: echo\n";
        assert_eq!(
            pinned(recipe, "1.2.3"),
            "env:\n  DEALBOOK_VERSION: \"1.2.3\"\n  X: DEALBOOK_VERSION: \"9\"\nrun: echo\n"
        );
    }

    #[test]
    fn both_recipes_have_a_version_to_pin() {
        for recipe in [GITHUB, GITLAB] {
            assert_eq!(
                pinned(recipe, "9.9.9")
                    .matches("DEALBOOK_VERSION: \"9.9.9\"")
                    .count(),
                1
            );
        }
    }
}
