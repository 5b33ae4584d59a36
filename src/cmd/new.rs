//! `dealbook new deal <id>` and `dealbook new site <dir>`: commented templates
//! to fill in, never written over an existing file.

use std::fs;
use std::io::Write as _;
use std::path::Path;

use crate::cli::{NewCommand, NewDealArgs, NewSiteArgs};
use crate::error::{Error, Result};

const DEAL: &str = include_str!("../../templates/new/deal.yaml");
const SITE: &str = include_str!("../../templates/new/site.yaml");
const README: &str = include_str!("../../templates/new/README.md");
/// The new site's catalogue and example deal are the shipped ones: real,
/// sourced records, so that `new site` makes up no data.
const GPUS: &str = include_str!("../../data/gpus.yaml");
const EXAMPLE_ID: &str = "microsoft-nscale";
const EXAMPLE: &str = include_str!("../../data/deals/microsoft-nscale.yaml");

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
    if !args.data.is_dir() {
        return Err(Error::Usage(format!(
            "--data {} is not a directory (`dealbook new site {}` makes one)",
            args.data.display(),
            args.data.display()
        )));
    }
    let dir = args.data.join("deals");
    fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
    let path = dir.join(format!("{}.yaml", args.id));
    create(&path, &DEAL.replace("{{id}}", &args.id))?;
    eprintln!(
        "created {}: fill it in, then run `dealbook check --data {}`",
        path.display(),
        args.data.display()
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
    let deals = dir.join("deals");
    fs::create_dir_all(&deals).map_err(|e| Error::io("cannot create", &deals, e))?;
    let as_of = today().format("%Y-%m-%d").to_string();
    create(&dir.join("site.yaml"), &SITE.replace("{{as_of}}", &as_of))?;
    create(&dir.join("gpus.yaml"), GPUS)?;
    create(&deals.join(format!("{EXAMPLE_ID}.yaml")), EXAMPLE)?;
    let shown = dir.display().to_string();
    create(&dir.join("README.md"), &README.replace("{{dir}}", &shown))?;
    eprintln!(
        "created {shown}: run `dealbook build --data {shown}`, and `dealbook new deal <id> --data {shown}` to add a deal"
    );
    Ok(())
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
