//! The site's HTML pages, its style sheet and its one optional script.
//! Plain HTML that works without JavaScript, landmarks and a skip link,
//! one column on a phone; microformats (h-event, h-card) and schema.org
//! JSON-LD for search engines and calendar tools.

use std::fmt::Write;

use serde_json::json;

use crate::i18n::Lang;
use crate::mail::compose::long_date;
use crate::model::{Dataset, Participant, Status};
use crate::t;

use super::{esc, scrub, Directory, PastSession, Session};

pub(super) const STYLE: &str = include_str!("style.css");
pub(super) const SCRIPT: &str = include_str!("filtre.js");

/// Which members a directory page shows.
pub(super) enum Filter<'a> {
    All,
    /// (slug, skill as written)
    Skill(&'a str, &'a str),
    /// A village id.
    Village(&'a str),
}

/// The frame of every page. `root` leads back to the site's top ("" or "../").
fn page(data: &Dataset, lang: Lang, root: &str, title: &str, head: &str, body: &str) -> String {
    let name = &data.config.association.name;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n\
         <link rel=\"alternate\" type=\"application/atom+xml\" title=\"{atom}\" href=\"{root}agenda.atom\">\n{head}</head>\n<body>\n\
         <a class=\"skip\" href=\"#contenu\">{skip}</a>\n\
         <header class=\"site\">\n<p class=\"name\"><a href=\"{root}index.html\">{name}</a></p>\n\
         <nav aria-label=\"{menu}\">\n<ul>\n\
         <li><a href=\"{root}index.html\">{sessions}</a></li>\n\
         <li><a href=\"{root}membres.html\">{members}</a></li>\n\
         <li><a href=\"{root}agenda.ics\">{calendar}</a></li>\n\
         <li><a href=\"{root}agenda.atom\">{feed}</a></li>\n\
         </ul>\n</nav>\n</header>\n<main id=\"contenu\">\n{body}</main>\n\
         <footer>\n<p>{footer}</p>\n</footer>\n</body>\n</html>\n",
        lang = lang.code(),
        title = esc(title),
        atom = esc(&t!(lang, "site-atom-title", association = name.as_str())),
        skip = esc(&t!(lang, "site-skip")),
        name = esc(name),
        menu = esc(&t!(lang, "site-menu")),
        sessions = esc(&t!(lang, "site-nav-sessions")),
        members = esc(&t!(lang, "site-nav-members")),
        calendar = esc(&t!(lang, "site-nav-calendar")),
        feed = esc(&t!(lang, "site-nav-feed")),
        footer = esc(&t!(lang, "site-footer", association = name.as_str())),
    );
    out
}

/// "jeudi 3 décembre 2026, 18h30" / "Thursday 3 December 2026, 18:30".
fn when(lang: Lang, date: chrono::NaiveDateTime) -> String {
    let time = match lang {
        Lang::Fr => date.format("%Hh%M").to_string(),
        Lang::En => date.format("%H:%M").to_string(),
    };
    t!(lang, "site-when", date = long_date(lang, date), time = time)
}

/// The venue's place as text: name, address (or village).
fn place(session: &Session) -> String {
    match &session.address {
        Some(address) => format!("{}, {}", session.venue_name, address),
        None => format!("{}, {}", session.venue_name, session.village_name),
    }
}

/// How to come: the join link and contact of `[site]`, and the calendars.
fn how_to_come(data: &Dataset, lang: Lang, root: &str) -> String {
    let site = &data.config.site;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"venir\">\n<h2 id=\"venir\">{}</h2>",
        esc(&t!(lang, "site-how-title"))
    );
    let _ = writeln!(out, "<p>{}</p>", esc(&t!(lang, "site-how-open")));
    if let Some(join) = &site.join_url {
        let _ = writeln!(
            out,
            "<p><a class=\"button\" href=\"{}\">{}</a></p>",
            esc(join),
            esc(&t!(lang, "site-join"))
        );
    }
    if let Some(contact) = &site.contact {
        let _ = writeln!(
            out,
            "<p>{} {}</p>",
            esc(&t!(lang, "site-contact")),
            esc(contact)
        );
    }
    let _ = writeln!(
        out,
        "<p>{} <a href=\"{root}agenda.ics\">{}</a> · <a href=\"{root}agenda.atom\">{}</a></p>\n</section>",
        esc(&t!(lang, "site-follow")),
        esc(&t!(lang, "site-nav-calendar")),
        esc(&t!(lang, "site-nav-feed")),
    );
    out
}

/// The home page: the next sessions, how to come, past sessions as counts.
pub(super) fn index(
    data: &Dataset,
    lang: Lang,
    sessions: &[Session],
    past: &[PastSession],
) -> String {
    let name = &data.config.association.name;
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", esc(name));
    let _ = writeln!(
        body,
        "<section aria-labelledby=\"prochaines\">\n<h2 id=\"prochaines\">{}</h2>",
        esc(&t!(lang, "site-next-title"))
    );
    if sessions.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", esc(&t!(lang, "site-no-session")));
    } else {
        body.push_str("<ul class=\"sessions\">\n");
        for s in sessions {
            let id = &s.event.id;
            let _ = write!(
                body,
                "<li>\n<h3><a href=\"sessions/{id}.html\">{}</a></h3>\n",
                esc(&when(lang, s.event.date))
            );
            if s.event.status == Status::Cancelled {
                let _ = writeln!(
                    body,
                    "<p><strong class=\"cancelled\">{}</strong></p>",
                    esc(&t!(lang, "site-cancelled"))
                );
            } else if s.previous_start.is_some() {
                let _ = writeln!(
                    body,
                    "<p><strong class=\"moved\">{}</strong></p>",
                    esc(&t!(lang, "site-rescheduled-short"))
                );
            }
            let _ = writeln!(body, "<p>{}</p>", esc(&place(s)));
            if let Some(theme) = &s.event.theme {
                let _ = writeln!(body, "<p class=\"theme\">{}</p>", esc(&scrub(theme)));
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n");
        if let Some(next) = sessions.iter().find(|s| s.event.status == Status::Planned) {
            let _ = writeln!(
                body,
                "<figure>\n<img src=\"sessions/{}.svg\" alt=\"{}\" width=\"960\">\n<figcaption>{}</figcaption>\n</figure>",
                next.event.id,
                esc(&map_alt(lang, next)),
                esc(&t!(lang, "site-map-caption"))
            );
        }
    }
    body.push_str("</section>\n");
    body.push_str(&how_to_come(data, lang, ""));
    let _ = writeln!(
        body,
        "<section aria-labelledby=\"passees\">\n<h2 id=\"passees\">{}</h2>",
        esc(&t!(lang, "site-past-title"))
    );
    if past.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", esc(&t!(lang, "site-no-past")));
    } else {
        let came: usize = past.iter().map(|p| p.came).sum();
        let _ = writeln!(
            body,
            "<p>{}</p>",
            esc(&t!(
                lang,
                "site-past-summary",
                sessions = past.len(),
                came = came
            ))
        );
        let _ = writeln!(
            body,
            "<div class=\"scroll\" role=\"region\" aria-labelledby=\"passees\" tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>",
            esc(&t!(lang, "site-col-date")),
            esc(&t!(lang, "site-col-village")),
            esc(&t!(lang, "site-col-theme")),
            esc(&t!(lang, "site-col-came")),
            esc(&t!(lang, "site-col-villages")),
        );
        for p in past {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&p.date.format("%d/%m/%Y").to_string()),
                esc(&p.village_name),
                esc(p.theme.as_deref().unwrap_or("")),
                p.came,
                p.villages
            );
        }
        body.push_str("</tbody>\n</table>\n</div>\n");
    }
    body.push_str("</section>\n");
    page(data, lang, "", name, "", &body)
}

fn map_alt(lang: Lang, s: &Session) -> String {
    t!(
        lang,
        "site-map-alt",
        venue = s.venue_name.as_str(),
        village = s.village_name.as_str()
    )
}

/// The session's name, as in its calendar entry.
fn event_name(lang: Lang, s: &Session) -> String {
    let base = t!(lang, "mail-summary", village = s.village_name.as_str());
    match &s.event.theme {
        Some(theme) => format!("{base} — {}", scrub(theme)),
        None => base,
    }
}

/// schema.org `Event` of a session, as JSON-LD.
fn json_ld(data: &Dataset, lang: Lang, s: &Session) -> String {
    let status = match (s.event.status, &s.previous_start) {
        (Status::Cancelled, _) => "https://schema.org/EventCancelled",
        (_, Some(_)) => "https://schema.org/EventRescheduled",
        _ => "https://schema.org/EventScheduled",
    };
    let mut address = json!({
        "@type": "PostalAddress",
        "addressLocality": s.village_name,
        "addressCountry": "FR",
    });
    if let Some(street) = &s.address {
        address["streetAddress"] = json!(street);
    }
    if let Some(department) = &s.department {
        address["addressRegion"] = json!(department);
    }
    let mut location = json!({
        "@type": "Place",
        "name": s.venue_name,
        "address": address,
    });
    if let Some((lat, lon)) = s.point {
        location["geo"] = json!({
            "@type": "GeoCoordinates",
            "latitude": round5(lat),
            "longitude": round5(lon),
        });
    }
    let mut organizer = json!({
        "@type": "Organization",
        "name": data.config.association.name,
    });
    if let Some(url) = data
        .config
        .site
        .url
        .as_ref()
        .or(data.config.site.join_url.as_ref())
    {
        organizer["url"] = json!(url);
    }
    let mut event = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event_name(lang, s),
        "startDate": s.start,
        "endDate": s.end,
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
        "organizer": organizer,
        "isAccessibleForFree": true,
        "inLanguage": lang.code(),
    });
    if let Some(previous) = &s.previous_start {
        event["previousStartDate"] = json!(previous);
    }
    if let Some(theme) = &s.event.theme {
        event["description"] = json!(scrub(theme));
    }
    if let Some(url) = &data.config.site.url {
        event["url"] = json!(format!("{url}/sessions/{}.html", s.event.id));
    }
    // `</` cannot close the script element once escaped.
    serde_json::to_string_pretty(&event)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}

/// How members answer. A one-click answer link is signed for one person
/// (see docs/answers.md), and a public page names nobody: the page points
/// members to the links of their own invitation instead of carrying any.
fn answer_note(lang: Lang, s: &Session) -> Option<String> {
    if s.event.status == crate::model::Status::Cancelled {
        return None;
    }
    Some(format!(
        "<p class=\"answer\">{}</p>\n",
        esc(&t!(
            lang,
            "site-answer-members",
            yes = t!(lang, "answers-label-yes"),
            maybe = t!(lang, "answers-label-maybe"),
            no = t!(lang, "answers-label-no")
        ))
    ))
}

/// One upcoming session's page: h-event and JSON-LD, its .ics, its map.
pub(super) fn session(data: &Dataset, lang: Lang, s: &Session) -> String {
    let id = &s.event.id;
    let title = format!(
        "{} — {}",
        when(lang, s.event.date),
        data.config.association.name
    );
    let head = format!(
        "<script type=\"application/ld+json\">\n{}\n</script>\n",
        json_ld(data, lang, s)
    );
    let mut body = String::new();
    body.push_str("<article class=\"h-event\">\n");
    let _ = writeln!(
        body,
        "<h1 class=\"p-name\">{}</h1>",
        esc(&event_name(lang, s))
    );
    match (s.event.status, &s.previous_start) {
        (Status::Cancelled, _) => {
            let mut text = t!(lang, "site-cancelled-long");
            if let Some(reason) = &s.event.cancel_reason {
                text = format!("{text} {}", scrub(reason));
            }
            let _ = writeln!(
                body,
                "<p class=\"notice\"><strong class=\"cancelled\">{}</strong> {}</p>",
                esc(&t!(lang, "site-cancelled")),
                esc(&text)
            );
        }
        (_, Some(_)) => {
            let previous = s
                .event
                .previous_date
                .map(|d| when(lang, d))
                .unwrap_or_default();
            let _ = writeln!(
                body,
                "<p class=\"notice\"><strong class=\"moved\">{}</strong> {}</p>",
                esc(&t!(lang, "site-rescheduled-short")),
                esc(&t!(lang, "site-rescheduled-long", previous = previous))
            );
        }
        _ => {}
    }
    let end_time = (s.event.date + chrono::Duration::hours(crate::mail::compose::SESSION_HOURS))
        .format(match lang {
            Lang::Fr => "%Hh%M",
            Lang::En => "%H:%M",
        })
        .to_string();
    body.push_str("<dl>\n");
    let _ = writeln!(
        body,
        "<dt>{}</dt>\n<dd><time class=\"dt-start\" datetime=\"{}\">{}</time> – <time class=\"dt-end\" datetime=\"{}\">{}</time></dd>",
        esc(&t!(lang, "site-col-date")),
        s.start,
        esc(&when(lang, s.event.date)),
        s.end,
        esc(&end_time)
    );
    let _ = write!(
        body,
        "<dt>{}</dt>\n<dd class=\"p-location h-card\"><span class=\"p-name\">{}</span>",
        esc(&t!(lang, "site-place")),
        esc(&s.venue_name)
    );
    if let Some(address) = &s.address {
        let _ = write!(
            body,
            ", <span class=\"p-street-address\">{}</span>",
            esc(address)
        );
    }
    let _ = write!(
        body,
        ", <span class=\"p-locality\">{}</span>",
        esc(&s.village_name)
    );
    if let Some((lat, lon)) = s.point {
        let _ = write!(
            body,
            "<data class=\"p-latitude\" value=\"{}\"></data><data class=\"p-longitude\" value=\"{}\"></data>",
            round5(lat),
            round5(lon)
        );
    }
    body.push_str("</dd>\n");
    if let Some(theme) = &s.event.theme {
        let _ = writeln!(
            body,
            "<dt>{}</dt>\n<dd class=\"p-summary\">{}</dd>",
            esc(&t!(lang, "site-col-theme")),
            esc(&scrub(theme))
        );
    }
    let _ = writeln!(
        body,
        "<dt>{}</dt>\n<dd class=\"p-organizer\">{}</dd>",
        esc(&t!(lang, "site-organizer")),
        esc(&data.config.association.name)
    );
    body.push_str("</dl>\n");
    if let Some(url) = &data.config.site.url {
        let _ = writeln!(
            body,
            "<p hidden><a class=\"u-url\" href=\"{}/sessions/{id}.html\">{}</a></p>",
            esc(url),
            esc(&t!(lang, "site-permalink"))
        );
    }
    let _ = writeln!(
        body,
        "<p><a class=\"button\" href=\"{id}.ics\" download>{}</a></p>",
        esc(&t!(lang, "site-add-calendar"))
    );
    if let Some(note) = answer_note(lang, s) {
        body.push_str(&note);
    }
    body.push_str("</article>\n");
    let _ = writeln!(
        body,
        "<figure>\n<img src=\"{id}.svg\" alt=\"{}\" width=\"960\">\n<figcaption>{}</figcaption>\n</figure>",
        esc(&map_alt(lang, s)),
        esc(&t!(lang, "site-map-caption"))
    );
    body.push_str(&how_to_come(data, lang, "../"));
    page(data, lang, "../", &title, &head, &body)
}

/// One member's card (h-card), with their vCard.
fn card(dir: &Directory, lang: Lang, root: &str, p: &Participant, out: &mut String) {
    let _ = write!(
        out,
        "<li><article class=\"h-card\" id=\"{id}\">\n<h2 class=\"p-name\">{name}</h2>\n",
        id = esc(&p.id),
        name = esc(&p.name)
    );
    if let Some(profession) = &p.profession {
        let _ = writeln!(
            out,
            "<p class=\"p-job-title\">{}</p>",
            esc(&scrub(profession))
        );
    }
    let village = dir
        .by_id
        .get(p.village.as_str())
        .map_or_else(|| p.village.clone(), |v| v.name.clone());
    let _ = writeln!(
        out,
        "<p class=\"village\"><a href=\"{root}membres/village-{}.html\"><span class=\"p-locality\">{}</span></a></p>",
        esc(&p.village),
        esc(&village)
    );
    if !p.skills.is_empty() {
        let _ = write!(
            out,
            "<ul class=\"skills\" aria-label=\"{}\">",
            esc(&t!(lang, "site-skills"))
        );
        for skill in &p.skills {
            let _ = write!(
                out,
                "<li><a class=\"p-category\" href=\"{root}membres/competence-{}.html\">{}</a></li>",
                crate::model::slug(skill),
                esc(skill.trim())
            );
        }
        out.push_str("</ul>\n");
    }
    let mut contact = Vec::new();
    if let Some(website) = &p.website {
        contact.push(format!(
            "<a class=\"u-url\" rel=\"nofollow\" href=\"{}\">{}</a>",
            esc(website),
            esc(website
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/'))
        ));
    }
    if let Some(phone) = &p.phone {
        contact.push(format!(
            "<a class=\"p-tel\" href=\"tel:{}\">{}</a>",
            esc(&super::feeds::tel_uri(phone)),
            esc(phone)
        ));
    }
    contact.push(format!(
        "<a href=\"{root}membres/{}.vcf\" download>{}</a>",
        esc(&p.id),
        esc(&t!(lang, "site-vcard", name = p.name.as_str()))
    ));
    let _ = writeln!(out, "<p class=\"contact\">{}</p>", contact.join(" · "));
    out.push_str("</article></li>\n");
}

/// The members' directory, whole or filtered by a skill or a village.
pub(super) fn members(data: &Dataset, lang: Lang, dir: &Directory, filter: Filter) -> String {
    let (root, title, people): (&str, String, &[&Participant]) = match filter {
        Filter::All => ("", t!(lang, "site-members-title"), &dir.people),
        Filter::Skill(slug, skill) => (
            "../",
            t!(lang, "site-members-skill", skill = skill),
            dir.skills.get(slug).map_or(&[][..], |(_, p)| p),
        ),
        Filter::Village(id) => (
            "../",
            t!(
                lang,
                "site-members-village",
                village = dir.by_id.get(id).map_or(id, |v| v.name.as_str())
            ),
            dir.villages.get(id).map_or(&[][..], Vec::as_slice),
        ),
    };
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        body,
        "<p>{}</p>",
        esc(&t!(lang, "site-members-intro", count = people.len()))
    );
    let _ = write!(
        body,
        "<nav aria-label=\"{}\" class=\"filters\">\n<h2>{}</h2>\n<ul>\n<li><a href=\"{root}membres.html\">{}</a></li>\n",
        esc(&t!(lang, "site-filter-skills")),
        esc(&t!(lang, "site-filter-skills")),
        esc(&t!(lang, "site-members-all")),
    );
    for (slug, (skill, who)) in &dir.skills {
        let _ = writeln!(
            body,
            "<li><a href=\"{root}membres/competence-{slug}.html\">{}</a> ({})</li>",
            esc(skill),
            who.len()
        );
    }
    body.push_str("</ul>\n</nav>\n");
    if let Filter::All = filter {
        let _ = write!(
            body,
            "<nav aria-label=\"{}\" class=\"filters\">\n<h2>{}</h2>\n<ul>\n",
            esc(&t!(lang, "site-filter-villages")),
            esc(&t!(lang, "site-filter-villages")),
        );
        let mut villages: Vec<(&str, &str, usize)> = dir
            .villages
            .iter()
            .map(|(id, who)| {
                (
                    id.as_str(),
                    dir.by_id
                        .get(id.as_str())
                        .map_or(id.as_str(), |v| v.name.as_str()),
                    who.len(),
                )
            })
            .collect();
        villages.sort_by_key(|(id, name, _)| (super::sort_key(name), *id));
        for (id, name, count) in villages {
            let _ = writeln!(
                body,
                "<li><a href=\"membres/village-{id}.html\">{}</a> ({count})</li>",
                esc(name)
            );
        }
        body.push_str("</ul>\n</nav>\n");
    }
    let _ = writeln!(
        body,
        "<ul class=\"cards\" id=\"membres\" data-filter-label=\"{}\">",
        esc(&t!(lang, "site-filter-label"))
    );
    for p in people {
        card(dir, lang, root, p, &mut body);
    }
    body.push_str("</ul>\n");
    let head = format!("<script src=\"{root}filtre.js\" defer></script>\n");
    let name = &data.config.association.name;
    page(data, lang, root, &format!("{title} — {name}"), &head, &body)
}
