//! A fast path for reading `participants.toml`, the one file that grows to
//! megabytes (12 MB for 100,000 people). It reads the plain shape the
//! format documents and `jelly` writes — `[[participant]]` headers, one
//! `key = value` per line, comments — about ten times faster than the
//! general TOML parser, and gives up (`None`) on anything else: another
//! table, an array or inline table, a multi-line string, a quoted or
//! dotted key, an unknown or repeated key, a missing required key, a value
//! of the wrong type, a number with underscores, a control character. The
//! caller then uses the TOML parser, which reads or explains the file
//! exactly as before. So this path never accepts a file the TOML parser
//! would reject, and never reads a value differently (a property test
//! checks both against each other).

use crate::store::load::RawParticipant;

/// The participants of `text`, or `None` when it is not in the plain shape.
pub fn parse(text: &str) -> Option<Vec<RawParticipant>> {
    let mut people = Vec::new();
    let mut current: Option<Entry> = None;
    for line in text.split('\n') {
        if line.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return None;
        }
        let line = line.trim_start_matches([' ', '\t']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            if after_value(line.strip_prefix("[[participant]]")?)? {
                if let Some(entry) = current.take() {
                    people.push(entry.finish()?);
                }
                current = Some(Entry::default());
                continue;
            }
            return None;
        }
        let entry = current.as_mut()?;
        let key_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
        let (key, rest) = line.split_at(key_end);
        let rest = rest.trim_start_matches([' ', '\t']).strip_prefix('=')?;
        let value = rest.trim_start_matches([' ', '\t']);
        entry.set(key, value)?;
    }
    if let Some(entry) = current.take() {
        people.push(entry.finish()?);
    }
    Some(people)
}

/// Is what follows a value only blanks and perhaps a comment?
fn after_value(rest: &str) -> Option<bool> {
    let rest = rest.trim_start_matches([' ', '\t']);
    Some(rest.is_empty() || rest.starts_with('#'))
}

#[derive(Default)]
struct Entry {
    id: Option<String>,
    name: Option<String>,
    email: Option<String>,
    village: Option<String>,
    max_km: Option<f64>,
    active: Option<bool>,
    profession: Option<String>,
    joined: Option<toml::value::Datetime>,
    carpool: Option<bool>,
    mail: Option<bool>,
    bounced: Option<toml::value::Datetime>,
    listed: Option<bool>,
    skills: Option<Vec<String>>,
    website: Option<String>,
    phone: Option<String>,
}

/// Stores `value` in `slot`, which must still be empty (a repeated key is
/// a TOML error).
fn put<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

impl Entry {
    fn set(&mut self, key: &str, value: &str) -> Option<()> {
        match key {
            "id" => put(&mut self.id, string(value)?),
            "name" => put(&mut self.name, string(value)?),
            "email" => put(&mut self.email, string(value)?),
            "village" => put(&mut self.village, string(value)?),
            "profession" => put(&mut self.profession, string(value)?),
            "max_km" => put(&mut self.max_km, number(value)?),
            "active" => put(&mut self.active, flag(value)?),
            "mail" => put(&mut self.mail, flag(value)?),
            "carpool" => put(&mut self.carpool, flag(value)?),
            "joined" => put(&mut self.joined, date(value)?),
            "bounced" => put(&mut self.bounced, date(value)?),
            "listed" => put(&mut self.listed, flag(value)?),
            "website" => put(&mut self.website, string(value)?),
            "phone" => put(&mut self.phone, string(value)?),
            "skills" => put(&mut self.skills, strings(value)?),
            _ => None,
        }
    }

    fn finish(self) -> Option<RawParticipant> {
        Some(RawParticipant {
            id: self.id?,
            name: self.name?,
            email: self.email,
            village: self.village?,
            max_km: self.max_km,
            active: self.active,
            profession: self.profession,
            joined: self.joined,
            carpool: self.carpool,
            mail: self.mail,
            bounced: self.bounced,
            listed: self.listed,
            skills: self.skills,
            website: self.website,
            phone: self.phone,
            aliases: None,
        })
    }
}

/// `true` or `false`, then the end of the line.
fn flag(value: &str) -> Option<bool> {
    match value.split_once(['#', ' ', '\t']) {
        Some((word, rest)) => {
            after_value(rest).filter(|ok| *ok)?;
            boolean(word)
        }
        None => boolean(value),
    }
}

fn boolean(word: &str) -> Option<bool> {
    match word {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A basic ("…", with escapes) or literal ('…') string, then the end of
/// the line.
fn string(value: &str) -> Option<String> {
    if let Some(body) = value.strip_prefix('\'') {
        if body.starts_with("''") {
            return None; // a multi-line literal string
        }
        let end = body.find('\'')?;
        after_value(&body[end + 1..]).filter(|ok| *ok)?;
        return Some(body[..end].to_string());
    }
    let body = value.strip_prefix('"')?;
    if body.starts_with("\"\"") {
        return None; // a multi-line basic string
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                after_value(&body[i + 1..]).filter(|ok| *ok)?;
                return Some(out);
            }
            '\\' => {
                let (_, escape) = chars.next()?;
                match escape {
                    'b' => out.push('\u{8}'),
                    't' => out.push('\t'),
                    'n' => out.push('\n'),
                    'f' => out.push('\u{c}'),
                    'r' => out.push('\r'),
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    'u' | 'U' => {
                        let len = if escape == 'u' { 4 } else { 8 };
                        let mut code = 0u32;
                        for _ in 0..len {
                            let (_, digit) = chars.next()?;
                            code = code * 16 + digit.to_digit(16)?;
                        }
                        out.push(char::from_u32(code)?);
                    }
                    _ => return None,
                }
            }
            c => out.push(c),
        }
    }
    None // no closing quote
}

/// A one-line array of basic strings without escapes (`["web", "print"]`),
/// then the end of the line; anything else (escapes, literal strings,
/// nested arrays, a trailing comma) is left to the TOML parser.
fn strings(value: &str) -> Option<Vec<String>> {
    let mut rest = value.strip_prefix('[')?.trim_start_matches([' ', '\t']);
    let mut out = Vec::new();
    if let Some(after) = rest.strip_prefix(']') {
        after_value(after).filter(|ok| *ok)?;
        return Some(out);
    }
    loop {
        let body = rest.strip_prefix('"')?;
        let end = body.find('"')?;
        let item = &body[..end];
        if item.contains('\\') {
            return None;
        }
        out.push(item.to_string());
        rest = body[end + 1..].trim_start_matches([' ', '\t']);
        if let Some(after) = rest.strip_prefix(']') {
            after_value(after).filter(|ok| *ok)?;
            return Some(out);
        }
        rest = rest.strip_prefix(',')?.trim_start_matches([' ', '\t']);
    }
}

/// A decimal integer or float, as TOML writes them, without underscores,
/// `inf` or `nan`.
fn number(value: &str) -> Option<f64> {
    let end = value
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E')))
        .unwrap_or(value.len());
    let (literal, rest) = value.split_at(end);
    after_value(rest).filter(|ok| *ok)?;
    let unsigned = literal.strip_prefix(['+', '-']).unwrap_or(literal);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    if frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    if let Some(exp) = exponent {
        if !digits(exp.strip_prefix(['+', '-']).unwrap_or(exp)) {
            return None;
        }
    }
    if frac.is_none() && exponent.is_none() {
        // An integer: TOML's are 64-bit.
        literal.parse::<i64>().ok()?;
    }
    literal.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A local date `YYYY-MM-DD` that exists in the calendar.
fn date(value: &str) -> Option<toml::value::Datetime> {
    let literal = value.get(..10)?;
    after_value(&value[10..]).filter(|ok| *ok)?;
    let b = literal.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let field = |range: std::ops::Range<usize>| -> Option<u32> {
        let s = &literal[range];
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some(toml::value::Datetime {
        date: Some(toml::value::Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }),
        time: None,
        offset: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::load::RawParticipants;
    use proptest::prelude::*;

    fn both(text: &str) -> (Option<String>, Option<String>) {
        let fast = parse(text).map(|p| format!("{p:?}"));
        let toml = toml::from_str::<RawParticipants>(text)
            .ok()
            .map(|p| format!("{:?}", p.participant));
        (fast, toml)
    }

    #[test]
    fn reads_the_documented_shape() {
        let text = "# the people\n\n[[participant]]\nid = \"marie-france\"\nname = \"Marie-France \\\"MF\\\" \\u00e9\"  # a comment\n\
                    email = 'mf@example.org'\nvillage = \"ales\"\nmax_km = 20\nactive = false\nprofession = \"correctrice\"\njoined = 2014-06-05\ncarpool = true # agreed\nlisted = true\nskills = [\"web\", \"print, offset\" ] # ok\nwebsite = \"https://mf.example\"\nphone = \"04 66 00 00 00\"\n\n\
                    [[participant]]   # second\n  id = \"p2\"\n\tname=\"P\"\nvillage = \"anduze\"\nmax_km = 12.5e0\n";
        let (fast, toml) = both(text);
        assert!(fast.is_some(), "the fast path should read this");
        assert_eq!(fast, toml);
        let people = parse(text).unwrap();
        assert_eq!(people[0].name, "Marie-France \"MF\" é");
        assert_eq!(people[0].max_km, Some(20.0));
        assert_eq!(people[1].max_km, Some(12.5));
        assert_eq!(people[0].carpool, Some(true));
        assert_eq!(people[1].carpool, None);
        assert_eq!(
            people[0].skills,
            Some(vec!["web".to_string(), "print, offset".to_string()])
        );
        assert_eq!(people[1].skills, None);
    }

    #[test]
    fn reads_the_demo_association() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/participants.toml"),
        )
        .unwrap();
        let (fast, toml) = both(&text);
        assert!(fast.is_some());
        assert_eq!(fast, toml);
    }

    #[test]
    fn gives_up_on_everything_else() {
        for text in [
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\nid = \"b\"\n", // repeated key
            "[[participant]]\nid = \"a\"\nname = \"A\"\n",                            // missing village
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\nmax_km = 1_000\n",
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\nmax_km = 020\n",
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\nmax_km = inf\n",
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\nmax_km = \"far\"\n",
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\ncolour = \"red\"\n",
            "[[participant]]\nid = \"a\"\nname = \"\"\"A\"\"\"\nvillage = \"v\"\n",
            "[[participant]]\nid = \"a\"\nname = \"A\" x\nvillage = \"v\"\n",
            "[[participant]]\nid = \"a\"\nname = \"A\\q\"\nvillage = \"v\"\n",
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\njoined = 2014-02-30\n",
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\njoined = 2014-06-05T10:00:00\n",
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\nactive = yes\n",
            "[[participant]]\n\"id\" = \"a\"\nname = \"A\"\nvillage = \"v\"\n",
            "[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\n[extra]\n",
            "[[ participant ]]\nid = \"a\"\nname = \"A\"\nvillage = \"v\"\n",
            "id = \"a\"\n",
            "[[participant]]\nid = \"a\"\nname = \"A\u{1}\"\nvillage = \"v\"\n",
            "[[participant]]\r\nid = \"a\"\r\nname = \"A\"\r\nvillage = \"v\"\r\n",
        ] {
            assert!(parse(text).is_none(), "should give up on {text:?}");
        }
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Zéèà0-9 '\\-]{0,12}".prop_map(|s| format!("\"{s}\"")),
            "[a-z\"\\\\ ]{0,8}".prop_map(|s| format!("'{s}'")),
            "(\\\\[btnfr\"\\\\]|\\\\u00[0-7][0-9a-f]|[a-z ]|\\\\x){0,6}"
                .prop_map(|s| format!("\"{s}\"")),
            "[+-]?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,2})?",
            "(true|false|yes|1_000|0x1f|nan|inf|\\[\\])",
            "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
            "\\[ ?(\"[a-zé #,\\]\\\\]{0,5}\" ?,? ?){0,3}\\]",
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "id",
            "name",
            "email",
            "village",
            "max_km",
            "active",
            "profession",
            "joined",
            "carpool",
            "mail",
            "bounced",
            "listed",
            "skills",
            "website",
            "phone",
            "other",
        ]);
        prop_oneof![
            8 => (key, value(), "( *#[^\n]{0,5})?", "[ \t]{0,2}")
                .prop_map(|(k, v, comment, indent)| format!("{indent}{k} = {v}{comment}")),
            2 => Just("[[participant]]".to_string()),
            1 => "#[^\n]{0,10}",
            1 => Just(String::new()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn never_disagrees_with_the_toml_parser(lines in prop::collection::vec(line(), 0..24)) {
            let text = lines.join("\n");
            let (fast, toml) = both(&text);
            if fast.is_some() {
                prop_assert_eq!(fast, toml, "text:\n{}", text);
            }
        }

        #[test]
        fn reads_every_well_formed_entry(
            entries in prop::collection::vec(
                ("[a-z0-9]{1,8}", "[A-Za-zé \"\\\\]{1,10}", prop::option::of(0u32..500), prop::option::of(any::<bool>())),
                0..10,
            )
        ) {
            let mut text = String::new();
            for (id, name, max_km, active) in &entries {
                let name = name.replace('\\', "\\\\").replace('"', "\\\"");
                text.push_str(&format!("[[participant]]\nid = \"{id}\"\nname = \"{name}\"\nvillage = \"v\"\n"));
                if let Some(m) = max_km { text.push_str(&format!("max_km = {m}\n")); }
                if let Some(a) = active { text.push_str(&format!("active = {a}\n")); }
                text.push('\n');
            }
            let (fast, toml) = both(&text);
            prop_assert!(fast.is_some(), "text:\n{}", text);
            prop_assert_eq!(fast, toml);
        }
    }
}
