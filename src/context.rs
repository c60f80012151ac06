//! Global options and jelly.toml turned into one checked [`Context`] that
//! every command receives: where the data is, which language to speak, what
//! time it is, how to print, whether a person is at the keyboard.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::input::{self, Typed};
use crate::model::{local_to_utc, Config, Dataset};
use crate::store::{self, DataDir};
use crate::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Table,
    Json,
    // Comma-separated values; only `jelly stats` prints them.
    Csv,
}

#[derive(Debug, Clone)]
pub struct Context {
    pub dir: DataDir,
    /// The language of the program's own messages.
    pub lang: Lang,
    pub format: Format,
    pub quiet: bool,
    pub verbose: bool,
    /// The association's settings (defaults if jelly.toml is absent or invalid;
    /// `load` reports its problems).
    pub config: Config,
    /// Now, in the association's time zone.
    pub now: NaiveDateTime,
    pub now_utc: DateTime<Utc>,
    /// A person is at the keyboard: prompts and progress bars are allowed.
    pub interactive: bool,
}

/// The global options as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct GlobalArgs {
    pub data: Option<PathBuf>,
    pub format: Format,
    pub quiet: bool,
    pub verbose: bool,
    pub now: Option<String>,
    pub lang: Option<String>,
    /// `--no-cache`: always parse the data files.
    pub no_cache: bool,
}

impl Context {
    pub fn new(args: &GlobalArgs) -> Result<Context> {
        let dir = DataDir::find(data_flag_or_env(args.data.clone()));
        let env_lang = locale_lang(|name| std::env::var(name).ok());
        let flag_lang = match &args.lang {
            Some(text) => Some(Lang::parse(text).ok_or_else(|| {
                Error::usage(t!(
                    env_lang.unwrap_or_default(),
                    "err-bad-lang",
                    value = text
                ))
            })?),
            None => None,
        };
        let early = flag_lang.or(env_lang).unwrap_or_default();
        let config = store::load_config(&dir, early).unwrap_or_default();
        let lang = flag_lang
            .or(env_lang)
            .unwrap_or(config.association.language);
        let tz = config.association.timezone;
        let (now, now_utc) = match &args.now {
            Some(text) => {
                let today = Utc::now().with_timezone(&tz).date_naive();
                let local = parse_flag_datetime(lang, "--now", text, today)?;
                (local, local_to_utc(tz, local))
            }
            None => {
                let utc = Utc::now();
                (utc.with_timezone(&tz).naive_local(), utc)
            }
        };
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        Ok(Context {
            dir,
            lang,
            format: args.format,
            quiet: args.quiet,
            verbose: args.verbose,
            config,
            now,
            now_utc,
            interactive,
        })
    }

    /// Loads and checks the whole data directory.
    /// Loads the data directory. A session naming a deleted participant or
    /// venue stops only `check` and the commands that write (they hold the
    /// lock): the others work on for everyone else.
    pub fn load(&self) -> Result<Dataset> {
        let data = store::load(&self.dir, self.lang)?;
        if store::atomic::writing() && !data.dangling.is_empty() {
            return Err(Error::Invalid(data.dangling));
        }
        Ok(data)
    }

    /// Parses a date given on the command line (in the association's time zone).
    pub fn parse_datetime(&self, flag: &str, text: &str) -> Result<NaiveDateTime> {
        Ok(self.parse_typed_datetime(flag, text)?.at)
    }

    /// Like [`Context::parse_datetime`], saying whether a time was written.
    pub fn parse_typed_datetime(&self, flag: &str, text: &str) -> Result<Typed> {
        parse_typed(self.lang, flag, text, self.now.date())
    }

    /// Prints a note to stderr unless `-q`.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!(
                "{}",
                crate::output::wrap_prose(message, crate::output::stderr_width())
            );
        }
    }
}

/// A date given as `flag`: well formed, and within the years jelly handles
/// ([`crate::model::validate::FIRST_YEAR`]–[`crate::model::validate::LAST_YEAR`]).
fn parse_flag_datetime(
    lang: Lang,
    flag: &str,
    text: &str,
    today: NaiveDate,
) -> Result<NaiveDateTime> {
    Ok(parse_typed(lang, flag, text, today)?.at)
}

/// A date (and maybe a time) given as `flag`, in any form
/// [`crate::model::input`] reads; a time alone is on `today`.
fn parse_typed(lang: Lang, flag: &str, text: &str, today: NaiveDate) -> Result<Typed> {
    use crate::model::validate::{date_in_range, FIRST_YEAR, LAST_YEAR};
    let typed = input::parse_datetime(text, today).ok_or_else(|| {
        Error::usage(format!(
            "{flag}: {}",
            t!(lang, "err-bad-datetime", value = text)
        ))
    })?;
    let date = typed.at;
    if !date_in_range(date) {
        return Err(Error::usage(format!(
            "{flag}: {}",
            t!(
                lang,
                "err-date-range",
                value = text.trim(),
                first = crate::i18n::Raw(FIRST_YEAR),
                last = crate::i18n::Raw(LAST_YEAR)
            )
        )));
    }
    Ok(typed)
}

/// The language to speak before the command line is parsed (for `--help`
/// and usage errors), with the same precedence as [`Context::new`]:
/// `--lang`, the locale, else the association's language.
pub(crate) fn early_lang(args: &[std::ffi::OsString]) -> Lang {
    let mut flag = None;
    let mut data = None;
    let mut words = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            flag = Lang::parse(value);
        } else if word == "--lang" {
            flag = words.next().as_deref().and_then(Lang::parse);
        } else if let Some(value) = word.strip_prefix("--data=") {
            data = Some(PathBuf::from(value));
        } else if word == "--data" {
            data = words.next().map(PathBuf::from);
        }
    }
    if let Some(lang) = flag.or_else(|| locale_lang(|name| std::env::var(name).ok())) {
        return lang;
    }
    let dir = DataDir::find(data_flag_or_env(data));
    store::load_config(&dir, Lang::default())
        .map(|config| config.association.language)
        .unwrap_or_default()
}

/// `--data`, else `$JELLY_DATA`; `None` means "search from here".
fn data_flag_or_env(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| {
        std::env::var_os("JELLY_DATA")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The language the environment's locale names, looked up as every Unix tool
/// does: the first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG` decides. A
/// locale that names neither French nor English (`C`, `de_DE`) says nothing,
/// and the association's `language` applies.
fn locale_lang(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|value| !value.is_empty()))
        .and_then(|locale| Lang::from_locale(&locale))
}

#[cfg(test)]
mod locale_tests {
    use super::*;

    fn lang(vars: &[(&str, &str)]) -> Option<Lang> {
        locale_lang(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn lc_all_beats_lc_messages_beats_lang() {
        let all = [
            ("LC_ALL", "en_US.UTF-8"),
            ("LC_MESSAGES", "fr_FR.UTF-8"),
            ("LANG", "fr_FR.UTF-8"),
        ];
        assert_eq!(lang(&all), Some(Lang::En));
        assert_eq!(lang(&all[1..]), Some(Lang::Fr));
        assert_eq!(
            lang(&[("LC_MESSAGES", "en_GB"), ("LANG", "fr_FR")]),
            Some(Lang::En)
        );
        assert_eq!(lang(&[("LC_ALL", ""), ("LANG", "en_GB")]), Some(Lang::En));
        assert_eq!(lang(&[("LC_ALL", "C"), ("LANG", "en_GB")]), None);
        assert_eq!(lang(&[]), None);
    }
}
