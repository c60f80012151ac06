//! `jelly site -o DIR`: the association's public static site (see
//! [`crate::site`]); `jelly site --check`: who it would show, and what.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{self, Output};
use crate::site;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the site into (created if needed); files that did
    /// not change are left untouched.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        required_unless_present = "check"
    )]
    pub output: Option<PathBuf>,
    /// Write nothing: list what the site would publish about whom.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Serialize)]
struct Written {
    dir: PathBuf,
    files: usize,
    written: usize,
    unchanged: usize,
    removed: usize,
    sessions: usize,
    members: usize,
}

#[derive(Debug, Serialize)]
struct Check {
    listed: usize,
    participants: usize,
    sessions: usize,
    people: Vec<site::Published>,
}

/// The folders of the site whose files all come from jelly: a file there
/// that the new site does not have is removed (a past session, a member
/// who withdrew their consent).
const OWNED_FOLDERS: &[&str] = &["sessions", "membres"];

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let data = ctx.load()?;
    let mut changed = HashMap::new();
    for event in &data.events {
        if !site::is_upcoming(event, ctx.now) {
            continue;
        }
        if let Ok(modified) = std::fs::metadata(ctx.dir.event(&event.id)).and_then(|m| m.modified())
        {
            let at: chrono::DateTime<chrono::Utc> = modified.into();
            let whole = chrono::DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at);
            changed.insert(event.id.clone(), whole);
        }
    }
    let built = site::build(&site::Input {
        data: &data,
        now: ctx.now,
        lang: data.config.association.language,
        changed: &changed,
    })?;
    let leaks = built.leaks(&data);
    if let Some((file, _)) = leaks.first() {
        // Never happens by construction; refuse rather than publish one.
        return Err(Error::runtime(t!(
            lang,
            "site-err-leak",
            file = file.as_str()
        )));
    }
    if args.check {
        return check(ctx, &data, built);
    }
    let dir = args.output.expect("clap requires -o without --check");
    let (written, unchanged, removed) = write_site(&dir, &built)?;
    let summary = Written {
        dir: dir.clone(),
        files: built.files.len(),
        written,
        unchanged,
        removed,
        sessions: built.sessions,
        members: built.published.len(),
    };
    let text = if ctx.quiet || (written == 0 && removed == 0) {
        String::new()
    } else {
        t!(
            lang,
            "site-written",
            dir = dir.display(),
            written = written,
            unchanged = unchanged,
            removed = removed,
            sessions = built.sessions,
            members = built.published.len()
        )
    };
    Output::new(&summary, text)
}

fn check(ctx: &Context, data: &crate::model::Dataset, built: site::Site) -> Result<Output> {
    let lang = ctx.lang;
    let report = Check {
        listed: built.published.len(),
        participants: data.participants.len(),
        sessions: built.sessions,
        people: built.published,
    };
    let mut text = t!(
        lang,
        "site-check-summary",
        listed = report.listed,
        participants = report.participants,
        sessions = report.sessions
    );
    text.push('\n');
    if !report.people.is_empty() {
        let mut table = output::table(crate::output::headers(
            lang,
            &[
                "col-id",
                "col-name",
                "col-village",
                "col-profession",
                "site-col-skills",
                "site-col-website",
                "site-col-phone",
            ],
        ));
        for p in &report.people {
            table.add_row(vec![
                p.id.clone(),
                p.name.clone(),
                p.village.clone(),
                output::cell(p.profession.as_ref()),
                p.skills.join(", "),
                output::cell(p.website.as_ref()),
                output::cell(p.phone.as_ref()),
            ]);
        }
        text.push_str(&table.to_string());
        text.push('\n');
    }
    Output::new(&report, text)
}

/// Writes the files that changed (each through a temporary file and a
/// rename, so a reader never sees half a page) and removes what jelly
/// wrote before in its own folders that the site no longer has. Returns
/// (written, unchanged, removed).
fn write_site(dir: &Path, built: &site::Site) -> Result<(usize, usize, usize)> {
    let io = |path: &Path, e: std::io::Error| Error::runtime(format!("{}: {e}", path.display()));
    let mut written = 0;
    let mut unchanged = 0;
    let mut folders = BTreeSet::new();
    for (name, bytes) in &built.files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            if folders.insert(parent.to_path_buf()) {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
        }
        if std::fs::read(&path).is_ok_and(|old| &old == bytes) {
            unchanged += 1;
            continue;
        }
        let tmp = path.with_file_name(format!(
            ".{}.jelly-tmp",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("file")
        ));
        std::fs::write(&tmp, bytes).map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
        written += 1;
    }
    let mut removed = 0;
    for folder in OWNED_FOLDERS {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = format!("{folder}/{}", entry.file_name().to_string_lossy());
            let ours = ["html", "ics", "svg", "vcf"]
                .iter()
                .any(|x| name.ends_with(&format!(".{x}")));
            if ours && !built.files.contains_key(&name) {
                std::fs::remove_file(entry.path()).map_err(|e| io(&entry.path(), e))?;
                removed += 1;
            }
        }
    }
    Ok((written, unchanged, removed))
}
