//! Stage timings for profiling: with `DEALBOOK_TIMINGS=1` set, each stage
//! prints how long it took to stderr. The bottom floor: any stage may call it.

use std::time::Instant;

/// Prints how long `stage` took since `since`, when `DEALBOOK_TIMINGS` is set.
pub fn stage(stage: &str, since: Instant) {
    if std::env::var_os("DEALBOOK_TIMINGS").is_some() {
        eprintln!("timing: {stage}: {:.3} s", since.elapsed().as_secs_f64());
    }
}
