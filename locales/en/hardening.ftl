# Validation of text fields, bounds, locks (issue 11).
err-control-char = `{ $key }` holds a control character ({ $char }) at position { $position }: this value must fit on one line, with no tab or invisible character
err-too-long = `{ $key }` is too long ({ $chars } characters; at most { $max })
err-out-of-range = `{ $key }` must be between { $min } and { $max } (here { $value })
err-date-range = `{ $value }` is outside the dates jelly handles ({ $first }–{ $last })
plan-count-too-large = at most { $max } sessions in one plan (here { $value })
plan-every-too-large = at most { $days } days or { $months } months between two sessions (here `{ $value }`)
plan-beyond-range = the season would end after { $last }: plan fewer sessions or closer ones
stats-from-after-to = --from ({ $from }) is after --to ({ $to })
err-dangling-participant-hint = {" "}(to remove someone, `jelly participant forget { $id }` also takes them out of the sessions)
