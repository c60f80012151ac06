//! Turns "the `village` key of the 3rd `[[participant]]`" into a line and a
//! column, by re-parsing the one file concerned with spans. Only runs when
//! there is something to report, so loading stays fast.

use toml_edit::{Item, Table, Value};

use crate::store::text::line_col;

/// One step of a path into a TOML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(key: &str) -> Self {
        Seg::Key(key.to_string())
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

/// `path![ "participant", 3, "village" ]`
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => { vec![$($crate::store::locate::Seg::from($seg)),*] };
}

#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a Table),
    Item(&'a Item),
    Value(&'a Value),
}

/// Line and column of the value at `path` in `text` (or of the nearest
/// enclosing thing that has a position).
pub fn locate(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let mut node = Node::Table(doc.as_table());
    let mut best: Option<std::ops::Range<usize>> = None;
    for seg in path {
        let next = match (node, seg) {
            (Node::Table(t), Seg::Key(k)) => {
                if let Some(span) = t.key(k).and_then(toml_edit::Key::span) {
                    best = Some(span);
                }
                t.get(k).map(Node::Item)
            }
            (Node::Item(Item::Table(t)), Seg::Key(k)) => {
                if let Some(span) = t.key(k).and_then(toml_edit::Key::span) {
                    best = Some(span);
                }
                t.get(k).map(Node::Item)
            }
            (Node::Item(Item::ArrayOfTables(a)), Seg::Index(i)) => a.get(*i).map(Node::Table),
            (Node::Item(Item::Value(v)) | Node::Value(v), _) => match (v, seg) {
                (Value::Array(a), Seg::Index(i)) => a.get(*i).map(Node::Value),
                (Value::InlineTable(t), Seg::Key(k)) => {
                    if let Some(span) = t.key(k).and_then(toml_edit::Key::span) {
                        best = Some(span);
                    }
                    t.get(k).map(Node::Value)
                }
                _ => None,
            },
            _ => None,
        };
        match next {
            Some(n) => {
                let span = match n {
                    Node::Table(t) => t.span(),
                    Node::Item(i) => i.span(),
                    Node::Value(v) => v.span(),
                };
                if span.is_some() {
                    best = span;
                }
                node = n;
            }
            None => break,
        }
    }
    best.map(|span| line_col(text, span.start))
}

#[cfg(test)]
#[allow(clippy::useless_vec)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_in_arrays_of_tables() {
        let text = "[[participant]]\nid = \"a\"\nvillage = \"x\"\n\n[[participant]]\nid = \"b\"\nvillage = \"nowhere\"\n";
        assert_eq!(
            locate(text, &crate::path!["participant", 1, "village"]),
            Some((7, 11))
        );
        assert_eq!(
            locate(text, &crate::path!["participant", 0, "id"]),
            Some((2, 6))
        );
    }

    #[test]
    fn finds_items_of_arrays() {
        let text = "date = 2014-06-05T14:00:00\ninvited = [\"a\",\n  \"zz\"]\n";
        assert_eq!(locate(text, &crate::path!["invited", 1]), Some((3, 3)));
    }
}
