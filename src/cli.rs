//! The command line, declared with clap. Doc comments are the help text.
//! No logic here: each subcommand's arguments live beside its `run` in
//! `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;
use crate::context::Format;

/// jelly: plan itinerant meetups ("jellies") for rural freelancers and
/// teleworkers — where the next session goes, invitations, reminders,
/// attendance and statistics.
#[derive(Debug, Parser)]
#[command(
    name = "jelly",
    version,
    long_version = crate::gazetteer::LONG_VERSION,
    propagate_version = true,
    max_term_width = 100
)]
pub(crate) struct Cli {
    /// The association's data directory (default: $JELLY_DATA, else the current directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Output format (csv: `jelly stats` and `jelly participants` only).
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Print only the result (no notes on stderr).
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Explain more on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Use this time as "now" (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], the association's local time).
    #[arg(long, global = true, value_name = "DT")]
    pub now: Option<String>,

    /// Language of jelly's messages: fr or en (default: $LANG, else the association's).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// Parse the data files, neither reading nor writing the cache of parsed data (.jelly-cache/).
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Tables at full width, whatever the terminal's (no column hidden).
    #[arg(long, global = true)]
    pub wide: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new association folder with commented starter files.
    Init(commands::init::Args),
    /// Validate the whole data directory; list every problem with file:line:column.
    Check(commands::check::Args),
    /// List the villages.
    Villages(commands::village::ListArgs),
    /// Add (or look up) a village.
    #[command(subcommand)]
    Village(commands::village::Command),
    /// List the venues.
    Venues(commands::venue::ListArgs),
    /// Add a venue.
    #[command(subcommand)]
    Venue(commands::venue::Command),
    /// List the participants.
    Participants(commands::participant::ListArgs),
    /// Add a participant.
    #[command(subcommand)]
    Participant(commands::participant::Command),
    /// Road distances: fetch them from a routing engine, import them, fit the detour factor.
    #[command(subcommand)]
    Distances(commands::distances::Command),
    /// Rank the venues for the next session (least travel, rotation, capacity).
    Next(commands::next::Args),
    /// Create a session: events/<date>-<village>.toml, everyone active invited; prints its id.
    Schedule(commands::schedule::Args),
    /// Email the invitation with its .ics to the invited who were not sent it yet.
    Invite(commands::invite::Args),
    /// Email one personal message (Markdown, attachments) to the members a selector picks.
    Mail(commands::mail::Args),
    /// Change a session's date or venue and email the update.
    Reschedule(commands::reschedule::Args),
    /// Cancel a session and email the cancellation.
    Cancel(commands::cancel::Args),
    /// For cron: send the reminders that are due, once each; silent when nothing is due.
    Remind(commands::remind::Args),
    /// Propose a season of sessions that spreads the travel burden fairly.
    Plan(commands::plan::Args),
    /// Draw villages, venues and participants as an SVG map.
    Map(commands::map::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(commands::completions::CompletionsArgs),
    /// Print the man page (roff), or write every page into --dir.
    Man(commands::completions::ManArgs),
    /// Record a participant's answer to an invitation (yes, no or maybe).
    Rsvp(commands::rsvp::Args),
    /// Record who came to a session; walk-ins become participants.
    Attend(commands::attend::Args),
    /// Attendance, loyalty, newcomers, attendance by village and by distance.
    Stats(commands::stats::Args),
    /// How many are expected at a scheduled session (80 % interval, answers counted, quorum).
    Forecast(commands::forecast::Args),
    /// Upcoming sessions, as a table or as an iCalendar feed to subscribe to.
    Agenda(commands::agenda::Args),
    /// The printable sign-in sheet (feuille d'émargement) of a session, as PDF or HTML.
    Sheet(commands::sheet::Args),
    /// The public static site: next sessions, calendars, members' directory by consent.
    Site(commands::site::Args),
    /// Publish the sessions elsewhere: a shared CalDAV calendar.
    #[command(subcommand)]
    Publish(commands::publish::Command),
    /// The yearly activity report for funders, as a table, PDF, spreadsheet (.ods) or HTML.
    Report(commands::report::Args),
    /// A participant's one-click unsubscribe token, or whose a token is (--verify).
    UnsubscribeToken(commands::unsubscribe_token::Args),
    /// For cron: read the mailbox; calendar answers, bounces and unsubscribe requests become data.
    Inbox(commands::inbox::Args),
    /// Choose the next date by email: poll new, send, remind, show, close.
    #[command(subcommand)]
    Poll(commands::poll::Command),
}
