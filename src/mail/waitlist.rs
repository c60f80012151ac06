//! The waiting list's messages ("you are number 2", "a seat is free for you
//! until …", "your offer ran out"): what [`crate::waitlist::due_messages`]
//! says each person is owed, less what the session's journal says they got,
//! composed with the association's headers and sent through the session's
//! journal. So each step is mailed once, and one that could not go out goes
//! with the next `rsvp`, `inbox` or `remind`.

use crate::context::Context;
use crate::error::Result;
use crate::mail::compose::{long_date, Written};
use crate::mail::ics::{self, Method};
use crate::mail::journal::{self, Kind};
use crate::mail::session::{self, Batch, Skipped};
use crate::model::{Dataset, Event, Status};
use crate::output::Output;
use crate::t;
use crate::waitlist::{due_messages, Rules};

/// Sends what the waiting list of `event` owes; `None` when nothing is
/// owed (or the session is over, cancelled or without a list).
pub fn send_due(ctx: &Context, event_id: &str) -> Result<Option<Output>> {
    let data = ctx.load()?;
    let Some(event) = data.event(event_id) else {
        return Ok(None);
    };
    let rules = Rules::of(&data, event);
    if rules.capacity.is_none() || event.status != Status::Planned || event.date < ctx.now {
        return Ok(None);
    }
    let _send = crate::mail::send_lock(&ctx.dir, &event.id)?;
    let entries = journal::read(&ctx.dir.journal(&event.id))?;
    let composer = session::composer(ctx, &data)?;
    let mut batch = Batch::default();
    let mut skipped = Vec::new();
    for due in due_messages(event, rules) {
        if journal::sent_once(&entries, &due.participant, due.kind, &due.stamp) {
            continue;
        }
        let Some(person) = data.participant(&due.participant) else {
            continue;
        };
        if let Some(reason) = session::no_mail_reason(person) {
            skipped.push(Skipped::new(&person.id, reason));
            continue;
        }
        let (subject, text) = texts(&data, event, &composer, person, &due, rules);
        let html = crate::mail::members::html_document(
            composer.lang,
            &subject,
            &paragraphs_html(&text),
            &composer.footer(person),
        );
        let ics = (due.kind == Kind::Offer).then(|| {
            ics::calendar(
                Method::Request,
                &[composer.calendar_event(&data, event, Some(person), ctx.now_utc)],
            )
        });
        let written = Written {
            participant: person,
            kind: due.kind,
            offset: Some(due.stamp.clone()),
            sequence: event.sequence,
            text: format!("{text}\n\n-- \n{}\n", composer.footer(person)),
            html,
            subject,
            ics,
            message_id: crate::mail::compose::message_id(
                &event.id,
                &person.id,
                due.kind,
                event.sequence,
                Some(&due.stamp),
                &composer.domain(),
            ),
            date: event.date.format("%Y-%m-%dT%H:%M").to_string(),
            venue: event.venue.clone(),
            attachments: &[],
        };
        match composer.compose_written(written, ctx.now_utc) {
            Ok(message) => batch.messages.push(message),
            Err(e) => batch.unsendable.push(crate::mail::send::Delivery {
                participant: person.id.clone(),
                email: person.email.clone().unwrap_or_default(),
                kind: due.kind,
                offset: Some(due.stamp.clone()),
                status: crate::mail::send::DeliveryStatus::Failed,
                message_id: None,
                error: Some(e.to_string()),
            }),
        }
    }
    if batch.messages.is_empty() && batch.unsendable.is_empty() {
        return Ok(None);
    }
    session::deliver_batch(ctx, &data, event, batch, skipped).map(Some)
}

/// The subject and text of one waiting-list message.
fn texts(
    data: &Dataset,
    event: &Event,
    composer: &crate::mail::compose::Composer,
    person: &crate::model::Participant,
    due: &crate::waitlist::Due,
    rules: Rules,
) -> (String, String) {
    let lang = composer.lang;
    let venue = data.venue(&event.venue);
    let village = venue
        .and_then(|v| data.village(&v.village))
        .map(|v| v.name.clone())
        .unwrap_or_default();
    let date = long_date(lang, event.date);
    let time = event.date.format("%H:%M").to_string();
    let association = data.config.association.name.clone();
    let capacity = rules.capacity.unwrap_or(0);
    let until = due
        .until
        .map(|u| {
            t!(
                lang,
                "mail-compose-date-at",
                date = long_date(lang, u),
                time = u.format("%H:%M")
            )
        })
        .unwrap_or_default();
    let key = match due.kind {
        Kind::Offer => "offer",
        Kind::OfferExpired => "expired",
        _ => "waitlisted",
    };
    let subject = t!(
        lang,
        &format!("waitlist-subject-{key}"),
        village = village.clone(),
        date = date.clone()
    );
    let body = t!(
        lang,
        &format!("waitlist-body-{key}"),
        name = person.name.clone(),
        association = association.clone(),
        village = village,
        date = date,
        time = time,
        capacity = capacity,
        position = due.position,
        until = until
    );
    (subject, body)
}

/// Plain paragraphs as HTML, escaped.
fn paragraphs_html(text: &str) -> String {
    text.split("\n\n")
        .map(|p| {
            format!(
                "<p>{}</p>\n",
                crate::mail::members::escape_html(p.trim()).replace('\n', "<br>\n")
            )
        })
        .collect()
}
