//! The attendance checklist a volunteer uses at the door (`jelly attend` on
//! a terminal), sized for a network of hundreds: the people who said yes
//! first, then everyone else, alphabetically; typing filters the list (a
//! fuzzy search over name and village, accents ignored); the space bar
//! ticks; the current person and the count stay on screen; ticks are the
//! characters `[x]`, so the screen reads the same without colour.
//!
//! [`Checklist`] is the pure state (tested on values); [`run`] draws it on
//! the terminal and reads keys. A walk-in is asked for in the same screen
//! (`+`): the caller's `add_walk_in` asks the questions and returns the line
//! to show.

use console::{Key, Term};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::i18n::Lang;
use crate::t;

/// One invited person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub id: String,
    pub name: String,
    /// The village's name (searched too).
    pub village: String,
    pub said_yes: bool,
}

/// The checklist's state: everyone, who is ticked, the search, the cursor.
pub(crate) struct Checklist {
    people: Vec<Person>,
    ticked: Vec<bool>,
    query: String,
    /// Indices into `people` matching the query, best first.
    shown: Vec<usize>,
    cursor: usize,
    matcher: Matcher,
    /// Ids of people who share their name and village with someone else on
    /// the list: shown with their id, so that the door can tell them apart.
    homonyms: std::collections::HashSet<String>,
}

impl Checklist {
    /// The list in its order (yes first, then by name, accents aside),
    /// with `ticked_ids` ticked.
    pub(crate) fn new(mut people: Vec<Person>, ticked_ids: &[String]) -> Checklist {
        people.sort_by_cached_key(|p| (!p.said_yes, crate::model::slug(&p.name), p.id.clone()));
        let ticked = people.iter().map(|p| ticked_ids.contains(&p.id)).collect();
        let mut seen: std::collections::HashMap<(&str, &str), usize> =
            std::collections::HashMap::new();
        for p in &people {
            *seen.entry((&p.name, &p.village)).or_default() += 1;
        }
        let homonyms = people
            .iter()
            .filter(|p| seen[&(p.name.as_str(), p.village.as_str())] > 1)
            .map(|p| p.id.clone())
            .collect();
        let mut list = Checklist {
            homonyms,
            shown: (0..people.len()).collect(),
            people,
            ticked,
            query: String::new(),
            cursor: 0,
            matcher: Matcher::new(Config::DEFAULT),
        };
        list.refilter();
        list
    }

    pub(crate) fn query(&self) -> &str {
        &self.query
    }

    pub(crate) fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.refilter();
    }

    pub(crate) fn backspace(&mut self) {
        self.query.pop();
        self.refilter();
    }

    pub(crate) fn clear_query(&mut self) {
        self.query.clear();
        self.refilter();
    }

    pub(crate) fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub(crate) fn down(&mut self) {
        if self.cursor + 1 < self.shown.len() {
            self.cursor += 1;
        }
    }

    /// Ticks or unticks the person under the cursor.
    pub(crate) fn toggle(&mut self) {
        if let Some(&index) = self.shown.get(self.cursor) {
            self.ticked[index] = !self.ticked[index];
        }
    }

    pub(crate) fn current(&self) -> Option<(&Person, bool)> {
        self.shown
            .get(self.cursor)
            .map(|&i| (&self.people[i], self.ticked[i]))
    }

    /// The people shown, in order, with their tick.
    pub(crate) fn shown(&self) -> impl Iterator<Item = (&Person, bool)> {
        self.shown
            .iter()
            .map(|&i| (&self.people[i], self.ticked[i]))
    }

    pub(crate) fn shown_count(&self) -> usize {
        self.shown.len()
    }

    pub(crate) fn cursor(&self) -> usize {
        self.cursor
    }

    pub(crate) fn total(&self) -> usize {
        self.people.len()
    }

    pub(crate) fn ticked_count(&self) -> usize {
        self.ticked.iter().filter(|&&t| t).count()
    }

    /// The ids ticked, in the list's order.
    pub(crate) fn ticked_ids(&self) -> Vec<String> {
        self.people
            .iter()
            .zip(&self.ticked)
            .filter(|(_, &t)| t)
            .map(|(p, _)| p.id.clone())
            .collect()
    }

    fn refilter(&mut self) {
        self.cursor = 0;
        if self.query.trim().is_empty() {
            self.shown = (0..self.people.len()).collect();
            return;
        }
        let pattern = Pattern::parse(&self.query, CaseMatching::Ignore, Normalization::Smart);
        let mut buffer = Vec::new();
        let mut scored: Vec<(u32, usize)> = self
            .people
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let haystack = format!("{} {}", p.name, p.village);
                pattern
                    .score(Utf32Str::new(&haystack, &mut buffer), &mut self.matcher)
                    .map(|score| (score, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.shown = scored.into_iter().map(|(_, i)| i).collect();
    }
}

/// What the person did at the end of the checklist.
pub(crate) enum Outcome {
    /// Enter, then a yes: these ids ticked.
    Done(Vec<String>),
    /// Ctrl-C or Ctrl-D: nothing to record.
    Abandoned,
}

/// The lines of the screen for a terminal `width` wide and `height` high.
pub(crate) fn screen(
    list: &Checklist,
    lang: Lang,
    title: &str,
    walk_ins: &[String],
    width: usize,
    height: usize,
) -> Vec<String> {
    let mut lines = vec![
        title.to_string(),
        t!(
            lang,
            "checklist-search",
            query = crate::i18n::Raw(list.query())
        ),
        t!(
            lang,
            "checklist-count",
            ticked = list.ticked_count(),
            total = list.total(),
            shown = list.shown_count()
        ),
    ];
    // Title, search, count, status, walk-ins, keys: the rest is the list.
    let room = height
        .saturating_sub(7 + usize::from(!walk_ins.is_empty()))
        .max(3);
    let first = list
        .cursor()
        .saturating_sub(room / 2)
        .min(list.shown_count().saturating_sub(room));
    for (i, (person, ticked)) in list.shown().enumerate().skip(first).take(room) {
        let pointer = if i == list.cursor() { '>' } else { ' ' };
        let tick = if ticked { "[x]" } else { "[ ]" };
        let yes = if person.said_yes {
            t!(lang, "checklist-said-yes")
        } else {
            String::new()
        };
        let id = if list.homonyms.contains(&person.id) {
            format!(" ({})", person.id)
        } else {
            String::new()
        };
        lines.push(format!(
            "{pointer} {tick} {}{id} · {}{yes}",
            person.name, person.village
        ));
    }
    if list.shown_count() == 0 {
        lines.push(t!(lang, "checklist-nobody", query = list.query()));
    }
    lines.push(match list.current() {
        Some((person, ticked)) => t!(
            lang,
            "checklist-current",
            name = person.name,
            id = person.id,
            village = person.village,
            ticked = if ticked { "yes" } else { "no" }
        ),
        None => String::new(),
    });
    if !walk_ins.is_empty() {
        lines.push(t!(
            lang,
            "checklist-walk-ins",
            count = walk_ins.len(),
            list = crate::i18n::Raw(walk_ins.join(", "))
        ));
    }
    lines.push(t!(lang, "checklist-keys"));
    lines
        .into_iter()
        .map(|line| console::truncate_str(&line, width.saturating_sub(1), "…").into_owned())
        .collect()
}

/// Runs the checklist on `term` until Enter and a yes. `add_walk_in` is
/// called on `+` (the screen is cleared first); it returns the line naming
/// the walk-in, or `None` if they gave up.
pub(crate) fn run(
    term: &Term,
    lang: Lang,
    title: &str,
    mut list: Checklist,
    walk_ins: &mut Vec<String>,
    mut add_walk_in: impl FnMut() -> std::io::Result<Option<String>>,
) -> std::io::Result<Outcome> {
    let mut drawn = 0;
    let mut raw = RawMode::enable();
    loop {
        let (height, width) = term.size();
        let lines = screen(
            &list,
            lang,
            title,
            walk_ins,
            usize::from(width),
            usize::from(height),
        );
        term.clear_last_lines(drawn)?;
        for line in &lines {
            term.write_line(line)?;
        }
        drawn = lines.len();
        match term.read_key()? {
            Key::Char(' ') => list.toggle(),
            Key::Char('+') => {
                term.clear_last_lines(drawn)?;
                drawn = 0;
                // The walk-in's name is typed as a line: the terminal's own
                // editing, then raw again.
                drop(raw.take());
                if let Some(line) = add_walk_in()? {
                    walk_ins.push(line);
                }
                raw = RawMode::enable();
            }
            Key::Char(c) if !c.is_control() => list.type_char(c),
            Key::Backspace => list.backspace(),
            Key::Escape => list.clear_query(),
            Key::ArrowUp => list.up(),
            Key::ArrowDown | Key::Tab => list.down(),
            Key::PageUp => (0..10).for_each(|_| list.up()),
            Key::PageDown => (0..10).for_each(|_| list.down()),
            Key::Enter => {
                term.clear_last_lines(drawn)?;
                drawn = 0;
                let question = t!(
                    lang,
                    "checklist-confirm",
                    count = list.ticked_count(),
                    walk_ins = walk_ins.len()
                );
                drop(raw.take());
                if crate::prompt::yes_no(term, lang, &question, true)? {
                    return Ok(Outcome::Done(list.ticked_ids()));
                }
                raw = RawMode::enable();
            }
            // Ctrl-C arrives as a character in raw mode.
            Key::CtrlC | Key::Char('\u{3}' | '\u{4}') => {
                term.clear_last_lines(drawn)?;
                return Ok(Outcome::Abandoned);
            }
            _ => {}
        }
    }
}

/// The terminal in raw mode (each key as it is typed, no echo) for as long
/// as this lives, its output processing kept (a newline still returns the
/// carriage). console's `read_key` sets raw mode around one key only: keys
/// typed while the screen was being drawn went through the line
/// discipline, which echoed them and took Backspace as its own erase (seen
/// as an intermittent failure of the door test, whose keys come fast).
/// `None` where there is no terminal to set: each key then sets it alone.
struct RawMode {
    #[cfg(unix)]
    tty: std::os::fd::OwnedFd,
    #[cfg(unix)]
    original: rustix::termios::Termios,
}

impl RawMode {
    #[cfg(unix)]
    fn enable() -> Option<RawMode> {
        use rustix::termios::{tcgetattr, tcsetattr, OptionalActions};
        use std::io::IsTerminal;
        use std::os::fd::AsFd;
        let stdin = std::io::stdin();
        let tty = if stdin.is_terminal() {
            stdin.as_fd().try_clone_to_owned().ok()?
        } else {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .ok()?
                .into()
        };
        let original = tcgetattr(&tty).ok()?;
        let mut raw = original.clone();
        raw.make_raw();
        raw.output_modes = original.output_modes;
        tcsetattr(&tty, OptionalActions::Drain, &raw).ok()?;
        Some(RawMode { tty, original })
    }

    #[cfg(not(unix))]
    fn enable() -> Option<RawMode> {
        None
    }
}

#[cfg(unix)]
impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = rustix::termios::tcsetattr(
            &self.tty,
            rustix::termios::OptionalActions::Drain,
            &self.original,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str, village: &str, said_yes: bool) -> Person {
        Person {
            id: id.into(),
            name: name.into(),
            village: village.into(),
            said_yes,
        }
    }

    fn sample() -> Checklist {
        Checklist::new(
            vec![
                person("zoe", "Zoé Martin", "Lasalle", false),
                person("helene", "Hélène Dupuy", "Auch", true),
                person("eric", "Éric Abadie", "Fleurance", false),
                person("bruno", "Bruno Vidal", "Auch", true),
                person("anne", "Anne Roux", "Lectoure", false),
            ],
            &["zoe".to_string()],
        )
    }

    fn names(list: &Checklist) -> Vec<String> {
        list.shown().map(|(p, _)| p.id.clone()).collect()
    }

    #[test]
    fn yes_first_then_alphabetical_accents_aside() {
        let list = sample();
        assert_eq!(names(&list), ["bruno", "helene", "anne", "eric", "zoe"]);
        assert_eq!(list.ticked_ids(), ["zoe"]);
    }

    #[test]
    fn typing_filters_by_name_and_village_without_accents() {
        let mut list = sample();
        for c in "helen".chars() {
            list.type_char(c);
        }
        assert_eq!(names(&list)[0], "helene");
        list.clear_query();
        for c in "fleur".chars() {
            list.type_char(c);
        }
        assert_eq!(names(&list), ["eric"]);
        list.toggle();
        list.backspace();
        list.clear_query();
        assert_eq!(list.ticked_ids(), ["eric", "zoe"]);
        assert_eq!(list.shown_count(), 5);
    }

    #[test]
    fn the_screen_marks_ticks_with_characters_and_keeps_count_and_selection() {
        let mut list = sample();
        list.down();
        list.toggle();
        let lines = screen(&list, Lang::Fr, "Qui est venu ?", &[], 80, 24);
        let text = lines.join("\n");
        assert!(text.contains("> [x] Hélène Dupuy · Auch"), "{text}");
        assert!(text.contains("  [ ] Bruno Vidal · Auch"), "{text}");
        assert!(text.contains("2 personnes cochées sur 5"), "{text}");
        assert!(text.contains("Hélène Dupuy (helene)"), "{text}");
        assert!(lines.iter().all(|l| console::measure_text_width(l) < 80));
    }

    #[test]
    fn namesakes_of_one_village_are_told_apart_by_their_id() {
        let list = Checklist::new(
            vec![
                person("lea-lafforgue", "Léa Lafforgue", "Sainte-Christie", false),
                person("lea-lafforgue-2", "Léa Lafforgue", "Sainte-Christie", false),
                person("lea-roux", "Léa Lafforgue", "Auch", false),
            ],
            &[],
        );
        let text = screen(&list, Lang::Fr, "Qui est venu ?", &[], 80, 24).join("\n");
        assert!(
            text.contains("Léa Lafforgue (lea-lafforgue) · Sainte-Christie"),
            "{text}"
        );
        assert!(
            text.contains("Léa Lafforgue (lea-lafforgue-2) · Sainte-Christie"),
            "{text}"
        );
        assert!(text.contains("[ ] Léa Lafforgue · Auch"), "{text}");
    }
}
