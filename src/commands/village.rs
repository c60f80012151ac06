//! `jelly villages` (list), `jelly village add` (coordinates given, or
//! looked up by name in the built-in gazetteer) and `jelly village search`.

use serde::Serialize;
use toml_edit::{value, Table};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::gazetteer::{self, Match, Place};
use crate::model::{Dataset, Village};
use crate::output::{self, Output};
use crate::{prompt, t};

use super::{flag_error, parse_number};

#[derive(Debug, clap::Args)]
pub struct ListArgs {}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a village: without --lat/--lon, its coordinates and department
    /// are looked up by name among French places.
    Add(AddArgs),
    /// Look a name up among the built-in French places.
    Search(SearchArgs),
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// A place name; accents, hyphens and case do not matter ("st jean du gard").
    pub text: String,
    /// Only places of this department, e.g. 30.
    #[arg(long)]
    pub department: Option<String>,
    /// At most this many places.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The village's name, e.g. "Saint-Jean-du-Gard".
    pub name: Option<String>,
    /// Latitude (WGS84 degrees).
    #[arg(long, allow_hyphen_values = true)]
    pub lat: Option<String>,
    /// Longitude (WGS84 degrees).
    #[arg(long, allow_hyphen_values = true)]
    pub lon: Option<String>,
    /// Department code, e.g. 30 (also picks among places of the same name).
    #[arg(long)]
    pub department: Option<String>,
    /// Identifier (default: made from the name).
    #[arg(long)]
    pub id: Option<String>,
}

#[derive(Debug, Serialize)]
struct VillageRow<'a> {
    #[serde(flatten)]
    village: &'a Village,
    venues: usize,
    participants: usize,
}

pub fn list(_args: ListArgs, ctx: &Context) -> Result<Output> {
    let data = ctx.load()?;
    let lang = ctx.lang;
    let rows: Vec<VillageRow> = data
        .villages
        .iter()
        .map(|v| VillageRow {
            village: v,
            venues: data.venues.iter().filter(|x| x.village == v.id).count(),
            participants: data
                .participants
                .iter()
                .filter(|p| p.village == v.id && p.active)
                .count(),
        })
        .collect();
    let mut table = output::table(
        [
            "col-id",
            "col-name",
            "col-department",
            "col-lat",
            "col-lon",
            "col-venues",
            "col-participants",
        ]
        .iter()
        .map(|k| t!(lang, k))
        .collect(),
    );
    for row in &rows {
        let v = row.village;
        table.add_row(vec![
            v.id.clone(),
            v.name.clone(),
            output::cell(v.department.as_ref()),
            format!("{:.5}", v.lat),
            format!("{:.5}", v.lon),
            row.venues.to_string(),
            row.participants.to_string(),
        ]);
    }
    output::align_right(&mut table, &[3, 4, 5, 6]);
    Output::new(&rows, table.to_string())
}

pub fn run(command: Command, ctx: &Context) -> Result<Output> {
    match command {
        Command::Add(args) => add(args, ctx),
        Command::Search(args) => search(args, ctx),
    }
}

#[derive(Debug, Serialize)]
struct Found<'a> {
    #[serde(flatten)]
    place: &'a Place,
    #[serde(rename = "match")]
    how: Match,
}

fn search(args: SearchArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let found: Vec<Found> = gazetteer::search(&args.text, args.department.as_deref())
        .into_iter()
        .take(args.limit)
        .map(|(place, how)| Found { place, how })
        .collect();
    if found.is_empty() {
        let text = t!(lang, "village-search-none", query = args.text);
        return Output::new(&found, text);
    }
    let mut table = output::table(
        [
            "col-name",
            "col-department",
            "village-col-postcode",
            "col-lat",
            "col-lon",
            "village-col-population",
        ]
        .iter()
        .map(|k| t!(lang, k))
        .collect(),
    );
    for f in &found {
        let p = f.place;
        table.add_row(vec![
            p.name.clone(),
            output::cell(p.department.as_ref()),
            output::cell(p.postcode.as_ref()),
            format!("{:.5}", p.lat),
            format!("{:.5}", p.lon),
            output::cell(p.population.map(|n| crate::i18n::number(lang, n as f64, 0))),
        ]);
    }
    output::align_right(&mut table, &[3, 4, 5]);
    Output::new(&found, table.to_string())
}

/// "Saint-Sauveur (05, 05200)": a place as it is listed to choose from.
fn describe(place: &Place) -> String {
    let details: Vec<&str> = [place.department.as_deref(), place.postcode.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if details.is_empty() {
        place.name.clone()
    } else {
        format!("{} ({})", place.name, details.join(", "))
    }
}

/// The coordinates of `place`, offered as defaults on a terminal (Enter
/// accepts them), taken as they are otherwise.
pub fn coordinates_from(ctx: &Context, place: &Place) -> Result<(f64, f64)> {
    let lat = prompt::with_default(ctx, None, "prompt-lat", &place.lat.to_string())?;
    let lon = prompt::with_default(ctx, None, "prompt-lon", &place.lon.to_string())?;
    let (lat, lon) = (
        parse_number(ctx, "--lat", &lat)?,
        parse_number(ctx, "--lon", &lon)?,
    );
    if !(-90.0..=90.0).contains(&lat) {
        return Err(flag_error(
            "--lat",
            t!(ctx.lang, "err-lat-range", value = lat),
        ));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(flag_error(
            "--lon",
            t!(ctx.lang, "err-lon-range", value = lon),
        ));
    }
    Ok((lat, lon))
}

/// Finds `name` in the gazetteer: the place if exactly one matches (after
/// `department`, or a choice on a terminal); `None` when nothing matches
/// and a person can type the coordinates; otherwise an error listing the
/// candidates or saying to give `--lat`/`--lon`.
pub fn locate(ctx: &Context, name: &str, department: Option<&str>) -> Result<Option<Place>> {
    let lang = ctx.lang;
    let found = gazetteer::lookup(name, department);
    match found.len() {
        0 => {
            if ctx.interactive {
                ctx.note(&t!(lang, "village-not-found-ask", name = name));
                return Ok(None);
            }
            let similar: Vec<String> = gazetteer::search(name, department)
                .into_iter()
                .take(5)
                .map(|(p, _)| describe(p))
                .collect();
            let hint = if similar.is_empty() {
                String::new()
            } else {
                t!(
                    lang,
                    "village-similar",
                    names = crate::i18n::Raw(similar.join(", "))
                )
            };
            Err(Error::usage(t!(
                lang,
                "village-not-found",
                name = name,
                hint = crate::i18n::Raw(hint)
            )))
        }
        1 => Ok(Some(found[0].clone())),
        _ if ctx.interactive => {
            let items: Vec<String> = found.iter().map(|p| describe(p)).collect();
            let choice = dialoguer::Select::with_theme(&dialoguer::theme::ColorfulTheme::default())
                .with_prompt(t!(lang, "village-choose", name = name))
                .items(&items)
                .default(0)
                .interact_on(&console::Term::stderr())
                .map_err(|e| Error::runtime(e.to_string()))?;
            Ok(Some(found[choice].clone()))
        }
        _ => {
            let list: Vec<String> = found.iter().map(|p| describe(p)).collect();
            Err(Error::usage(t!(
                lang,
                "village-ambiguous",
                name = name,
                count = found.len(),
                candidates = crate::i18n::Raw(list.join(", "))
            )))
        }
    }
}

fn add(args: AddArgs, ctx: &Context) -> Result<Output> {
    let name = prompt::required(ctx, args.name, "prompt-name", "NAME")?;
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(flag_error("NAME", t!(ctx.lang, "err-empty", key = "name")));
    }
    super::check_text_flag(ctx, "NAME", "name", &name)?;
    if let Some(department) = &args.department {
        super::check_text_flag(ctx, "--department", "department", department)?;
    }
    let department = args.department.filter(|d| !d.trim().is_empty());
    if args.lat.is_some() != args.lon.is_some() {
        let flag = if args.lat.is_some() { "--lon" } else { "--lat" };
        return Err(flag_error(flag, t!(ctx.lang, "err-lat-lon-pair")));
    }
    if args.lat.is_none() {
        if let Some(place) = locate(ctx, &name, department.as_deref())? {
            ctx.note(&t!(ctx.lang, "village-found", place = describe(&place)));
            // On a terminal the coordinates found are offered as defaults.
            let (lat, lon) = coordinates_from(ctx, &place)?;
            let village = if lat == place.lat && lon == place.lon {
                Village {
                    id: String::new(),
                    name: place.name.clone(),
                    lat,
                    lon,
                    department: department.or(place.department.clone()),
                }
            } else {
                Village {
                    id: String::new(),
                    name,
                    lat,
                    lon,
                    department,
                }
            };
            return save(ctx, village, args.id);
        }
    }
    let lat = prompt::required(ctx, args.lat, "prompt-lat", "--lat")?;
    let lon = prompt::required(ctx, args.lon, "prompt-lon", "--lon")?;
    let village = Village {
        id: String::new(),
        name,
        lat: parse_number(ctx, "--lat", &lat)?,
        lon: parse_number(ctx, "--lon", &lon)?,
        department,
    };
    save(ctx, village, args.id)
}

/// Validates `village` against the directory and appends it to villages.toml.
pub fn save(ctx: &Context, village: Village, id: Option<String>) -> Result<Output> {
    let lang = ctx.lang;
    check_coordinates(ctx, &village)?;
    let _lock = ctx.dir.lock()?;
    let data = ctx.load()?;
    let village = append_village(ctx, &data, village, id)?;
    let what = t!(lang, "what-village");
    let path = ctx.dir.villages();
    let text = t!(
        lang,
        "added",
        what = what,
        id = village.id,
        file = path.display()
    );
    Output::new(&village, text)
}

/// Checks a village's coordinates (WGS84 ranges).
pub fn check_coordinates(ctx: &Context, village: &Village) -> Result<()> {
    let lang = ctx.lang;
    if !(-90.0..=90.0).contains(&village.lat) {
        return Err(flag_error(
            "--lat",
            t!(lang, "err-lat-range", value = village.lat),
        ));
    }
    if !(-180.0..=180.0).contains(&village.lon) {
        return Err(flag_error(
            "--lon",
            t!(lang, "err-lon-range", value = village.lon),
        ));
    }
    Ok(())
}

/// The id `village` would get in `data`: `id` if given (checked), else one
/// made from its name, unique.
pub fn village_id(ctx: &Context, data: &Dataset, name: &str, id: Option<String>) -> Result<String> {
    let taken = |candidate: &str| data.villages.iter().any(|v| v.id == candidate);
    super::new_id(ctx, id, name, "villages.toml", taken)
}

/// Appends `village` to villages.toml after checking it against `data`
/// (which the caller loaded under the directory's lock, and keeps holding).
/// Returns it with its final id.
pub fn append_village(
    ctx: &Context,
    data: &Dataset,
    mut village: Village,
    id: Option<String>,
) -> Result<Village> {
    check_coordinates(ctx, &village)?;
    village.id = village_id(ctx, data, &village.name, id)?;
    let mut table = Table::new();
    table.insert("id", value(&village.id));
    table.insert("name", value(&village.name));
    table.insert("lat", value(village.lat));
    table.insert("lon", value(village.lon));
    if let Some(department) = &village.department {
        table.insert("department", value(department));
    }
    crate::store::edit::append_entries(&ctx.dir.villages(), "village", vec![table])?;
    Ok(village)
}
