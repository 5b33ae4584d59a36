//! Watches the data directory and rebuilds after a burst of changes has
//! settled (an editor's save is often several events).

use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::Shared;
use crate::error::{Error, Result};

/// How long the data must be quiet before a rebuild starts: an editor's
/// save (a write, or a new file and a rename) is over in a few
/// milliseconds, and every millisecond here is one the analyst waits.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Starts watching; the watch ends when the returned value is dropped.
pub fn start(shared: Arc<Shared>) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    let data = shared.config.data.clone();
    let on_change = Arc::clone(&shared);
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |events: DebounceEventResult| {
        match events {
            // Reading the data is an event too (inotify reports opens): only
            // a change makes a rebuild, or each rebuild would start the next.
            // Rebuilt here, on the debouncer's thread: one rebuild at a time,
            // and changes that arrive meanwhile make one more.
            Ok(events) if events.iter().any(|e| !e.kind.is_access()) => on_change.rebuild(false),
            Ok(_) => {}
            Err(errors) => {
                for e in errors {
                    eprintln!("watching {}: {e}", on_change.config.data.display());
                }
            }
        }
    })
    .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", data.display())))?;
    debouncer
        .watch(&data, RecursiveMode::Recursive)
        .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", data.display())))?;
    Ok(debouncer)
}
