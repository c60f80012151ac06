//! `jelly venues` (list) and `jelly venue add`.

use toml_edit::{value, Array, Table};

use crate::context::Context;
use crate::error::Result;
use crate::model::Venue;
use crate::output::{self, Output};
use crate::{prompt, t};

use super::{flag_error, parse_number};

#[derive(Debug, clap::Args)]
pub struct ListArgs {}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a venue: a place that can host a session.
    Add(AddArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The venue's name, e.g. "Médiathèque d'Anduze".
    pub name: Option<String>,
    /// The village it is in (a village id).
    #[arg(long)]
    pub village: Option<String>,
    /// Identifier (default: made from the name).
    #[arg(long)]
    pub id: Option<String>,
    /// Number of seats.
    #[arg(long, allow_hyphen_values = true)]
    pub capacity: Option<String>,
    /// Latitude, if the venue is not at the village's point.
    #[arg(long, allow_hyphen_values = true, requires = "lon")]
    pub lat: Option<String>,
    /// Longitude, if the venue is not at the village's point.
    #[arg(long, allow_hyphen_values = true, requires = "lat")]
    pub lon: Option<String>,
    /// Amenities, comma-separated: wifi,projector,visio,printer,kitchen,accessible.
    #[arg(long, value_delimiter = ',')]
    pub amenities: Vec<String>,
    /// Postal address, shown in invitations.
    #[arg(long)]
    pub address: Option<String>,
    /// Contact, e.g. "Mairie <mairie@example.org>".
    #[arg(long)]
    pub contact: Option<String>,
}

pub fn list(_args: ListArgs, ctx: &Context) -> Result<Output> {
    let data = ctx.load()?;
    let lang = ctx.lang;
    let mut table = output::table(crate::output::headers(
        lang,
        &[
            "col-id",
            "col-name",
            "col-village",
            "col-capacity",
            "col-active",
            "col-amenities",
            "col-address",
        ],
    ));
    for v in &data.venues {
        table.add_row(vec![
            v.id.clone(),
            v.name.clone(),
            v.village.clone(),
            output::cell(v.capacity),
            t!(lang, if v.active { "yes" } else { "no" }),
            v.amenities.join(", "),
            output::cell(v.address.as_ref()),
        ]);
    }
    output::align_right(&mut table, &[3]);
    Output::new(&data.venues, table.to_string())
}

pub fn run(command: Command, ctx: &Context) -> Result<Output> {
    match command {
        Command::Add(args) => add(args, ctx),
    }
}

fn add(args: AddArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let name = prompt::required(ctx, args.name, "prompt-name", "NAME")?
        .trim()
        .to_string();
    if name.is_empty() {
        return Err(flag_error("NAME", t!(lang, "err-empty", key = "name")));
    }
    super::check_text_flag(ctx, "NAME", "name", &name)?;
    for (flag, key, value) in [
        ("--address", "address", &args.address),
        ("--contact", "contact", &args.contact),
    ] {
        if let Some(value) = value {
            super::check_text_flag(ctx, flag, key, value)?;
        }
    }
    let (home, new_villages) = super::village::given_village(ctx, args.village)?;
    let capacity_text = prompt::optional(ctx, args.capacity, "prompt-capacity", true)?;
    let capacity = match capacity_text {
        Some(text) => {
            let n: i64 = text.trim().parse().map_err(|_| {
                let expected = t!(lang, "type-integer");
                flag_error(
                    "--capacity",
                    t!(
                        lang,
                        "err-wrong-type",
                        key = "capacity",
                        expected = expected
                    ),
                )
            })?;
            if n < 0 {
                return Err(flag_error(
                    "--capacity",
                    t!(lang, "err-negative", key = "capacity", value = n),
                ));
            }
            Some(n as u32)
        }
        None => None,
    };
    let lat = args
        .lat
        .map(|t| parse_number(ctx, "--lat", &t))
        .transpose()?;
    let lon = args
        .lon
        .map(|t| parse_number(ctx, "--lon", &t))
        .transpose()?;
    if let Some(lat) = lat {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(flag_error("--lat", t!(lang, "err-lat-range", value = lat)));
        }
    }
    if let Some(lon) = lon {
        if !(-180.0..=180.0).contains(&lon) {
            return Err(flag_error("--lon", t!(lang, "err-lon-range", value = lon)));
        }
    }
    let amenities: Vec<String> = args
        .amenities
        .iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();

    let _lock = ctx.dir.lock()?;
    let mut data = ctx.load()?;
    let (village, added_village) =
        super::village::commit_village(ctx, &mut data, home, new_villages)?;
    let taken = |candidate: &str| data.venues.iter().any(|v| v.id == candidate);
    let id = super::new_id(ctx, args.id, &name, "venues.toml", taken)?;
    let venue = Venue {
        id,
        name,
        village,
        lat,
        lon,
        capacity,
        amenities,
        address: args.address.filter(|a| !a.trim().is_empty()),
        contact: args.contact.filter(|a| !a.trim().is_empty()),
        active: true,
    };
    let mut table = Table::new();
    table.insert("id", value(&venue.id));
    table.insert("name", value(&venue.name));
    table.insert("village", value(&venue.village));
    if let (Some(lat), Some(lon)) = (venue.lat, venue.lon) {
        table.insert("lat", value(lat));
        table.insert("lon", value(lon));
    }
    if let Some(capacity) = venue.capacity {
        table.insert("capacity", value(capacity as i64));
    }
    if !venue.amenities.is_empty() {
        table.insert(
            "amenities",
            value(venue.amenities.iter().collect::<Array>()),
        );
    }
    if let Some(address) = &venue.address {
        table.insert("address", value(address));
    }
    if let Some(contact) = &venue.contact {
        table.insert("contact", value(contact));
    }
    let path = ctx.dir.venues();
    crate::store::edit::append_entries(&path, "venue", vec![table])?;
    let what = t!(lang, "what-venue");
    let mut text = t!(
        lang,
        "added",
        what = what,
        id = venue.id,
        name = venue.name.as_str(),
        file = path.display()
    );
    super::village::say_added(ctx, &mut text, added_village.as_ref());
    Output::new(&venue, text)
}
