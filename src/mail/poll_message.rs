//! A date poll's message to one member, as a pure value: each option (date,
//! venue, the member's distance) with its « Oui », « Si besoin », « Non »
//! answer links ([`crate::mail::answer_links::poll_links`]), in text and
//! HTML, no calendar. Sent and journaled like invitations.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::mail::answer_links::{poll_links, Link};
use crate::mail::compose::{long_date, message_id, Composed, Composer};
use crate::mail::journal::Kind;
use crate::model::{Dataset, Participant};
use crate::poll::Poll;
use crate::t;

/// One option as the member reads it.
struct Shown {
    number: u32,
    when: String,
    place: String,
    links: Vec<Link>,
}

/// The poll message (`Kind::Poll`) or its reminder (`Kind::PollReminder`).
pub fn compose(
    composer: &Composer,
    data: &Dataset,
    poll: &Poll,
    participant: &Participant,
    kind: Kind,
    now: DateTime<Utc>,
) -> Result<Composed> {
    let lang = composer.lang;
    // The address is checked by `compose_written`, as for every message.
    let key = composer
        .key()
        .ok_or_else(|| Error::runtime("the association's key is not loaded"))?;
    let to_address = composer.from.email.to_string();
    let options: Vec<Shown> = poll
        .file
        .options
        .iter()
        .enumerate()
        .map(|(index, option)| {
            let number = index as u32 + 1;
            let when = t!(
                lang,
                "mail-compose-date-at",
                date = long_date(lang, option.date),
                time = option.date.format("%H:%M")
            );
            let venue = data.venue(&option.venue);
            let mut place = venue.map_or_else(
                || option.venue.clone(),
                |v| {
                    let village = data
                        .village(&v.village)
                        .map(|x| x.name.clone())
                        .unwrap_or_default();
                    format!("{}, {village}", v.name)
                },
            );
            if let Some(km) = venue
                .and_then(|v| crate::rotation::distance::participant_km(data, participant, v))
                .filter(|_| venue.is_some_and(|v| v.village != participant.village))
            {
                place.push_str(&format!(
                    " ({})",
                    t!(lang, "poll-mail-distance", km = km.round())
                ));
            }
            let links = poll_links(
                lang,
                key,
                &to_address,
                &poll.id,
                number,
                &long_date(lang, option.date),
                &participant.id,
            );
            Shown {
                number,
                when,
                place,
                links,
            }
        })
        .collect();
    let association = &composer.config.association.name;
    let subject = t!(
        lang,
        "poll-mail-subject",
        kind = kind.as_str(),
        association = association.as_str()
    );
    let intro = t!(
        lang,
        "poll-mail-intro",
        kind = kind.as_str(),
        association = association.as_str()
    );
    let theme = poll
        .file
        .theme
        .as_ref()
        .map(|theme| t!(lang, "poll-mail-theme", theme = theme.as_str()));
    let how = match poll.file.close {
        Some(close) => t!(
            lang,
            "poll-mail-how-before",
            date = long_date(lang, close.and_time(chrono::NaiveTime::MIN))
        ),
        None => t!(lang, "poll-mail-how"),
    };
    let greeting = t!(lang, "mail-greeting", name = participant.name.as_str());
    let signoff = t!(lang, "mail-signoff");
    let footer = composer.footer(participant);

    let mut text = format!("{greeting}\n\n{intro}\n");
    if let Some(theme) = &theme {
        text.push_str(&format!("{theme}\n"));
    }
    text.push_str(&format!("\n{how}\n"));
    for option in &options {
        text.push_str(&format!(
            "\n{}. {} — {}\n",
            option.number, option.when, option.place
        ));
        for link in &option.links {
            text.push_str(&format!("   {} : <{}>\n", link.label, link.link));
        }
    }
    text.push_str(&format!("\n{signoff}\n{association}\n\n--\n{footer}\n"));

    let esc = crate::map::escape;
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.4;\">\n<p>{}</p>\n<p>{}</p>\n",
        lang.code(),
        esc(&subject),
        esc(&greeting),
        esc(&intro)
    );
    if let Some(theme) = &theme {
        html.push_str(&format!("<p>{}</p>\n", esc(theme)));
    }
    html.push_str(&format!("<p>{}</p>\n<ol>\n", esc(&how)));
    for option in &options {
        html.push_str(&format!(
            "<li><strong>{}</strong> — {}<br>\n",
            esc(&option.when),
            esc(&option.place)
        ));
        let links: Vec<String> = option
            .links
            .iter()
            .map(|l| format!("<a href=\"{}\">{}</a>", esc(&l.link), esc(&l.label)))
            .collect();
        html.push_str(&links.join(" · \n"));
        html.push_str("\n</li>\n");
    }
    html.push_str(&format!(
        "</ol>\n<p>{}<br>{}</p>\n<hr>\n<p style=\"font-size: small; color: #666;\">{}</p>\n</body>\n</html>\n",
        esc(&signoff),
        esc(association),
        esc(&footer)
    ));

    let domain = composer.domain();
    let message_id = message_id(&poll.id, &participant.id, kind, 0, None, &domain);
    // The same envelope, headers and signature as every other message.
    composer.compose_written(
        crate::mail::compose::Written {
            participant,
            kind,
            offset: None,
            sequence: 0,
            subject,
            text,
            html,
            ics: None,
            message_id,
            date: String::new(),
            venue: String::new(),
            attachments: &[],
        },
        now,
    )
}
