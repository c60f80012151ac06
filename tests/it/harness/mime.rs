//! A small MIME reader to look inside the messages jelly sends: parts,
//! headers (RFC 2047 words decoded), bodies (quoted-printable, base64).

impl super::smtp::Received {
    /// The message, parsed.
    pub fn parse(&self) -> Part {
        Part::parse(&self.data)
    }
}

/// A MIME part, its body decoded (quoted-printable, base64).
#[derive(Debug, Clone)]
pub struct Part {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub parts: Vec<Part>,
}

impl Part {
    pub fn parse(raw: &[u8]) -> Part {
        let text = String::from_utf8(raw.to_vec()).expect("the message is text");
        let text = text.replace("\r\n", "\n");
        let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.lines() {
            if line.starts_with(' ') || line.starts_with('\t') {
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let mut part = Part {
            headers,
            body: Vec::new(),
            parts: Vec::new(),
        };
        let content_type = part.header("Content-Type").unwrap_or_default();
        if content_type.to_ascii_lowercase().starts_with("multipart/") {
            let boundary = parameter(&content_type, "boundary").expect("a boundary");
            let delimiter = format!("--{boundary}");
            for chunk in body.split(&delimiter).skip(1) {
                if chunk.starts_with("--") {
                    break;
                }
                let chunk = chunk.strip_prefix('\n').unwrap_or(chunk);
                let chunk = chunk.strip_suffix('\n').unwrap_or(chunk);
                part.parts.push(Part::parse(chunk.as_bytes()));
            }
        } else {
            let encoding = part
                .header("Content-Transfer-Encoding")
                .unwrap_or_default()
                .to_ascii_lowercase();
            part.body = match encoding.as_str() {
                "base64" => base64(body),
                "quoted-printable" => quoted_printable(body),
                _ => body.as_bytes().to_vec(),
            };
        }
        part
    }

    /// A header's raw value (first of that name).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }

    /// A header with its RFC 2047 encoded words decoded.
    pub fn decoded_header(&self, name: &str) -> Option<String> {
        self.header(name).map(|v| decode_words(&v))
    }

    pub fn mime_type(&self) -> String {
        self.header("Content-Type")
            .unwrap_or_else(|| "text/plain".into())
            .split(';')
            .next()
            .unwrap()
            .trim()
            .to_ascii_lowercase()
    }

    /// The first part (depth first, itself included) of this MIME type.
    pub fn find(&self, mime_type: &str) -> Option<&Part> {
        if self.mime_type() == mime_type {
            return Some(self);
        }
        self.parts.iter().find_map(|p| p.find(mime_type))
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

/// `name=value` or `name="value"` from a header value.
pub fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (n, v) = p.trim().split_once('=')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&c| c == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        if !soft {
            out.push(b'\n');
        }
    }
    if out.last() == Some(&b'\n') {
        out.pop();
    }
    out
}

/// Decodes `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words; whitespace between two
/// encoded words disappears, as RFC 2047 says.
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    let mut pending_space = String::new();
    for token in value.split_inclusive(' ') {
        let word = token.trim_end_matches(' ');
        let spaces = &token[word.len()..];
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut pieces = w.splitn(3, '?');
                let _charset = pieces.next()?;
                let encoding = pieces.next()?.to_ascii_lowercase();
                let data = pieces.next()?;
                let bytes = match encoding.as_str() {
                    "b" => base64(data),
                    "q" => quoted_printable(&data.replace('_', " ")),
                    _ => return None,
                };
                String::from_utf8(bytes).ok()
            });
        match decoded {
            Some(text) => {
                if !previous_encoded {
                    out.push_str(&pending_space);
                }
                out.push_str(&text);
                previous_encoded = true;
            }
            None => {
                out.push_str(&pending_space);
                out.push_str(word);
                previous_encoded = false;
            }
        }
        pending_space = spaces.to_string();
    }
    out
}

#[test]
fn the_mime_reader_decodes_what_it_should() {
    assert_eq!(
        decode_words("jelly =?utf-8?b?w6AgQWzDqHMs?= jeudi"),
        "jelly à Alès, jeudi"
    );
    assert_eq!(decode_words("=?utf-8?b?w6A=?= =?utf-8?b?w6A=?= x"), "àà x");
    assert_eq!(
        quoted_printable("No=C3=A9mie, L=\noz=C3=A8re"),
        "Noémie, Lozère".as_bytes()
    );
    assert_eq!(base64("Tm/DqW1pZQ=="), "Noémie".as_bytes());
}
