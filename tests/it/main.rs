//! End-to-end tests of the `jelly` binary, in temporary data directories.
//! One test binary (faster to build); one module per area; the harness
//! (`harness/`) runs jelly and holds the shared helpers (docs/testing.md).
// A test, bench or example crate has no public surface: `pub` here only
// shares items between its own modules.
#![allow(unreachable_pub)]

mod harness;

mod agenda;
mod answers;
mod attend;
mod bad_inputs;
mod boundary;
mod boundary_data;
mod boundary_erasure;
mod cache;
mod completions;
mod distances;
mod doc_examples;
mod door;
mod exactly_once;
mod first_use;
mod foundation;
mod french;
mod hardening;
mod identity;
mod import;
mod inbox;
mod inbox_imap;
mod invite;
mod languages;
mod map;
mod members_mail;
mod mutated_data;
mod next;
mod output;
mod plan;
mod polls;
mod postfix;
mod privacy;
mod publish;
mod remind;
mod report;
mod sheet;
mod site;
mod stats;
mod terminal;
mod turnout;
mod village;
mod volunteers;
mod waitlist;
