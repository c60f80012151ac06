//! What the mail commands (`invite`, `reschedule`, `cancel`, `remind`) share:
//! finding the session, editing its file, sending a batch through the
//! configured transport and turning the result into a report.

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::compose::{load_overrides, Composed, Composer};
use crate::mail::send::{self, Delivery, Options};
use crate::mail::transport;
use crate::model::{Dataset, Event};
use crate::output::{self, Output};
use crate::store::edit::EditableFile;
use crate::t;

/// The session `id`, or a usage error naming the closest one.
pub fn find_event<'a>(ctx: &Context, data: &'a Dataset, id: &str) -> Result<&'a Event> {
    data.event(id).ok_or_else(|| {
        let ids: Vec<&str> = data.events.iter().map(|e| e.id.as_str()).collect();
        crate::commands::unknown_ref(ctx, "EVENT", "what-event", id, &ids)
    })
}

/// A composer with the data directory's template overrides.
pub fn composer(ctx: &Context, data: &Dataset) -> Result<Composer> {
    Composer::new(&data.config, load_overrides(&ctx.dir)?)
}

/// Sets `key` in the top table, keeping the comment around an existing value.
pub fn set_value(file: &mut EditableFile, key: &str, value: toml_edit::Value) {
    let table = file.doc.as_table_mut();
    let mut value = value;
    if let Some(old) = table.get(key).and_then(|item| item.as_value()) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, toml_edit::Item::Value(value));
}

/// A local date-time as a TOML local date-time value.
pub fn datetime_value(date: chrono::NaiveDateTime) -> toml_edit::Value {
    let text = date.format("%Y-%m-%dT%H:%M:%S").to_string();
    let datetime: toml_edit::Datetime = text.parse().expect("a formatted date-time parses");
    toml_edit::Value::from(datetime)
}

/// A participant left out of a batch, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub participant: String,
    /// "no_email", "already_sent" or "answered_no".
    pub reason: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub event: String,
    pub deliveries: Vec<Delivery>,
    pub skipped: Vec<Skipped>,
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
    let report = if messages.is_empty() {
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
            &ctx.dir.journal(&event.id),
            &options,
            ctx.now_utc,
        )?
    };
    if let Some(reason) = &report.aborted {
        let sent = report.count("sent");
        return Err(Error::runtime(t!(
            ctx.lang,
            "mail-aborted",
            reason = reason,
            sent = sent,
            left = messages.len() - sent - report.count("failed")
        )));
    }
    let failed = report.count("failed");
    let summary = Summary {
        event: event.id.clone(),
        deliveries: report.deliveries,
        skipped,
    };
    let text = render(ctx, data, &summary);
    if failed > 0 {
        let list: Vec<String> = summary
            .deliveries
            .iter()
            .filter(|d| d.status == "failed")
            .map(|d| {
                format!(
                    "{} <{}>: {}",
                    d.participant,
                    d.email,
                    d.error.clone().unwrap_or_default()
                )
            })
            .collect();
        eprintln!(
            "{}",
            t!(
                ctx.lang,
                "mail-failed-list",
                count = failed,
                list = list.join("\n  ")
            )
        );
    }
    Ok(Output::new(&summary, text)?.with_exit_code(if failed > 0 { 1 } else { 0 }))
}

fn render(ctx: &Context, data: &Dataset, summary: &Summary) -> String {
    let lang = ctx.lang;
    let mut table = output::table(
        [
            "mail-col-participant",
            "mail-col-email",
            "mail-col-kind",
            "mail-col-result",
        ]
        .iter()
        .map(|k| t!(lang, k))
        .collect(),
    );
    let name = |id: &str| {
        data.participant(id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    for d in &summary.deliveries {
        let result = match d.status {
            "sent" => t!(lang, "mail-result-sent"),
            "failed" => format!(
                "{} : {}",
                t!(lang, "mail-result-failed"),
                d.error.clone().unwrap_or_default()
            ),
            _ => t!(lang, "mail-result-not-sent"),
        };
        let kind = match &d.offset {
            Some(offset) => format!(
                "{} {offset}",
                t!(lang, &format!("mail-kind-{}", d.kind.as_str()))
            ),
            None => t!(lang, &format!("mail-kind-{}", d.kind.as_str())),
        };
        table.add_row(vec![name(&d.participant), d.email.clone(), kind, result]);
    }
    for s in summary.skipped.iter().filter(|s| s.reason == "no_email") {
        table.add_row(vec![
            name(&s.participant),
            String::new(),
            String::new(),
            t!(lang, "mail-result-no-email"),
        ]);
    }
    let sent = summary
        .deliveries
        .iter()
        .filter(|d| d.status == "sent")
        .count();
    let failed = summary
        .deliveries
        .iter()
        .filter(|d| d.status == "failed")
        .count();
    let already = summary
        .skipped
        .iter()
        .filter(|s| s.reason == "already_sent")
        .count();
    let no_email = summary
        .skipped
        .iter()
        .filter(|s| s.reason == "no_email")
        .count();
    let mut text = String::new();
    if !summary.deliveries.is_empty() || no_email > 0 {
        text.push_str(&table.to_string());
        text.push('\n');
    }
    text.push_str(&t!(
        lang,
        "mail-totals",
        event = summary.event,
        sent = sent,
        failed = failed,
        already = already,
        no_email = no_email
    ));
    text.push('\n');
    text
}
