//! `jelly villages` (list), `jelly village add` (coordinates given, or
//! looked up by name or postcode among every French commune) and
//! `jelly village search`.

use serde::Serialize;
use toml_edit::{value, Table};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::gazetteer::{self, Commune, Match};
use crate::model::{slug, Dataset, Village};
use crate::output::{self, Output};
use crate::{prompt, t};

use super::{flag_error, parse_number};

#[derive(Debug, clap::Args)]
pub struct ListArgs {}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a village: without --lat/--lon, its coordinates and department
    /// are looked up by name (or --postcode) among every French commune.
    Add(AddArgs),
    /// Look a name (or a postcode) up among the built-in French communes.
    Search(SearchArgs),
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// A commune's name (accents, hyphens, case, articles do not matter:
    /// "st jean du gard"), or a postcode (32270).
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
    /// Postcode, e.g. 32270: picks among its communes (with NAME), or the
    /// commune it serves (without).
    #[arg(long)]
    pub postcode: Option<String>,
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
    let mut table = output::table(crate::output::headers(
        lang,
        &[
            "col-id",
            "col-name",
            "col-department",
            "col-lat",
            "col-lon",
            "col-venues",
            "col-participants",
        ],
    ));
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
    place: &'a Commune,
    #[serde(rename = "match")]
    how: Match,
}

fn search(args: SearchArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let text = args.text.trim();
    let by_postcode = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == ' ');
    let found: Vec<Found> = if by_postcode {
        gazetteer::by_postcode(text)
            .into_iter()
            .map(|place| (place, Match::Exact))
            .collect()
    } else {
        gazetteer::search(text, args.department.as_deref())
    }
    .into_iter()
    .take(args.limit)
    .map(|(place, how)| Found { place, how })
    .collect();
    if found.is_empty() {
        let text = t!(lang, "village-search-none", query = args.text);
        return Output::new(&found, text);
    }
    let mut table = output::table(crate::output::headers(
        lang,
        &[
            "col-name",
            "col-department",
            "village-col-postcode",
            "col-lat",
            "col-lon",
            "village-col-population",
        ],
    ));
    for f in &found {
        let p = f.place;
        table.add_row(vec![
            p.name.clone(),
            p.department.clone(),
            p.postcodes.join(" "),
            output::cell(p.lat.map(|v| format!("{v:.5}"))),
            output::cell(p.lon.map(|v| format!("{v:.5}"))),
            output::cell(p.population.map(|n| crate::i18n::number(lang, n as f64, 0))),
        ]);
    }
    output::align_right(&mut table, &[3, 4, 5]);
    Output::new(&found, table.to_string())
}

/// "Saint-Sauveur (05, 05200)": a commune as it is listed to choose from.
pub(crate) fn describe(place: &Commune) -> String {
    if place.postcode.is_empty() {
        format!("{} ({})", place.name, place.department)
    } else {
        format!("{} ({}, {})", place.name, place.department, place.postcode)
    }
}

/// The coordinates of `place`, offered as defaults on a terminal (Enter
/// accepts them), taken as they are otherwise. A commune the data has no
/// point for is asked for on a terminal, and is a usage error naming
/// --lat/--lon without one: jelly never invents a point.
pub(crate) fn coordinates_from(ctx: &Context, place: &Commune) -> Result<(f64, f64)> {
    let (lat, lon) = match place.point() {
        Some((lat, lon)) => (
            prompt::with_default(ctx, None, "prompt-lat", &lat.to_string())?,
            prompt::with_default(ctx, None, "prompt-lon", &lon.to_string())?,
        ),
        None => {
            if !ctx.interactive {
                return Err(Error::usage(t!(
                    ctx.lang,
                    "village-no-coordinates",
                    place = describe(place)
                )));
            }
            ctx.note(&t!(
                ctx.lang,
                "village-no-coordinates-ask",
                place = describe(place)
            ));
            (
                prompt::required(ctx, None, "prompt-lat", "--lat")?,
                prompt::required(ctx, None, "prompt-lon", "--lon")?,
            )
        }
    };
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
pub(crate) fn locate(
    ctx: &Context,
    name: &str,
    department: Option<&str>,
) -> Result<Option<Commune>> {
    locate_among(ctx, name, gazetteer::lookup(name, department), department)
}

/// Like [`locate`] among `found`, the communes already matched.
fn locate_among(
    ctx: &Context,
    name: &str,
    found: Vec<&Commune>,
    department: Option<&str>,
) -> Result<Option<Commune>> {
    let lang = ctx.lang;
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

/// The commune of `postcode` called `name` (any of its communes when
/// `name` is empty and the postcode serves only one).
fn locate_postcode(
    ctx: &Context,
    postcode: &str,
    name: &str,
    department: Option<&str>,
) -> Result<Option<Commune>> {
    let served = gazetteer::by_postcode(postcode);
    if served.is_empty() {
        return Err(flag_error(
            "--postcode",
            t!(
                ctx.lang,
                "village-unknown-postcode",
                postcode = postcode.trim()
            ),
        ));
    }
    if name.is_empty() {
        if served.len() > 1 && !ctx.interactive && department.is_none() {
            let list: Vec<String> = served.iter().map(|c| c.name.clone()).collect();
            return Err(flag_error(
                "--postcode",
                t!(
                    ctx.lang,
                    "village-postcode-several",
                    postcode = postcode.trim(),
                    count = served.len(),
                    candidates = crate::i18n::Raw(list.join(", "))
                ),
            ));
        }
        return locate_among(ctx, postcode.trim(), served, department);
    }
    let wanted = gazetteer::key(name);
    let matching: Vec<&Commune> = match gazetteer::resolve(Some(postcode), Some(name)) {
        gazetteer::Resolution::Found(one) => vec![one],
        gazetteer::Resolution::Ambiguous(several) => several,
        _ => served
            .iter()
            .copied()
            .filter(|c| gazetteer::key(&c.name).contains(&wanted))
            .collect(),
    };
    if matching.is_empty() {
        let names: Vec<String> = served.iter().map(|c| c.name.clone()).collect();
        return Err(flag_error(
            "--postcode",
            t!(
                ctx.lang,
                "village-not-in-postcode",
                name = name,
                postcode = postcode.trim(),
                communes = names.join(", ")
            ),
        ));
    }
    locate_among(ctx, name, matching, department)
}

fn add(args: AddArgs, ctx: &Context) -> Result<Output> {
    let name = match (&args.name, &args.postcode) {
        (None, Some(_)) => String::new(),
        _ => prompt::required(ctx, args.name, "prompt-name", "NAME")?,
    };
    let name = name.trim().to_string();
    if name.is_empty() && args.postcode.is_none() {
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
        let found = match args.postcode.as_deref() {
            Some(postcode) => locate_postcode(ctx, postcode, &name, department.as_deref())?,
            None => locate(ctx, &name, department.as_deref())?,
        };
        if let Some(place) = found {
            ctx.note(&t!(ctx.lang, "village-found", place = describe(&place)));
            // On a terminal the coordinates found are offered as defaults.
            let (lat, lon) = coordinates_from(ctx, &place)?;
            let village = if place.point() == Some((lat, lon)) || place.point().is_none() {
                Village {
                    id: String::new(),
                    name: place.name.clone(),
                    lat,
                    lon,
                    department: department.or(Some(place.department.clone())),
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
    if name.is_empty() {
        return Err(flag_error("NAME", t!(ctx.lang, "err-empty", key = "name")));
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
        name = village.name.as_str(),
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

/// How a person named a village: one of the directory's, or one to add
/// (an index into the caller's list of new villages).
#[derive(Debug, Clone)]
pub(crate) enum Home {
    Existing(String),
    /// Index into the caller's new villages.
    New(usize),
}

/// A village of the directory (or one just added) matching `text`: its id,
/// or its name written any way ("saint jean du gard").
pub(crate) fn find_village(data: &Dataset, new: &[Village], text: &str) -> Option<Home> {
    let wanted = slug(text);
    let key = crate::gazetteer::key(text);
    let same = |v: &Village| slug(&v.name) == wanted || crate::gazetteer::key(&v.name) == key;
    if let Some(v) = data.villages.iter().find(|v| v.id == text || same(v)) {
        return Some(Home::Existing(v.id.clone()));
    }
    new.iter().position(same).map(Home::New)
}

/// A village typed by a person: one of the directory, else a French
/// commune found among the built-in ones (as `village add` does), to be
/// added. `None` when nothing matches and a person can type coordinates.
pub(crate) fn resolve_village(
    ctx: &Context,
    data: &Dataset,
    new: &mut Vec<Village>,
    text: &str,
) -> Result<Option<Home>> {
    if let Some(home) = find_village(data, new, text) {
        return Ok(Some(home));
    }
    // Not a commune either: the caller says so (flags) or asks for its
    // coordinates (terminal).
    if crate::gazetteer::lookup(text, None).is_empty() {
        return Ok(None);
    }
    let Some(place) = super::village::locate(ctx, text, None)? else {
        return Ok(None);
    };
    let Some((lat, lon)) = place.point() else {
        return Err(flag_error(
            "--village",
            t!(
                ctx.lang,
                "village-no-coordinates",
                place = super::village::describe(&place)
            ),
        ));
    };
    if let Some(home) = find_village(data, new, &place.name) {
        return Ok(Some(home));
    }
    ctx.note(&t!(
        ctx.lang,
        "village-found",
        place = super::village::describe(&place)
    ));
    new.push(Village {
        id: String::new(),
        name: place.name.clone(),
        lat,
        lon,
        department: Some(place.department.clone()),
    });
    Ok(Some(Home::New(new.len() - 1)))
}

/// A village asked on a terminal (a walk-in's, a new venue's or person's): one of the directory's (by id or name), else a
/// commune found among the built-in French communes (added on a yes),
/// else one whose coordinates the person types.
pub(crate) fn ask_village(ctx: &Context, data: &Dataset, new: &mut Vec<Village>) -> Result<Home> {
    use dialoguer::theme::ColorfulTheme;
    use dialoguer::Input;
    let lang = ctx.lang;
    let theme = ColorfulTheme::default();
    let term = console::Term::stderr();
    let io = |e: std::io::Error| Error::runtime(e.to_string());
    loop {
        let text: String = Input::with_theme(&theme)
            .with_prompt(t!(lang, "attend-village-prompt"))
            .interact_text_on(&term)
            .map_err(|e| Error::runtime(e.to_string()))?;
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(home) = find_village(data, new, text) {
            return Ok(home);
        }
        let communes = crate::gazetteer::lookup(text, None);
        if let Some((commune, (lat, lon))) = communes
            .iter()
            .find_map(|c| c.point().map(|point| (c, point)))
        {
            let question = t!(
                lang,
                "attend-add-commune",
                name = commune.name,
                department = commune.department,
                postcode = commune.postcode
            );
            if crate::prompt::yes_no(&term, lang, &question, true).map_err(io)? {
                if let Some(home) = find_village(data, new, &commune.name) {
                    return Ok(home);
                }
                new.push(Village {
                    id: String::new(),
                    name: commune.name.clone(),
                    lat,
                    lon,
                    department: Some(commune.department.clone()),
                });
                return Ok(Home::New(new.len() - 1));
            }
            continue;
        }
        let question = t!(lang, "attend-add-village", name = text);
        if !crate::prompt::yes_no(&term, lang, &question, true).map_err(io)? {
            continue;
        }
        let coordinate = |key: &str, flag: &'static str| -> Result<f64> {
            let answer: String = Input::with_theme(&theme)
                .with_prompt(t!(lang, key))
                .validate_with(|s: &String| -> std::result::Result<(), String> {
                    parse_number(ctx, flag, s)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
                .interact_text_on(&term)
                .map_err(|e| Error::runtime(e.to_string()))?;
            parse_number(ctx, flag, &answer)
        };
        let village = Village {
            id: String::new(),
            name: text.to_string(),
            lat: coordinate("prompt-lat", "--lat")?,
            lon: coordinate("prompt-lon", "--lon")?,
            department: None,
        };
        match check_coordinates(ctx, &village) {
            Ok(()) => {
                new.push(village);
                return Ok(Home::New(new.len() - 1));
            }
            Err(e) => {
                let _ = term.write_line(&e.to_string());
            }
        }
    }
}

/// The village given for a new venue or participant (`--village`, else
/// asked on a terminal): one of the directory's, by id or by name written
/// any way, else a French commune to add. Resolved before the directory's
/// lock (a question may be asked); [`commit_village`] writes it under it.
pub(crate) fn given_village(ctx: &Context, given: Option<String>) -> Result<(Home, Vec<Village>)> {
    let data = ctx.load()?;
    let mut new = Vec::new();
    let home = match given.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => match resolve_village(ctx, &data, &mut new, text)? {
            Some(home) => home,
            None => return Err(unknown_village(ctx, &data, text)),
        },
        _ if ctx.interactive => ask_village(ctx, &data, &mut new)?,
        _ => {
            let what = t!(ctx.lang, "what-village");
            return Err(Error::usage(t!(
                ctx.lang,
                "err-no-terminal",
                what = what,
                flag = "--village"
            )));
        }
    };
    Ok((home, new))
}

/// The id of the village [`given_village`] found, a new one appended to
/// villages.toml and to `data` (loaded under the caller's lock); the
/// village added, if one was.
pub(crate) fn commit_village(
    ctx: &Context,
    data: &mut Dataset,
    home: Home,
    new: Vec<Village>,
) -> Result<(String, Option<Village>)> {
    match home {
        Home::Existing(id) if data.village(&id).is_some() => Ok((id, None)),
        Home::Existing(id) => Err(unknown_village(ctx, data, &id)),
        Home::New(index) => {
            let village = new[index].clone();
            // Added meanwhile by someone else: that one.
            if let Some(Home::Existing(id)) = find_village(data, &[], &village.name) {
                return Ok((id, None));
            }
            let added = append_village(ctx, data, village, None)?;
            data.villages.push(added.clone());
            Ok((added.id.clone(), Some(added)))
        }
    }
}

/// A village that is neither in villages.toml nor a French commune.
fn unknown_village(ctx: &Context, data: &Dataset, text: &str) -> Error {
    let ids = data.villages.iter().map(|v| v.id.as_str());
    let hint = match crate::store::schema::closest(text, ids) {
        Some(s) => t!(ctx.lang, "village-unknown-closest", suggestion = s),
        None => String::new(),
    };
    flag_error(
        "--village",
        t!(
            ctx.lang,
            "village-unknown-anywhere",
            name = text,
            hint = crate::i18n::Raw(hint)
        ),
    )
}

/// « Village … ajouté à villages.toml », on a line before `text`, when one was.
pub(crate) fn say_added(ctx: &Context, text: &mut String, village: Option<&Village>) {
    if let Some(v) = village {
        let what = t!(ctx.lang, "what-village");
        let line = t!(
            ctx.lang,
            "added",
            what = what,
            id = v.id,
            name = v.name.as_str(),
            file = ctx.dir.villages().display()
        );
        *text = format!("{line}\n{text}");
    }
}
