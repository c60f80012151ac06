//! Sessions and mail: the demo association sending through a test SMTP
//! server, scheduling a session, the send journal, and reading what the
//! server received (recipients, a message, its calendar).

use std::collections::BTreeMap;

use super::{Part, Received, TestEnv, NOW};

/// The date of the session most mail tests schedule (Thursday, Anduze).
pub const DATE: &str = "2026-12-03T18:30";

impl TestEnv {
    /// The demo association at [`NOW`], sending through `url` (plain SMTP
    /// on the loopback: `MailServer::url`).
    pub fn smtp(url: &str) -> TestEnv {
        let env = TestEnv::demo().at(NOW);
        env.mail_config(url, "");
        env
    }

    /// Rewrites jelly.toml: the demo association sending through `url`, 4
    /// connections, reminders 7d, 1d and 3h before; `extra` appended.
    pub fn mail_config(&self, url: &str, extra: &str) {
        self.write(
            "jelly.toml",
            format!(
                "[association]\nname = \"Jelly Gard-Lozère\"\ntimezone = \"Europe/Paris\"\n\n\
                 [mail]\nfrom = \"Jelly Gard-Lozère <contact@jelly.example.org>\"\n\
                 transport = \"smtp\"\nsmtp_url = \"{url}\"\ntls = \"none\"\nconnections = 4\n\
                 reminders = [\"7d\", \"1d\", \"3h\"]\n{extra}"
            ),
        );
    }

    /// `jelly schedule --date DATE [--venue VENUE] [--theme THEME]`; the new
    /// session's id.
    #[track_caller]
    pub fn schedule(&self, date: &str, venue: Option<&str>, theme: Option<&str>) -> String {
        let mut args = vec!["schedule", "--date", date];
        if let Some(venue) = venue {
            args.extend(["--venue", venue]);
        }
        if let Some(theme) = theme {
            args.extend(["--theme", theme]);
        }
        // Without a venue, schedule names the one `next` chose; under the
        // quorum it warns: both on stderr, the only lines allowed there.
        let (out, err) = self.ok_with_stderr(&args);
        for line in err.lines() {
            assert!(
                (venue.is_none() && line.starts_with("Lieu choisi par `jelly next`"))
                    || line.starts_with("attention :"),
                "unexpected stderr of schedule: {err}"
            );
        }
        out.trim().to_string()
    }

    /// The session of the mail tests: [`DATE`] at the Médiathèque d'Anduze.
    #[track_caller]
    pub fn schedule_anduze(&self) -> String {
        let id = self.schedule(
            DATE,
            Some("anduze-mediatheque"),
            Some("Le télétravail, ça marche ?"),
        );
        assert_eq!(id, "2026-12-03-anduze");
        id
    }

    /// participant id → email, for the active participants who have one.
    #[track_caller]
    pub fn invitees(&self) -> BTreeMap<String, String> {
        self.json(&["participants"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["active"].as_bool().unwrap_or(true))
            .filter_map(|p| {
                Some((
                    p["id"].as_str()?.to_string(),
                    p["email"].as_str()?.to_string(),
                ))
            })
            .collect()
    }

    /// The outcome lines of `events/ID.journal` (sent, failed), without
    /// the attempts written before each send (none if there is no journal).
    pub fn journal(&self, id: &str) -> Vec<serde_json::Value> {
        self.journal_lines(id)
            .into_iter()
            .filter(|l| l["outcome"] != "attempt")
            .collect()
    }

    /// Every line of `events/ID.journal`, attempts included.
    pub fn journal_lines(&self, id: &str) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.file(&format!("events/{id}.journal")))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }
}

/// Recipients of the received messages, each message having exactly one.
#[track_caller]
pub fn recipients(received: &[Received]) -> Vec<String> {
    received
        .iter()
        .map(|m| {
            assert_eq!(m.to.len(), 1, "one recipient per message");
            m.to[0].clone()
        })
        .collect()
}

/// The (first) message sent to `email`, parsed.
#[track_caller]
pub fn message_to(received: &[Received], email: &str) -> Part {
    received
        .iter()
        .find(|m| m.to == [email.to_string()])
        .unwrap_or_else(|| panic!("no message to {email}"))
        .parse()
}

/// The calendar part, parsed by the icalendar crate; also checks that the
/// Content-Type's method= equals the METHOD inside.
#[track_caller]
pub fn calendar(message: &Part) -> icalendar::Calendar {
    let part = message.find("text/calendar").expect("a text/calendar part");
    let calendar: icalendar::Calendar = part.text().parse().expect("icalendar parses it");
    let method = super::mime::parameter(&part.header("Content-Type").unwrap(), "method")
        .expect("method= on the calendar part");
    assert_eq!(calendar.property_value("METHOD"), Some(method.as_str()));
    calendar
}

/// The only event of a calendar.
#[track_caller]
pub fn the_event(calendar: &icalendar::Calendar) -> &icalendar::Event {
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 1);
    events[0]
}
