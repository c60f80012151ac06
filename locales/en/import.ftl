# jelly participant import
import-problem-no-name = no name
import-problem-bad-email = invalid email address `{ $value }`
import-problem-bad-number = { $field }: `{ $value }` is not a number
import-problem-negative-km = negative max_km `{ $value }`
import-problem-bad-date = unreadable date `{ $value }` (expected: 09/10/2025 or 2025-10-09)
import-problem-bad-active = `{ $value }` is neither yes nor no
import-problem-bad-id = invalid id `{ $value }` (lower case, digits and hyphens, e.g. `{ $example }`)
import-problem-no-place = no village, postcode or town
import-problem-unknown-village = no village `{ $id }` in villages.toml
import-problem-unknown-postcode = no commune has the postcode { $postcode }
import-problem-town-not-in-postcode = no commune of postcode { $postcode } is called `{ $town }`; its communes: { $communes }
import-problem-unknown-town = no commune is called `{ $town }`; add the postcode
import-problem-ambiguous = { $count } communes match `{ $what }`: { $candidates }; add the postcode or the town
import-problem-no-coordinates = { $commune } has no coordinates in jelly's data; add it first with `jelly village add` and --lat/--lon
import-nothing-written = { $rows ->
    [one] { $rows } row has a problem: nothing was written (--skip-bad imports the other rows)
   *[other] { $rows } rows have problems: nothing was written (--skip-bad imports the other rows)
}
import-err-map = --map takes COLUMN=FIELD, `{ $value }` is not understood; fields: { $fields }
import-err-map-column = no column `{ $columns }` in the file; its columns: { $header }
import-err-no-file = no such file: { $file }
import-err-empty = { $file }: empty file, no header row
import-err-spreadsheet = { $file }: unreadable spreadsheet ({ $message })
import-err-no-name-column = { $file }: no name column (name, first name, "Nom adhérent"…); its columns: { $header }; name it with --map COLUMN=name
import-err-no-place-column = { $file }: no postcode, town or village column; its columns: { $header }; name it with --map COLUMN=postcode (or town, village)
import-note-duplicate-column = column `{ $column }` is ignored: an earlier column already gives { $field }
import-col-field = field
import-col-from = before
import-col-to = after
import-summary = { $added ->
    [one] { $added } participant added
   *[other] { $added } participants added
}, { $updated } updated, { $unchanged } unchanged, { $villages ->
    [one] { $villages } village added
   *[other] { $villages } villages added
}{ $skipped ->
    [0] {""}
    [one] , { $skipped } problem skipped
   *[other] , { $skipped } problems skipped
}.
import-summary-dry-run = Without --dry-run: { $added ->
    [one] { $added } participant added
   *[other] { $added } participants added
}, { $updated } updated, { $unchanged } unchanged, { $villages ->
    [one] { $villages } village added
   *[other] { $villages } villages added
}{ $skipped ->
    [0] {""}
    [one] , { $skipped } problem skipped
   *[other] , { $skipped } problems skipped
}. Nothing was written.
import-hint-update = { $count ->
    [one] { $count } field differs from the file; --update rewrites it.
   *[other] { $count } fields differ from the file; --update rewrites them.
}
