//! `jelly participant import FILE`: members from a HelloAsso export, a CSV
//! file or a spreadsheet, with their villages found offline among every
//! French commune. All or nothing by default; one locked write of
//! villages.toml and participants.toml.

use std::path::PathBuf;

use serde::Serialize;

use crate::context::{Context, Format};
use crate::error::{Error, Problem as Located, Result};
use crate::i18n::Lang;
use crate::import::columns::{self, Field, Mapping};
use crate::import::read::{self, Kind, ReadError};
use crate::import::{self, Change, Placed, Problem, Resolver};

use crate::output::{self, Output};
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file: a HelloAsso export, a CSV file (any delimiter; UTF-8 or
    /// Windows-1252), an .xlsx or an .ods spreadsheet.
    pub file: PathBuf,
    /// What the file is (default: found from its content). `--format` is the
    /// output format, as for every command.
    #[arg(long, value_enum, default_value_t = InputKind::Auto, value_name = "KIND")]
    pub from: InputKind,
    /// Read COLUMN as FIELD (id, name, first_name, last_name, email,
    /// payer_email, postcode, town, payer_postcode, payer_town, village,
    /// profession, max_km, joined, active, carpool, listed; `ignore` to skip the
    /// column). Repeatable.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub maps: Vec<String>,
    /// Show what would be done; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Rewrite the fields of people already there that the file changes.
    #[arg(long)]
    pub update: bool,
    /// Import the good rows and list the others (default: nothing is
    /// written if any row has a problem).
    #[arg(long)]
    pub skip_bad: bool,
}

/// What kind of file is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputKind {
    /// Found from the content: a zip file is a spreadsheet, anything else CSV.
    Auto,
    /// A HelloAsso export: CSV with `;`, UTF-8 with a BOM, CRLF.
    Helloasso,
    Csv,
    Xlsx,
    Ods,
}

impl InputKind {
    fn kind(self) -> Kind {
        match self {
            InputKind::Auto => Kind::Auto,
            InputKind::Helloasso => Kind::Helloasso,
            InputKind::Csv => Kind::Csv,
            InputKind::Xlsx => Kind::Xlsx,
            InputKind::Ods => Kind::Ods,
        }
    }
}

#[derive(Debug, Serialize)]
struct LineProblem {
    line: usize,
    message: String,
}

#[derive(Debug, Serialize)]
struct Report {
    added: usize,
    updated: usize,
    unchanged: usize,
    villages_added: usize,
    problems: Vec<LineProblem>,
    /// The fields that differ between the file and the participants (rewritten with --update).
    changes: Vec<Change>,
    /// The new villages' ids.
    villages: Vec<String>,
    /// Namesakes, values a later row replaced, addresses not taken (each
    /// with its line): nothing a row carried is dropped without a word.
    notes: Vec<LineProblem>,
    dry_run: bool,
    /// Nothing written because of the problems (without --skip-bad).
    written: bool,
}

/// A field as messages name it: its `--map` name, the same in every language.
fn field_name(_lang: Lang, field: Field) -> String {
    field.name().to_string()
}

/// A problem of a row in the user's language.
fn message(lang: Lang, problem: &Problem) -> String {
    match problem {
        Problem::NoName => t!(lang, "import-problem-no-name"),
        Problem::BadEmail(value) => t!(lang, "import-problem-bad-email", value = value),
        Problem::Text(field, problem) => problem.message(lang, &field_name(lang, *field)),
        Problem::BadNumber(field, value) => t!(
            lang,
            "import-problem-bad-number",
            field = field_name(lang, *field),
            value = value
        ),
        Problem::NegativeKm(value) => t!(lang, "import-problem-negative-km", value = value),
        Problem::BadDate(value) => t!(lang, "import-problem-bad-date", value = value),
        Problem::BadWebsite(value) => t!(lang, "site-err-website", value = value),
        Problem::BadPhone(value) => t!(lang, "site-err-phone", value = value),
        Problem::BadSkill(value) => t!(lang, "site-err-skill", value = value),
        Problem::BadActive(value) | Problem::BadCarpool(value) | Problem::BadListed(value) => {
            t!(lang, "import-problem-bad-active", value = value)
        }
        Problem::BadId(value) => {
            let example = crate::model::slug(value);
            t!(
                lang,
                "import-problem-bad-id",
                value = value,
                example = example
            )
        }
        Problem::NoPlace => t!(lang, "import-problem-no-place"),
        Problem::UnknownVillage(id) => t!(lang, "import-problem-unknown-village", id = id),
        Problem::UnknownPostcode(postcode) => {
            t!(lang, "import-problem-unknown-postcode", postcode = postcode)
        }
        Problem::UnknownTownForPostcode {
            postcode,
            town,
            communes,
        } => t!(
            lang,
            "import-problem-town-not-in-postcode",
            town = town,
            postcode = postcode,
            communes = communes.join(", ")
        ),
        Problem::UnknownTown(town) => t!(lang, "import-problem-unknown-town", town = town),
        Problem::Ambiguous { what, candidates } => t!(
            lang,
            "import-problem-ambiguous",
            what = what,
            count = candidates.len(),
            candidates = candidates.join(", ")
        ),
        Problem::NoCoordinates(commune) => {
            t!(lang, "import-problem-no-coordinates", commune = commune)
        }
    }
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let maps: Vec<Mapping> = args
        .maps
        .iter()
        .map(|m| {
            Mapping::parse(m).map_err(|bad| {
                let fields: Vec<&str> = Field::NAMES.iter().map(|(n, _)| *n).collect();
                super::flag_error(
                    "--map",
                    t!(
                        lang,
                        "import-err-map",
                        value = bad,
                        fields = fields.join(", ")
                    ),
                )
            })
        })
        .collect::<Result<_>>()?;
    let bytes = std::fs::read(&args.file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::usage(t!(
                lang,
                "import-err-no-file",
                file = args.file.display().to_string()
            ))
        } else {
            Error::io(&args.file, e)
        }
    })?;
    let file = args.file.display().to_string();
    let table = read::read(&bytes, args.from.kind()).map_err(|e| match e {
        ReadError::Empty => Error::usage(t!(lang, "import-err-empty", file = file.clone())),
        ReadError::Csv { line, message } => Error::Invalid(vec![Located {
            file: args.file.clone(),
            line: Some(line),
            column: None,
            message,
        }]),
        ReadError::Spreadsheet(message) => Error::usage(t!(
            lang,
            "import-err-spreadsheet",
            file = file.clone(),
            message = message
        )),
        ReadError::TooLarge(limit) => Error::usage(t!(
            lang,
            match limit {
                read::Limit::Unzipped => "boundary-import-unzipped-too-large",
                read::Limit::UsedRange => "boundary-import-range-too-large",
            },
            file = file.clone()
        )),
    })?;
    let columns = columns::match_columns(&table.header, &maps).map_err(|missing| {
        super::flag_error(
            "--map",
            t!(
                lang,
                "import-err-map-column",
                columns = missing.join(", "),
                header = table.header.join(", ")
            ),
        )
    })?;
    let has = |fields: &[Field]| fields.iter().any(|f| columns.has(*f));
    if !has(&[Field::Name, Field::FirstName, Field::LastName]) {
        return Err(Error::usage(t!(
            lang,
            "import-err-no-name-column",
            file = file.clone(),
            header = table.header.join(", ")
        )));
    }
    if !has(&[
        Field::Village,
        Field::Postcode,
        Field::Town,
        Field::PayerPostcode,
        Field::PayerTown,
    ]) {
        return Err(Error::usage(t!(
            lang,
            "import-err-no-place-column",
            file = file.clone(),
            header = table.header.join(", ")
        )));
    }
    for (i, field) in &columns.duplicates {
        ctx.note(&t!(
            lang,
            "import-note-duplicate-column",
            column = table.header[*i].trim().to_string(),
            field = field.name()
        ));
    }

    let _lock = ctx.dir.lock()?;
    let data = ctx.load()?;
    let resolver = Resolver::new(&data.villages);
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    let mut placed = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let Some((record, found)) = import::record(row, &columns) else {
            continue;
        };
        let place = if found.contains(&Problem::NoPlace) {
            None
        } else {
            match resolver.place(&record) {
                Ok(place) => Some(place),
                Err(problem) => {
                    problems.push((row.line, problem));
                    None
                }
            }
        };
        let good = found.is_empty() && place.is_some();
        problems.extend(found.into_iter().map(|p| (row.line, p)));
        if let (true, Some(place)) = (good, place) {
            placed.push(Placed { record, place });
        }
    }
    let problems: Vec<LineProblem> = problems
        .iter()
        .map(|(line, p)| LineProblem {
            line: *line,
            message: message(lang, p),
        })
        .collect();
    let mut problems = problems;
    let mut blocked = !problems.is_empty() && !args.skip_bad;
    let mut outcome = if blocked {
        import::Outcome::default()
    } else {
        import::merge(placed, &data.participants, &data.villages, args.update)
    };
    let mut notes = Vec::new();
    for note in &outcome.notes {
        let (line, doubtful) = note_line(lang, note);
        if doubtful {
            problems.push(line);
        } else {
            notes.push(line);
        }
    }
    if !blocked && !args.skip_bad {
        // A row that could be several people is a problem of that row.
        blocked = outcome
            .notes
            .iter()
            .any(|n| matches!(n, import::Note::Doubtful { .. }));
    }
    if blocked {
        outcome = import::Outcome::default();
    }
    problems.sort_by_key(|p| p.line);
    let nothing_to_write =
        outcome.added.is_empty() && outcome.updated.is_empty() && outcome.new_villages.is_empty();
    let writes = !(blocked || args.dry_run || nothing_to_write);
    if writes {
        crate::store::append::write_import(
            &ctx.dir,
            &outcome.new_villages,
            &outcome.added,
            &outcome.updated,
            &data.participants,
        )?;
    }
    let report = Report {
        added: outcome.added.len(),
        updated: outcome.updated.len(),
        unchanged: outcome.unchanged,
        villages_added: outcome.new_villages.len(),
        problems,
        changes: outcome.changes.clone(),
        villages: outcome.new_villages.iter().map(|v| v.id.clone()).collect(),
        notes,
        dry_run: args.dry_run,
        written: writes,
    };
    if blocked {
        if ctx.format == Format::Json {
            return Ok(Output::new(&report, String::new())?.with_exit_code(2));
        }
        let mut text = problem_lines(&args, &report);
        let rows: std::collections::BTreeSet<usize> =
            report.problems.iter().map(|p| p.line).collect();
        text.push_str(&t!(lang, "import-nothing-written", rows = rows.len()));
        return Err(Error::usage(text));
    }
    let text = render(ctx, &args, &report);
    Output::new(&report, text)
}

/// A note in the user's language, and whether it is a doubtful row (a
/// problem of that row).
fn note_line(lang: Lang, note: &import::Note) -> (LineProblem, bool) {
    use import::Note;
    let (line, message, doubtful) = match note {
        Note::Homonyms {
            line,
            name,
            other_line,
            other_id,
        } => (
            *line,
            match (other_line, other_id) {
                (Some(other), _) => t!(
                    lang,
                    "identity-import-homonyms-row",
                    name = name,
                    other = *other
                ),
                (None, other) => t!(
                    lang,
                    "identity-import-homonyms",
                    name = name,
                    other = other.clone().unwrap_or_default()
                ),
            },
            false,
        ),
        Note::Replaced {
            line,
            earlier_line,
            field,
            dropped,
            kept,
        } => (
            *line,
            t!(
                lang,
                "identity-import-replaced",
                field = *field,
                earlier = *earlier_line,
                dropped = dropped,
                kept = kept
            ),
            false,
        ),
        Note::AddressTaken {
            line,
            id,
            email,
            owner,
        } => (
            *line,
            t!(
                lang,
                "identity-import-address-taken",
                id = id,
                email = email,
                owner = owner
            ),
            false,
        ),
        Note::Doubtful { line, candidates } => (
            *line,
            t!(
                lang,
                "identity-import-doubtful",
                count = candidates.len(),
                candidates = candidates.join(", ")
            ),
            true,
        ),
    };
    (LineProblem { line, message }, doubtful)
}

/// One `file:line: message` line a problem.
fn problem_lines(args: &Args, report: &Report) -> String {
    let mut text = String::new();
    for p in &report.problems {
        text.push_str(&format!(
            "{}:{}: {}\n",
            args.file.display(),
            p.line,
            p.message
        ));
    }
    text
}

/// The summary a person reads.
fn render(ctx: &Context, args: &Args, report: &Report) -> String {
    let lang = ctx.lang;
    let mut text = problem_lines(args, report);
    for n in &report.notes {
        text.push_str(&format!(
            "{}:{}: {}\n",
            args.file.display(),
            n.line,
            n.message
        ));
    }
    if !report.changes.is_empty() {
        let mut table = output::table(vec![
            t!(lang, "col-id"),
            t!(lang, "import-col-field"),
            t!(lang, "import-col-from"),
            t!(lang, "import-col-to"),
        ]);
        for c in &report.changes {
            table.add_row(vec![
                c.id.clone(),
                c.field.to_string(),
                c.from.clone(),
                c.to.clone(),
            ]);
        }
        text.push_str(&table.to_string());
        text.push('\n');
    }
    let key = if args.dry_run {
        "import-summary-dry-run"
    } else {
        "import-summary"
    };
    text.push_str(&t!(
        lang,
        key,
        added = report.added,
        updated = report.updated,
        unchanged = report.unchanged,
        villages = report.villages_added,
        skipped = report.problems.len()
    ));
    if !args.update && !report.changes.is_empty() {
        text.push('\n');
        text.push_str(&t!(
            lang,
            "import-hint-update",
            count = report.changes.len()
        ));
    }
    text
}
