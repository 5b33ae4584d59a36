//! `dealbook serve`: build into memory, serve over HTTP, rebuild on change
//! and reload open pages (see `crate::serve`).

use crate::cli::ServeArgs;
use crate::error::{Error, Result};
use crate::model::Overrides;
use crate::serve::{Config, serve};

pub fn run(args: &ServeArgs) -> Result<()> {
    if !args.data.is_dir() {
        return Err(Error::Usage(format!(
            "--data {} is not a directory",
            args.data.display()
        )));
    }
    let config = Config {
        data: args.data.clone(),
        addr: std::net::SocketAddr::new(args.interface, args.port),
        overrides: Overrides {
            as_of: args.as_of,
            // Served at the root unless a sub-path is asked for.
            base_url: Some(args.base_url.clone().unwrap_or_else(|| "/".to_string())),
        },
        open: args.open,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(serve(config))
}
