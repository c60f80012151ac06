//! End-to-end tests of the `jelly` binary, in temporary data directories.
//! One test binary (faster to build); one module per area.

mod harness;

mod agenda;
mod attend;
mod bad_inputs;
mod foundation;
mod invite;
mod mailserver;
mod next;
mod remind;
mod stats;
