//! French and English messages.
//!
//! Every message the program shows a person (errors, table headers, summaries,
//! emails' fixed strings) lives in a catalog: a key with its French and its
//! English text. Placeholders are written `{name}` and filled by [`tr`].
//! Each module keeps its own catalog slice; [`CATALOGS`] lists them all and a
//! test checks that every key exists once, in both languages, with the same
//! placeholders.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;

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

/// One message: key, French, English.
pub type Msg = (&'static str, &'static str, &'static str);

/// Every catalog of the program.
pub const CATALOGS: &[&[Msg]] = &[
    CORE,
    crate::commands::agenda::MESSAGES,
    crate::commands::next::MESSAGES,
    crate::mail::compose::MESSAGES,
    crate::mail::transport::MESSAGES,
    crate::mail::session::MESSAGES,
    crate::commands::completions::MESSAGES,
    crate::commands::plan::MESSAGES,
    crate::commands::map::MESSAGES,
    crate::map::MESSAGES,
    crate::commands::village::MESSAGES,
    crate::commands::rsvp::MESSAGES,
    crate::commands::attend::MESSAGES,
    crate::commands::stats::MESSAGES,
];

fn index() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static INDEX: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        CATALOGS
            .iter()
            .flat_map(|c| c.iter())
            .map(|(k, fr, en)| (*k, (*fr, *en)))
            .collect()
    })
}

/// The raw template of `key` in `lang` (the key itself if it is missing, so a
/// forgotten message shows up instead of crashing).
pub fn template(lang: Lang, key: &str) -> &'static str {
    match index().get(key) {
        Some((fr, en)) => match lang {
            Lang::Fr => fr,
            Lang::En => en,
        },
        None => Box::leak(key.to_string().into_boxed_str()),
    }
}

/// The message `key` in `lang`, with its `{placeholders}` filled.
pub fn tr(lang: Lang, key: &str, args: &[(&str, &dyn Display)]) -> String {
    let template = template(lang, key);
    if args.is_empty() {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `t!(lang, "key", name = value, …)`: shorthand for [`tr`].
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:expr) => {
        $crate::i18n::tr($lang, $key, &[])
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($lang, $key, &[$((stringify!($name), &$value as &dyn std::fmt::Display)),+])
    };
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

pub const CORE: &[Msg] = &[
    // --- loading and validation ---
    ("err.read", "impossible de lire le fichier : {error}", "cannot read the file: {error}"),
    ("err.syntax", "erreur de syntaxe TOML : {error}", "TOML syntax error: {error}"),
    ("err.missing_file", "fichier obligatoire absent ; créez-le (voir `jelly init`) ou indiquez le bon dossier avec --data", "required file is missing; create it (see `jelly init`) or point --data at the right folder"),
    ("err.unknown_key", "clé inconnue « {key} »{hint}", "unknown key `{key}`{hint}"),
    ("err.unknown_key_hint", " ; vouliez-vous dire « {suggestion} » ?", "; did you mean `{suggestion}`?"),
    ("err.unknown_key_allowed", " ; clés possibles : {allowed}", "; allowed keys: {allowed}"),
    ("err.missing_key", "clé obligatoire « {key} » absente dans cette entrée", "required key `{key}` is missing from this entry"),
    ("err.wrong_type", "« {key} » doit être {expected}", "`{key}` must be {expected}"),
    ("err.not_array_of_tables", "« {key} » doit être une liste de tables [[{key}]]", "`{key}` must be an array of tables [[{key}]]"),
    ("err.not_table", "« {key} » doit être une table [{key}]", "`{key}` must be a table [{key}]"),
    ("type.string", "du texte entre guillemets", "a quoted string"),
    ("type.integer", "un nombre entier", "a whole number"),
    ("type.number", "un nombre", "a number"),
    ("type.bool", "true ou false", "true or false"),
    ("type.date", "une date AAAA-MM-JJ (sans guillemets)", "a date YYYY-MM-DD (unquoted)"),
    ("type.datetime", "une date et heure AAAA-MM-JJTHH:MM:SS (sans guillemets)", "a date and time YYYY-MM-DDTHH:MM:SS (unquoted)"),
    ("type.string_array", "une liste de textes [\"a\", \"b\"]", "a list of strings [\"a\", \"b\"]"),
    ("type.table", "une table", "a table"),
    ("err.bad_id", "identifiant « {id} » invalide : lettres minuscules sans accent, chiffres et tirets, 64 caractères au plus, commençant par une lettre ou un chiffre (par ex. « {example} »)", "invalid id `{id}`: lower-case ASCII letters, digits and hyphens, at most 64 characters, starting with a letter or digit (e.g. `{example}`)"),
    ("err.duplicate_id", "identifiant « {id} » en double (déjà utilisé ligne {line})", "duplicate id `{id}` (already used on line {line})"),
    ("err.unknown_ref", "{what} « {id} » inconnu{hint}", "unknown {what} `{id}`{hint}"),
    ("err.unknown_ref_hint", " ; le plus proche : « {suggestion} »", "; closest: `{suggestion}`"),
    ("err.unknown_ref_none", " ; ajoutez-le d'abord", "; add it first"),
    ("what.village", "village", "village"),
    ("what.venue", "lieu", "venue"),
    ("what.participant", "participant", "participant"),
    ("what.event", "session", "session"),
    ("err.lat_range", "latitude {value} hors de -90..90 (degrés WGS84)", "latitude {value} outside -90..90 (WGS84 degrees)"),
    ("err.lon_range", "longitude {value} hors de -180..180 (degrés WGS84)", "longitude {value} outside -180..180 (WGS84 degrees)"),
    ("err.lat_lon_pair", "donnez « lat » et « lon » ensemble, ou aucun des deux", "give `lat` and `lon` together, or neither"),
    ("err.negative", "« {key} » ne peut pas être négatif ({value})", "`{key}` cannot be negative ({value})"),
    ("err.not_finite", "« {key} » doit être un nombre fini", "`{key}` must be a finite number"),
    ("err.bad_email", "adresse e-mail invalide « {value} » (attendu : nom@domaine.fr)", "invalid email address `{value}` (expected: name@domain.org)"),
    ("err.bad_mailbox", "expéditeur invalide « {value} » (attendu : Nom <adresse@domaine.fr>)", "invalid sender `{value}` (expected: Name <address@domain.org>)"),
    ("err.bad_timezone", "fuseau horaire inconnu « {value} » (nom IANA, par ex. Europe/Paris){hint}", "unknown time zone `{value}` (IANA name, e.g. Europe/Paris){hint}"),
    ("err.bad_choice", "« {key} » vaut « {value} » ; valeurs possibles : {allowed}", "`{key}` is `{value}`; allowed values: {allowed}"),
    ("err.bad_offset", "délai de rappel « {value} » invalide (par ex. \"7d\", \"1d\", \"3h\", \"30m\")", "invalid reminder offset `{value}` (e.g. \"7d\", \"1d\", \"3h\", \"30m\")"),
    ("err.bad_url", "adresse SMTP « {value} » invalide (par ex. smtp://smtp.exemple.fr:587 ou smtps://smtp.exemple.fr:465)", "invalid SMTP address `{value}` (e.g. smtp://smtp.example.org:587 or smtps://smtp.example.org:465)"),
    ("err.tls_none_remote", "tls = \"none\" (sans chiffrement) n'est permis que vers 127.0.0.1/localhost ; utilisez starttls ou implicit pour « {host} »", "tls = \"none\" (no encryption) is only allowed to 127.0.0.1/localhost; use starttls or implicit for `{host}`"),
    ("err.event_name", "le nom du fichier de session doit être AAAA-MM-JJ-<village>.toml (par ex. « {example} »)", "a session file must be named YYYY-MM-DD-<village>.toml (e.g. `{example}`)"),
    ("err.empty", "« {key} » ne peut pas être vide", "`{key}` cannot be empty"),
    ("err.duplicate_in_list", "« {id} » apparaît deux fois dans « {key} »", "`{id}` appears twice in `{key}`"),
    ("err.attended_not_held", "une session « {status} » ne peut pas avoir de présents ; mettez status = \"held\"", "a `{status}` session cannot have attendees; set status = \"held\""),
    ("err.encoding", "le fichier n'est pas en UTF-8 ; lu comme Windows-1252 (Latin-1)", "the file is not UTF-8; read as Windows-1252 (Latin-1)"),
    ("check.ok", "{villages} villages, {venues} lieux, {participants} participants, {sessions} sessions : OK", "{villages} villages, {venues} venues, {participants} participants, {sessions} sessions: OK"),
    ("check.problems", "{count} problème(s) trouvé(s) ; corrigez-les puis relancez `jelly check`", "{count} problem(s) found; fix them and run `jelly check` again"),
    // --- command line ---
    ("err.bad_datetime", "date « {value} » invalide : attendu AAAA-MM-JJ ou AAAA-MM-JJTHH:MM[:SS] (heure locale de l'association)", "invalid date `{value}`: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (the association's local time)"),
    ("err.bad_lang", "langue « {value} » inconnue : fr ou en", "unknown language `{value}`: fr or en"),
    ("err.no_terminal", "{what} manquant ; sans terminal interactif, donnez-le avec {flag}", "missing {what}; without an interactive terminal, give it with {flag}"),
    ("err.exists", "« {path} » existe déjà ; jelly n'écrase rien (choisissez un autre dossier)", "`{path}` already exists; jelly overwrites nothing (choose another folder)"),
    ("err.id_taken", "l'identifiant « {id} » existe déjà dans {file} ; choisissez-en un autre avec --id", "id `{id}` already exists in {file}; choose another with --id"),
    ("err.lock", "impossible de verrouiller {path} : {error}", "cannot lock {path}: {error}"),
    ("err.write", "impossible d'écrire {path} : {error} ; rien n'a été modifié", "cannot write {path}: {error}; nothing was changed"),
    ("err.not_saved", "saisie invalide, rien n'a été écrit :", "invalid entry, nothing was written:"),
    ("err.unknown_event", "session « {id} » inconnue dans {dir}{hint}", "unknown session `{id}` in {dir}{hint}"),
    // --- prompts ---
    ("prompt.name", "Nom", "Name"),
    ("prompt.village", "Village (identifiant)", "Village (id)"),
    ("prompt.email", "E-mail (vide : aucun)", "Email (empty: none)"),
    ("prompt.max_km", "Distance maximale en km (vide : aucune)", "Maximum distance in km (empty: none)"),
    ("prompt.lat", "Latitude", "Latitude"),
    ("prompt.lon", "Longitude", "Longitude"),
    ("prompt.capacity", "Capacité (places, vide : inconnue)", "Capacity (seats, empty: unknown)"),
    ("prompt.association", "Nom de l'association", "Association name"),
    ("prompt.timezone", "Fuseau horaire", "Time zone"),
    ("prompt.first_village", "Premier village (nom)", "First village (name)"),
    ("added", "{what} « {id} » ajouté à {file}", "{what} `{id}` added to {file}"),
    ("init.done", "Association créée dans {dir} ; lancez `jelly --data {dir} check`", "Association created in {dir}; run `jelly --data {dir} check`"),
    // --- tables ---
    ("col.id", "id", "id"),
    ("col.name", "nom", "name"),
    ("col.village", "village", "village"),
    ("col.department", "dépt", "dept"),
    ("col.lat", "lat", "lat"),
    ("col.lon", "lon", "lon"),
    ("col.capacity", "places", "seats"),
    ("col.active", "actif", "active"),
    ("col.amenities", "équipements", "amenities"),
    ("col.address", "adresse", "address"),
    ("col.email", "e-mail", "email"),
    ("col.max_km", "km max", "max km"),
    ("col.profession", "métier", "profession"),
    ("col.venues", "lieux", "venues"),
    ("col.participants", "participants", "participants"),
    ("verbose.data", "jelly : données dans {root} (description : {description}) ; maintenant = {now}", "jelly: data in {root} (description: {description}); now = {now}"),
    ("verbose.took", "jelly : terminé en {ms} ms", "jelly: done in {ms} ms"),
    ("yes", "oui", "yes"),
    ("no", "non", "no"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn placeholders(text: &str) -> Vec<String> {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
            .filter(|name| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_key_is_unique_and_exists_in_both_languages_with_the_same_placeholders() {
        let mut seen = HashSet::new();
        for catalog in CATALOGS {
            for (key, fr, en) in catalog.iter() {
                assert!(seen.insert(*key), "duplicate message key {key}");
                assert!(!fr.trim().is_empty(), "{key} has no French text");
                assert!(!en.trim().is_empty(), "{key} has no English text");
                assert_eq!(
                    placeholders(fr),
                    placeholders(en),
                    "placeholders differ for {key}"
                );
            }
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            tr(
                Lang::En,
                "err.unknown_key",
                &[("key", &"capcity"), ("hint", &"")]
            ),
            "unknown key `capcity`"
        );
        assert_eq!(t!(Lang::Fr, "what.venue"), "lieu");
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
