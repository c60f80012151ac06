//! `jelly participants` (list) and `jelly participant add`.

use toml_edit::Table;

use crate::context::Context;
use crate::error::Result;
use crate::model::{is_valid_id, unique_slug, Dataset, Participant};
use crate::output::{self, Output};
use crate::{prompt, t};

use super::{flag_error, parse_number, unknown_ref};

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only the people with no answered invitation and no attendance for
    /// this long (e.g. 3y, 18mo, 6w, 90d), to review before forgetting them.
    #[arg(long, value_name = "DURATION")]
    pub inactive_since: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a participant; without --id, one is made from the name.
    Add(AddArgs),
    /// Everything held about one person, as JSON (the GDPR right of access).
    Export(super::participant_privacy::ExportArgs),
    /// Erase one person everywhere; past sessions keep their counts (GDPR right to erasure).
    Forget(super::participant_privacy::ForgetArgs),
    /// Fold one participant recorded twice into the other: sessions, answers
    /// and journals move to KEEP, KEEP gains the fields it lacks, OTHER goes.
    Merge(super::participant_merge::Args),
    /// Bring members in from a HelloAsso export, a CSV file or a spreadsheet
    /// (.xlsx, .ods); their villages are found from postcode and town.
    Import(super::import::Args),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The person's name, e.g. "Marie-France".
    pub name: Option<String>,
    /// The village they travel from (a village id).
    #[arg(long)]
    pub village: Option<String>,
    /// Their email address (without it, no mail is sent, but they still count).
    #[arg(long)]
    pub email: Option<String>,
    /// The furthest they will travel, in km.
    #[arg(long, allow_hyphen_values = true)]
    pub max_km: Option<String>,
    /// Identifier (default: made from the name, ASCII, lower case, unique).
    #[arg(long)]
    pub id: Option<String>,
    /// Their profession, e.g. "graphiste".
    #[arg(long)]
    pub profession: Option<String>,
    /// They agree to be named, for car-sharing, in the invitations of people of their village.
    #[arg(long)]
    pub carpool: bool,
    /// They agree to appear in the public site's members' directory (`jelly site`).
    #[arg(long)]
    pub listed: bool,
    /// A skill shown in the directory, e.g. "graphisme"; repeat for several.
    #[arg(long = "skill", value_name = "WORD")]
    pub skills: Vec<String>,
    /// Their web page (https://…), shown in the directory.
    #[arg(long)]
    pub website: Option<String>,
    /// Their public phone number, shown in the directory.
    #[arg(long)]
    pub phone: Option<String>,
}

pub fn list(args: ListArgs, ctx: &Context) -> Result<Output> {
    if let Some(since) = &args.inactive_since {
        return super::participant_privacy::list_inactive(ctx, since);
    }
    let data = ctx.load()?;
    let lang = ctx.lang;
    let mut table = output::table(crate::output::headers(
        lang,
        &[
            "col-id",
            "col-name",
            "col-village",
            "col-email",
            "col-max-km",
            "col-profession",
            "col-active",
        ],
    ));
    for p in &data.participants {
        table.add_row(vec![
            p.id.clone(),
            p.name.clone(),
            p.village.clone(),
            email_cell(lang, p),
            output::cell(p.max_km),
            output::cell(p.profession.as_ref()),
            t!(lang, if p.active { "yes" } else { "no" }),
        ]);
    }
    output::align_right(&mut table, &[4]);
    Ok(Output::new(&data.participants, table.to_string())?.with_csv(csv(&data)))
}

/// `jelly participants --format csv`: the association's spreadsheet, which
/// `jelly participant import` reads back unchanged. The header names are
/// the import's field names; `town`, `postcode` and `department` say where
/// the village is for a person reading it (the import goes by `village`).
pub fn csv(data: &Dataset) -> String {
    let mut text = output::csv_record(&[
        "id",
        "name",
        "email",
        "village",
        "town",
        "department",
        "max_km",
        "profession",
        "joined",
        "active",
        "carpool",
        "listed",
        "skills",
        "website",
        "phone",
    ]);
    let villages: std::collections::HashMap<&str, &crate::model::Village> =
        data.villages.iter().map(|v| (v.id.as_str(), v)).collect();
    for p in &data.participants {
        let village = villages.get(p.village.as_str());
        text.push_str(&output::csv_record(&[
            p.id.clone(),
            p.name.clone(),
            output::cell(p.email.as_ref()),
            p.village.clone(),
            output::cell(village.map(|v| &v.name)),
            output::cell(village.and_then(|v| v.department.as_ref())),
            output::cell(p.max_km),
            output::cell(p.profession.as_ref()),
            output::cell(p.joined),
            p.active.to_string(),
            p.carpool.to_string(),
            p.listed.to_string(),
            p.skills.join("; "),
            output::cell(p.website.as_ref()),
            output::cell(p.phone.as_ref()),
        ]));
    }
    text
}

/// The address, and whether jelly still writes to it (`bounced`, `mail = false`).
fn email_cell(lang: crate::i18n::Lang, p: &Participant) -> String {
    let mut cell = output::cell(p.email.as_ref());
    let note = match (p.bounced, p.mail) {
        (Some(date), _) => Some(t!(
            lang,
            "inbox-participant-bounced",
            date = date.to_string()
        )),
        (None, false) => Some(t!(lang, "inbox-participant-no-mail")),
        (None, true) => None,
    };
    if let Some(note) = note {
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(&format!("({note})"));
    }
    cell
}

pub fn run(command: Command, ctx: &Context) -> Result<Output> {
    match command {
        Command::Add(args) => add(args, ctx),
        Command::Export(args) => super::participant_privacy::export(args, ctx),
        Command::Forget(args) => super::participant_privacy::forget(args, ctx),
        Command::Import(args) => super::import::run(args, ctx),
        Command::Merge(args) => super::participant_merge::run(args, ctx),
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
    let (home, new_villages) = super::village::given_village(ctx, args.village)?;
    let email = prompt::optional(ctx, args.email, "prompt-email", true)?;
    // On a terminal, an address already on file is said before any further
    // question, not after them (the same rule is applied again under the
    // lock, by `add_participants`).
    if let (true, Some(email)) = (ctx.interactive && args.max_km.is_none(), &email) {
        let data = ctx.load()?;
        if let Some(owner) = crate::identity::AddressBook::new(&data.participants).owner(email) {
            return Err(flag_error(
                "--email",
                t!(
                    lang,
                    "identity-address-taken",
                    email = email.trim(),
                    id = owner.id,
                    name = owner.name
                ),
            ));
        }
    }
    let max_km = prompt::optional(ctx, args.max_km, "prompt-max-km", true)?
        .map(|text| parse_number(ctx, "--max-km", &text))
        .transpose()?;
    let mut new = Participant {
        id: args.id.unwrap_or_default(),
        name,
        email: email
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty()),
        village: String::new(), // resolved under the lock, below
        max_km,
        active: true,
        profession: args.profession.filter(|p| !p.trim().is_empty()),
        joined: Some(ctx.now.date()),
        carpool: args.carpool,
        mail: true,
        bounced: None,
        aliases: vec![],
        listed: args.listed,
        skills: args.skills.iter().map(|s| s.trim().to_string()).collect(),
        website: args.website.map(|w| w.trim().to_string()),
        phone: args.phone.map(|p| p.trim().to_string()),
    };
    check_fields(ctx, &new)?;
    let _lock = ctx.dir.lock()?;
    let mut data = ctx.load()?;
    let (village, added_village) =
        super::village::commit_village(ctx, &mut data, home, new_villages)?;
    new.village = village;
    let added = add_participants(ctx, &data, vec![new])?;
    let participant = added.into_iter().next().expect("one participant was added");
    // Same name and village, and no address or another one: maybe the same
    // person; said, not refused (namesakes exist).
    let namesakes = crate::identity::same_name_and_village(
        &data.participants,
        &participant.name,
        &participant.village,
    );
    if let Some(first) = namesakes.first() {
        let ids: Vec<&str> = namesakes.iter().map(|p| p.id.as_str()).collect();
        let village = data
            .village(&participant.village)
            .map_or(participant.village.as_str(), |v| v.name.as_str());
        ctx.note(&t!(
            lang,
            "identity-possible-duplicate",
            name = participant.name,
            village = village,
            ids = ids.join(", "),
            first = first.id,
            id = participant.id
        ));
    }
    let what = t!(lang, "what-participant");
    let path = ctx.dir.participants();
    let mut text = t!(
        lang,
        "added",
        what = what,
        id = participant.id,
        name = participant.name.as_str(),
        file = path.display()
    );
    super::village::say_added(ctx, &mut text, added_village.as_ref());
    Output::new(&participant, text)
}

/// Checks what can be checked of a new participant without the directory.
pub fn check_fields(ctx: &Context, p: &Participant) -> Result<()> {
    let lang = ctx.lang;
    super::check_text_flag(ctx, "NAME", "name", &p.name)?;
    if let Some(profession) = &p.profession {
        super::check_text_flag(ctx, "--profession", "profession", profession)?;
    }
    if let Some(email) = &p.email {
        if !crate::model::validate_recipient(&p.name, email) {
            return Err(flag_error(
                "--email",
                t!(lang, "err-bad-email", value = email),
            ));
        }
    }
    if let Some(max_km) = p.max_km {
        if !(0.0..=crate::model::validate::MAX_KM).contains(&max_km) {
            return Err(flag_error(
                "--max-km",
                t!(lang, "err-negative", key = "max_km", value = max_km),
            ));
        }
    }
    if let Some(website) = &p.website {
        if !crate::model::validate::is_valid_website(website) {
            return Err(flag_error(
                "--website",
                t!(lang, "site-err-website", value = website),
            ));
        }
    }
    if let Some(phone) = &p.phone {
        if !crate::model::validate::is_valid_phone(phone) {
            return Err(flag_error(
                "--phone",
                t!(lang, "site-err-phone", value = phone),
            ));
        }
    }
    if let Some(skill) = p
        .skills
        .iter()
        .find(|s| !crate::model::validate::is_valid_skill(s))
    {
        return Err(flag_error(
            "--skill",
            t!(lang, "site-err-skill", value = skill),
        ));
    }
    if !p.id.is_empty() && !is_valid_id(&p.id) {
        let example = crate::model::slug(&p.id);
        return Err(flag_error(
            "--id",
            t!(lang, "err-bad-id", id = p.id, example = example),
        ));
    }
    Ok(())
}

/// Appends new participants to participants.toml after checking them against
/// `data` (which the caller loaded under the directory's lock). An empty `id`
/// is made from the name. Returns them with their final ids.
pub fn add_participants(
    ctx: &Context,
    data: &Dataset,
    new: Vec<Participant>,
) -> Result<Vec<Participant>> {
    let lang = ctx.lang;
    let mut taken: std::collections::HashSet<String> =
        data.participants.iter().map(|p| p.id.clone()).collect();
    let village_ids: Vec<&str> = data.villages.iter().map(|v| v.id.as_str()).collect();
    let book = crate::identity::AddressBook::new(&data.participants);
    let mut added: Vec<Participant> = Vec::new();
    let mut tables = Vec::new();
    for mut p in new {
        check_fields(ctx, &p)?;
        // One address, one person: never a second record on an address.
        if let Some(email) = &p.email {
            let owner = book.owner(email).or_else(|| {
                added.iter().find(|a| {
                    a.email
                        .as_deref()
                        .is_some_and(|e| crate::identity::same_address(e, email))
                })
            });
            if let Some(owner) = owner {
                return Err(flag_error(
                    "--email",
                    t!(
                        lang,
                        "identity-address-taken",
                        email = email,
                        id = owner.id,
                        name = owner.name
                    ),
                ));
            }
        }
        if data.village(&p.village).is_none() {
            return Err(unknown_ref(
                ctx,
                "--village",
                "what-village",
                &p.village,
                &village_ids,
            ));
        }
        if p.id.is_empty() {
            p.id = unique_slug(&p.name, |c| taken.contains(c));
        } else if taken.contains(&p.id) {
            return Err(flag_error(
                "--id",
                t!(lang, "err-id-taken", id = p.id, file = "participants.toml"),
            ));
        }
        taken.insert(p.id.clone());
        tables.push(entry_table(&p));
        added.push(p);
    }
    crate::store::edit::append_entries(&ctx.dir.participants(), "participant", tables)?;
    Ok(added)
}

/// The `[[participant]]` table of `p`, keys in the documented order.
pub fn entry_table(p: &Participant) -> Table {
    crate::store::participants_file::entry_table(p)
}
