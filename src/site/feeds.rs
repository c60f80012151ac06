//! The site's machine-readable files: the iCalendar feeds (the same VEVENTs
//! as invitations and `jelly agenda --ics`), the Atom feed (RFC 4287) and
//! the members' vCards (RFC 6350, vCard 4.0).

use std::fmt::Write;

use crate::i18n::Lang;
use crate::mail::compose::{long_date, Composer};
use crate::mail::ics;
use crate::model::{Dataset, Participant, Status};
use crate::t;

use super::{esc, Session};

/// A calendar of these sessions (METHOD:PUBLISH), each stamped with when
/// it last changed, so it is the same bytes until a session changes.
pub(super) fn session_ics(data: &Dataset, composer: &Composer, sessions: &[&Session]) -> String {
    let events: Vec<ics::CalendarEvent> = sessions
        .iter()
        .map(|s| {
            let mut event = composer.calendar_event(data, s.event, None, s.changed);
            event.summary = super::scrub(&event.summary);
            event.description = event.description.as_deref().map(super::scrub);
            event.location = event.location.as_deref().map(super::scrub);
            event
        })
        .collect();
    ics::feed(&data.config.association.name, &events)
}

/// The Atom id of a session: its page when the site's address is known,
/// else a tag URI (RFC 4151) on the domain of `[mail] from`.
fn entry_id(data: &Dataset, domain: &str, id: &str) -> String {
    match &data.config.site.url {
        Some(url) => format!("{url}/sessions/{id}.html"),
        None => format!("tag:{domain},2000:{id}"),
    }
}

/// The Atom feed of the upcoming sessions (cancelled ones say so).
pub(super) fn atom(data: &Dataset, lang: Lang, domain: &str, sessions: &[Session]) -> String {
    let name = &data.config.association.name;
    let base = data.config.site.url.clone().unwrap_or_default();
    let link = |path: &str| {
        if base.is_empty() {
            path.to_string()
        } else {
            format!("{base}/{path}")
        }
    };
    let updated = sessions
        .iter()
        .map(|s| s.changed)
        .max()
        .unwrap_or(chrono::DateTime::UNIX_EPOCH);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        lang.code()
    );
    let _ = writeln!(
        out,
        "  <title>{}</title>",
        esc(&t!(lang, "site-atom-title", association = name.as_str()))
    );
    let _ = writeln!(
        out,
        "  <id>{}</id>",
        esc(&match &data.config.site.url {
            Some(url) => format!("{url}/agenda.atom"),
            None => format!("tag:{domain},2000:agenda"),
        })
    );
    let _ = writeln!(
        out,
        "  <updated>{}</updated>",
        updated.format("%Y-%m-%dT%H:%M:%SZ")
    );
    let _ = writeln!(out, "  <author><name>{}</name></author>", esc(name));
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        esc(&link("index.html"))
    );
    if !base.is_empty() {
        let _ = writeln!(
            out,
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            esc(&link("agenda.atom"))
        );
    }
    for s in sessions {
        let id = &s.event.id;
        let mut title = t!(
            lang,
            "site-session-title",
            date = long_date(lang, s.event.date),
            village = s.village_name.as_str()
        );
        if s.event.status == Status::Cancelled {
            title = t!(lang, "site-cancelled-title", title = title);
        }
        let mut summary = format!(
            "{} {}, {}",
            t!(
                lang,
                "site-at",
                time = s.event.date.format("%H:%M").to_string()
            ),
            s.venue_name,
            s.address.as_deref().unwrap_or(&s.village_name)
        );
        if let Some(theme) = &s.event.theme {
            let _ = write!(summary, " — {}", super::scrub(theme));
        }
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", esc(&title));
        let _ = writeln!(out, "    <id>{}</id>", esc(&entry_id(data, domain, id)));
        let _ = writeln!(
            out,
            "    <updated>{}</updated>",
            s.changed.format("%Y-%m-%dT%H:%M:%SZ")
        );
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            esc(&link(&format!("sessions/{id}.html")))
        );
        let _ = writeln!(out, "    <summary>{}</summary>", esc(&summary));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// A vCard 4.0 (RFC 6350) of a listed member: name, profession, skills,
/// village, and their website and phone if they gave them. Never an email.
pub(crate) fn vcard(village: Option<&crate::model::Village>, p: &Participant) -> String {
    let mut lines = vec![
        "BEGIN:VCARD".to_string(),
        "VERSION:4.0".to_string(),
        "KIND:individual".to_string(),
        format!("FN:{}", text(&p.name)),
    ];
    if let Some(profession) = &p.profession {
        lines.push(format!("TITLE:{}", text(&super::scrub(profession))));
    }
    if !p.skills.is_empty() {
        let skills: Vec<String> = p.skills.iter().map(|s| text(s)).collect();
        lines.push(format!("CATEGORIES:{}", skills.join(",")));
    }
    if let Some(village) = village {
        // ADR: post office box; extended; street; locality; region; code; country.
        lines.push(format!(
            "ADR;TYPE=work:;;;{};{};;France",
            text(&village.name),
            text(village.department.as_deref().unwrap_or(""))
        ));
        lines.push(format!("GEO:geo:{:.5},{:.5}", village.lat, village.lon));
    }
    if let Some(website) = &p.website {
        lines.push(format!("URL:{website}"));
    }
    if let Some(phone) = &p.phone {
        lines.push(format!(
            "TEL;VALUE=uri;TYPE=work,voice:tel:{}",
            tel_uri(phone)
        ));
    }
    lines.push("END:VCARD".to_string());
    let mut out = String::new();
    for line in lines {
        fold(&mut out, &line);
    }
    out
}

/// A phone number as written → a `tel:` URI: `04 66 12 34 56` →
/// `+33-4-66-12-34-56`; an international number keeps its own code.
pub(crate) fn tel_uri(phone: &str) -> String {
    let groups: Vec<String> = phone
        .split(|c: char| !c.is_ascii_digit() && c != '+')
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect();
    let joined = groups.join("-");
    if joined.starts_with('+') {
        joined
    } else if let Some(rest) = joined.strip_prefix('0') {
        // A French national number: the leading 0 becomes +33.
        format!("+33-{}", rest.trim_start_matches('-'))
    } else {
        joined
    }
}

/// Escapes a vCard text value (`\`, `,`, `;`, line breaks).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (never inside a character), CRLF.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_tel_uris() {
        assert_eq!(tel_uri("04 66 12 34 56"), "+33-4-66-12-34-56");
        assert_eq!(tel_uri("+32 2 555 12 12"), "+32-2-555-12-12");
        assert_eq!(tel_uri("06.12.34.56.78"), "+33-6-12-34-56-78");
    }

    #[test]
    fn long_lines_fold_on_character_boundaries() {
        let mut out = String::new();
        fold(&mut out, &format!("TITLE:{}", "é".repeat(60)));
        assert!(out.lines().all(|l| l.len() <= 75));
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("TITLE:{}\r\n", "é".repeat(60))
        );
    }
}
