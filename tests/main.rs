//! The single integration-test binary (`cargo test --test integration`).
//!
//! Every test runs the real `dealbook` binary on a small data directory
//! written into a temporary folder; see `common` for the harness.

mod analytics;
mod cache;
mod ci;
mod common;
mod determinism;
mod diff;
mod durable;
mod exports;
mod fuzz;
mod incremental;
mod new;
mod publish;
mod schedule;
mod serve;
mod site;
mod usage_sql;
mod validation;
