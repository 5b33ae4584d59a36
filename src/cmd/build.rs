//! `dealbook build`: validate, compute, render the site and its exports, then
//! swap the new site into place, rewriting only the files that changed.

use crate::cli::BuildArgs;
use crate::count::count;
use crate::error::Result;
use crate::model::Overrides;
use crate::progress::Progress;

pub fn run(args: &BuildArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let overrides = args.as_of.overrides(args.base_url.clone());
    let progress = Progress::for_build(args.quiet, 4);
    let result = build(args, &overrides, &progress);
    progress.finish();
    let (pages, written) = result?;
    if !args.quiet {
        eprintln!(
            "{}",
            summary_line(pages, written.changed, started.elapsed().as_secs_f64())
        );
    }
    Ok(())
}

fn build(
    args: &BuildArgs,
    overrides: &Overrides,
    progress: &Progress,
) -> Result<(usize, crate::write::Written)> {
    crate::cache::usage::on_disk(&crate::cache::dir_for(&args.out), args.quiet);
    let (model, figures) = crate::pipeline::analyse_with(&args.data.dir, overrides, progress)?;
    // Only after good data: a build that fails leaves everything as it was.
    crate::cache::usage::save(args.quiet);
    progress.stage("rendering");
    let t = std::time::Instant::now();
    // Written into a staging directory as it is rendered; dropped on an
    // error, which leaves the output as it was.
    let waiting = || {
        if !args.quiet {
            progress.println(&waiting_line(&args.out));
        }
    };
    let staging = crate::write::Staging::begin(&args.out, &waiting)?;
    let cache = crate::cache::dir_for(&args.out);
    let memo = crate::cache::pages::Memo::read(&args.out, &cache, args.quiet);
    let sink = crate::cache::pages::Remembering {
        staging: &staging,
        memo: &memo,
    };
    let paths = crate::render::render_into(&model, &figures, &sink)?;
    crate::timing::stage("render", t);
    progress.stage("writing");
    let t = std::time::Instant::now();
    let written = staging.commit()?;
    memo.save(args.quiet);
    crate::timing::stage("write", t);
    let pages = paths.iter().filter(|k| k.ends_with(".html")).count();
    Ok((pages, written))
}

/// "waiting for another build of site/ to finish", as cargo says it.
pub fn waiting_line(out: &std::path::Path) -> String {
    format!(
        "waiting for another build of {}/ to finish",
        out.display().to_string().trim_end_matches('/')
    )
}

/// "built 47 pages, 12 files changed, in 0.31 s".
pub fn summary_line(pages: usize, changed: usize, seconds: f64) -> String {
    format!(
        "built {}, {} changed, in {seconds:.2} s",
        count(pages as u64, "page"),
        count(changed as u64, "file")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_summary_line_counts_pages_and_changed_files() {
        assert_eq!(
            super::summary_line(47, 12, 0.314),
            "built 47 pages, 12 files changed, in 0.31 s"
        );
        assert_eq!(
            super::summary_line(1, 1, 2.0),
            "built 1 page, 1 file changed, in 2.00 s"
        );
    }
}
