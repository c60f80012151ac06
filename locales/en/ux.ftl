## issue 24: French input, names in messages, tables, checklist, data directory
input-answers-allowed = yes, no, maybe (or oui, non, peut-être)
dir-missing-file = required file missing: { $path }; create it (see `jelly init`) or name the right folder with --data
dir-looked-in = { $count ->
    [one] {" "}(folder looked in: { $dirs })
   *[other] {" "}(folders looked in, from the current one up: { $dirs })
}
table-hidden-columns = { $count ->
    [one] (1 column hidden to fit the terminal: { $list }; --wide shows everything)
   *[other] ({ $count } columns hidden to fit the terminal: { $list }; --wide shows everything)
}
table-field = { $name }: { $value }
