//! The mail composer: whatever a participant's name and email and a
//! session's theme hold, composing never panics, and a message that is
//! composed carries no header line that was not meant (a name with a line
//! break never becomes a `Bcc:`).
#![no_main]

use arbitrary::Arbitrary;
use jelly::mail::compose::Composer;
use jelly::mail::journal::Kind;
use jelly::model::{Dataset, Event, Participant, Status, Venue, Village};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    name: String,
    email: String,
    theme: Option<String>,
    venue_name: String,
    address: Option<String>,
}

/// The headers jelly writes at the top level of a message.
const MEANT: &[&str] = &[
    "from", "to", "subject", "message-id", "date", "list-unsubscribe", "list-id",
    "list-unsubscribe-post", "auto-submitted", "mime-version", "content-type",
    "content-transfer-encoding",
];

fuzz_target!(|input: Input| {
    let mut data = Dataset::default();
    data.config.mail.from = "Jelly <contact@example.org>".into();
    data.villages = vec![Village {
        id: "anduze".into(),
        name: "Anduze".into(),
        lat: 44.055,
        lon: 3.98495,
        department: None,
    }];
    data.venues = vec![Venue {
        id: "v".into(),
        name: input.venue_name,
        village: "anduze".into(),
        lat: None,
        lon: None,
        capacity: None,
        amenities: vec![],
        address: input.address,
        contact: None,
        active: true,
    }];
    let participant = Participant {
        id: "p".into(),
        name: input.name,
        email: Some(input.email),
        village: "anduze".into(),
        max_km: None,
        active: true,
        profession: None,
        joined: None,
        mail: true,
        bounced: None,
        skills: vec![],
        aliases: vec![],
        listed: false,
        website: None,
        phone: None,
        carpool: true,
    };
    data.participants = vec![participant.clone()];
    let event = Event {
        id: "2026-12-03-anduze".into(),
        date: jelly::model::parse_local_datetime("2026-12-03T18:30").unwrap(),
        venue: "v".into(),
        theme: input.theme,
        status: Status::Planned,
        invited: vec!["p".into()],
        attended: vec![],
        rsvp: Default::default(),
        sequence: 0,
        cancel_reason: None,
        previous_date: None,
    };
    let composer = Composer::new(&data.config, vec![]).unwrap();
    let now = "2026-11-20T09:00:00Z".parse().unwrap();
    let mut batch = jelly::mail::session::Batch::default();
    batch
        .compose(&composer, &data, &event, &participant, Kind::Invitation, None, now)
        .unwrap();
    for message in &batch.messages {
        let text = String::from_utf8_lossy(&message.bytes);
        let head = text.split("\r\n\r\n").next().unwrap_or("");
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                continue; // a folded continuation
            }
            let name = line.split(':').next().unwrap_or("").to_ascii_lowercase();
            assert!(MEANT.contains(&name.as_str()), "unexpected header line {line:?}");
        }
    }
});
