//! Writes a HelloAsso-shaped membership export of N members (default
//! 100,000) living all over France, and an empty association to import it
//! into, for timing `jelly participant import` at national scale.
//!
//! Usage: `cargo run --release --example gen_import -- OUTDIR [ROWS] [SEED]`
//! Then:
//! ```text
//! time target/release/jelly --data OUTDIR/association participant import OUTDIR/export.csv
//! time target/release/jelly --data OUTDIR/association check
//! ```
//!
//! Members live in communes drawn from the built-in gazetteer (every
//! commune with coordinates, the larger ones more often); their town is
//! written as people do (official name) or as La Poste does (upper case, no
//! accents); one in twenty rows is a renewal of an earlier member.

use std::fmt::Write as _;
use std::process::ExitCode;

/// SplitMix64: the same bytes for the same seed on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().map(std::path::PathBuf::from) else {
        eprintln!("usage: gen_import OUTDIR [ROWS] [SEED]");
        return ExitCode::from(2);
    };
    let rows: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let mut rng = Rng(seed);
    // Communes with a point and a postcode, each as often as its population's
    // square root (cities more often, villages still everywhere).
    let communes: Vec<&jelly::gazetteer::Commune> = jelly::gazetteer::communes()
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
        let mut person = Rng(seed ^ (member as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let first = FIRST[person.below(FIRST.len())];
        let last = LAST[person.below(LAST.len())];
        // A few postcodes serve two communes of the same name (Thièvres,
        // 62760, in the Pas-de-Calais and the Somme): an address there is
        // uncertain and rightly refused, so members live elsewhere.
        let (postcode, town) = loop {
            let pick = person.next() % total;
            let commune = communes[cumulative.partition_point(|&c| c <= pick)];
            let postcode = &commune.postcodes[person.below(commune.postcodes.len())];
            let town = if person.below(2) == 0 {
                commune.name.clone()
            } else {
                deunicode_upper(&commune.name)
            };
            if matches!(
                jelly::gazetteer::resolve(Some(postcode), Some(&town)),
                jelly::gazetteer::Resolution::Found(_)
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
    let write = |path: std::path::PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let result = std::fs::create_dir_all(&association)
        .map_err(|e| e.to_string())
        .and_then(|_| write(out.join("export.csv"), &text))
        .and_then(|_| write(association.join("villages.toml"), "# Villages\n"))
        .and_then(|_| write(association.join("venues.toml"), "# Venues\n"))
        .and_then(|_| write(association.join("participants.toml"), "# Participants\n"));
    match result {
        Ok(()) => {
            eprintln!(
                "{}: {rows} rows; {}: an empty association",
                out.join("export.csv").display(),
                association.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
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
