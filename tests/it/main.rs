//! End-to-end tests of the `jelly` binary, in temporary data directories.
//! One test binary (faster to build); one module per area.

mod harness;

mod agenda;
mod attend;
mod bad_inputs;
mod completions;
mod foundation;
mod import;
mod invite;
mod languages;
mod mailserver;
mod map;
mod next;
mod plan;
mod remind;
mod stats;
mod village;
mod volunteers;
