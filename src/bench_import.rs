//! A HelloAsso-shaped membership export of N members living all over
//! France, and an empty association to import it into, for timing
//! `jelly participant import` at national scale (`examples/gen_import.rs`).
//!
//! Members live in communes drawn from the built-in gazetteer (every
//! commune with coordinates, the larger ones more often); their town is
//! written as people do (official name) or as La Poste does (upper case, no
//! accents); one in twenty rows is a renewal of an earlier member. The same
//! seed always writes the same bytes.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::rng::Rng;

const FIRST: &[&str] = &[
    "Marie", "Jean", "Léa", "Hugo", "Chloé", "Louis", "Emma", "Paul", "Zoé", "Jules", "Anaïs",
    "Noé", "Inès", "Théo", "Élise", "Gaël", "Maëlle", "René", "Agnès", "Joël",
];
const LAST: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
];
const JOBS: &[&str] = &[
    "graphiste",
    "développeuse",
    "traducteur",
    "comptable",
    "photographe",
    "rédactrice",
    "consultant; formateur",
    "architecte",
    "",
];

/// Writes `out/export.csv` (`rows` members) and `out/association/`, an
/// empty association (villages, venues and participants files with a
/// comment only).
pub fn write_export(out: &Path, rows: usize, seed: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    // Communes with a point and a postcode, each as often as its population's
    // square root (cities more often, villages still everywhere).
    let communes: Vec<&crate::gazetteer::Commune> = crate::gazetteer::communes()
        .iter()
        .filter(|c| c.point().is_some() && !c.postcode.is_empty())
        .collect();
    let mut cumulative = Vec::with_capacity(communes.len());
    let mut total = 0u64;
    for c in &communes {
        total += (c.population.unwrap_or(1) as f64).sqrt().ceil() as u64;
        cumulative.push(total);
    }
    let mut text = String::from("\u{feff}Numéro;Formule;Montant (€);Statut;Nom adhérent;Prénom adhérent;Nom payeur;Prénom payeur;Email payeur;Date;Email;Code postal ;Ville;Métier\r\n");
    for i in 0..rows {
        // One row in twenty renews an earlier member (same person, later date).
        let member = if i > 20 && rng.below(20) == 0 {
            rng.below(i)
        } else {
            i
        };
        let mut person = Rng::new(seed ^ (member as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let first = FIRST[person.below(FIRST.len())];
        let last = LAST[person.below(LAST.len())];
        // A few postcodes serve two communes of the same name (Thièvres,
        // 62760, in the Pas-de-Calais and the Somme): an address there is
        // uncertain and rightly refused, so members live elsewhere.
        let (postcode, town) = loop {
            let pick = person.next_u64() % total;
            let commune = communes[cumulative.partition_point(|&c| c <= pick)];
            let postcode = &commune.postcodes[person.below(commune.postcodes.len())];
            let town = if person.below(2) == 0 {
                commune.name.clone()
            } else {
                deunicode_upper(&commune.name)
            };
            if matches!(
                crate::gazetteer::resolve(Some(postcode), Some(&town)),
                crate::gazetteer::Resolution::Found(_)
            ) {
                break (postcode.clone(), town);
            }
        };
        let email = format!("membre{member}@example.org");
        let own_email = if person.below(3) == 0 {
            String::new()
        } else {
            email.clone()
        };
        let job = JOBS[person.below(JOBS.len())];
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let _ = write!(
            text,
            "{};Adhésion;15,00;Validé;{};{};{};{};{};{:02}/{:02}/2025 {:02}:{:02};{};{};{};\"{}\"\r\n",
            10_000_000 + i,
            last.to_uppercase(),
            first,
            last,
            first,
            email,
            day,
            month,
            rng.below(24),
            rng.below(60),
            own_email,
            postcode,
            town,
            job
        );
    }
    let association = out.join("association");
    std::fs::create_dir_all(&association)?;
    std::fs::write(out.join("export.csv"), &text)?;
    std::fs::write(association.join("villages.toml"), "# Villages\n")?;
    std::fs::write(association.join("venues.toml"), "# Venues\n")?;
    std::fs::write(association.join("participants.toml"), "# Participants\n")?;
    Ok(())
}

/// La Poste's spelling: upper case, no accents, no apostrophes.
fn deunicode_upper(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'E',
            'à' | 'â' | 'ä' => 'A',
            'î' | 'ï' => 'I',
            'ô' | 'ö' => 'O',
            'ù' | 'û' | 'ü' => 'U',
            'ç' => 'C',
            '\'' => ' ',
            other => other.to_ascii_uppercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_export_imports_without_problems() {
        let dir = tempfile::tempdir().unwrap();
        super::write_export(dir.path(), 300, 7).unwrap();
        let text = std::fs::read_to_string(dir.path().join("export.csv")).unwrap();
        assert_eq!(text.lines().count(), 301);
        let table =
            crate::import::read::read(text.as_bytes(), crate::import::read::Kind::Auto).unwrap();
        let columns = crate::import::columns::match_columns(&table.header, &[]).unwrap();
        let resolver = crate::import::Resolver::new(&[]);
        for row in &table.rows {
            let (record, problems) = crate::import::record(row, &columns).unwrap();
            assert_eq!(problems, [], "line {}", row.line);
            assert!(resolver.place(&record).is_ok(), "line {}", row.line);
        }
    }
}
