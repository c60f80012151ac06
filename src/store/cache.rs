//! The parsed-data cache: `.jelly-cache/dataset.bin` in the data directory,
//! a snapshot of the checked [`Dataset`] (all but the settings, which are
//! always read from `jelly.toml`), so that a run where nothing changed does
//! not parse 12 MB of TOML again.
//!
//! It can never be stale: its key is a hash (xxh3, 128 bits) of the exact
//! bytes of every file the load read — read once, then either matched
//! against the snapshot or parsed — with their paths, the language of the
//! messages, and the build of jelly (version + a hash of its sources and
//! locked dependencies, `JELLY_BUILD_ID` from `src/build.rs`). No mtime or
//! size is trusted. A snapshot whose magic, key, length or checksum does not
//! match is ignored, and replaced after the real parse. Only a load without
//! any problem is kept, so every error comes from a real parse, with its
//! file:line:column.
//!
//! The format is postcard (serde, compact, no field names): measured against
//! bitcode and rkyv in docs/performance.md. As it has no field names, a
//! field skipped while serializing would shift the next ones: the types of
//! a `Dataset` skip absent values only through [`crate::model::skip_none`],
//! which [`encoding`] turns off, and every snapshot is read back and
//! compared before it is written.

use std::cell::Cell;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::i18n::Lang;
use crate::model::Dataset;
use crate::store::atomic::{self, Lock};
use crate::store::DataDir;
use crate::t;

/// The cache's folder, in the data directory.
pub const DIR: &str = ".jelly-cache";
const FILE: &str = "dataset.bin";
const MAGIC: &[u8; 8] = b"JELLYDS1";
/// The build of jelly that writes and reads snapshots.
const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("JELLY_BUILD_ID"));
/// magic, key, payload length, payload checksum.
const HEADER: usize = 8 + 16 + 8 + 16;

static ENABLED: AtomicBool = AtomicBool::new(false);
static VERBOSE: AtomicBool = AtomicBool::new(false);

thread_local! {
    static ENCODING: Cell<bool> = const { Cell::new(false) };
}

/// Turns the cache on or off for this process. Off unless the command line
/// turns it on (`jelly` without `--no-cache`): the library's other users
/// (tests, benchmarks) always parse.
/// `verbose`: say on stderr why a snapshot was not written.
pub fn enable(on: bool, verbose: bool) {
    ENABLED.store(on, Ordering::SeqCst);
    VERBOSE.store(verbose, Ordering::SeqCst);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::SeqCst)
}

/// Whether this thread is writing a snapshot (see [`crate::model::skip_none`]).
pub fn encoding() -> bool {
    ENCODING.with(Cell::get)
}

/// The hash of the files a load reads, fed in the order it reads them:
/// for each, its path, its length and the hash of its bytes.
#[derive(Default, Clone)]
pub struct Inputs(Xxh3);

impl Inputs {
    pub fn file(&mut self, path: &Path, bytes: &[u8]) {
        self.path(path);
        self.content(bytes.len() as u64, xxh3_128(bytes));
    }

    /// [`Inputs::file`] for the file at `path` as it is now, read through
    /// `buffer` (no copy of the whole file: what a run that finds its
    /// snapshot reads). Unchanged on an error (for an absent file, a load
    /// feeds [`Inputs::missing`]).
    pub fn file_at(&mut self, path: &Path, buffer: &mut [u8]) -> std::io::Result<()> {
        use std::io::Read as _;
        let mut file = std::fs::File::open(path)?;
        let mut hasher = Xxh3::new();
        let mut length = 0u64;
        loop {
            match file.read(buffer) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buffer[..n]);
                    length += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.path(path);
        self.content(length, hasher.digest128());
        Ok(())
    }

    fn content(&mut self, length: u64, hash: u128) {
        self.0.update(&length.to_le_bytes());
        self.0.update(&hash.to_le_bytes());
    }

    pub fn missing(&mut self, path: &Path) {
        self.path(path);
        self.0.update(&u64::MAX.to_le_bytes());
    }

    fn path(&mut self, path: &Path) {
        let bytes = path.as_os_str().as_encoded_bytes();
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The snapshot's key: these files, read for `dir` in `lang`, by this build.
    pub fn key(&self, dir: &DataDir, lang: Lang) -> Key {
        let mut hasher = Xxh3::new();
        for part in [
            BUILD.as_bytes(),
            lang.code().as_bytes(),
            dir.root.as_os_str().as_encoded_bytes(),
            dir.description.as_os_str().as_encoded_bytes(),
        ] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hasher.update(&self.0.digest128().to_le_bytes());
        Key(hasher.digest128().to_le_bytes())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key([u8; 16]);

impl Key {
    pub fn bytes(self) -> [u8; 16] {
        self.0
    }
}

fn file(dir: &DataDir) -> PathBuf {
    dir.root.join(DIR).join(FILE)
}

/// The snapshot for `key`, if there is one and it is whole; `None` otherwise
/// (absent, another key, truncated, corrupt, written by another build).
pub fn read(dir: &DataDir, key: Key) -> Option<Dataset> {
    let bytes = std::fs::read(file(dir)).ok()?;
    decode(&bytes, key)
}

fn decode(bytes: &[u8], key: Key) -> Option<Dataset> {
    if bytes.len() < HEADER || &bytes[..8] != MAGIC || bytes[8..24] != key.0 {
        return None;
    }
    let length = u64::from_le_bytes(bytes[24..32].try_into().ok()?);
    let payload = &bytes[HEADER..];
    if length != payload.len() as u64 || bytes[32..48] != xxh3_128(payload).to_le_bytes() {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

fn encode(data: &Dataset, key: Key) -> Option<Vec<u8>> {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            ENCODING.with(|e| e.set(false));
        }
    }
    ENCODING.with(|e| e.set(true));
    let _reset = Reset;
    let payload = postcard::to_stdvec(data).ok()?;
    let mut bytes = Vec::with_capacity(HEADER + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.0);
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&xxh3_128(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    Some(bytes)
}

/// Whether `a` and `b` hold the same data (the settings aside).
fn same(a: &Dataset, b: &Dataset) -> bool {
    a.villages == b.villages
        && a.venues == b.venues
        && a.participants == b.participants
        && a.routes == b.routes
        && a.events == b.events
        && a.dangling == b.dangling
}

/// Why no snapshot was written (said with `--verbose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// Another jelly holds the data directory's lock.
    Busy,
    /// The snapshot did not read back equal to the data (a bug: a field
    /// skipped while serializing).
    RoundTrip,
    /// The folder could not be written (read-only data directory…).
    Io,
}

/// Says why no snapshot was written, with `--verbose`.
pub fn note(lang: Lang, skipped: Skipped) {
    if !VERBOSE.load(Ordering::SeqCst) {
        return;
    }
    let message = match skipped {
        Skipped::Busy => t!(lang, "cache-skipped-busy"),
        Skipped::RoundTrip => t!(lang, "cache-skipped-round-trip"),
        Skipped::Io => t!(lang, "cache-skipped-io", folder = DIR),
    };
    eprintln!("{message}");
}

/// Snapshots being written on other threads (see [`write_soon`]).
static PENDING: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Writes the snapshot of `data` for `key` on another thread, so that the
/// command computes meanwhile: a run without a snapshot (the first after
/// any change) pays only for a copy of the data, not for its encoding, its
/// read-back check and its writing. [`finish`] waits for it before the
/// process ends. A process holding the data directory's lock writes it at
/// once instead, under that lock, as before.
pub fn write_soon(dir: &DataDir, key: Key, data: &Dataset, lang: Lang) {
    if atomic::writing() {
        if let Err(skipped) = write(dir, key, data) {
            note(lang, skipped);
        }
        return;
    }
    let dir = dir.clone();
    let data = data.clone();
    let handle = std::thread::spawn(move || {
        if let Err(skipped) = write(&dir, key, &data) {
            note(lang, skipped);
        }
        // Freed here, beside the command (not forgotten: `jelly::run` is
        // also a library call, in the fuzz targets, whose leak checker
        // would see it).
        drop(data);
    });
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(handle);
    }
}

/// Waits for the snapshots [`write_soon`] is writing.
pub fn finish() {
    let handles = match PENDING.lock() {
        Ok(mut pending) => std::mem::take(&mut *pending),
        Err(_) => return,
    };
    for handle in handles {
        let _ = handle.join();
    }
}

/// Writes the snapshot of `data` for `key`: atomically (a temporary file
/// renamed over the old one) and under the data directory's lock, taken
/// only if it is free (a reader never waits for a writer to save time).
pub fn write(dir: &DataDir, key: Key, data: &Dataset) -> Result<(), Skipped> {
    let bytes = encode(data, key).ok_or(Skipped::RoundTrip)?;
    match decode(&bytes, key) {
        Some(back) if same(&back, data) => {}
        _ => return Err(Skipped::RoundTrip),
    }
    let _lock = if atomic::writing() {
        None
    } else {
        match Lock::try_acquire_folder(&dir.root, &dir.lock_path()) {
            Ok(Some(lock)) => Some(lock),
            Ok(None) => return Err(Skipped::Busy),
            Err(_) => return Err(Skipped::Io),
        }
    };
    let folder = dir.root.join(DIR);
    std::fs::create_dir_all(&folder).map_err(|_| Skipped::Io)?;
    atomic::remove_stale_temporaries(&folder);
    // No fsync: a snapshot torn by a crash fails its checksum and is
    // replaced; nothing is lost.
    let write = || -> std::io::Result<()> {
        let mut temp = tempfile::Builder::new()
            .prefix(&atomic::temp_prefix())
            .suffix(atomic::TEMP_SUFFIX)
            .tempfile_in(&folder)?;
        temp.write_all(&bytes)?;
        temp.persist(folder.join(FILE)).map_err(|e| e.error)?;
        Ok(())
    };
    write().map_err(|_| Skipped::Io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> (DataDir, Dataset) {
        let dir = DataDir::new(env!("CARGO_MANIFEST_DIR"));
        let data = crate::store::load(&dir, Lang::En).unwrap();
        (dir, data)
    }

    /// Every field of the demo association's data, and absent ones, come
    /// back as they were: a field skipped while serializing (with
    /// `Option::is_none` instead of `crate::model::skip_none`) fails here.
    #[test]
    fn a_snapshot_reads_back_equal() {
        let (dir, mut data) = demo();
        let key = Inputs::default().key(&dir, Lang::En);
        let bytes = encode(&data, key).unwrap();
        assert!(same(&decode(&bytes, key).unwrap(), &data));
        for village in &mut data.villages {
            village.department = None;
        }
        data.dangling
            .push(crate::error::Problem::new("events/x.toml", "gone").at(3, 4));
        let bytes = encode(&data, key).unwrap();
        assert!(same(&decode(&bytes, key).unwrap(), &data));
        // The JSON output still leaves absent values out.
        let json = serde_json::to_string(&data.villages[0]).unwrap();
        assert!(!json.contains("department"), "{json}");
    }

    #[test]
    fn a_damaged_or_foreign_snapshot_is_refused() {
        let (dir, data) = demo();
        let key = Inputs::default().key(&dir, Lang::En);
        let bytes = encode(&data, key).unwrap();
        let other = Inputs::default().key(&dir, Lang::Fr);
        assert!(decode(&bytes, other).is_none());
        for cut in [0, 7, HEADER - 1, HEADER, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], key).is_none(), "cut at {cut}");
        }
        for at in [0, 9, 30, 40, HEADER, bytes.len() / 2, bytes.len() - 1] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x20;
            assert!(decode(&flipped, key).is_none(), "byte {at} flipped");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, key).is_none());
    }

    /// A run that finds its snapshot hashes the files through a small
    /// buffer; a run that parses them hashes them in memory: same key.
    #[test]
    fn a_file_hashed_through_a_buffer_has_the_key_of_its_bytes() {
        let folder = tempfile::tempdir().unwrap();
        let dir = DataDir::new(folder.path());
        for size in [0usize, 1, 7, 8, 100, 1000, 70_000] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
            let path = folder.path().join("f.toml");
            std::fs::write(&path, &bytes).unwrap();
            let mut in_memory = Inputs::default();
            in_memory.file(&path, &bytes);
            // A buffer smaller than the file: several reads.
            let mut streamed = Inputs::default();
            streamed.file_at(&path, &mut [0u8; 64]).unwrap();
            assert_eq!(
                in_memory.key(&dir, Lang::Fr),
                streamed.key(&dir, Lang::Fr),
                "{size} bytes"
            );
        }
        let mut absent = Inputs::default();
        let error = absent.file_at(&folder.path().join("absent.toml"), &mut [0u8; 64]);
        assert_eq!(error.unwrap_err().kind(), std::io::ErrorKind::NotFound);
        assert_eq!(
            absent.key(&dir, Lang::Fr),
            Inputs::default().key(&dir, Lang::Fr)
        );
    }

    #[test]
    fn the_key_covers_every_byte_and_name() {
        let dir = DataDir::new("/tmp/x");
        let key = |files: &[(&str, Option<&[u8]>)]| {
            let mut inputs = Inputs::default();
            for (path, bytes) in files {
                match bytes {
                    Some(bytes) => inputs.file(Path::new(path), bytes),
                    None => inputs.missing(Path::new(path)),
                }
            }
            inputs.key(&dir, Lang::Fr)
        };
        let base = key(&[("a", Some(b"xy")), ("b", Some(b"z"))]);
        assert_eq!(base, key(&[("a", Some(b"xy")), ("b", Some(b"z"))]));
        for other in [
            key(&[("a", Some(b"xz")), ("b", Some(b"z"))]),
            key(&[("a", Some(b"x")), ("b", Some(b"yz"))]),
            key(&[("b", Some(b"z")), ("a", Some(b"xy"))]),
            key(&[("a", Some(b"z")), ("b", Some(b"xy"))]),
            key(&[("a", Some(b"xy")), ("b", None)]),
            key(&[("a", Some(b"xy"))]),
        ] {
            assert_ne!(base, other);
        }
    }
}
