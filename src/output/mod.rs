//! Rendering results: a table for people (comfy-table), JSON for programs.
//! Commands build an [`Output`]; only this module writes to stdout.

use std::io::Write;

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

/// A table in the house style: header row, light borders, wrapped to the
/// terminal's width only when printing to a terminal.
/// Column headers: each message id in `lang`.
pub(crate) fn headers(lang: crate::i18n::Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| crate::t!(lang, k)).collect()
}

pub(crate) fn table(header: Vec<String>) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    table.remove_style(comfy_table::TableComponent::HorizontalLines);
    table.remove_style(comfy_table::TableComponent::MiddleIntersections);
    table.remove_style(comfy_table::TableComponent::LeftBorderIntersections);
    table.remove_style(comfy_table::TableComponent::RightBorderIntersections);
    if console::Term::stdout().is_term() {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    }
    table.set_header(header);
    table
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
