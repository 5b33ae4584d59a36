//! A progress bar on stderr for builds that take longer than about a second,
//! and only when stderr is a terminal (indicatif); nothing otherwise.

use std::io::IsTerminal as _;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug, Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// No bar at all.
    pub fn none() -> Progress {
        Progress { bar: None }
    }

    /// A bar of `stages` steps, hidden until the run has taken [`SHOW_AFTER`];
    /// none when `quiet` or when stderr is not a terminal.
    pub fn for_build(quiet: bool, stages: u64) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress::none();
        }
        let bar = ProgressBar::with_draw_target(Some(stages), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{bar:20}] {pos}/{len} {msg} ({elapsed})")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        let shown = bar.clone();
        // Detached: the build does not wait for it, and a finished bar stays hidden.
        std::thread::spawn(move || {
            std::thread::sleep(SHOW_AFTER);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Progress { bar: Some(bar) }
    }

    /// Starts the next stage, named for people ("rendering").
    pub fn stage(&self, name: &'static str) {
        if let Some(bar) = &self.bar {
            if !bar.message().is_empty() {
                bar.inc(1);
            }
            bar.set_message(name);
        }
    }

    /// Prints a line on stderr, above the bar when there is one.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar (before the summary line is printed).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
