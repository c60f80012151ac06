//! Rendering results: a table for people (comfy-table), JSON for programs.
//! Commands build an [`Output`]; only this module writes to stdout.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

pub(crate) mod problems;

use crate::context::{Context, Format};
use crate::error::{Error, Result};

/// What a command produced: its JSON value and its human rendering.
#[derive(Debug, Clone)]
pub struct Output {
    pub json: serde_json::Value,
    pub text: String,
    /// Exit status after printing (1 when some part failed but there is
    /// still a report to show, as when some invitations were refused).
    pub exit_code: u8,
    /// The result as CSV, for the commands that offer `--format csv`.
    pub csv: Option<String>,
}

impl Output {
    pub fn new<T: Serialize>(value: &T, text: String) -> Result<Output> {
        let json = serde_json::to_value(value)
            .map_err(|e| Error::runtime(format!("cannot serialise the result: {e}")))?;
        Ok(Output {
            json,
            text,
            exit_code: 0,
            csv: None,
        })
    }

    /// Nothing to print (e.g. cron with nothing due).
    pub fn empty() -> Output {
        Output {
            json: serde_json::Value::Null,
            text: String::new(),
            exit_code: 0,
            csv: None,
        }
    }

    /// Adds the CSV rendering (`--format csv`).
    pub fn with_csv(mut self, csv: String) -> Output {
        self.csv = Some(csv);
        self
    }

    pub fn with_exit_code(mut self, code: u8) -> Output {
        self.exit_code = code;
        self
    }
}

/// Writes `output` to stdout in the format asked for. A write error (a
/// full disk, `> /dev/full`) is an [`Error::Write`]; a closed pipe
/// (`jelly next | head -1`) is a quiet success, as in ripgrep.
pub(crate) fn emit(ctx: &Context, output: &Output) -> Result<()> {
    let stdout = std::io::stdout();
    // On a terminal, prose wraps at spaces rather than inside words.
    let width = width_of(&console::Term::stdout());
    let wrapped;
    let output = match wrap_prose(&output.text, width) {
        std::borrow::Cow::Borrowed(_) => output,
        std::borrow::Cow::Owned(text) => {
            wrapped = Output {
                text,
                ..output.clone()
            };
            &wrapped
        }
    };
    match write_output(
        &mut std::io::BufWriter::new(stdout.lock()),
        ctx.format,
        output,
    ) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Write {
            message: crate::t!(ctx.lang, "output-write-failed", error = e.to_string()),
            source: e,
        }),
    }
}

/// Lines of prose wider than `width` wrapped at spaces: never inside a
/// word nor at a hyphen (Saint-Jean-du-Gard stays whole), never before a
/// French « : ; ? ! » nor inside « ». Tables and indented lines (source
/// lines under an error, lists) are left as they are. `None`: as it is.
pub(crate) fn wrap_prose(text: &str, width: Option<usize>) -> std::borrow::Cow<'_, str> {
    let Some(width) = width.filter(|w| *w >= 20) else {
        return text.into();
    };
    let is_prose = |line: &str| {
        !line.starts_with(|c: char| c.is_whitespace() || "┌│╞└├╭┆+|".contains(c))
            && console::measure_text_width(line) > width
    };
    if !text.lines().any(is_prose) {
        return text.into();
    }
    // A private-use character glues the French spaces for the wrap, and is
    // a space again after it (U+00A0 may be in the text on purpose).
    const GLUE: char = '\u{E000}';
    let options = textwrap::Options::new(width)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !is_prose(line) {
            out.push_str(line);
            continue;
        }
        let glued = line
            .replace(" :", &format!("{GLUE}:"))
            .replace(" ;", &format!("{GLUE};"))
            .replace(" ?", &format!("{GLUE}?"))
            .replace(" !", &format!("{GLUE}!"))
            .replace(" »", &format!("{GLUE}»"))
            .replace("« ", &format!("«{GLUE}"));
        let wrapped = textwrap::wrap(&glued, &options).join("\n");
        out.push_str(&wrapped.replace(GLUE, " "));
    }
    out.into()
}

/// The width of the terminal on stderr, if it is one (notes and errors).
pub(crate) fn stderr_width() -> Option<usize> {
    width_of(&console::Term::stderr())
}

/// The width of `term`, if it is a terminal.
fn width_of(term: &console::Term) -> Option<usize> {
    term.size_checked()
        .map(|(_rows, columns)| usize::from(columns))
}

/// The one place a result is written, to any writer (stdout in `emit`).
pub(crate) fn write_output(
    out: &mut impl Write,
    format: Format,
    output: &Output,
) -> std::io::Result<()> {
    match format {
        Format::Json => {
            if !output.json.is_null() {
                serde_json::to_writer_pretty(&mut *out, &output.json)?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            // Commands without a CSV rendering are refused before they run
            // (commands::dispatch); this only prints what there is.
            if let Some(csv) = &output.csv {
                write!(out, "{csv}")?;
            }
        }
        Format::Table => {
            if !output.text.is_empty() {
                write!(out, "{}", output.text)?;
                if !output.text.ends_with('\n') {
                    writeln!(out)?;
                }
            }
        }
    }
    out.flush()
}

/// Column headers: each message id in `lang`.
pub(crate) fn headers(lang: crate::i18n::Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| crate::t!(lang, k)).collect()
}

/// A table in the house style: header row, light borders, fitted to the
/// terminal's width when printed to one (see [`FitTable`]).
pub(crate) fn table(header: Vec<String>) -> FitTable {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    table.remove_style(comfy_table::TableComponent::HorizontalLines);
    table.remove_style(comfy_table::TableComponent::MiddleIntersections);
    table.remove_style(comfy_table::TableComponent::LeftBorderIntersections);
    table.remove_style(comfy_table::TableComponent::RightBorderIntersections);
    // Cells are never wrapped (a number or an id broken over two lines is
    // misread): a table too wide for the terminal loses columns instead.
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(header);
    FitTable {
        table,
        drop_order: None,
    }
}

static WIDE: AtomicBool = AtomicBool::new(false);
static LANG: OnceLock<crate::i18n::Lang> = OnceLock::new();

/// `--wide` and the language of the note under a narrowed table; set once
/// by `run` before any command.
pub(crate) fn set_table_options(wide: bool, lang: crate::i18n::Lang) {
    WIDE.store(wide, Ordering::Relaxed);
    let _ = LANG.set(lang);
}

/// The width tables must fit: the terminal's, when stdout is one and
/// `--wide` was not given; `None` (no limit) for a pipe or a file.
fn terminal_width() -> Option<usize> {
    if WIDE.load(Ordering::Relaxed) {
        return None;
    }
    width_of(&console::Term::stdout())
}

/// A table that fits the terminal when displayed: when it is too wide,
/// columns are hidden one by one, in the table's drop order (by default
/// from the last column leftwards; the first is never hidden), and a note
/// names them; when even its first two columns do not fit, each row is
/// shown as a block of `header: value` lines. `--wide`, a pipe or a file
/// get the whole table.
#[derive(Debug, Clone)]
pub(crate) struct FitTable {
    table: Table,
    drop_order: Option<Vec<usize>>,
}

impl std::ops::Deref for FitTable {
    type Target = Table;
    fn deref(&self) -> &Table {
        &self.table
    }
}

impl std::ops::DerefMut for FitTable {
    fn deref_mut(&mut self) -> &mut Table {
        &mut self.table
    }
}

impl FitTable {
    /// The columns to hide first when the table is too wide, most
    /// expendable first (documented in docs/commands.md, "Tables").
    pub(crate) fn drop_first(&mut self, columns: &[usize]) {
        self.drop_order = Some(columns.to_vec());
    }

    /// The table as text for a terminal `width` columns wide (`None`: whole).
    pub(crate) fn render(&self, width: Option<usize>) -> String {
        let whole = self.table.to_string();
        let Some(width) = width else {
            return whole;
        };
        if widest_line(&whole) <= width {
            return whole;
        }
        let count = self.table.column_iter().count();
        let order: Vec<usize> = match &self.drop_order {
            Some(order) => order.iter().copied().filter(|&c| c < count).collect(),
            None => (1..count).rev().collect(),
        };
        let mut narrowed = self.table.clone();
        let mut hidden = Vec::new();
        for column in order {
            if count - hidden.len() <= 2 {
                break;
            }
            if let Some(c) = narrowed.column_mut(column) {
                c.set_constraint(comfy_table::ColumnConstraint::Hidden);
            }
            hidden.push(column);
            let text = narrowed.to_string();
            if widest_line(&text) <= width {
                return text + "\n" + &self.hidden_note(&hidden);
            }
        }
        self.compact()
    }

    fn header_names(&self) -> Vec<String> {
        self.table
            .header()
            .map(|row| row.cell_iter().map(|c| c.content()).collect())
            .unwrap_or_default()
    }

    /// "3 columns hidden: …; --wide shows them".
    fn hidden_note(&self, hidden: &[usize]) -> String {
        let names = self.header_names();
        let mut shown: Vec<usize> = hidden.to_vec();
        shown.sort_unstable();
        let list: Vec<&str> = shown
            .iter()
            .filter_map(|&i| names.get(i).map(String::as_str))
            .collect();
        crate::t!(
            LANG.get().copied().unwrap_or_default(),
            "table-hidden-columns",
            count = list.len(),
            list = crate::i18n::Raw(list.join(", "))
        )
    }

    /// Each row as a block of `header: value` lines.
    fn compact(&self) -> String {
        let names = self.header_names();
        let mut blocks = Vec::new();
        for row in self.table.row_iter() {
            let lines: Vec<String> = row
                .cell_iter()
                .enumerate()
                .filter(|(_, cell)| !cell.content().is_empty())
                .map(|(i, cell)| {
                    let name = names.get(i).map_or("", String::as_str);
                    crate::t!(
                        LANG.get().copied().unwrap_or_default(),
                        "table-field",
                        name = crate::i18n::Raw(name),
                        value = crate::i18n::Raw(cell.content().replace('\n', " "))
                    )
                })
                .collect();
            blocks.push(lines.join("\n"));
        }
        blocks.join("\n\n")
    }
}

fn widest_line(text: &str) -> usize {
    text.lines()
        .map(console::measure_text_width)
        .max()
        .unwrap_or(0)
}

impl std::fmt::Display for FitTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(terminal_width()))
    }
}

/// Right-aligns the given columns (numbers).
pub(crate) fn align_right(table: &mut Table, columns: &[usize]) {
    for &index in columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
}

/// An optional value as a cell: empty when absent.
pub(crate) fn cell<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One CSV record (RFC 4180): fields with a comma, quote or line break are
/// quoted, quotes doubled; ends with CRLF.
/// The characters a spreadsheet takes as the start of a formula (OWASP's
/// list for CSV injection).
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet will not run as a formula (CSV injection, OWASP's
/// rule): a value starting with `= + - @`, a tab or a carriage return gets
/// a leading `'`, unless it is a plain number (`-3`). A value that already
/// starts with `'`s before such a character gets one more, so that
/// [`csv_restore`] gives back exactly the original.
pub(crate) fn csv_neutralise(value: &str) -> String {
    let after_quotes = value.trim_start_matches('\'');
    if after_quotes.starts_with(FORMULA_START)
        && (after_quotes.len() != value.len() || value.parse::<f64>().is_err())
    {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// Undoes [`csv_neutralise`] on a cell read back from a CSV.
pub(crate) fn csv_restore(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_START) => rest,
        _ => value,
    }
}

pub(crate) fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        let neutral = csv_neutralise(field.as_ref());
        let field = neutral.as_str();
        if i > 0 {
            line.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::wrap_prose;

    #[test]
    fn prose_wraps_at_spaces_and_keeps_french_punctuation_and_tables() {
        let sentence = "Tiers-lieu La Filature (Saint-Jean-du-Gard) : 48 km au total pour \
                        5 personnes (10 km en moyenne) ; personne au-delà de sa distance \
                        maximale. On y attend « 1,7 personne » (de 0 à 3, à 80 %).";
        let table =
            "│    1 ┆ Tiers-lieu La Filature ┆ Anduze             ┆     47,7 ┆ a very long row";
        let text = format!(
            "{sentence}\n{table}\n  | invited = [\"ana\", \"bob\", \"carla\", \"dominique\"]\n"
        );
        for width in [24, 33, 40, 57, 80] {
            let wrapped = wrap_prose(&text, Some(width));
            let lines: Vec<&str> = wrapped.lines().collect();
            let (prose, rest) = lines.split_at(lines.len() - 2);
            assert_eq!(rest[0], table, "tables are never wrapped");
            assert!(rest[1].starts_with("  | invited"), "indented lines neither");
            for line in prose {
                // "(Saint-Jean-du-Gard) :" (22 columns) is the longest unit.
                assert!(
                    console::measure_text_width(line) <= width,
                    "{width}: {line}"
                );
                assert!(!line.starts_with([':', ';', '»', ' ']), "{width}: {line}");
                assert!(!line.ends_with('«'), "{width}: {line}");
            }
            assert_eq!(
                prose.join(" "),
                sentence,
                "{width}: only spaces became line breaks"
            );
        }
        assert_eq!(wrap_prose(&text, None), text.as_str());
        assert_eq!(wrap_prose(&text, Some(500)), text.as_str());
    }
}
