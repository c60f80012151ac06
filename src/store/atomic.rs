//! Safe writes: a temporary file in the same folder, fsync, rename, then an
//! fsync of the folder; and the advisory lock that serialises every
//! read-modify-write of a data directory.
//!
//! The lock holds even when its file is deleted or replaced under a running
//! jelly (it checks, once locked, that the path still names the file it
//! locked), never follows a symlink, and its holder removes the temporary
//! files that a killed writer left behind. New files get the permissions an
//! editor would give them (0666 less the umask).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Replaces `path` with `bytes` atomically: readers see the old file or the
/// new one, never a mix, and a crash leaves one of the two.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let write = || -> std::io::Result<()> {
        let mut temp = tempfile::Builder::new()
            .prefix(&temp_prefix())
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir)?;
        temp.write_all(bytes)?;
        let permissions = match std::fs::metadata(path) {
            Ok(meta) => meta.permissions(),
            Err(_) => std::fs::Permissions::from_mode(0o666 & !umask()),
        };
        temp.as_file().set_permissions(permissions)?;
        temp.as_file().sync_all()?;
        temp.persist(path).map_err(|e| e.error)?;
        sync_dir(dir);
        Ok(())
    };
    write().map_err(|e| Error::io(path, e))
}

const TEMP_PREFIX: &str = ".jelly-";
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// `.jelly-<pid>-`: a temporary file names the process writing it, so the
/// next writer knows whether it is abandoned.
pub(crate) fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// The process's umask, read from /proc (setting it to read it back would
/// race with other threads creating files); the usual 022 when unknown.
pub fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Removes the temporary files of jelly's naming in `dir` that no live
/// process is writing: those of a process that no longer exists, and those
/// of the older unnamed form (`.jelly-XXXXXX.tmp`) more than an hour old.
/// Call it holding the directory's lock. Returns how many were removed.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(middle) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let stale = match middle.split_once('-').map(|(pid, _)| pid.parse::<u32>()) {
            Some(Ok(pid)) => {
                pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
            }
            _ => entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(3600)),
        };
        if stale
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Makes a rename durable. Errors are ignored: some filesystems cannot fsync
/// a folder, and the rename itself has already happened.
pub fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// An exclusive advisory lock on a lock file, released when dropped (also
/// when the process dies: the kernel drops it with the file descriptor).
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
    /// The folder, locked too when the lock guards a whole data directory.
    folder: Option<File>,
    /// Counted by [`writing`]: the lock of a command that writes the data
    /// (not that of the cache's snapshot, written on another thread while
    /// the command reads the data: see [`Lock::try_acquire_folder`]).
    counted: bool,
}

impl Lock {
    /// Waits for the lock.
    pub fn acquire(path: &Path) -> Result<Lock> {
        for _ in 0..RETRIES {
            let file = open_lock_file(path)?;
            file.lock().map_err(|e| Error::io(path, e))?;
            if still_named_by(&file, path)? {
                return Ok(Lock {
                    file,
                    path: path.to_path_buf(),
                    folder: None,
                    counted: false,
                });
            }
            // Deleted or replaced while we waited: whoever comes next locks
            // the file now at `path`, so must we.
        }
        Err(replaced_too_often(path))
    }

    /// Takes the lock if nobody holds it; `None` if somebody does.
    pub fn try_acquire(path: &Path) -> Result<Option<Lock>> {
        for _ in 0..RETRIES {
            let file = open_lock_file(path)?;
            match file.try_lock() {
                Ok(()) if still_named_by(&file, path)? => {
                    return Ok(Some(Lock {
                        file,
                        path: path.to_path_buf(),
                        folder: None,
                        counted: false,
                    }))
                }
                Ok(()) => continue,
                Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(path, e)),
            }
        }
        Err(replaced_too_often(path))
    }

    /// Waits for the lock of a whole folder: the folder itself is locked
    /// first (it cannot be deleted under jelly's feet while it holds files,
    /// unlike a lock file: someone deleting `.jelly.lock` while a writer
    /// holds it let a second writer in), then the lock file `path` in it,
    /// which older versions of jelly lock.
    pub fn acquire_folder(folder: &Path, path: &Path) -> Result<Lock> {
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        let mut locked = None;
        for _ in 0..RETRIES {
            let handle = File::open(folder).map_err(|e| Error::io(folder, e))?;
            handle.lock().map_err(|e| Error::io(folder, e))?;
            if still_named_by(&handle, folder)? {
                locked = Some(handle);
                break;
            }
        }
        let handle = locked.ok_or_else(|| replaced_too_often(folder))?;
        let mut lock = Lock::acquire(path)?;
        lock.folder = Some(handle);
        lock.counted = true;
        FOLDER_LOCKS_HELD.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(lock)
    }

    /// [`Lock::acquire_folder`] if nobody holds it; `None` if somebody does
    /// (for work that can be skipped, such as writing the parsed-data cache).
    /// Not counted by [`writing`]: the cache's writer runs beside a command
    /// that may load the data meanwhile, and must not make that load strict.
    pub fn try_acquire_folder(folder: &Path, path: &Path) -> Result<Option<Lock>> {
        let handle = File::open(folder).map_err(|e| Error::io(folder, e))?;
        match handle.try_lock() {
            Ok(()) if still_named_by(&handle, folder)? => {}
            Ok(()) => return Ok(None),
            Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(folder, e)),
        }
        let Some(mut lock) = Lock::try_acquire(path)? else {
            return Ok(None);
        };
        lock.folder = Some(handle);
        Ok(Some(lock))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
        if let Some(folder) = &self.folder {
            let _ = folder.unlock();
        }
        if self.counted {
            FOLDER_LOCKS_HELD.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// How many data-directory locks this process holds: while it writes, a
/// load refuses even the problems other commands tolerate.
static FOLDER_LOCKS_HELD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Whether this process holds a data directory's write lock.
pub fn writing() -> bool {
    FOLDER_LOCKS_HELD.load(std::sync::atomic::Ordering::SeqCst) > 0
}

/// Attempts at locking a file that keeps being replaced before giving up.
const RETRIES: usize = 100;

fn replaced_too_often(path: &Path) -> Error {
    Error::io(
        path,
        std::io::Error::other("replaced again and again while jelly was locking it"),
    )
}

/// Whether `path` still names the open `file` (same device and inode): a
/// lock taken on a file that was since deleted or replaced protects nothing.
/// A folder's path may be a symlink to it (`--data ~/jelly`); a lock file's
/// is not (it is opened with O_NOFOLLOW).
fn still_named_by(file: &File, path: &Path) -> Result<bool> {
    let held = file.metadata().map_err(|e| Error::io(path, e))?;
    let now = if held.is_dir() {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    };
    match now {
        Ok(now) => Ok(now.dev() == held.dev() && now.ino() == held.ino()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(path, e)),
    }
}

fn open_lock_file(path: &Path) -> Result<File> {
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .mode(0o666 & !umask())
        // A symlink here is refused (ELOOP), never followed.
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| Error::io(path, e))
}

/// Appends one line to a journal file and makes it durable before returning.
/// A line is written with a single `write` on a file opened in append mode,
/// so concurrent appenders never interleave within a line.
pub fn append_line_durably(path: &Path, line: &str) -> Result<()> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::with_capacity(line.len() + 1);
    bytes.extend_from_slice(line.as_bytes());
    bytes.push(b'\n');
    file.write_all(&bytes).map_err(|e| Error::io(path, e))?;
    file.sync_data().map_err(|e| Error::io(path, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn try_lock_sees_a_held_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".lock");
        let held = Lock::acquire(&path).unwrap();
        assert!(Lock::try_acquire(&path).unwrap().is_none());
        drop(held);
        assert!(Lock::try_acquire(&path).unwrap().is_some());
    }
}
