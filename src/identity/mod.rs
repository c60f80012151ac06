//! Who a person is, in one place: every command that has to decide whether
//! two records, a mail sender or a name typed at the door are the same
//! person asks this module.
//!
//! - An **email address** belongs to one participant. Addresses are
//!   compared after trimming and lower-casing ([`normalise_address`]);
//!   [`AddressBook`] maps each to its owners (several only in a file edited
//!   by hand, which `check` refuses).
//! - A **name** is compared on a key that ignores case, accents, hyphens,
//!   spaces and apostrophes, and reads « St »/« Ste » as « Saint »/« Sainte »
//!   ([`name_key`]): « Hélène Dupuy » is « helene dupuy », « Jean-Marie
//!   St Cyr » is « Jean Marie Saint-Cyr ».
//! - A **name typed at the door** (a walk-in) is looked up in its village,
//!   then anywhere ([`find_by_name`]).
//!
//! [`merge`] folds one participant into another (`participant merge`).

pub mod merge;

use std::collections::HashMap;

use serde::Serialize;

use crate::model::Participant;

/// An address as it is compared: trimmed, lower case. (The local part of an
/// address is case-sensitive in theory; no provider treats it so, and two
/// people told apart only by case would be a mistake to catch.)
pub fn normalise_address(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Are `a` and `b` the same address?
pub fn same_address(a: &str, b: &str) -> bool {
    normalise_address(a) == normalise_address(b)
}

/// The addresses of `p`, normalised. (Today their `email`; the place where
/// further addresses of one person would be added.)
pub fn addresses_of(p: &Participant) -> impl Iterator<Item = String> + '_ {
    p.email
        .as_deref()
        .map(normalise_address)
        .filter(|a| !a.is_empty())
        .into_iter()
}

/// A name as people are compared: ASCII, lower case, words run together,
/// « St »/« Ste » read as « Saint »/« Sainte ».
pub fn name_key(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let mut key = String::with_capacity(ascii.len());
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        key.push_str(match word {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        });
    }
    key
}

/// Each address on file and the participants who give it, in file order.
#[derive(Debug, Default)]
pub struct AddressBook<'a> {
    by_address: HashMap<String, Vec<&'a Participant>>,
    /// The other addresses people write from (`aliases`): they name their
    /// owner when no one has them as their `email`.
    by_alias: HashMap<String, &'a Participant>,
}

impl<'a> AddressBook<'a> {
    pub fn new(participants: &'a [Participant]) -> AddressBook<'a> {
        let mut by_address: HashMap<String, Vec<&'a Participant>> =
            HashMap::with_capacity(participants.len());
        for p in participants {
            for address in addresses_of(p) {
                let owners = by_address.entry(address).or_default();
                if !owners.iter().any(|o| o.id == p.id) {
                    owners.push(p);
                }
            }
        }
        let mut by_alias = HashMap::new();
        for p in participants {
            for alias in &p.aliases {
                by_alias.entry(normalise_address(alias)).or_insert(p);
            }
        }
        AddressBook {
            by_address,
            by_alias,
        }
    }

    /// The participant `address` belongs to (the first in the file when a
    /// hand edit gave it to several).
    pub fn owner(&self, address: &str) -> Option<&'a Participant> {
        self.owners(address)
            .first()
            .copied()
            .or_else(|| self.by_alias.get(&normalise_address(address)).copied())
    }

    /// Every participant who gives `address`.
    pub fn owners(&self, address: &str) -> &[&'a Participant] {
        self.by_address
            .get(&normalise_address(address))
            .map_or(&[], Vec::as_slice)
    }

    /// The addresses given by more than one participant, with them, in a
    /// stable order (by the first owner's place in `participants`).
    pub fn shared(&self) -> Vec<(&str, &[&'a Participant])> {
        let mut shared: Vec<(&str, &[&'a Participant])> = self
            .by_address
            .iter()
            .filter(|(_, owners)| owners.len() > 1)
            .map(|(a, owners)| (a.as_str(), owners.as_slice()))
            .collect();
        shared.sort_by(|a, b| a.1[0].id.cmp(&b.1[0].id).then(a.0.cmp(b.0)));
        shared
    }
}

/// Participants with the name (by [`name_key`]) and village given.
pub fn same_name_and_village<'a>(
    participants: &'a [Participant],
    name: &str,
    village: &str,
) -> Vec<&'a Participant> {
    let key = name_key(name);
    participants
        .iter()
        .filter(|p| p.village == village && name_key(&p.name) == key)
        .collect()
}

/// Where a name was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// In the village given.
    Village,
    /// Elsewhere (none of that name in the village given, or no village).
    Anywhere,
}

/// What a name typed at the door matches.
#[derive(Debug, Clone, PartialEq)]
pub enum NameMatch<'a> {
    /// Nobody of that name.
    Nobody,
    /// One person, found in the village given or anywhere.
    One(&'a Participant, Scope),
    /// Several people of that name: a person must choose.
    Several(Vec<&'a Participant>, Scope),
}

/// The participant called `name` (see [`name_key`]): first among the people
/// of `village` (when given), then among everybody. Erased people are not
/// participants any more and are never found.
pub fn find_by_name<'a>(
    participants: &'a [Participant],
    name: &str,
    village: Option<&str>,
) -> NameMatch<'a> {
    let key = name_key(name);
    if key.is_empty() {
        return NameMatch::Nobody;
    }
    let named: Vec<&Participant> = participants
        .iter()
        .filter(|p| name_key(&p.name) == key)
        .collect();
    if let Some(village) = village {
        let here: Vec<&Participant> = named
            .iter()
            .copied()
            .filter(|p| p.village == village)
            .collect();
        match here.len() {
            0 => {}
            1 => return NameMatch::One(here[0], Scope::Village),
            _ => return NameMatch::Several(here, Scope::Village),
        }
    }
    match named.len() {
        0 => NameMatch::Nobody,
        1 => NameMatch::One(named[0], Scope::Anywhere),
        _ => NameMatch::Several(named, Scope::Anywhere),
    }
}

/// The people a person means by `text` when it is not an id: those whose
/// whole name it is ([`name_key`]), else those whose first name it is
/// (« camille » for Camille Martin). Several, or nobody, is for the caller
/// to say; jelly never picks among namesakes.
pub fn named<'a>(participants: &'a [Participant], text: &str) -> Vec<&'a Participant> {
    let key = name_key(text);
    if key.is_empty() {
        return Vec::new();
    }
    let whole: Vec<&Participant> = participants
        .iter()
        .filter(|p| name_key(&p.name) == key)
        .collect();
    if !whole.is_empty() {
        return whole;
    }
    participants
        .iter()
        .filter(|p| {
            p.name
                .split_whitespace()
                .next()
                .is_some_and(|first| name_key(first) == key)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::participant;

    #[test]
    fn a_person_is_named_by_whole_name_then_first_name() {
        let people = vec![
            participant("camille-martin", "Camille Martin", "anduze"),
            participant("camille-roux", "Camille Roux", "ales"),
            participant("ines", "Inès Vidal", "ales"),
        ];
        let ids = |text: &str| -> Vec<String> {
            named(&people, text).iter().map(|p| p.id.clone()).collect()
        };
        assert_eq!(ids("camille martin"), ["camille-martin"]);
        assert_eq!(ids("CAMILLE-MARTIN"), ["camille-martin"]);
        assert_eq!(ids("ines"), ["ines"]);
        assert_eq!(ids("camille"), ["camille-martin", "camille-roux"]);
        assert!(ids("martin").is_empty(), "a surname alone is no one");
        assert!(ids("").is_empty());
    }

    #[test]
    fn addresses_are_compared_trimmed_and_lower_case() {
        assert_eq!(
            normalise_address("  Zoe.Menard@GMail.com "),
            "zoe.menard@gmail.com"
        );
        assert!(same_address("A@x.org", "a@X.ORG "));
        assert!(!same_address("a@x.org", "b@x.org"));
    }

    #[test]
    fn names_ignore_accents_case_hyphens_and_saint() {
        assert_eq!(name_key("Hélène Dupuy"), name_key("helene  DUPUY"));
        assert_eq!(name_key("Jean-Marie"), name_key("Jean Marie"));
        assert_eq!(name_key("Marc St-Cyr"), name_key("Marc Saint Cyr"));
        assert_eq!(name_key("Ste Marthe"), name_key("Sainte-Marthe"));
        assert_eq!(name_key("L'Écuyer"), name_key("l ecuyer"));
        assert_ne!(name_key("Hélène Dupuy"), name_key("Hélène Dupuis"));
        assert_ne!(name_key("Stéphane"), name_key("Saintéphane"));
    }

    #[test]
    fn the_address_book_finds_owners_and_shared_addresses() {
        let people = vec![
            Participant {
                email: Some("Zoe@x.org".into()),
                ..participant("zoe", "Zoé", "auch")
            },
            Participant {
                email: Some(" zoe@X.org".into()),
                ..participant("zoe-2", "Zoé", "auch")
            },
            Participant {
                email: Some("paul@x.org".into()),
                ..participant("paul", "Paul", "auch")
            },
            participant("nobody", "Sans Adresse", "auch"),
        ];
        let book = AddressBook::new(&people);
        assert_eq!(book.owner("ZOE@x.org").map(|p| p.id.as_str()), Some("zoe"));
        assert_eq!(book.owners("zoe@x.org").len(), 2);
        assert!(book.owner("who@x.org").is_none());
        let shared = book.shared();
        assert_eq!(shared.len(), 1);
        assert_eq!(shared[0].0, "zoe@x.org");
        let ids: Vec<&str> = shared[0].1.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["zoe", "zoe-2"]);
    }

    #[test]
    fn walk_ins_are_found_in_their_village_then_anywhere() {
        let people = vec![
            participant("helene-dupuy", "Hélène Dupuy", "auch"),
            participant("helene-dupuy-2", "Helene DUPUY", "vic"),
            participant("marc", "Marc Saint-Cyr", "vic"),
        ];
        let id = |m: NameMatch| match m {
            NameMatch::One(p, scope) => format!("{} {scope:?}", p.id),
            NameMatch::Several(ps, scope) => format!(
                "{} {scope:?}",
                ps.iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            NameMatch::Nobody => "nobody".into(),
        };
        assert_eq!(
            id(find_by_name(&people, "helene dupuy", Some("auch"))),
            "helene-dupuy Village"
        );
        assert_eq!(
            id(find_by_name(&people, "Hélène-Dupuy", None)),
            "helene-dupuy,helene-dupuy-2 Anywhere"
        );
        assert_eq!(
            id(find_by_name(&people, "Hélène Dupuy", Some("eauze"))),
            "helene-dupuy,helene-dupuy-2 Anywhere"
        );
        assert_eq!(
            id(find_by_name(&people, "marc st cyr", Some("auch"))),
            "marc Anywhere"
        );
        assert_eq!(id(find_by_name(&people, "Marc", None)), "nobody");
        assert_eq!(id(find_by_name(&people, " - ", None)), "nobody");
    }
}
