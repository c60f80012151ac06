//! `jelly attend EVENT`: record who came to a session.
//!
//! On a terminal: a checklist of the invited people (those who answered yes,
//! or were already recorded, ticked), then "anyone else?" to register
//! walk-ins (name, email, village; an unknown village is added on the spot
//! with its coordinates). Without a terminal: `--present ID,…` and
//! `--walk-in "Name <email>"` with `--village ID` (once for all walk-ins, or
//! once per walk-in in the same order).
//!
//! Walk-ins become participants (ids made from their names, unique); one
//! whose email is already a participant's is that participant. Everyone who
//! came is written to the session's `attended` list and, if missing, to its
//! `invited` list (the rotation engine's attendance rate is attended/invited
//! over held sessions, so a walk-in's first visit counts as 1 of 1); the
//! session becomes `held`. Replacing a list already recorded needs a
//! confirmation (or `--yes`).
//!
//! The questions are asked without holding the data directory's lock (a
//! person may take minutes; cron reminders must not wait for them). Every
//! write then happens under one hold of the lock, after re-reading and
//! re-checking the directory, each file replaced atomically.

use serde::Serialize;

use crate::checklist::{self, Checklist, Person};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::{Answer, Dataset, Event, Participant, Status, Village};
use crate::output::Output;
use crate::store::event_file::EventFile;
use crate::store::load::is_valid_email;
use crate::t;

use super::participant::{add_participants, check_fields};
use super::village::{append_village, ask_village, resolve_village, Home};
use super::{find_event, session_title};
use super::{flag_error, unknown_ref};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session (its id: the file stem under events/).
    pub event: String,
    /// Who came among the participants, by id, comma-separated
    /// (without a terminal; `--present ""` for nobody).
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub present: Option<Vec<String>>,
    /// Someone who is not a participant yet: "Name <email>" or "Name" (repeatable).
    #[arg(long = "walk-in", value_name = "NAME")]
    pub walk_in: Vec<String>,
    /// The walk-ins' village id: once for all of them, or once per --walk-in, in the same order.
    #[arg(long, value_name = "ID")]
    pub village: Vec<String>,
    /// Replace the attendance already recorded without asking.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Clone)]
struct WalkIn {
    name: String,
    email: Option<String>,
    /// Where they live; `None` until `--village` is looked up, and for a
    /// walk-in given without it (who must then be someone on file).
    home: Option<Home>,
    /// `--village` as typed: a village id or a commune's name.
    village_text: Option<String>,
    /// The participant they are, found by name (see [`identify_walk_ins`]).
    matched: Option<String>,
}

/// What the person (or the flags) said, before anything is written.
#[derive(Debug, Default)]
struct Answers {
    present: Vec<String>,
    walk_ins: Vec<WalkIn>,
    /// Villages to add, their ids still to be made.
    new_villages: Vec<Village>,
    /// The attendance list the person agreed to replace, if any.
    confirmed_replacing: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct WalkInReport {
    id: String,
    name: String,
    village: String,
    /// false when their email was already a participant's.
    new: bool,
}

#[derive(Debug, Serialize)]
struct Report {
    event: String,
    status: Status,
    attended: Vec<String>,
    invited: Vec<String>,
    walk_ins: Vec<WalkInReport>,
    new_villages: Vec<Village>,
    /// The list recorded before, when it was replaced.
    replaced: Option<Vec<String>>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let flags_given = args.present.is_some() || !args.walk_in.is_empty();
    if !flags_given && !ctx.interactive {
        return Err(Error::usage(t!(
            lang,
            "attend-no-terminal",
            id = args.event
        )));
    }
    let answers = if flags_given {
        let mut answers = from_flags(ctx, &args)?;
        if !answers.walk_ins.is_empty() {
            let data = ctx.load()?;
            identify_walk_ins(ctx, &data, &mut answers)?;
        }
        answers
    } else {
        let data = ctx.load()?;
        let event = find_event(ctx, &data, &args.event)?;
        check_status(ctx, &data, event)?;
        match ask(ctx, &data, event, args.yes)? {
            Some(mut answers) => {
                identify_walk_ins(ctx, &data, &mut answers)?;
                answers
            }
            None => {
                let text = t!(
                    lang,
                    "attend-kept",
                    of = super::session_of(ctx, &data, event),
                    id = event.id
                );
                return Output::new(&serde_json::Value::Null, text);
            }
        }
    };
    record(ctx, &args, answers)
}

/// A session can have attendance from its day on, unless cancelled.
fn check_status(ctx: &Context, data: &Dataset, event: &Event) -> Result<()> {
    if event.status == Status::Cancelled {
        return Err(Error::usage(t!(
            ctx.lang,
            "attend-cancelled",
            of = super::session_of(ctx, data, event),
            id = event.id
        )));
    }
    if event.date.date() > ctx.now.date() {
        return Err(Error::usage(t!(
            ctx.lang,
            "attend-future",
            of = super::session_of(ctx, data, event),
            id = event.id
        )));
    }
    Ok(())
}

/// `Name <email>` or `Name`.
fn parse_walk_in(ctx: &Context, text: &str) -> Result<(String, Option<String>)> {
    let text = text.trim();
    let bad = || {
        flag_error(
            "--walk-in",
            t!(ctx.lang, "attend-bad-walk-in", value = text),
        )
    };
    let (name, email) = match text.rfind('<') {
        Some(open) => {
            let email = text[open + 1..].strip_suffix('>').ok_or_else(bad)?.trim();
            (&text[..open], Some(email.to_string()))
        }
        None if text.contains('>') => return Err(bad()),
        None => (text, None),
    };
    let name = name.trim().trim_matches('"').trim().to_string();
    if name.is_empty() {
        return Err(bad());
    }
    super::check_text_flag(ctx, "--walk-in", "name", &name)?;
    if let Some(email) = &email {
        if !crate::model::validate_recipient(&name, email) {
            return Err(flag_error(
                "--walk-in",
                t!(ctx.lang, "err-bad-email", value = email),
            ));
        }
    }
    Ok((name, email.filter(|e| !e.is_empty())))
}

fn from_flags(ctx: &Context, args: &Args) -> Result<Answers> {
    let lang = ctx.lang;
    if args.walk_in.is_empty() && !args.village.is_empty() {
        return Err(flag_error("--village", t!(lang, "attend-village-alone")));
    }
    if args.village.len() > 1 && args.village.len() != args.walk_in.len() {
        return Err(flag_error(
            "--village",
            t!(
                lang,
                "attend-village-count",
                villages = args.village.len(),
                walk_ins = args.walk_in.len()
            ),
        ));
    }
    let mut walk_ins = Vec::new();
    for (i, text) in args.walk_in.iter().enumerate() {
        let (name, email) = parse_walk_in(ctx, text)?;
        let village = match args.village.len() {
            0 => None,
            1 => Some(&args.village[0]),
            _ => Some(&args.village[i]),
        };
        walk_ins.push(WalkIn {
            name,
            email,
            home: None,
            village_text: village.map(|v| v.trim().to_string()),
            matched: None,
        });
    }
    let present = args
        .present
        .iter()
        .flatten()
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
        .collect();
    Ok(Answers {
        present,
        walk_ins,
        ..Answers::default()
    })
}

fn dialog_error(e: dialoguer::Error) -> Error {
    Error::runtime(e.to_string())
}

/// The questions on a terminal; `None` if the person chose to keep the
/// attendance already recorded (or left the checklist).
fn ask(ctx: &Context, data: &Dataset, event: &Event, yes: bool) -> Result<Option<Answers>> {
    let lang = ctx.lang;
    let term = console::Term::stderr();
    let mut answers = Answers::default();
    let io = |e: std::io::Error| Error::runtime(e.to_string());
    if !event.attended.is_empty() {
        if !yes {
            let question = t!(
                lang,
                "attend-replace-question",
                title = super::session_of(ctx, data, event),
                count = event.attended.len()
            );
            if !crate::prompt::yes_no(&term, lang, &question, false).map_err(io)? {
                return Ok(None);
            }
        }
        answers.confirmed_replacing = Some(event.attended.clone());
    }

    let people: Vec<Person> = event
        .invited
        .iter()
        .map(|id| {
            let participant = data.participant(id);
            Person {
                id: id.clone(),
                name: participant.map_or_else(|| id.clone(), |p| p.name.clone()),
                village: participant
                    .and_then(|p| data.village(&p.village))
                    .map(|v| v.name.clone())
                    .unwrap_or_default(),
                said_yes: event.rsvp.get(id).is_some_and(|r| r.answer == Answer::Yes),
            }
        })
        .collect();
    let ticked: Vec<String> = people
        .iter()
        .filter(|p| p.said_yes || event.attended.contains(&p.id))
        .map(|p| p.id.clone())
        .collect();
    let title = t!(
        lang,
        "attend-who-came",
        title = crate::i18n::Raw(session_title(ctx, data, event))
    );
    let mut labels = Vec::new();
    let mut walk_ins = Vec::new();
    let mut new_villages = Vec::new();
    let mut failure = None;
    let outcome = checklist::run(
        &term,
        lang,
        &title,
        Checklist::new(people, &ticked),
        &mut labels,
        || match ask_walk_in(ctx, data, &mut new_villages) {
            Ok(Some((walk_in, label))) => {
                walk_ins.push(walk_in);
                Ok(Some(label))
            }
            Ok(None) => Ok(None),
            Err(e) => {
                failure = Some(e);
                Ok(None)
            }
        },
    )
    .map_err(io)?;
    if let Some(e) = failure {
        return Err(e);
    }
    match outcome {
        checklist::Outcome::Done(present) => {
            answers.present = present;
            answers.walk_ins = walk_ins;
            answers.new_villages = new_villages;
            Ok(Some(answers))
        }
        checklist::Outcome::Abandoned => Ok(None),
    }
}

/// A walk-in, asked in the checklist's screen: name, email, village.
/// `None` when the name is left empty.
fn ask_walk_in(
    ctx: &Context,
    data: &Dataset,
    new_villages: &mut Vec<Village>,
) -> Result<Option<(WalkIn, String)>> {
    use dialoguer::theme::ColorfulTheme;
    use dialoguer::Input;
    let lang = ctx.lang;
    let theme = ColorfulTheme::default();
    let term = console::Term::stderr();
    let name: String = Input::with_theme(&theme)
        .with_prompt(t!(lang, "attend-walk-in-name"))
        .allow_empty(true)
        .interact_text_on(&term)
        .map_err(dialog_error)?;
    let name = name.trim().to_string();
    if name.is_empty() {
        return Ok(None);
    }
    let email: String = Input::with_theme(&theme)
        .with_prompt(t!(lang, "prompt-email"))
        .allow_empty(true)
        .validate_with(|s: &String| -> std::result::Result<(), String> {
            if s.trim().is_empty() || is_valid_email(s.trim()) {
                Ok(())
            } else {
                Err(t!(lang, "err-bad-email", value = s.trim()))
            }
        })
        .interact_text_on(&term)
        .map_err(dialog_error)?;
    let home = ask_village(ctx, data, new_villages)?;
    let village_name = match &home {
        Home::Existing(id) => data
            .village(id)
            .map_or_else(|| id.clone(), |v| v.name.clone()),
        Home::New(index) => new_villages[*index].name.clone(),
    };
    let email = email.trim().to_string();
    let label = t!(
        lang,
        "attend-walk-in-label",
        name = name,
        village = village_name
    );
    Ok(Some((
        WalkIn {
            name,
            email: (!email.is_empty()).then_some(email),
            home: Some(home),
            village_text: None,
            matched: None,
        },
        label,
    )))
}

/// Finds who each walk-in given by flags is: their village looked up
/// (see [`resolve_village`]), then, unless their address is on file, the
/// participant of that name in that village, else anywhere
/// ([`crate::identity::find_by_name`]). Several of that name: a choice on a
/// terminal, an error listing them without one. Nobody: a newcomer, who
/// needs a village.
fn identify_walk_ins(ctx: &Context, data: &Dataset, answers: &mut Answers) -> Result<()> {
    use crate::identity::{find_by_name, NameMatch};
    let lang = ctx.lang;
    let book = crate::identity::AddressBook::new(&data.participants);
    for walk_in in &mut answers.walk_ins {
        if walk_in.home.is_none() {
            if let Some(text) = walk_in.village_text.clone() {
                match resolve_village(ctx, data, &mut answers.new_villages, &text)? {
                    Some(home) => walk_in.home = Some(home),
                    None => {
                        let ids: Vec<&str> = data.villages.iter().map(|v| v.id.as_str()).collect();
                        return Err(unknown_ref(ctx, "--village", "what-village", &text, &ids));
                    }
                }
            }
        }
        if walk_in
            .email
            .as_deref()
            .is_some_and(|e| book.owner(e).is_some())
        {
            continue;
        }
        let village = match &walk_in.home {
            Some(Home::Existing(id)) => Some(id.as_str()),
            _ => None,
        };
        // Someone with another address is someone else.
        let found = find_by_name(&data.participants, &walk_in.name, village);
        let fits = |p: &&Participant| walk_in.email.is_none() || p.email.is_none();
        let found = match found {
            NameMatch::One(p, scope) if fits(&p) => NameMatch::One(p, scope),
            NameMatch::Several(ps, scope) => {
                let ps: Vec<&Participant> = ps.into_iter().filter(|p| fits(p)).collect();
                match ps.len() {
                    0 => NameMatch::Nobody,
                    1 => NameMatch::One(ps[0], scope),
                    _ => NameMatch::Several(ps, scope),
                }
            }
            _ => NameMatch::Nobody,
        };
        match found {
            NameMatch::One(p, _) => {
                ctx.note(&t!(
                    lang,
                    "identity-walk-in-matched",
                    name = walk_in.name,
                    id = p.id,
                    village = p.village
                ));
                walk_in.matched = Some(p.id.clone());
            }
            NameMatch::Several(people, _) => {
                let items: Vec<String> = people
                    .iter()
                    .map(|p| format!("{} ({}, {})", p.name, p.id, p.village))
                    .collect();
                if !ctx.interactive {
                    return Err(flag_error(
                        "--walk-in",
                        t!(
                            lang,
                            "identity-walk-in-several",
                            name = walk_in.name,
                            count = people.len(),
                            candidates = crate::i18n::Raw(items.join(", "))
                        ),
                    ));
                }
                let mut choices = items;
                choices.push(t!(lang, "identity-walk-in-someone-new"));
                let choice =
                    dialoguer::Select::with_theme(&dialoguer::theme::ColorfulTheme::default())
                        .with_prompt(t!(lang, "identity-walk-in-choose", name = walk_in.name))
                        .items(&choices)
                        .default(0)
                        .interact_on(&console::Term::stderr())
                        .map_err(dialog_error)?;
                if let Some(p) = people.get(choice) {
                    walk_in.matched = Some(p.id.clone());
                }
            }
            NameMatch::Nobody => {}
        }
        if walk_in.matched.is_none() && walk_in.home.is_none() {
            return Err(flag_error("--village", t!(lang, "attend-village-missing")));
        }
    }
    Ok(())
}

/// The participant a previous run added for `walk_in` (no email) before
/// stopping: same name, no email, same village, and in no session yet.
fn half_done_walk_in<'d>(data: &'d Dataset, walk_in: &WalkIn) -> Option<&'d Participant> {
    let Some(Home::Existing(village)) = &walk_in.home else {
        return None;
    };
    let name = walk_in.name.trim().to_lowercase();
    data.participants.iter().find(|p| {
        p.email.is_none()
            && &p.village == village
            && p.name.trim().to_lowercase() == name
            && !data
                .events
                .iter()
                .any(|e| e.invited.contains(&p.id) || e.attended.contains(&p.id))
    })
}

/// Writes the attendance: under the lock, re-reads the directory, checks
/// everything, then adds the new villages, the new participants and the
/// session's lists.
fn record(ctx: &Context, args: &Args, answers: Answers) -> Result<Output> {
    let lang = ctx.lang;
    let _lock = ctx.dir.lock()?;
    let mut data = ctx.load()?;
    let event = find_event(ctx, &data, &args.event)?.clone();
    check_status(ctx, &data, &event)?;

    let participant_ids: Vec<&str> = data.participants.iter().map(|p| p.id.as_str()).collect();
    let mut attended: Vec<String> = Vec::new();
    for id in &answers.present {
        if data.participant(id).is_none() && !crate::privacy::is_anonymous(id) {
            return Err(unknown_ref(
                ctx,
                "--present",
                "what-participant",
                id,
                &participant_ids,
            ));
        }
        if !attended.contains(id) {
            attended.push(id.clone());
        }
    }
    let village_ids: Vec<&str> = data.villages.iter().map(|v| v.id.as_str()).collect();
    for walk_in in &answers.walk_ins {
        if let Some(Home::Existing(id)) = &walk_in.home {
            if data.village(id).is_none() {
                return Err(unknown_ref(
                    ctx,
                    "--village",
                    "what-village",
                    id,
                    &village_ids,
                ));
            }
        }
    }

    // Walk-ins whose email is a participant's are that participant.
    let mut known = Vec::new();
    let mut newcomers: Vec<(Participant, Home)> = Vec::new();
    for walk_in in &answers.walk_ins {
        if let Some(id) = &walk_in.matched {
            let p = data.participant(id).ok_or_else(|| {
                unknown_ref(ctx, "--walk-in", "what-participant", id, &participant_ids)
            })?;
            if !known.iter().any(|k: &Participant| k.id == p.id) {
                known.push(p.clone());
            }
            continue;
        }
        let same_email = |email: &Option<String>| matches!((email, &walk_in.email), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
        if let Some(p) = data.participants.iter().find(|p| same_email(&p.email)) {
            ctx.note(&t!(
                lang,
                "attend-known-walk-in",
                name = walk_in.name,
                id = p.id
            ));
            known.push(p.clone());
            continue;
        }
        if newcomers.iter().any(|(p, _)| same_email(&p.email)) {
            continue;
        }
        // A walk-in without an email added by a run that stopped before it
        // wrote the session (the writes are separate files): that run's
        // participant, not a second one.
        if walk_in.email.is_none() {
            if let Some(p) = half_done_walk_in(&data, walk_in) {
                if !known.iter().any(|k: &Participant| k.id == p.id) {
                    known.push(p.clone());
                }
                continue;
            }
        }
        let participant = Participant {
            id: String::new(),
            name: walk_in.name.clone(),
            email: walk_in.email.clone(),
            village: match &walk_in.home {
                Some(Home::Existing(id)) => id.clone(),
                _ => String::new(),
            },
            max_km: None,
            active: true,
            profession: None,
            joined: Some(ctx.now.date()),
            carpool: false,
            mail: true,
            bounced: None,
            skills: vec![],
            aliases: vec![],
            listed: false,
            website: None,
            phone: None,
        };
        check_fields(ctx, &participant)?;
        let Some(home) = walk_in.home.clone() else {
            return Err(flag_error("--village", t!(lang, "attend-village-missing")));
        };
        newcomers.push((participant, home));
    }
    for p in &known {
        if !attended.contains(&p.id) {
            attended.push(p.id.clone());
        }
    }

    let same_people = {
        let mut before = event.attended.clone();
        let mut after = attended.clone();
        before.sort();
        after.sort();
        before == after
    };
    let unchanged = newcomers.is_empty() && same_people;
    let replacing = !event.attended.is_empty() && !unchanged;
    if replacing && !args.yes {
        match &answers.confirmed_replacing {
            Some(seen) if *seen == event.attended => {}
            Some(_) => {
                return Err(Error::usage(t!(
                    lang,
                    "attend-changed-meanwhile",
                    of = super::session_of(ctx, &data, &event),
                    id = event.id
                )));
            }
            None => {
                return Err(Error::usage(t!(
                    lang,
                    "attend-already",
                    of = super::session_of(ctx, &data, &event),
                    id = event.id,
                    count = event.attended.len(),
                    list = crate::i18n::Raw(event.attended.join(","))
                )));
            }
        }
    }

    // Everything is checked: write.
    let mut added_villages = Vec::new();
    for village in answers.new_villages {
        let added = append_village(ctx, &data, village, None)?;
        data.villages.push(added.clone());
        added_villages.push(added);
    }
    let new_people: Vec<Participant> = newcomers
        .iter()
        .map(|(p, home)| {
            let mut p = p.clone();
            if let Home::New(index) = home {
                p.village = added_villages[*index].id.clone();
            }
            p
        })
        .collect();
    let added_people = if new_people.is_empty() {
        Vec::new()
    } else {
        add_participants(ctx, &data, new_people)?
    };
    for p in &added_people {
        attended.push(p.id.clone());
    }
    let mut invited = event.invited.clone();
    for id in &attended {
        if !invited.contains(id) {
            invited.push(id.clone());
        }
    }

    let mut file = EventFile::open(&ctx.dir.event(&event.id))?;
    file.set_invited(&invited);
    file.set_attended(&attended);
    file.set_status(Status::Held);
    file.save()?;

    let mut walk_ins: Vec<WalkInReport> = known
        .iter()
        .map(|p| WalkInReport {
            id: p.id.clone(),
            name: p.name.clone(),
            village: p.village.clone(),
            new: false,
        })
        .collect();
    walk_ins.extend(added_people.iter().map(|p| WalkInReport {
        id: p.id.clone(),
        name: p.name.clone(),
        village: p.village.clone(),
        new: true,
    }));
    let names: Vec<String> = attended
        .iter()
        .map(|id| {
            data.participant(id)
                .or_else(|| added_people.iter().find(|p| &p.id == id))
                .map_or_else(|| id.clone(), |p| p.name.clone())
        })
        .collect();
    let mut text = t!(
        lang,
        "attend-recorded-named",
        title = super::session_of(ctx, &data, &event),
        id = event.id,
        count = attended.len(),
        list = crate::i18n::Raw(if names.is_empty() {
            "–".to_string()
        } else {
            names.join(", ")
        })
    );
    for p in &added_people {
        text.push('\n');
        text.push_str(&t!(
            lang,
            "attend-new-participant",
            id = p.id,
            name = p.name,
            village = p.village
        ));
    }
    for v in &added_villages {
        text.push('\n');
        let what = t!(lang, "what-village");
        let file = ctx.dir.villages();
        text.push_str(&t!(
            lang,
            "added",
            what = what,
            id = v.id,
            name = v.name.as_str(),
            file = file.display()
        ));
    }
    Output::new(
        &Report {
            event: event.id.clone(),
            status: Status::Held,
            attended,
            invited,
            walk_ins,
            new_villages: added_villages,
            replaced: replacing.then(|| event.attended.clone()),
        },
        text,
    )
}
