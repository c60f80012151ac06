//! `jelly villages` (list) and `jelly village add`.

use serde::Serialize;
use toml_edit::{value, Table};

use crate::context::Context;
use crate::error::Result;
use crate::model::{is_valid_id, unique_slug, Dataset, Village};
use crate::output::{self, Output};
use crate::{prompt, t};

use super::{flag_error, parse_number};

#[derive(Debug, clap::Args)]
pub struct ListArgs {}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a village (coordinates as flags, or asked on a terminal).
    Add(AddArgs),
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
    /// Department code, e.g. 30.
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
            "col.id",
            "col.name",
            "col.department",
            "col.lat",
            "col.lon",
            "col.venues",
            "col.participants",
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
    }
}

fn add(args: AddArgs, ctx: &Context) -> Result<Output> {
    let name = prompt::required(ctx, args.name, "prompt.name", "NAME")?;
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(flag_error("NAME", t!(ctx.lang, "err.empty", key = "name")));
    }
    let lat = prompt::required(ctx, args.lat, "prompt.lat", "--lat")?;
    let lon = prompt::required(ctx, args.lon, "prompt.lon", "--lon")?;
    let village = Village {
        id: String::new(),
        name,
        lat: parse_number(ctx, "--lat", &lat)?,
        lon: parse_number(ctx, "--lon", &lon)?,
        department: args.department.filter(|d| !d.trim().is_empty()),
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
    let what = t!(lang, "what.village");
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
            t!(lang, "err.lat_range", value = village.lat),
        ));
    }
    if !(-180.0..=180.0).contains(&village.lon) {
        return Err(flag_error(
            "--lon",
            t!(lang, "err.lon_range", value = village.lon),
        ));
    }
    Ok(())
}

/// The id `village` would get in `data`: `id` if given (checked), else one
/// made from its name, unique.
pub fn village_id(ctx: &Context, data: &Dataset, name: &str, id: Option<String>) -> Result<String> {
    let lang = ctx.lang;
    let taken = |candidate: &str| data.villages.iter().any(|v| v.id == candidate);
    match id {
        Some(id) => {
            if !is_valid_id(&id) {
                let example = crate::model::slug(&id);
                return Err(flag_error(
                    "--id",
                    t!(lang, "err.bad_id", id = id, example = example),
                ));
            }
            if taken(&id) {
                return Err(flag_error(
                    "--id",
                    t!(lang, "err.id_taken", id = id, file = "villages.toml"),
                ));
            }
            Ok(id)
        }
        None => Ok(unique_slug(name, taken)),
    }
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
