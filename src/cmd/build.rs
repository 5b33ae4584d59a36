//! `dealbook build`: validate, compute, render the site and its exports, then
//! swap the new site into place.

use crate::cli::BuildArgs;
use crate::error::Result;
use crate::model::Overrides;

pub fn run(args: &BuildArgs) -> Result<()> {
    let overrides = Overrides {
        as_of: args.as_of,
        base_url: args.base_url.clone(),
    };
    let (model, figures) = super::analyse(&args.data, &overrides)?;
    let t = std::time::Instant::now();
    let files = crate::render::render(&model, &figures)?;
    crate::timing::stage("render", t);
    let t = std::time::Instant::now();
    crate::write::write_site(&args.out, &files)?;
    crate::timing::stage("write", t);
    eprintln!(
        "built {} pages and {} files for {} deals into {}",
        files.keys().filter(|k| k.ends_with(".html")).count(),
        files.len(),
        model.deals.len(),
        args.out.display()
    );
    Ok(())
}
