//! From a file's bytes to a table of text cells with their line numbers:
//! CSV (encoding and delimiter detected) and spreadsheets (.xlsx, .ods,
//! through calamine).

use std::io::Cursor;

use calamine::{Data, Reader};

/// What kind of file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Decided from the content (a zip is a spreadsheet, anything else CSV).
    Auto,
    /// A HelloAsso export: CSV with `;`, UTF-8 with a BOM, CRLF.
    Helloasso,
    Csv,
    Xlsx,
    Ods,
}

/// The text encoding a CSV file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "UTF-16")]
    Utf16,
    #[serde(rename = "Windows-1252")]
    Windows1252,
}

/// One data row: its line in the file (the spreadsheet's row number) and
/// its cells, as text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A file read: its header row and the rows under it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// For CSV: the encoding and delimiter found.
    pub encoding: Option<Encoding>,
    pub delimiter: Option<char>,
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ReadError {
    /// No header row (an empty file or sheet).
    Empty,
    /// A CSV error at this line.
    Csv { line: usize, message: String },
    /// The spreadsheet could not be opened.
    Spreadsheet(String),
    /// The spreadsheet is larger than jelly reads: `Unzipped` over
    /// [`MAX_UNZIPPED_BYTES`] once decompressed, `UsedRange` a used range
    /// over [`MAX_CELLS`] cells (one value in XFD1048576).
    TooLarge(Limit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    Unzipped,
    UsedRange,
}

/// The most a spreadsheet may hold once decompressed (all its parts): a
/// membership list of 100,000 rows is a few MB; a 1.5 MB zip that holds a
/// 1.5 GB cell is refused before it is read.
pub(crate) const MAX_UNZIPPED_BYTES: u64 = 200 * 1024 * 1024;

/// The most cells a sheet's used range may span (rows × columns): 1,000
/// columns of 10,000 rows. A sheet with one value in XFD1048576 spans
/// 17 billion cells, which calamine would allocate at once.
pub(crate) const MAX_CELLS: u64 = 10_000_000;

/// Reads `bytes` as `kind`.
pub(crate) fn read(bytes: &[u8], kind: Kind) -> Result<Table, ReadError> {
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    match kind {
        Kind::Xlsx | Kind::Ods => read_spreadsheet(bytes),
        Kind::Auto if is_zip => read_spreadsheet(bytes),
        Kind::Auto | Kind::Csv | Kind::Helloasso => {
            let (text, encoding) = decode(bytes);
            read_csv(&text, encoding)
        }
    }
}

/// The text of a CSV file: UTF-16 if it starts with a UTF-16 byte-order
/// mark; UTF-8 (BOM dropped) if it is valid UTF-8; Windows-1252 otherwise,
/// as old Excel exports are.
pub(crate) fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
            return (text.into_owned(), Encoding::Utf16);
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Encoding::Windows1252)
        }
    }
}

/// The delimiter of a CSV text: of `;`, `,`, tab and `|`, the one found
/// most often outside quotes on the header line (`,` if none).
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == b) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

fn read_csv(text: &str, encoding: Encoding) -> Result<Table, ReadError> {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Line numbers from byte offsets: the reader's own line count lags by
    // one after a CRLF. A record starts after any line breaks at its offset.
    let bytes = text.as_bytes();
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    let mut line_at = |offset: usize| {
        let mut start = offset.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= counted_to {
            newlines += bytes[counted_to..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = start;
        }
        newlines + 1
    };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = line_at(record.position().map_or(0, |p| p.byte() as usize));
                // `'=…` as `jelly participants --format csv` wrote it to
                // keep spreadsheets from running it: the value is `=…`.
                let cells: Vec<String> = record
                    .iter()
                    .map(|c| crate::output::csv_restore(c).to_string())
                    .collect();
                take_row(&mut header, &mut rows, line, cells);
            }
            Err(e) => {
                let line = line_at(e.position().map_or(0, |p| p.byte() as usize));
                return Err(ReadError::Csv {
                    line,
                    message: e.to_string(),
                });
            }
        }
    }
    Ok(Table {
        header: header.ok_or(ReadError::Empty)?,
        rows,
        encoding: Some(encoding),
        delimiter: Some(delimiter as char),
    })
}

/// Files a row read at `line`: the first one that is not blank is the
/// header, the next ones are data.
fn take_row(
    header: &mut Option<Vec<String>>,
    rows: &mut Vec<Row>,
    line: usize,
    cells: Vec<String>,
) {
    if header.is_some() {
        rows.push(Row { line, cells });
    } else if !cells.iter().all(|c| c.trim().is_empty()) {
        *header = Some(cells);
    }
}

/// Every part of a zip (an .xlsx or .ods is one), decompressed and counted
/// without being kept: over [`MAX_UNZIPPED_BYTES`] in all is refused. The
/// sizes the zip declares are checked first, then the bytes really
/// inflated (a zip may lie about its sizes).
fn check_unzipped_size(bytes: &[u8]) -> Result<(), ReadError> {
    use std::io::Read as _;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // not a zip: calamine says what it is not
    };
    let declared: u64 = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size()))
        .fold(0u64, u64::saturating_add);
    if declared > MAX_UNZIPPED_BYTES {
        return Err(ReadError::TooLarge(Limit::Unzipped));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            continue;
        };
        let left = MAX_UNZIPPED_BYTES - total;
        let read = std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
        total += read;
        if total > MAX_UNZIPPED_BYTES {
            return Err(ReadError::TooLarge(Limit::Unzipped));
        }
    }
    Ok(())
}

/// The first sheet of an .xlsx file, read cell by cell (calamine's cells
/// reader: nothing is allocated for the empty cells), its used range
/// bounded by [`MAX_CELLS`] before any table is built.
fn read_xlsx(
    workbook: &mut calamine::Xlsx<Cursor<Vec<u8>>>,
) -> Result<Vec<(u32, u32, String)>, ReadError> {
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ReadError::Empty)?;
    let mut reader = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
    let mut cells = Vec::new();
    let (mut first_row, mut last_row, mut last_col) = (u32::MAX, 0u32, 0u32);
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| ReadError::Spreadsheet(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        first_row = first_row.min(row);
        last_row = last_row.max(row);
        last_col = last_col.max(col);
        let span = u64::from(last_row - first_row + 1) * u64::from(last_col + 1);
        if span > MAX_CELLS {
            return Err(ReadError::TooLarge(Limit::UsedRange));
        }
        cells.push((row, col, text));
    }
    Ok(cells)
}

/// The first sheet of an .xlsx or .ods file.
fn read_spreadsheet(bytes: &[u8]) -> Result<Table, ReadError> {
    check_unzipped_size(bytes)?;
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
    if let calamine::Sheets::Xlsx(xlsx) = &mut workbook {
        let cells = read_xlsx(xlsx)?;
        let mut by_row: std::collections::BTreeMap<u32, Vec<(u32, String)>> =
            std::collections::BTreeMap::new();
        for (row, col, text) in cells {
            by_row.entry(row).or_default().push((col, text));
        }
        let mut header = None;
        let mut rows = Vec::new();
        for (row, cells) in by_row {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut line = vec![String::new(); width];
            for (col, text) in cells {
                line[col as usize] = text;
            }
            // Spreadsheet rows are numbered from 1.
            take_row(&mut header, &mut rows, row as usize + 1, line);
        }
        return Ok(Table {
            header: header.ok_or(ReadError::Empty)?,
            rows,
            encoding: None,
            delimiter: None,
        });
    }
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ReadError::Empty)?
        .map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let mut header = None;
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        // Spreadsheet rows are numbered from 1; cells left of the range are empty.
        let line = first_row + i + 1;
        let cells: Vec<String> = std::iter::repeat_n(String::new(), first_col)
            .chain(cells.iter().map(cell_text))
            .collect();
        take_row(&mut header, &mut rows, line, cells);
    }
    Ok(Table {
        header: header.ok_or(ReadError::Empty)?,
        rows,
        encoding: None,
        delimiter: None,
    })
}

/// A spreadsheet cell as the text a CSV export would show: integers
/// without `.0` (postcodes typed as numbers), dates as `YYYY-MM-DD`
/// (`YYYY-MM-DD HH:MM` with a time).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.format("%Y-%m-%d").to_string(),
            Some(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let (text, enc) = decode(b"\xEF\xBB\xBFNom;Pr\xC3\xA9nom\r\n");
        assert_eq!((text.as_str(), enc), ("Nom;Prénom\r\n", Encoding::Utf8));
        let (text, enc) = decode(b"Nom;Pr\xE9nom;\x80\r\n");
        assert_eq!(
            (text.as_str(), enc),
            ("Nom;Prénom;€\r\n", Encoding::Windows1252)
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Nom\tVille".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16), ("Nom\tVille".to_string(), Encoding::Utf16));
    }

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n"), b',');
        assert_eq!(sniff_delimiter("\"a;b;c\",d,e\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("single"), b',');
    }

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let text =
            "\u{feff}Nom;Ville\r\n\"Dupont; fils\";Ansan\r\n\r\n\"Multi\nligne\";Auch\r\nSeul\r\n";
        let table = read(text.as_bytes(), Kind::Auto).unwrap();
        assert_eq!(table.header, ["Nom", "Ville"]);
        assert_eq!(table.delimiter, Some(';'));
        assert_eq!(
            table.rows[0],
            Row {
                line: 2,
                cells: vec!["Dupont; fils".into(), "Ansan".into()]
            }
        );
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 6]);
        assert_eq!(table.rows[2].cells, ["Seul"]);
        assert_eq!(read(b"", Kind::Csv), Err(ReadError::Empty));
        assert!(matches!(
            read(b"PK\x03\x04junk", Kind::Auto),
            Err(ReadError::Spreadsheet(_))
        ));
    }
}
