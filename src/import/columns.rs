//! Which column holds which field: header names matched trimmed, case- and
//! accent-insensitively against known French and English names, then the
//! `--map COLUMN=FIELD` overrides.

use serde::Serialize;

/// A participant field a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Field {
    Id,
    Name,
    FirstName,
    LastName,
    Email,
    /// HelloAsso's `Email payeur`: the member's own email column wins.
    PayerEmail,
    Postcode,
    Town,
    /// The payer's address (HelloAsso): used only without the member's own.
    PayerPostcode,
    PayerTown,
    /// A village id of villages.toml.
    Village,
    Profession,
    MaxKm,
    Joined,
    Active,
    /// May the invitation name them for car-sharing (`carpool`).
    Carpool,
    /// May the public site's directory show them (`listed`).
    Listed,
    /// The directory's `skills`, separated by `;` or `,`.
    Skills,
    Website,
    Phone,
}

impl Field {
    /// The names `--map` accepts.
    pub(crate) const NAMES: &'static [(&'static str, Field)] = &[
        ("id", Field::Id),
        ("name", Field::Name),
        ("first_name", Field::FirstName),
        ("last_name", Field::LastName),
        ("email", Field::Email),
        ("payer_email", Field::PayerEmail),
        ("postcode", Field::Postcode),
        ("town", Field::Town),
        ("payer_postcode", Field::PayerPostcode),
        ("payer_town", Field::PayerTown),
        ("village", Field::Village),
        ("profession", Field::Profession),
        ("max_km", Field::MaxKm),
        ("joined", Field::Joined),
        ("active", Field::Active),
        ("carpool", Field::Carpool),
        ("listed", Field::Listed),
        ("skills", Field::Skills),
        ("website", Field::Website),
        ("phone", Field::Phone),
    ];

    pub(crate) fn parse(text: &str) -> Option<Field> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Field::NAMES
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, f)| *f)
    }

    pub(crate) fn name(self) -> &'static str {
        Field::NAMES
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .expect("every field has a name")
    }
}

/// Known header names (normalised: see [`normalise`]) and their field.
const KNOWN: &[(&str, Field)] = &[
    ("id", Field::Id),
    ("identifiant", Field::Id),
    ("name", Field::Name),
    ("full name", Field::Name),
    ("nom complet", Field::Name),
    ("nom et prenom", Field::Name),
    ("prenom et nom", Field::Name),
    ("prenom nom", Field::Name),
    ("first name", Field::FirstName),
    ("firstname", Field::FirstName),
    ("given name", Field::FirstName),
    ("prenom", Field::FirstName),
    ("prenom adherent", Field::FirstName),
    ("prenom participant", Field::FirstName),
    ("prenom du participant", Field::FirstName),
    ("prenom de l adherent", Field::FirstName),
    ("last name", Field::LastName),
    ("lastname", Field::LastName),
    ("surname", Field::LastName),
    ("family name", Field::LastName),
    ("nom", Field::LastName),
    ("nom de famille", Field::LastName),
    ("nom adherent", Field::LastName),
    ("nom participant", Field::LastName),
    ("nom du participant", Field::LastName),
    ("nom de l adherent", Field::LastName),
    ("email", Field::Email),
    ("e mail", Field::Email),
    ("mail", Field::Email),
    ("courriel", Field::Email),
    ("adresse email", Field::Email),
    ("adresse e mail", Field::Email),
    ("adresse mail", Field::Email),
    ("email address", Field::Email),
    ("email adherent", Field::Email),
    ("email participant", Field::Email),
    ("email payeur", Field::PayerEmail),
    ("e mail payeur", Field::PayerEmail),
    ("payer email", Field::PayerEmail),
    ("postcode", Field::Postcode),
    ("postal code", Field::Postcode),
    ("zip", Field::Postcode),
    ("zip code", Field::Postcode),
    ("code postal", Field::Postcode),
    ("cp", Field::Postcode),
    ("code postal adherent", Field::Postcode),
    ("code postal participant", Field::Postcode),
    ("code postal payeur", Field::PayerPostcode),
    ("town", Field::Town),
    ("city", Field::Town),
    ("ville", Field::Town),
    ("commune", Field::Town),
    ("localite", Field::Town),
    ("ville adherent", Field::Town),
    ("ville participant", Field::Town),
    ("ville payeur", Field::PayerTown),
    ("village", Field::Village),
    ("profession", Field::Profession),
    ("metier", Field::Profession),
    ("activite", Field::Profession),
    ("occupation", Field::Profession),
    ("job", Field::Profession),
    ("max km", Field::MaxKm),
    ("km max", Field::MaxKm),
    ("distance max", Field::MaxKm),
    ("distance maximale", Field::MaxKm),
    ("joined", Field::Joined),
    ("member since", Field::Joined),
    ("date", Field::Joined),
    ("date d adhesion", Field::Joined),
    ("date adhesion", Field::Joined),
    ("adhesion", Field::Joined),
    ("date de la commande", Field::Joined),
    ("date du paiement", Field::Joined),
    ("date de paiement", Field::Joined),
    ("active", Field::Active),
    ("actif", Field::Active),
    ("carpool", Field::Carpool),
    ("car sharing", Field::Carpool),
    ("covoiturage", Field::Carpool),
    ("ok covoiturage", Field::Carpool),
    ("accepte le covoiturage", Field::Carpool),
    ("listed", Field::Listed),
    ("directory", Field::Listed),
    ("annuaire", Field::Listed),
    ("visible dans l annuaire", Field::Listed),
    ("skills", Field::Skills),
    ("competences", Field::Skills),
    ("website", Field::Website),
    ("site web", Field::Website),
    ("site internet", Field::Website),
    ("phone", Field::Phone),
    ("telephone", Field::Phone),
];

/// A header name as it is compared: trimmed, lower case, without accents,
/// every run of other characters one space (`"Code postal "` →
/// `code postal`, `"E-mail"` → `e mail`).
pub(crate) fn normalise(header: &str) -> String {
    let ascii = deunicode::deunicode(header).to_ascii_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The field of a header name, if it is a known one.
pub(crate) fn known_field(header: &str) -> Option<Field> {
    let wanted = normalise(header);
    KNOWN.iter().find(|(n, _)| *n == wanted).map(|(_, f)| *f)
}

/// A `--map COLUMN=FIELD` (FIELD `-` or `ignore`: the column is not read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mapping {
    pub column: String,
    pub field: Option<Field>,
}

impl Mapping {
    /// Parses `COLUMN=FIELD`; the error is the text that was not understood.
    pub(crate) fn parse(text: &str) -> Result<Mapping, String> {
        let (column, field) = text.rsplit_once('=').ok_or_else(|| text.to_string())?;
        let field = match field.trim() {
            "-" | "ignore" => None,
            other => Some(Field::parse(other).ok_or_else(|| other.to_string())?),
        };
        Ok(Mapping {
            column: column.to_string(),
            field,
        })
    }
}

/// Where each field is: column indexes by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Columns {
    pub by_field: Vec<(Field, usize)>,
    /// Columns that matched a field already taken by an earlier column.
    pub duplicates: Vec<(usize, Field)>,
}

impl Columns {
    pub(crate) fn get(&self, field: Field) -> Option<usize> {
        self.by_field
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| *i)
    }

    pub(crate) fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }
}

/// Matches `header` to fields, with `maps` applied first. Errors: the
/// `--map` columns that no header has.
pub(crate) fn match_columns(header: &[String], maps: &[Mapping]) -> Result<Columns, Vec<String>> {
    let mut assigned: Vec<Option<Option<Field>>> = vec![None; header.len()];
    let mut missing = Vec::new();
    for map in maps {
        let wanted = normalise(&map.column);
        let mut found = false;
        for (i, h) in header.iter().enumerate() {
            if normalise(h) == wanted {
                assigned[i] = Some(map.field);
                found = true;
            }
        }
        if !found {
            missing.push(map.column.clone());
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut columns = Columns::default();
    // Mapped columns first, so that they win over a known name elsewhere.
    let mapped = assigned
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.map(|f| (i, f)));
    let known = header
        .iter()
        .enumerate()
        .filter(|(i, _)| assigned[*i].is_none())
        .map(|(i, h)| (i, known_field(h)));
    for (i, field) in mapped.chain(known).collect::<Vec<_>>() {
        let Some(field) = field else { continue };
        if columns.has(field) {
            columns.duplicates.push((i, field));
        } else {
            columns.by_field.push((field, i));
        }
    }
    columns.by_field.sort_by_key(|(_, i)| *i);
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn helloasso_headers_are_known() {
        let h = header(&[
            "Numéro",
            "Nom adhérent",
            "Prénom adhérent",
            "Nom payeur",
            "Email payeur",
            "Date",
            "Email",
            "Code postal ",
            "Ville",
            "Montant (€)",
        ]);
        let c = match_columns(&h, &[]).unwrap();
        assert_eq!(c.get(Field::LastName), Some(1));
        assert_eq!(c.get(Field::FirstName), Some(2));
        assert_eq!(c.get(Field::PayerEmail), Some(4));
        assert_eq!(c.get(Field::Joined), Some(5));
        assert_eq!(c.get(Field::Email), Some(6));
        assert_eq!(c.get(Field::Postcode), Some(7));
        assert_eq!(c.get(Field::Town), Some(8));
        assert_eq!(c.get(Field::Name), None);
        assert!(c.duplicates.is_empty());
    }

    #[test]
    fn names_are_compared_without_case_accents_or_spacing() {
        assert_eq!(known_field("  E-MAIL "), Some(Field::Email));
        assert_eq!(known_field("Prénom"), Some(Field::FirstName));
        assert_eq!(known_field("PRENOM"), Some(Field::FirstName));
        assert_eq!(known_field("Métier"), Some(Field::Profession));
        assert_eq!(known_field("max_km"), Some(Field::MaxKm));
        assert_eq!(known_field("Montant"), None);
    }

    #[test]
    fn maps_override_and_must_name_a_column() {
        let h = header(&["Adh_Nom", "Courriel", "Email", "CP"]);
        let maps = [
            Mapping::parse("adh_nom=name").unwrap(),
            Mapping::parse("Email=ignore").unwrap(),
        ];
        let c = match_columns(&h, &maps).unwrap();
        assert_eq!(c.get(Field::Name), Some(0));
        assert_eq!(c.get(Field::Email), Some(1));
        assert_eq!(c.get(Field::Postcode), Some(3));
        assert!(c.duplicates.is_empty());
        let c = match_columns(&h, &[]).unwrap();
        assert_eq!(c.duplicates, [(2, Field::Email)]);
        assert_eq!(
            match_columns(&h, &[Mapping::parse("Tel=email").unwrap()]),
            Err(vec!["Tel".to_string()])
        );
        assert_eq!(Mapping::parse("Tel=fax"), Err("fax".to_string()));
        assert_eq!(Mapping::parse("Tel"), Err("Tel".to_string()));
        assert_eq!(Mapping::parse("a=b=max-km").unwrap().column, "a=b");
    }
}
