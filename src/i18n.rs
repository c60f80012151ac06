//! French and English messages, from Fluent catalogs.
//!
//! Every message the program shows a person (errors, table headers,
//! summaries, emails' fixed strings) lives in `locales/<lang>/<area>.ftl`,
//! embedded at compile time by src/build.rs. Plurals follow CLDR rules through
//! Fluent selectors (French treats 0 and 1 as singular, English does not).
//!
//! Why fluent-bundle directly rather than fluent-templates or i18n-embed: it is
//! the reference implementation those two wrap; we need only two languages
//! known at compile time, and we need two bundle settings (no Unicode
//! isolation marks, French digit grouping) that the wrappers only expose
//! through the same calls. Keys are checked by tests, not by a macro: every
//! key named in `src/` must exist in both languages with the same variables.
//!
//! This module is the lowest layer: it imports no command, mail or map code.

use std::fmt::Display;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "fr" | "français" | "francais" | "french" => Some(Lang::Fr),
            "en" | "english" | "anglais" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language named by a POSIX locale such as `fr_FR.UTF-8`; `C`, `POSIX`
    /// and other languages say nothing.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let lower = locale.to_ascii_lowercase();
        if lower.starts_with("fr") {
            Some(Lang::Fr)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Sets the language of this run (once, by `run`), for the few texts made
/// far from the context, such as the word naming an argument in an error.
pub fn set_current(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The language of this run (French until `run` has decided).
pub fn current() -> Lang {
    CURRENT.get().copied().unwrap_or_default()
}

/// Every catalog file, embedded by src/build.rs: (language, file name, text).
const CATALOG_FILES: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

type Bundle = FluentBundle<FluentResource>;

/// Fluent's own number formatting knows no grouping; French readers expect
/// `1 234` (narrow no-break space), English readers `1,234`.
fn format_number<M>(lang: Lang) -> fn(&FluentValue, &M) -> Option<String> {
    fn fr<M>(value: &FluentValue, _: &M) -> Option<String> {
        grouped(Lang::Fr, value)
    }
    fn en<M>(value: &FluentValue, _: &M) -> Option<String> {
        grouped(Lang::En, value)
    }
    match lang {
        Lang::Fr => fr::<M>,
        Lang::En => en::<M>,
    }
}

fn grouped(lang: Lang, value: &FluentValue) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() >= 1000.0 => {
            Some(number(lang, n.value, 0))
        }
        _ => None,
    }
}

fn build_bundle(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.code().parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks (U+2068/U+2069) around placeables show as
    // invisible garbage in terminals and plain-text emails.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(format_number(lang)));
    for (code, name, text) in CATALOG_FILES {
        if *code != lang.code() {
            continue;
        }
        let resource = FluentResource::try_new((*text).to_string())
            .unwrap_or_else(|(_, errors)| panic!("locales/{code}/{name}: {errors:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/{code}/{name}: {errors:?}"));
    }
    bundle
}

fn bundle(lang: Lang) -> &'static Bundle {
    static FR: OnceLock<Bundle> = OnceLock::new();
    static EN: OnceLock<Bundle> = OnceLock::new();
    match lang {
        Lang::Fr => FR.get_or_init(|| build_bundle(Lang::Fr)),
        Lang::En => EN.get_or_init(|| build_bundle(Lang::En)),
    }
}

/// Whether `key` names a message in `lang`'s catalog.
pub fn has_message(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

/// The message `key` in `lang`, with its `{ $placeholders }` filled. A
/// missing key gives the key itself, so a forgotten message shows up instead
/// of crashing (a test checks that every key named in the code exists).
pub fn tr(lang: Lang, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    debug_assert!(errors.is_empty(), "{key}: {errors:?}");
    text.into_owned()
}

/// Turns a `t!` argument into a Fluent value: integers and floats become
/// numbers (so plural selectors work), anything else its `Display` text.
/// The two traits are resolved by autoref specialisation: a number matches
/// [`NumberArg`] on `&Arg<T>` before [`DisplayArg`] on `&&Arg<T>` is tried.
pub struct Arg<'a, T: ?Sized>(pub &'a T);

/// Numbers, for plural selection.
pub trait IsNumber: Copy {
    fn as_f64(self) -> f64;
}

macro_rules! is_number {
    ($($t:ty),*) => {$(
        impl IsNumber for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
is_number!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64);

pub trait NumberArg {
    fn fluent_arg(&self) -> FluentValue<'static>;
}

impl<T: IsNumber> NumberArg for Arg<'_, T> {
    fn fluent_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.0.as_f64())
    }
}

pub trait DisplayArg {
    fn fluent_arg(&self) -> FluentValue<'static>;
}

/// Any other value is shown escaped and cut ([`crate::error::shown`]): a
/// value read from a file or typed by someone may hold a line break or be a
/// megabyte long.
impl<T: Display + ?Sized> DisplayArg for &Arg<'_, T> {
    fn fluent_arg(&self) -> FluentValue<'static> {
        FluentValue::from(crate::error::shown(&self.0.to_string()))
    }
}

/// A text the program composed itself (a list of lines, a nested message):
/// passed to a message as it is, never cut. `t!(lang, "key", list = Raw(text))`.
pub struct Raw<T>(pub T);

impl<T: Display> NumberArg for Arg<'_, Raw<T>> {
    fn fluent_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.0 .0.to_string())
    }
}

/// A file path: control characters escaped, never cut.
impl NumberArg for Arg<'_, std::path::Display<'_>> {
    fn fluent_arg(&self) -> FluentValue<'static> {
        FluentValue::from(crate::error::escaped(&self.0.to_string()))
    }
}

/// `t!(lang, "key", name = value, …)`: the message `key` in `lang` with its
/// placeholders filled; see [`tr`] and [`Arg`].
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:expr) => {
        $crate::i18n::tr($lang, $key, &[])
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::i18n::{DisplayArg as _, NumberArg as _};
        $crate::i18n::tr(
            $lang,
            $key,
            &[$((stringify!($name), (&$crate::i18n::Arg(&$value)).fluent_arg())),+],
        )
    }};
}

/// Formats a number of kilometres the way people read them: `1 816,2` in
/// French (narrow no-break space for thousands), `1,816.2` in English.
pub fn km(lang: Lang, value: f64) -> String {
    number(lang, value, 1)
}

/// A number with `decimals` digits after the point, grouped by thousands.
pub fn number(lang: Lang, value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let (sep, point) = match lang {
        Lang::Fr => ('\u{202f}', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if value < 0.0 && value.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(frac) = frac {
        out.push(point);
        out.push_str(&frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// (file, key) -> variables, for one language's catalog files.
    fn catalog(lang: &str) -> BTreeMap<String, (String, BTreeSet<String>)> {
        let mut keys = BTreeMap::new();
        let mut current: Option<String> = None;
        for (code, name, text) in CATALOG_FILES {
            if *code != lang {
                continue;
            }
            for line in text.lines() {
                let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_lowercase());
                if starts_message {
                    let key = line.split(" =").next().unwrap().trim().to_string();
                    let previous = keys.insert(key.clone(), (name.to_string(), BTreeSet::new()));
                    assert!(previous.is_none(), "{lang}: key {key} defined twice");
                    current = Some(key);
                } else if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let key = current.as_ref().expect("a message line");
                let vars = &mut keys.get_mut(key).unwrap().1;
                for part in line.split('$').skip(1) {
                    let var: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    vars.insert(var);
                }
            }
        }
        keys
    }

    #[test]
    fn every_key_exists_in_both_languages_with_the_same_variables() {
        let fr = catalog("fr");
        let en = catalog("en");
        assert!(fr.len() > 200, "only {} French messages", fr.len());
        let fr_keys: BTreeSet<_> = fr.keys().collect();
        let en_keys: BTreeSet<_> = en.keys().collect();
        assert_eq!(
            fr_keys.symmetric_difference(&en_keys).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "keys in one language only"
        );
        for (key, (file, vars)) in &fr {
            let (en_file, en_vars) = &en[key];
            assert_eq!(file, en_file, "{key} lives in different files");
            assert_eq!(vars, en_vars, "variables differ for {key}");
        }
    }

    #[test]
    fn every_catalog_parses_and_no_plural_is_written_with_parentheses() {
        for (code, name, text) in CATALOG_FILES {
            assert!(
                FluentResource::try_new((*text).to_string()).is_ok(),
                "locales/{code}/{name} does not parse"
            );
            for (n, line) in text.lines().enumerate() {
                for bad in ["(s)", "(es)", "(x)", "(S)"] {
                    assert!(
                        !line.contains(bad),
                        "locales/{code}/{name}:{}: {bad} is not a plural: use a selector",
                        n + 1
                    );
                }
            }
        }
    }

    /// The first string literal after `t!(…, ` in `code`, for every call.
    fn keys_named_in(code: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for (at, _) in code.match_indices("t!(") {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // assert!(, concat!(…
            }
            let call = &code[at + 3..];
            let Some((_, rest)) = call.split_once(',') else {
                continue;
            };
            if let Some(literal) = rest.trim_start().strip_prefix('"') {
                if let Some(end) = literal.find('"') {
                    keys.push(literal[..end].to_string());
                }
            }
        }
        keys
    }

    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }

    /// Every question jelly asks fits one line of an 80-column terminal,
    /// with room for the answer (dialoguer adds `? ` and ` › `); a longer
    /// one breaks the redraw. What more it needs to say is its `-hint`.
    #[test]
    fn every_prompt_fits_a_line_of_80_columns() {
        let mut seen = 0;
        for lang in [Lang::Fr, Lang::En] {
            for key in catalog(lang.code()).keys() {
                if key.contains("prompt") && !key.starts_with("cli-") && !key.ends_with("-hint") {
                    seen += 1;
                    let text = tr(lang, key, &[]);
                    assert!(text.chars().count() <= 50, "{key}: {text}");
                }
            }
        }
        assert!(seen >= 20, "only {seen} prompts");
    }

    #[test]
    fn every_message_key_named_in_the_code_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        let mut named = 0;
        let mut missing = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap()
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for key in keys_named_in(&code) {
                named += 1;
                for lang in [Lang::Fr, Lang::En] {
                    if !has_message(lang, &key) {
                        missing.push(format!("{}: {key} ({})", file.display(), lang.code()));
                    }
                }
            }
        }
        assert!(named > 100, "only {named} keys found: is the scan broken?");
        assert!(
            missing.is_empty(),
            "keys without a message:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn plurals_follow_each_language() {
        let fr = |n: usize| t!(Lang::Fr, "man-written", count = n, dir = "man");
        let en = |n: usize| t!(Lang::En, "man-written", count = n, dir = "man");
        assert_eq!(fr(0), "0 page de manuel écrite dans man");
        assert_eq!(fr(1), "1 page de manuel écrite dans man");
        assert_eq!(fr(2), "2 pages de manuel écrites dans man");
        assert_eq!(en(0), "0 man pages written to man");
        assert_eq!(en(1), "1 man page written to man");
        assert_eq!(fr(1234), "1\u{202f}234 pages de manuel écrites dans man");
        assert_eq!(en(1234), "1,234 man pages written to man");
        assert_eq!(
            t!(Lang::Fr, "check-problems", count = 1),
            "1 problème trouvé ; corrigez-le puis relancez `jelly check`"
        );
        assert_eq!(t!(Lang::Fr, "mail-when-hours", n = 1i64), "dans 1 heure");
        assert_eq!(t!(Lang::En, "mail-when-hours", n = 1i64), "in 1 hour");
        assert_eq!(t!(Lang::En, "mail-when-days", n = 7i64), "in 7 days");
        let carpool = |lang, count: usize| {
            t!(
                lang,
                "mail-carpool",
                names = "A",
                count = count,
                from_home = "d'Alès"
            )
        };
        assert_eq!(carpool(Lang::Fr, 1), "A vient aussi d'Alès.");
        assert_eq!(carpool(Lang::Fr, 2), "A viennent aussi d'Alès.");
        assert_eq!(carpool(Lang::En, 2), "A also come d'Alès.");
    }

    #[test]
    fn placeholders_carry_no_isolation_marks() {
        let text = t!(Lang::En, "err-unknown-key", key = "capcity", hint = "");
        assert_eq!(text, "unknown key `capcity`");
        assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'));
        assert_eq!(t!(Lang::Fr, "what-venue"), "lieu");
        assert_eq!(t!(Lang::Fr, "no-such-key"), "no-such-key");
    }

    #[test]
    fn formats_kilometres_per_language() {
        assert_eq!(km(Lang::Fr, 1816.24), "1\u{202f}816,2");
        assert_eq!(km(Lang::En, 1816.24), "1,816.2");
        assert_eq!(km(Lang::En, 12.0), "12.0");
        assert_eq!(number(Lang::En, 1234567.0, 0), "1,234,567");
    }

    #[test]
    fn locale_names_a_language() {
        assert_eq!(Lang::from_locale("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
    }
}
