//! Placeholder until the real chart module lands.
