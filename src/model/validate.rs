//! Checks shared by the loader (`check`) and every command that adds data
//! (`participant add`, `venue add`, `village add`, `schedule`, `attend`,
//! imports): text that ends up in a mail header, a file name or an .ics line
//! holds no control characters, and an email address is one the mail
//! transport will accept, judged by the very parser that sends it (lettre).

use lettre::message::Mailbox;
use lettre::{Address, Message};

/// The longest text field accepted (names, theme, venue name, address…),
/// in characters.
pub const MAX_TEXT_CHARS: usize = 500;

/// The dates jelly accepts (sessions, `--now`, `--date`, answers):
/// calendars and iCalendar readers handle these years; far beyond, a date
/// prints as `+100000101T015900Z`, which they reject.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2199;

/// Is `date` within [`FIRST_YEAR`]–[`LAST_YEAR`]?
pub fn date_in_range(date: chrono::NaiveDateTime) -> bool {
    use chrono::Datelike;
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

/// `[rotation] detour_factor`: a road is never shorter than the straight
/// line (1), and three times longer means the distances are wrong.
pub const DETOUR_FACTOR: (f64, f64) = (1.0, 3.0);
/// A venue's `capacity`, in people.
pub const MAX_CAPACITY: i64 = 100_000;
/// `max_km`, a route's `km`: half of the Earth's circumference.
pub const MAX_KM: f64 = 20_000.0;
/// A route's `minutes`: a week.
pub const MAX_MINUTES: f64 = 10_080.0;
/// `[rotation] cooldown`, in sessions.
pub const MAX_COOLDOWN: i64 = 1_000;
/// `[mail] connections`.
pub const MAX_CONNECTIONS: i64 = 100;
/// `plan --count`: sessions in one season.
pub const MAX_PLAN_COUNT: usize = 100;
/// `plan --every`: at most two years between sessions.
pub const MAX_SPACING_DAYS: u32 = 731;
pub const MAX_SPACING_MONTHS: u32 = 24;

/// Why a text field was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// A control character (line break, tab, NUL, escape…), with its
    /// position in characters from 1.
    Control { position: usize, character: char },
    /// Longer than [`MAX_TEXT_CHARS`].
    TooLong { chars: usize },
}

/// Checks a one-line text field (a name, a theme, a venue's name or
/// address): no control characters — they would split a mail header or an
/// .ics line, or end up in a file name — and at most [`MAX_TEXT_CHARS`]
/// characters. The import, the loader and every `add` call this.
pub fn validate_text_field(value: &str) -> Result<(), TextProblem> {
    let mut chars = 0;
    for (index, c) in value.chars().enumerate() {
        if is_forbidden(c) {
            return Err(TextProblem::Control {
                position: index + 1,
                character: c,
            });
        }
        chars = index + 1;
    }
    if chars > MAX_TEXT_CHARS {
        return Err(TextProblem::TooLong { chars });
    }
    Ok(())
}

/// Control characters, and the Unicode line and paragraph separators that
/// some mail and calendar readers treat as line breaks.
fn is_forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

impl TextProblem {
    /// The problem as a message about the field `key`.
    pub fn message(&self, lang: crate::i18n::Lang, key: &str) -> String {
        match self {
            TextProblem::Control {
                position,
                character,
            } => crate::t!(
                lang,
                "err-control-char",
                key = key,
                char = character.escape_default(),
                position = *position
            ),
            TextProblem::TooLong { chars } => crate::t!(
                lang,
                "err-too-long",
                key = key,
                chars = *chars,
                max = MAX_TEXT_CHARS
            ),
        }
    }
}

/// Whether a message to `name <email>` can be composed and sent: the
/// address parses as lettre parses it, and a message with this `To:` header
/// builds (lettre formats the header, then reads the envelope back from it,
/// so an address it cannot read back fails there). Plain addresses and
/// names take a fast path; anything unusual is tried for real.
pub fn validate_recipient(name: &str, email: &str) -> bool {
    if email.is_empty() || email.len() > 254 || email.trim() != email {
        return false;
    }
    let Ok(address) = email.parse::<Address>() else {
        return false;
    };
    if is_plain_address(email) && is_plain_name(name) {
        return true;
    }
    if validate_text_field(name).is_err() {
        return false;
    }
    let from: Mailbox = "jelly <check@example.org>"
        .parse()
        .expect("a fixed valid mailbox");
    Message::builder()
        .from(from)
        .to(Mailbox::new(Some(name.to_string()), address))
        .subject("check")
        .body(String::new())
        .is_ok()
}

/// `local@domain` with only the characters almost every address uses.
fn is_plain_address(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b))
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-".contains(&b))
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

fn is_plain_name(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'' || c == '.')
}

/// The longest skill word of a participant's `skills`, in characters.
pub const MAX_SKILL_CHARS: usize = 60;

/// A participant's `website`: an absolute `http://` or `https://` address
/// with a host, no blank and no `@` (a site shows it as a link: no
/// `mailto:`, no `javascript:`, no address hidden in the user part).
pub fn is_valid_website(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    let Some(rest) = rest else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    text.chars().count() <= MAX_TEXT_CHARS
        && !host.is_empty()
        && host.contains('.')
        && !text.contains('@')
        && text
            .chars()
            .all(|c| !c.is_whitespace() && !is_forbidden(c) && c != '"' && c != '<' && c != '>')
}

/// A participant's `phone`: digits, at most one leading `+`, and the
/// separators people write (space, `.`, `-`, parentheses); 6 to 20 digits.
pub fn is_valid_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let body = text.strip_prefix('+').unwrap_or(text);
    (6..=20).contains(&digits)
        && text.len() <= 40
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
}

/// One word of `skills`: not blank, one line, at most [`MAX_SKILL_CHARS`]
/// characters, no `@` (the site publishes no address).
pub fn is_valid_skill(text: &str) -> bool {
    let chars = text.chars().count();
    !text.trim().is_empty()
        && chars <= MAX_SKILL_CHARS
        && !text.contains('@')
        && !text.chars().any(is_forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_refuse_control_characters_and_huge_values() {
        assert!(validate_text_field("Éléonore d'Anduze").is_ok());
        assert_eq!(
            validate_text_field("Eve\r\nBcc: x@y.org"),
            Err(TextProblem::Control {
                position: 4,
                character: '\r'
            })
        );
        assert!(validate_text_field("A\nB").is_err());
        assert!(validate_text_field("A\u{0}B").is_err());
        assert!(validate_text_field("A\tB").is_err());
        assert!(validate_text_field("A\u{2028}B").is_err());
        assert_eq!(
            validate_text_field(&"x".repeat(MAX_TEXT_CHARS + 1)),
            Err(TextProblem::TooLong {
                chars: MAX_TEXT_CHARS + 1
            })
        );
    }

    #[test]
    fn recipients_are_judged_by_the_parser_that_sends_them() {
        assert!(validate_recipient("Marie", "marie@example.org"));
        assert!(validate_recipient("Zoé \"la\" <Grande>", "zoe@example.org"));
        assert!(validate_recipient("Ana", "ana.b+jelly@mail.example.org"));
        assert!(!validate_recipient("Ana", "\"a,b>c\"@example.org"));
        assert!(!validate_recipient("Ana", "ip@[127.0.0.1]"));
        assert!(!validate_recipient("A\u{0}na", "ana@example.org"));
        assert!(!validate_recipient(
            "Eve\r\nBcc: v@evil.org",
            "eve@example.org"
        ));
        assert!(!validate_recipient(
            "Ana",
            "ana@example.org\r\nBcc: v@evil.org"
        ));
        assert!(!validate_recipient("Ana", "not-an-email"));
        assert!(!validate_recipient("Ana", " ana@example.org"));
    }
}
