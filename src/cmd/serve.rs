//! `dealbook serve`: build into memory, serve over HTTP, rebuild on change
//! and reload open pages (see `crate::serve`).

use crate::cli::ServeArgs;
use crate::error::{Error, Result};
use crate::serve::{Config, serve};

pub fn run(args: &ServeArgs) -> Result<()> {
    if !args.data.dir.is_dir() {
        return Err(Error::Usage(format!(
            "--data {} is not a directory",
            args.data.dir.display()
        )));
    }
    let config = Config {
        data: args.data.dir.clone(),
        addr: std::net::SocketAddr::new(args.interface, args.port),
        // Served at the root unless a sub-path is asked for.
        overrides: args.as_of.overrides(Some(
            args.base_url.clone().unwrap_or_else(|| "/".to_string()),
        )),
        open: args.open,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(serve(config))
}
