//! End-to-end tests of the `jelly` binary, in temporary data directories.
//! One test binary (faster to build); one module per area; the harness
//! (`harness/`) runs jelly and holds the shared helpers (docs/testing.md).

mod harness;

mod agenda;
mod attend;
mod bad_inputs;
mod completions;
mod foundation;
mod invite;
mod languages;
mod map;
mod next;
mod plan;
mod remind;
mod stats;
mod turnout;
mod village;
mod volunteers;
