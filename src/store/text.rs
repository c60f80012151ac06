//! Reading and writing text files the way people save them: UTF-8 with or
//! without a byte-order mark, Windows-1252 (Latin-1) from old editors, CRLF
//! line endings. Text is handled inside jelly with `\n` line endings; a file
//! is written back in the encoding and line endings it was read with.

use std::path::Path;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
}

/// A text file's contents, normalised to `\n`, and how to write it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    pub text: String,
    pub encoding: Encoding,
    pub crlf: bool,
}

impl TextFile {
    /// A new file: UTF-8, `\n`.
    pub fn new(text: String) -> Self {
        TextFile {
            text,
            encoding: Encoding::Utf8,
            crlf: false,
        }
    }

    pub fn decode(bytes: &[u8]) -> Self {
        let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            (
                String::from_utf8_lossy(rest).into_owned(),
                Encoding::Utf8Bom,
            )
        } else {
            match std::str::from_utf8(bytes) {
                Ok(text) => (text.to_string(), Encoding::Utf8),
                Err(_) => (decode_windows_1252(bytes), Encoding::Windows1252),
            }
        };
        let crlf = text.contains("\r\n");
        let text = if crlf {
            text.replace("\r\n", "\n")
        } else {
            text
        };
        TextFile {
            text,
            encoding,
            crlf,
        }
    }

    /// The bytes to write for `text` in this file's encoding and line endings.
    /// A character Windows-1252 cannot hold switches the file to UTF-8.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let text = if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        match self.encoding {
            Encoding::Utf8 => text.into_bytes(),
            Encoding::Utf8Bom => {
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend_from_slice(text.as_bytes());
                bytes
            }
            Encoding::Windows1252 => {
                encode_windows_1252(&text).unwrap_or_else(|| text.into_bytes())
            }
        }
    }

    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(TextFile::decode(&bytes))
    }
}

/// Windows-1252's characters for bytes 0x80..=0x9F (0 where undefined).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

fn encode_windows_1252(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| {
            let code = c as u32;
            if code < 0x80 || (0xA0..=0xFF).contains(&code) {
                Some(code as u8)
            } else {
                CP1252_HIGH
                    .iter()
                    .position(|&h| h == c)
                    .map(|i| 0x80 + i as u8)
            }
        })
        .collect()
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_crlf_round_trips() {
        let original = b"name = \"Al\xe8s\"\r\n# caf\xe9\r\n".to_vec();
        let file = TextFile::decode(&original);
        assert_eq!(file.encoding, Encoding::Windows1252);
        assert!(file.crlf);
        assert_eq!(file.text, "name = \"Alès\"\n# café\n");
        assert_eq!(file.encode(&file.text), original);
    }

    #[test]
    fn bom_is_kept() {
        let original = "\u{feff}a = 1\n".as_bytes().to_vec();
        let file = TextFile::decode(&original);
        assert_eq!(file.text, "a = 1\n");
        assert_eq!(file.encode(&file.text), original);
    }

    #[test]
    fn unencodable_latin1_becomes_utf8() {
        let file = TextFile::decode(b"a = \"\xe9\"\n");
        assert_eq!(file.encode("a = \"ő\"\n"), "a = \"ő\"\n".as_bytes());
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nnom = \"é\" x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 11));
    }
}
