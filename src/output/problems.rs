//! Data problems for a person: the `file:line:column: message` line, then
//! the offending source line with a caret under the place, as rustc and
//! cargo show them (annotate-snippets). Not used for `--format json`.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::error::Problem;
use crate::store::text::TextFile;

/// `problem` as its first line, followed by its source line and a caret
/// when the file can be read and the problem has a line.
pub(crate) fn render(problem: &Problem, styled: bool) -> String {
    let first = problem.to_string();
    match snippet(problem, styled) {
        Some(snippet) => format!("{first}\n{snippet}"),
        None => first,
    }
}

/// The source line of `problem` with a caret under its place.
fn snippet(problem: &Problem, styled: bool) -> Option<String> {
    let line_number = problem.line?;
    let bytes = std::fs::read(&problem.file).ok()?;
    let text = TextFile::decode(&bytes).text;
    let line = text.lines().nth(line_number.checked_sub(1)?)?;
    if line.trim().is_empty() {
        return None;
    }
    let span = match problem.column {
        Some(column) => token_at(line, column),
        None => {
            let start = line.len() - line.trim_start().len();
            start..line.trim_end().len()
        }
    };
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let report = &[Group::with_level(Level::ERROR).element(
        Snippet::source(line)
            .line_start(line_number)
            .annotation(AnnotationKind::Primary.span(span)),
    )];
    Some(renderer.render(report))
}

/// The byte range of the token starting at the 1-based character `column`
/// of `line`: up to the next blank, `=`, `,`, `]` or `}` (one character at
/// least, none past the end of the line).
fn token_at(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let mut end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '=' | ',' | ']' | '}'))
        .unwrap_or(rest.len());
    if end == 0 {
        end = rest.chars().next().map_or(0, char::len_utf8);
    }
    start..start + end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_and_a_caret_under_the_token() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("venues.toml");
        std::fs::write(&path, "[[venue]]\r\nid = \"v\"\r\ncapcity = 20\r\n").unwrap();
        let problem = Problem::new(&path, "clé inconnue « capcity »").at(3, 1);
        let text = render(&problem, false);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(format!("{}:3:1: clé inconnue « capcity »", path.display()).as_str())
        );
        assert_eq!(
            lines.collect::<Vec<_>>(),
            ["  |", "3 | capcity = 20", "  | ^^^^^^^"]
        );
    }

    #[test]
    fn columns_count_characters_and_values_are_underlined() {
        assert_eq!(token_at("name = \"Alès\"", 8), 7..14);
        assert_eq!(token_at("lat = 91.5 # north", 7), 6..10);
        assert_eq!(token_at("x = [1, 2]", 10), 9..10);
        assert_eq!(token_at("é = x", 99), 6..6);
    }

    #[test]
    fn no_snippet_without_a_line_or_a_readable_file() {
        let problem = Problem::new("/nonexistent/jelly.toml", "m").at(1, 1);
        assert_eq!(render(&problem, false), "/nonexistent/jelly.toml:1:1: m");
        let problem = Problem::new("/nonexistent/jelly.toml", "m");
        assert_eq!(render(&problem, false), "/nonexistent/jelly.toml: m");
    }
}
