//! The data directory on disk: where each file is, loading and validating it
//! all at once with file:line:column for every problem, and writing it back
//! safely (atomic, locked, comments kept).

pub mod append;
pub mod atomic;
pub mod cache;
pub mod edit;
pub mod event_file;
pub mod fast_participants;
pub mod figures_cache;
pub mod load;
pub mod locate;
pub mod participants_file;
pub mod schema;
pub mod secret;
pub mod syntax;
pub mod text;

use std::path::{Path, PathBuf};

pub use atomic::{write_atomic, Lock};
pub use load::{load, load_config};

/// Where an association's files are.
///
/// The description files (`jelly.toml`, `villages.toml`, `venues.toml`,
/// `participants.toml`, `distances.toml`, `templates/`) live in the data
/// directory itself, or — the layout of jelly's own repository, which carries
/// the demo association — in its `examples/` folder when the directory has no
/// `villages.toml` of its own. Sessions are always under `events/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    pub root: PathBuf,
    pub description: PathBuf,
    /// The folders searched, from the current one up, when the data
    /// directory was looked for and not found (for error messages).
    pub looked_in: Vec<PathBuf>,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let description = if !root.join("villages.toml").exists()
            && !root.join("jelly.toml").exists()
            && root.join("examples").join("villages.toml").exists()
        {
            root.join("examples")
        } else {
            root.clone()
        };
        DataDir {
            root,
            description,
            looked_in: Vec::new(),
        }
    }

    /// Whether `dir` holds an association's files (or the demo's).
    fn holds_association(dir: &Path) -> bool {
        dir.join("jelly.toml").is_file()
            || dir.join("villages.toml").is_file()
            || dir.join("examples").join("villages.toml").is_file()
    }

    /// The data directory: `given` (from `--data` or `$JELLY_DATA`) as it
    /// is; else, as git finds its repository, the current folder or the
    /// nearest folder above it that holds an association, so jelly works
    /// from `events/`. When none does, the current folder, remembering the
    /// folders looked in.
    pub fn find(given: Option<PathBuf>) -> DataDir {
        if let Some(root) = given {
            return DataDir::new(root);
        }
        let here = PathBuf::from(".");
        if Self::holds_association(&here) {
            return DataDir::new(here);
        }
        let Ok(current) = std::env::current_dir() else {
            return DataDir::new(here);
        };
        let mut looked_in = vec![current.clone()];
        for dir in current.ancestors().skip(1) {
            if Self::holds_association(dir) {
                return DataDir::new(dir);
            }
            looked_in.push(dir.to_path_buf());
        }
        DataDir {
            looked_in,
            ..DataDir::new(here)
        }
    }

    pub fn config(&self) -> PathBuf {
        self.description.join("jelly.toml")
    }
    pub fn villages(&self) -> PathBuf {
        self.description.join("villages.toml")
    }
    pub fn venues(&self) -> PathBuf {
        self.description.join("venues.toml")
    }
    pub fn participants(&self) -> PathBuf {
        self.description.join("participants.toml")
    }
    pub fn distances(&self) -> PathBuf {
        self.description.join("distances.toml")
    }
    pub fn templates(&self) -> PathBuf {
        self.description.join("templates")
    }
    pub fn events(&self) -> PathBuf {
        self.root.join("events")
    }
    pub fn event(&self, id: &str) -> PathBuf {
        self.events().join(format!("{id}.toml"))
    }
    /// The append-only journal of emails sent for a session.
    pub fn journal(&self, id: &str) -> PathBuf {
        self.events().join(format!("{id}.journal"))
    }
    /// The journals of `jelly mail`, one per mailing.
    pub fn mailings(&self) -> PathBuf {
        self.root.join("mailings")
    }
    pub fn mailing_journal(&self, id: &str) -> PathBuf {
        self.mailings().join(format!("{id}.journal"))
    }
    /// The lock every read-modify-write of this directory holds.
    pub fn lock_path(&self) -> PathBuf {
        self.root.join(".jelly.lock")
    }
    /// Waits for, then holds, the directory's write lock; then removes the
    /// temporary files a killed writer left behind.
    pub fn lock(&self) -> crate::error::Result<Lock> {
        let lock = Lock::acquire_folder(&self.root, &self.lock_path())?;
        for dir in [&self.root, &self.description, &self.events()] {
            atomic::remove_stale_temporaries(dir);
        }
        Ok(lock)
    }
    /// A path relative to the data directory, as it is shown in messages.
    pub fn resolve(&self, relative: &str) -> PathBuf {
        let path = Path::new(relative);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }
}
