//! The TOML parser's syntax errors in the user's language. The parser (the
//! `toml` crate) words them `<what is wrong>, expected <a, b, c>`; each part
//! met in practice has a message `toml-<words>` / `toml-expected-<words>`
//! in locales/<lang>/ux.ftl. A part without one is kept as the parser wrote
//! it, so a new wording of a newer parser still reads, in English.

use crate::i18n::{has_message, Lang};
use crate::t;

/// The message key of an English phrase: `toml-` then its words.
fn key(prefix: &str, phrase: &str) -> String {
    let words: String = phrase
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let words: Vec<&str> = words.split('-').filter(|w| !w.is_empty()).collect();
    format!("{prefix}{}", words.join("-"))
}

fn translated(lang: Lang, prefix: &str, phrase: &str) -> String {
    let key = key(prefix, phrase);
    if !phrase.contains('`') && has_message(lang, &key) {
        t!(lang, &key)
    } else {
        phrase.to_string()
    }
}

/// `message` (as the parser words it) in `lang`.
pub fn message(lang: Lang, message: &str) -> String {
    let message = message.trim();
    let (what, expected) = match message.split_once(", expected ") {
        Some((what, expected)) => (what, Some(expected)),
        None => (message, None),
    };
    let what = translated(lang, "toml-", what);
    match expected {
        None => what,
        Some(list) => {
            let items: Vec<String> = list
                .split(", ")
                .map(|item| translated(lang, "toml-expected-", item))
                .collect();
            t!(
                lang,
                "toml-expected",
                what = crate::i18n::Raw(what),
                expected = crate::i18n::Raw(items.join(", "))
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(text: &str) -> String {
        toml::from_str::<toml::Table>(text)
            .unwrap_err()
            .message()
            .to_string()
    }

    #[test]
    fn the_parsers_errors_met_in_practice_read_in_french() {
        for (text, french) in [
            ("date = 2026-12-10T18h30", "heure invalide ; attendu : `:` (HH:MM)"),
            ("name = abc", "un texte doit être entre guillemets ; attendu : un texte entre apostrophes"),
            ("name = \"abc", "texte entre guillemets non fermé ; attendu : `\"`"),
            ("[[village]\nid = 1", "en-tête [[…]] non fermé ; attendu : `]`"),
            ("id = 1\nid = 2", "clé en double"),
            ("lat = 4,5", "clé ou valeur inattendue ; attendu : un saut de ligne, `#`"),
            ("a = [1, 2", "liste non fermée ; attendu : `]`"),
            ("a = 2026-13-01", "date invalide ; attendu : un mois entre 01 et 12"),
            ("a = tru", "booléen invalide ; attendu : `true`"),
            ("x = 1\n= 2", "une clé sans guillemets ne peut pas être vide ; attendu : des lettres, des chiffres, `-`, `_`"),
        ] {
            let english = parse_error(text);
            assert_eq!(message(Lang::Fr, &english), french, "{text}: {english}");
            assert_eq!(message(Lang::En, &english), english.replace(", expected ", "; expected: "), "{text}");
        }
        assert_eq!(
            message(Lang::Fr, "something new, expected `x`"),
            "something new ; attendu : `x`"
        );
    }
}
