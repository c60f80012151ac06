//! Comment-preserving edits. New entries are appended as text after the
//! user's file, so every byte already there stays as it was; changes inside
//! a file (a session's status, its lists, RSVPs) go through toml_edit, which
//! keeps comments, blank lines and key order. Every write is atomic; callers
//! hold the data directory's lock around read-modify-write.

use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Table};

use crate::error::{Error, Result};
use crate::store::atomic::write_atomic;
use crate::store::text::TextFile;

/// A TOML file opened for editing.
#[derive(Debug)]
pub struct EditableFile {
    pub path: PathBuf,
    pub file: TextFile,
    pub doc: DocumentMut,
}

impl EditableFile {
    /// Opens `path`; a missing file is an empty document (created on save).
    pub fn open(path: &Path) -> Result<Self> {
        let file = match std::fs::read(path) {
            Ok(bytes) => TextFile::decode(&bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => TextFile::new(String::new()),
            Err(e) => return Err(Error::io(path, e)),
        };
        // The toml parser first: toml_edit panics on some invalid texts
        // (see `Checker::parse`); it only ever sees valid TOML.
        if let Err(e) = toml::from_str::<toml::Table>(&file.text) {
            return Err(Error::Invalid(vec![crate::error::Problem::new(
                path,
                e.message().to_string(),
            )]));
        }
        let doc = file.text.parse::<DocumentMut>().map_err(|e| {
            Error::Invalid(vec![crate::error::Problem::new(
                path,
                e.message().to_string(),
            )])
        })?;
        Ok(EditableFile {
            path: path.to_path_buf(),
            file,
            doc,
        })
    }

    /// Writes the document back, in the file's encoding and line endings.
    pub fn save(&self) -> Result<()> {
        write_atomic(&self.path, &self.file.encode(&self.doc.to_string()))
    }
}

/// The text of one `[[array]]` entry, formatted by toml_edit (so strings are
/// escaped properly).
pub fn entry_text(array: &str, table: Table) -> String {
    let mut doc = DocumentMut::new();
    let mut tables = ArrayOfTables::new();
    tables.push(table);
    doc.insert(array, toml_edit::Item::ArrayOfTables(tables));
    doc.to_string()
}

/// The text of `original` with one `[[array]]` entry added at its end. The
/// original text is kept byte for byte; a blank line separates the entry.
pub fn appended_text(original: &str, array: &str, table: Table) -> String {
    let mut text = original.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
    text.push_str(&entry_text(array, table));
    text
}

/// Appends entries to `path` (atomically), keeping every byte already there.
/// If the file holds its entries in a form that appending would break (an
/// inline array), the entries are added through toml_edit instead.
pub fn append_entries(path: &Path, array: &str, tables: Vec<Table>) -> Result<()> {
    let file = match std::fs::read(path) {
        Ok(bytes) => TextFile::decode(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => TextFile::new(String::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut text = file.text.clone();
    for table in tables.iter().cloned() {
        text = appended_text(&text, array, table);
    }
    if text.parse::<toml::Table>().is_ok() {
        return write_atomic(path, &file.encode(&text));
    }
    let mut editable = EditableFile::open(path)?;
    let root = editable.doc.as_table_mut();
    let entry = root
        .entry(array)
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(ArrayOfTables::new()));
    match entry {
        toml_edit::Item::ArrayOfTables(aot) => {
            for table in tables {
                aot.push(table);
            }
        }
        toml_edit::Item::Value(toml_edit::Value::Array(array)) => {
            for table in tables {
                array.push(table.into_inline_table());
            }
        }
        _ => {
            return Err(Error::Invalid(vec![crate::error::Problem::new(
                path,
                format!("`{array}` is neither [[{array}]] tables nor an array"),
            )]))
        }
    }
    editable.save()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(id: &str, name: &str) -> Table {
        let mut t = Table::new();
        t.insert("id", toml_edit::value(id));
        t.insert("name", toml_edit::value(name));
        t
    }

    #[test]
    fn appending_keeps_every_byte() {
        let original =
            "# Nos participants\n[[participant]]\nid = \"a\" # la première\nname = \"A\"\n# fin";
        let text = appended_text(original, "participant", table("b", "Bé \"B\""));
        assert!(text.starts_with(original));
        assert!(
            text.ends_with("[[participant]]\nid = \"b\"\nname = 'Bé \"B\"'\n"),
            "{text}"
        );
        let parsed: toml::Table = text.parse().unwrap();
        assert_eq!(parsed["participant"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn inline_arrays_get_their_entry_through_toml_edit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.toml");
        std::fs::write(
            &path,
            "# keep me\nvillage = [ { id = \"a\", name = \"A\" } ]\n",
        )
        .unwrap();
        append_entries(&path, "village", vec![table("b", "B")]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# keep me\n"));
        let parsed: toml::Table = text.parse().unwrap();
        assert_eq!(parsed["village"].as_array().unwrap().len(), 2);
    }
}
