//! Rendering results: a table for people (comfy-table), JSON for programs.
//! Commands build an [`Output`]; only this module writes to stdout.

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

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

/// Prints `output` in the format asked for.
pub fn emit(ctx: &Context, output: &Output) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match ctx.format {
        Format::Json => {
            if !output.json.is_null() {
                let _ = writeln!(
                    stdout,
                    "{}",
                    serde_json::to_string_pretty(&output.json).unwrap_or_default()
                );
            }
        }
        Format::Csv => {
            // Commands without a CSV rendering are refused before they run
            // (commands::dispatch); this only prints what there is.
            if let Some(csv) = &output.csv {
                let _ = write!(stdout, "{csv}");
            }
        }
        Format::Table => {
            if !output.text.is_empty() {
                let _ = write!(stdout, "{}", output.text);
                if !output.text.ends_with('\n') {
                    let _ = writeln!(stdout);
                }
            }
        }
    }
    let _ = stdout.flush();
}

/// A table in the house style: header row, light borders, wrapped to the
/// terminal's width only when printing to a terminal.
pub fn table(header: Vec<String>) -> Table {
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
pub fn align_right(table: &mut Table, columns: &[usize]) {
    for &index in columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
}

/// An optional value as a cell: empty when absent.
pub fn cell<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One CSV record (RFC 4180): fields with a comma, quote or line break are
/// quoted, quotes doubled; ends with CRLF.
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        let field = field.as_ref();
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
