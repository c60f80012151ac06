//! `jelly publish caldav [--dry-run]`: the sessions in a shared CalDAV
//! calendar (see [`crate::publish`]), for cron: quiet when nothing changed.

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::compose::Composer;
use crate::output::{self, Output};
use crate::publish::{self, dav, Action};
use crate::t;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Put every upcoming and recent session into the `[publish] caldav_url`
    /// calendar; update changed ones, mark cancelled ones, remove deleted ones.
    Caldav(CaldavArgs),
}

#[derive(Debug, clap::Args)]
pub struct CaldavArgs {
    /// Say what would change, change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    session: String,
    action: Action,
    cancelled: bool,
    /// The server's HTTP status, or the error, when it refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct Published {
    calendar: String,
    dry_run: bool,
    changes: Vec<Row>,
    unchanged: usize,
    failed: usize,
}

pub fn run(command: Command, ctx: &Context) -> Result<Output> {
    let Command::Caldav(args) = command;
    let lang = ctx.lang;
    let data = ctx.load()?;
    let settings = &data.config.publish;
    let Some(url) = settings.caldav_url.clone() else {
        return Err(Error::usage(t!(lang, "publish-no-url")));
    };
    let password = match &settings.username {
        Some(_) => Some(password(ctx, settings)?),
        None => None,
    };
    let client = dav::Dav::new(&url, settings.username.as_deref(), password.as_deref());
    let unreachable = |e: String| {
        Error::runtime(t!(
            lang,
            "publish-unreachable",
            url = url.as_str(),
            error = e
        ))
    };
    let listing = client.list().map_err(unreachable)?;
    if listing.status == 401 || listing.status == 403 {
        return Err(Error::runtime(t!(
            lang,
            "publish-refused",
            url = url.as_str(),
            status = listing.status
        )));
    }
    let held = if listing.status == 207 {
        dav::parse_multistatus(&listing.body, dav::path_of(client.base()))
            .ok_or_else(|| unreachable(t!(lang, "publish-bad-answer", status = listing.status)))?
    } else {
        return Err(unreachable(t!(
            lang,
            "publish-bad-answer",
            status = listing.status
        )));
    };
    let composer = Composer::new(&data.config, Vec::new())?;
    let domain = composer.domain();
    let wanted = publish::wanted(&data, &composer, ctx.now, ctx.now_utc);
    let mut changes = Vec::new();
    let mut unchanged = 0;
    let mut failed = 0;
    let mut record = |session: &str, action: Action, cancelled: bool, error: Option<String>| {
        if error.is_some() {
            failed += 1;
        }
        changes.push(Row {
            session: session.to_string(),
            action,
            cancelled,
            error,
        });
    };
    for w in &wanted {
        let existing = held.iter().find(|h| h.name == w.name);
        let (action, etag) = match existing {
            None => (Action::Create, None),
            Some(h) => {
                let current = client.get(&w.name).map_err(unreachable)?;
                if current.status == 200
                    && publish::essence(&current.body) == publish::essence(&w.body)
                {
                    unchanged += 1;
                    continue;
                }
                (Action::Update, current.etag.or_else(|| h.etag.clone()))
            }
        };
        if args.dry_run {
            record(&w.event, action, w.cancelled, None);
            continue;
        }
        let answer = client
            .put(&w.name, &w.body, etag.as_deref())
            .map_err(unreachable)?;
        let error =
            (!(200..300).contains(&answer.status)).then(|| format!("HTTP {}", answer.status));
        record(&w.event, action, w.cancelled, error);
    }
    for orphan in publish::orphans(&held, &data) {
        // Only objects jelly made: a UID on the association's domain.
        let current = client.get(&orphan.name).map_err(unreachable)?;
        let ours =
            publish::uid_of(&current.body).is_some_and(|uid| uid.ends_with(&format!("@{domain}")));
        if current.status != 200 || !ours {
            continue;
        }
        let session = orphan.name.trim_end_matches(".ics");
        if args.dry_run {
            record(session, Action::Delete, false, None);
            continue;
        }
        let etag = current.etag.or_else(|| orphan.etag.clone());
        let answer = client
            .delete(&orphan.name, etag.as_deref())
            .map_err(unreachable)?;
        let error =
            (!(200..300).contains(&answer.status)).then(|| format!("HTTP {}", answer.status));
        record(session, Action::Delete, false, error);
    }
    let report = Published {
        calendar: url.clone(),
        dry_run: args.dry_run,
        changes,
        unchanged,
        failed,
    };
    let text = if report.changes.is_empty() || ctx.quiet {
        String::new()
    } else {
        let mut table = output::table(crate::output::headers(
            lang,
            &["col-session", "publish-col-action", "publish-col-result"],
        ));
        for row in &report.changes {
            let mut action = t!(lang, &format!("publish-action-{}", action_key(row.action)));
            if row.cancelled {
                action = t!(lang, "publish-cancelled", action = action);
            }
            let result = match &row.error {
                Some(error) => error.clone(),
                None if report.dry_run => t!(lang, "publish-dry-run"),
                None => t!(lang, "publish-done"),
            };
            table.add_row(vec![row.session.clone(), action, result]);
        }
        format!(
            "{table}\n{}\n",
            t!(
                lang,
                "publish-summary",
                changes = report.changes.len(),
                unchanged = report.unchanged,
                failed = report.failed
            )
        )
    };
    let code = if report.failed > 0 { 1 } else { 0 };
    Ok(Output::new(&report, text)?.with_exit_code(code))
}

fn action_key(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::Delete => "delete",
    }
}

/// `$JELLY_CALDAV_PASSWORD`, else the first line of `[publish] password_command`.
fn password(ctx: &Context, settings: &crate::model::PublishSettings) -> Result<String> {
    if let Ok(password) = std::env::var("JELLY_CALDAV_PASSWORD") {
        if !password.is_empty() {
            return Ok(password);
        }
    }
    match &settings.password_command {
        Some(command) => crate::mail::transport::password_from_command(command, ctx.lang),
        None => Err(Error::usage(t!(ctx.lang, "publish-no-password"))),
    }
}
