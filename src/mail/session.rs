//! What the mail commands (`invite`, `reschedule`, `cancel`, `remind`) share:
//! finding the session, editing its file, sending a batch through the
//! configured transport and turning the result into a report.

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::compose::{load_overrides, Composed, Composer};
use crate::mail::send::{self, Delivery, DeliveryStatus, Options};
use crate::mail::transport;
use crate::model::{Dataset, Event};
use crate::output::{self, Output};
use crate::t;

/// A composer with the data directory's template overrides.
pub fn composer(ctx: &Context, data: &Dataset) -> Result<Composer> {
    Composer::new(&data.config, load_overrides(&ctx.dir)?)?.for_sending(&ctx.dir, ctx.lang)
}

/// Why a participant was left out of a batch (JSON: "no_email",
/// "already_sent", "bounced", "unsubscribed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    NoEmail,
    AlreadySent,
    /// Their address failed for good (`bounced = DATE`).
    Bounced,
    /// They asked for no more email (`mail = false`).
    Unsubscribed,
    /// Their address is another participant's, who got (or gets in this
    /// run) this message: one message per address (see `crate::identity`).
    SharedAddress,
}

impl SkipReason {
    /// The two reasons jelly stops writing to someone who has an address.
    const NO_MORE_MAIL: [SkipReason; 2] = [SkipReason::Bounced, SkipReason::Unsubscribed];
}

/// Why jelly does not email `participant`, if it does not: no address,
/// an address that bounced for good, or a request for no more email.
pub fn no_mail_reason(participant: &crate::model::Participant) -> Option<SkipReason> {
    if participant.email.is_none() {
        Some(SkipReason::NoEmail)
    } else if participant.bounced.is_some() {
        Some(SkipReason::Bounced)
    } else if !participant.mail {
        Some(SkipReason::Unsubscribed)
    } else {
        None
    }
}

/// A participant left out of a batch, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub participant: String,
    pub reason: SkipReason,
    /// For `shared_address`: who the address's message went to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<String>,
}

impl Skipped {
    pub fn new(participant: &str, reason: SkipReason) -> Skipped {
        Skipped {
            participant: participant.to_string(),
            reason,
            with: None,
        }
    }

    /// Left out because `with` has the same address.
    pub fn shared(participant: &str, with: &str) -> Skipped {
        Skipped {
            participant: participant.to_string(),
            reason: SkipReason::SharedAddress,
            with: Some(with.to_string()),
        }
    }
}

/// One message of a kind per address per session, whatever the file holds
/// (two participants on one address are a hand edit `check` refuses): the
/// messages already journaled (sent, or attempted and maybe sent) and those
/// claimed in this run, by address.
pub struct AddressGuard<'e> {
    /// Normalised address → the journal's entries to it.
    journaled: std::collections::HashMap<String, Vec<&'e crate::mail::journal::Entry>>,
    sequence: u32,
    /// (address, message) → the participant it goes to in this run.
    claimed: std::collections::HashMap<(String, &'static str, Option<String>), String>,
}

/// Which message an entry or a send is, for the one-per-address rule: an
/// invitation and its updates are one message per SEQUENCE.
fn message_class(kind: crate::mail::journal::Kind) -> &'static str {
    use crate::mail::journal::Kind;
    match kind {
        Kind::Invitation | Kind::Update => "invitation",
        Kind::Cancellation => "cancellation",
        Kind::Reminder => "reminder",
        Kind::Mailing => "mailing",
        Kind::Waitlisted => "waitlisted",
        Kind::Offer => "offer",
        Kind::OfferExpired => "offer-expired",
        Kind::Poll => "poll",
        Kind::PollReminder => "poll-reminder",
    }
}

impl<'e> AddressGuard<'e> {
    /// The guard of a session at `sequence`, from its journal.
    pub fn new(entries: &'e [crate::mail::journal::Entry], sequence: u32) -> AddressGuard<'e> {
        use crate::mail::journal::Outcome;
        let mut journaled: std::collections::HashMap<String, Vec<_>> =
            std::collections::HashMap::new();
        for e in entries
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Sent | Outcome::Attempt))
        {
            journaled
                .entry(crate::identity::normalise_address(&e.email))
                .or_default()
                .push(e);
        }
        AddressGuard {
            journaled,
            sequence,
            claimed: std::collections::HashMap::new(),
        }
    }

    /// Claims the message `kind` (at `offset`, for reminders) to `person`'s
    /// address; `Err(id)` when participant `id` already has it there.
    pub fn claim(
        &mut self,
        person: &crate::model::Participant,
        kind: crate::mail::journal::Kind,
        offset: Option<&str>,
    ) -> std::result::Result<(), String> {
        let class = message_class(kind);
        for address in crate::identity::addresses_of(person) {
            let earlier = self.journaled.get(&address).and_then(|entries| {
                entries.iter().find(|e| {
                    e.participant != person.id
                        && message_class(e.kind) == class
                        && match class {
                            "invitation" => e.sequence >= self.sequence,
                            "reminder" => e.offset.as_deref() == offset,
                            _ => true,
                        }
                })
            });
            if let Some(e) = earlier {
                return Err(e.participant.clone());
            }
            let key = (address, class, offset.map(str::to_string));
            match self.claimed.get(&key) {
                Some(id) if *id != person.id => return Err(id.clone()),
                Some(_) => {}
                None => {
                    self.claimed.insert(key, person.id.clone());
                }
            }
        }
        Ok(())
    }
}

/// A session's journal, and a composer that remembers from it the date and
/// venue each participant was last sent.
pub fn journal_and_composer(
    ctx: &Context,
    data: &Dataset,
    event: &Event,
) -> Result<(Vec<crate::mail::journal::Entry>, Composer)> {
    let entries = crate::mail::journal::read(&ctx.dir.journal(&event.id))?;
    let mut composer = composer(ctx, data)?;
    composer.remember(&entries);
    Ok((entries, composer))
}

/// What [`compose_for_invited`] does with one invited participant.
pub enum Pick {
    /// Compose and send them a message of this kind.
    Send(crate::mail::journal::Kind),
    /// Leave them out, and say why in the report.
    Skip(SkipReason),
    /// Leave them out silently.
    Pass,
}

/// The messages to the participants invited to `event` whom `pick` chooses,
/// in the order of the invitation list, and those it leaves out with a
/// reason; one message of a kind per address (see [`AddressGuard`]).
pub fn compose_for_invited(
    ctx: &Context,
    data: &Dataset,
    event: &Event,
    composer: &Composer,
    entries: &[crate::mail::journal::Entry],
    pick: impl Fn(&crate::model::Participant) -> Pick,
) -> Result<(Batch, Vec<Skipped>)> {
    let mut batch = Batch::default();
    let mut skipped = Vec::new();
    let mut guard = AddressGuard::new(entries, event.sequence);
    let index = data.participant_index();
    for id in &event.invited {
        let Some(participant) = index.get(id.as_str()).map(|&i| &data.participants[i]) else {
            continue;
        };
        match pick(participant) {
            Pick::Send(kind) => {
                if let Err(with) = guard.claim(participant, kind, None) {
                    skipped.push(Skipped::shared(id, &with));
                    continue;
                }
                batch.compose(composer, data, event, participant, kind, None, ctx.now_utc)?;
            }
            Pick::Skip(reason) => skipped.push(Skipped::new(id, reason)),
            Pick::Pass => {}
        }
    }
    Ok((batch, skipped))
}

/// After an edit of a session's file (`reschedule`, `cancel`): reads the
/// data again, then sends what `pick` says (given the session, the person
/// and the journal) to each invited participant, and reports.
pub fn resend_to_invited(
    ctx: &Context,
    event_id: &str,
    pick: impl Fn(&Event, &crate::model::Participant, &[crate::mail::journal::Entry]) -> Pick,
) -> Result<Output> {
    let data = ctx.load()?;
    let event = crate::commands::find_event(ctx, &data, event_id)?;
    let (entries, composer) = journal_and_composer(ctx, &data, event)?;
    let (batch, skipped) = compose_for_invited(ctx, &data, event, &composer, &entries, |p| {
        pick(event, p, &entries)
    })?;
    deliver_batch(ctx, &data, event, batch, skipped)
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub event: String,
    pub deliveries: Vec<Delivery>,
    pub skipped: Vec<Skipped>,
    /// Messages sent again because an earlier run was interrupted between
    /// handing them to the server and hearing back (same Message-ID).
    pub resent_uncertain: usize,
}

/// The messages of a batch: those composed, and those that could not be
/// (one person's odd data never stops the others' mail).
#[derive(Debug, Default)]
pub struct Batch {
    pub messages: Vec<Composed>,
    pub unsendable: Vec<Delivery>,
}

impl Batch {
    /// Composes one message (see [`Composer::compose`]); a failure, even a
    /// panic inside the mail library, is kept as that person's failure.
    #[allow(clippy::too_many_arguments)]
    pub fn compose(
        &mut self,
        composer: &Composer,
        data: &Dataset,
        event: &Event,
        participant: &crate::model::Participant,
        kind: crate::mail::journal::Kind,
        offset: Option<(&str, chrono::Duration)>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            composer.compose(data, event, participant, kind, offset, now)
        }));
        let error = match attempt {
            Ok(Ok(message)) => {
                self.messages.push(message);
                return Ok(());
            }
            // A template that does not render is the association's problem,
            // the same for everyone: stop.
            Ok(Err(e @ Error::Invalid(_))) => return Err(e),
            Ok(Err(e)) => e.to_string(),
            Err(panic) => panic
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the message could not be composed".to_string()),
        };
        self.unsendable.push(Delivery {
            participant: participant.id.clone(),
            email: participant.email.clone().unwrap_or_default(),
            kind,
            offset: offset.map(|(name, _)| name.to_string()),
            status: DeliveryStatus::Failed,
            message_id: None,
            error: Some(error),
        });
        Ok(())
    }
}

/// Sends a batch for `event` and reports; the messages that could not be
/// composed are journaled as failed, with their reason, and count as failures.
pub fn deliver_batch(
    ctx: &Context,
    data: &Dataset,
    event: &Event,
    batch: Batch,
    skipped: Vec<Skipped>,
) -> Result<Output> {
    let journal = ctx.dir.journal(&event.id);
    deliver_journaled(
        ctx,
        data,
        &event.id,
        &journal,
        event.sequence,
        batch,
        skipped,
    )
}

/// Sends a batch journaled in `journal` (a session's, or a mailing's) and
/// reports under `label`.
pub fn deliver_journaled(
    ctx: &Context,
    data: &Dataset,
    label: &str,
    journal: &std::path::Path,
    sequence: u32,
    batch: Batch,
    skipped: Vec<Skipped>,
) -> Result<Output> {
    if !batch.unsendable.is_empty() {
        let path = journal;
        crate::mail::journal::repair(path)?;
        let at = ctx
            .now_utc
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        for failure in &batch.unsendable {
            crate::mail::journal::append(
                path,
                &crate::mail::journal::Entry {
                    participant: failure.participant.clone(),
                    email: failure.email.clone(),
                    kind: failure.kind,
                    offset: failure.offset.clone(),
                    outcome: crate::mail::journal::Outcome::Failed,
                    message_id: None,
                    sequence,
                    at: at.clone(),
                    error: failure.error.clone(),
                    date: None,
                    venue: None,
                },
            )?;
        }
    }
    deliver_with(
        ctx,
        data,
        label,
        journal,
        &batch.messages,
        batch.unsendable,
        skipped,
    )
}

/// Sends `messages` for `event` and reports. Exit status 1 when some were
/// refused; an error (exit 1) when the server could not be reached at all.
pub fn deliver(
    ctx: &Context,
    data: &Dataset,
    event: &Event,
    messages: &[Composed],
    skipped: Vec<Skipped>,
) -> Result<Output> {
    let journal = ctx.dir.journal(&event.id);
    deliver_with(
        ctx,
        data,
        &event.id,
        &journal,
        messages,
        Vec::new(),
        skipped,
    )
}

fn deliver_with(
    ctx: &Context,
    data: &Dataset,
    label: &str,
    journal_path: &std::path::Path,
    messages: &[Composed],
    unsendable: Vec<Delivery>,
    skipped: Vec<Skipped>,
) -> Result<Output> {
    let entries = crate::mail::journal::read(journal_path)?;
    let open = crate::mail::journal::uncertain(&entries);
    let resent_uncertain = messages
        .iter()
        .filter(|m| {
            crate::mail::journal::is_uncertain(
                &open,
                &m.participant,
                m.kind,
                m.offset.as_deref(),
                m.sequence,
            )
        })
        .count();
    if resent_uncertain > 0 && !ctx.quiet {
        eprintln!(
            "{}",
            t!(
                ctx.lang,
                "mail-session-resending-uncertain",
                count = resent_uncertain
            )
        );
    }
    let mut report = if messages.is_empty() {
        send::Report::default()
    } else {
        let transport = transport::from_config(&ctx.dir, &data.config, ctx.lang)?;
        let options = Options {
            workers: data.config.mail.connections,
            progress: ctx.interactive && !ctx.quiet,
            ..Options::default()
        };
        send::deliver(
            transport.as_ref(),
            messages,
            journal_path,
            &options,
            ctx.now_utc,
        )?
    };
    if let Some(reason) = &report.aborted {
        let sent = report.count(DeliveryStatus::Sent);
        return Err(Error::runtime(t!(
            ctx.lang,
            "mail-aborted",
            // The reason is a sentence of its own; the message adds the period.
            reason = crate::i18n::Raw(crate::error::escaped(
                reason.trim_end().trim_end_matches('.')
            )),
            sent = sent,
            left = messages.len() - sent - report.count(DeliveryStatus::Failed)
        )));
    }
    report.deliveries.extend(unsendable);
    let failed = report.count(DeliveryStatus::Failed);
    let summary = Summary {
        event: label.to_string(),
        deliveries: report.deliveries,
        skipped,
        resent_uncertain,
    };
    let text = render(ctx, data, &summary);
    if failed > 0 {
        let list: Vec<String> = summary
            .deliveries
            .iter()
            .filter(|d| d.status == DeliveryStatus::Failed)
            .map(|d| {
                crate::error::escaped(&format!(
                    "{} <{}>: {}",
                    d.participant,
                    d.email,
                    d.error.clone().unwrap_or_default()
                ))
            })
            .collect();
        eprintln!(
            "{}",
            t!(
                ctx.lang,
                "mail-failed-list",
                count = failed,
                list = crate::i18n::Raw(list.join("\n  "))
            )
        );
    }
    Ok(Output::new(&summary, text)?.with_exit_code(if failed > 0 { 1 } else { 0 }))
}

fn render(ctx: &Context, data: &Dataset, summary: &Summary) -> String {
    let lang = ctx.lang;
    let mut table = output::table(crate::output::headers(
        lang,
        &[
            "mail-col-participant",
            "mail-col-email",
            "mail-col-kind",
            "mail-col-result",
        ],
    ));
    let name = |id: &str| {
        data.participant(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    // The file transport sends nothing: its messages are written to the
    // outbox folder, and the report says so.
    let to_outbox = data.config.mail.transport == crate::model::TransportKind::File;
    for d in &summary.deliveries {
        let result = match d.status {
            DeliveryStatus::Sent if to_outbox => t!(lang, "first-use-result-written"),
            DeliveryStatus::Sent => t!(lang, "mail-result-sent"),
            DeliveryStatus::Failed => format!(
                "{} : {}",
                t!(lang, "mail-result-failed"),
                d.error.clone().unwrap_or_default()
            ),
            DeliveryStatus::NotSent => t!(lang, "mail-result-not-sent"),
        };
        // "rappel : demain", "rappel : dans 7 jours", never "rappel 1d".
        // A mailing's id or a waiting list's stamp says nothing to a reader.
        let reminder_offset = d
            .offset
            .as_deref()
            .filter(|_| d.kind == crate::mail::journal::Kind::Reminder);
        let when = reminder_offset.map(|offset| {
            crate::model::duration::Span::parse(offset)
                .ok()
                .and_then(|span| span.fixed())
                .map_or_else(
                    || offset.to_string(),
                    |duration| crate::mail::compose::when_text(lang, duration),
                )
        });
        let kind = match when {
            Some(when) => t!(
                lang,
                "first-use-kind-with-when",
                kind = t!(lang, &format!("mail-kind-{}", d.kind.as_str())),
                when = when
            ),
            None => t!(lang, &format!("mail-kind-{}", d.kind.as_str())),
        };
        table.add_row(vec![name(&d.participant), d.email.clone(), kind, result]);
    }
    for s in summary
        .skipped
        .iter()
        .filter(|s| s.reason == SkipReason::NoEmail)
    {
        table.add_row(vec![
            name(&s.participant),
            String::new(),
            String::new(),
            t!(lang, "mail-result-no-email"),
        ]);
    }
    for s in summary
        .skipped
        .iter()
        .filter(|s| SkipReason::NO_MORE_MAIL.contains(&s.reason))
    {
        table.add_row(vec![
            name(&s.participant),
            String::new(),
            String::new(),
            t!(
                lang,
                if s.reason == SkipReason::Bounced {
                    "inbox-result-bounced"
                } else {
                    "inbox-result-unsubscribed"
                }
            ),
        ]);
    }
    let shared = shared_lines(lang, &summary.skipped, &name);
    let sent = summary
        .deliveries
        .iter()
        .filter(|d| d.status == DeliveryStatus::Sent)
        .count();
    let failed = summary
        .deliveries
        .iter()
        .filter(|d| d.status == DeliveryStatus::Failed)
        .count();
    let already = summary
        .skipped
        .iter()
        .filter(|s| s.reason == SkipReason::AlreadySent)
        .count();
    let no_email = summary
        .skipped
        .iter()
        .filter(|s| s.reason == SkipReason::NoEmail)
        .count();
    let no_mail = summary
        .skipped
        .iter()
        .filter(|s| SkipReason::NO_MORE_MAIL.contains(&s.reason))
        .count();
    let mut text = String::new();
    if !summary.deliveries.is_empty() || no_email > 0 || no_mail > 0 {
        text.push_str(&table.to_string());
        text.push('\n');
    }
    if summary.resent_uncertain > 0 {
        text.push_str(&t!(
            lang,
            "mail-session-resent-uncertain",
            count = summary.resent_uncertain
        ));
        text.push('\n');
    }
    text.push_str(&t!(
        lang,
        if to_outbox {
            "first-use-totals-written"
        } else {
            "mail-totals"
        },
        event = summary.event,
        sent = sent,
        failed = failed,
        already = already,
        no_email = no_email
    ));
    text.push('\n');
    text.push_str(&shared);
    if to_outbox && sent > 0 {
        text.push_str(&t!(
            lang,
            "first-use-outbox-note",
            count = sent,
            dir = ctx
                .dir
                .resolve(&data.config.mail.outbox)
                .display()
                .to_string()
        ));
        text.push('\n');
    }
    text.push_str(&no_mail_note(lang, &summary.skipped));
    text
}

/// One line per participant left out because their address is another's.
pub fn shared_lines(
    lang: crate::i18n::Lang,
    skipped: &[Skipped],
    name: &dyn Fn(&str) -> String,
) -> String {
    let mut text = String::new();
    for s in skipped
        .iter()
        .filter(|s| s.reason == SkipReason::SharedAddress)
    {
        let with = s.with.as_deref().unwrap_or_default();
        text.push_str(&t!(
            lang,
            "identity-skipped-shared",
            name = name(&s.participant),
            id = s.participant.as_str(),
            with = with
        ));
        text.push('\n');
    }
    text
}

/// One line per kind of person jelly no longer emails (bounced, mail =
/// false), when there are any.
pub fn no_mail_note(lang: crate::i18n::Lang, skipped: &[Skipped]) -> String {
    let mut text = String::new();
    for (reason, key) in [
        (SkipReason::Bounced, "inbox-skipped-bounced"),
        (SkipReason::Unsubscribed, "inbox-skipped-unsubscribed"),
    ] {
        let count = skipped.iter().filter(|s| s.reason == reason).count();
        if count > 0 {
            text.push_str(&t!(lang, key, count = count));
            text.push('\n');
        }
    }
    text
}
