## issue 24: French input, names in messages, tables, checklist, data directory
input-answers-allowed = yes, no, maybe (or oui, non, peut-être)
dir-missing-file = required file missing: { $path }; create it (see `jelly init`) or name the right folder with --data
dir-no-association = no association in { $path }{ $looked }: `jelly init` creates one here; otherwise name its folder with --data or $JELLY_DATA
dir-no-association-above = {" "}nor above it ({ $dirs })
dir-looked-in = { $count ->
    [one] {" "}(folder looked in: { $dirs })
   *[other] {" "}(folders looked in, from the current one up: { $dirs })
}
table-hidden-columns = { $count ->
    [one] (1 column hidden to fit the terminal: { $list }; --wide shows everything)
   *[other] ({ $count } columns hidden to fit the terminal: { $list }; --wide shows everything)
}
table-field = { $name }: { $value }
confirm-keys-yes = [Y/n]
confirm-keys-no = [y/N]
confirm-said-yes = yes
confirm-said-no = no
checklist-search = Search: { $query }▏
checklist-count = { $ticked ->
    [one] { $ticked } person ticked
   *[other] { $ticked } people ticked
} of { $total } · { $shown } shown
checklist-said-yes = {" "}· said yes
checklist-nobody = Nobody matches '{ $query }' (Esc clears the search)
checklist-current = Selected: { $name } ({ $id }), { $village } — { $ticked ->
    [yes] ticked
   *[other] not ticked
}
checklist-walk-ins = { $count ->
    [one] Walk-in
   *[other] Walk-ins
}: { $list }
checklist-keys = Type: search · Space: tick · +: walk-in · Esc: clear · Enter: finish
checklist-confirm = Record { $count ->
    [one] { $count } person
   *[other] { $count } people
}{ $walk_ins ->
    [0] {""}
    [one] {" "}and { $walk_ins } walk-in
   *[other] {" "}and { $walk_ins } walk-ins
}?
attend-session-title = on { $date } in { $place }
attend-who-came = Who came { $title }?
attend-replace-question = { $count ->
    [one] The attendance of { $count } person is already recorded for the session { $title }. Replace it?
   *[other] The attendance of { $count } people is already recorded for the session { $title }. Replace it?
}
attend-walk-in-name = Name of the walk-in (empty to go back to the list)
attend-walk-in-label = { $name } ({ $village })
attend-add-commune = { $name } ({ $department }, { $postcode }): add it to the villages?
arg-word-prefix = { $word }: { $message }
arg-word-event = session
arg-word-participant = participant
arg-word-answer = answer
arg-word-name = name
arg-word-id = id
arg-word-file = file
arg-word-text = text
rsvp-recorded-named = { $name }'s answer recorded for the session { $title }: { $answer } ({ $participant })
attend-recorded-named = Attendance of the session { $title } recorded ({ $id }): { $count ->
    [one] { $count } person
   *[other] { $count } people
} ({ $list }).
toml-expected = { $what }; expected: { $expected }
toml-invalid-time = invalid time
toml-invalid-date = invalid date
toml-invalid-datetime = invalid date-time
toml-invalid-basic-string = invalid basic string
toml-invalid-literal-string = invalid literal string
toml-string-values-must-be-quoted = string values must be quoted
toml-unclosed-array-table = unclosed array table
toml-unclosed-table = unclosed table
toml-duplicate-key = duplicate key
toml-unexpected-key-or-value = unexpected key or value
toml-unquoted-keys-cannot-be-empty = unquoted keys cannot be empty
toml-unclosed-array = unclosed array
toml-unclosed-inline-table = unclosed inline table
toml-invalid-boolean = invalid boolean
toml-missing-escaped-value = missing escaped value
toml-invalid-integer = invalid integer
toml-invalid-float = invalid float
toml-invalid-number = invalid number
toml-invalid-key = invalid key
toml-expected-newline = newline
toml-expected-letters = letters
toml-expected-numbers = numbers
toml-expected-literal-string = literal string
toml-expected-nothing = nothing
toml-expected-month-between-01-and-12 = month between 01 and 12
toml-expected-day-between-01-and-31 = day between 01 and 31
toml-expected-hour-between-00-and-23 = hour between 00 and 23
toml-expected-minute-between-00-and-59 = minute between 00 and 59
toml-expected-second-between-00-and-59 = second between 00 and 59
