//! Questions asked on a terminal (dialoguer, on stderr). Never called
//! without a person at the keyboard: without one, the missing value is an
//! error naming the flag to give instead.

use dialoguer::theme::ColorfulTheme;
use dialoguer::Input;

use crate::i18n::Lang;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::t;

/// A prompt stays on one line of an 80-column terminal (a longer one
/// breaks the terminal's redraw of the answer): what it needs to say more,
/// its example, is the message `<key>-hint`, printed once above it.
fn hint(ctx: &Context, prompt_key: &str) {
    let key = format!("{prompt_key}-hint");
    if crate::i18n::has_message(ctx.lang, &key) {
        let _ = console::Term::stderr()
            .write_line(&console::style(t!(ctx.lang, &key)).dim().to_string());
    }
}

/// `value` if given; else asks on a terminal; else a usage error naming `flag`.
pub(crate) fn required(
    ctx: &Context,
    value: Option<String>,
    prompt_key: &str,
    flag: &str,
) -> Result<String> {
    if let Some(value) = value {
        return Ok(value);
    }
    if !ctx.interactive {
        let what = t!(ctx.lang, prompt_key);
        // A positional (NAME) is given as an argument, not "with NAME".
        let key = if flag.starts_with('-') {
            "err-no-terminal"
        } else {
            "err-no-terminal-arg"
        };
        return Err(Error::usage(t!(
            ctx.lang,
            key,
            what = what.to_lowercase(),
            flag = flag
        )));
    }
    hint(ctx, prompt_key);
    Input::<String>::with_theme(&ColorfulTheme::default())
        .with_prompt(t!(ctx.lang, prompt_key))
        .interact_text_on(&console::Term::stderr())
        .map_err(|e| Error::runtime(e.to_string()))
}

/// Like [`required`] with a default shown in the prompt.
pub(crate) fn with_default(
    ctx: &Context,
    value: Option<String>,
    prompt_key: &str,
    default: &str,
) -> Result<String> {
    if let Some(value) = value {
        return Ok(value);
    }
    if !ctx.interactive {
        return Ok(default.to_string());
    }
    hint(ctx, prompt_key);
    Input::<String>::with_theme(&ColorfulTheme::default())
        .with_prompt(t!(ctx.lang, prompt_key))
        .default(default.to_string())
        .interact_text_on(&console::Term::stderr())
        .map_err(|e| Error::runtime(e.to_string()))
}

/// An optional value: asked on a terminal (empty answer = none) when `ask`
/// is true and it was not given; `None` otherwise.
pub(crate) fn optional(
    ctx: &Context,
    value: Option<String>,
    prompt_key: &str,
    ask: bool,
) -> Result<Option<String>> {
    if value.is_some() || !ctx.interactive || !ask {
        return Ok(value);
    }
    hint(ctx, prompt_key);
    let answer = Input::<String>::with_theme(&ColorfulTheme::default())
        .with_prompt(t!(ctx.lang, prompt_key))
        .allow_empty(true)
        .interact_text_on(&console::Term::stderr())
        .map_err(|e| Error::runtime(e.to_string()))?;
    let answer = answer.trim().to_string();
    Ok((!answer.is_empty()).then_some(answer))
}

/// Asks a yes/no question; without a terminal, `default`.
pub(crate) fn confirm(ctx: &Context, prompt: &str, default: bool) -> Result<bool> {
    if !ctx.interactive {
        return Ok(default);
    }
    yes_no(&console::Term::stderr(), ctx.lang, prompt, default)
        .map_err(|e| Error::runtime(e.to_string()))
}

/// A yes/no question that says its keys: `o/n` in French (`y` is taken
/// too), `y/n` in English; Enter gives `default`.
pub(crate) fn yes_no(
    term: &console::Term,
    lang: Lang,
    question: &str,
    default: bool,
) -> std::io::Result<bool> {
    let keys = t!(
        lang,
        if default {
            "confirm-keys-yes"
        } else {
            "confirm-keys-no"
        }
    );
    term.write_str(&format!("{question} {keys} "))?;
    loop {
        let answer = match term.read_key()? {
            console::Key::Enter => default,
            console::Key::Char(c) => match (lang, c.to_ascii_lowercase()) {
                (Lang::Fr, 'o' | 'y') | (Lang::En, 'y') => true,
                (_, 'n') => false,
                _ => continue,
            },
            console::Key::CtrlC => {
                return Err(std::io::Error::from(std::io::ErrorKind::Interrupted))
            }
            _ => continue,
        };
        term.write_line(&t!(
            lang,
            if answer {
                "confirm-said-yes"
            } else {
                "confirm-said-no"
            }
        ))?;
        return Ok(answer);
    }
}
