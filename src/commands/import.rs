//! `jelly participant import FILE`: members from a HelloAsso export, a CSV
//! file or a spreadsheet, with their villages found offline among every
//! French commune. All or nothing by default; one locked write of
//! villages.toml and participants.toml.

use std::path::PathBuf;

use serde::Serialize;
use toml_edit::Table;

use crate::context::{Context, Format};
use crate::error::{Error, Problem as Located, Result};
use crate::i18n::Lang;
use crate::import::columns::{self, Field, Mapping};
use crate::import::read::{self, Kind, ReadError};
use crate::import::{self, Change, Placed, Problem, Resolver};
use crate::model::{Participant, Village};
use crate::output::{self, Output};
use crate::store::text::TextFile;
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
    let blocked = !problems.is_empty() && !args.skip_bad;
    let outcome = if blocked {
        import::Outcome::default()
    } else {
        import::merge(placed, &data.participants, &data.villages, args.update)
    };
    let nothing_to_write =
        outcome.added.is_empty() && outcome.updated.is_empty() && outcome.new_villages.is_empty();
    let writes = !(blocked || args.dry_run || nothing_to_write);
    if writes {
        write(ctx, &outcome, &data.participants)?;
    }
    let report = Report {
        added: outcome.added.len(),
        updated: outcome.updated.len(),
        unchanged: outcome.unchanged,
        villages_added: outcome.new_villages.len(),
        problems,
        changes: outcome.changes.clone(),
        villages: outcome.new_villages.iter().map(|v| v.id.clone()).collect(),
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

/// The text of `original` with `entries` (already formatted) after it, a
/// blank line between; the original bytes are kept.
fn with_entries(original: &str, entries: &str) -> String {
    let mut text = String::with_capacity(original.len() + entries.len() + 2);
    text.push_str(original);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() && !text.ends_with("\n\n") && !entries.is_empty() {
        text.push('\n');
    }
    text.push_str(entries);
    text
}

/// Does the file hold its entries as an inline array (`participant = [...]`),
/// which text appending would break?
fn inline_array(text: &str, array: &str) -> bool {
    text.lines().any(|line| {
        line.trim_start()
            .strip_prefix(array)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    })
}

/// The `[[array]]` entries of `tables`, as text, a blank line between.
/// Each table's keys and values are written as toml_edit writes them (the
/// same text as `store::edit::entry_text`, which a test checks), without
/// building a document per entry: 100,000 entries in a fraction of a second.
fn entries_text(array: &str, tables: Vec<Table>) -> String {
    let mut text = String::with_capacity(tables.len() * 160);
    for (i, table) in tables.into_iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str("[[");
        text.push_str(array);
        text.push_str("]]\n");
        for (key, item) in &table {
            let Some(value) = item.as_value() else {
                text.push_str(&crate::store::edit::entry_text(array, table.clone()));
                continue;
            };
            text.push_str(key);
            text.push_str(" = ");
            match value {
                toml_edit::Value::String(s) if is_plain(s.value()) => {
                    text.push('"');
                    text.push_str(s.value());
                    text.push('"');
                }
                other => text.push_str(other.to_string().trim()),
            }
            text.push('\n');
        }
    }
    text
}

/// A string toml_edit writes as it is between double quotes.
fn is_plain(s: &str) -> bool {
    !s.chars().any(|c| c == '"' || c == '\\' || c.is_control())
}

fn village_table(v: &Village) -> Table {
    use toml_edit::value;
    let mut table = Table::new();
    table.insert("id", value(&v.id));
    table.insert("name", value(&v.name));
    table.insert("lat", value(v.lat));
    table.insert("lon", value(v.lon));
    if let Some(department) = &v.department {
        table.insert("department", value(department));
    }
    table
}

/// Writes the new villages, then the participants (added and updated),
/// each file atomically, under the lock the caller holds. Villages go
/// first so that participants.toml never names a village that is not there.
fn write(ctx: &Context, outcome: &import::Outcome, existing: &[Participant]) -> Result<()> {
    if !outcome.new_villages.is_empty() {
        let tables = outcome.new_villages.iter().map(village_table).collect();
        append(&ctx.dir.villages(), "village", tables)?;
    }
    let new_entries = participants_text(&outcome.added);
    if outcome.updated.is_empty() {
        if !new_entries.is_empty() {
            append_text(&ctx.dir.participants(), "participant", &new_entries, || {
                outcome
                    .added
                    .iter()
                    .map(super::participant::entry_table)
                    .collect()
            })?;
        }
        return Ok(());
    }
    let path = ctx.dir.participants();
    let mut file = crate::store::edit::EditableFile::open(&path)?;
    if let Some(toml_edit::Item::ArrayOfTables(tables)) = file.doc.get_mut("participant") {
        for (index, p) in &outcome.updated {
            let fresh = super::participant::entry_table(p);
            let at = tables
                .get(*index)
                .filter(|t| {
                    t.get("id").and_then(|v| v.as_str()) == Some(existing[*index].id.as_str())
                })
                .map(|_| *index)
                .or_else(|| {
                    tables
                        .iter()
                        .position(|t| t.get("id").and_then(|v| v.as_str()) == Some(p.id.as_str()))
                });
            let Some(table) = at.and_then(|at| tables.get_mut(at)) else {
                continue;
            };
            for key in [
                "name",
                "email",
                "village",
                "max_km",
                "profession",
                "joined",
                "skills",
                "website",
                "phone",
            ] {
                if let Some(item) = fresh.get(key) {
                    let same = table.get(key).map(|i| i.to_string().trim().to_string())
                        == Some(item.to_string().trim().to_string());
                    if !same {
                        table.insert(key, item.clone());
                    }
                }
            }
            if p.active != existing[*index].active {
                if p.active {
                    table.remove("active");
                } else {
                    table.insert("active", toml_edit::value(false));
                }
            }
            if p.carpool != existing[*index].carpool {
                if p.carpool {
                    table.insert("carpool", toml_edit::value(true));
                } else {
                    table.remove("carpool");
                }
            }
            if p.listed != existing[*index].listed {
                if p.listed {
                    table.insert("listed", toml_edit::value(true));
                } else {
                    table.remove("listed");
                }
            }
        }
    }
    let text = file.doc.to_string();
    let text = if new_entries.is_empty() {
        text
    } else {
        with_entries(&text, &new_entries)
    };
    crate::store::write_atomic(&path, &file.file.encode(&text))
}

/// Appends `tables` to `path` in one atomic write, keeping every byte
/// already there (through toml_edit when the file uses an inline array).
fn append(path: &std::path::Path, array: &str, tables: Vec<Table>) -> Result<()> {
    let entries = entries_text(array, tables.clone());
    append_text(path, array, &entries, || tables)
}

/// Appends `entries` (the text of `[[array]]` entries) to `path` in one
/// atomic write; `tables` gives the same entries as tables for a file that
/// uses an inline array, which toml_edit then extends.
fn append_text(
    path: &std::path::Path,
    array: &str,
    entries: &str,
    tables: impl FnOnce() -> Vec<Table>,
) -> Result<()> {
    let file = match std::fs::read(path) {
        Ok(bytes) => TextFile::decode(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => TextFile::new(String::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    if inline_array(&file.text, array) {
        return crate::store::edit::append_entries(path, array, tables());
    }
    let text = with_entries(&file.text, entries);
    crate::store::write_atomic(path, &file.encode(&text))
}

/// The `[[participant]]` entries of `people`, as `participant::entry_table`
/// and toml_edit would write them (a test checks it), a blank line between.
fn participants_text(people: &[Participant]) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(people.len() * 150);
    let string = |text: &mut String, key: &str, value: &str| {
        text.push_str(key);
        text.push_str(" = ");
        if is_plain(value) {
            text.push('"');
            text.push_str(value);
            text.push('"');
        } else {
            text.push_str(toml_edit::Value::from(value).to_string().trim());
        }
        text.push('\n');
    };
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str("[[participant]]\n");
        string(&mut text, "id", &p.id);
        string(&mut text, "name", &p.name);
        if let Some(email) = &p.email {
            string(&mut text, "email", email);
        }
        string(&mut text, "village", &p.village);
        if let Some(max_km) = p.max_km {
            if max_km.fract() == 0.0 && max_km.abs() < 1e9 {
                let _ = writeln!(text, "max_km = {}", max_km as i64);
            } else {
                let _ = writeln!(
                    text,
                    "max_km = {}",
                    toml_edit::Value::from(max_km).to_string().trim()
                );
            }
        }
        if !p.active {
            text.push_str("active = false\n");
        }
        if p.carpool {
            text.push_str("carpool = true\n");
        }
        if p.listed {
            text.push_str("listed = true\n");
        }
        if let Some(profession) = &p.profession {
            string(&mut text, "profession", profession);
        }
        if let Some(joined) = p.joined {
            let _ = writeln!(text, "joined = {}", joined.format("%Y-%m-%d"));
        }
        if !p.skills.is_empty() {
            let array: toml_edit::Array = p.skills.iter().collect();
            let _ = writeln!(
                text,
                "skills = {}",
                toml_edit::Value::from(array).to_string().trim()
            );
        }
        if let Some(website) = &p.website {
            string(&mut text, "website", website);
        }
        if let Some(phone) = &p.phone {
            string(&mut text, "phone", phone);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_keeps_the_original_bytes() {
        assert_eq!(with_entries("# a\n", "[[p]]\n"), "# a\n\n[[p]]\n");
        assert_eq!(with_entries("# a", "[[p]]\n"), "# a\n\n[[p]]\n");
        assert_eq!(with_entries("", "[[p]]\n"), "[[p]]\n");
        assert!(inline_array("# x\nparticipant = [ ]\n", "participant"));
        assert!(!inline_array(
            "[[participant]]\nid = \"participant\"\n",
            "participant"
        ));
    }

    #[test]
    fn entries_are_written_as_toml_edit_writes_them() {
        let people = [
            Participant {
                id: "marie".into(),
                name: "Marie \"MF\" l'Écluse".into(),
                email: Some("m@example.org".into()),
                village: "ansan".into(),
                max_km: Some(25.5),
                active: false,
                profession: Some("a\\b\ttab".into()),
                joined: chrono::NaiveDate::from_ymd_opt(2025, 10, 9),
                mail: true,
                bounced: None,
                listed: false,
                skills: Vec::new(),
                website: None,
                phone: None,
                carpool: false,
            },
            Participant {
                max_km: Some(12.0),
                ..crate::testing::participant("jean", "Jean", "auch")
            },
        ];
        let tables: Vec<Table> = people
            .iter()
            .map(crate::commands::participant::entry_table)
            .collect();
        let expected: Vec<String> = tables
            .iter()
            .map(|t| crate::store::edit::entry_text("participant", t.clone()))
            .collect();
        assert_eq!(entries_text("participant", tables), expected.join("\n"));
        assert_eq!(participants_text(&people), expected.join("\n"));
        let villages = [Village {
            id: "ansan".into(),
            name: "Ansan".into(),
            lat: 44.0,
            lon: -0.78141,
            department: Some("32".into()),
        }];
        let tables: Vec<Table> = villages.iter().map(village_table).collect();
        assert_eq!(
            entries_text("village", tables.clone()),
            crate::store::edit::entry_text("village", tables[0].clone())
        );
    }
}
