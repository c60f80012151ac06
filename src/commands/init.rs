//! `jelly init [DIR]`: a new association folder with commented starter files.

use std::path::PathBuf;

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::Lang;
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
    /// The sender of invitations and reminders ([mail] from), e.g.
    /// "Jelly du Gers <contact@jelly-gers.fr>".
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
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
    // The sender: asked on a terminal; never an example address silently
    // (`jelly check` warns while it is one).
    let from = match (&args.from, ask) {
        (Some(from), _) => Some(from.clone()),
        (None, true) => prompt::optional(ctx, None, "first-use-prompt-from", true)?,
        (None, false) => None,
    };
    if let Some(from) = &from {
        if from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(flag_error(
                "--from",
                t!(lang, "err-bad-mailbox", value = from.as_str()),
            ));
        }
    }
    let from = from.unwrap_or_else(|| STARTER_FROM.to_string());
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
        starter_config(lang, &name, &timezone, language, &from),
        starter_villages(lang, village.as_ref()),
        starter_comment(lang, "starter-venues"),
        starter_comment(lang, "starter-participants"),
        starter_comment(lang, "starter-distances"),
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
    // Named in full, and how to get there when it is not the current folder.
    let absolute = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    let here = std::env::current_dir().is_ok_and(|cwd| cwd == absolute);
    let key = if here {
        "init-done"
    } else {
        "init-done-elsewhere"
    };
    Output::new(&created, t!(lang, key, dir = absolute.display()))
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

/// The sender the starter file holds when none was given.
pub const STARTER_FROM: &str = "Jelly <contact@example.org>";

fn starter_config(lang: Lang, name: &str, timezone: &str, language: &str, from: &str) -> String {
    // (no line break of its own: the template below has them)
    let c = |lang: Lang, key: &str| t!(lang, key);
    format!(
        r#"{c_header}

[association]
name = {name}
{c_timezone}
timezone = {timezone}
{c_language}
language = "{language}"

[rotation]
{c_objective}
objective = "total"
{c_cooldown}
cooldown = 2
{c_detour}
detour_factor = 1.3
{c_every}
every = "6w"
{c_rotation_more}

[mail]
{c_from}
from = {from}
{c_transport}
transport = "file"
outbox = "outbox"
{c_smtp}
reminders = ["7d", "1d"]

{c_inbox}
{c_site}
"#,
        name = toml_string(name),
        timezone = toml_string(timezone),
        from = toml_string(from),
        language = language,
        c_header = c(lang, "starter-config-header"),
        c_timezone = c(lang, "starter-config-timezone"),
        c_language = c(lang, "starter-config-language"),
        c_objective = c(lang, "starter-config-objective"),
        c_cooldown = c(lang, "starter-config-cooldown"),
        c_detour = c(lang, "starter-config-detour"),
        c_every = c(lang, "starter-config-every"),
        c_rotation_more = c(lang, "first-use-starter-rotation"),
        c_from = c(lang, "starter-config-from"),
        c_transport = c(lang, "starter-config-transport"),
        c_smtp = c(lang, "starter-config-smtp"),
        c_inbox = c(lang, "starter-config-inbox"),
        c_site = c(lang, "starter-config-site"),
    )
}

fn starter_villages(lang: Lang, first: Option<&(String, f64, f64, Option<String>)>) -> String {
    let mut text = starter_comment(lang, "starter-villages");
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

/// A comment block of the starter files, in the association's language
/// (locales/<lang>/starter.ftl), with its final line break.
fn starter_comment(lang: Lang, key: &str) -> String {
    let mut text = t!(lang, key);
    text.push('\n');
    text
}
