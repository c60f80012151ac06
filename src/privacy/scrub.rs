//! Replacing an erased person's name and address by a neutral word in
//! other people's records: a line of text, a journal entry, a message of
//! the outbox. A message's parts are decoded (quoted-printable, base64)
//! before the search and encoded again after a replacement; parts that do
//! not mention the person keep their bytes.

use base64::Engine as _;

/// What to replace: the person's name (as written, and as HTML writes it)
/// and address (any case).
pub(crate) struct Needles {
    name: String,
    html_name: String,
    address: Option<String>,
}

impl Needles {
    pub(crate) fn new(name: &str, address: Option<&str>) -> Needles {
        let name = name.trim().to_string();
        let html_name = name
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#x27;");
        Needles {
            name,
            html_name,
            address: address
                .map(crate::identity::normalise_address)
                .filter(|a| !a.is_empty()),
        }
    }

    /// Does `text` mention the person?
    pub(crate) fn found_in(&self, text: &str) -> bool {
        (!self.name.is_empty() && (text.contains(&self.name) || text.contains(&self.html_name)))
            || self
                .address
                .as_deref()
                .is_some_and(|a| text.to_lowercase().contains(a))
    }

    /// `text` with every mention replaced by `neutral`; `None` if there was none.
    pub(crate) fn replace(&self, text: &str, neutral: &str) -> Option<String> {
        if !self.found_in(text) {
            return None;
        }
        let mut out = text.to_string();
        if let Some(address) = &self.address {
            out = replace_ignoring_case(&out, address, neutral);
        }
        if !self.name.is_empty() {
            out = out.replace(&self.name, neutral);
            out = out.replace(&self.html_name, neutral);
        }
        Some(out)
    }
}

/// `text` with `needle` (lower case) replaced by `with`, ignoring case.
pub(crate) fn replace_ignoring_case(text: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return text.to_string();
    }
    let lower = text.to_lowercase();
    let needle = needle.to_lowercase();
    // Lower-casing keeps byte offsets for ASCII text; otherwise fall back to
    // an exact replacement.
    if lower.len() != text.len() {
        return text.replace(&needle, with);
    }
    let mut out = String::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&needle) {
        out.push_str(&text[from..from + at]);
        out.push_str(with);
        from += at + needle.len();
    }
    out.push_str(&text[from..]);
    out
}

/// A JSON line with the person replaced in every string value; `None` when
/// it does not mention them (or is not JSON: then [`Needles::replace`]).
pub(crate) fn journal_line(line: &str, needles: &Needles, neutral: &str) -> Option<String> {
    if !needles.found_in(line) {
        return None;
    }
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(line) else {
        return needles.replace(line, neutral);
    };
    fn walk(value: &mut serde_json::Value, needles: &Needles, neutral: &str) {
        match value {
            serde_json::Value::String(s) => {
                if let Some(new) = needles.replace(s, neutral) {
                    *s = new;
                }
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|v| walk(v, needles, neutral));
            }
            serde_json::Value::Object(map) => {
                map.values_mut().for_each(|v| walk(v, needles, neutral));
            }
            _ => {}
        }
    }
    walk(&mut value, needles, neutral);
    serde_json::to_string(&value).ok()
}

/// The participant id inside a jelly Message-ID
/// (`<event.participant.kind.sequence…@domain>`), if the message has one.
pub(crate) fn message_participant(raw: &str) -> Option<&str> {
    let line = raw.lines().take_while(|l| !l.trim().is_empty()).find(|l| {
        l.get(..11)
            .is_some_and(|h| h.eq_ignore_ascii_case("message-id:"))
    })?;
    let id = line[11..].trim().strip_prefix('<')?;
    let local = id.split('@').next()?;
    local.split('.').nth(1)
}

/// The boundaries a message's multipart headers declare.
fn boundaries(raw: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = raw.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("boundary=") {
        let start = from + at + "boundary=".len();
        let rest = &raw[start..];
        let value = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.split('"').next().unwrap_or("")
        } else {
            rest.split(|c: char| c == ';' || c.is_whitespace())
                .next()
                .unwrap_or("")
        };
        if !value.is_empty() {
            found.push(value.to_string());
        }
        from = start;
    }
    found
}

#[derive(Clone, Copy, PartialEq)]
enum Encoding {
    Plain,
    QuotedPrintable,
    Base64,
}

/// A part's body with the person replaced, encoded as it was; `None` when
/// it does not mention them. `body` ends before the line break that comes
/// before the next boundary.
fn body(body: &str, encoding: Encoding, needles: &Needles, neutral: &str) -> Option<String> {
    let crlf = body.contains("\r\n");
    let with_breaks = |text: String| {
        if crlf {
            text
        } else {
            text.replace("\r\n", "\n")
        }
    };
    match encoding {
        Encoding::Plain => needles.replace(body, neutral),
        Encoding::QuotedPrintable => {
            let decoded =
                quoted_printable::decode(body.as_bytes(), quoted_printable::ParseMode::Robust)
                    .ok()?;
            let text = String::from_utf8(decoded).ok()?;
            let new = needles.replace(&text, neutral)?;
            Some(with_breaks(quoted_printable::encode_to_str(new)))
        }
        Encoding::Base64 => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()?;
            let text = String::from_utf8(decoded).ok()?;
            let new = needles.replace(&text, neutral)?;
            let encoded = base64::engine::general_purpose::STANDARD.encode(new);
            let lines: Vec<&str> = encoded
                .as_bytes()
                .chunks(76)
                .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
                .collect();
            Some(lines.join(if crlf { "\r\n" } else { "\n" }))
        }
    }
}

/// A raw message (.eml) with the person's name and address replaced by
/// `neutral` in its headers and in each part (decoded first); `None` when
/// it does not mention them.
pub(crate) fn message(raw: &str, needles: &Needles, neutral: &str) -> Option<String> {
    let boundaries = boundaries(raw);
    let is_boundary = |line: &str| {
        let line = line.trim_end();
        line.strip_prefix("--").is_some_and(|rest| {
            let rest = rest.strip_suffix("--").unwrap_or(rest);
            boundaries.iter().any(|b| b == rest)
        })
    };
    let mut out = String::with_capacity(raw.len());
    let mut changed = false;
    let mut in_headers = true;
    let mut encoding = Encoding::Plain;
    let mut pending = String::new();
    let flush = |pending: &mut String, encoding: Encoding, out: &mut String, changed: &mut bool| {
        // The line break before a boundary belongs to the boundary.
        let (content, tail) = match pending.strip_suffix("\r\n") {
            Some(c) => (c.to_string(), "\r\n"),
            None => match pending.strip_suffix('\n') {
                Some(c) => (c.to_string(), "\n"),
                None => (pending.clone(), ""),
            },
        };
        match body(&content, encoding, needles, neutral) {
            Some(new) => {
                *changed = true;
                out.push_str(&new);
                out.push_str(tail);
            }
            None => out.push_str(pending),
        }
        pending.clear();
    };
    for line in raw.split_inclusive('\n') {
        if is_boundary(line) {
            if !in_headers {
                flush(&mut pending, encoding, &mut out, &mut changed);
            }
            out.push_str(line);
            in_headers = true;
            encoding = Encoding::Plain;
            continue;
        }
        if in_headers {
            if line.trim().is_empty() {
                in_headers = false;
                out.push_str(line);
                continue;
            }
            if let Some(value) = line
                .split_once(':')
                .filter(|(name, _)| {
                    name.trim()
                        .eq_ignore_ascii_case("content-transfer-encoding")
                })
                .map(|(_, v)| v.trim().to_ascii_lowercase())
            {
                encoding = match value.as_str() {
                    "quoted-printable" => Encoding::QuotedPrintable,
                    "base64" => Encoding::Base64,
                    _ => Encoding::Plain,
                };
            }
            match needles.replace(line, neutral) {
                Some(new) => {
                    changed = true;
                    out.push_str(&new);
                }
                None => out.push_str(line),
            }
            continue;
        }
        pending.push_str(line);
    }
    if !pending.is_empty() {
        flush(&mut pending, encoding, &mut out, &mut changed);
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses_give_way_to_the_neutral_word() {
        let needles = Needles::new("Hélène Dupuy", Some("Helene@x.org"));
        assert_eq!(
            needles
                .replace("Avec Hélène Dupuy <HELENE@x.org> et O'Neil", "un membre")
                .unwrap(),
            "Avec un membre <un membre> et O'Neil"
        );
        assert!(needles.replace("Avec Paul", "un membre").is_none());
        let line =
            r#"{"participant":"paul","email":"paul@x.org","error":"refusé pour helene@x.org"}"#;
        assert_eq!(
            journal_line(line, &needles, "un membre").unwrap(),
            r#"{"participant":"paul","email":"paul@x.org","error":"refusé pour un membre"}"#
        );
        assert!(journal_line(r#"{"participant":"paul"}"#, &needles, "x").is_none());
    }

    #[test]
    fn messages_are_rewritten_part_by_part() {
        let text = "Covoiturage possible avec Hélène Dupuy, Paul.\r\n";
        let qp = quoted_printable::encode_to_str(text);
        let b64 = base64::engine::general_purpose::STANDARD.encode(text);
        let untouched = quoted_printable::encode_to_str("Rien à voir ici.\r\n");
        let raw = format!(
            "To: Olivier <olivier@x.org>\r\nMessage-ID: <2026-12-10-ales.olivier.invitation.0@x.org>\r\nContent-Type: multipart/mixed;\r\n boundary=\"BBB\"\r\n\r\n--BBB\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp}\r\n--BBB\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--BBB\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{untouched}\r\n--BBB--\r\n"
        );
        assert_eq!(message_participant(&raw), Some("olivier"));
        let needles = Needles::new("Hélène Dupuy", Some("helene@x.org"));
        let new = message(&raw, &needles, "un membre").unwrap();
        assert!(!new.contains("H=C3=A9l=C3=A8ne"), "{new}");
        let expected = "Covoiturage possible avec un membre, Paul.\r\n";
        assert!(
            new.contains(&quoted_printable::encode_to_str(expected)),
            "{new}"
        );
        assert!(new.contains(&base64::engine::general_purpose::STANDARD.encode(expected)));
        assert!(new.contains(&untouched));
        assert!(new.starts_with("To: Olivier <olivier@x.org>\r\n"));
        assert!(new.ends_with("\r\n--BBB--\r\n"));
        assert!(message(&new, &needles, "un membre").is_none());
    }
}
