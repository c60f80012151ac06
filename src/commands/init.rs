//! `jelly init [DIR]`: a new association folder with commented starter files.

use std::path::PathBuf;

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::slug;
use crate::output::Output;
use crate::{prompt, t};

use super::{flag_error, parse_number};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create (default: the data directory).
    pub dir: Option<PathBuf>,
    /// The association's name.
    #[arg(long)]
    pub name: Option<String>,
    /// IANA time zone (default Europe/Paris).
    #[arg(long)]
    pub timezone: Option<String>,
    /// Name of a first village to add.
    #[arg(long)]
    pub village: Option<String>,
    /// Latitude of the first village.
    #[arg(long, allow_hyphen_values = true, requires = "village")]
    pub lat: Option<String>,
    /// Longitude of the first village.
    #[arg(long, allow_hyphen_values = true, requires = "village")]
    pub lon: Option<String>,
    /// Accept the defaults for everything not given; ask nothing.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Serialize)]
struct Created {
    dir: PathBuf,
    files: Vec<PathBuf>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let dir = args.dir.clone().unwrap_or_else(|| ctx.dir.root.clone());
    let files = [
        "jelly.toml",
        "villages.toml",
        "venues.toml",
        "participants.toml",
        "distances.toml",
    ];
    for file in files {
        let path = dir.join(file);
        if path.exists() {
            return Err(Error::usage(t!(lang, "err-exists", path = path.display())));
        }
    }
    let ask = ctx.interactive && !args.yes;
    let name = match (&args.name, ask) {
        (Some(name), _) => name.clone(),
        (None, true) => prompt::required(ctx, None, "prompt-association", "--name")?,
        (None, false) if args.yes => "Jelly".to_string(),
        (None, false) => prompt::required(ctx, None, "prompt-association", "--name")?,
    };
    let timezone = if ask && args.timezone.is_none() {
        prompt::with_default(ctx, None, "prompt-timezone", "Europe/Paris")?
    } else {
        args.timezone
            .clone()
            .unwrap_or_else(|| "Europe/Paris".to_string())
    };
    super::check_text_flag(ctx, "--name", "name", &name)?;
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        return Err(flag_error(
            "--timezone",
            t!(lang, "err-bad-timezone", value = timezone, hint = ""),
        ));
    }
    let village_name = if ask && args.village.is_none() {
        prompt::optional(ctx, None, "prompt-first-village", true)?
    } else {
        args.village.clone()
    };
    let village = match village_name {
        Some(name) if args.lat.is_none() && args.lon.is_none() => {
            match super::village::locate(ctx, &name, None)? {
                Some(place) => {
                    ctx.note(&t!(lang, "village-found", place = place.name));
                    let (lat, lon) = super::village::coordinates_from(ctx, &place)?;
                    if place.point().is_none_or(|point| point == (lat, lon)) {
                        Some((place.name, lat, lon, Some(place.department)))
                    } else {
                        Some((name, lat, lon, None))
                    }
                }
                None => Some(ask_coordinates(ctx, &args, name)?),
            }
        }
        Some(name) => Some(ask_coordinates(ctx, &args, name)?),
        None => None,
    };

    std::fs::create_dir_all(dir.join("events")).map_err(|e| Error::io(&dir, e))?;
    let language = lang.code();
    let contents = [
        starter_config(&name, &timezone, language),
        starter_villages(village.as_ref()),
        STARTER_VENUES.to_string(),
        STARTER_PARTICIPANTS.to_string(),
        STARTER_DISTANCES.to_string(),
    ];
    let mut written = Vec::new();
    for (file, content) in files.iter().zip(contents) {
        let path = dir.join(file);
        // create_new: never overwrite, even if a file appeared meanwhile.
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| {
                std::io::Write::write_all(&mut f, content.as_bytes()).and_then(|_| f.sync_all())
            });
        if let Err(e) = result {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            return Err(Error::io(&path, e));
        }
        written.push(path);
    }
    let created = Created {
        dir: dir.clone(),
        files: written,
    };
    Output::new(&created, t!(lang, "init-done", dir = dir.display()))
}

/// The first village's coordinates from --lat/--lon, or asked on a terminal.
fn ask_coordinates(
    ctx: &Context,
    args: &Args,
    name: String,
) -> Result<(String, f64, f64, Option<String>)> {
    let lang = ctx.lang;
    let lat = prompt::required(ctx, args.lat.clone(), "prompt-lat", "--lat")?;
    let lon = prompt::required(ctx, args.lon.clone(), "prompt-lon", "--lon")?;
    let (lat, lon) = (
        parse_number(ctx, "--lat", &lat)?,
        parse_number(ctx, "--lon", &lon)?,
    );
    if !(-90.0..=90.0).contains(&lat) {
        return Err(flag_error("--lat", t!(lang, "err-lat-range", value = lat)));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(flag_error("--lon", t!(lang, "err-lon-range", value = lon)));
    }
    Ok((name, lat, lon, None))
}

fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

fn starter_config(name: &str, timezone: &str, language: &str) -> String {
    format!(
        r#"# jelly: the association's settings. Every key is optional and has a default.

[association]
name = {name}
# IANA time zone in which session dates are written (default Europe/Paris).
timezone = {timezone}
# Language of emails and messages: "fr" or "en" (default "fr").
language = "{language}"

[rotation]
# How `jelly next` picks a venue: "total" (least km in all, the default),
# "fair" (least km for the person who travels furthest) or "coverage"
# (fewest people beyond their own max_km).
objective = "total"
# Villages of the last N sessions are not chosen again (default 2).
cooldown = 2
# Road km ≈ straight-line km × this factor (default 1.3). Known road
# distances go in distances.toml and are used as they are.
detour_factor = 1.3
# Default spacing of sessions in `jelly plan` (e.g. "6w", "4w", "2mo").
every = "6w"

[mail]
# Sender of invitations and reminders: "Name <address>".
from = "Jelly <contact@example.org>"
# "file" writes each message into the outbox folder (to preview, no server);
# "smtp" sends through smtp_url; "sendmail" pipes to sendmail_command.
transport = "file"
outbox = "outbox"
# smtp_url = "smtp://smtp.example.org:587"   # STARTTLS on 587; smtps://…:465 for implicit TLS
# tls = "starttls"                            # starttls | implicit | none (none: 127.0.0.1 only)
# username = "contact@example.org"
# The password never lives here: set $JELLY_SMTP_PASSWORD, or
# password_command = "pass show jelly/smtp"
# Offsets before a session at which `jelly remind` (from cron) sends a reminder.
reminders = ["7d", "1d"]

# The mailbox `jelly inbox` reads (from cron): calendar answers, bounces and
# unsubscribe requests become data (docs/inbox.md). An IMAP account:
# [inbox]
# imap_url = "imaps://imap.example.org:993"   # imap://…:143 for STARTTLS
# username = "contact@example.org"
# password_command = "pass show jelly/imap"    # or $JELLY_IMAP_PASSWORD
# done_folder = "jelly"                        # where handled messages go
# or a Maildir kept by mbsync, fetchmail or getmail:
# maildir = "/home/assoc/Maildir"

# The public site `jelly site -o www` writes (docs/site.md):
# [site]
# url = "https://www.example.org/jelly"       # where it is published
# join_url = "https://www.helloasso.com/…"    # the page to join
# contact = "contact@example.org"             # the association's contact
# The shared calendar `jelly publish caldav` fills (Nextcloud, Framagenda…):
# [publish]
# caldav_url = "https://cloud.example.org/remote.php/dav/calendars/jelly/sessions/"
# username = "jelly"
# password_command = "pass show jelly/caldav"  # or $JELLY_CALDAV_PASSWORD
"#,
        name = toml_string(name),
        timezone = toml_string(timezone),
        language = language,
    )
}

fn starter_villages(first: Option<&(String, f64, f64, Option<String>)>) -> String {
    let mut text = String::from(
        r#"# Villages: where people live and where venues are.
# Each [[village]] has:
#   id         unique identifier: lower-case letters, digits, hyphens (used by other files)
#   name       the village's name, accents welcome
#   lat, lon   WGS84 coordinates in degrees (latitude -90..90, longitude -180..180)
#   department optional department code, e.g. "30"
# `jelly village add NAME` finds French villages' coordinates by itself.
#
# [[village]]
# id = "anduze"
# name = "Anduze"
# lat = 44.055
# lon = 3.98495
# department = "30"
"#,
    );
    if let Some((name, lat, lon, department)) = first {
        text.push_str(&format!(
            "\n[[village]]\nid = \"{}\"\nname = {}\nlat = {}\nlon = {}\n",
            slug(name),
            toml_string(name),
            lat,
            lon
        ));
        if let Some(department) = department {
            text.push_str(&format!("department = {}\n", toml_string(department)));
        }
    }
    text
}

const STARTER_VENUES: &str = r#"# Venues: places that can host a session.
# Each [[venue]] has:
#   id         unique identifier
#   name       e.g. "Médiathèque d'Anduze"
#   village    the id of its village (see villages.toml)
#   lat, lon   optional: its own point, else its village's
#   capacity   optional: number of seats; too small for the expected crowd = not chosen
#   amenities  optional: ["wifi", "projector", "visio", "printer", "kitchen", "accessible"]
#   address    optional: shown in invitations
#   contact    optional: "Mairie <mairie@example.org>"
#   active     optional, default true: false keeps it listed but never chosen
#
# [[venue]]
# id = "anduze-mediatheque"
# name = "Médiathèque d'Anduze"
# village = "anduze"
# capacity = 20
"#;

const STARTER_PARTICIPANTS: &str = r#"# Participants: the people of the network.
# Each [[participant]] has:
#   id          unique identifier
#   name        how they are called in emails
#   email       optional: without it no mail is sent, but they still count
#   village     the id of the village they travel from
#   max_km      optional: they won't travel further than this
#   active      optional, default true: false = no longer counted nor invited
#   profession  optional
#   joined      optional date, e.g. 2014-06-05
#   carpool     optional, default false: true = they agree to be named, for
#               car-sharing, in the invitations of people of their own village
#               (at most 5 names, those who answered yes first). Nobody is
#               named without it. `jelly participant add --carpool` sets it.
#   listed      optional, default false: true = they agree to appear in the
#               public site's members' directory (`jelly site`), with:
#   skills      optional list, e.g. ["graphisme", "mise en page"]
#   website     optional, https://…
#   phone       optional, e.g. "04 66 00 00 00"
#               Their email address is never published.
#
# [[participant]]
# id = "marie-france"
# name = "Marie-France"
# email = "marie-france@example.org"
# village = "anduze"
# max_km = 20
# carpool = true
"#;

const STARTER_DISTANCES: &str = r#"# Known road distances between villages, in both directions. They replace the
# straight-line estimate (× detour_factor) for venues at their village's point.
#
# [[route]]
# from = "mende"
# to = "anduze"
# km = 118.0
# minutes = 105   # optional
"#;
