//! What one incoming message is, read with mail-parser and (for calendar
//! parts) the icalendar crate's parser: a calendar REPLY or COUNTER, a
//! delivery status notification, an auto-reply, an unsubscribe request, or
//! something a person must read. Pure: bytes in, a [`Parsed`] out; matching
//! it against the association's data is the command's job.

use mail_parser::{MessageParser, MimeHeaders, PartType};

/// The longest Subject kept (in characters): enough to classify and show
/// it, never a 10 MB header copied around.
const SUBJECT_CHARS: usize = 200;

/// One message, understood. Its `Date:` header is deliberately not read:
/// the sender chooses it (year 9999, 2100 to pin an answer), so jelly only
/// trusts when its own server received the message.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Its Message-ID, else a hash of its bytes: the journal's key.
    pub key: String,
    /// The From address, lower case.
    pub from: Option<String>,
    /// The Subject, cut after [`SUBJECT_CHARS`] characters (not escaped:
    /// show it through [`crate::error::shown`]).
    pub subject: String,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// An iTIP REPLY (RFC 5546): someone's answer to an invitation.
    Reply(Reply),
    /// An iTIP COUNTER: someone proposes another time.
    Counter {
        uid: String,
        proposed: Option<String>,
    },
    /// A delivery status notification (RFC 3464).
    Bounce(Bounce),
    /// `Auto-Submitted`, `X-Autoreply`, `Precedence: auto_reply`, out-of-office.
    AutoReply,
    /// Subject "unsubscribe" (jelly's `List-Unsubscribe: <mailto:…>`).
    Unsubscribe,
    /// Anything else, with why it was not understood.
    Other(Why),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A message written by a person.
    Human,
    /// A calendar part that could not be read.
    BadCalendar,
    /// A calendar part with another METHOD (REQUEST, REFRESH, …).
    OtherMethod,
    /// The message itself could not be parsed.
    Unreadable,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub uid: String,
    pub sequence: u32,
    /// Every ATTENDEE of the reply: (address, lower case, without `mailto:`; PARTSTAT, upper case).
    pub attendees: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bounce {
    /// One entry per recipient.
    pub recipients: Vec<Recipient>,
    /// The Message-IDs of the returned message (from its headers attached
    /// as `text/rfc822-headers` or `message/rfc822`): what ties the report
    /// to a message jelly sent.
    pub original: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    /// Final-Recipient (else Original-Recipient), lower case.
    pub address: String,
    /// `failed`, `delayed`, `delivered`, `relayed`, `expanded`.
    pub action: String,
    /// e.g. `5.1.1`.
    pub status: String,
}

impl Recipient {
    /// `Action: failed` with a permanent status about the address itself,
    /// in RFC 3463's classes: `5.1.x` (addressing: no such mailbox, no such
    /// domain, …) and `5.2.1` (mailbox disabled). A full mailbox (`5.2.2`),
    /// a message too large (`5.2.3`), a policy or security refusal
    /// (`5.7.x`, e.g. Gmail's DMARC `5.7.26`) and the network, protocol or
    /// content classes (`5.3`–`5.6`) say nothing about the address: one
    /// broken DKIM set-up would otherwise mark every member bounced.
    pub fn is_hard(&self) -> bool {
        if self.action != "failed" {
            return false;
        }
        let mut parts = self.status.split('.');
        let (Some(class), Some(subject), Some(detail), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        class == "5" && (subject == "1" || (subject == "2" && detail == "1"))
    }

    /// `Action: failed` with a permanent status that is not [hard](Self::is_hard).
    pub fn is_permanent(&self) -> bool {
        self.action == "failed" && self.status.starts_with("5.")
    }
}

/// Reads one message.
pub fn parse(raw: &[u8]) -> Parsed {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Parsed {
            key: hash_key(raw),
            from: None,
            subject: String::new(),
            kind: Kind::Other(Why::Unreadable),
        };
    };
    let key = message
        .message_id()
        .map(|id| {
            id.chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
        })
        .filter(|id| !id.is_empty())
        .map_or_else(|| hash_key(raw), |id| format!("<{id}>"));
    let from = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase());
    let subject: String = message
        .subject()
        .unwrap_or("")
        .trim()
        .chars()
        .take(SUBJECT_CHARS)
        .collect();
    let kind = classify(&message, &subject);
    Parsed {
        key,
        from,
        subject,
        kind,
    }
}

fn classify(message: &mail_parser::Message, subject: &str) -> Kind {
    if let Some(recipients) = delivery_status(message) {
        return Kind::Bounce(Bounce {
            recipients,
            original: original_message_ids(message),
        });
    }
    if let Some(kind) = calendar(message) {
        return kind;
    }
    if is_auto_reply(message, subject) {
        return Kind::AutoReply;
    }
    if subject.eq_ignore_ascii_case("unsubscribe") {
        return Kind::Unsubscribe;
    }
    Kind::Other(Why::Human)
}

/// The recipients of a `multipart/report; report-type=delivery-status`.
fn delivery_status(message: &mail_parser::Message) -> Option<Vec<Recipient>> {
    let root = message.root_part().content_type()?;
    let is_report = root.ctype().eq_ignore_ascii_case("multipart")
        && root
            .subtype()
            .is_some_and(|s| s.eq_ignore_ascii_case("report"))
        && root
            .attribute("report-type")
            .is_some_and(|t| t.eq_ignore_ascii_case("delivery-status"));
    if !is_report {
        return None;
    }
    let part = message.parts.iter().find(|part| {
        part.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("message")
                && ct.subtype().is_some_and(|s| {
                    s.eq_ignore_ascii_case("delivery-status")
                        || s.eq_ignore_ascii_case("global-delivery-status")
                })
        })
    })?;
    Some(read_delivery_status(&String::from_utf8_lossy(
        part.contents(),
    )))
}

/// The Message-IDs of the message a delivery report returns: its headers
/// (`text/rfc822-headers`, `message/rfc822-headers`,
/// `message/global-headers`) or the whole message (`message/rfc822`).
fn original_message_ids(message: &mail_parser::Message) -> Vec<String> {
    let mut ids = Vec::new();
    let mut push = |id: Option<&str>| {
        if let Some(id) = id {
            let id: String = id
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            if !id.is_empty() {
                ids.push(format!("<{id}>"));
            }
        }
    };
    for part in &message.parts {
        if let PartType::Message(nested) = &part.body {
            push(nested.message_id());
            continue;
        }
        let is_headers = part.content_type().is_some_and(|ct| {
            let sub = ct.subtype().unwrap_or("");
            (ct.ctype().eq_ignore_ascii_case("text") || ct.ctype().eq_ignore_ascii_case("message"))
                && (sub.eq_ignore_ascii_case("rfc822-headers")
                    || sub.eq_ignore_ascii_case("global-headers"))
        });
        if is_headers {
            let mut headers = part.contents().to_vec();
            headers.extend_from_slice(b"\r\n\r\n");
            if let Some(original) = MessageParser::default().parse_headers(&headers) {
                push(original.message_id());
            }
        }
    }
    ids
}

/// The per-recipient blocks of a message/delivery-status body (RFC 3464
/// §2.1): header-like fields, blocks separated by blank lines, the first
/// block about the whole message.
pub fn read_delivery_status(text: &str) -> Vec<Recipient> {
    let text = text.replace("\r\n", "\n");
    let mut recipients = Vec::new();
    for block in text.split("\n\n") {
        let mut fields: Vec<(String, String)> = Vec::new();
        for line in block.lines() {
            if line.starts_with([' ', '\t']) {
                if let Some(last) = fields.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
            } else if let Some((name, value)) = line.split_once(':') {
                fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(action) = field("action") else {
            continue;
        };
        // "rfc822; someone@example.org"
        let address = field("final-recipient")
            .or(field("original-recipient"))
            .map(|v| v.rsplit(';').next().unwrap_or(v))
            .map(|v| v.trim().trim_matches(['<', '>']).to_lowercase())
            .unwrap_or_default();
        let status = field("status")
            .map(|s| s.split_whitespace().next().unwrap_or("").to_string())
            .unwrap_or_default();
        recipients.push(Recipient {
            address,
            action: action.to_ascii_lowercase(),
            status,
        });
    }
    recipients
}

/// A calendar part of the message (not of a message attached to it), read.
fn calendar(message: &mail_parser::Message) -> Option<Kind> {
    let mut found = None;
    for part in &message.parts {
        if matches!(part.body, PartType::Message(_) | PartType::Multipart(_)) {
            continue;
        }
        let ct = part.content_type();
        let is_calendar = ct.is_some_and(|ct| {
            let sub = ct.subtype().unwrap_or("");
            (ct.ctype().eq_ignore_ascii_case("text") && sub.eq_ignore_ascii_case("calendar"))
                || (ct.ctype().eq_ignore_ascii_case("application")
                    && sub.eq_ignore_ascii_case("ics"))
        }) || part
            .attachment_name()
            .is_some_and(|n| n.to_ascii_lowercase().ends_with(".ics"));
        if !is_calendar {
            continue;
        }
        let method_param = ct.and_then(|ct| ct.attribute("method"));
        let text = String::from_utf8_lossy(part.contents());
        let kind = read_calendar(&text, method_param);
        match kind {
            // The first part that is a REPLY or COUNTER decides (Google sends
            // the same calendar inline and as invite.ics).
            Kind::Reply(_) | Kind::Counter { .. } => return Some(kind),
            _ => {
                found.get_or_insert(kind);
            }
        }
    }
    found
}

/// An iCalendar object: its METHOD (else the Content-Type's `method`
/// parameter, as Thunderbird sends it) and its VEVENT.
pub fn read_calendar(text: &str, method_param: Option<&str>) -> Kind {
    let unfolded = icalendar::parser::unfold(text);
    let Ok(calendar) = icalendar::parser::read_calendar(&unfolded) else {
        return Kind::Other(Why::BadCalendar);
    };
    let method = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case("METHOD"))
        .map(|p| p.val.as_str().trim().to_ascii_uppercase())
        .or_else(|| method_param.map(|m| m.trim().to_ascii_uppercase()));
    let Some(event) = calendar
        .components
        .iter()
        .find(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT"))
    else {
        return Kind::Other(Why::BadCalendar);
    };
    let prop = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
    };
    let Some(uid) = prop("UID").map(|p| p.val.as_str().trim().to_string()) else {
        return Kind::Other(Why::BadCalendar);
    };
    match method.as_deref() {
        Some("REPLY") => {
            let sequence = prop("SEQUENCE")
                .and_then(|p| p.val.as_str().trim().parse().ok())
                .unwrap_or(0);
            let attendees: Vec<(String, String)> = event
                .properties
                .iter()
                .filter(|p| p.name.as_str().eq_ignore_ascii_case("ATTENDEE"))
                .map(|p| {
                    let value = p.val.as_str().trim();
                    // Never a byte index into the text: `emmanuël@…` has
                    // a two-byte character where "mailto:" would end.
                    let address = match value.get(..7) {
                        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &value[7..],
                        _ => value,
                    };
                    let partstat = p
                        .params
                        .iter()
                        .find(|param| param.key.as_str().eq_ignore_ascii_case("PARTSTAT"))
                        .and_then(|param| param.val.as_ref())
                        .map_or_else(
                            || "NEEDS-ACTION".to_string(),
                            |v| v.as_str().trim_matches('"').to_ascii_uppercase(),
                        );
                    (address.trim().to_lowercase(), partstat)
                })
                .collect();
            if attendees.is_empty() {
                return Kind::Other(Why::BadCalendar);
            }
            Kind::Reply(Reply {
                uid,
                sequence,
                attendees,
            })
        }
        Some("COUNTER") => Kind::Counter {
            uid,
            proposed: prop("DTSTART").map(|p| p.val.as_str().trim().to_string()),
        },
        Some(_) => Kind::Other(Why::OtherMethod),
        None => Kind::Other(Why::BadCalendar),
    }
}

fn is_auto_reply(message: &mail_parser::Message, subject: &str) -> bool {
    let header = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
    };
    if header("Auto-Submitted").is_some_and(|v| !v.starts_with("no")) {
        return true;
    }
    if header("X-Autoreply").is_some() || header("X-Autorespond").is_some() {
        return true;
    }
    if header("Precedence").is_some_and(|v| v == "auto_reply") {
        return true;
    }
    let subject = subject.to_lowercase();
    const OUT_OF_OFFICE: &[&str] = &[
        "out of office",
        "automatic reply",
        "auto-reply",
        "autoreply",
        "auto:",
        "réponse automatique",
        "reponse automatique",
        "absence du bureau",
        "message d'absence",
        "absent du bureau",
    ];
    OUT_OF_OFFICE.iter().any(|s| subject.starts_with(s))
}

/// A key for a message without a Message-ID: a 64-bit FNV-1a hash of its
/// bytes (stable from one version of jelly to the next).
fn hash_key(raw: &[u8]) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in raw {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("fnv:{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delivery_status_has_one_block_per_recipient() {
        let text = "Reporting-MTA: dns; mail.example.org\nArrival-Date: Mon, 1 Dec 2026 10:00:00 +0100\n\nFinal-Recipient: rfc822; Gone@Example.org\nOriginal-Recipient: rfc822;gone@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <gone@example.org>:\n    Recipient address rejected\n\nFinal-Recipient: rfc822; slow@example.org\nAction: delayed\nStatus: 4.4.1\n";
        let r = read_delivery_status(text);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].address, "gone@example.org");
        assert!(r[0].is_hard());
        assert_eq!(r[1].action, "delayed");
        assert!(!r[1].is_hard());
    }

    #[test]
    fn a_reply_reads_its_attendee_whatever_the_case_of_mailto() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:2026-12-10-ales@example.org\r\nSEQUENCE:1\r\nDTSTAMP:20261201T100000Z\r\nATTENDEE;PARTSTAT=DECLINED;CN=\"Marie, F\":MAILTO:Marie@Example.ORG\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let Kind::Reply(reply) = read_calendar(ics, None) else {
            panic!("not a reply")
        };
        assert_eq!(reply.uid, "2026-12-10-ales@example.org");
        assert_eq!(reply.sequence, 1);
        assert_eq!(
            reply.attendees,
            vec![("marie@example.org".to_string(), "DECLINED".to_string())]
        );
        let without_method = ics.replace("METHOD:REPLY\r\n", "");
        assert!(matches!(
            read_calendar(&without_method, Some("REPLY")),
            Kind::Reply(_)
        ));
        assert_eq!(
            read_calendar(&without_method, None),
            Kind::Other(Why::BadCalendar)
        );
        assert_eq!(
            read_calendar("BEGIN:VCALENDAR\r\nthis is not", Some("REPLY")),
            Kind::Other(Why::BadCalendar)
        );
    }

    #[test]
    fn a_message_without_message_id_gets_a_stable_key() {
        let raw = b"From: a@example.org\r\nSubject: hello\r\n\r\nhi\r\n";
        let first = parse(raw);
        assert_eq!(first.key, parse(raw).key);
        assert!(first.key.starts_with("fnv:"));
        assert_eq!(first.kind, Kind::Other(Why::Human));
    }
}
