//! The command line in the user's language: the clap `Command` built from
//! the derive structs of `cli.rs` (the one description of the arguments),
//! then every command's about and every argument's help replaced by the
//! Fluent message named after its place in the tree, and clap's errors
//! rendered from the catalogs.
//!
//! Keys (locales/<lang>/cli.ftl): `cli-about` for jelly itself,
//! `cli-<path>-about` for a subcommand (`cli-participant-add-about`),
//! `cli-<path>-<arg>` for its arguments (`cli-poll-new-date`, underscores
//! of the field name become dashes), `cli-global-<arg>` for the global
//! options. The walk is generic: a subcommand added later is localised as
//! soon as its keys exist; until then it keeps its doc comments, and the
//! unit test `every_command_and_argument_has_its_messages` lists the keys
//! to add, ready to paste.

use clap::builder::{Resettable, StyledStr};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory};

use crate::cli::Cli;
use crate::i18n::{has_message, Lang};
use crate::t;

/// The clap command of jelly, in `lang`.
pub(crate) fn command(lang: Lang) -> Command {
    let mut command = Cli::command();
    command.build();
    localise(command, &mut Vec::new(), lang)
}

/// The message key of a command's about (`path` excludes `jelly`).
fn about_key(path: &[String]) -> String {
    if path.is_empty() {
        "cli-about".to_string()
    } else {
        format!("cli-{}-about", path.join("-"))
    }
}

/// The message key of an argument's help.
fn arg_key(path: &[String], arg: &clap::Arg) -> String {
    let id = arg.get_id().as_str().replace('_', "-");
    match id.as_str() {
        "help" | "version" => format!("cli-{id}"),
        _ if arg.is_global_set() => format!("cli-global-{id}"),
        _ if path.is_empty() => format!("cli-global-{id}"),
        _ => format!("cli-{}-{id}", path.join("-")),
    }
}

/// The message `key`, if the catalog has it.
fn message(lang: Lang, key: &str) -> Option<String> {
    has_message(lang, key).then(|| unbreakable(lang, &t!(lang, key)))
}

/// French spaces before `: ; ? !` and inside « » made no-break, so clap
/// never wraps a line before a colon; `help_text` prints them as spaces
/// again once clap has wrapped.
fn unbreakable(lang: Lang, text: &str) -> String {
    if lang != Lang::Fr {
        return text.to_string();
    }
    text.replace(" :", "\u{a0}:")
        .replace(" ;", "\u{a0};")
        .replace(" ?", "\u{a0}?")
        .replace(" !", "\u{a0}!")
        .replace("« ", "«\u{a0}")
        .replace(" »", "\u{a0}»")
}

/// First paragraph (the short help) and the whole text when it has more
/// (a reset otherwise, so no English long help outlives a French short one).
fn short_and_long(text: &str) -> (String, Resettable<StyledStr>) {
    match text.split_once("\n\n") {
        Some((short, _)) => (
            short.to_string(),
            Resettable::Value(StyledStr::from(text.to_string())),
        ),
        None => (text.to_string(), Resettable::Reset),
    }
}

/// `arg` with clap's own `[default: …] [possible values: …]` written in
/// `lang` at the end of its help, and clap's English suffix hidden: clap
/// then wraps the whole text to the terminal (replacing the words after
/// clap has wrapped them missed those cut over two lines).
fn with_values_in(arg: clap::Arg, lang: Lang) -> clap::Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut suffix = Vec::new();
    let defaults = arg.get_default_values();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        let values: Vec<_> = defaults.iter().map(|v| v.to_string_lossy()).collect();
        suffix.push(format!(
            "[{} {}]",
            t!(lang, "cli-default"),
            values.join(" ")
        ));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_string())
        .collect();
    if !possible.is_empty() && !arg.is_hide_possible_values_set() {
        suffix.push(format!(
            "[{} {}]",
            t!(lang, "cli-possible-values"),
            possible.join(", ")
        ));
    }
    if suffix.is_empty() {
        return arg;
    }
    let suffix = unbreakable(lang, &suffix.join(" "));
    let append = |text: &StyledStr| StyledStr::from(format!("{text} {suffix}"));
    let short = arg.get_help().map(append);
    let long = arg.get_long_help().map(append);
    let mut arg = arg.hide_default_value(true).hide_possible_values(true);
    if let Some(short) = short {
        arg = arg.help(short);
    }
    if let Some(long) = long {
        arg = arg.long_help(long);
    }
    arg
}

fn localise(command: Command, path: &mut Vec<String>, lang: Lang) -> Command {
    let mut command = command;
    if let Some(text) = message(lang, &about_key(path)) {
        let (short, long) = short_and_long(&text);
        command = command.about(short).long_about(long);
    }
    let key_path = path.clone();
    command = command.mut_args(|arg| {
        let arg = match message(lang, &arg_key(&key_path, &arg)) {
            Some(text) => {
                let (short, long) = short_and_long(&text);
                arg.help(short).long_help(long)
            }
            None => arg,
        };
        // A subcommand's own options first, then jelly's global ones
        // (--data, --format, --now…) under their own heading, rather than
        // interleaved by their places in two different structs.
        let global = !key_path.is_empty() && arg.is_global_set();
        if lang == Lang::Fr {
            let arg = with_values_in(arg, lang);
            // A heading of our own sorts its arguments by display order:
            // positionals keep theirs (clap's index), so `EVENT` stays first.
            if arg.is_positional() {
                let index = arg.get_index().unwrap_or(0);
                arg.help_heading(t!(lang, "cli-heading-arguments"))
                    .display_order(index)
            } else if global {
                arg.help_heading(t!(lang, "cli-heading-global-options"))
            } else {
                arg.help_heading(t!(lang, "cli-heading-options"))
            }
        } else if global {
            arg.help_heading(t!(lang, "cli-heading-global-options"))
        } else {
            arg
        }
    });
    if lang == Lang::Fr {
        command = command
            .subcommand_help_heading(t!(lang, "cli-heading-commands"))
            .subcommand_value_name(t!(lang, "cli-command-placeholder"))
            .help_template(format!(
                "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
                t!(lang, "cli-usage")
            ));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        if name == "help" {
            command = command.mut_subcommand("help", |help| {
                help.about(t!(lang, "cli-help-about"))
                    .mut_args(|arg| arg.help(t!(lang, "cli-help-about")))
            });
            continue;
        }
        path.push(name.clone());
        command = command.mut_subcommand(&name, |sub| localise(sub, path, lang));
        path.pop();
    }
    command
}

/// Help as it is printed: clap's rendering, its no-break French spaces
/// (see [`unbreakable`]) printed as spaces, and the one word clap still
/// writes itself (`[aliases: …]`) in `lang` (defaults and possible values
/// are already in the help text, see [`with_values_in`]).
pub(crate) fn help_text(error: &clap::Error, lang: Lang) -> String {
    let rendered = error.render();
    let text = if console::colors_enabled() {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    if lang == Lang::En {
        return text;
    }
    text.replace('\u{a0}', " ")
        .replace("[aliases: ", &format!("[{} ", t!(lang, "cli-aliases")))
}

fn string(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        ContextValue::Strings(list) => Some(list.join(", ")),
        ContextValue::StyledStr(text) => Some(text.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    }
}

fn strings(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::String(text)) => vec![text.clone()],
        Some(ContextValue::Strings(list)) => list.clone(),
        _ => Vec::new(),
    }
}

/// A usage error (not help or version) as jelly prints it: the message in
/// `lang`, the usage line, and where to read more.
pub(crate) fn render_error(error: &clap::Error, lang: Lang) -> String {
    let arg = || string(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = || string(error, ContextKind::InvalidValue).unwrap_or_default();
    let quoted = |list: &[String]| {
        list.iter()
            .map(|v| t!(lang, "cli-quoted", value = v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let suggestion = |kind: ContextKind| {
        let list = strings(error, kind);
        if list.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = list
                .iter()
                .map(|v| t!(lang, "cli-quoted", value = v))
                .collect();
            let or = format!(" {} ", t!(lang, "cli-or"));
            t!(
                lang,
                "cli-err-suggest",
                suggestion = crate::i18n::Raw(quoted.join(&or))
            )
        }
    };
    let message = match error.kind() {
        ErrorKind::InvalidSubcommand => {
            t!(
                lang,
                "cli-err-unknown-subcommand",
                value = string(error, ContextKind::InvalidSubcommand).unwrap_or_default()
            ) + &suggestion(ContextKind::SuggestedSubcommand)
        }
        // A word that is no option is one too many: most often a name with
        // a space typed without quotes (`participant add Léa Fabre`).
        ErrorKind::UnknownArgument if !arg().starts_with('-') => {
            t!(lang, "cli-err-extra-argument", value = arg())
        }
        ErrorKind::UnknownArgument => {
            t!(lang, "cli-err-unknown-argument", value = arg())
                + &suggestion(ContextKind::SuggestedArg)
                + &suggestion(ContextKind::SuggestedSubcommand)
        }
        ErrorKind::InvalidValue => {
            let valid = strings(error, ContextKind::ValidValue);
            let head = if value().is_empty() {
                t!(lang, "cli-err-empty-value", arg = arg())
            } else {
                t!(lang, "cli-err-invalid-value", value = value(), arg = arg())
            };
            if valid.is_empty() {
                head
            } else {
                head + &t!(
                    lang,
                    "cli-err-possible",
                    list = crate::i18n::Raw(quoted(&valid))
                )
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(error, ContextKind::InvalidArg);
            t!(
                lang,
                "cli-err-missing",
                count = missing.len(),
                list = crate::i18n::Raw(missing.join(", "))
            )
        }
        ErrorKind::MissingSubcommand => {
            let valid = strings(error, ContextKind::ValidSubcommand);
            t!(
                lang,
                "cli-err-missing-subcommand",
                command = string(error, ContextKind::InvalidSubcommand).unwrap_or_default(),
                list = crate::i18n::Raw(valid.join(", "))
            )
        }
        ErrorKind::ArgumentConflict => {
            let other = string(error, ContextKind::PriorArg).unwrap_or_default();
            if other == arg() {
                t!(lang, "cli-err-twice", arg = arg())
            } else {
                t!(lang, "cli-err-conflict", arg = arg(), other = other)
            }
        }
        ErrorKind::TooManyValues => {
            t!(lang, "cli-err-too-many", value = value(), arg = arg())
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            t!(
                lang,
                "cli-err-validation",
                value = value(),
                arg = arg(),
                reason = reason
            )
        }
        // Rare kinds (a missing `=`, bad UTF-8, a wrong count of values):
        // clap's own sentence, after jelly's prefix.
        _ => {
            let text = error.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    let mut out = format!("{} {message}", t!(lang, "cli-error-prefix"));
    if let Some(usage) = string(error, ContextKind::Usage) {
        let usage = usage.strip_prefix("Usage:").unwrap_or(&usage).trim();
        out.push_str(&format!("\n\n{} {usage}", t!(lang, "cli-usage")));
    }
    out.push_str("\n\n");
    out.push_str(&t!(lang, "cli-more"));
    out
}

/// The roff man page of `command` with its section titles in `lang`.
pub(crate) fn man_sections(roff: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return roff.to_string();
    }
    let mut out = String::with_capacity(roff.len());
    for line in roff.split_inclusive('\n') {
        let title = line.trim_end().strip_prefix(".SH ");
        let key = match title {
            Some("NAME") => Some("cli-man-name"),
            Some("SYNOPSIS") => Some("cli-man-synopsis"),
            Some("DESCRIPTION") => Some("cli-man-description"),
            Some("OPTIONS") => Some("cli-man-options"),
            Some("SUBCOMMANDS") => Some("cli-man-subcommands"),
            Some("VERSION") => Some("cli-man-version"),
            _ => None,
        };
        match key {
            Some(key) => {
                out.push_str(".SH ");
                out.push_str(&t!(lang, key));
                out.push('\n');
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Every (key, current English text) the catalogs of `lang` lack for the
/// command tree.
#[cfg(test)]
pub(crate) fn missing_keys(lang: Lang) -> Vec<(String, String)> {
    fn walk(
        command: &Command,
        path: &mut Vec<String>,
        lang: Lang,
        out: &mut Vec<(String, String)>,
    ) {
        let key = about_key(path);
        if !has_message(lang, &key) {
            let text = command
                .get_long_about()
                .or(command.get_about())
                .map(ToString::to_string)
                .unwrap_or_default();
            out.push((key, text));
        }
        for arg in command.get_arguments() {
            use clap::ArgAction;
            if matches!(
                arg.get_action(),
                ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
            ) {
                continue;
            }
            let key = arg_key(path, arg);
            if !has_message(lang, &key) && !out.iter().any(|(k, _)| *k == key) {
                let text = arg
                    .get_long_help()
                    .or(arg.get_help())
                    .map(ToString::to_string)
                    .unwrap_or_default();
                out.push((key, text));
            }
        }
        for sub in command.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            path.push(sub.get_name().to_string());
            walk(sub, path, lang, out);
            path.pop();
        }
    }
    let mut command = Cli::command();
    command.build();
    let mut out = Vec::new();
    walk(&command, &mut Vec::new(), lang, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every help screen in French, short and long, as an 80-column terminal
    /// shows it: no English words of clap's, no line wider than the screen.
    #[test]
    fn french_help_is_french_and_fits_80_columns() {
        fn walk(command: &mut Command, name: &str, bad: &mut Vec<String>, seen: &mut usize) {
            *command = std::mem::take(command).term_width(80);
            for text in [command.render_help(), command.render_long_help()] {
                *seen += 1;
                for line in text.to_string().lines() {
                    let english = ["default:", "values:", "Usage:"]
                        .iter()
                        .any(|word| line.contains(word));
                    if english || line.chars().count() > 80 {
                        bad.push(format!("{name}: {line}"));
                    }
                }
            }
            // (`jelly help …` prints the other commands' help)
            for sub in command
                .get_subcommands_mut()
                .filter(|sub| sub.get_name() != "help")
            {
                let name = format!("{name} {}", sub.get_name());
                walk(sub, &name, bad, seen);
            }
        }
        let mut root = command(Lang::Fr);
        let (mut bad, mut seen) = (Vec::new(), 0);
        walk(&mut root, "jelly", &mut bad, &mut seen);
        assert!(seen > 60, "only {seen} help screens");
        assert!(bad.is_empty(), "{}", bad.join("\n"));
        // The values are still said, in French, once wrapped by clap.
        let next = root
            .find_subcommand_mut("next")
            .unwrap()
            .render_help()
            .to_string();
        let joined = next.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            joined.contains("[valeurs possibles : table, json, csv]"),
            "{next}"
        );
        assert!(joined.contains("[par défaut : table]"), "{next}");
    }

    /// `key = text` as a Fluent entry (paragraphs kept, braces escaped).
    fn ftl_entry(key: &str, text: &str) -> String {
        let text = text.replace('{', "{\"{\"}");
        if !text.contains('\n') {
            return format!("{key} = {text}\n");
        }
        let body: Vec<String> = text
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("    {l}")
                }
            })
            .collect();
        format!("{key} =\n{}\n", body.join("\n"))
    }

    /// The keys other work adds subcommands for: this prints them ready to
    /// paste into locales/fr/cli.ftl and locales/en/cli.ftl (translate the
    /// French ones).
    #[test]
    fn every_command_and_argument_has_its_messages() {
        let mut report = String::new();
        for lang in [Lang::Fr, Lang::En] {
            let missing = missing_keys(lang);
            if !missing.is_empty() {
                report.push_str(&format!("\n# locales/{}/cli.ftl\n", lang.code()));
                for (key, text) in missing {
                    report.push_str(&ftl_entry(&key, &text));
                }
            }
        }
        assert!(report.is_empty(), "clap texts without a message:{report}");
    }

    #[test]
    fn help_is_in_french_with_french_headings() {
        let mut command = command(Lang::Fr);
        let help = command.render_help().to_string();
        assert!(help.contains("Utilisation :"), "{help}");
        assert!(help.contains("Commandes :"), "{help}");
        assert!(help.contains("Options :"), "{help}");
        let rsvp = command
            .find_subcommand_mut("rsvp")
            .unwrap()
            .render_help()
            .to_string();
        let event = rsvp.find("<EVENT>  ").unwrap();
        let answer = rsvp.find("<ANSWER>  ").unwrap();
        assert!(event < answer, "arguments in their order: {rsvp}");
        let english = command_en_help();
        assert!(english.contains("Usage:"), "{english}");
        assert!(!english.contains("Utilisation"), "{english}");
    }

    fn command_en_help() -> String {
        command(Lang::En).render_help().to_string()
    }

    #[test]
    fn unknown_subcommand_in_french_with_its_suggestion() {
        let error = command(Lang::Fr)
            .try_get_matches_from(["jelly", "invit"])
            .unwrap_err();
        let text = render_error(&error, Lang::Fr);
        assert!(
            text.starts_with("erreur : sous-commande inconnue « invit » ; vouliez-vous dire « init » ou « invite » ?"),
            "{text}"
        );
        assert!(text.contains("Utilisation : jelly"), "{text}");
    }
}
