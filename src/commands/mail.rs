//! `jelly mail`: one personal message to each selected member (slides to
//! those who came, news to those around a village…), with everything the
//! invitations have: the skips (no address, bounced, `mail = false`), the
//! journal (`mailings/<id>.journal`: a rerun sends only what is missing,
//! also after a crash), List-Unsubscribe, DKIM and the `[mail]` transport.

use std::path::PathBuf;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::compose::Written;
use crate::mail::journal::{self, Kind};
use crate::mail::members::{self, Template};
use crate::mail::session::{self, Batch, SkipReason, Skipped};
use crate::output::Output;
use crate::selectors::Selection;
use crate::store::Lock;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The subject (it may use the body's variables: "{{ name }}").
    #[arg(long, value_name = "TEXT")]
    pub subject: String,
    /// The body: a Markdown file, with {{ name }} and the invitations' variables.
    #[arg(long, value_name = "FILE.md")]
    pub body: PathBuf,
    /// Who receives it (repeatable: a union): all, came:EVENT, invited:EVENT,
    /// answered:EVENT:yes|no|maybe|waitlist, village:ID,…, near:VENUE:KM,
    /// skill:WORD, since:DATE. Default: all (the active members).
    #[arg(long, value_name = "SELECTOR")]
    pub to: Vec<String>,
    /// Leave out those this selector picks (repeatable).
    #[arg(long, value_name = "SELECTOR")]
    pub except: Vec<String>,
    /// A file to attach (repeatable; in all at most `[mail] max_attachments`).
    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,
    /// The session whose variables ({{ date }}, {{ venue }}…) the body uses
    /// (default: the one session the selectors name, if only one).
    #[arg(long, value_name = "EVENT")]
    pub event: Option<String>,
    /// List the recipients and show the first message in full; send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    super::check_text_flag(ctx, "--subject", "subject", &args.subject)?;
    let body = std::fs::read_to_string(&args.body)
        .map_err(|e| members::missing_file(lang, "--body", &args.body, e))?;
    let data = ctx.load()?;
    let selection = Selection::parse(&data, &args.to, &args.except)
        .map_err(|e| super::flag_error("--to", e.message(lang)))?;
    let event = match args.event.as_deref().or(selection.single_event()) {
        Some(id) => Some(super::find_event(ctx, &data, id)?),
        None => None,
    };
    let attachments =
        members::read_attachments(lang, &args.attach, data.config.mail.max_attachments)?;
    let template = Template::new(
        data.config.association.language,
        &args.subject,
        &body,
        &args.body,
    )?;
    let mailing = members::mailing_id(&args.subject, &body, &attachments);
    let composer = session::composer(ctx, &data)?;
    let recipients = selection.select(&data);
    // Every person's text is rendered first, so a template that fails
    // fails before anything is sent or written.
    let texts = recipients
        .iter()
        .map(|person| template.render(&composer.person_values(&data, event, person)))
        .collect::<Result<Vec<_>>>()?;
    let journal_path = ctx.dir.mailing_journal(&mailing);
    // Held while reading the journal and sending: a second run waits, then
    // finds everything already sent.
    let _send = if args.dry_run {
        None
    } else {
        Some(Lock::acquire_folder(
            &ctx.dir.mailings(),
            &ctx.dir.mailings().join(format!(".{mailing}.send.lock")),
        )?)
    };
    let entries = journal::read(&journal_path)?;
    let mut batch = Batch::default();
    let mut skipped = Vec::new();
    for (person, (subject, markdown)) in recipients.into_iter().zip(texts) {
        if let Some(reason) = session::no_mail_reason(person) {
            skipped.push(Skipped::new(&person.id, reason));
            continue;
        }
        if journal::sent_once(&entries, &person.id, Kind::Mailing, &mailing) {
            skipped.push(Skipped::new(&person.id, SkipReason::AlreadySent));
            continue;
        }
        let (text, html) = members::render_markdown(&markdown);
        let footer = composer.footer(person);
        let written = Written {
            participant: person,
            kind: Kind::Mailing,
            offset: Some(mailing.clone()),
            sequence: 0,
            html: members::html_document(composer.lang, &subject, &html, &footer),
            text: format!("{text}\n-- \n{footer}\n"),
            subject,
            ics: None,
            message_id: members::message_id(&mailing, &person.id, &composer.domain()),
            date: String::new(),
            venue: String::new(),
            attachments: &attachments,
        };
        match composer.compose_written(written, ctx.now_utc) {
            Ok(message) => batch.messages.push(message),
            Err(e) => batch.unsendable.push(crate::mail::send::Delivery {
                participant: person.id.clone(),
                email: person.email.clone().unwrap_or_default(),
                kind: Kind::Mailing,
                offset: Some(mailing.clone()),
                status: crate::mail::send::DeliveryStatus::Failed,
                message_id: None,
                error: Some(e.to_string()),
            }),
        }
    }
    if args.dry_run {
        return super::invite::dry_run(ctx, &batch.messages, &skipped);
    }
    if batch.messages.is_empty() && batch.unsendable.is_empty() && skipped.is_empty() {
        ctx.note(&t!(lang, "members-mail-nobody"));
    }
    std::fs::create_dir_all(ctx.dir.mailings()).map_err(|e| Error::io(ctx.dir.mailings(), e))?;
    session::deliver_journaled(ctx, &data, &mailing, &journal_path, 0, batch, skipped)
}
