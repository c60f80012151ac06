//! What the mailbox benchmarks (inbox, poll) share: the demo's villages and
//! venues, settings that read a Maildir, and `people` members with an address.

use std::path::Path;

/// The domain of the association's address in these benchmarks.
pub(crate) const DOMAIN: &str = "jelly.example.org";

/// Writes the association: the demo's places, `jelly.toml` reading
/// `Maildir/`, and `people` participants `p0`… named by `name`.
pub(crate) fn write_mailbox_association(dir: &Path, people: usize, name: impl Fn(usize) -> String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for file in ["villages.toml", "venues.toml", "distances.toml"] {
        std::fs::copy(root.join(file), dir.join(file)).unwrap();
    }
    std::fs::write(
        dir.join("jelly.toml"),
        format!(
            "[association]\nname = \"Jelly Gard-Lozère\"\n\n[mail]\n\
             from = \"Jelly Gard-Lozère <contact@{DOMAIN}>\"\n\n[inbox]\nmaildir = \"Maildir\"\n"
        ),
    )
    .unwrap();
    let villages = ["anduze", "ales", "lasalle", "florac", "mende", "rousson"];
    let mut participants = String::new();
    for i in 0..people {
        participants.push_str(&format!(
            "[[participant]]\nid = \"p{i}\"\nname = \"{}\"\n\
             email = \"p{i}@example.org\"\nvillage = \"{}\"\n\n",
            name(i),
            villages[i % villages.len()]
        ));
    }
    std::fs::write(dir.join("participants.toml"), participants).unwrap();
}
