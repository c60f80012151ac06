//! The data directory's secret keys (`.unsubscribe-key`,
//! `.jelly-privacy.key`): 32 random bytes from the operating system
//! (`getrandom`, the one random source of both), written as 64 lower-case
//! hex digits and a newline. A key file is created readable by its owner
//! only from its first byte (a temporary file made with mode 0600, then
//! linked into place without replacing anything: never 0666 then chmod),
//! and read strictly: a symlink to nothing, a folder or anything but 64
//! lower-case hex digits is a clear error naming the file, never a retry.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Bytes of a key.
pub const KEY_BYTES: usize = 32;

/// The 64 lower-case hex digits of a key file, strictly (`+f`, upper case
/// or a sign are refused, unlike `u8::from_str_radix`).
pub fn parse_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn not_a_key(path: &Path, why: &str) -> Error {
    Error::runtime(format!(
        "{}: {why}",
        crate::error::escaped(&path.display().to_string())
    ))
}

/// The key in `path`, if the file exists.
pub fn read_key(path: &Path) -> Result<Option<[u8; KEY_BYTES]>> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
        Ok(_) => {}
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(not_a_key(path, "a link to a file that does not exist"))
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    parse_hex(text.trim_end_matches('\n'))
        .and_then(|bytes| bytes.try_into().ok())
        .map(Some)
        .ok_or_else(|| {
            not_a_key(
                path,
                "not a key written by jelly (64 lower-case hex digits)",
            )
        })
}

/// The key in `path`, made the first time (under the data directory's
/// lock, or racing safely: the second writer reads the first's key).
pub fn load_or_create_key(path: &Path) -> Result<[u8; KEY_BYTES]> {
    if let Some(key) = read_key(path)? {
        return Ok(key);
    }
    let mut key = [0u8; KEY_BYTES];
    getrandom::getrandom(&mut key).map_err(|e| not_a_key(path, &e.to_string()))?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let create = || -> std::io::Result<()> {
        // tempfile creates its file with mode 0600.
        let mut temp = tempfile::Builder::new()
            .prefix(".jelly-key-")
            .tempfile_in(dir)?;
        temp.write_all(format!("{}\n", hex(&key)).as_bytes())?;
        temp.as_file().sync_all()?;
        temp.persist_noclobber(path).map_err(|e| e.error)?;
        super::atomic::sync_dir(dir);
        Ok(())
    };
    match create() {
        Ok(()) => Ok(key),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read_key(path)?.ok_or_else(|| not_a_key(path, "a link to a file that does not exist"))
        }
        Err(e) => Err(Error::io(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_parsed_strictly() {
        assert_eq!(parse_hex("00ff"), Some(vec![0, 255]));
        assert_eq!(parse_hex("+f"), None);
        assert_eq!(parse_hex("FF"), None);
        assert_eq!(parse_hex("f"), None);
        assert_eq!(parse_hex("é1"), None);
    }

    #[test]
    fn a_key_is_created_owner_only_and_read_back() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".key");
        let key = load_or_create_key(&path).unwrap();
        assert_eq!(load_or_create_key(&path).unwrap(), key);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // A dangling symlink is an error naming the file, not a loop.
        let link = dir.path().join(".dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        let error = load_or_create_key(&link).unwrap_err().to_string();
        assert!(error.contains(".dangling"), "{error}");
    }
}
