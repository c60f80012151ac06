## loading and validation
err-read = cannot read the file: { $error }
err-syntax = TOML syntax error: { $error }
err-missing-file = required file is missing; create it (see `jelly init`) or point --data at the right folder
err-unknown-key = unknown key `{ $key }`{ $hint }
err-unknown-key-hint = ; did you mean `{ $suggestion }`?
err-unknown-key-allowed = ; allowed keys: { $allowed }
err-missing-key = required key `{ $key }` is missing from this entry
err-wrong-type = `{ $key }` must be { $expected }
err-not-array-of-tables = `{ $key }` must be an array of tables [[{ $key }]]
err-not-table = `{ $key }` must be a table [{ $key }]
type-string = a quoted string
type-integer = a whole number
type-number = a number
type-bool = true or false
type-date = a date YYYY-MM-DD (unquoted)
type-datetime = a date and time YYYY-MM-DDTHH:MM:SS (unquoted)
type-string-array = a list of strings ["a", "b"]
type-table = a table
err-bad-id = invalid id `{ $id }`: lower-case ASCII letters, digits and hyphens, at most 64 characters, starting with a letter or digit (e.g. `{ $example }`)
err-duplicate-id = duplicate id `{ $id }` (already used on line { $line })
err-unknown-ref = unknown { $what } `{ $id }`{ $hint }
err-unknown-ref-hint = ; closest: `{ $suggestion }`
err-unknown-ref-none = ; add it first
what-village = village
what-venue = venue
what-participant = participant
what-event = session
err-lat-range = latitude { $value } outside -90..90 (WGS84 degrees)
err-lon-range = longitude { $value } outside -180..180 (WGS84 degrees)
err-lat-lon-pair = give `lat` and `lon` together, or neither
err-negative = `{ $key }` cannot be negative ({ $value })
err-not-finite = `{ $key }` must be a finite number
err-bad-email = invalid email address `{ $value }` (expected: name@domain.org)
err-bad-mailbox = invalid sender `{ $value }` (expected: Name <address@domain.org>)
err-bad-timezone = unknown time zone `{ $value }` (IANA name, e.g. Europe/Paris){ $hint }
err-bad-choice = `{ $key }` is `{ $value }`; allowed values: { $allowed }
err-bad-offset = invalid reminder offset `{ $value }` (e.g. "7d", "1d", "3h", "30m")
err-bad-url = invalid SMTP address `{ $value }` (e.g. smtp://smtp.example.org:587 or smtps://smtp.example.org:465)
err-tls-none-remote = tls = "none" (no encryption) is only allowed to 127.0.0.1/localhost; use starttls or implicit for `{ $host }`
err-event-name = a session file must be named YYYY-MM-DD-<village>.toml (e.g. `{ $example }`)
err-empty = `{ $key }` cannot be empty
err-duplicate-in-list = `{ $id }` appears twice in `{ $key }`
err-attended-not-held = a `{ $status }` session cannot have attendees; set status = "held"
err-encoding = the file is not UTF-8; read as Windows-1252 (Latin-1)
check-ok = { $villages ->
    [one] { $villages } village
   *[other] { $villages } villages
}, { $venues ->
    [one] { $venues } venue
   *[other] { $venues } venues
}, { $participants ->
    [one] { $participants } participant
   *[other] { $participants } participants
}, { $sessions ->
    [one] { $sessions } session
   *[other] { $sessions } sessions
}: OK
check-problems = { $count ->
    [one] { $count } problem found; fix it and run `jelly check` again
   *[other] { $count } problems found; fix them and run `jelly check` again
}


## command line
err-bad-datetime = invalid date `{ $value }`: expected DD/MM/YYYY, DD/MM/YYYY 18h30, "14 January", YYYY-MM-DD or YYYY-MM-DDTHH:MM (the association's local time; 01/02/2027 is 1 February)
err-bad-lang = unknown language `{ $value }`: fr or en
err-no-terminal = missing { $what }; without an interactive terminal, give it with { $flag }
err-no-terminal-arg = missing { $what }; without an interactive terminal, give it as an argument ({ $flag }, in quotes if it has spaces)
err-exists = `{ $path }` already exists; jelly overwrites nothing (choose another folder)
err-id-taken = id `{ $id }` already exists in { $file }; choose another with --id
err-lock = cannot lock { $path }: { $error }
err-write = cannot write { $path }: { $error }; nothing was changed
err-not-saved = invalid entry, nothing was written:
err-unknown-event = unknown session `{ $id }` in { $dir }{ $hint }

## prompts
prompt-name = Name
prompt-village = Village (id)
prompt-email = Email (empty: none)
prompt-max-km = Maximum distance in km (empty: none)
prompt-lat = Latitude
prompt-lon = Longitude
prompt-capacity = Capacity (seats, empty: unknown)
prompt-association = Association name
prompt-timezone = Time zone
prompt-first-village = First village (name)
added = { $what } “{ $name }” added to { $file } (id: { $id })
init-done = Association created in { $dir }. Next: add a venue (`jelly venue add`), participants (`jelly participant add` or `jelly participant import`), then `jelly next`.
init-done-elsewhere = Association created in { $dir }. Next, in that folder (cd { $dir }): add a venue (`jelly venue add`), participants (`jelly participant add` or `jelly participant import`), then `jelly next`.

## tables
col-id = id
col-name = name
col-village = village
col-department = dept
col-lat = lat
col-lon = lon
col-capacity = seats
col-active = active
col-amenities = amenities
col-address = address
col-email = email
col-max-km = max km
col-profession = profession
col-venues = venues
col-participants = participants
verbose-data = jelly: data in { $root } (description: { $description }); now = { $now }
verbose-took = jelly: done in { $ms } ms
yes = yes
no = no
village-unknown-anywhere = "{ $name }" is neither a village of villages.toml{ $hint } nor a French commune; add it with `jelly village add "{ $name }" --lat … --lon …`
village-unknown-closest = {" "}(the closest: "{ $suggestion }")
rsvp-several-named = { $count } people are called "{ $name }": { $people }; give the id
