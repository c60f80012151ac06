//! What each data file may contain, as data: used to explain, precisely and
//! all at once, why a file does not fit (unknown keys with the closest known
//! one, wrong types, missing keys), with line and column. The fast path
//! parses with serde; this walker only runs on a file that serde rejected.

use toml_edit::{Item, Table, Value};

use crate::error::Problem;
use crate::i18n::Lang;
use crate::store::text::line_col;
use crate::t;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Str,
    Int,
    Number,
    Bool,
    Date,
    DateTime,
    StrArray,
    /// A table whose keys are free (ids) and whose values are tables of these fields.
    MapOf(&'static [Field]),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

/// A top-level entry of a file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Section {
    /// `[[name]]` entries, each with these fields.
    Array(&'static str, &'static [Field]),
    /// A `[name]` table with these fields.
    Table(&'static str, &'static [Field]),
    /// A plain top-level key.
    Key(Field),
}

impl Section {
    fn name(&self) -> &'static str {
        match self {
            Section::Array(n, _) | Section::Table(n, _) => n,
            Section::Key(f) => f.name,
        }
    }
}

pub const VILLAGE: &[Field] = &[
    req("id", Kind::Str),
    req("name", Kind::Str),
    req("lat", Kind::Number),
    req("lon", Kind::Number),
    opt("department", Kind::Str),
];
pub const VILLAGES: &[Section] = &[Section::Array("village", VILLAGE)];

pub const VENUE: &[Field] = &[
    req("id", Kind::Str),
    req("name", Kind::Str),
    req("village", Kind::Str),
    opt("lat", Kind::Number),
    opt("lon", Kind::Number),
    opt("capacity", Kind::Int),
    opt("amenities", Kind::StrArray),
    opt("address", Kind::Str),
    opt("contact", Kind::Str),
    opt("active", Kind::Bool),
];
pub const VENUES: &[Section] = &[Section::Array("venue", VENUE)];

pub const PARTICIPANT: &[Field] = &[
    req("id", Kind::Str),
    req("name", Kind::Str),
    opt("email", Kind::Str),
    req("village", Kind::Str),
    opt("max_km", Kind::Number),
    opt("active", Kind::Bool),
    opt("profession", Kind::Str),
    opt("joined", Kind::Date),
    opt("carpool", Kind::Bool),
    opt("mail", Kind::Bool),
    opt("bounced", Kind::Date),
    opt("aliases", Kind::StrArray),
    opt("listed", Kind::Bool),
    opt("skills", Kind::StrArray),
    opt("website", Kind::Str),
    opt("phone", Kind::Str),
];
pub const PARTICIPANTS: &[Section] = &[Section::Array("participant", PARTICIPANT)];

pub const ROUTE: &[Field] = &[
    req("from", Kind::Str),
    req("to", Kind::Str),
    req("km", Kind::Number),
    opt("minutes", Kind::Number),
];
pub const DISTANCES: &[Section] = &[Section::Array("route", ROUTE)];

pub const ASSOCIATION: &[Field] = &[
    opt("name", Kind::Str),
    opt("timezone", Kind::Str),
    opt("language", Kind::Str),
];
pub const ROTATION: &[Field] = &[
    opt("objective", Kind::Str),
    opt("cooldown", Kind::Int),
    opt("detour_factor", Kind::Number),
    opt("every", Kind::Str),
    opt("quorum", Kind::Int),
    opt("expected_turnout_rate", Kind::Number),
    opt("turnout_odds_per_10_km", Kind::Number),
    opt("default_time", Kind::Str),
    opt("weekday", Kind::Str),
];
pub const MAIL: &[Field] = &[
    opt("from", Kind::Str),
    opt("transport", Kind::Str),
    opt("smtp_url", Kind::Str),
    opt("tls", Kind::Str),
    opt("username", Kind::Str),
    opt("password_command", Kind::Str),
    opt("outbox", Kind::Str),
    opt("sendmail_command", Kind::Str),
    opt("reminders", Kind::StrArray),
    opt("connections", Kind::Int),
    opt("ca_file", Kind::Str),
    opt("timeout", Kind::Str),
    opt("hello_name", Kind::Str),
    opt("dkim_selector", Kind::Str),
    opt("dkim_key_file", Kind::Str),
    opt("unsubscribe_url", Kind::Str),
];
pub const INBOX: &[Field] = &[
    opt("imap_url", Kind::Str),
    opt("maildir", Kind::Str),
    opt("username", Kind::Str),
    opt("password_command", Kind::Str),
    opt("folder", Kind::Str),
    opt("done_folder", Kind::Str),
    opt("ca_file", Kind::Str),
];
pub const SITE: &[Field] = &[
    opt("url", Kind::Str),
    opt("join_url", Kind::Str),
    opt("contact", Kind::Str),
];
pub const PUBLISH: &[Field] = &[
    opt("caldav_url", Kind::Str),
    opt("username", Kind::Str),
    opt("password_command", Kind::Str),
];
pub const CONFIG: &[Section] = &[
    Section::Table("association", ASSOCIATION),
    Section::Table("rotation", ROTATION),
    Section::Table("mail", MAIL),
    Section::Table("inbox", INBOX),
    Section::Table("site", SITE),
    Section::Table("publish", PUBLISH),
    Section::Table("store", STORE),
];

/// `[store]`: how the data directory is read (the parsed-data cache).
pub const STORE: &[Field] = &[opt("cache", Kind::Bool)];

pub const RSVP: &[Field] = &[req("answer", Kind::Str), opt("at", Kind::DateTime)];
pub const EVENT: &[Section] = &[
    Section::Key(req("date", Kind::DateTime)),
    Section::Key(req("venue", Kind::Str)),
    Section::Key(opt("theme", Kind::Str)),
    Section::Key(req("status", Kind::Str)),
    Section::Key(opt("invited", Kind::StrArray)),
    Section::Key(opt("attended", Kind::StrArray)),
    Section::Key(opt("sequence", Kind::Int)),
    Section::Key(opt("cancel_reason", Kind::Str)),
    Section::Key(opt("previous_date", Kind::DateTime)),
    Section::Key(opt("rsvp", Kind::MapOf(RSVP))),
];

/// Every problem of shape in `doc`, against `sections`.
pub fn check_document(
    lang: Lang,
    file: &std::path::Path,
    text: &str,
    doc: &Table,
    sections: &[Section],
) -> Vec<Problem> {
    let mut walker = Walker {
        lang,
        file,
        text,
        problems: Vec::new(),
    };
    for (key, item) in doc {
        let key_span = doc.key(key).and_then(toml_edit::Key::span);
        match sections.iter().find(|s| s.name() == key) {
            None => {
                let names: Vec<&str> = sections.iter().map(Section::name).collect();
                walker.unknown_key(key, key_span, &names);
            }
            Some(Section::Array(name, fields)) => match item {
                Item::ArrayOfTables(array) => {
                    for table in array {
                        walker.table(table, fields);
                    }
                }
                Item::Value(Value::Array(array)) => {
                    for value in array {
                        match value {
                            Value::InlineTable(inline) => walker.fields(
                                inline
                                    .iter()
                                    .map(|(k, v)| {
                                        (k, inline.key(k).and_then(toml_edit::Key::span), Some(v))
                                    })
                                    .collect(),
                                value.span(),
                                fields,
                            ),
                            _ => walker.push(
                                value.span(),
                                t!(lang, "err-not-array-of-tables", key = name),
                            ),
                        }
                    }
                }
                _ => walker.push(
                    item.span().or(key_span),
                    t!(lang, "err-not-array-of-tables", key = name),
                ),
            },
            Some(Section::Table(name, fields)) => match item {
                Item::Table(table) => walker.table(table, fields),
                Item::Value(Value::InlineTable(inline)) => walker.fields(
                    inline
                        .iter()
                        .map(|(k, v)| (k, inline.key(k).and_then(toml_edit::Key::span), Some(v)))
                        .collect(),
                    item.span(),
                    fields,
                ),
                _ => walker.push(key_span, t!(lang, "err-not-table", key = name)),
            },
            Some(Section::Key(field)) => walker.item(field, item, key_span),
        }
    }
    for section in sections {
        if let Section::Key(field) = section {
            if field.required && !doc.contains_key(field.name) {
                walker.push(Some(0..0), t!(lang, "err-missing-key", key = field.name));
            }
        }
    }
    walker.problems
}

struct Walker<'a> {
    lang: Lang,
    file: &'a std::path::Path,
    text: &'a str,
    problems: Vec<Problem>,
}

type Span = Option<std::ops::Range<usize>>;

impl Walker<'_> {
    fn push(&mut self, span: Span, message: String) {
        let mut problem = Problem::new(self.file, message);
        if let Some(span) = span {
            let (line, column) = line_col(self.text, span.start);
            problem = problem.at(line, column);
        }
        self.problems.push(problem);
    }

    fn unknown_key(&mut self, key: &str, span: Span, allowed: &[&str]) {
        let hint = match closest_key(key, allowed) {
            Some(suggestion) if is_plausible_typo(key, suggestion) => {
                t!(self.lang, "err-unknown-key-hint", suggestion = suggestion)
            }
            _ => t!(
                self.lang,
                "err-unknown-key-allowed",
                allowed = crate::i18n::Raw(allowed.join(", "))
            ),
        };
        self.push(
            span,
            t!(
                self.lang,
                "err-unknown-key",
                key = key,
                hint = crate::i18n::Raw(hint)
            ),
        );
    }

    fn table(&mut self, table: &Table, fields: &[Field]) {
        let span = table.span();
        self.fields(
            table
                .iter()
                .map(|(k, item)| {
                    (
                        k,
                        table.key(k).and_then(toml_edit::Key::span),
                        item.as_value(),
                    )
                })
                .collect(),
            span,
            fields,
        );
        // Sub-tables written as [x.y] are not values; report them as unknown.
        for (k, item) in table {
            if item.is_table() || item.is_array_of_tables() {
                if let Some(field) = fields.iter().find(|f| f.name == k) {
                    if let Kind::MapOf(_) = field.kind {
                        self.item(field, item, table.key(k).and_then(toml_edit::Key::span));
                        continue;
                    }
                    self.push(
                        table.key(k).and_then(toml_edit::Key::span),
                        self.expected(field),
                    );
                }
            }
        }
    }

    fn fields<'k>(
        &mut self,
        entries: Vec<(&'k str, Span, Option<&'k Value>)>,
        table_span: Span,
        fields: &[Field],
    ) {
        let mut present = Vec::new();
        let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        for (key, key_span, value) in entries.into_iter() {
            present.push(key.to_string());
            match fields.iter().find(|f| f.name == key) {
                None => self.unknown_key(key, key_span, &names),
                Some(field) => {
                    if let Some(value) = value {
                        if !fits(field.kind, value) {
                            self.push(value.span().or(key_span), self.expected(field));
                        } else if let (Kind::MapOf(inner), Value::InlineTable(map)) =
                            (field.kind, value)
                        {
                            for (_, entry) in map {
                                match entry {
                                    Value::InlineTable(t) => self.fields(
                                        t.iter()
                                            .map(|(k, v)| {
                                                (
                                                    k,
                                                    t.key(k).and_then(toml_edit::Key::span),
                                                    Some(v),
                                                )
                                            })
                                            .collect(),
                                        entry.span(),
                                        inner,
                                    ),
                                    _ => self.push(
                                        entry.span(),
                                        t!(
                                            self.lang,
                                            "err-wrong-type",
                                            key = key,
                                            expected = t!(self.lang, "type-table")
                                        ),
                                    ),
                                }
                            }
                        }
                    }
                }
            }
        }
        for field in fields {
            if field.required && !present.iter().any(|p| p == field.name) {
                self.push(
                    table_span.clone(),
                    t!(self.lang, "err-missing-key", key = field.name),
                );
            }
        }
    }

    fn item(&mut self, field: &Field, item: &Item, key_span: Span) {
        match (field.kind, item) {
            (Kind::MapOf(inner), Item::Table(table)) => {
                for (_, entry) in table {
                    match entry {
                        Item::Table(t) => self.table(t, inner),
                        Item::Value(Value::InlineTable(t)) => self.fields(
                            t.iter()
                                .map(|(k, v)| (k, t.key(k).and_then(toml_edit::Key::span), Some(v)))
                                .collect(),
                            entry.span(),
                            inner,
                        ),
                        _ => self.push(entry.span().or(key_span.clone()), self.expected(field)),
                    }
                }
            }
            (Kind::MapOf(inner), Item::Value(Value::InlineTable(map))) => {
                for (_, entry) in map {
                    match entry {
                        Value::InlineTable(t) => self.fields(
                            t.iter()
                                .map(|(k, v)| (k, t.key(k).and_then(toml_edit::Key::span), Some(v)))
                                .collect(),
                            entry.span(),
                            inner,
                        ),
                        _ => self.push(entry.span().or(key_span.clone()), self.expected(field)),
                    }
                }
            }
            (_, Item::Value(value)) => {
                if !fits(field.kind, value) {
                    self.push(value.span().or(key_span), self.expected(field));
                }
            }
            _ => self.push(key_span, self.expected(field)),
        }
    }

    fn expected(&self, field: &Field) -> String {
        let expected = match field.kind {
            Kind::Str => "type-string",
            Kind::Int => "type-integer",
            Kind::Number => "type-number",
            Kind::Bool => "type-bool",
            Kind::Date => "type-date",
            Kind::DateTime => "type-datetime",
            Kind::StrArray => "type-string-array",
            Kind::MapOf(_) => "type-table",
        };
        t!(
            self.lang,
            "err-wrong-type",
            key = field.name,
            expected = t!(self.lang, expected)
        )
    }
}

fn fits(kind: Kind, value: &Value) -> bool {
    match (kind, value) {
        (Kind::Str, Value::String(_)) => true,
        (Kind::Int, Value::Integer(_)) => true,
        (Kind::Number, Value::Integer(_) | Value::Float(_)) => true,
        (Kind::Bool, Value::Boolean(_)) => true,
        (Kind::Date, Value::Datetime(d)) => d.value().date.is_some() && d.value().time.is_none(),
        (Kind::DateTime, Value::Datetime(d)) => d.value().date.is_some(),
        (Kind::DateTime, Value::String(s)) => {
            crate::model::parse_local_datetime(s.value()).is_some()
        }
        (Kind::StrArray, Value::Array(a)) => a.iter().all(toml_edit::Value::is_str),
        (Kind::MapOf(_), Value::InlineTable(_)) => true,
        _ => false,
    }
}

/// The known key a misspelt `key` most likely meant: one it starts with or
/// that starts with it ("latitude" → "lat"), else the closest by edit distance.
fn closest_key<'c>(key: &str, allowed: &[&'c str]) -> Option<&'c str> {
    if key.len() > 4 * MAX_SUGGESTED_CHARS {
        return None;
    }
    let lower = key.to_ascii_lowercase();
    allowed
        .iter()
        .copied()
        .filter(|a| a.len() >= 3 && (lower.starts_with(a) || a.starts_with(lower.as_str())))
        .max_by_key(|a| a.len())
        .or_else(|| closest(key, allowed.iter().copied()))
}

/// Is `suggestion` close enough to `key` to be worth proposing?
fn is_plausible_typo(key: &str, suggestion: &str) -> bool {
    if key.len() > 4 * MAX_SUGGESTED_CHARS {
        return false;
    }
    let lower = key.to_ascii_lowercase();
    strsim::normalized_damerau_levenshtein(&lower, suggestion) >= 0.5
        || (suggestion.len() >= 3
            && (lower.starts_with(suggestion) || suggestion.starts_with(lower.as_str())))
}

/// The longest word a "closest" suggestion is computed for: an edit distance
/// costs the product of the two lengths, and a 1 MB value is no typo.
pub const MAX_SUGGESTED_CHARS: usize = 64;

/// The closest of `candidates` to `word` (by edit distance), if one is at
/// least half alike; none for a word longer than [`MAX_SUGGESTED_CHARS`].
pub fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    if word.chars().count() > MAX_SUGGESTED_CHARS {
        return None;
    }
    candidates
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        // Nothing alike is no suggestion: "anduze" is not a typo of
        // "saint-jean-du-gard", and saying so sends a person astray.
        .filter(|(similarity, _)| *similarity >= 0.5)
        .max_by(|a, b| {
            a.0.partial_cmp(&b.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| b.1.cmp(a.1))
        })
        .map(|(_, c)| c)
}
