//! `jelly __complete WORD…`: the ids a shell should offer for the word being
//! typed (session, participant, venue or village ids from the data
//! directory), called by the bash, zsh and fish scripts that `jelly
//! completions SHELL` prints. The words are the command line so far, the last one being
//! the one under the cursor. Prints nothing when the word is not an id (the
//! script then falls back to clap's static completion) or when the data
//! directory cannot be read: completion never shows an error.
//!
//! Hand-written rather than clap_complete's dynamic engine: that engine is
//! behind an unstable feature and would replace the static scripts of every
//! shell; this keeps them and adds ids where an id is expected.

use clap::Command;

use crate::i18n::Lang;
use crate::model::Dataset;

/// What kind of id an argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Session,
    Participant,
    Venue,
    Village,
}

/// The kind of id the argument `id` of the command at `path` takes.
fn kind_of(path: &[String], id: &str) -> Option<Kind> {
    let command = path.first().map(String::as_str);
    match id {
        "event" => Some(Kind::Session),
        "participant" | "present" | "only" => Some(Kind::Participant),
        "id" if command == Some("participant") && path.len() == 2 && path[1] != "add" => {
            Some(Kind::Participant)
        }
        "venue" => Some(Kind::Venue),
        "village" => Some(Kind::Village),
        _ => None,
    }
}

/// The kind of id expected for the last of `words` (the command line after
/// `jelly`), found by walking the clap tree.
pub(crate) fn expected(root: &Command, words: &[String]) -> Option<Kind> {
    let (_current, before) = words.split_last()?;
    let mut command = root;
    let mut path: Vec<String> = Vec::new();
    let mut positional = 0;
    let mut pending_flag: Option<String> = None;
    for word in before {
        if let Some(flag) = pending_flag.take() {
            let _ = flag;
            continue;
        }
        if let Some(long) = word.strip_prefix("--") {
            if long.contains('=') {
                continue;
            }
            let takes_value = command
                .get_arguments()
                .find(|a| a.get_long() == Some(long))
                .is_some_and(|a| a.get_action().takes_values());
            if takes_value {
                pending_flag = Some(long.to_string());
            }
            continue;
        }
        if word.starts_with('-') && word.len() > 1 {
            continue;
        }
        if let Some(sub) = command.find_subcommand(word) {
            command = sub;
            path.push(word.clone());
            positional = 0;
            continue;
        }
        positional += 1;
    }
    if let Some(long) = pending_flag {
        let arg = command
            .get_arguments()
            .find(|a| a.get_long() == Some(&*long))?;
        return kind_of(&path, arg.get_id().as_str());
    }
    let arg = command.get_positionals().nth(positional)?;
    kind_of(&path, arg.get_id().as_str())
}

/// The ids of `kind` in `data`.
pub(crate) fn ids(data: &Dataset, kind: Kind) -> Vec<String> {
    match kind {
        Kind::Session => data.events.iter().map(|e| e.id.clone()).collect(),
        Kind::Participant => data.participants.iter().map(|p| p.id.clone()).collect(),
        Kind::Venue => data.venues.iter().map(|v| v.id.clone()).collect(),
        Kind::Village => data.villages.iter().map(|v| v.id.clone()).collect(),
    }
}

/// `jelly __complete WORD…`: prints the candidate ids, one a line; exit 0.
pub(crate) fn run(words: &[String]) -> std::process::ExitCode {
    let root = crate::cli_lang::command(Lang::default());
    let Some(kind) = expected(&root, words) else {
        return std::process::ExitCode::SUCCESS;
    };
    let mut data_flag = None;
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if let Some(value) = word.strip_prefix("--data=") {
            data_flag = Some(std::path::PathBuf::from(value));
        } else if word == "--data" {
            data_flag = iter.next().map(std::path::PathBuf::from);
        }
    }
    let data_flag = data_flag.or_else(|| {
        std::env::var_os("JELLY_DATA")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
    });
    let dir = crate::store::DataDir::find(data_flag);
    if let Ok(data) = crate::store::load(&dir, Lang::default()) {
        let current = words.last().map(String::as_str).unwrap_or_default();
        // A comma-separated list (`--present a,b,`): complete its last item.
        let (done, _) = current.rsplit_once(',').unwrap_or(("", current));
        let prefix = if done.is_empty() {
            String::new()
        } else {
            format!("{done},")
        };
        for id in ids(&data, kind) {
            println!("{prefix}{id}");
        }
    }
    std::process::ExitCode::SUCCESS
}

/// The bash functions that ask `jelly __complete` for ids and otherwise
/// use clap's completion (`_jelly`), registered for `jelly`.
pub(crate) const BASH_DYNAMIC: &str = r#"
# Ids from the data directory (sessions, participants, venues, villages).
_jelly_ids() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local ids
    ids="$(jelly __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)"
    if [[ -n "$ids" ]]; then
        COMPREPLY=( $(compgen -W "$ids" -- "$cur") )
        return 0
    fi
    _jelly "$@"
}
complete -F _jelly_ids -o nosort -o bashdefault -o default jelly
"#;

/// The same for zsh: `_jelly_ids` asks for ids where an id is expected
/// and calls clap's `_jelly` elsewhere. [`zsh_with_ids`] puts it in front of
/// the clap script's last lines, so that both ways of loading it work:
/// `source <(jelly completions zsh)` and a `_jelly` file in `$fpath`.
const ZSH_DYNAMIC: &str = r#"
# Ids from the data directory (sessions, participants, venues, villages).
_jelly_ids() {
    local -a ids
    ids=(${(f)"$(jelly __complete "${(@)words[2,CURRENT]}" 2>/dev/null)"})
    if (( ${#ids} )); then
        compadd -Q -- "${ids[@]}"
        return 0
    fi
    _jelly "$@"
}

"#;

/// clap's zsh script with `_jelly_ids` as the function registered for
/// `jelly` (its last lines call or register `_jelly`).
pub(crate) fn zsh_with_ids(script: &str) -> String {
    const LAST: &str = "if [ \"$funcstack[1]\" = \"_jelly\" ]; then";
    match script.rfind(LAST) {
        Some(at) => {
            let (head, tail) = script.split_at(at);
            let tail = tail
                // Loaded from `$fpath`: register the id completer for the
                // next completions too, then complete this one.
                .replace(
                    "    _jelly \"$@\"",
                    "    compdef _jelly_ids jelly\n    _jelly_ids \"$@\"",
                )
                .replace("compdef _jelly jelly", "compdef _jelly_ids jelly");
            format!("{head}{ZSH_DYNAMIC}{tail}")
        }
        None => format!("{script}{ZSH_DYNAMIC}compdef _jelly_ids jelly\n"),
    }
}

/// The same for fish: its rules add up, so the ids come beside clap's
/// options (and nothing is added where no id is expected).
const FISH_DYNAMIC: &str = r#"
# Ids from the data directory (sessions, participants, venues, villages).
function __jelly_ids
    set -l words (commandline -opc) (commandline -ct)
    jelly __complete $words[2..-1] 2>/dev/null
end
# Files stay offered where no id is expected (`participant import FILE`).
function __jelly_wants_id
    test -n "$(__jelly_ids)"
end
complete -c jelly -n __jelly_wants_id -f -a '(__jelly_ids)'
"#;

/// The fish script's id part: [`FISH_DYNAMIC`], and a rule for each flag
/// that takes an id (`--venue`, `--present`…): fish completes a flag's
/// value from that flag's rules only.
pub(crate) fn fish_ids(root: &Command) -> String {
    let mut flags: Vec<String> = Vec::new();
    let mut stack = vec![root];
    while let Some(command) = stack.pop() {
        for arg in command.get_arguments() {
            if let Some(long) = arg.get_long() {
                if kind_of(&[], arg.get_id().as_str()).is_some() && !flags.iter().any(|f| f == long)
                {
                    flags.push(long.to_string());
                }
            }
        }
        stack.extend(command.get_subcommands());
    }
    flags.sort();
    let mut text = FISH_DYNAMIC.to_string();
    for long in flags {
        text.push_str(&format!(
            "complete -c jelly -l {long} -x -a '(__jelly_ids)'\n"
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(words: &[&str]) -> Option<Kind> {
        let root = crate::cli_lang::command(Lang::En);
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        expected(&root, &words)
    }

    #[test]
    fn ids_are_expected_where_the_arguments_take_them() {
        assert_eq!(kind(&["rsvp", ""]), Some(Kind::Session));
        assert_eq!(
            kind(&["rsvp", "2026-12-01-anduze", "ed"]),
            Some(Kind::Participant)
        );
        assert_eq!(kind(&["rsvp", "2026-12-01-anduze", "edith", ""]), None);
        assert_eq!(kind(&["schedule", "--venue", ""]), Some(Kind::Venue));
        assert_eq!(
            kind(&["--data", "x", "attend", "a", "--present", ""]),
            Some(Kind::Participant)
        );
        assert_eq!(
            kind(&["participant", "export", ""]),
            Some(Kind::Participant)
        );
        assert_eq!(
            kind(&["participant", "add", "Zoé", "--village", ""]),
            Some(Kind::Village)
        );
        assert_eq!(kind(&["ne"]), None);
    }

    #[test]
    fn the_zsh_script_registers_the_id_completer() {
        let mut command = crate::cli_lang::command(Lang::En);
        let mut script = Vec::new();
        clap_complete::generate(
            clap_complete::Shell::Zsh,
            &mut command,
            "jelly",
            &mut script,
        );
        let script = zsh_with_ids(&String::from_utf8(script).unwrap());
        // clap's last lines were found and rewritten, not appended to.
        let tail = &script[script.rfind("_jelly_ids() {").unwrap()..];
        assert!(tail.contains("    _jelly_ids \"$@\""), "{tail}");
        assert!(tail.contains("compdef _jelly_ids jelly"), "{tail}");
        assert!(!tail.contains("compdef _jelly jelly"), "{tail}");
    }
}
